//! Inline suppressions: `# infrac: allow(rule-name) reason` on the line before an item
//! silences that rule for that item. A suppression that silences nothing is reported,
//! like an unused `#[allow]`, so stale ones do not pile up.

use super::finding::{Finding, Severity};
use super::rules;
use crate::span::{LineIndex, Span};
use crate::syntax::ast::Comment;

#[derive(Debug, Clone)]
pub struct Suppression {
    pub rules: Vec<String>,
    pub span: Span,
    /// The 1-based line of the item it applies to.
    pub line: usize,
    used: bool,
}

/// Suppressions written in `comments`; `lines` index `text`.
pub fn parse(comments: &[Comment], text: &str, lines: &LineIndex) -> Vec<Suppression> {
    comments
        .iter()
        .filter_map(|c| {
            let rules = allowed_rules(&c.text)?;
            Some(Suppression {
                rules,
                span: c.span,
                line: next_code_line(text, c.span.end(), lines),
                used: false,
            })
        })
        .collect()
}

/// `["a", "b"]` from `# infrac: allow(a, b) why`.
fn allowed_rules(comment: &str) -> Option<Vec<String>> {
    let body = comment
        .trim_start_matches('#')
        .trim_start_matches("//")
        .trim();
    let inner = body
        .strip_prefix("infrac:")?
        .trim()
        .strip_prefix("allow(")?;
    let (list, _) = inner.split_once(')')?;
    Some(
        list.split(',')
            .map(|r| r.trim().to_string())
            .filter(|r| !r.is_empty())
            .collect(),
    )
}

/// The first line after the comment ending at `offset` that holds code (not blank, not
/// only a comment); `usize::MAX` if there is none.
fn next_code_line(text: &str, offset: usize, lines: &LineIndex) -> usize {
    let Some(newline) = text[offset..].find('\n') else {
        return usize::MAX;
    };
    let mut start = offset + newline + 1;
    while start < text.len() {
        let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let code = text[start..end].trim();
        if !code.is_empty() && !code.starts_with('#') && !code.starts_with("//") {
            return lines.line(start);
        }
        start = end + 1;
    }
    usize::MAX
}

/// Drop suppressed findings; report suppressions that silenced nothing.
pub fn apply(
    findings: Vec<Finding>,
    suppressions: &mut [Suppression],
    lines: &LineIndex,
    node_lines: impl Fn(&Finding) -> Option<usize>,
) -> Vec<Finding> {
    let mut kept = Vec::with_capacity(findings.len());
    for finding in findings {
        let finding_line = lines.line(finding.span.start());
        let item_line = node_lines(&finding);
        let suppression = suppressions.iter_mut().find(|s| {
            s.rules.iter().any(|r| r == finding.rule)
                && (s.line == finding_line || Some(s.line) == item_line)
        });
        match suppression {
            Some(s) => s.used = true,
            None => kept.push(finding),
        }
    }
    kept
}

/// Findings for suppressions that silenced nothing, or name no rule.
pub fn unused(suppressions: &[Suppression]) -> Vec<Finding> {
    suppressions
        .iter()
        .filter(|s| !s.used)
        .map(|s| {
            let unknown: Vec<&str> = s
                .rules
                .iter()
                .map(String::as_str)
                .filter(|r| rules::find(r).is_none())
                .collect();
            let message = if unknown.is_empty() {
                format!("this suppression of {} silences nothing", quoted(&s.rules))
            } else {
                format!(
                    "this suppression names unknown rules: {}",
                    quoted_strs(&unknown)
                )
            };
            Finding {
                rule: rules::UNUSED_SUPPRESSION,
                severity: Severity::Warning,
                node: None,
                component: String::new(),
                message,
                help: "remove it, or put it on the line just above the item it is about".into(),
                span: s.span,
                focus: None,
                related: Vec::new(),
            }
        })
        .collect()
}

fn quoted(rules: &[String]) -> String {
    quoted_strs(&rules.iter().map(String::as_str).collect::<Vec<_>>())
}

fn quoted_strs(rules: &[&str]) -> String {
    rules
        .iter()
        .map(|r| format!("`{r}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::allowed_rules;

    #[test]
    fn reads_the_rule_list() {
        assert_eq!(
            allowed_rules("# infrac: allow(no-monitoring, no-firewall) lab box"),
            Some(vec!["no-monitoring".to_string(), "no-firewall".to_string()])
        );
        assert_eq!(
            allowed_rules("// infrac:allow(a)"),
            Some(vec!["a".to_string()])
        );
        assert_eq!(allowed_rules("# a normal comment"), None);
        assert_eq!(allowed_rules("# infrac: allow(unclosed"), None);
    }
}
