//! pest parse tree → [`ast::File`].

use super::SyntaxError;
use super::ast::*;
use super::limits::{self, Scan};
use super::literal::{self, IpOrCidr};
use super::parse_error;
use crate::span::Span;
use pest::Parser as _;
use pest::iterators::Pair;

#[derive(pest_derive::Parser)]
#[grammar = "grammar/infra.pest"]
pub(super) struct InfraParser;

/// Parse a whole file. Returns every literal error found, or the first grammar error
/// (after a grammar error the rest of the parse tree is unknown).
pub fn parse(text: &str) -> Result<File, Vec<SyntaxError>> {
    limits::check_size(text).map_err(|e| vec![e])?;
    let scan = Scan::new(text);
    scan.check().map_err(|e| vec![e])?;
    let mut pairs = match InfraParser::parse(Rule::file, text) {
        Ok(pairs) => pairs,
        Err(_) => return Err(parse_error::describe_all(text)),
    };
    let Some(file) = pairs.next() else {
        return Err(parse_error::describe_all(text));
    };
    let mut builder = Builder::default();
    let span = Span::from(file.as_span());
    let statements = builder.statements(file);
    if builder.errors.is_empty() {
        Ok(File {
            statements,
            comments: scan.comments,
            span,
        })
    } else {
        Err(builder.errors)
    }
}

/// Walks the parse tree, collecting literal errors on the way.
#[derive(Default)]
struct Builder {
    errors: Vec<SyntaxError>,
}

impl Builder {
    fn statements(&mut self, parent: Pair<'_, Rule>) -> Vec<Statement> {
        parent
            .into_inner()
            .filter_map(|pair| self.statement(pair))
            .collect()
    }

    fn statement(&mut self, pair: Pair<'_, Rule>) -> Option<Statement> {
        match pair.as_rule() {
            Rule::block => Some(Statement::Block(self.block(pair))),
            Rule::attribute => Some(Statement::Attribute(self.attribute(pair))),
            Rule::flow => Some(Statement::Flow(self.flow(pair))),
            _ => None, // EOI
        }
    }

    fn block(&mut self, pair: Pair<'_, Rule>) -> Block {
        let span = Span::from(pair.as_span());
        let mut kind = None;
        let mut name = None;
        let mut label = None;
        let mut body = Vec::new();
        let mut body_start = span.end;
        for child in pair.clone().into_inner() {
            match child.as_rule() {
                Rule::kind => kind = Some(ident(&child)),
                Rule::block_name => name = Some(ident(&child)),
                Rule::label => label = self.label(child),
                _ => {
                    body_start = body_start.min(child.as_span().start());
                    if let Some(statement) = self.statement(child) {
                        body.push(statement);
                    }
                }
            }
        }
        let head_end = label
            .as_ref()
            .map(|l| l.span.end)
            .or(name.as_ref().map(|n| n.span.end))
            .or(kind.as_ref().map(|k| k.span.end))
            .unwrap_or(span.start);
        let open = pair.as_str()[head_end - span.start..]
            .find('{')
            .map_or(body_start, |i| head_end + i);
        Block {
            kind: kind.unwrap_or_else(|| Ident {
                name: String::new(),
                span,
            }),
            name,
            label,
            body,
            body_span: Span::new(open, span.end),
            span,
        }
    }

    fn label(&mut self, pair: Pair<'_, Rule>) -> Option<StringLit> {
        let string = pair.into_inner().next()?;
        let span = Span::from(string.as_span());
        match literal::string(string.as_str(), span) {
            Ok(value) => Some(StringLit { value, span }),
            Err(e) => {
                self.errors.push(e);
                None
            }
        }
    }

    fn attribute(&mut self, pair: Pair<'_, Rule>) -> Attribute {
        let span = Span::from(pair.as_span());
        let mut children = pair.into_inner();
        let key = children.next().map_or_else(
            || Ident {
                name: String::new(),
                span,
            },
            |k| ident(&k),
        );
        let value = match children.next() {
            Some(v) => self.value(v),
            None => Value {
                kind: ValueKind::List(Vec::new()),
                span,
            },
        };
        Attribute { key, value, span }
    }

    fn flow(&mut self, pair: Pair<'_, Rule>) -> Flow {
        let start = pair.as_span().start();
        // pest's span runs over blanks and comments skipped while looking for the
        // optional `: protocol` and `{ ... }`; the flow ends where its last part does.
        let mut end = start;
        let mut hops = Vec::new();
        let mut protocol = None;
        let mut body = None;
        for child in pair.into_inner() {
            if child.as_rule() != Rule::protocol {
                end = end.max(child.as_span().end());
            }
            match child.as_rule() {
                Rule::path => hops.push(Target::Path(path(&child))),
                Rule::target_list => {
                    let list_span = child.as_span().into();
                    let paths = child.into_inner().map(|p| path(&p)).collect();
                    hops.push(Target::List {
                        paths,
                        span: list_span,
                    });
                }
                Rule::protocol => {
                    let parsed = self.protocol(child);
                    end = end.max(parsed.span.end);
                    protocol = Some(parsed);
                }
                Rule::flow_body => {
                    let body_span = child.as_span().into();
                    let statements = self.statements(child);
                    body = Some(FlowBody {
                        statements,
                        span: body_span,
                    });
                }
                _ => {} // arrows
            }
        }
        Flow {
            hops,
            protocol,
            body,
            span: Span::new(start, end),
        }
    }

    fn protocol(&mut self, pair: Pair<'_, Rule>) -> Protocol {
        let start = pair.as_span().start();
        let mut span = Span::new(start, start);
        let mut name = Ident {
            name: String::new(),
            span,
        };
        let mut port = None;
        for child in pair.into_inner() {
            // Like a flow, the pair's own span runs over trailing blanks and comments.
            span.end = span.end.max(child.as_span().end());
            match child.as_rule() {
                Rule::protocol_name => name = ident(&child),
                Rule::port => {
                    let port_span = Span::from(child.as_span());
                    match literal::port(child.as_str(), port_span) {
                        Ok(number) => {
                            port = Some(Port {
                                number,
                                span: port_span,
                            })
                        }
                        Err(e) => self.errors.push(e),
                    }
                }
                _ => {}
            }
        }
        Protocol { name, port, span }
    }

    fn value(&mut self, pair: Pair<'_, Rule>) -> Value {
        let span = Span::from(pair.as_span());
        let text = pair.as_str();
        let kind = match pair.as_rule() {
            Rule::list => ValueKind::List(pair.into_inner().map(|v| self.value(v)).collect()),
            Rule::path => ValueKind::Path(path(&pair)),
            Rule::boolean => ValueKind::Bool(text == "true"),
            rule => match literal_value(rule, text, span) {
                Ok(kind) => kind,
                Err(e) => {
                    self.errors.push(e);
                    ValueKind::String(text.to_string())
                }
            },
        };
        Value { kind, span }
    }
}

fn literal_value(rule: Rule, text: &str, span: Span) -> Result<ValueKind, SyntaxError> {
    Ok(match rule {
        Rule::string => ValueKind::String(literal::string(text, span)?),
        Rule::ip | Rule::ipv6 => match literal::ip(text, span)? {
            IpOrCidr::Ip(ip) => ValueKind::Ip(ip),
            IpOrCidr::Cidr(net) => ValueKind::Cidr(net),
        },
        Rule::date => ValueKind::Date(literal::date(text, span)?),
        Rule::duration => ValueKind::Duration(literal::duration(text, span)?),
        _ => ValueKind::Number(literal::number(text, span)?),
    })
}

fn ident(pair: &Pair<'_, Rule>) -> Ident {
    Ident {
        name: pair.as_str().to_string(),
        span: pair.as_span().into(),
    }
}

fn path(pair: &Pair<'_, Rule>) -> Path {
    Path {
        text: pair.as_str().to_string(),
        span: pair.as_span().into(),
    }
}
