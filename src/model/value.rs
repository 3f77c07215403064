//! Typed, resolved attribute values: what the schema turned the AST's values into.

use super::NodeId;
use super::protocol::Protocol;
use super::word::Word;
use crate::span::Span;
use crate::syntax::ast::Duration;
use std::net::IpAddr;

#[derive(Debug, Clone, PartialEq)]
pub enum AttrValue {
    /// Free text: a string, or a bare word where text is expected (`software = nginx`).
    Text(String),
    /// One of a fixed set of words (`role = primary`), normalised.
    Word(String),
    Int(i64),
    Number(f64),
    Bool(bool),
    Ip(IpAddr),
    Cidr(ipnet::IpNet),
    Date(time::Date),
    Duration(Duration),
    Port(u16),
    /// A resolved reference to another item.
    Ref(NodeId),
    /// A DNS name that is not an item of the design (`www.foobar.com`, `*.foobar.com`).
    Hostname(String),
    /// A protocol name (`https`), as in firewall rules.
    Protocol(String),
    /// A protocol a component listens on, with its effective port (`grpc/9000`).
    Listener(Protocol),
    List(Vec<AttrValue>),
}

impl AttrValue {
    pub fn as_text(&self) -> Option<&str> {
        match self {
            AttrValue::Text(s)
            | AttrValue::Word(s)
            | AttrValue::Hostname(s)
            | AttrValue::Protocol(s) => Some(s),
            AttrValue::Listener(p) => Some(&p.name),
            _ => None,
        }
    }

    pub fn as_ref_id(&self) -> Option<NodeId> {
        match self {
            AttrValue::Ref(id) => Some(*id),
            _ => None,
        }
    }

    /// The items of a list, or the value itself as a one-item list.
    pub fn items(&self) -> &[AttrValue] {
        match self {
            AttrValue::List(items) => items,
            other => std::slice::from_ref(other),
        }
    }
}

/// One attribute as declared: key, typed value, and where it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct Attr {
    /// The attribute's name, as the schema spells it.
    pub key: &'static str,
    pub value: AttrValue,
    pub span: Span,
}

/// An item's attributes, in declaration order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Attrs(Vec<Attr>);

impl Attrs {
    /// No attributes yet, with room for `n`.
    pub fn with_capacity(n: usize) -> Attrs {
        Attrs(Vec::with_capacity(n))
    }

    pub fn get(&self, key: &str) -> Option<&AttrValue> {
        self.attr(key).map(|a| &a.value)
    }

    pub fn attr(&self, key: &str) -> Option<&Attr> {
        self.0.iter().find(|a| a.key == key)
    }

    pub fn text(&self, key: &str) -> Option<&str> {
        self.get(key).and_then(AttrValue::as_text)
    }

    /// An enum-like attribute as its enum (`attrs.word::<Mode>("mode")`); `None` when
    /// unset. Lowering only stores words of the schema, which are the enum's words.
    pub fn word<W: Word>(&self, key: &str) -> Option<W> {
        match self.get(key) {
            Some(AttrValue::Word(w)) => W::from_word(w),
            _ => None,
        }
    }

    pub fn reference(&self, key: &str) -> Option<NodeId> {
        self.get(key).and_then(AttrValue::as_ref_id)
    }

    pub fn bool(&self, key: &str) -> Option<bool> {
        match self.get(key) {
            Some(AttrValue::Bool(b)) => Some(*b),
            _ => None,
        }
    }

    pub fn int(&self, key: &str) -> Option<i64> {
        match self.get(key) {
            Some(AttrValue::Int(n)) => Some(*n),
            _ => None,
        }
    }

    pub fn ip(&self, key: &str) -> Option<IpAddr> {
        match self.get(key) {
            Some(AttrValue::Ip(ip)) => Some(*ip),
            _ => None,
        }
    }

    /// References in a list-valued (or single-valued) attribute.
    pub fn references(&self, key: &str) -> Vec<NodeId> {
        self.get(key)
            .map(|v| v.items().iter().filter_map(AttrValue::as_ref_id).collect())
            .unwrap_or_default()
    }

    pub fn push(&mut self, attr: Attr) {
        self.0.push(attr);
    }

    pub fn iter(&self) -> impl Iterator<Item = &Attr> {
        self.0.iter()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}
