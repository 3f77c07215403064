//! The session's lifecycle and the message loop.
//!
//! ```text
//! waiting ──initialize──► running ──shutdown──► shut down ──exit──► exit 0
//!    └────────────────────────┴──────exit or end of input──────────► exit 1
//! ```
//!
//! Nothing a client sends ends the session except `exit` or the end of its input: a
//! message that cannot be read gets the JSON-RPC error for it, a request before
//! `initialize` or after `shutdown` gets an error reply, and a handler that panics
//! answers with an internal error.
//!
//! Frames are read on their own thread, so the loop can see what is already queued: a
//! change only marks its document to be checked, and the checks run once the queue has
//! been quiet for `QUIET` — ten queued edits of a large file cost one check, of the last
//! text, not ten. Requests are answered in order as they come, from the latest text.

use super::handlers::{self, Documents, request};
use super::jsonrpc::{self, ErrorCode, Incoming, Refusal};
use super::transport::{Frame, MAX_MESSAGE_BYTES, Reader, write_message};
use crate::lint::Config;
use serde_json::Value;
use std::collections::BTreeSet;
use std::io::{self, BufRead, Write};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::{Duration, Instant};

/// How long the input must be quiet before changed documents are checked.
const QUIET: Duration = Duration::from_millis(30);
/// The longest a change waits for its check while edits keep coming.
const AT_MOST: Duration = Duration::from_millis(500);
/// Frames read ahead of the loop.
const QUEUE: usize = 64;

/// How a session ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    /// `exit` after `shutdown`: exit code 0.
    Clean,
    /// `exit` without `shutdown`, or the input ended: exit code 1, as LSP asks.
    WithoutShutdown,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    Waiting,
    Running,
    ShutDown,
}

/// Serve one client on `input` and `output` until it exits. An error is a failure to
/// write to the client (it is gone).
pub fn serve(
    input: impl BufRead + Send + 'static,
    mut output: impl Write,
    config: &Config,
) -> io::Result<Ending> {
    let frames = read_ahead(input);
    let mut session = Session {
        phase: Phase::Waiting,
        documents: Documents::default(),
        config,
        pending: BTreeSet::new(),
    };
    // When the oldest unchecked change came in.
    let mut waiting_since: Option<Instant> = None;
    loop {
        let frame = match waiting_since {
            None => frames.recv().unwrap_or(Ok(Frame::End)),
            Some(since) => {
                let wait = QUIET.min(AT_MOST.saturating_sub(since.elapsed()));
                match frames.recv_timeout(wait) {
                    Ok(frame) if since.elapsed() < AT_MOST => frame,
                    Ok(frame) => {
                        session.check_pending(&mut output)?;
                        frame
                    }
                    Err(RecvTimeoutError::Timeout) => {
                        session.check_pending(&mut output)?;
                        waiting_since = None;
                        continue;
                    }
                    Err(RecvTimeoutError::Disconnected) => Ok(Frame::End),
                }
            }
        };
        if let Some(ending) = session.frame(frame?, &mut output)? {
            return Ok(ending);
        }
        waiting_since = match (session.pending.is_empty(), waiting_since) {
            (true, _) => None,
            (false, None) => Some(Instant::now()),
            (false, since) => since,
        };
    }
}

/// Read frames on a thread of their own, a bounded queue ahead of the loop. The thread
/// ends at the end of the input, on a read error, or when the loop is gone.
fn read_ahead(input: impl BufRead + Send + 'static) -> mpsc::Receiver<io::Result<Frame>> {
    let (sender, receiver) = mpsc::sync_channel(QUEUE);
    let spawned = std::thread::Builder::new()
        .name("lsp-reader".into())
        .spawn(move || {
            let mut reader = Reader::new(input);
            loop {
                let frame = reader.next_frame();
                let last = matches!(frame, Ok(Frame::End) | Err(_));
                if sender.send(frame).is_err() || last {
                    return;
                }
            }
        });
    if let Err(e) = spawned {
        // No thread, no input: the session ends as if the input had.
        super::log(&format!("cannot start the reader: {e}"));
    }
    receiver
}

struct Session<'a> {
    phase: Phase,
    documents: Documents,
    config: &'a Config,
    /// Documents changed (or closed) since their last diagnostics, by URI.
    pending: BTreeSet<String>,
}

impl Session<'_> {
    /// Handle one frame; `Some` when the session ends.
    fn frame(&mut self, frame: Frame, output: &mut impl Write) -> io::Result<Option<Ending>> {
        let body = match frame {
            Frame::End => return Ok(Some(Ending::WithoutShutdown)),
            Frame::Body(body) => body,
            Frame::Oversized(n) => {
                let message = format!(
                    "a message of {n} bytes is over the limit of {MAX_MESSAGE_BYTES}; skipped"
                );
                send(
                    output,
                    &Refusal::new(Value::Null, ErrorCode::InvalidRequest, message).to_json(),
                )?;
                return Ok(None);
            }
            Frame::Broken(reason) => {
                let message = format!(
                    "a message header is broken ({reason}); reading on from the next Content-Length"
                );
                send(
                    output,
                    &Refusal::new(Value::Null, ErrorCode::ParseError, message).to_json(),
                )?;
                return Ok(None);
            }
        };
        let incoming = match jsonrpc::classify(&body) {
            Ok(incoming) => incoming,
            Err(refusal) => {
                send(output, &refusal.to_json())?;
                return Ok(None);
            }
        };
        match incoming {
            Incoming::Request { id, method, params } => {
                let reply = self.request(&id, &method, params);
                send(output, &reply)?;
            }
            Incoming::Notification { method, params } => {
                if method == "exit" {
                    return Ok(Some(match self.phase {
                        Phase::ShutDown => Ending::Clean,
                        _ => Ending::WithoutShutdown,
                    }));
                }
                for message in self.notification(&method, params) {
                    send(output, &message)?;
                }
            }
            Incoming::Response => {}
        }
        Ok(None)
    }

    /// Publish diagnostics for every document changed since its last ones.
    fn check_pending(&mut self, output: &mut impl Write) -> io::Result<()> {
        for uri in std::mem::take(&mut self.pending) {
            let (documents, config) = (&mut self.documents, self.config);
            let message = match catch_unwind(AssertUnwindSafe(|| {
                handlers::publish(documents, config, &uri)
            })) {
                Ok(Some(message)) => message,
                Ok(None) => continue,
                Err(_) => log_bug("a check"),
            };
            send(output, &message)?;
        }
        Ok(())
    }

    fn request(&mut self, id: &Value, method: &str, params: Value) -> Value {
        let refuse = |code, message: &str| Refusal::new(id.clone(), code, message).to_json();
        match (self.phase, method) {
            (Phase::Waiting, "initialize") => {
                self.phase = Phase::Running;
                jsonrpc::result(id, super::handlers::initialize_result())
            }
            (Phase::Waiting, _) => refuse(ErrorCode::ServerNotInitialized, "initialize first"),
            (Phase::Running, "initialize") => {
                refuse(ErrorCode::InvalidRequest, "already initialized")
            }
            (Phase::Running, "shutdown") => {
                self.phase = Phase::ShutDown;
                jsonrpc::result(id, Value::Null)
            }
            (Phase::Running, _) => {
                let documents = &self.documents;
                match catch_unwind(AssertUnwindSafe(|| request(documents, method, params))) {
                    Ok(Ok(result)) => jsonrpc::result(id, result),
                    Ok(Err((code, message))) => refuse(code, &message),
                    Err(_) => refuse(
                        ErrorCode::InternalError,
                        &format!("infrac failed on {method} (a bug)"),
                    ),
                }
            }
            (Phase::ShutDown, _) => refuse(
                ErrorCode::InvalidRequest,
                "the server is shut down; only exit is accepted",
            ),
        }
    }

    /// Messages to send at once in answer to a notification; a changed document is
    /// marked to be checked when the input is quiet.
    fn notification(&mut self, method: &str, params: Value) -> Vec<Value> {
        if self.phase != Phase::Running {
            return Vec::new();
        }
        let documents = &mut self.documents;
        match catch_unwind(AssertUnwindSafe(|| {
            handlers::update(documents, method, params)
        })) {
            Ok(Some(uri)) => {
                self.pending.insert(uri);
                Vec::new()
            }
            Ok(None) => Vec::new(),
            Err(_) => vec![log_bug(method)],
        }
    }
}

/// Say on stderr and to the editor that `what` failed, for a bug report.
fn log_bug(what: &str) -> Value {
    let text = format!("infrac failed on {what} (a bug); the session goes on");
    super::log(&text);
    jsonrpc::notification(
        "window/logMessage",
        serde_json::json!({ "type": 1, "message": text }),
    )
}

fn send(output: &mut impl Write, message: &Value) -> io::Result<()> {
    write_message(output, message.to_string().as_bytes())
}
