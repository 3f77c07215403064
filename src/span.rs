//! Byte spans into a source text, and their conversion to lines and columns.

use serde::Serialize;

/// A half-open byte range `start..end` into one source file.
///
/// Every AST node and every model item carries one, so each diagnostic and each lint
/// finding can point at the text it is about. The offsets are `u32`: a span is 8 bytes,
/// not 16, on every node of the syntax tree and the design (at 100 000 servers, ~50 MB of
/// the peak). That is safe because no text a span points into is longer than
/// [`MAX_FILE_BYTES`](crate::syntax::limits::MAX_FILE_BYTES) (256 MiB, far below 4 GiB):
/// parsing refuses longer text and every read stops there. An offset past `u32::MAX`
/// handed to [`Span::new`] anyway (a library caller's own text) is clamped, never wrapped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Span {
    start: u32,
    end: u32,
}

const _: () = assert!(crate::syntax::limits::MAX_FILE_BYTES <= u32::MAX as usize);

/// A byte offset as stored in a [`Span`]; see there why it fits.
fn narrow(offset: usize) -> u32 {
    u32::try_from(offset).unwrap_or(u32::MAX)
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Span {
            start: narrow(start),
            end: narrow(end),
        }
    }

    /// The offset of the first byte.
    pub fn start(self) -> usize {
        self.start as usize
    }

    /// The offset just past the last byte.
    pub fn end(self) -> usize {
        self.end as usize
    }

    /// `start..end`, to slice the text with.
    pub fn range(self) -> std::ops::Range<usize> {
        self.start()..self.end()
    }

    /// The smallest span covering both.
    pub fn to(self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }

    pub fn len(self) -> usize {
        self.end() - self.start()
    }

    pub fn is_empty(self) -> bool {
        self.start == self.end
    }
}

/// The byte offset of a 1-based line and a 1-based column counted in bytes (as
/// serde_json reports them), clamped to the text and to a character boundary.
pub fn offset_at(text: &str, line: usize, column: usize) -> usize {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    let mut at = (start + column.saturating_sub(1)).min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

impl From<Span> for miette::SourceSpan {
    fn from(span: Span) -> Self {
        (span.start(), span.len()).into()
    }
}

impl From<pest::Span<'_>> for Span {
    fn from(span: pest::Span<'_>) -> Self {
        Span::new(span.start(), span.end())
    }
}

/// A 1-based line and column (columns count characters, not bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// Start and end positions of a span, as printed in JSON output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct LineSpan {
    pub start: Position,
    pub end: Position,
}

/// Push `base + i + 1` for each line break at `i` of `bytes`: where the lines after them
/// start. Eight bytes at a time, looking closer only at words that hold a line break: a
/// check indexes the lines of the whole text, and a search per line break (what
/// `match_indices` does) costs several times more on short lines.
pub fn push_line_starts(bytes: &[u8], base: usize, starts: &mut Vec<usize>) {
    const ONES: u64 = u64::from_ne_bytes([1; 8]);
    const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);
    const BREAKS: u64 = u64::from_ne_bytes([b'\n'; 8]);
    let mut words = bytes.chunks_exact(8);
    let mut at = base;
    for word in words.by_ref() {
        let mut eight = [0; 8];
        eight.copy_from_slice(word);
        // A zero byte where a line break was; the test may also flag bytes after a
        // real one (never a word without one), so the bytes are then looked at one by one.
        let x = u64::from_ne_bytes(eight) ^ BREAKS;
        if x.wrapping_sub(ONES) & !x & HIGHS != 0 {
            for (i, &b) in word.iter().enumerate() {
                if b == b'\n' {
                    starts.push(at + i + 1);
                }
            }
        }
        at += 8;
    }
    for (i, &b) in words.remainder().iter().enumerate() {
        if b == b'\n' {
            starts.push(at + i + 1);
        }
    }
}

/// Maps byte offsets to line/column positions in one text.
pub struct LineIndex<'a> {
    text: &'a str,
    line_starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let mut line_starts = vec![0];
        push_line_starts(text.as_bytes(), 0, &mut line_starts);
        LineIndex { text, line_starts }
    }

    pub fn position(&self, offset: usize) -> Position {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&s| s <= offset) - 1;
        let start = self.line_starts[line];
        let column = self
            .text
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count())
            + 1;
        Position {
            line: line + 1,
            column,
        }
    }

    pub fn line_span(&self, span: Span) -> LineSpan {
        LineSpan {
            start: self.position(span.start()),
            end: self.position(span.end()),
        }
    }

    /// 1-based line number of a byte offset.
    pub fn line(&self, offset: usize) -> usize {
        self.position(offset).line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_columns_land_on_character_boundaries() {
        let text = "ab\ncé\nf";
        assert_eq!(offset_at(text, 1, 1), 0);
        assert_eq!(offset_at(text, 2, 2), 4);
        // Inside 'é' (two bytes): back to where it starts.
        assert_eq!(offset_at(text, 2, 3), 4);
        assert_eq!(offset_at(text, 9, 9), text.len());
    }

    #[test]
    fn positions_count_lines_and_characters() {
        let index = LineIndex::new("ab\ncdé\nf");
        assert_eq!(index.position(0), Position { line: 1, column: 1 });
        assert_eq!(index.position(3), Position { line: 2, column: 1 });
        // 'é' is two bytes, one column.
        assert_eq!(index.position(7), Position { line: 2, column: 4 });
        assert_eq!(index.position(8), Position { line: 3, column: 1 });
        assert_eq!(index.position(99), Position { line: 3, column: 2 });
    }
}

#[cfg(test)]
mod line_start_tests {
    use super::push_line_starts;

    #[test]
    fn line_starts_are_those_of_a_plain_search() {
        let texts = [
            String::new(),
            "\n".into(),
            "a\nbc\n\n\ndefghijklmnop\nq".into(),
            "\u{e9}\n\u{1f600}\n".repeat(7),
            (0..300u32)
                .map(|i| if i % 9 == 0 || i % 13 == 0 { '\n' } else { 'x' })
                .collect(),
        ];
        for text in &texts {
            for from in 0..text.len().min(17) {
                let mut got = Vec::new();
                push_line_starts(&text.as_bytes()[from..], from, &mut got);
                let want: Vec<usize> = (from..text.len())
                    .filter(|&i| text.as_bytes()[i] == b'\n')
                    .map(|i| i + 1)
                    .collect();
                assert_eq!(got, want, "{text:?} from {from}");
            }
        }
    }
}
