//! The typed syntax tree. Every node keeps the byte span it was parsed from.
//!
//! The AST says what was written, not what it means: `srv1.nginx` and `www.foobar.com`
//! are both a [`Path`] here; name resolution in `model::lower` decides which is a
//! reference and which a hostname.

use crate::span::Span;
use std::net::IpAddr;

/// A whole `.infra` file.
#[derive(Debug, Clone, PartialEq)]
pub struct File {
    pub statements: Vec<Statement>,
    /// Every comment in the file, in source order (the formatter re-attaches them).
    pub comments: Vec<Comment>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Comment {
    /// The comment including its `#` or `//` marker, without the line break.
    pub text: String,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Statement {
    Block(Block),
    Attribute(Attribute),
    Flow(Flow),
}

impl Statement {
    pub fn span(&self) -> Span {
        match self {
            Statement::Block(b) => b.span,
            Statement::Attribute(a) => a.span,
            Statement::Flow(f) => f.span,
        }
    }
}

/// An identifier with its span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ident {
    pub name: String,
    pub span: Span,
}

/// `kind name "label" { body }`
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    pub kind: Ident,
    /// The block's name; dotted only for `domain` (`foobar.com`), `@` for a zone apex.
    pub name: Option<Ident>,
    /// Boxed, like the other parts most statements lack: a statement is as large as its
    /// largest kind, and a design of 100 000 servers has a million of them.
    pub label: Option<Box<StringLit>>,
    pub body: Vec<Statement>,
    /// Span of the braces and everything between them.
    pub body_span: Span,
    pub span: Span,
}

/// `key = value`
#[derive(Debug, Clone, PartialEq)]
pub struct Attribute {
    pub key: Ident,
    pub value: Value,
    pub span: Span,
}

/// `a -> [b, c] -> d : proto/port { attributes }`
#[derive(Debug, Clone, PartialEq)]
pub struct Flow {
    /// At least two hops; each hop is one target or a fan-out list.
    pub hops: Vec<Target>,
    /// Boxed: see [`Block::label`].
    pub protocol: Option<Box<Protocol>>,
    /// The `{ ... }` after the flow, if any (statements, checked to be attributes later).
    pub body: Option<FlowBody>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FlowBody {
    pub statements: Vec<Statement>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    Path(Path),
    /// `[a, b]`: the flow fans out to (or in from) every listed path.
    List {
        paths: Vec<Path>,
        span: Span,
    },
}

impl Target {
    pub fn span(&self) -> Span {
        match self {
            Target::Path(p) => p.span,
            Target::List { span, .. } => *span,
        }
    }

    pub fn paths(&self) -> &[Path] {
        match self {
            Target::Path(p) => std::slice::from_ref(p),
            Target::List { paths, .. } => paths,
        }
    }
}

/// A dotted name: `lb1`, `srv1.nginx`, `www.foobar.com`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Path {
    /// The name as written, dots included.
    pub text: String,
    pub span: Span,
}

impl Path {
    pub fn dotted(&self) -> &str {
        &self.text
    }

    pub fn segments(&self) -> impl Iterator<Item = &str> {
        self.text.split('.')
    }

    pub fn is_dotted(&self) -> bool {
        self.text.contains('.')
    }
}

/// `https`, `http/8080`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Protocol {
    pub name: Ident,
    pub port: Option<Port>,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Port {
    pub number: u16,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct StringLit {
    /// The unescaped value.
    pub value: String,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Value {
    pub kind: ValueKind,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ValueKind {
    String(String),
    /// Integer or float, with the text as written (so `1.50` is printed back as `1.50`).
    Number(Number),
    Bool(bool),
    Ip(IpAddr),
    Cidr(ipnet::IpNet),
    Date(time::Date),
    Duration(Duration),
    Path(Path),
    /// A protocol with a port: `grpc/9000` (a bare `https` is a [`Path`]). Boxed: the
    /// largest kind by far, and rare (see [`Block::label`]).
    Protocol(Box<Protocol>),
    List(Vec<Value>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Number {
    pub text: String,
    pub value: NumberValue,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum NumberValue {
    Integer(i64),
    Float(f64),
}

impl NumberValue {
    pub fn as_f64(self) -> f64 {
        match self {
            NumberValue::Integer(i) => i as f64,
            NumberValue::Float(f) => f,
        }
    }
}

/// A duration as written: an amount and a unit (`30s`, `90d`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Duration {
    pub amount: u64,
    pub unit: DurationUnit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DurationUnit {
    Milliseconds,
    Seconds,
    Minutes,
    Hours,
    Days,
    Weeks,
}

impl DurationUnit {
    pub fn suffix(self) -> &'static str {
        match self {
            DurationUnit::Milliseconds => "ms",
            DurationUnit::Seconds => "s",
            DurationUnit::Minutes => "m",
            DurationUnit::Hours => "h",
            DurationUnit::Days => "d",
            DurationUnit::Weeks => "w",
        }
    }

    pub fn from_suffix(suffix: &str) -> Option<Self> {
        Some(match suffix {
            "ms" => DurationUnit::Milliseconds,
            "s" => DurationUnit::Seconds,
            "m" => DurationUnit::Minutes,
            "h" => DurationUnit::Hours,
            "d" => DurationUnit::Days,
            "w" => DurationUnit::Weeks,
            _ => return None,
        })
    }

    fn millis(self) -> u64 {
        match self {
            DurationUnit::Milliseconds => 1,
            DurationUnit::Seconds => 1_000,
            DurationUnit::Minutes => 60_000,
            DurationUnit::Hours => 3_600_000,
            DurationUnit::Days => 86_400_000,
            DurationUnit::Weeks => 604_800_000,
        }
    }
}

impl Duration {
    /// Total length in milliseconds, saturating on absurd values.
    pub fn millis(self) -> u64 {
        self.amount.saturating_mul(self.unit.millis())
    }
}

impl std::fmt::Display for Duration {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}{}", self.amount, self.unit.suffix())
    }
}

/// A design of 100 000 servers has about a million statements; their size is most of the
/// syntax tree, which is alive with the whole design while lowering runs (the peak of
/// `check`). A field that makes one kind larger than this should be boxed.
#[cfg(all(test, target_pointer_width = "64"))]
mod sizes {
    use super::*;

    #[test]
    fn a_statement_stays_small() {
        assert_eq!(std::mem::size_of::<Span>(), 8);
        assert!(std::mem::size_of::<Statement>() <= 112);
    }
}
