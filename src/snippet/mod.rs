//! Source excerpts for miette's reports, found by index and safe on any line length.
//!
//! miette's own `SourceCode` for text scans from the first byte to the span on every
//! lookup, several times per label: a report of many findings in a big design costs
//! findings × file size (6.2 s for the human report of a 1542-server design where the
//! JSON report took 0.25 s). [`Snippets`] finds the lines around a span by binary search
//! and hands miette only that window, so each excerpt costs its own size.
//!
//! miette also panics ("Formatting argument out of range") when a label starts past
//! visual column 65,535. [`render_report`] is the one door every diagnostic and finding
//! goes through: when a label sits past [`LONG_LINE`] bytes into its line, the report is
//! drawn from a copy of the source whose long lines are cut to the parts around the
//! labels (`…` for the rest; [`cut`]), and a panic from the renderer falls back to a
//! plain line.
//!
//! Each report costs the lines around its labels, never the lines between them: the
//! cut copy holds only those, and excerpts far apart are drawn apart
//! ([`MERGE_WITHIN`]).

mod cut;
mod handler;

use cut::{Origin, cut_long_lines};
pub use handler::Handler;
use miette::{
    Diagnostic, LabeledSpan, MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents,
};
use std::fmt;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;

/// A label this far into its line (in bytes) is drawn from a cut copy of the line.
/// Four tab stops a byte at most keeps every drawn column far below 65,535.
pub const LONG_LINE: usize = 4096;

/// Lines around a label that miette shows (its default), and one more.
const CONTEXT_LINES: usize = 2;

/// Excerpts further apart than this many lines are drawn apart. miette joins two
/// excerpts into one, every line between drawn, when the second starts before the
/// first's start line plus the first's *line number* (its `line_count` is the count of
/// lines from the top of the file): for labels in the second half of a file, however
/// far apart. Each finding then cost the lines between its labels. The line count we
/// hand it stops that join at this distance, which excerpts in a hand-written design
/// rarely reach.
const MERGE_WITHIN: usize = 30;

/// Every file of an input with its line starts, each at its base offset in the input's
/// one offset space (as [`crate::source::Sources`] places them), as miette reads
/// excerpts from it.
#[derive(Debug, Clone, Default)]
pub struct Snippets {
    files: Vec<(usize, File)>,
}

/// One named text with its line starts.
#[derive(Debug, Clone)]
struct File {
    name: String,
    text: Arc<str>,
    /// Where each line starts, with miette's idea of a line break: `\n`, `\r\n`, or a
    /// lone `\r`.
    starts: Arc<Vec<usize>>,
    /// For a cut copy: how to find the column a position had in the uncut text.
    origin: Option<Arc<Origin>>,
    /// For a cut copy, which holds only the lines around the labels: the number of the
    /// uncut text's line it starts with, so excerpts keep their line numbers.
    first_line: usize,
}

impl Snippets {
    /// One text at offset 0.
    pub fn new(name: impl Into<String>, text: Arc<str>) -> Self {
        Snippets::of([(0, name.into(), text)])
    }

    /// Files at their bases (ascending, as the source map gives them).
    pub fn of(files: impl IntoIterator<Item = (usize, String, Arc<str>)>) -> Self {
        Snippets {
            files: files
                .into_iter()
                .map(|(base, name, text)| (base, File::new(name, text)))
                .collect(),
        }
    }

    /// The file holding global offset `offset`, with its base.
    fn file_at(&self, offset: usize) -> Option<&(usize, File)> {
        let i = self
            .files
            .partition_point(|(base, _)| *base <= offset)
            .checked_sub(1)?;
        self.files.get(i)
    }

    /// `offset` inside the file holding it, clamped to the file's text.
    fn local(&self, offset: usize) -> Option<(&File, usize)> {
        let (base, file) = self.file_at(offset)?;
        Some((file, (offset - base).min(file.text.len())))
    }
}

impl File {
    fn new(name: String, text: Arc<str>) -> Self {
        let starts = Arc::new(line_starts(&text));
        File {
            name,
            text,
            starts,
            origin: None,
            first_line: 0,
        }
    }

    /// The index of the line holding byte `offset`.
    fn line_of(&self, offset: usize) -> usize {
        self.starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1)
    }

    /// The length of line `i` in bytes, its line break included (0 past the end).
    fn line_length(&self, i: usize) -> usize {
        let Some(&start) = self.starts.get(i) else {
            return 0;
        };
        self.starts.get(i + 1).copied().unwrap_or(self.text.len()) - start
    }

    /// Where the line holding `offset` starts.
    fn line_start(&self, offset: usize) -> usize {
        self.starts[self.line_of(offset)]
    }

    /// What miette's own reader returns for the bytes `start..end` of the whole text,
    /// read from a window of the lines around them instead; offsets are shifted by `base`.
    fn read(
        &self,
        base: usize,
        (start, end): (usize, usize),
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<MietteSpanContents<'_>, MietteError> {
        let first = self.line_of(start);
        let last = self.line_of(end.saturating_sub(1).max(start));
        let window_line = first.saturating_sub(context_lines_before);
        let window_start = self.starts[window_line];
        let window_end = self
            .starts
            .get(last + context_lines_after + 2)
            .copied()
            .unwrap_or(self.text.len());
        let window = &self.text.as_bytes()[window_start..window_end];
        let inner = window.read_span(
            &(start - window_start, end - start).into(),
            context_lines_before,
            context_lines_after,
        )?;
        // The column shown in the excerpt's header is the uncut text's.
        let column = match (&self.origin, context_lines_before) {
            (Some(origin), 0) => origin.column(start).unwrap_or(inner.column()),
            _ => inner.column(),
        };
        let line = inner.line() + window_line + self.first_line;
        let end = window_start + inner.span().offset() + inner.span().len();
        let last_line = self.line_of(end.saturating_sub(1)) + self.first_line;
        // What miette's reader counts, capped: see MERGE_WITHIN.
        let line_count = (inner.line_count() + window_line + self.first_line)
            .min((last_line + MERGE_WITHIN).saturating_sub(line));
        Ok(MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            (
                base + window_start + inner.span().offset(),
                inner.span().len(),
            )
                .into(),
            line,
            column,
            line_count,
        )
        .with_language(language(&self.name)))
    }
}

/// The syntax miette highlights a snippet as, from the file's extension.
fn language(name: &str) -> &'static str {
    match name.rsplit('.').next() {
        Some("tf") => "hcl",
        Some("json") => "json",
        Some("drawio" | "xml" | "svg") => "xml",
        _ => "infra",
    }
}

fn line_starts(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut starts = vec![0];
    for (i, &b) in bytes.iter().enumerate() {
        let lone_cr = b == b'\r' && bytes.get(i + 1) != Some(&b'\n');
        if b == b'\n' || lone_cr {
            starts.push(i + 1);
        }
    }
    starts
}

/// Each label's excerpt comes from the file its span starts in, named after that file,
/// with that file's own line numbers; a span reaching past its file is clamped to it.
impl SourceCode for Snippets {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let (base, file) = self
            .file_at(span.offset())
            .ok_or(MietteError::OutOfBounds)?;
        let len = file.text.len();
        let start = (span.offset() - base).min(len);
        let end = (span.offset() + span.len())
            .saturating_sub(*base)
            .clamp(start, len);
        let contents = file.read(
            *base,
            (start, end),
            context_lines_before,
            context_lines_after,
        )?;
        Ok(Box::new(contents))
    }
}

/// Render `diagnostic` with excerpts from `source` into `out`, whatever its spans.
pub fn render_report(
    out: &mut String,
    handler: &Handler,
    diagnostic: &dyn Diagnostic,
    source: &Snippets,
) {
    let labels: Vec<LabeledSpan> = diagnostic
        .labels()
        .map(Iterator::collect)
        .unwrap_or_default();
    let framed = match cut_long_lines(source, &labels) {
        Some((cut, labels)) => Framed {
            inner: diagnostic,
            source: cut,
            labels: Some(labels),
        },
        None => Framed {
            inner: diagnostic,
            source: source.clone(),
            labels: None,
        },
    };
    let mut text = String::new();
    // Writing into a String cannot fail.
    let drawn = catch_unwind(AssertUnwindSafe(|| {
        handler
            .for_report(&framed)
            .render_report(&mut text, &framed)
    }));
    if drawn.is_ok() {
        out.push_str(&text);
    } else {
        out.push_str(&plain(diagnostic, source, &labels));
    }
}

/// The report as one line and its help, for when the renderer fails.
fn plain(diagnostic: &dyn Diagnostic, source: &Snippets, labels: &[LabeledSpan]) -> String {
    let severity = match diagnostic.severity() {
        Some(miette::Severity::Warning) => "warning",
        Some(miette::Severity::Advice) => "note",
        _ => "error",
    };
    let code = diagnostic
        .code()
        .map(|c| format!("[{c}] "))
        .unwrap_or_default();
    let at = labels
        .iter()
        .find(|l| l.primary())
        .or(labels.first())
        .and_then(|l| source.local(l.offset()))
        .map(|(file, offset)| {
            let p = crate::span::LineIndex::new(&file.text).position(offset);
            format!("\n  at {}:{}:{}", file.name, p.line, p.column)
        })
        .unwrap_or_default();
    let help = diagnostic
        .help()
        .map(|h| format!("\n  help: {h}"))
        .unwrap_or_default();
    format!("{severity}: {code}{diagnostic}{at}{help}\n")
}

/// A diagnostic with its source and, on cut lines, its labels moved.
struct Framed<'a> {
    inner: &'a dyn Diagnostic,
    source: Snippets,
    labels: Option<Vec<LabeledSpan>>,
}

impl fmt::Debug for Framed<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.inner, f)
    }
}

impl fmt::Display for Framed<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.inner, f)
    }
}

impl std::error::Error for Framed<'_> {}

impl Diagnostic for Framed<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.inner.code()
    }

    fn severity(&self) -> Option<miette::Severity> {
        self.inner.severity()
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.inner.help()
    }

    fn url<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.inner.url()
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        match &self.labels {
            Some(labels) => Some(Box::new(labels.iter().cloned())),
            None => self.inner.labels(),
        }
    }

    fn related<'b>(&'b self) -> Option<Box<dyn Iterator<Item = &'b dyn Diagnostic> + 'b>> {
        self.inner.related()
    }

    fn diagnostic_source(&self) -> Option<&dyn Diagnostic> {
        self.inner.diagnostic_source()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Style;
    use proptest::prelude::*;

    #[derive(Debug, thiserror::Error, miette::Diagnostic)]
    #[error("{message}")]
    #[diagnostic(code(test::label), help("a help"))]
    struct Labelled {
        message: String,
        #[label("here")]
        at: SourceSpan,
        #[label("and here")]
        also: Option<SourceSpan>,
    }

    fn render(text: &str, at: (usize, usize), also: Option<(usize, usize)>) -> String {
        let source = Snippets::new("t.infra", text.into());
        let error = Labelled {
            message: "bad".into(),
            at: at.into(),
            also: also.map(Into::into),
        };
        let mut out = String::new();
        render_report(&mut out, &Style::PLAIN.handler(), &error, &source);
        out
    }

    /// What miette draws with its own reader, for comparison.
    fn miette_own(text: &str, at: (usize, usize), also: Option<(usize, usize)>) -> String {
        let error = Labelled {
            message: "bad".into(),
            at: at.into(),
            also: also.map(Into::into),
        };
        let report = miette::Report::new(error).with_source_code(
            miette::NamedSource::new("t.infra", text.to_string()).with_language("infra"),
        );
        let mut out = String::new();
        let _ = Style::PLAIN
            .handler()
            .wrapping()
            .render_report(&mut out, report.as_ref());
        out
    }

    #[test]
    fn excerpts_match_what_miette_draws_from_the_whole_text() {
        let text = "a = 1\nserver web {\n  ip = 10.0.0.300\n}\r\nlast\rline\n";
        let ip = text.find("10.0.0.300").unwrap_or(0);
        for (at, also) in [
            ((ip, 10), None),
            ((0, 1), Some((ip, 3))),
            ((text.len() - 1, 0), None),
            ((text.find("last").unwrap_or(0), 8), None),
            ((6, 20), None),
        ] {
            assert_eq!(
                render(text, at, also),
                miette_own(text, at, also),
                "{at:?} {also:?}"
            );
        }
    }

    #[test]
    fn a_label_past_column_65535_is_drawn_from_a_cut_line() {
        let text = format!("title = \"{}\" bogus\nnext\n", "A".repeat(65_600));
        let bogus = text.find("bogus").unwrap_or(0);
        let out = render(&text, (bogus, 5), Some((8, 65_602)));
        assert!(out.contains("bogus") && out.contains('…'), "{out}");
        assert!(out.lines().all(|l| l.chars().count() < 400), "{out}");
        // The header names the first label's place in the uncut line.
        assert!(out.contains("[t.infra:1:9]"), "{out}");
        let alone = render(&text, (bogus, 5), None);
        assert!(
            alone.contains(&format!("[t.infra:1:{}]", bogus + 1)),
            "{alone}"
        );
    }

    #[test]
    fn a_cut_copy_far_into_the_file_keeps_its_line_numbers() {
        let before = "a = 1\n".repeat(40);
        let long = format!("title = \"{}\" bogus\n", "A".repeat(5_000));
        let text = format!("{before}{long}b = 2\n{}", "c = 3\n".repeat(40));
        let bogus = text.find("bogus").unwrap_or(0);
        let out = render(&text, (bogus, 5), None);
        assert!(out.contains('…'), "the long line is cut: {out}");
        assert!(out.contains("[t.infra:41:5012]"), "{out}");
        for line in [" 40 │ a = 1", " 41 │ title", " 42 │ b = 2"] {
            assert!(out.contains(line), "{line:?} in {out}");
        }
    }

    #[test]
    fn a_cut_copy_holds_only_the_lines_around_its_labels() {
        let long = format!("title = \"{}\" bogus\n", "A".repeat(5_000));
        let text = format!("a = 1\n{}{long}b = 2\n", "x = 2\n".repeat(50_000));
        let bogus = text.find("bogus").unwrap_or(0);
        let labels = [
            LabeledSpan::new_primary_with_span(Some("here".into()), (0, 1)),
            LabeledSpan::new_with_span(Some("and here".into()), (bogus, 5)),
        ];
        let source = Snippets::new("t.infra", text.as_str().into());
        let Some((cut, _)) = cut::cut_long_lines(&source, &labels) else {
            panic!("a label is on a long line");
        };
        // Two runs of at most five lines, the long one cut: not the 50,000 between.
        let kept: usize = cut.files.iter().map(|(_, f)| f.text.len()).sum();
        assert!(kept < 1_000, "{kept} bytes kept");
        let out = render(&text, (0, 1), Some((bogus, 5)));
        for line in [
            " 1 │ a = 1",
            " 2 │ x = 2",
            " 50002 │ title",
            " 50003 │ b = 2",
        ] {
            assert!(out.contains(line), "{line:?} in {out}");
        }
        assert!(out.lines().count() < 30, "{out}");
    }

    #[test]
    fn far_labels_late_in_a_file_are_drawn_apart() {
        let text = "x = 2\n".repeat(1_000);
        let (a, b) = (600 * 6, 990 * 6);
        let out = render(&text, (a, 1), Some((b, 1)));
        assert!(out.contains(" 601 │") && out.contains(" 991 │"), "{out}");
        // miette's own reader joins them and draws the 390 lines between.
        assert!(out.lines().count() < 30, "{out}");
        assert!(miette_own(&text, (a, 1), Some((b, 1))).lines().count() > 390);
        // Near ones are still joined as miette joins them.
        let near = (620 * 6, 1);
        assert_eq!(
            render(&text, (a, 1), Some(near)),
            miette_own(&text, (a, 1), Some(near))
        );
    }

    proptest! {
        /// Any text, any labels: a report comes out, and short lines are drawn as
        /// miette would draw them.
        #[test]
        fn any_spans_on_any_text_render(
            text in "([a-z ]{0,5}[\n\r\t]?){0,8}|[a\t]{0,9000}",
            a in 0usize..10_000, la in 0usize..100, b in 0usize..10_000, lb in 0usize..9_000,
        ) {
            let n = text.len();
            let at = (a.min(n), la.min(n - a.min(n)));
            let also = (b.min(n), lb.min(n - b.min(n)));
            let ours = render(&text, at, Some(also));
            prop_assert!(ours.contains("bad"));
            if n <= LONG_LINE {
                prop_assert_eq!(ours, miette_own(&text, at, Some(also)));
            }
        }
    }
}
