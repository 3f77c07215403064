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

    #[error("`managed` is for a provider's service, not a component of a server")]
    #[diagnostic(code(infrac::model::managed_in_server))]
    ManagedInServer {
        #[label("inside `{server}`")]
        at: SourceSpan,
        server: String,
        #[help]
        hint: String,
    },

    #[error("`{key}` on a component: it runs where its server runs")]
    #[diagnostic(code(infrac::model::zone_on_component))]
    ZoneOnComponent {
        key: &'static str,
        #[label("set on `{component}`")]
        at: SourceSpan,
        component: String,
        #[help]
        hint: String,
    },

    #[error("`{first}` and `{second}` cannot both be set")]
    #[diagnostic(code(infrac::model::conflicting_attributes))]
    ConflictingAttributes {
        first: &'static str,
        second: &'static str,
        #[label("`{second}` here")]
        at: SourceSpan,
        #[label("`{first}` here")]
        other: SourceSpan,
        #[help]
        hint: String,
    },

    #[error("`zones` on a single server")]
    #[diagnostic(code(infrac::model::not_a_group))]
    NotAGroup {
        #[label("`{server}` is one server, in one zone")]
        at: SourceSpan,
        server: String,
        #[help]
        hint: String,
    },

    #[error("{problem}")]
    #[diagnostic(code(infrac::model::group_size))]
    GroupSize {
        problem: String,
        #[label("{label}")]
        at: SourceSpan,
        label: String,
        #[label("{other_label}")]
        other: Option<SourceSpan>,
        other_label: String,
        #[help]
        hint: String,
    },

    #[error("an instance group's servers have their own addresses")]
    #[diagnostic(code(infrac::model::address_on_group))]
    AddressOnGroup {
        key: &'static str,
        #[label("one `{key}` for {count} servers")]
        at: SourceSpan,
        count: String,
        #[help]
        hint: String,
    },

    #[error("zone `{zone}` is in region `{zone_region}`, not `{region}`")]
    #[diagnostic(code(infrac::model::zone_not_in_region))]
    ZoneNotInRegion {
        zone: String,
        zone_region: String,
        region: String,
        #[label("region `{region}`")]
        at: SourceSpan,
        #[label("`{zone}` is declared in `{zone_region}` here")]
        declared: SourceSpan,
        #[help]
        hint: String,
    },

    #[error("a proxied record needs an edge to proxy through")]
    #[diagnostic(code(infrac::model::proxied_without_edge))]
    ProxiedWithoutEdge {
        #[label("{label}")]
        at: SourceSpan,
        label: String,
        #[help]
        hint: String,
    },

    #[error("{problem}")]
    #[diagnostic(code(infrac::model::bad_routing))]
    BadRouting {
        problem: String,
        #[label("{label}")]
        at: SourceSpan,
        label: String,
        #[help]
        hint: String,
    },

    #[error("port {port} on `{server}` is already taken by `{owner}`")]
    #[diagnostic(code(infrac::model::port_taken))]
    PortTaken {
        port: u16,
        server: String,
        owner: String,
        #[label("`{component}` listens on {port} here")]
        at: SourceSpan,
        component: String,
        #[label("`{owner}` listens on {port} here")]
        first: SourceSpan,
        #[help]
        hint: String,
    },

    #[error("`{name}` is a backup of `{balancer}` but not one of its backends")]
    #[diagnostic(code(infrac::model::not_a_backend))]
    NotABackend {
        name: String,
        balancer: String,
        #[label("not a backend")]
        at: SourceSpan,
        #[help]
        hint: String,
    },

    #[error("{problem}")]
    #[diagnostic(code(infrac::model::wrong_direction))]
    WrongDirection {
        problem: String,
        #[label("{label}")]
        at: SourceSpan,
        label: String,
        #[help]
        hint: String,
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
            | ModelError::MisplacedStatement { at, .. }
            | ModelError::ManagedInServer { at, .. }
            | ModelError::ZoneOnComponent { at, .. }
            | ModelError::ConflictingAttributes { at, .. }
            | ModelError::NotAGroup { at, .. }
            | ModelError::GroupSize { at, .. }
            | ModelError::AddressOnGroup { at, .. }
            | ModelError::ZoneNotInRegion { at, .. }
            | ModelError::ProxiedWithoutEdge { at, .. }
            | ModelError::BadRouting { at, .. }
            | ModelError::PortTaken { at, .. }
            | ModelError::NotABackend { at, .. }
            | ModelError::WrongDirection { at, .. } => at,
        };
        Span::new(at.offset(), at.offset() + at.len())
    }
}

pub fn span(s: Span) -> SourceSpan {
    s.into()
}
