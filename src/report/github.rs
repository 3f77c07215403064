//! `--format github`: GitHub Actions workflow commands, one per finding, which the runner
//! shows as annotations on the pull request's diff.

use super::{Outcome, Place};
use crate::lint::Severity;

pub fn render(outcomes: &[Outcome]) -> String {
    let mut out = String::new();
    for outcome in outcomes {
        match outcome {
            Outcome::Checked {
                sources, findings, ..
            } => {
                let index = sources.index();
                for f in findings {
                    let place = Place::of(&index, f.span);
                    let span = place.span;
                    let level = match f.severity {
                        Severity::Error => "error",
                        Severity::Warning => "warning",
                        Severity::Note => "notice",
                    };
                    let message = if f.help.is_empty() {
                        f.message.clone()
                    } else {
                        format!("{}\n{}", f.message, f.help)
                    };
                    out.push_str(&format!(
                        "::{level} file={},line={},col={},endLine={},endColumn={},title={}::{}\n",
                        property(place.file),
                        span.start.line,
                        span.start.column,
                        span.end.line,
                        span.end.column,
                        property(f.rule),
                        data(&message)
                    ));
                }
            }
            Outcome::Failed(diagnostics) => {
                for e in diagnostics.to_json() {
                    let at = e.span.map_or(String::new(), |s| {
                        format!(",line={},col={}", s.start.line, s.start.column)
                    });
                    // The hint ("did you mean `web_server`?") on the annotation's second line.
                    let message = match &e.help {
                        Some(help) => format!("{}\n{help}", e.message),
                        None => e.message.clone(),
                    };
                    out.push_str(&format!(
                        "::error file={}{at},title={}::{}\n",
                        property(&e.file),
                        property(&e.code),
                        data(&message)
                    ));
                }
            }
            Outcome::Unreadable { name, error, at } => {
                let place = at.map_or(String::new(), |at| {
                    format!(
                        " file={},line={},col={}",
                        property(name),
                        at.line,
                        at.column
                    )
                });
                out.push_str(&format!("::error{place}::{}\n", data(error)))
            }
        }
    }
    out
}

/// Escape a workflow-command message.
fn data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escape a workflow-command property value.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_workflow_command_syntax() {
        assert_eq!(super::data("50%\nnext"), "50%25%0Anext");
        assert_eq!(super::property("a:b,c"), "a%3Ab%2Cc");
    }
}
