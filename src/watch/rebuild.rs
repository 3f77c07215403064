//! Rebuild whenever the file is written, created or renamed into place (editors often
//! save by replacing the file, so the directory is watched, not the file).
//!
//! One save is several events (truncate, write, close; or create, write, rename), so
//! events are debounced: a build starts once they have been quiet for [`QUIET`] (or
//! [`AT_MOST`] after the first, while they keep coming), and builds the file as it is
//! then — one build per save, never a half-written file shown between two.
//!
//! A build that panics is a bug in infrac, not a reason to stop previewing: the panic is
//! caught, said on standard error, and shown on the page, and the next save is built.

use super::state::Shared;
use super::{Page, build, error_page};
use crate::lint::Config;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

/// How long file events must be quiet before the file is built.
pub const QUIET: Duration = Duration::from_millis(100);
/// The longest a build waits while events keep coming.
pub const AT_MOST: Duration = Duration::from_secs(1);

/// Build the page, turning a panic into an error page.
pub fn build_safely(path: &Path, config: &Config) -> Page {
    caught(&path.display().to_string(), || build(path, config))
}

/// The page `build` makes, or an error page saying it panicked.
fn caught(name: &str, build: impl FnOnce() -> Page) -> Page {
    match catch_unwind(AssertUnwindSafe(build)) {
        Ok(page) => page,
        Err(payload) => {
            let reason = panic_message(payload.as_ref());
            super::log(&format!("building {name} failed: {reason}"));
            error_page(
                name,
                &format!(
                    "infrac failed on this design ({reason}). This is a bug in infrac; \
                     the preview goes on with the next save."
                ),
            )
        }
    }
}

/// What a panic said, when it said it as text.
pub fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic".to_string())
}

/// Watch `path`'s directory and publish a new page after every change to `path`.
pub fn watch(
    path: &Path,
    config: Config,
    shared: Arc<Shared>,
) -> Result<notify::RecommendedWatcher, String> {
    use notify::Watcher as _;
    let file_name = path.file_name().map(|n| n.to_os_string());
    let dir: PathBuf = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let target = path.to_path_buf();
    let (events, bursts) = mpsc::channel();
    std::thread::Builder::new()
        .name("infrac-watch-build".into())
        .spawn(move || {
            let name = target.display().to_string();
            publish_each(Bursts(bursts), &shared, &name, || build(&target, &config));
        })
        .map_err(|e| format!("cannot start the builder: {e}"))?;
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        let Ok(event) = event else { return };
        let ours = event
            .paths
            .iter()
            .any(|p| p.file_name().map(|n| n.to_os_string()) == file_name);
        if ours && !event.kind.is_access() {
            // The builder is gone only when the watcher is being dropped.
            let _ = events.send(());
        }
    })
    .map_err(|e| format!("cannot watch files: {e}"))?;
    watcher
        .watch(&dir, notify::RecursiveMode::NonRecursive)
        .map_err(|e| format!("cannot watch {}: {e}", dir.display()))?;
    Ok(watcher)
}

/// One build per burst, published; a build that panics publishes its error page and
/// the next burst is built (the thread never dies of a bug).
fn publish_each(
    bursts: impl Iterator<Item = ()>,
    shared: &Shared,
    name: &str,
    build: impl Fn() -> Page,
) {
    for () in bursts {
        shared.publish(caught(name, &build));
    }
}

/// Bursts of events, one item per burst: it ends once events have been quiet for
/// [`QUIET`], or [`AT_MOST`] after its first event.
struct Bursts(Receiver<()>);

impl Iterator for Bursts {
    type Item = ();

    fn next(&mut self) -> Option<()> {
        self.0.recv().ok()?;
        let first = Instant::now();
        loop {
            let left = AT_MOST.saturating_sub(first.elapsed());
            if left.is_zero() {
                return Some(());
            }
            match self.0.recv_timeout(QUIET.min(left)) {
                Ok(()) => continue,
                Err(RecvTimeoutError::Timeout) => return Some(()),
                // The watcher is gone: build what came, then end.
                Err(RecvTimeoutError::Disconnected) => return Some(()),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_of_events_is_one_build() {
        let (send, receive) = mpsc::channel();
        for _ in 0..5 {
            send.send(()).expect("send");
        }
        let later = send.clone();
        let pause = std::thread::spawn(move || {
            std::thread::sleep(QUIET * 3);
            later.send(()).expect("send");
        });
        let mut bursts = Bursts(receive);
        assert_eq!(bursts.next(), Some(()), "the five events");
        assert_eq!(bursts.next(), Some(()), "the one after a pause");
        pause.join().expect("joined");
        drop(send);
        assert_eq!(bursts.next(), None);
    }

    #[test]
    fn a_build_that_panics_does_not_stop_the_next_ones() {
        let shared = Shared::new(Page::default());
        let calls = std::cell::Cell::new(0);
        let build = || {
            calls.set(calls.get() + 1);
            if calls.get() == 1 {
                panic!("a bug on this save");
            }
            Page {
                title: "shop".into(),
                html: format!("build {}", calls.get()),
            }
        };
        publish_each([(), ()].into_iter(), &shared, "shop.infra", build);
        let now = shared.current();
        assert_eq!(
            now.page.html, "build 2",
            "the save after the panic is shown"
        );
        assert_eq!(now.builds, 3);
    }

    #[test]
    fn a_build_that_panics_becomes_an_error_page() {
        let page = caught("shop.infra", || panic!("index out of range"));
        assert!(
            page.html.contains("shop.infra does not compile"),
            "{}",
            page.html
        );
        assert!(page.html.contains("index out of range") && page.html.contains("a bug"));
        let fine = caught("shop.infra", Page::default);
        assert_eq!(fine, Page::default());
    }
}
