//! Rebuild whenever the file is written, created or renamed into place (editors often
//! save by replacing the file, so the directory is watched, not the file).
//!
//! A build that panics is a bug in infrac, not a reason to stop previewing: the panic is
//! caught, said on standard error, and shown on the page, and the next save is built.

use super::state::Shared;
use super::{Page, build, error_page};
use crate::lint::Config;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::Arc;

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
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        let Ok(event) = event else { return };
        let ours = event
            .paths
            .iter()
            .any(|p| p.file_name().map(|n| n.to_os_string()) == file_name);
        if ours && !event.kind.is_access() {
            shared.publish(build_safely(&target, &config));
        }
    })
    .map_err(|e| format!("cannot watch files: {e}"))?;
    watcher
        .watch(&dir, notify::RecursiveMode::NonRecursive)
        .map_err(|e| format!("cannot watch {}: {e}", dir.display()))?;
    Ok(watcher)
}

#[cfg(test)]
mod tests {
    use super::*;

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
