//! Bytes from outside → design text: read with the size limit applied while reading,
//! then checked as UTF-8 with the place of the first bad byte as line, column and caret.
//!
//! `infrac check /dev/zero` used to grow past 1.9 GB before the limit was looked at; now
//! a read stops one byte past [`MAX_FILE_BYTES`], and a regular file larger than that is
//! refused from its size alone.

use crate::syntax::limits::MAX_FILE_BYTES;
use std::fmt;
use std::io::Read;
use std::path::Path;

#[derive(Debug)]
pub enum DecodeError {
    /// More than the limit (in bytes).
    TooLarge {
        limit: usize,
    },
    /// Not UTF-8 at this place (1-based line and column, 0-based byte offset); `line_text`
    /// is the line with each bad byte shown as U+FFFD.
    NotUtf8 {
        line: usize,
        column: usize,
        offset: usize,
        byte: u8,
        line_text: String,
    },
    /// A PNG that is not a draw.io export, or whose diagram cannot be taken out.
    Png(String),
    Io(std::io::Error),
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::TooLarge { limit } => write!(
                f,
                "larger than the limit of {} MiB for one design",
                limit / (1024 * 1024)
            ),
            DecodeError::NotUtf8 {
                line,
                column,
                offset,
                byte,
                line_text,
            } => {
                let number = line.to_string();
                let pad = " ".repeat(number.len());
                let before: String = line_text
                    .chars()
                    .take(column - 1)
                    .map(|c| if c == '\t' { '\t' } else { ' ' })
                    .collect();
                write!(
                    f,
                    "not valid UTF-8 at line {line}, column {column} (byte 0x{byte:02x} at offset {offset})\n\
                     {pad} |\n{number} | {line_text}\n{pad} | {before}^\n\
                     {pad} = help: save the file as UTF-8"
                )
            }
            DecodeError::Png(reason) => write!(f, "{reason}"),
            DecodeError::Io(e) => write!(f, "{}", io_reason(e)),
        }
    }
}

/// `std::io::Error`'s message without the "(os error N)" suffix.
pub fn io_reason(error: &std::io::Error) -> String {
    let text = error.to_string();
    match text.find(" (os error") {
        Some(i) => text[..i].to_lowercase(),
        None => text,
    }
}

/// Read all of `reader`, but never more than `limit` bytes.
pub fn read_limited(reader: impl Read, limit: usize) -> Result<Vec<u8>, DecodeError> {
    read_limited_into(reader, limit, Vec::new())
}

/// [`read_limited`] into `bytes`, which may come with room for what is expected: the
/// limit hides a file's size from `read_to_end`, which then reads 32 bytes, 64, 128...
/// and copies the buffer each time it doubles.
fn read_limited_into(
    reader: impl Read,
    limit: usize,
    mut bytes: Vec<u8>,
) -> Result<Vec<u8>, DecodeError> {
    reader
        .take(limit as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(DecodeError::Io)?;
    if bytes.len() > limit {
        return Err(DecodeError::TooLarge { limit });
    }
    Ok(bytes)
}

/// Read a design from standard input or any reader.
pub fn read_text(reader: impl Read) -> Result<String, DecodeError> {
    decode(read_limited(reader, MAX_FILE_BYTES)?)
}

/// Read a design from a file; a regular file over the limit is refused before reading.
pub fn read_file(path: &Path) -> Result<String, DecodeError> {
    decode(read_file_bytes(path)?)
}

/// Read a file's bytes with the size limit applied; a regular file over the limit is
/// refused before reading. For inputs that are not text (a `.drawio.png`).
pub fn read_file_bytes(path: &Path) -> Result<Vec<u8>, DecodeError> {
    let file = std::fs::File::open(path).map_err(DecodeError::Io)?;
    let meta = file.metadata().map_err(DecodeError::Io)?;
    if meta.is_file() && meta.len() > MAX_FILE_BYTES as u64 {
        return Err(DecodeError::TooLarge {
            limit: MAX_FILE_BYTES,
        });
    }
    // One byte more than the file, so the read that finds its end needs no new room.
    let expected = usize::try_from(meta.len()).map_or(0, |len| len.min(MAX_FILE_BYTES) + 1);
    read_limited_into(file, MAX_FILE_BYTES, Vec::with_capacity(expected))
}

/// The bytes as text, without a leading byte-order mark.
pub fn decode(bytes: Vec<u8>) -> Result<String, DecodeError> {
    let text = String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        not_utf8(e.as_bytes(), offset)
    })?;
    Ok(match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    })
}

fn not_utf8(bytes: &[u8], offset: usize) -> DecodeError {
    let line_start = bytes[..offset]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let line_end = bytes[offset..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(bytes.len(), |i| offset + i);
    let line = bytes[..line_start].iter().filter(|&&b| b == b'\n').count() + 1;
    // Everything before the bad byte on its line is valid UTF-8.
    let before = String::from_utf8_lossy(&bytes[line_start..offset]);
    let line_text = String::from_utf8_lossy(&bytes[line_start..line_end])
        .trim_end_matches('\r')
        .chars()
        .take(200)
        .collect();
    DecodeError::NotUtf8 {
        line,
        column: before.chars().count() + 1,
        offset,
        byte: bytes[offset],
        line_text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bad_byte_is_placed_by_line_and_column_with_a_caret() {
        let error = decode(b"title = \"x\"\nserver w\xffb {}\n".to_vec()).err();
        let Some(error) = error else {
            panic!("decoded")
        };
        let text = error.to_string();
        assert!(
            text.starts_with("not valid UTF-8 at line 2, column 9 (byte 0xff at offset 20)"),
            "{text}"
        );
        assert!(
            text.contains("2 | server w\u{FFFD}b {}\n  |         ^"),
            "{text}"
        );
    }

    #[test]
    fn reading_stops_at_the_limit() {
        let endless = std::io::repeat(0);
        assert!(matches!(
            read_limited(endless, 1000),
            Err(DecodeError::TooLarge { limit: 1000 })
        ));
        assert_eq!(read_limited(&b"abc"[..], 3).ok(), Some(b"abc".to_vec()));
    }

    #[test]
    fn a_byte_order_mark_is_dropped() {
        assert_eq!(
            decode(b"\xef\xbb\xbfa = 1".to_vec()).ok().as_deref(),
            Some("a = 1")
        );
    }
}
