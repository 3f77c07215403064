//! Errors of the syntax stage: the text is not a well-formed `.infra` file.

use crate::span::Span;
use miette::{Diagnostic, SourceSpan};
use thiserror::Error;

#[derive(Debug, Clone, Error, Diagnostic, PartialEq)]
pub enum SyntaxError {
    #[error("expected {expected}, found {found}")]
    #[diagnostic(code(infrac::syntax::unexpected))]
    Unexpected {
        expected: String,
        found: String,
        #[label("expected {expected}")]
        at: SourceSpan,
        #[label("this `{opener}` is never closed")]
        unclosed: Option<SourceSpan>,
        opener: char,
        #[help]
        hint: Option<String>,
    },

    #[error("unterminated string")]
    #[diagnostic(
        code(infrac::syntax::unterminated_string),
        help("close the string with `\"` before the end of the line")
    )]
    UnterminatedString {
        #[label("this string is never closed")]
        at: SourceSpan,
    },

    #[error("unknown escape `{escape}` in string")]
    #[diagnostic(
        code(infrac::syntax::bad_escape),
        help("the escapes are \\\" \\\\ \\n \\t and \\u{{...}} (a hex code point)")
    )]
    BadEscape {
        escape: String,
        #[label("not a valid escape")]
        at: SourceSpan,
    },

    #[error("invalid IP address `{text}`: {reason}")]
    #[diagnostic(code(infrac::syntax::bad_ip))]
    BadIp {
        text: String,
        reason: String,
        #[label("{reason}")]
        at: SourceSpan,
    },

    #[error("invalid date `{text}`: {reason}")]
    #[diagnostic(code(infrac::syntax::bad_date), help("dates are written YYYY-MM-DD"))]
    BadDate {
        text: String,
        reason: String,
        #[label("{reason}")]
        at: SourceSpan,
    },

    #[error("number `{text}` is out of range")]
    #[diagnostic(code(infrac::syntax::number_out_of_range))]
    NumberOutOfRange {
        text: String,
        #[label("does not fit in 64 bits")]
        at: SourceSpan,
    },

    #[error("port `{text}` is out of range")]
    #[diagnostic(
        code(infrac::syntax::bad_port),
        help("ports are whole numbers from 1 to 65535")
    )]
    BadPort {
        text: String,
        #[label("not a port number")]
        at: SourceSpan,
    },

    #[error("nesting deeper than {limit} levels")]
    #[diagnostic(
        code(infrac::syntax::too_deep),
        help("blocks and lists may nest at most {limit} levels deep")
    )]
    TooDeep {
        limit: usize,
        #[label("this opens level {}", limit + 1)]
        at: SourceSpan,
    },

    #[error("file is too large ({size} bytes; the limit is {limit} bytes)")]
    #[diagnostic(
        code(infrac::syntax::too_large),
        help("split the design into several files")
    )]
    TooLarge { size: usize, limit: usize },

    /// The parser itself failed on part of the file (a bug in infrac, not in the design):
    /// reported rather than returning a silently shorter file.
    #[error("infrac could not parse this part of the file (an internal error)")]
    #[diagnostic(
        code(infrac::syntax::internal),
        help("please report this with the file; nothing of it was checked")
    )]
    Internal {
        #[label("from here")]
        at: SourceSpan,
    },
}

impl SyntaxError {
    /// The primary span, for tests and JSON output.
    pub fn span(&self) -> Option<Span> {
        let at = match self {
            SyntaxError::Unexpected { at, .. }
            | SyntaxError::UnterminatedString { at }
            | SyntaxError::BadEscape { at, .. }
            | SyntaxError::BadIp { at, .. }
            | SyntaxError::BadDate { at, .. }
            | SyntaxError::NumberOutOfRange { at, .. }
            | SyntaxError::BadPort { at, .. }
            | SyntaxError::TooDeep { at, .. }
            | SyntaxError::Internal { at } => at,
            SyntaxError::TooLarge { .. } => return None,
        };
        Some(Span::new(at.offset(), at.offset() + at.len()))
    }
}
