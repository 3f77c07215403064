//! An answer, always complete and always followed by closing the connection: with one
//! answer per connection there is no keep-alive state and no body to skip.

use std::io::Write;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Ok,
    BadRequest,
    Forbidden,
    NotFound,
    MethodNotAllowed,
    HeaderTooLarge,
    Busy,
}

impl Status {
    pub fn code(self) -> u16 {
        match self {
            Status::Ok => 200,
            Status::BadRequest => 400,
            Status::Forbidden => 403,
            Status::NotFound => 404,
            Status::MethodNotAllowed => 405,
            Status::HeaderTooLarge => 431,
            Status::Busy => 503,
        }
    }

    fn reason(self) -> &'static str {
        match self {
            Status::Ok => "OK",
            Status::BadRequest => "Bad Request",
            Status::Forbidden => "Forbidden",
            Status::NotFound => "Not Found",
            Status::MethodNotAllowed => "Method Not Allowed",
            Status::HeaderTooLarge => "Request Header Fields Too Large",
            Status::Busy => "Service Unavailable",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    pub status: Status,
    pub content_type: &'static str,
    pub body: Vec<u8>,
}

impl Response {
    pub fn new(status: Status, content_type: &'static str, body: impl Into<Vec<u8>>) -> Self {
        Response {
            status,
            content_type,
            body: body.into(),
        }
    }

    /// A refusal or error, explained in one line of plain text.
    pub fn plain(status: Status, message: &str) -> Self {
        Response::new(status, "text/plain; charset=utf-8", format!("{message}\n"))
    }

    /// The bytes on the wire; `head_only` for an answer to HEAD (headers, no body).
    pub fn to_bytes(&self, head_only: bool) -> Vec<u8> {
        let mut out = format!(
            "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\n\
             Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n\
             Referrer-Policy: no-referrer\r\nConnection: close\r\n",
            self.status.code(),
            self.status.reason(),
            self.content_type,
            self.body.len(),
        );
        match self.status {
            Status::MethodNotAllowed => out.push_str("Allow: GET, HEAD\r\n"),
            Status::Busy => out.push_str("Retry-After: 1\r\n"),
            _ => {}
        }
        out.push_str("\r\n");
        let mut bytes = out.into_bytes();
        if !head_only {
            bytes.extend_from_slice(&self.body);
        }
        bytes
    }

    pub fn write_to(&self, out: &mut impl Write, head_only: bool) -> std::io::Result<()> {
        out.write_all(&self.to_bytes(head_only))?;
        out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answer_to_head_has_the_length_but_not_the_body() {
        let response = Response::new(Status::Ok, "text/html", "<p>hi</p>");
        let head = String::from_utf8(response.to_bytes(true)).unwrap_or_default();
        assert!(head.starts_with("HTTP/1.1 200 OK\r\n"), "{head}");
        assert!(head.contains("Content-Length: 9\r\n") && head.ends_with("\r\n\r\n"));
        let full = response.to_bytes(false);
        assert!(full.ends_with(b"<p>hi</p>"));
    }

    #[test]
    fn a_405_says_what_is_allowed() {
        let text = Response::plain(Status::MethodNotAllowed, "only GET and HEAD").to_bytes(false);
        assert!(String::from_utf8_lossy(&text).contains("Allow: GET, HEAD\r\n"));
    }
}
