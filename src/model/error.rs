//! Errors of the model stage: the file parses, but does not describe a valid design.

use crate::span::Span;
use miette::{Diagnostic, SourceSpan};
use thiserror::Error;

/// A hint line: "did you mean `x`?" when there is a close match, or a fallback.
pub fn did_you_mean(suggestion: Option<&str>) -> Option<String> {
    suggestion.map(|s| format!("did you mean `{s}`?"))
}

/// The suggestion a `did_you_mean` hint names (for the editor's quick fix).
pub fn suggestion_in(hint: &str) -> Option<&str> {
    let rest = hint.strip_prefix("did you mean `")?;
    rest.split_once('`').map(|(s, _)| s)
}

#[derive(Debug, Clone, Error, Diagnostic, PartialEq)]
pub enum ModelError {
    #[error("unknown kind `{kind}`")]
    #[diagnostic(code(infrac::model::unknown_kind))]
    UnknownKind {
        kind: String,
        #[label("not a kind infrac knows")]
        at: SourceSpan,
        #[help]
        hint: Option<String>,
    },

    #[error("{noun} cannot be declared {place}")]
    #[diagnostic(code(infrac::model::misplaced))]
    Misplaced {
        noun: &'static str,
        place: String,
        #[label("declared here")]
        at: SourceSpan,
        #[help]
        hint: Option<String>,
    },

    #[error("{noun} needs a name")]
    #[diagnostic(
        code(infrac::model::missing_name),
        help("write `{kind} NAME {{ ... }}`")
    )]
    MissingName {
        noun: &'static str,
        kind: &'static str,
        #[label("name it after the kind")]
        at: SourceSpan,
    },

    #[error("invalid name `{name}`")]
    #[diagnostic(code(infrac::model::bad_name))]
    BadName {
        name: String,
        #[label("{reason}")]
        at: SourceSpan,
        reason: String,
    },

    #[error("`{name}` is declared twice")]
    #[diagnostic(
        code(infrac::model::duplicate_name),
        help("names must be unique among their siblings")
    )]
    DuplicateName {
        name: String,
        #[label("declared again here")]
        at: SourceSpan,
        #[label("first declared here")]
        first: SourceSpan,
    },

    #[error("unknown attribute `{key}` for {noun}")]
    #[diagnostic(code(infrac::model::unknown_attribute))]
    UnknownAttribute {
        key: String,
        noun: &'static str,
        #[label("not an attribute of {noun}")]
        at: SourceSpan,
        #[help]
        hint: Option<String>,
    },

    #[error("attribute `{key}` is set twice")]
    #[diagnostic(code(infrac::model::duplicate_attribute))]
    DuplicateAttribute {
        key: String,
        #[label("set again here")]
        at: SourceSpan,
        #[label("first set here")]
        first: SourceSpan,
    },

    #[error("`{key}` must be {expected}")]
    #[diagnostic(code(infrac::model::wrong_type))]
    WrongType {
        key: String,
        expected: String,
        #[label("this is {found}")]
        at: SourceSpan,
        found: String,
        #[help]
        hint: Option<String>,
    },

    #[error("cannot find `{name}`")]
    #[diagnostic(code(infrac::model::unresolved))]
    Unresolved {
        name: String,
        #[label("no item has this name")]
        at: SourceSpan,
        #[help]
        hint: Option<String>,
    },

    #[error("`{name}` is ambiguous")]
    #[diagnostic(
        code(infrac::model::ambiguous),
        help("write the full path: {candidates}")
    )]
    Ambiguous {
        name: String,
        candidates: String,
        #[label("could be any of {count} items")]
        at: SourceSpan,
        count: usize,
    },

    #[error("`{key}` must refer to {expected}, but `{name}` is {found}")]
    #[diagnostic(code(infrac::model::wrong_kind))]
    WrongKind {
        key: String,
        expected: String,
        name: String,
        found: &'static str,
        #[label("refers to {found}")]
        at: SourceSpan,
        #[label("`{name}` is declared here")]
        target: SourceSpan,
    },

    #[error("`{name}` is reserved")]
    #[diagnostic(
        code(infrac::model::reserved_name),
        help("`internet` is built in: it stands for the users' side")
    )]
    ReservedName {
        name: String,
        #[label("choose another name")]
        at: SourceSpan,
    },

    #[error("{noun} cannot send or receive traffic")]
    #[diagnostic(
        code(infrac::model::not_an_endpoint),
        help("flows connect the internet, servers, components, clusters and services")
    )]
    NotAnEndpoint {
        noun: &'static str,
        #[label("`{name}` is {noun}")]
        at: SourceSpan,
        name: String,
    },

    #[error("nothing on `{server}` receives {protocol}")]
    #[diagnostic(code(infrac::model::flow_to_nothing))]
    FlowToNothing {
        server: String,
        protocol: String,
        #[label("this flow goes to `{server}`")]
        at: SourceSpan,
        #[help]
        hint: String,
    },

    #[error("`{server}` has several components that receive {protocol}")]
    #[diagnostic(code(infrac::model::ambiguous_receiver))]
    AmbiguousReceiver {
        server: String,
        protocol: String,
        #[label("which one?")]
        at: SourceSpan,
        #[help]
        hint: String,
    },

    #[error("unknown protocol `{name}`")]
    #[diagnostic(code(infrac::model::unknown_protocol))]
    UnknownProtocol {
        name: String,
        #[label("not a protocol infrac knows")]
        at: SourceSpan,
        #[help]
        hint: String,
    },

    #[error("a flow from `{name}` to itself")]
    #[diagnostic(
        code(infrac::model::self_flow),
        help("a flow connects two different items")
    )]
    SelfFlow {
        name: String,
        #[label("sends to itself here")]
        at: SourceSpan,
    },

    #[error("{what} cannot appear {place}")]
    #[diagnostic(code(infrac::model::misplaced_statement))]
    MisplacedStatement {
        what: &'static str,
        place: &'static str,
        #[label("not allowed here")]
        at: SourceSpan,
        #[help]
        hint: Option<String>,
    },
}

impl ModelError {
    /// The primary span, for tests and machine-readable output.
    pub fn span(&self) -> Span {
        let at = match self {
            ModelError::UnknownKind { at, .. }
            | ModelError::Misplaced { at, .. }
            | ModelError::MissingName { at, .. }
            | ModelError::BadName { at, .. }
            | ModelError::DuplicateName { at, .. }
            | ModelError::UnknownAttribute { at, .. }
            | ModelError::DuplicateAttribute { at, .. }
            | ModelError::WrongType { at, .. }
            | ModelError::Unresolved { at, .. }
            | ModelError::Ambiguous { at, .. }
            | ModelError::WrongKind { at, .. }
            | ModelError::ReservedName { at, .. }
            | ModelError::NotAnEndpoint { at, .. }
            | ModelError::FlowToNothing { at, .. }
            | ModelError::AmbiguousReceiver { at, .. }
            | ModelError::UnknownProtocol { at, .. }
            | ModelError::SelfFlow { at, .. }
            | ModelError::MisplacedStatement { at, .. } => at,
        };
        Span::new(at.offset(), at.offset() + at.len())
    }
}

pub fn span(s: Span) -> SourceSpan {
    s.into()
}
