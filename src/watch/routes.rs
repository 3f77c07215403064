//! What each path answers, after the policy has said the request may be answered.
//!
//! ```text
//! /                the page, with the current snapshot in it
//! /state?since=N   the snapshot as JSON once it is newer than version N (a long
//!                  poll), or `"unchanged": true` once a build after the request (or
//!                  after `&build=B`) made the same page: a save that changed nothing
//!                  is said at once, not waited out
//! ```

use super::http::{Head, HeadError, Response, Status, head, policy};
use super::page;
use super::state::Shared;
use std::time::Duration;

/// What the routes answer from.
pub struct Site<'a> {
    pub shared: &'a Shared,
    /// The port the server listens on: the only one `Host` may name.
    pub port: u16,
    /// How long `/state` waits for a change before answering "no change".
    pub long_poll: Duration,
    /// Whether the client is still connected: a long poll whose client left ends early
    /// and gives its place back, instead of holding it to the timeout.
    pub present: &'a dyn Fn() -> bool,
}

/// How often a long poll looks whether its client is still there.
const PRESENCE_CHECK: Duration = Duration::from_millis(500);

/// The answer to a request head as it came off the wire, and whether it is to HEAD;
/// `None` for a head that never ended (nothing to answer).
pub fn answer_bytes(bytes: &[u8], site: &Site<'_>) -> Option<(Response, bool)> {
    match head::parse(bytes) {
        Ok(Some(head)) => Some((answer(&head, site), head.method == "HEAD")),
        Ok(None) => None,
        Err(e) => refusal(e).map(|r| (r, false)),
    }
}

/// The answer to a head that could not be read, if it deserves one.
pub fn refusal(error: HeadError) -> Option<Response> {
    match error {
        HeadError::TooLarge => Some(Response::plain(
            Status::HeaderTooLarge,
            "the request head is too large",
        )),
        HeadError::Malformed => Some(Response::plain(
            Status::BadRequest,
            "not an HTTP/1.1 request",
        )),
        HeadError::Incomplete => None,
    }
}

/// Who may ask, then what they asked for.
pub fn answer(head: &Head, site: &Site<'_>) -> Response {
    if let Some(refusal) = policy::refusal(head, site.port) {
        return refusal;
    }
    let (path, query) = head
        .target
        .split_once('?')
        .unwrap_or((head.target.as_str(), ""));
    match path {
        "/" => Response::new(
            Status::Ok,
            "text/html; charset=utf-8",
            page::shell(&site.shared.current()),
        ),
        "/state" => {
            let number = |key: &str| -> Option<u64> {
                query
                    .split('&')
                    .find_map(|kv| kv.strip_prefix(key)?.strip_prefix('='))
                    .and_then(|v| v.parse().ok())
            };
            let since = number("since").unwrap_or(0);
            let build = number("build").unwrap_or_else(|| site.shared.builds());
            let snapshot = long_poll(site, since, build);
            let json = if snapshot.version == since {
                // Nothing new to show: a build that made the same page, or the wait ran out.
                serde_json::json!({
                    "version": snapshot.version,
                    "build": snapshot.builds,
                    "unchanged": snapshot.builds > build,
                })
            } else {
                serde_json::json!({
                    "version": snapshot.version,
                    "build": snapshot.builds,
                    "title": snapshot.page.title,
                    "html": snapshot.page.html,
                })
            };
            Response::new(Status::Ok, "application/json", json.to_string())
        }
        _ => Response::plain(Status::NotFound, "not found"),
    }
}

/// The snapshot once newer than version `since` or build `build`, after `long_poll`,
/// or when the client leaves.
fn long_poll(site: &Site<'_>, since: u64, build: u64) -> crate::watch::Snapshot {
    let deadline = std::time::Instant::now() + site.long_poll;
    loop {
        let left = deadline.saturating_duration_since(std::time::Instant::now());
        let snapshot = site.shared.after(since, build, left.min(PRESENCE_CHECK));
        let built = snapshot.version != since || snapshot.builds > build;
        if built || left <= PRESENCE_CHECK || !(site.present)() {
            return snapshot;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::watch::Page;

    fn site(shared: &Shared) -> Site<'_> {
        Site {
            shared,
            port: 4000,
            long_poll: Duration::ZERO,
            present: &|| true,
        }
    }

    fn status(request: &str) -> Option<u16> {
        let shared = Shared::new(Page {
            title: "shop".into(),
            html: "<p>shop</p>".into(),
        });
        answer_bytes(request.as_bytes(), &site(&shared)).map(|(r, _)| r.status.code())
    }

    #[test]
    fn the_page_and_its_state_are_served_to_loopback() {
        assert_eq!(
            status("GET / HTTP/1.1\r\nHost: localhost:4000\r\n\r\n"),
            Some(200)
        );
        assert_eq!(
            status("GET /state?since=1 HTTP/1.1\r\nHost: 127.0.0.1:4000\r\n\r\n"),
            Some(200)
        );
        assert_eq!(
            status("GET /x HTTP/1.1\r\nHost: localhost:4000\r\n\r\n"),
            Some(404)
        );
    }

    #[test]
    fn hostile_requests_are_refused() {
        assert_eq!(
            status("GET / HTTP/1.1\r\nHost: evil.example\r\n\r\n"),
            Some(403)
        );
        assert_eq!(
            status("POST / HTTP/1.1\r\nHost: localhost:4000\r\n\r\n"),
            Some(405)
        );
        assert_eq!(status("GET / HTTP/1.1\r\n\r\n"), Some(400));
        assert_eq!(status("\u{1}\u{2}\r\n\r\n"), Some(400));
        assert_eq!(status("GET / HTTP/1.1\r\nHost: local"), None);
    }

    #[test]
    fn head_gets_the_headers_only() {
        let shared = Shared::new(Page::default());
        let answer = answer_bytes(
            b"HEAD / HTTP/1.1\r\nHost: localhost:4000\r\n\r\n",
            &site(&shared),
        );
        assert!(
            matches!(answer, Some((ref r, true)) if r.status == Status::Ok),
            "{answer:?}"
        );
    }
}
