//! The preview server: tiny_http on 127.0.0.1, a file watcher (notify) on the design's
//! directory, and a long-poll endpoint the page waits on.

use super::{Snapshot, build, page};
use crate::lint::Config;
use notify::Watcher;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

/// How long `/state` waits for a change before answering "no change".
const LONG_POLL: Duration = Duration::from_secs(20);

struct Shared {
    snapshot: Mutex<Snapshot>,
    changed: Condvar,
}

/// Serve the preview of `path` until the process is stopped. Prints the address first.
pub fn serve(path: &Path, config: Config, port: u16) -> Result<(), String> {
    let path = path.to_path_buf();
    let shared = Arc::new(Shared {
        snapshot: Mutex::new(build(&path, &config, 1)),
        changed: Condvar::new(),
    });
    let server = tiny_http::Server::http(("127.0.0.1", port))
        .map_err(|e| format!("cannot listen on 127.0.0.1:{port}: {e}"))?;
    let address = server
        .server_addr()
        .to_ip()
        .map_or_else(|| format!("127.0.0.1:{port}"), |a| a.to_string());
    let _watcher = watch(&path, config, Arc::clone(&shared))?;
    let mut out = std::io::stdout();
    let _ = writeln!(
        out,
        "serving http://{address}/ — watching {} (Ctrl-C stops)",
        path.display()
    );
    let _ = out.flush();
    for request in server.incoming_requests() {
        let shared = Arc::clone(&shared);
        std::thread::spawn(move || respond(request, &shared));
    }
    Ok(())
}

/// Rebuild whenever the file is written, created or renamed into place (editors often
/// save by replacing the file, so the directory is watched, not the file).
fn watch(
    path: &Path,
    config: Config,
    shared: Arc<Shared>,
) -> Result<notify::RecommendedWatcher, String> {
    let file_name = path.file_name().map(|n| n.to_os_string());
    let dir: PathBuf = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let target = path.to_path_buf();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        let Ok(event) = event else { return };
        if event.kind.is_access() {
            return;
        }
        let ours = event
            .paths
            .iter()
            .any(|p| p.file_name().map(|n| n.to_os_string()) == file_name);
        if !ours {
            return;
        }
        let Ok(mut snapshot) = shared.snapshot.lock() else {
            return;
        };
        let next = build(&target, &config, snapshot.version + 1);
        if next.html != snapshot.html || next.title != snapshot.title {
            *snapshot = next;
            shared.changed.notify_all();
        }
    })
    .map_err(|e| format!("cannot watch files: {e}"))?;
    watcher
        .watch(&dir, notify::RecursiveMode::NonRecursive)
        .map_err(|e| format!("cannot watch {}: {e}", dir.display()))?;
    Ok(watcher)
}

fn respond(request: tiny_http::Request, shared: &Shared) {
    let url = request.url().to_string();
    let (path, query) = url.split_once('?').unwrap_or((url.as_str(), ""));
    let response = match path {
        "/" => {
            let html = shared
                .snapshot
                .lock()
                .map(|s| page::shell(&s))
                .unwrap_or_default();
            text(html, "text/html; charset=utf-8")
        }
        "/state" => {
            let since: u64 = query
                .split('&')
                .find_map(|kv| kv.strip_prefix("since="))
                .and_then(|v| v.parse().ok())
                .unwrap_or(0);
            text(state_after(shared, since), "application/json")
        }
        _ => text("not found".into(), "text/plain").with_status_code(404),
    };
    let _ = request.respond(response);
}

/// The snapshot as JSON, once it is newer than `since` (or the long poll times out).
fn state_after(shared: &Shared, since: u64) -> String {
    let Ok(guard) = shared.snapshot.lock() else {
        return "{}".into();
    };
    let guard = match shared
        .changed
        .wait_timeout_while(guard, LONG_POLL, |s| s.version == since)
    {
        Ok((guard, _)) => guard,
        Err(_) => return "{}".into(),
    };
    serde_json::json!({ "version": guard.version, "title": guard.title, "html": guard.html })
        .to_string()
}

fn text(body: String, content_type: &str) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
    let mut response = tiny_http::Response::from_string(body);
    if let Ok(header) = tiny_http::Header::from_bytes(&b"Content-Type"[..], content_type.as_bytes())
    {
        response = response.with_header(header);
    }
    if let Ok(header) = tiny_http::Header::from_bytes(&b"Cache-Control"[..], &b"no-store"[..]) {
        response = response.with_header(header);
    }
    response
}
