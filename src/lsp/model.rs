//! The design that hover, definition, completion and references answer from, while the
//! user types: the text as it is when it compiles, else the part of it that still
//! compiles (the lines errors point at blanked), else the last text that compiled —
//! whose spans are carried over the edit since (see [`Shift`]).
//!
//! A syntax error such as an unclosed `{` leaves nothing that compiles; the last good
//! design still knows every item the user has not touched, so the answers keep coming.

use crate::model::Design;
use crate::source::Source;
use crate::span::Span;
use std::borrow::Cow;

/// The last text of a document that compiled, and its design.
pub struct Good {
    pub text: String,
    pub design: Design,
}

/// A design to answer from, the text its spans point into, and how those spans land in
/// the document's text as it is now.
pub struct Model<'a> {
    pub design: Cow<'a, Design>,
    pub text: Cow<'a, str>,
    shift: Shift,
}

impl Model<'_> {
    /// Where `span` of the model's text is in the document's text; `None` when it lies
    /// in the part edited since the model was compiled.
    pub fn span(&self, span: Span) -> Option<(usize, usize)> {
        self.shift.span(span.start(), span.end())
    }
}

/// The models for `text`, best first: the text itself (from `good` when it is that
/// text, so a hover on an unchanged file compiles nothing), then the part that still
/// compiles, then the last good design.
pub fn models<'a>(text: &'a str, good: Option<&'a Good>) -> Vec<Model<'a>> {
    if let Some(good) = good.filter(|g| g.text == text) {
        return vec![Model {
            design: Cow::Borrowed(&good.design),
            text: Cow::Borrowed(text),
            shift: Shift::IDENTITY,
        }];
    }
    let mut out = Vec::new();
    match partial(text) {
        Some((design, None)) => {
            return vec![Model {
                design: Cow::Owned(design),
                text: Cow::Borrowed(text),
                shift: Shift::IDENTITY,
            }];
        }
        Some((design, Some(blanked))) => out.push(Model {
            design: Cow::Owned(design),
            text: Cow::Owned(blanked),
            shift: Shift::IDENTITY,
        }),
        None => {}
    }
    if let Some(good) = good {
        out.push(Model {
            design: Cow::Borrowed(&good.design),
            text: Cow::Borrowed(&good.text),
            shift: Shift::between(&good.text, text),
        });
    }
    out
}

/// The design of `text`, or of the part that still compiles: the lines errors point at
/// are blanked (offsets kept) and the rest compiled again, a few times. With the
/// blanked text when something was blanked.
fn partial(text: &str) -> Option<(Design, Option<String>)> {
    let mut current = Cow::Borrowed(text);
    for _ in 0..8 {
        match crate::compile(Source::new("lsp", current.as_ref())) {
            Ok(design) => {
                let blanked = match current {
                    Cow::Borrowed(_) => None,
                    Cow::Owned(t) => Some(t),
                };
                return Some((design, blanked));
            }
            Err(diagnostics) => {
                let spans: Vec<_> = diagnostics.errors.iter().filter_map(|e| e.span()).collect();
                if spans.is_empty() {
                    return None;
                }
                let text = current.to_mut();
                for span in spans {
                    blank_lines(text, span.start(), span.end());
                }
            }
        }
    }
    None
}

/// Replace the lines holding `start..end` with blanks, keeping every offset.
pub fn blank_lines(text: &mut String, start: usize, end: usize) {
    let start = text[..floor(text, start)].rfind('\n').map_or(0, |i| i + 1);
    let end = floor(text, end);
    let end = text[end..].find('\n').map_or(text.len(), |i| end + i);
    // One blank per byte, so every offset after it stays where it was.
    let blanks: String = text[start..end]
        .chars()
        .map(|c| match c {
            '\n' => "\n".to_string(),
            c => " ".repeat(c.len_utf8()),
        })
        .collect();
    text.replace_range(start..end, &blanks);
}

fn floor(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// How spans of an older text land in a newer one: the lines a line diff finds
/// unchanged keep their spans (moved with their line); a span on an edited line has no
/// place.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Shift {
    /// Runs of unchanged bytes: (start in the old text, start in the new, length).
    /// `None`: the texts are the same.
    runs: Option<Vec<(usize, usize, usize)>>,
}

impl Shift {
    const IDENTITY: Shift = Shift { runs: None };

    /// A line diff is bounded by [`DIFF_DEADLINE`]: past it the diff is coarser (fewer
    /// lines kept), never wrong.
    fn between(old: &str, new: &str) -> Shift {
        let diff = similar::TextDiff::configure()
            .timeout(DIFF_DEADLINE)
            .diff_lines(old, new);
        let starts = |text: &str| -> Vec<usize> {
            let mut starts = vec![0];
            starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
            starts
        };
        let (old_lines, new_lines) = (starts(old), starts(new));
        let at = |lines: &[usize], line: usize, len: usize| lines.get(line).copied().unwrap_or(len);
        let runs = diff
            .ops()
            .iter()
            .filter_map(|op| match op.as_tag_tuple() {
                (similar::DiffTag::Equal, o, n) => {
                    let old_start = at(&old_lines, o.start, old.len());
                    let new_start = at(&new_lines, n.start, new.len());
                    Some((
                        old_start,
                        new_start,
                        at(&old_lines, o.end, old.len()) - old_start,
                    ))
                }
                _ => None,
            })
            .collect();
        Shift { runs: Some(runs) }
    }

    /// A span lands whole, inside one unchanged run.
    fn span(&self, start: usize, end: usize) -> Option<(usize, usize)> {
        let Some(runs) = &self.runs else {
            return Some((start, end));
        };
        let run = runs
            .partition_point(|&(old, _, _)| old <= start)
            .checked_sub(1)?;
        let (old, new, len) = runs[run];
        (end <= old + len).then(|| (new + start - old, new + end - old))
    }
}

/// The most a line diff may take before settling for a coarser one.
const DIFF_DEADLINE: std::time::Duration = std::time::Duration::from_millis(50);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blanking_keeps_offsets() {
        let mut text = "a = 1\nb = \"é\"\nc = 3\n".to_string();
        let len = text.len();
        blank_lines(&mut text, 7, 8);
        assert_eq!(text.len(), len);
        assert_eq!(text, "a = 1\n        \nc = 3\n", "8 bytes, 8 blanks");
    }

    #[test]
    fn offsets_before_and_after_an_edit_are_carried_over() {
        let old = "server a {}\nserver b {}\n";
        let new = "server a {}\nserver x {\nserver b {}\n";
        let shift = Shift::between(old, new);
        assert_eq!(shift.span(7, 8), Some((7, 8)), "before the edit");
        let b = old.rfind('b').unwrap_or(0);
        let new_b = new.rfind('b').unwrap_or(0);
        assert_eq!(shift.span(b, b + 1), Some((new_b, new_b + 1)), "after it");
        assert_eq!(shift.span(5, b + 2), None, "across it");
        let edited = "server a {}\nserver b {}\n".replace("b {}", "bb {}");
        assert_eq!(
            Shift::between(old, &edited).span(b, b + 1),
            None,
            "on an edited line"
        );
        let unchanged = Shift::between(old, old);
        assert_eq!(unchanged.span(b, b + 1), Some((b, b + 1)));
    }

    #[test]
    fn an_unclosed_block_answers_from_the_last_good_design() {
        let good_text = "server web1 { web_server nginx {} }\ninternet -> web1 : http\n";
        let good = Good {
            text: good_text.into(),
            design: crate::compile(Source::new("t", good_text)).expect("compiles"),
        };
        let typing = format!("server new {{\n{good_text}");
        let models = models(&typing, Some(&good));
        let last = models.last().expect("the last good design");
        assert_eq!(last.text, good_text, "the good text's design");
        let web1 = last.design.find("web1").expect("web1");
        let (start, _) = last.span(last.design.node(web1).name_span).expect("kept");
        assert_eq!(&typing[start..start + 4], "web1");
    }
}
