//! The preview server: a listener on 127.0.0.1, one short-lived thread per connection,
//! and at most [`MAX_CONNECTIONS`] of them. A connection beyond that is answered 503 at
//! once by the accepting thread, so a flood of long polls costs a bounded number of
//! threads and bytes and the page's own requests get a clear "try again".

use super::http::{Response, Status, head};
use super::rebuild::{build_safely, panic_message, watch};
use super::routes::{Site, answer, refusal};
use super::state::Shared;
use crate::lint::Config;
use std::io::Write;
use std::net::{Shutdown, TcpListener, TcpStream};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// Connections answered at once. A tab holds one long poll and briefly one more request.
pub const MAX_CONNECTIONS: usize = 64;

/// How long `/state` waits for a change before answering "no change".
const LONG_POLL: Duration = Duration::from_secs(20);

/// How long a client has to send its request head, and to take the answer.
const CLIENT_TIMEOUT: Duration = Duration::from_secs(10);

/// Serve the preview of `path` until the process is stopped. Prints the address first.
pub fn serve(path: &Path, config: Config, port: u16) -> Result<(), String> {
    let listener = TcpListener::bind(("127.0.0.1", port))
        .map_err(|e| format!("cannot listen on 127.0.0.1:{port}: {e}"))?;
    let port = listener
        .local_addr()
        .map_err(|e| format!("cannot listen on 127.0.0.1:{port}: {e}"))?
        .port();
    let shared = Arc::new(Shared::new(build_safely(path, &config)));
    let _watcher = watch(path, config, Arc::clone(&shared))?;
    let mut out = std::io::stdout();
    let _ = writeln!(
        out,
        "serving http://127.0.0.1:{port}/ — watching {} (Ctrl-C stops)",
        path.display()
    );
    let _ = out.flush();
    let open = Arc::new(AtomicUsize::new(0));
    for stream in listener.incoming() {
        match stream {
            Ok(stream) => accept(stream, &open, &shared, port),
            // Out of file descriptors, or a connection reset before it was accepted:
            // wait a moment instead of spinning, then go on.
            Err(_) => std::thread::sleep(Duration::from_millis(10)),
        }
    }
    Ok(())
}

fn accept(stream: TcpStream, open: &Arc<AtomicUsize>, shared: &Arc<Shared>, port: u16) {
    let Some(slot) = Slot::take(open) else {
        return busy(stream);
    };
    let shared = Arc::clone(shared);
    let spawned = std::thread::Builder::new()
        .name("infrac-watch-request".into())
        .spawn(move || {
            let _slot = slot;
            if let Err(payload) =
                catch_unwind(AssertUnwindSafe(|| connection(stream, &shared, port)))
            {
                let reason = panic_message(payload.as_ref());
                super::log(&format!(
                    "answering a request failed: {reason}; serving goes on"
                ));
            }
        });
    if let Err(e) = spawned {
        super::log(&format!("cannot start a thread for a request: {e}"));
    }
}

/// Read one request head, answer it, close.
fn connection(mut stream: TcpStream, shared: &Shared, port: u16) {
    let _ = stream.set_write_timeout(Some(CLIENT_TIMEOUT));
    let (response, head_only) = match head::read(&mut stream, CLIENT_TIMEOUT) {
        Ok(head) => {
            let present = || is_connected(&stream);
            let site = Site {
                shared,
                port,
                long_poll: LONG_POLL,
                present: &present,
            };
            (answer(&head, &site), head.method == "HEAD")
        }
        Err(e) => match refusal(e) {
            Some(response) => (response, false),
            None => return,
        },
    };
    let _ = response.write_to(&mut stream, head_only);
    let _ = stream.shutdown(Shutdown::Write);
}

/// Whether the peer has not closed its end: a peek that finds the end of the stream
/// means it left (bytes waiting, or none yet, mean it is still there).
fn is_connected(stream: &TcpStream) -> bool {
    if stream.set_nonblocking(true).is_err() {
        return false;
    }
    let mut byte = [0u8; 1];
    let connected = match stream.peek(&mut byte) {
        Ok(0) => false,
        Ok(_) => true,
        Err(e) => e.kind() == std::io::ErrorKind::WouldBlock,
    };
    stream.set_nonblocking(false).is_ok() && connected
}

/// Answer 503 without reading: the accepting thread must never wait on a client.
fn busy(mut stream: TcpStream) {
    let _ = stream.set_write_timeout(Some(Duration::from_millis(100)));
    let response = Response::plain(Status::Busy, "the preview is busy; try again");
    let _ = response.write_to(&mut stream, false);
    let _ = stream.shutdown(Shutdown::Write);
}

/// One of the [`MAX_CONNECTIONS`] places, given back when dropped (also on a panic).
struct Slot(Arc<AtomicUsize>);

impl Slot {
    fn take(open: &Arc<AtomicUsize>) -> Option<Slot> {
        open.fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| {
            (n < MAX_CONNECTIONS).then_some(n + 1)
        })
        .ok()
        .map(|_| Slot(Arc::clone(open)))
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}
