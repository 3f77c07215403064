//! Building a design from something other than `.infra` text — a draw.io diagram, a
//! Terraform configuration — with every item pointing at where the user wrote it.
//!
//! The builder assembles the same statements a `.infra` file holds (blocks, attributes,
//! flows) and lowers them with the same passes, so an imported design is checked exactly
//! like a written one: unknown kinds and attributes, unresolved references and misplaced
//! items are the same errors with the same hints. Each statement carries an [`Origin`]:
//! a span in one of the input's [`Sources`] (a draw.io cell, a Terraform block) and,
//! optionally, the [`Element`] that format calls it, so findings in every report format
//! point at the line or shape the user made.
//!
//! ```
//! use infrac::model::builder::{Builder, Origin, Value};
//! use infrac::{Source, Sources};
//!
//! let mut sources = Sources::named("main.tf");
//! let base = sources.add(Source::new("main.tf", "resource \"aws_instance\" \"web\" {}\n"));
//! let at = Origin::span(base, base + 31).element("aws_instance.web", None);
//! let mut b = Builder::new(sources);
//! let web = b.item(None, "server", "web", &at);
//! let nginx = b.item(Some(web), "web_server", "nginx", &at);
//! b.attribute(Some(nginx), "software", Value::word("nginx"), &at);
//! b.flow(&["internet"], &["web.nginx"], Some(("http", None)), &at);
//! let (design, sources) = b.build().expect("a valid design");
//! assert!(design.find("web.nginx").is_some());
//! assert_eq!(sources.element(at.span).map(|e| e.id.as_str()), Some("aws_instance.web"));
//! ```

use super::design::Design;
use crate::diagnostics::Diagnostics;
use crate::source::{Element, Sources};
use crate::span::Span;
use crate::syntax::ast::{self, Statement};
use std::net::IpAddr;

/// Where a statement came from: a span of the input's sources, and what its format
/// calls the thing there.
#[derive(Debug, Clone, PartialEq)]
pub struct Origin {
    pub span: Span,
    pub element: Option<Element>,
}

impl Origin {
    /// A byte range of the sources (offsets as [`Sources::add`] returned them).
    pub fn span(start: usize, end: usize) -> Origin {
        Origin {
            span: Span::new(start, end),
            element: None,
        }
    }

    /// Name the element at this origin: a draw.io cell id, a Terraform address.
    pub fn element(mut self, id: impl Into<String>, label: Option<String>) -> Origin {
        self.element = Some(Element {
            id: id.into(),
            label,
        });
        self
    }
}

/// Whether `w` is a bare word or dotted path as grammar/infra.pest's `path` reads it:
/// `nginx`, `web1.mysql`, `www.foobar.com`, `round_robin` — or a domain name its
/// `digit_path` reads (`1password.com`), which [`super::names::is_domain_name`] owns.
fn is_path(w: &str) -> bool {
    if w.starts_with(|c: char| c.is_ascii_digit()) {
        return super::names::is_domain_name(w);
    }
    let part = |p: &str, first: bool| {
        let mut chars = p.chars();
        matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_' || (!first && c.is_ascii_digit()))
            && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
            && !p.contains("->")
    };
    let mut parts = w.split('.');
    parts.next().is_some_and(|p| part(p, true)) && parts.all(|p| part(p, false))
}

/// An attribute value, as an importer knows it.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// Quoted text: `"Let's Encrypt"`.
    Text(String),
    /// A bare word or dotted reference: `nginx`, `round_robin`, `web1.mysql`, `www.foobar.com`.
    Word(String),
    Integer(i64),
    Float(f64),
    Bool(bool),
    Ip(IpAddr),
    Cidr(ipnet::IpNet),
    Date(time::Date),
    Duration(ast::Duration),
    /// A protocol on a port, as a listener is written: `grpc/9000`.
    Protocol {
        name: String,
        port: u16,
    },
    List(Vec<Value>),
}

impl Value {
    pub fn text(s: impl Into<String>) -> Value {
        Value::Text(s.into())
    }

    pub fn word(s: impl Into<String>) -> Value {
        Value::Word(s.into())
    }

    /// A list of references or words.
    pub fn words<S: Into<String>>(items: impl IntoIterator<Item = S>) -> Value {
        Value::List(items.into_iter().map(|s| Value::Word(s.into())).collect())
    }

    /// A value written in `.infra` syntax (`nginx`, `"Let's Encrypt"`, `[qps, cpu]`,
    /// `30s`), as a format that stores `.infra` values as text holds them; `None` when it
    /// is not one value.
    pub fn parse(text: &str) -> Option<Value> {
        let file = crate::syntax::parse(&format!("x = {text}\n")).ok()?;
        match file.statements.as_slice() {
            [Statement::Attribute(a)] => Some(Value::from_ast(&a.value)),
            _ => None,
        }
    }

    /// The value a parsed `.infra` value holds.
    pub fn from_ast(value: &ast::Value) -> Value {
        use ast::{NumberValue, ValueKind};
        match &value.kind {
            ValueKind::String(s) => Value::Text(s.clone()),
            ValueKind::Number(n) => match n.value {
                NumberValue::Integer(i) => Value::Integer(i),
                NumberValue::Float(f) => Value::Float(f),
            },
            ValueKind::Bool(b) => Value::Bool(*b),
            ValueKind::Ip(ip) => Value::Ip(*ip),
            ValueKind::Cidr(net) => Value::Cidr(*net),
            ValueKind::Date(d) => Value::Date(*d),
            ValueKind::Duration(d) => Value::Duration(*d),
            ValueKind::Path(p) => Value::Word(p.text.clone()),
            ValueKind::Protocol(p) => match p.port {
                Some(port) => Value::Protocol {
                    name: p.name.name.clone(),
                    port: port.number,
                },
                None => Value::Word(p.name.name.clone()),
            },
            ValueKind::List(items) => Value::List(items.iter().map(Value::from_ast).collect()),
        }
    }

    fn ast(&self, span: Span) -> ast::Value {
        use ast::{Number, NumberValue, ValueKind};
        let kind = match self {
            Value::Text(s) => ValueKind::String(s.clone()),
            // A word from outside that `.infra` cannot write bare (a control character,
            // a space) is kept as quoted text: printed, the design must parse again.
            Value::Word(w) if !is_path(w) => ValueKind::String(w.clone()),
            Value::Word(w) => ValueKind::Path(ast::Path {
                text: w.clone(),
                span,
            }),
            Value::Integer(i) => ValueKind::Number(Number {
                text: i.to_string(),
                value: NumberValue::Integer(*i),
            }),
            Value::Float(f) => ValueKind::Number(Number {
                text: f.to_string(),
                value: NumberValue::Float(*f),
            }),
            Value::Bool(b) => ValueKind::Bool(*b),
            Value::Ip(ip) => ValueKind::Ip(*ip),
            Value::Cidr(net) => ValueKind::Cidr(*net),
            Value::Date(d) => ValueKind::Date(*d),
            Value::Duration(d) => ValueKind::Duration(*d),
            Value::Protocol { name, port } => ValueKind::Protocol(Box::new(ast::Protocol {
                name: ast::Ident {
                    name: name.clone(),
                    span,
                },
                port: Some(ast::Port {
                    number: *port,
                    span,
                }),
                span,
            })),
            Value::List(items) => ValueKind::List(items.iter().map(|v| v.ast(span)).collect()),
        };
        ast::Value { kind, span }
    }
}

/// A block being built; its index in the builder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ItemId(usize);

struct Item {
    parent: Option<ItemId>,
    block: ast::Block,
}

/// Assembles a design statement by statement; [`Builder::build`] lowers it.
pub struct Builder {
    sources: Sources,
    items: Vec<Item>,
    /// Top-level statements in order; blocks are placeholders filled from `items`.
    top: Vec<Entry>,
}

enum Entry {
    Item(ItemId),
    Statement(Statement),
}

impl Builder {
    /// Start a design whose origins point into `sources`.
    pub fn new(sources: Sources) -> Builder {
        Builder {
            sources,
            items: Vec::new(),
            top: Vec::new(),
        }
    }

    /// Declare an item: `kind name { }` at the top level or inside `parent`.
    pub fn item(&mut self, parent: Option<ItemId>, kind: &str, name: &str, at: &Origin) -> ItemId {
        self.record(at);
        let id = ItemId(self.items.len());
        let span = at.span;
        self.items.push(Item {
            parent,
            block: ast::Block {
                kind: ast::Ident {
                    name: kind.to_string(),
                    span,
                },
                name: Some(ast::Ident {
                    name: name.to_string(),
                    span,
                }),
                label: None,
                body: Vec::new(),
                body_span: span,
                span,
            },
        });
        if parent.is_none() {
            self.top.push(Entry::Item(id));
        }
        id
    }

    /// Give an item the label string a `.infra` block may carry: `server web1 "Web 1"`.
    pub fn label(&mut self, item: ItemId, label: &str) {
        let block = &mut self.items[item.0].block;
        block.label = Some(Box::new(ast::StringLit {
            value: label.to_string(),
            span: block.span,
        }));
    }

    /// The path `.infra` would use for an item: `web1.nginx`.
    pub fn path(&self, item: ItemId) -> String {
        let mut names = Vec::new();
        let mut at = Some(item);
        while let Some(id) = at {
            let item = &self.items[id.0];
            names.push(item.block.name.as_ref().map_or("", |n| n.name.as_str()));
            at = item.parent;
        }
        names.reverse();
        names.join(".")
    }

    /// Set `key = value` on an item, or on the design itself (`None`: title, entry…).
    /// References are words naming items by path (`web1`, `web1.nginx`).
    pub fn attribute(&mut self, item: Option<ItemId>, key: &str, value: Value, at: &Origin) {
        self.record(at);
        let statement = Statement::Attribute(ast::Attribute {
            key: ast::Ident {
                name: key.to_string(),
                span: at.span,
            },
            value: value.ast(at.span),
            span: at.span,
        });
        match item {
            Some(id) => self.items[id.0].block.body.push(statement),
            None => self.top.push(Entry::Statement(statement)),
        }
    }

    /// A nameless block inside an item: a firewall's `allow { … }` / `deny { … }` rule.
    pub fn rule(&mut self, item: ItemId, kind: &str, attributes: Vec<(&str, Value)>, at: &Origin) {
        self.record(at);
        let span = at.span;
        let body = attributes
            .into_iter()
            .map(|(key, value)| attribute(key, &value, span))
            .collect();
        self.items[item.0]
            .block
            .body
            .push(Statement::Block(ast::Block {
                kind: ast::Ident {
                    name: kind.to_string(),
                    span,
                },
                name: None,
                label: None,
                body,
                body_span: span,
                span,
            }));
    }

    /// Traffic: `from -> to : protocol/port`; several paths on a side fan out.
    pub fn flow(
        &mut self,
        from: &[&str],
        to: &[&str],
        protocol: Option<(&str, Option<u16>)>,
        at: &Origin,
    ) {
        self.flow_with(from, to, protocol, Vec::new(), at);
    }

    /// A flow with attributes (`access = read`).
    pub fn flow_with(
        &mut self,
        from: &[&str],
        to: &[&str],
        protocol: Option<(&str, Option<u16>)>,
        attributes: Vec<(&str, Value)>,
        at: &Origin,
    ) {
        self.record(at);
        let span = at.span;
        let target = |paths: &[&str]| {
            let paths: Vec<ast::Path> = paths
                .iter()
                .map(|p| ast::Path {
                    text: p.to_string(),
                    span,
                })
                .collect();
            match <[ast::Path; 1]>::try_from(paths) {
                Ok([one]) => ast::Target::Path(one),
                Err(paths) => ast::Target::List { paths, span },
            }
        };
        let body = (!attributes.is_empty()).then(|| ast::FlowBody {
            statements: attributes
                .into_iter()
                .map(|(key, value)| attribute(key, &value, span))
                .collect(),
            span,
        });
        self.top.push(Entry::Statement(Statement::Flow(ast::Flow {
            hops: vec![target(from), target(to)],
            protocol: protocol.map(|(name, port)| {
                Box::new(ast::Protocol {
                    name: ast::Ident {
                        name: name.to_string(),
                        span,
                    },
                    port: port.map(|number| ast::Port { number, span }),
                    span,
                })
            }),
            body,
            span,
        })));
    }

    /// The statements as a syntax tree, in the order they were added (what `infrac
    /// import` prints as `.infra`).
    pub fn file(&self) -> ast::File {
        let mut items: Vec<Option<ast::Block>> =
            self.items.iter().map(|i| Some(i.block.clone())).collect();
        // Children are nested into their parents last-first, so a parent is whole when its
        // own parent takes it.
        for index in (0..items.len()).rev() {
            if let Some(parent) = self.items[index].parent
                && let Some(mut child) = items[index].take()
                && let Some(block) = items[parent.0].as_mut()
            {
                sort_children_last(&mut child);
                block.body.push(Statement::Block(child));
            }
        }
        for block in items.iter_mut().flatten() {
            sort_children_last(block);
        }
        let statements = self
            .top
            .iter()
            .filter_map(|entry| match entry {
                Entry::Item(id) => items[id.0].clone().map(Statement::Block),
                Entry::Statement(s) => Some(s.clone()),
            })
            .collect();
        ast::File {
            statements,
            comments: Vec::new(),
            span: Span::new(0, self.sources.len()),
        }
    }

    /// Whether nothing has been declared yet (attributes and flows alone make no design).
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The sources the origins point into, with every named element recorded.
    pub fn sources(&self) -> &Sources {
        &self.sources
    }

    /// Lower the statements into a design, with the same checks as `.infra` text; errors
    /// point at the origins.
    pub fn build(self) -> Result<(Design, Sources), Diagnostics> {
        let file = self.file();
        match super::lower(&file) {
            Ok(design) => Ok((design, self.sources)),
            Err(errors) => Err(Diagnostics::model(&self.sources, errors)),
        }
    }

    fn record(&mut self, at: &Origin) {
        if let Some(element) = &at.element {
            self.sources.name_element(at.span, element.clone());
        }
    }
}

fn attribute(key: &str, value: &Value, span: Span) -> Statement {
    Statement::Attribute(ast::Attribute {
        key: ast::Ident {
            name: key.to_string(),
            span,
        },
        value: value.ast(span),
        span,
    })
}

/// Children were appended after the block's own attributes and rules, last-declared
/// first; put them back in declaration order after everything else.
fn sort_children_last(block: &mut ast::Block) {
    let (mut children, rest): (Vec<Statement>, Vec<Statement>) = std::mem::take(&mut block.body)
        .into_iter()
        .partition(|s| matches!(s, Statement::Block(b) if b.name.is_some()));
    children.reverse();
    block.body = rest;
    block.body.extend(children);
}
