//! One linear pass over the raw text before parsing. It bounds nesting, so hostile input
//! gets a clear error instead of a stack overflow; finds what makes parse errors easier to
//! read (an unterminated string, a brace never closed); and records the comments, which
//! the grammar skips and the formatter puts back.

use super::SyntaxError;
use super::ast::Comment;
use crate::span::Span;

/// Largest accepted source, in bytes. Generated designs of 100k servers are ~20 MB.
pub const MAX_FILE_BYTES: usize = 256 * 1024 * 1024;

/// Deepest accepted nesting of `{` and `[`. Real designs use 3–4 levels.
pub const MAX_DEPTH: usize = 32;

/// The bytes [`Scan::new`] acts on: quotes, comment starts, brackets and line breaks.
const ACTS_ON: [bool; 256] = {
    let mut table = [false; 256];
    let mut i = 0;
    let bytes = b"\"#/{[}]\n";
    while i < bytes.len() {
        table[bytes[i] as usize] = true;
        i += 1;
    }
    table
};

/// What a linear scan of the raw text finds, ignoring strings and comments.
#[derive(Debug, Default)]
pub struct Scan {
    /// The first bracket that opens a level past [`MAX_DEPTH`].
    pub too_deep: Option<Span>,
    /// The first string that reaches the end of its line without a closing quote.
    pub unterminated_string: Option<Span>,
    /// Brackets still open at the end of the file, outermost first.
    pub unclosed: Vec<(usize, char)>,
    /// Every comment outside strings, in order.
    pub comments: Vec<Comment>,
    /// Offsets just past each line break at bracket depth 0: where one top-level
    /// statement may end and the next begin.
    pub line_ends: Vec<usize>,
}

impl Scan {
    pub fn new(text: &str) -> Scan {
        Scan::from_cut(text, 0, |_| false).0
    }

    /// What [`Scan::new`] of `text` finds from `from` on, `from` being 0 or one of its
    /// [`Scan::line_ends`] (there nothing is open, so the scan from it needs nothing of
    /// what came before), until the first line end past `from` that `stop` accepts: that
    /// line end, when one was. The language server scans only what an edit changed (see
    /// `syntax::incremental`).
    pub fn from_cut(
        text: &str,
        from: usize,
        mut stop: impl FnMut(usize) -> bool,
    ) -> (Scan, Option<usize>) {
        let mut scan = Scan::default();
        let bytes = text.as_bytes();
        let mut i = from;
        while i < bytes.len() {
            // Most bytes are none of the ones below: skip them in a tight loop (this
            // scan runs over the whole text on every keystroke in the language server).
            i += bytes[i..]
                .iter()
                .position(|&b| ACTS_ON[usize::from(b)])
                .unwrap_or(bytes.len() - i);
            let Some(&byte) = bytes.get(i) else {
                break;
            };
            match byte {
                b'"' => match string_end(bytes, i) {
                    Some(end) => i = end,
                    None => {
                        let line_end = line_end(bytes, i);
                        scan.unterminated_string
                            .get_or_insert(Span::new(i, line_end));
                        i = line_end;
                    }
                },
                b'#' => i = scan.comment(text, i),
                b'/' if bytes.get(i + 1) == Some(&b'/') => i = scan.comment(text, i),
                open @ (b'{' | b'[') => {
                    scan.unclosed.push((i, open as char));
                    if scan.unclosed.len() > MAX_DEPTH && scan.too_deep.is_none() {
                        scan.too_deep = Some(Span::new(i, i + 1));
                    }
                    i += 1;
                }
                b'}' | b']' => {
                    scan.unclosed.pop();
                    i += 1;
                }
                b'\n' => {
                    i += 1;
                    if scan.unclosed.is_empty() {
                        scan.line_ends.push(i);
                        if stop(i) {
                            return (scan, Some(i));
                        }
                    }
                }
                _ => i += 1,
            }
        }
        (scan, None)
    }

    /// Record the comment starting at `start`; returns where it ends.
    fn comment(&mut self, text: &str, start: usize) -> usize {
        let end = line_end(text.as_bytes(), start);
        self.comments.push(Comment {
            text: text[start..end].trim_end().to_string(),
            span: Span::new(start, end),
        });
        end
    }

    /// Errors that stop parsing before it starts.
    pub fn check(&self) -> Result<(), SyntaxError> {
        if let Some(at) = self.too_deep {
            return Err(SyntaxError::TooDeep {
                limit: MAX_DEPTH,
                at: at.into(),
            });
        }
        if let Some(at) = self.unterminated_string {
            return Err(SyntaxError::UnterminatedString { at: at.into() });
        }
        Ok(())
    }
}

pub fn check_size(text: &str) -> Result<(), SyntaxError> {
    if text.len() > MAX_FILE_BYTES {
        return Err(SyntaxError::TooLarge {
            size: text.len(),
            limit: MAX_FILE_BYTES,
        });
    }
    Ok(())
}

/// Index just past the closing quote of the string opening at `start`, if it closes on
/// the same line.
fn string_end(bytes: &[u8], start: usize) -> Option<usize> {
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return Some(i + 1),
            b'\n' | b'\r' => return None,
            _ => i += 1,
        }
    }
    None
}

fn line_end(bytes: &[u8], from: usize) -> usize {
    bytes[from..]
        .iter()
        .position(|&b| b == b'\n' || b == b'\r')
        .map_or(bytes.len(), |p| from + p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_and_comments_do_not_count_as_brackets() {
        let scan = Scan::new("a = \"{[\" # {{{\n// [[[\nb { c = [1] }");
        assert!(scan.unclosed.is_empty());
        assert!(scan.check().is_ok());
        let comments: Vec<&str> = scan.comments.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(comments, ["# {{{", "// [[["]);
    }

    #[test]
    fn deep_nesting_is_found_at_the_first_bracket_past_the_limit() {
        let text = "[".repeat(MAX_DEPTH + 5);
        let scan = Scan::new(&text);
        assert_eq!(scan.too_deep, Some(Span::new(MAX_DEPTH, MAX_DEPTH + 1)));
    }

    #[test]
    fn an_unterminated_string_spans_to_the_end_of_its_line() {
        let scan = Scan::new("a = \"abc\nb = 1");
        assert_eq!(scan.unterminated_string, Some(Span::new(4, 8)));
    }

    #[test]
    fn escaped_quotes_do_not_end_a_string() {
        let scan = Scan::new(r#"a = "x\"{" "#);
        assert!(scan.unterminated_string.is_none());
        assert!(scan.unclosed.is_empty());
    }
}
