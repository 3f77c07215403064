//! JSON-RPC 2.0 messages as the server sees them: a body is classified into a request,
//! a notification or a response, or refused with the error the specification gives for
//! it. A refusal is an answer, never the end of the session.

use super::surrogates::repair_lone_surrogates;
use serde_json::{Value, json};

/// Error codes from JSON-RPC 2.0 and the LSP specification.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorCode {
    ParseError = -32700,
    InvalidRequest = -32600,
    MethodNotFound = -32601,
    InvalidParams = -32602,
    InternalError = -32603,
    ServerNotInitialized = -32002,
    /// LSP: the request was valid but could not be carried out (a rename that would
    /// break the design).
    RequestFailed = -32803,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Incoming {
    Request {
        id: Value,
        method: String,
        params: Value,
    },
    Notification {
        method: String,
        params: Value,
    },
    /// A response to a request of ours (the server sends none, so it is dropped).
    Response,
}

/// An error reply: to the request's id, or to `null` when the id could not be read.
#[derive(Debug, Clone, PartialEq)]
pub struct Refusal {
    pub id: Value,
    pub code: ErrorCode,
    pub message: String,
}

impl Refusal {
    pub fn new(id: Value, code: ErrorCode, message: impl Into<String>) -> Self {
        Refusal {
            id,
            code,
            message: message.into(),
        }
    }

    pub fn to_json(&self) -> Value {
        json!({
            "jsonrpc": "2.0",
            "id": self.id,
            "error": { "code": self.code as i32, "message": self.message },
        })
    }
}

/// A successful reply.
pub fn result(id: &Value, result: Value) -> Value {
    json!({ "jsonrpc": "2.0", "id": id, "result": result })
}

/// A notification from the server.
pub fn notification(method: &str, params: Value) -> Value {
    json!({ "jsonrpc": "2.0", "method": method, "params": params })
}

/// What a message body is.
pub fn classify(body: &[u8]) -> Result<Incoming, Refusal> {
    let value = parse(body)?;
    let Value::Object(mut object) = value else {
        let what = match value {
            Value::Array(_) => "a batch (LSP has no batches)",
            Value::Null => "null",
            _ => "not an object",
        };
        return Err(Refusal::new(
            Value::Null,
            ErrorCode::InvalidRequest,
            format!("invalid request: {what}"),
        ));
    };
    let id = object.remove("id");
    if let Some(id) = &id
        && !(id.is_string() || id.is_i64() || id.is_u64())
    {
        return Err(Refusal::new(
            Value::Null,
            ErrorCode::InvalidRequest,
            "invalid request: an id is a number or a string",
        ));
    }
    let params = object.remove("params").unwrap_or(Value::Null);
    match (object.remove("method"), id) {
        (Some(Value::String(method)), Some(id)) => Ok(Incoming::Request { id, method, params }),
        (Some(Value::String(method)), None) => Ok(Incoming::Notification { method, params }),
        (None, Some(_)) if object.contains_key("result") || object.contains_key("error") => {
            Ok(Incoming::Response)
        }
        (_, id) => Err(Refusal::new(
            id.unwrap_or(Value::Null),
            ErrorCode::InvalidRequest,
            "invalid request: no method",
        )),
    }
}

/// The body as JSON. A lone UTF-16 surrogate escape (`"\ud800"`, which JavaScript
/// editors can send for a document holding one) is not valid Unicode; it becomes
/// U+FFFD rather than losing the whole message.
fn parse(body: &[u8]) -> Result<Value, Refusal> {
    let error = match serde_json::from_slice(body) {
        Ok(value) => return Ok(value),
        Err(error) => error,
    };
    if let Some(repaired) = repair_lone_surrogates(body)
        && let Ok(value) = serde_json::from_slice(&repaired)
    {
        return Ok(value);
    }
    let reason = match std::str::from_utf8(body) {
        Err(e) => format!("the message is not UTF-8 (byte {})", e.valid_up_to()),
        Ok(_) => format!("the message is not JSON: {error}"),
    };
    Err(Refusal::new(Value::Null, ErrorCode::ParseError, reason))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(body: &str) -> Option<ErrorCode> {
        classify(body.as_bytes()).err().map(|r| r.code)
    }

    #[test]
    fn requests_notifications_and_responses_are_told_apart() {
        let request = classify(br#"{"jsonrpc":"2.0","id":7,"method":"shutdown"}"#);
        assert_eq!(
            request,
            Ok(Incoming::Request {
                id: json!(7),
                method: "shutdown".into(),
                params: Value::Null
            })
        );
        let note = classify(br#"{"jsonrpc":"2.0","method":"exit"}"#);
        assert!(matches!(note, Ok(Incoming::Notification { .. })));
        let response = classify(br#"{"jsonrpc":"2.0","id":"a","result":null}"#);
        assert_eq!(response, Ok(Incoming::Response));
    }

    #[test]
    fn what_is_not_a_message_gets_the_specified_error() {
        assert_eq!(code("{"), Some(ErrorCode::ParseError));
        assert_eq!(code("null"), Some(ErrorCode::InvalidRequest));
        assert_eq!(
            code("[{\"jsonrpc\":\"2.0\",\"method\":\"exit\"}]"),
            Some(ErrorCode::InvalidRequest)
        );
        assert_eq!(
            code("{\"id\":[1],\"method\":\"x\"}"),
            Some(ErrorCode::InvalidRequest)
        );
        assert_eq!(code("{\"id\":3}"), Some(ErrorCode::InvalidRequest));
        let not_utf8 = classify(b"{\"method\":\"\xff\"}").err();
        assert!(
            not_utf8
                .is_some_and(|r| r.code == ErrorCode::ParseError && r.message.contains("UTF-8"))
        );
    }

    #[test]
    fn the_id_of_a_request_without_a_method_is_kept_for_the_error() {
        let refusal = classify(br#"{"jsonrpc":"2.0","id":9,"params":{}}"#).err();
        assert_eq!(refusal.map(|r| r.id), Some(json!(9)));
    }

    #[test]
    fn a_lone_surrogate_in_a_document_becomes_a_replacement_character() {
        let body =
            br#"{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"text":"a\ud800b"}}"#;
        let Ok(Incoming::Notification { params, .. }) = classify(body) else {
            panic!("not read");
        };
        assert_eq!(params["text"], "a\u{fffd}b");
    }
}
