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

use super::handlers::{Documents, notify, request};
use super::jsonrpc::{self, ErrorCode, Incoming, Refusal};
use super::transport::{Frame, MAX_MESSAGE_BYTES, Reader, write_message};
use crate::lint::Config;
use serde_json::Value;
use std::io::{self, BufRead, Write};
use std::panic::{AssertUnwindSafe, catch_unwind};

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
pub fn serve(input: impl BufRead, mut output: impl Write, config: &Config) -> io::Result<Ending> {
    let mut reader = Reader::new(input);
    let mut session = Session {
        phase: Phase::Waiting,
        documents: Documents::default(),
        config,
    };
    loop {
        let body = match reader.next_frame()? {
            Frame::End => return Ok(Ending::WithoutShutdown),
            Frame::Body(body) => body,
            Frame::Oversized(n) => {
                let message = format!(
                    "a message of {n} bytes is over the limit of {MAX_MESSAGE_BYTES}; skipped"
                );
                send(
                    &mut output,
                    &Refusal::new(Value::Null, ErrorCode::InvalidRequest, message).to_json(),
                )?;
                continue;
            }
            Frame::Broken(reason) => {
                let message = format!(
                    "a message header is broken ({reason}); reading on from the next Content-Length"
                );
                send(
                    &mut output,
                    &Refusal::new(Value::Null, ErrorCode::ParseError, message).to_json(),
                )?;
                continue;
            }
        };
        let incoming = match jsonrpc::classify(&body) {
            Ok(incoming) => incoming,
            Err(refusal) => {
                send(&mut output, &refusal.to_json())?;
                continue;
            }
        };
        match incoming {
            Incoming::Request { id, method, params } => {
                let reply = session.request(&id, &method, params);
                send(&mut output, &reply)?;
            }
            Incoming::Notification { method, params } => {
                if method == "exit" {
                    return Ok(match session.phase {
                        Phase::ShutDown => Ending::Clean,
                        _ => Ending::WithoutShutdown,
                    });
                }
                for message in session.notification(&method, params) {
                    send(&mut output, &message)?;
                }
            }
            Incoming::Response => {}
        }
    }
}

struct Session<'a> {
    phase: Phase,
    documents: Documents,
    config: &'a Config,
}

impl Session<'_> {
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

    /// Messages to send in answer to a notification (diagnostics, mostly).
    fn notification(&mut self, method: &str, params: Value) -> Vec<Value> {
        if self.phase != Phase::Running {
            return Vec::new();
        }
        let (documents, config) = (&mut self.documents, self.config);
        match catch_unwind(AssertUnwindSafe(|| {
            notify(documents, config, method, params)
        })) {
            Ok(messages) => messages,
            Err(_) => {
                let text = format!("infrac failed on {method} (a bug); the session goes on");
                super::log(&text);
                vec![jsonrpc::notification(
                    "window/logMessage",
                    serde_json::json!({ "type": 1, "message": text }),
                )]
            }
        }
    }
}

fn send(output: &mut impl Write, message: &Value) -> io::Result<()> {
    write_message(output, message.to_string().as_bytes())
}
