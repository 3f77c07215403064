//! Parsing a text again after an edit, re-parsing only the statements the edit touched.
//!
//! The language server parses the whole document on every change; for a design of ten
//! thousand servers that is most of the cost of a keystroke. [`Reparser`] keeps the last
//! text that parsed and its [`File`]; given a new text it finds the unchanged prefix and
//! suffix, re-parses (with the public [`parse`]) only the top-level statements between
//! them, and splices those into the kept file, the statements after the edit moved by
//! the change in length.
//!
//! This rests on what [`parse`] itself rests on: a file can be cut after any line break
//! at bracket depth 0 ([`Scan::line_ends`]) and the pieces parsed on their own give the
//! same statements. A cut before the edit is one in both texts (the scan got there over
//! the same bytes); a cut after it is taken only where the old text had one at the same
//! distance from its end, so the old statements after it are the parse of the same bytes
//! starting at depth 0. Anything else — a text with errors, a scan error, nothing kept —
//! is parsed whole, so the answer is always exactly what [`parse`] of the new text gives
//! (the property test in `tests/incremental_parse.rs` compares the two on random edits).

use super::SyntaxError;
use super::ast::{
    Attribute, Block, File, Flow, FlowBody, Protocol, Statement, Target, Value, ValueKind,
};
use super::limits::{self, Scan};
use super::parse;
use crate::span::Span;

/// The last text that parsed, its file and its cuts, and how to parse the next text from
/// them.
#[derive(Debug, Default)]
pub struct Reparser {
    kept: Option<Kept>,
}

#[derive(Debug)]
struct Kept {
    text: String,
    file: File,
    /// [`Scan::line_ends`] of `text`: where the text can be cut between statements.
    cuts: Vec<usize>,
}

/// What the last [`Reparser::parse`] did, for tests and measurements.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reuse {
    /// The text was the kept one: nothing was parsed.
    Same,
    /// Only `bytes` bytes around the edit were parsed again.
    Partial { bytes: usize },
    /// The whole text was parsed.
    Whole,
}

impl Reparser {
    /// The file of `text`, exactly as [`parse`] gives it, and how much was parsed again.
    /// A text that parses becomes the kept one; one with errors leaves the last good
    /// text kept, so the edit that fixes it is again a small one.
    pub fn parse(&mut self, text: &str) -> (Result<&File, Vec<SyntaxError>>, Reuse) {
        let (kept, reuse) = match self.kept.take() {
            Some(kept) if kept.text == text => (kept, Reuse::Same),
            Some(mut kept) => match kept.reparse(text) {
                Some(bytes) => (kept, Reuse::Partial { bytes }),
                None => match parse(text) {
                    Ok(file) => (Kept::new(text, file), Reuse::Whole),
                    Err(errors) => {
                        self.kept = Some(kept);
                        return (Err(errors), Reuse::Whole);
                    }
                },
            },
            None => match parse(text) {
                Ok(file) => (Kept::new(text, file), Reuse::Whole),
                Err(errors) => return (Err(errors), Reuse::Whole),
            },
        };
        (Ok(&self.kept.insert(kept).file), reuse)
    }
}

impl Kept {
    fn new(text: &str, file: File) -> Kept {
        Kept {
            text: text.to_string(),
            file,
            cuts: Scan::new(text).line_ends,
        }
    }

    /// Make this the kept parse of `new`, re-parsing only around the edit: the number of
    /// bytes parsed again. `None` (and nothing changed) when `new` must be parsed whole:
    /// it has errors, or its scan does.
    fn reparse(&mut self, new: &str) -> Option<usize> {
        limits::check_size(new).ok()?;
        let old = self.text.as_str();
        let prefix = common_prefix(old.as_bytes(), new.as_bytes());
        let longest_suffix = old.len().min(new.len()) - prefix;
        let suffix = common_suffix(old.as_bytes(), new.as_bytes(), longest_suffix);
        let delta = new.len() as isize - old.len() as isize;
        let scan = self.scan(new, prefix, suffix, delta);
        scan.check().ok()?;
        // The last cut at or before the edit; the same in both texts.
        let start = last_at_or_before(&scan.line_ends, prefix);
        // The first cut after the edit that the old text has too, as far from its end.
        let end = scan
            .line_ends
            .iter()
            .copied()
            .skip_while(|&cut| cut < new.len() - suffix)
            .find(|&cut| {
                self.cuts
                    .binary_search(&cut.wrapping_add_signed(-delta))
                    .is_ok()
            })
            .unwrap_or(new.len());
        let middle = parse(&new[start..end]).ok()?;
        let statements = &mut self.file.statements;
        let first = statements.partition_point(|s| s.span().start() < start);
        let old_end = end.wrapping_add_signed(-delta);
        let after = statements.partition_point(|s| s.span().start() < old_end);
        if delta != 0 {
            for statement in &mut statements[after..] {
                shift_statement(statement, delta);
            }
        }
        statements.splice(
            first..after,
            middle.statements.into_iter().map(|mut s| {
                shift_statement(&mut s, start as isize);
                s
            }),
        );
        self.file.comments = scan.comments;
        self.file.span = Span::new(0, new.len());
        self.cuts = scan.line_ends;
        self.text.clear();
        self.text.push_str(new);
        Some(end - start)
    }
}

impl Kept {
    /// [`Scan::new`] of `new`, scanning only around the edit. Up to the last cut at or
    /// before the edit the scan went over the same bytes as that of the kept text, so it
    /// is the kept one; from there it scans `new` until a cut in the shared suffix that
    /// the kept text has at the same distance from its end — nothing is open at either,
    /// the bytes after them are the same, so the rest is the kept scan moved by `delta`.
    /// The kept text parsed, so its scan has no errors: any in `new` are in the part
    /// scanned again.
    fn scan(&self, new: &str, prefix: usize, suffix: usize, delta: isize) -> Scan {
        let from = last_at_or_before(&self.cuts, prefix);
        let tail = new.len() - suffix;
        let kept_cut = |cut: usize| {
            cut >= tail
                && self
                    .cuts
                    .binary_search(&cut.wrapping_add_signed(-delta))
                    .is_ok()
        };
        let (middle, stopped) = if from > 0 && kept_cut(from) {
            (Scan::default(), Some(from))
        } else {
            Scan::from_cut(new, from, kept_cut)
        };
        let mut scan = Scan {
            too_deep: middle.too_deep,
            unterminated_string: middle.unterminated_string,
            unclosed: middle.unclosed,
            comments: Vec::new(),
            line_ends: Vec::new(),
        };
        let before = self.cuts.partition_point(|&cut| cut <= from);
        scan.line_ends
            .reserve(self.cuts.len() + middle.line_ends.len());
        scan.line_ends.extend_from_slice(&self.cuts[..before]);
        scan.line_ends.extend(middle.line_ends);
        let kept_comments = &self.file.comments;
        let comments_before = kept_comments.partition_point(|c| c.span.start() < from);
        scan.comments
            .extend_from_slice(&kept_comments[..comments_before]);
        scan.comments.extend(middle.comments);
        if let Some(stopped) = stopped {
            let old_stop = stopped.wrapping_add_signed(-delta);
            let after = self.cuts.partition_point(|&cut| cut <= old_stop);
            scan.line_ends.extend(
                self.cuts[after..]
                    .iter()
                    .map(|&cut| cut.wrapping_add_signed(delta)),
            );
            let comments_after = kept_comments.partition_point(|c| c.span.start() < old_stop);
            scan.comments
                .extend(kept_comments[comments_after..].iter().map(|c| {
                    let mut c = c.clone();
                    shift(&mut c.span, delta);
                    c
                }));
        }
        scan
    }
}

/// How many leading bytes `a` and `b` share.
fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    // In blocks first: comparing slices is a memcmp, far faster than byte by byte.
    const BLOCK: usize = 4096;
    let mut at = 0;
    while at + BLOCK <= a.len().min(b.len()) && a[at..at + BLOCK] == b[at..at + BLOCK] {
        at += BLOCK;
    }
    at + a[at..]
        .iter()
        .zip(&b[at..])
        .take_while(|(x, y)| x == y)
        .count()
}

/// How many trailing bytes `a` and `b` share, at most `limit`.
fn common_suffix(a: &[u8], b: &[u8], limit: usize) -> usize {
    const BLOCK: usize = 4096;
    let (mut ra, mut rb) = (a.len(), b.len());
    let mut shared = 0;
    while shared + BLOCK <= limit && a[ra - BLOCK..ra] == b[rb - BLOCK..rb] {
        shared += BLOCK;
        ra -= BLOCK;
        rb -= BLOCK;
    }
    shared
        + a[..ra]
            .iter()
            .rev()
            .zip(b[..rb].iter().rev())
            .take(limit - shared)
            .take_while(|(x, y)| x == y)
            .count()
}

/// The largest cut at or before `offset`, or the start of the text.
fn last_at_or_before(cuts: &[usize], offset: usize) -> usize {
    match cuts.partition_point(|&cut| cut <= offset) {
        0 => 0,
        n => cuts[n - 1],
    }
}

fn shift(span: &mut Span, by: isize) {
    *span = Span::new(
        span.start().wrapping_add_signed(by),
        span.end().wrapping_add_signed(by),
    );
}

/// Move every span of `statement` by `by` bytes. The patterns name every field, so a
/// span added to the syntax tree cannot be missed here.
fn shift_statement(statement: &mut Statement, by: isize) {
    match statement {
        Statement::Block(Block {
            kind,
            name,
            label,
            body,
            body_span,
            span,
        }) => {
            shift(&mut kind.span, by);
            if let Some(name) = name {
                shift(&mut name.span, by);
            }
            if let Some(label) = label {
                shift(&mut label.span, by);
            }
            for statement in body {
                shift_statement(statement, by);
            }
            shift(body_span, by);
            shift(span, by);
        }
        Statement::Attribute(Attribute { key, value, span }) => {
            shift(&mut key.span, by);
            shift_value(value, by);
            shift(span, by);
        }
        Statement::Flow(Flow {
            hops,
            protocol,
            body,
            span,
        }) => {
            for hop in hops {
                match hop {
                    Target::Path(path) => shift(&mut path.span, by),
                    Target::List { paths, span } => {
                        for path in paths {
                            shift(&mut path.span, by);
                        }
                        shift(span, by);
                    }
                }
            }
            if let Some(protocol) = protocol {
                shift_protocol(protocol, by);
            }
            if let Some(FlowBody { statements, span }) = body {
                for statement in statements {
                    shift_statement(statement, by);
                }
                shift(span, by);
            }
            shift(span, by);
        }
    }
}

fn shift_value(value: &mut Value, by: isize) {
    match &mut value.kind {
        ValueKind::Path(path) => shift(&mut path.span, by),
        ValueKind::Protocol(protocol) => shift_protocol(protocol, by),
        ValueKind::List(values) => {
            for value in values {
                shift_value(value, by);
            }
        }
        ValueKind::String(_)
        | ValueKind::Number(_)
        | ValueKind::Bool(_)
        | ValueKind::Ip(_)
        | ValueKind::Cidr(_)
        | ValueKind::Date(_)
        | ValueKind::Duration(_) => {}
    }
    shift(&mut value.span, by);
}

fn shift_protocol(protocol: &mut Protocol, by: isize) {
    let Protocol { name, port, span } = protocol;
    shift(&mut name.span, by);
    if let Some(port) = port {
        shift(&mut port.span, by);
    }
    shift(span, by);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(reparser: &mut Reparser, text: &str) -> Reuse {
        let (file, reuse) = reparser.parse(text);
        let parsed = file.is_ok();
        assert_eq!(file.cloned(), parse(text), "the reparse of {text:?}");
        if parsed {
            let kept = reparser.kept.as_ref().map(|k| &k.cuts);
            assert_eq!(
                kept,
                Some(&Scan::new(text).line_ends),
                "the cuts of {text:?}"
            );
        }
        reuse
    }

    /// Edits everywhere in an example with comments, each checked by `check` (the file
    /// and the cuts, which the scan of only the edited part must get right), then undone.
    #[test]
    fn the_scan_of_the_edited_part_gives_the_cuts_and_comments_of_a_whole_scan() {
        let base = include_str!("../../examples/1-distributed_web_infrastructure.infra");
        let mut reparser = Reparser::default();
        check(&mut reparser, base);
        for at in (0..base.len())
            .filter(|at| base.is_char_boundary(*at))
            .step_by(5)
        {
            for edit in ["\n", "{", "}", "\"", "# c {\n", "", "x\n\n"] {
                let mut text = base.to_string();
                if edit.is_empty() {
                    let next = (at + 1..=base.len()).find(|i| base.is_char_boundary(*i));
                    text.replace_range(at..next.unwrap_or(at), "");
                } else {
                    text.insert_str(at, edit);
                }
                check(&mut reparser, &text);
                check(&mut reparser, base);
            }
        }
    }

    #[test]
    fn an_edit_inside_one_statement_parses_only_that_statement() {
        let mut reparser = Reparser::default();
        let old = "server a { ip = 10.0.0.1 }\nserver b { ip = 10.0.0.2 }\nserver c {}\n";
        assert_eq!(check(&mut reparser, old), Reuse::Whole);
        assert_eq!(check(&mut reparser, old), Reuse::Same);
        let new = old.replace("10.0.0.2", "10.0.0.22");
        let b = "server b { ip = 10.0.0.22 }\n";
        assert_eq!(
            check(&mut reparser, &new),
            Reuse::Partial { bytes: b.len() }
        );
    }

    #[test]
    fn a_text_with_errors_is_parsed_whole_and_the_good_one_stays_kept() {
        let mut reparser = Reparser::default();
        let good = "server a {}\nserver b {}\n";
        check(&mut reparser, good);
        assert_eq!(
            check(&mut reparser, "server a {\nserver b {}\n"),
            Reuse::Whole
        );
        assert_eq!(
            check(&mut reparser, "server a {}\nserver bb {}\n"),
            Reuse::Partial {
                bytes: "server bb {}\n".len()
            }
        );
    }

    #[test]
    fn shared_ends_stop_at_the_shorter_text() {
        assert_eq!(common_prefix(b"abc", b"abd"), 2);
        assert_eq!(common_suffix(b"xaa", b"aa", 2), 2);
        assert_eq!(common_suffix(b"aaa", b"aa", 0), 0);
        let long = vec![b'a'; 10_000];
        let mut other = long.clone();
        other[5_000] = b'b';
        assert_eq!(common_prefix(&long, &other), 5_000);
        assert_eq!(common_suffix(&long, &other, 10_000), 4_999);
    }
}
