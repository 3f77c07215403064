//! miette's graphical renderer, with the text wrapping skipped where it changes nothing.
//!
//! miette wraps a report's message and help with textwrap on every report, even when
//! they fit the width: it never takes textwrap's fast path, because it indents the
//! first line. That wrapping was 42 % of the instructions of `check` on a design with
//! 7,710 findings, and the human report cost 3.3× the JSON one. A report whose texts
//! all fit on their lines is drawn by a second renderer that does not wrap; its output
//! is the same, byte for byte (`tests::unwrapped_reports_are_the_wrapped_ones`).

use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme};

/// Columns the widest indent miette puts before a message or help line takes
/// (`  help: `), with one to spare.
const INDENT: usize = 9;

/// The two renderers of one style.
#[derive(Debug, Clone)]
pub struct Handler {
    wrapping: GraphicalReportHandler,
    straight: GraphicalReportHandler,
    width: usize,
}

impl Handler {
    pub fn new(theme: GraphicalTheme, width: usize) -> Handler {
        let wrapping = GraphicalReportHandler::new_themed(theme).with_width(width);
        Handler {
            straight: wrapping.clone().with_wrap_lines(false),
            wrapping,
            width,
        }
    }

    /// miette's renderer as configured, wrapping every text.
    pub fn wrapping(&self) -> &GraphicalReportHandler {
        &self.wrapping
    }

    /// The renderer to draw `diagnostic` with: the one that does not wrap when nothing
    /// would be wrapped.
    pub fn for_report(&self, diagnostic: &dyn Diagnostic) -> &GraphicalReportHandler {
        if self.fits(diagnostic) {
            &self.straight
        } else {
            &self.wrapping
        }
    }

    /// Whether wrapping would leave every text of `diagnostic` as it is: its message
    /// and help are lines that fit the width after their indent, with no whitespace
    /// textwrap would trim or expand, and it has no causes or related reports (drawn
    /// with indents of their own).
    fn fits(&self, diagnostic: &dyn Diagnostic) -> bool {
        let nested = diagnostic.source().is_some()
            || diagnostic.diagnostic_source().is_some()
            || diagnostic.related().is_some_and(|mut r| r.next().is_some());
        if nested {
            return false;
        }
        let room = self.width.saturating_sub(2 + INDENT);
        let fits = |text: &str| {
            !text.is_empty()
                && text.split('\n').all(|line| {
                    !line.is_empty()
                        && line.trim() == line
                        && !line.contains(['\t', '\r', '\u{1b}'])
                        // No character is wider than its UTF-8 bytes: the length
                        // alone settles most lines.
                        && (line.len() < room || textwrap::core::display_width(line) < room)
                })
        };
        fits(&diagnostic.to_string()) && diagnostic.help().is_none_or(|h| fits(&h.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use miette::{LabeledSpan, NamedSource};
    use proptest::prelude::*;
    use std::fmt;

    #[derive(Debug)]
    struct Report {
        message: String,
        help: Option<String>,
        at: (usize, usize),
        source: NamedSource<String>,
    }

    impl fmt::Display for Report {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(&self.message)
        }
    }

    impl std::error::Error for Report {}

    impl Diagnostic for Report {
        fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
            self.help
                .as_ref()
                .map(|h| Box::new(h) as Box<dyn fmt::Display>)
        }
        fn source_code(&self) -> Option<&dyn miette::SourceCode> {
            Some(&self.source)
        }
        fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
            Some(Box::new(std::iter::once(
                LabeledSpan::new_primary_with_span(Some("here".into()), self.at),
            )))
        }
    }

    fn draw(handler: &GraphicalReportHandler, report: &Report) -> String {
        let mut out = String::new();
        let _ = handler.render_report(&mut out, report);
        out
    }

    /// Words as messages and helps have them, with the odd wide character, space run
    /// and line break.
    fn text() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof![
                "[a-z`.,:()-]{1,12}",
                Just("  ".to_string()),
                Just("\n".to_string()),
                Just("数据库".to_string()),
                Just("https://example.com/a-long/path".to_string()),
            ],
            1..30,
        )
        .prop_map(|words| words.join(" "))
    }

    proptest! {
        #[test]
        fn unwrapped_reports_are_the_wrapped_ones(
            message in text(),
            help in proptest::option::of(text()),
            width in 20usize..120,
        ) {
            let handler = Handler::new(GraphicalTheme::unicode_nocolor(), width);
            let report = Report {
                message,
                help,
                at: (0, 3),
                source: NamedSource::new("t.infra", "server web {}\n".to_string()),
            };
            let chosen = draw(handler.for_report(&report), &report);
            prop_assert_eq!(chosen, draw(handler.wrapping(), &report));
        }
    }

    #[test]
    fn short_texts_skip_the_wrapping_and_long_ones_keep_it() {
        let handler = Handler::new(GraphicalTheme::unicode_nocolor(), 80);
        let report = |message: &str| Report {
            message: message.to_string(),
            help: Some("add a firewall".into()),
            at: (0, 3),
            source: NamedSource::new("t.infra", "server web {}\n".to_string()),
        };
        assert!(handler.fits(&report("`web` has no firewall")));
        assert!(!handler.fits(&report(&"word ".repeat(20))));
        assert!(!handler.fits(&report("a space at the end ")));
        assert!(!handler.fits(&report("")));
    }
}
