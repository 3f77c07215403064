//! Turning pest's "expected one of these rules" into a sentence a user can act on.
//!
//! pest reports the furthest position it reached and the rules it tried there. With
//! error detail switched on it also knows the literal tokens (`{`, `=`, `->`) it wanted;
//! collecting them costs time, so a failed parse is run a second time with it on.

use super::SyntaxError;
use super::limits::Scan;
use super::parser::{InfraParser, Rule};
use crate::span::Span;
use pest::Parser as _;
use pest::error::InputLocation;
use std::collections::BTreeSet;

pub fn describe(text: &str, scan: &Scan) -> SyntaxError {
    pest::set_error_detail(true);
    let result = InfraParser::parse(Rule::file, text);
    pest::set_error_detail(false);
    let Err(error) = result else {
        // Parsing is deterministic; a second attempt cannot succeed where the first failed.
        return unexpected(text, 0, BTreeSet::from(["a statement".to_string()]), scan);
    };
    let position = match error.location {
        InputLocation::Pos(p) => p,
        InputLocation::Span((p, _)) => p,
    };
    let mut expected = BTreeSet::new();
    if let pest::error::ErrorVariant::ParsingError { positives, .. } = &error.variant {
        expected.extend(
            positives
                .iter()
                .filter_map(|r| rule_name(*r))
                .map(str::to_string),
        );
    }
    if let Some(attempts) = error.parse_attempts() {
        if attempts.max_position == position {
            expected.extend(
                attempts
                    .expected_tokens()
                    .iter()
                    .filter_map(|t| token_name(&t.to_string())),
            );
        }
    }
    if expected.is_empty() {
        expected.insert("a statement".to_string());
    }
    unexpected(text, position, expected, scan)
}

fn unexpected(text: &str, position: usize, expected: BTreeSet<String>, scan: &Scan) -> SyntaxError {
    let (found, width) = found_at(text, position);
    let at_end = position >= text.len();
    let unclosed = if at_end {
        scan.unclosed.last().copied()
    } else {
        None
    };
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
    (format!("`{}`", shown.escape_debug()), len)
}

fn hint(text: &str, position: usize, expected: &BTreeSet<String>, found: &str) -> Option<String> {
    let line_start = text[..position.min(text.len())]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let before = text[line_start..position.min(text.len())].trim();
    if found == "`:`" && before.contains("->") {
        return Some("a flow's protocol comes after the last target: `a -> b : http`".into());
    }
    if expected.contains("`=`") && found.starts_with("`:`") {
        return Some("attributes are written `key = value`".into());
    }
    if expected.contains("`{`") && found == "end of line" {
        return Some("a block's `{` must be on the same line as its kind and name".into());
    }
    if found == "`'`" {
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

/// User-facing names for the grammar rules pest may report. `None` hides a rule whose
/// meaning is already covered by another entry.
fn rule_name(rule: Rule) -> Option<&'static str> {
    Some(match rule {
        Rule::attribute | Rule::flow | Rule::block => "a statement",
        Rule::key | Rule::kind => "a name",
        Rule::block_name => "a name",
        Rule::label => "a label string",
        Rule::string
        | Rule::list
        | Rule::ip
        | Rule::ipv6
        | Rule::date
        | Rule::duration
        | Rule::number
        | Rule::boolean => "a value",
        Rule::path | Rule::target_list => "a name",
        Rule::arrow => "`->`",
        Rule::protocol | Rule::protocol_name => "a protocol",
        Rule::port => "a port number",
        Rule::flow_body => "`{`",
        Rule::EOI => "end of file",
        _ => return None,
    })
}

/// Literal tokens worth naming; whitespace and comment markers are noise.
fn token_name(token: &str) -> Option<String> {
    match token {
        "{" | "}" | "[" | "]" | "=" | "->" | ":" | "," | "/" => Some(format!("`{token}`")),
        _ => None,
    }
}
