//! The request head — request line and headers — read into a bounded buffer and parsed
//! with httparse. A body, if a client sends one, is never read: no route takes one, and
//! reading what a `Content-Length` promises is how one request could exhaust memory.

use std::io::{ErrorKind, Read};
use std::net::TcpStream;
use std::time::{Duration, Instant};

/// Largest request head accepted. A browser sends well under 2 KiB to a loopback page.
pub const MAX_HEAD_BYTES: usize = 16 * 1024;

/// Most header lines accepted.
pub const MAX_HEADERS: usize = 64;

/// What the routes need from a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Head {
    pub method: String,
    /// The request target as sent (`/state?since=3`).
    pub target: String,
    pub host: Option<String>,
    pub origin: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeadError {
    /// Longer than [`MAX_HEAD_BYTES`] or more than [`MAX_HEADERS`] lines (answered 431).
    TooLarge,
    /// Not an HTTP/1.x request head, a header that is not text, or two `Host` headers
    /// (answered 400).
    Malformed,
    /// The client closed the connection or went quiet before the head ended (no answer).
    Incomplete,
}

/// The head at the start of `bytes`, or `Ok(None)` while it has not ended yet.
pub fn parse(bytes: &[u8]) -> Result<Option<Head>, HeadError> {
    let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut request = httparse::Request::new(&mut headers);
    match request.parse(bytes) {
        Ok(httparse::Status::Partial) if bytes.len() >= MAX_HEAD_BYTES => Err(HeadError::TooLarge),
        Ok(httparse::Status::Partial) => Ok(None),
        Ok(httparse::Status::Complete(length)) if length > MAX_HEAD_BYTES => {
            Err(HeadError::TooLarge)
        }
        Ok(httparse::Status::Complete(_)) => head(&request).map(Some),
        Err(httparse::Error::TooManyHeaders) => Err(HeadError::TooLarge),
        Err(_) => Err(HeadError::Malformed),
    }
}

fn head(request: &httparse::Request<'_, '_>) -> Result<Head, HeadError> {
    let (Some(method), Some(target)) = (request.method, request.path) else {
        return Err(HeadError::Malformed);
    };
    Ok(Head {
        method: method.to_string(),
        target: target.to_string(),
        host: single(request.headers, "host")?,
        origin: single(request.headers, "origin")?,
    })
}

/// The value of a header that may appear at most once.
fn single(headers: &[httparse::Header<'_>], name: &str) -> Result<Option<String>, HeadError> {
    let mut values = headers.iter().filter(|h| h.name.eq_ignore_ascii_case(name));
    let first = values.next();
    if values.next().is_some() {
        return Err(HeadError::Malformed);
    }
    first
        .map(|h| std::str::from_utf8(h.value).map(|v| v.trim().to_string()))
        .transpose()
        .map_err(|_| HeadError::Malformed)
}

/// Read the head from `stream`, giving the client `within` for all of it (a client that
/// sends one byte a second cannot hold a connection open for long).
pub fn read(stream: &mut TcpStream, within: Duration) -> Result<Head, HeadError> {
    let deadline = Instant::now() + within;
    let mut buffer = Vec::with_capacity(1024);
    let mut chunk = [0u8; 2048];
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() || stream.set_read_timeout(Some(left)).is_err() {
            return Err(HeadError::Incomplete);
        }
        let room = chunk.len().min(MAX_HEAD_BYTES - buffer.len());
        match stream.read(&mut chunk[..room]) {
            Ok(0) => return Err(HeadError::Incomplete),
            Ok(n) => buffer.extend_from_slice(&chunk[..n]),
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            Err(_) => return Err(HeadError::Incomplete),
        }
        if let Some(head) = parse(&buffer)? {
            return Ok(head);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_browser_request_is_read_with_its_host_and_origin() {
        let head = parse(b"GET /state?since=2 HTTP/1.1\r\nHost: 127.0.0.1:8000\r\nOrigin: http://127.0.0.1:8000\r\n\r\n");
        assert_eq!(
            head,
            Ok(Some(Head {
                method: "GET".into(),
                target: "/state?since=2".into(),
                host: Some("127.0.0.1:8000".into()),
                origin: Some("http://127.0.0.1:8000".into()),
            }))
        );
    }

    #[test]
    fn an_unfinished_head_asks_for_more_until_the_bound() {
        assert_eq!(parse(b"GET / HTTP/1.1\r\nHost: a"), Ok(None));
        let mut long = b"GET / HTTP/1.1\r\nX: ".to_vec();
        long.resize(MAX_HEAD_BYTES, b'a');
        assert_eq!(parse(&long), Err(HeadError::TooLarge));
    }

    #[test]
    fn two_hosts_or_too_many_headers_are_refused() {
        let two = b"GET / HTTP/1.1\r\nHost: localhost:1\r\nHost: evil.example\r\n\r\n";
        assert_eq!(parse(two), Err(HeadError::Malformed));
        let many = format!(
            "GET / HTTP/1.1\r\n{}\r\n",
            "X: y\r\n".repeat(MAX_HEADERS + 1)
        );
        assert_eq!(parse(many.as_bytes()), Err(HeadError::TooLarge));
        assert_eq!(
            parse(b"\x00\x01 nonsense\r\n\r\n"),
            Err(HeadError::Malformed)
        );
    }

    #[test]
    fn a_body_is_left_unread_whatever_its_length_claims() {
        let head = parse(
            b"GET / HTTP/1.1\r\nHost: localhost:1\r\nContent-Length: 99999999999999\r\n\r\nxyz",
        );
        assert!(matches!(head, Ok(Some(Head { .. }))), "{head:?}");
    }
}
