//! LSP positions count UTF-16 code units per line; infrac spans are byte offsets.

use lsp_types::{Position, Range};

pub fn position(text: &str, offset: usize) -> Position {
    let offset = offset.min(text.len());
    let before = &text[..floor(text, offset)];
    let line = before.matches('\n').count();
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let character: usize = before[line_start..].chars().map(char::len_utf16).sum();
    Position {
        line: line as u32,
        character: character as u32,
    }
}

pub fn range(text: &str, start: usize, end: usize) -> Range {
    Range {
        start: position(text, start),
        end: position(text, end),
    }
}

/// Where each line of a text starts, for converting many offsets: each is a binary search
/// and a walk over the start of its line, where [`position`] walks the text from its
/// start — one diagnostic per server of a large design would make that quadratic. The
/// line starts are found only as far as the offsets asked for: a large design with a few
/// findings near its top is not scanned to its end on every change.
pub struct Lines<'a> {
    text: &'a str,
    /// Byte offset of each line's first byte, up to `scanned`; the first is 0.
    starts: std::cell::RefCell<Vec<usize>>,
    /// How far the text has been searched for line breaks.
    scanned: std::cell::Cell<usize>,
}

impl<'a> Lines<'a> {
    pub fn new(text: &'a str) -> Lines<'a> {
        Lines {
            text,
            starts: std::cell::RefCell::new(vec![0]),
            scanned: std::cell::Cell::new(0),
        }
    }

    /// The same as [`position`] of the text.
    pub fn position(&self, offset: usize) -> Position {
        let offset = floor(self.text, offset.min(self.text.len()));
        let mut starts = self.starts.borrow_mut();
        let scanned = self.scanned.get();
        if offset >= scanned {
            // A line break at `offset` itself does not start the line `offset` is on.
            let bytes = &self.text.as_bytes()[scanned..offset];
            crate::span::push_line_starts(bytes, scanned, &mut starts);
            self.scanned.set(offset);
        }
        let line = starts.partition_point(|&start| start <= offset) - 1;
        let start = starts[line];
        let character: usize = self.text[start..offset].chars().map(char::len_utf16).sum();
        Position {
            line: line as u32,
            character: character as u32,
        }
    }

    /// The same as [`range`] of the text.
    pub fn range(&self, start: usize, end: usize) -> Range {
        Range {
            start: self.position(start),
            end: self.position(end),
        }
    }
}

/// The byte offset of an LSP position (clamped to the text).
pub fn offset(text: &str, at: Position) -> usize {
    let mut line_start = 0;
    for _ in 0..at.line {
        match text[line_start..].find('\n') {
            Some(i) => line_start += i + 1,
            None => return text.len(),
        }
    }
    let line = &text[line_start..];
    let line = &line[..line.find('\n').unwrap_or(line.len())];
    let mut units = 0u32;
    for (i, c) in line.char_indices() {
        if units >= at.character {
            return line_start + i;
        }
        units += c.len_utf16() as u32;
    }
    line_start + line.len()
}

fn floor(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_columns_round_trip() {
        let text = "a = \"é😀\"\nserver web {}\n";
        let p = position(text, text.find("web").unwrap_or(0));
        assert_eq!((p.line, p.character), (1, 7));
        let emoji_end = text
            .find('"')
            .map(|i| i + 1 + 'é'.len_utf8() + '😀'.len_utf8())
            .unwrap_or(0);
        assert_eq!(position(text, emoji_end).character, 5 + 1 + 2);
        assert_eq!(offset(text, p), text.find("web").unwrap_or(0));
    }

    #[test]
    fn lines_convert_every_offset_as_position_does() {
        let text = "a = \"é😀\"\n\nserver web {}\r\n  x";
        let lines = Lines::new(text);
        for at in 0..=text.len() + 2 {
            assert_eq!(lines.position(at), position(text, at), "at {at}");
        }
        assert_eq!(Lines::new("").position(0), position("", 0));
        // Out of order too: the line starts are found as far as asked, then reused.
        let lines = Lines::new(text);
        for at in (0..=text.len() + 2).rev().chain([3, text.len(), 0]) {
            assert_eq!(lines.position(at), position(text, at), "at {at}");
        }
    }
}
