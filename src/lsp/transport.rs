//! The base protocol's framing: `Content-Length: N` headers, a blank line, N bytes.
//!
//! Every size is bounded and every fault is survivable. A header block the framing
//! cannot trust — no length, a length that is not a number, a line that is not a
//! header, a length over [`MAX_MESSAGE_BYTES`] — loses sync: the reader scans for the
//! next `Content-Length:` and goes on from there, keeping nothing of what it passes. An
//! honest oversized body streams by at no cost in memory; a lying length costs nothing
//! but that one message (waiting for 10^14 promised bytes would hang the session).

use crate::syntax::limits::MAX_FILE_BYTES;
use std::io::{self, BufRead, Read, Write};

/// Largest message body read: the largest accepted design, plus room for JSON escapes
/// and the rest of a `didOpen`. Bodies are read as they arrive, so a message that
/// claims this much and sends little costs little.
pub const MAX_MESSAGE_BYTES: u64 = MAX_FILE_BYTES as u64 + 16 * 1024 * 1024;

/// Longest header line kept; a longer one is a broken header.
const MAX_HEADER_LINE: usize = 4096;

const LENGTH: &[u8] = b"content-length:";

/// What one read of the stream found.
#[derive(Debug, PartialEq, Eq)]
pub enum Frame {
    /// A message body, as bytes (not yet known to be UTF-8 or JSON).
    Body(Vec<u8>),
    /// A length over the limit; the reader resynchronises as after a broken header.
    Oversized(u64),
    /// A header block that gives no usable length, with what was wrong; the reader
    /// resynchronises on the next `Content-Length:`.
    Broken(String),
    /// The input ended.
    End,
}

pub struct Reader<R> {
    input: R,
    /// False after a broken header: the next read first scans for `Content-Length:`.
    in_sync: bool,
    /// Longest body read ([`MAX_MESSAGE_BYTES`] but in tests).
    limit: u64,
    /// The part of a broken line from a `Content-Length:` in it on: the next header.
    pending: Option<String>,
}

impl<R: BufRead> Reader<R> {
    pub fn new(input: R) -> Self {
        Reader::with_limit(input, MAX_MESSAGE_BYTES)
    }

    pub fn with_limit(input: R, limit: u64) -> Self {
        Reader {
            input,
            in_sync: true,
            limit,
            pending: None,
        }
    }

    pub fn next_frame(&mut self) -> io::Result<Frame> {
        let mut length: Option<Result<u64, String>> = None;
        if !self.in_sync {
            if !self.find_length_header()? {
                return Ok(Frame::End);
            }
            self.in_sync = true;
            length = Some(self.line()?.map_or(Err("the header ended".into()), value));
        }
        let mut lines = 0;
        loop {
            let Some(line) = self.line()? else {
                return Ok(Frame::End);
            };
            if line.is_empty() {
                if lines == 0 && length.is_none() {
                    continue; // a stray blank line between messages
                }
                break;
            }
            lines += 1;
            match split_header(&line) {
                Some((name, v)) if name.eq_ignore_ascii_case("content-length") => {
                    length = Some(value(v.to_string()));
                }
                Some(_) => {} // Content-Type, or a header LSP does not define
                None => {
                    let reason = format!("not a header line: {}", excerpt(&line));
                    let lower = line.to_ascii_lowercase();
                    let Some(at) = lower.find("content-length:") else {
                        return Ok(self.lose_sync(reason));
                    };
                    // A body shorter than its length said runs into the next header.
                    self.pending = Some(line[at..].to_string());
                    return Ok(Frame::Broken(reason));
                }
            }
        }
        let n = match length {
            Some(Ok(n)) => n,
            Some(Err(e)) => return Ok(self.lose_sync(e)),
            None => return Ok(self.lose_sync("no Content-Length header".into())),
        };
        if n > self.limit {
            self.in_sync = false;
            return Ok(Frame::Oversized(n));
        }
        let mut body = Vec::new();
        (&mut self.input).take(n).read_to_end(&mut body)?;
        if (body.len() as u64) < n {
            return Ok(Frame::End);
        }
        Ok(Frame::Body(body))
    }

    fn lose_sync(&mut self, reason: String) -> Frame {
        self.in_sync = false;
        Frame::Broken(reason)
    }

    /// Consume input up to and including the next `Content-Length:` (any case);
    /// false when the input ends first.
    fn find_length_header(&mut self) -> io::Result<bool> {
        let mut matched = 0;
        loop {
            let buffer = match self.input.fill_buf() {
                Ok(b) => b,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if buffer.is_empty() {
                return Ok(false);
            }
            let mut used = 0;
            for &byte in buffer {
                used += 1;
                matched = if byte.to_ascii_lowercase() == LENGTH[matched] {
                    matched + 1
                } else if byte.to_ascii_lowercase() == LENGTH[0] {
                    1
                } else {
                    0
                };
                if matched == LENGTH.len() {
                    self.input.consume(used);
                    return Ok(true);
                }
            }
            self.input.consume(used);
        }
    }

    /// One header line without its line break (`None`: the input ended). A line longer
    /// than [`MAX_HEADER_LINE`] is cut there and the rest skipped.
    fn line(&mut self) -> io::Result<Option<String>> {
        if let Some(line) = self.pending.take() {
            return Ok(Some(line));
        }
        let mut line = Vec::new();
        let mut ended = false;
        loop {
            let buffer = match self.input.fill_buf() {
                Ok(b) => b,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if buffer.is_empty() {
                if line.is_empty() && !ended {
                    return Ok(None);
                }
                break;
            }
            let (used, found) = match buffer.iter().position(|&b| b == b'\n') {
                Some(i) => (i + 1, true),
                None => (buffer.len(), false),
            };
            let room = MAX_HEADER_LINE.saturating_sub(line.len());
            line.extend_from_slice(&buffer[..used.min(room)]);
            ended = true;
            self.input.consume(used);
            if found {
                break;
            }
        }
        while line.last().is_some_and(|&b| b == b'\n' || b == b'\r') {
            line.pop();
        }
        Ok(Some(String::from_utf8_lossy(&line).into_owned()))
    }
}

fn split_header(line: &str) -> Option<(&str, &str)> {
    let (name, value) = line.split_once(':')?;
    let is_token = !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    is_token.then_some((name, value))
}

fn value(text: String) -> Result<u64, String> {
    let text = text.trim();
    text.parse::<u64>()
        .map_err(|_| format!("Content-Length is not a length: {}", excerpt(text)))
}

fn excerpt(text: &str) -> String {
    let cut: String = text.chars().take(40).collect();
    if cut.len() < text.len() {
        format!("{cut:?}…")
    } else {
        format!("{cut:?}")
    }
}

/// Write one message with its header.
pub fn write_message(out: &mut impl Write, body: &[u8]) -> io::Result<()> {
    write!(out, "Content-Length: {}\r\n\r\n", body.len())?;
    out.write_all(body)?;
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frames(input: &[u8]) -> Vec<Frame> {
        let mut reader = Reader::with_limit(input, 100);
        let mut out = Vec::new();
        loop {
            match reader.next_frame() {
                Ok(Frame::End) | Err(_) => return out,
                Ok(frame) => out.push(frame),
            }
        }
    }

    fn body(text: &str) -> Frame {
        Frame::Body(text.as_bytes().to_vec())
    }

    #[test]
    fn messages_follow_each_other_with_or_without_content_type() {
        let input = b"Content-Length: 2\r\n\r\n{}content-length: 4\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\nnull";
        assert_eq!(frames(input), vec![body("{}"), body("null")]);
    }

    #[test]
    fn a_huge_length_is_refused_and_the_next_message_read() {
        let input = b"Content-Length: 99999999999999\r\n\r\n{}Content-Length: 2\r\n\r\n[]";
        assert_eq!(
            frames(input),
            vec![Frame::Oversized(99_999_999_999_999), body("[]")]
        );
        // An honest body over the limit streams by, and what follows it is read.
        let mut input = b"Content-Length: 101\r\n\r\n".to_vec();
        input.resize(input.len() + 101, b' ');
        input.extend_from_slice(b"Content-Length: 2\r\n\r\n{}");
        assert_eq!(frames(&input), vec![Frame::Oversized(101), body("{}")]);
    }

    #[test]
    fn a_broken_header_resynchronises_on_the_next_length() {
        for bad in [
            &b"Content-Length: -5\r\n\r\n{}"[..],
            b"Content-Length: abc\r\n\r\n{}",
            b"Content-Length: \r\n\r\n{}",
            b"X-Nothing: 1\r\n\r\n{}",
            b"{\"jsonrpc\":\"2.0\"}\r\n\r\n",
        ] {
            let mut input = bad.to_vec();
            input.extend_from_slice(b"Content-Length: 4\r\n\r\ntrue");
            let got = frames(&input);
            assert!(matches!(got[0], Frame::Broken(_)), "{got:?}");
            assert_eq!(
                got[1..],
                [body("true")],
                "after {:?}",
                String::from_utf8_lossy(bad)
            );
        }
    }

    #[test]
    fn a_short_length_leaves_the_rest_to_be_skipped() {
        let input = b"Content-Length: 3\r\n\r\n{\"a\":1}Content-Length: 2\r\n\r\n{}";
        let got = frames(input);
        assert_eq!(got[0], body("{\"a"));
        assert!(matches!(got[1], Frame::Broken(_)), "{got:?}");
        assert_eq!(got[2], body("{}"));
    }

    #[test]
    fn an_endless_header_line_is_cut() {
        let mut input = b"Content-Length: 2".to_vec();
        input.resize(1 << 20, b'7');
        input.extend_from_slice(b"\r\n\r\n{}Content-Length: 2\r\n\r\n[]");
        let got = frames(&input);
        assert!(
            matches!(got[0], Frame::Broken(_) | Frame::Oversized(_)),
            "{got:?}"
        );
        assert_eq!(got.last(), Some(&body("[]")));
    }
}
