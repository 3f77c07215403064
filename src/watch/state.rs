//! What the page shows now, shared by the rebuilding thread and every request.
//!
//! The lock is never held while compiling, and a lock poisoned by a panic elsewhere is
//! taken over rather than passed on: the snapshot is replaced whole or not at all, so
//! the value behind a poisoned lock is still a complete page.

use super::{Page, Snapshot};
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

pub struct Shared {
    snapshot: Mutex<Snapshot>,
    changed: Condvar,
}

impl Shared {
    /// Start at version 1 with the first build.
    pub fn new(page: Page) -> Shared {
        Shared {
            snapshot: Mutex::new(Snapshot {
                version: 1,
                builds: 1,
                page,
            }),
            changed: Condvar::new(),
        }
    }

    pub fn current(&self) -> Snapshot {
        self.lock().clone()
    }

    /// How many builds have been published.
    pub fn builds(&self) -> u64 {
        self.lock().builds
    }

    /// Show `page`, as a new version when it differs from what is shown; either way a
    /// new build, which wakes the long polls.
    pub fn publish(&self, page: Page) {
        let mut snapshot = self.lock();
        snapshot.builds += 1;
        if snapshot.page != page {
            snapshot.version += 1;
            snapshot.page = page;
        }
        self.changed.notify_all();
    }

    /// The snapshot once it is newer than version `since` or than build `build`, or as
    /// it is after `wait`.
    pub fn after(&self, since: u64, build: u64, wait: Duration) -> Snapshot {
        let guard = self.lock();
        let (guard, _) = self
            .changed
            .wait_timeout_while(guard, wait, |s| s.version == since && s.builds <= build)
            .unwrap_or_else(PoisonError::into_inner);
        guard.clone()
    }

    fn lock(&self) -> MutexGuard<'_, Snapshot> {
        self.snapshot.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn page(html: &str) -> Page {
        Page {
            title: "t".into(),
            html: html.into(),
        }
    }

    #[test]
    fn only_a_change_makes_a_new_version() {
        let shared = Shared::new(page("a"));
        shared.publish(page("a"));
        assert_eq!(shared.current().version, 1);
        assert_eq!(shared.current().builds, 2, "a build all the same");
        assert_eq!(shared.after(1, 1, Duration::ZERO).builds, 2, "wakes a poll");
        shared.publish(page("b"));
        assert_eq!(shared.current().version, 2);
        assert_eq!(shared.after(1, 3, Duration::ZERO).page.html, "b");
    }

    #[test]
    fn a_thread_that_panics_holding_the_lock_does_not_take_the_page_with_it() {
        let shared = Arc::new(Shared::new(page("a")));
        let holder = Arc::clone(&shared);
        let died = std::thread::spawn(move || {
            let _guard = holder.lock();
            panic!("a bug while holding the snapshot");
        })
        .join();
        assert!(died.is_err());
        assert_eq!(shared.current().page.html, "a");
        shared.publish(page("b"));
        assert_eq!(shared.after(1, 2, Duration::ZERO).page.html, "b");
    }
}
