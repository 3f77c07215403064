//! Turning pest's "expected one of these rules" into a sentence a user can act on.
//!
//! pest reports the furthest position it reached and the rules it tried there. With
//! error detail switched on it also knows the literal tokens (`{`, `=`, `->`) it wanted;
//! collecting them costs time, so a failed parse is run a second time with it on.

use super::SyntaxError;
use super::grammar::{InfraParser, Rule};
use super::limits::Scan;
use crate::span::Span;
use pest::Parser as _;
use pest::error::InputLocation;
use std::collections::BTreeSet;
use std::ops::Range;
use std::sync::{Mutex, PoisonError};

/// Describe every grammar error among the statements of `text` within `within` (one
/// parsing batch), after parsing that batch failed.
///
/// pest stops at the first error, so each top-level statement (split at line breaks
/// outside brackets, strings and comments) is parsed again on its own; each one that
/// fails is described. At most [`MAX_ERRORS`] are reported.
pub fn describe_all(text: &str, within: Range<usize>) -> Vec<SyntaxError> {
    let mut errors: Vec<SyntaxError> = Vec::new();
    let mut continues = false;
    let statements = top_level_statements(text)
        .into_iter()
        .filter(|r| r.start >= within.start && r.end <= within.end);
    for range in statements {
        // A statement that broke at its end of line most likely goes on in the next
        // one (`server s` then `{` below it): that next line is not a new error.
        if std::mem::take(&mut continues) {
            continue;
        }
        let end = range.end;
        if let Some(error) = describe(text, range) {
            let at = error.span().map_or(0, |s| s.start());
            continues = text[at..end].trim().is_empty();
            errors.push(error);
        }
        if errors.len() == MAX_ERRORS {
            break;
        }
    }
    if errors.is_empty() {
        // The statements parse alone but not together (a missing separator, say).
        errors.extend(describe(text, within));
    }
    errors
}

/// Most grammar errors reported for one file; later ones are usually echoes.
pub const MAX_ERRORS: usize = 10;

/// Held while pest parses with error detail on.
///
/// pest's error detail is one process-wide switch, read when a parse starts. Two threads
/// describing errors at once (two batches of one file, two files in the language server)
/// would switch it off under each other, and an error would lose the tokens it expected:
/// the same text described two ways depending on timing. Other parses may still start
/// while it is on; that costs them time, never a different result, since they only ask
/// whether the text parses.
static ERROR_DETAIL: Mutex<()> = Mutex::new(());

/// Describe why `text[range]` does not parse as a file, or `None` if it does.
fn describe(text: &str, range: Range<usize>) -> Option<SyntaxError> {
    let part = &text[range.clone()];
    let result = {
        let _detail = ERROR_DETAIL.lock().unwrap_or_else(PoisonError::into_inner);
        pest::set_error_detail(true);
        let result = InfraParser::parse(Rule::file, part);
        pest::set_error_detail(false);
        result
    };
    let error = result.err()?;
    // pest tracks failed rules and failed literal tokens separately; the error is at the
    // furthest position either reached.
    let rule_position = range.start
        + match error.location {
            InputLocation::Pos(p) => p,
            InputLocation::Span((p, _)) => p,
        };
    // Tokens wanted inside an atomic rule (the `.` of a half-written IP) are not worth
    // naming; only tokens that name a piece of syntax move the error forward.
    let tokens: BTreeSet<String> = error
        .parse_attempts()
        .map(|a| {
            a.expected_tokens()
                .iter()
                .filter_map(|t| token_name(&t.to_string()))
                .map(|name| (range.start + a.max_position, name))
                .collect::<Vec<_>>()
        })
        .unwrap_or_default()
        .into_iter()
        .filter(|(at, _)| *at >= rule_position)
        .map(|(_, name)| name)
        .collect();
    let token_position = error
        .parse_attempts()
        .map(|a| range.start + a.max_position)
        .filter(|_| !tokens.is_empty());
    let position = rule_position.max(token_position.unwrap_or(0));
    let mut expected = BTreeSet::new();
    if let pest::error::ErrorVariant::ParsingError { positives, .. } = &error.variant
        && rule_position == position
    {
        expected.extend(rule_names(positives).into_iter().map(str::to_string));
    }
    if token_position == Some(position) {
        expected.extend(tokens);
    }
    if expected.is_empty() {
        expected.insert("a statement".to_string());
    }
    let scan = Scan::new(part);
    Some(unexpected(text, position, expected, &scan, range.start))
}

/// Byte ranges of the top-level statements: lines at bracket depth 0 (a block spans from
/// its first line to the line that closes it). Blank and comment-only lines are skipped.
fn top_level_statements(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut ranges = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                i += 1;
                while i < bytes.len() && !matches!(bytes[i], b'"' | b'\n') {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
            }
            b'#' => {
                while i + 1 < bytes.len() && bytes[i + 1] != b'\n' {
                    i += 1;
                }
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                while i + 1 < bytes.len() && bytes[i + 1] != b'\n' {
                    i += 1;
                }
            }
            b'{' | b'[' => depth += 1,
            b'}' | b']' => depth = depth.saturating_sub(1),
            b'\n' if depth == 0 => {
                ranges.push(start..i + 1);
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    ranges.push(start..bytes.len().max(start));
    ranges
        .into_iter()
        .filter(|r| text.get(r.clone()).is_some_and(|t| !is_blank_or_comment(t)))
        .collect()
}

fn is_blank_or_comment(text: &str) -> bool {
    let line = text.trim();
    line.is_empty() || line.starts_with('#') || line.starts_with("//")
}

fn unexpected(
    text: &str,
    position: usize,
    mut expected: BTreeSet<String>,
    scan: &Scan,
    offset: usize,
) -> SyntaxError {
    let (found, width) = found_at(text, position);
    let at_end = position >= text.len();
    let unclosed = if at_end {
        scan.unclosed.last().map(|&(at, c)| (at + offset, c))
    } else {
        None
    };
    if let Some((_, opener)) = unclosed {
        // At the end of the file with a bracket open, the one useful thing is to close it.
        let closer = if opener == '{' { "`}`" } else { "`]`" };
        expected = BTreeSet::from([closer.to_string()]);
    } else if expected.contains("a value") {
        // `[` starts a list and `:` an IPv6 address: both are values already.
        expected.retain(|e| e != "`[`" && e != "`:`");
    }
    let hint = hint(text, position, &expected, &found);
    SyntaxError::Unexpected {
        expected: join_alternatives(&expected),
        found,
        at: Span::new(position, position + width).into(),
        unclosed: unclosed.map(|(at, _)| Span::new(at, at + 1).into()),
        opener: unclosed.map_or('{', |(_, c)| c),
        hint,
    }
}

/// A short description of what stands at `position`, and how many bytes it covers.
fn found_at(text: &str, position: usize) -> (String, usize) {
    let rest = &text[position.min(text.len())..];
    let Some(first) = rest.chars().next() else {
        return ("end of file".to_string(), 0);
    };
    if first == '\n' || first == '\r' {
        return ("end of line".to_string(), 0);
    }
    if rest.starts_with("->") {
        return ("`->`".to_string(), 2);
    }
    let word_len = rest
        .find(|c: char| !(c.is_alphanumeric() || matches!(c, '_' | '-' | '.')))
        .unwrap_or(rest.len());
    let len = if word_len == 0 {
        first.len_utf8()
    } else {
        word_len
    };
    let word = &rest[..len];
    let shown: String = word.chars().take(30).collect();
    if shown.chars().any(char::is_control) {
        return (format!("`{}`", shown.escape_debug()), len);
    }
    (format!("`{shown}`"), len)
}

fn hint(text: &str, position: usize, expected: &BTreeSet<String>, found: &str) -> Option<String> {
    let line_start = text[..position.min(text.len())]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let before = text[line_start..position.min(text.len())].trim();
    if (found == "`:`" || found == "`->`") && before.contains("->") && before.contains(':') {
        return Some("a flow's protocol comes after the last target: `a -> b -> c : http`".into());
    }
    if found == "`:`" && before.contains("->") {
        return Some("a flow's protocol comes after the last target: `a -> b : http`".into());
    }
    if expected.contains("`=`") && found.starts_with("`:`") {
        return Some("attributes are written `key = value`".into());
    }
    if expected.contains("`{`") && found == "end of line" {
        return Some("a block's `{` must be on the same line as its kind and name".into());
    }
    if expected.contains("a value") && found.starts_with("`") && looks_like_partial_ip(found) {
        return Some("an IPv4 address has four numbers: `10.0.0.1`".into());
    }
    if expected.contains("`,`") && expected.contains("a new line") && found != "end of file" {
        return Some("separate statements with a comma or a new line".into());
    }
    if text[position.min(text.len())..].starts_with('\'') {
        return Some("strings use double quotes: \"like this\"".into());
    }
    None
}

fn join_alternatives(expected: &BTreeSet<String>) -> String {
    let items: Vec<&str> = expected.iter().map(String::as_str).collect();
    match items.as_slice() {
        [] => "something else".to_string(),
        [one] => one.to_string(),
        [init @ .., last] => format!("{} or {}", init.join(", "), last),
    }
}

/// User-facing names for the rules pest tried. Value forms collapse into "a value"; a
/// string that is the only value form tried is a block's label.
fn rule_names(rules: &[Rule]) -> Vec<&'static str> {
    let values = rules.iter().filter(|r| is_value_rule(**r)).count();
    rules
        .iter()
        .filter_map(|rule| match rule {
            Rule::string if values == 1 => Some("a label string"),
            r if is_value_rule(*r) => Some("a value"),
            Rule::attribute | Rule::flow | Rule::block => Some("a statement"),
            Rule::key | Rule::kind | Rule::block_name | Rule::target_list => Some("a name"),
            Rule::path => Some("a name"),
            Rule::label => Some("a label string"),
            Rule::arrow => Some("`->`"),
            Rule::protocol | Rule::protocol_name => Some("a protocol"),
            Rule::port => Some("a port number"),
            Rule::flow_body => Some("`{`"),
            Rule::EOI => Some("end of file"),
            _ => None,
        })
        .filter(|name| !(values > 1 && *name == "a name"))
        .collect()
}

fn is_value_rule(rule: Rule) -> bool {
    matches!(
        rule,
        Rule::string
            | Rule::list
            | Rule::ip
            | Rule::ipv6
            | Rule::date
            | Rule::duration
            | Rule::number
            | Rule::boolean
            | Rule::protocol_value
            | Rule::digit_path
    )
}

/// Literal tokens worth naming; whitespace and comment markers are noise.
fn token_name(token: &str) -> Option<String> {
    match token {
        "{" | "}" | "[" | "]" | "=" | "->" | ":" | "," | "/" => Some(format!("`{token}`")),
        "\n" => Some("a new line".to_string()),
        _ => None,
    }
}

fn looks_like_partial_ip(found: &str) -> bool {
    let text = found.trim_matches('`');
    text.contains('.') && text.chars().all(|c| c.is_ascii_digit() || c == '.')
}

#[cfg(test)]
mod tests {
    use crate::syntax::parse;

    /// pest's error detail is one process-wide switch: describing errors on several threads
    /// at once (two batches of a file, two files in the language server, parallel tests)
    /// must still describe each text exactly as on one thread.
    #[test]
    fn errors_are_described_the_same_on_many_threads_at_once() {
        let broken = [
            "server a {\n  x = \n}\nb -> : http\nc = [1,,2]\n",
            "a = 1 b = 2\nserver s\n{\n}\nd -> e : 80\n",
            "x = 10.0.0\ny = [a b]\nz -> [ ] -> w\n",
        ];
        let expected: Vec<_> = broken.iter().map(|t| parse(t)).collect();
        std::thread::scope(|scope| {
            for _ in 0..4 {
                scope.spawn(|| {
                    for _ in 0..500 {
                        for (text, want) in broken.iter().zip(&expected) {
                            assert_eq!(&parse(text), want, "described differently: {text:?}");
                        }
                    }
                });
            }
        });
    }
}
