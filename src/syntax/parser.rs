//! pest parse tree → [`ast::File`].

use super::SyntaxError;
use super::ast::*;
use super::descent;
use super::grammar::{InfraParser, Rule};
use super::limits::{self, Scan};
use super::literal::{self, IpOrCidr};
use super::parse_error;
use crate::span::Span;
use pest::Parser as _;
use pest::iterators::Pair;

/// Parse a whole file: every literal error found, or a description of each statement
/// that does not parse.
///
/// Statements span several lines only inside brackets, so a file can be cut after any
/// line break at bracket depth 0 (the pre-scan finds them) and the pieces parsed on their
/// own. Large files are parsed in batches of about [`BATCH_BYTES`], spread over the
/// available cores: pest's token queue stays small, and two cores do twice the work.
///
/// Each batch is first read by the hand-written fast path (`descent`); a batch it does
/// not accept is parsed by pest, which also describes its errors.
pub fn parse(text: &str) -> Result<File, Vec<SyntaxError>> {
    parse_with(text, Reader::FastPath)
}

/// [`parse`] with pest alone, the grammar of record: what the fast path is tested and
/// measured against.
pub fn parse_reference(text: &str) -> Result<File, Vec<SyntaxError>> {
    parse_with(text, Reader::Pest)
}

/// Which parser reads a batch first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reader {
    /// The fast path, then pest where it gives up.
    FastPath,
    /// pest only.
    Pest,
}

fn parse_with(text: &str, reader: Reader) -> Result<File, Vec<SyntaxError>> {
    limits::check_size(text).map_err(|e| vec![e])?;
    let scan = Scan::new(text);
    scan.check().map_err(|e| vec![e])?;
    let batches = batches(text, &scan.line_ends);
    let parsed = parse_in_parallel(text, &batches, reader);
    let mut parts = Vec::new();
    let mut errors = Vec::new();
    for result in parsed {
        match result {
            Ok(s) => parts.push(s),
            Err(e) => errors.extend(e),
        }
    }
    let statements = joined(parts);
    if errors.is_empty() {
        Ok(File {
            statements,
            comments: scan.comments,
            span: Span::new(0, text.len()),
        })
    } else {
        errors.sort_by_key(|e| e.span().map_or(0, |s| s.start()));
        Err(errors)
    }
}

/// The parts one after another, in a vector of exactly their length: grown by doubling,
/// the top level of a large file could hold room for almost twice its statements.
fn joined(parts: Vec<Vec<Statement>>) -> Vec<Statement> {
    let mut all = Vec::with_capacity(parts.iter().map(Vec::len).sum());
    for part in parts {
        all.extend(part);
    }
    all
}

/// Parse the batches, spread over the available cores. A batch whose thread panicked
/// becomes an internal error at its start: never a silently shorter file.
#[cfg(feature = "threads")]
fn parse_in_parallel(
    text: &str,
    batches: &[std::ops::Range<usize>],
    reader: Reader,
) -> Vec<Result<Vec<Statement>, Vec<SyntaxError>>> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(batches.len())
        .max(1);
    if threads == 1 {
        return vec![parse_batches(text, batches, reader)];
    }
    let per_thread = batches.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let handles: Vec<_> = batches
            .chunks(per_thread)
            .map(|group| {
                (
                    group[0].start,
                    scope.spawn(move || parse_batches(text, group, reader)),
                )
            })
            .collect();
        handles
            .into_iter()
            .map(|(start, h)| {
                h.join().unwrap_or_else(|_| {
                    Err(vec![SyntaxError::Internal {
                        at: (start, 0).into(),
                    }])
                })
            })
            .collect()
    })
}

/// Without threads (WebAssembly), every batch in turn.
#[cfg(not(feature = "threads"))]
fn parse_in_parallel(
    text: &str,
    batches: &[std::ops::Range<usize>],
    reader: Reader,
) -> Vec<Result<Vec<Statement>, Vec<SyntaxError>>> {
    vec![parse_batches(text, batches, reader)]
}

/// Bytes per parsing batch: large enough that pest's per-call setup is noise, small
/// enough that its token queue stays in cache.
pub const BATCH_BYTES: usize = 64 * 1024;

/// Cut the text into batches at line ends of bracket depth 0.
fn batches(text: &str, line_ends: &[usize]) -> Vec<std::ops::Range<usize>> {
    let mut batches = Vec::new();
    let mut start = 0;
    for &end in line_ends {
        if end - start >= BATCH_BYTES {
            batches.push(start..end);
            start = end;
        }
    }
    if start < text.len() || batches.is_empty() {
        batches.push(start..text.len());
    }
    batches
}

/// Parse consecutive batches; on a grammar error, describe every broken statement in
/// them.
fn parse_batches(
    text: &str,
    batches: &[std::ops::Range<usize>],
    reader: Reader,
) -> Result<Vec<Statement>, Vec<SyntaxError>> {
    let mut parts = Vec::new();
    let mut errors = Vec::new();
    for range in batches {
        if reader == Reader::FastPath
            && let Some(parsed) = descent::statements(text, range.clone())
        {
            parts.push(parsed);
            continue;
        }
        let part = &text[range.clone()];
        let file = match InfraParser::parse(Rule::file, part)
            .ok()
            .and_then(|mut p| p.next())
        {
            Some(file) => file,
            None => {
                errors.extend(parse_error::describe_all(text, range.clone()));
                continue;
            }
        };
        let mut builder = Builder {
            errors: Vec::new(),
            offset: range.start,
        };
        parts.push(builder.statements(file));
        errors.extend(builder.errors);
    }
    if errors.is_empty() {
        Ok(joined(parts))
    } else {
        Err(errors)
    }
}

/// Walks the parse tree of one batch, collecting literal errors on the way.
struct Builder {
    errors: Vec<SyntaxError>,
    /// Where the batch starts in the file: added to every span.
    offset: usize,
}

impl Builder {
    fn span(&self, pair: &Pair<'_, Rule>) -> Span {
        let span = pair.as_span();
        Span::new(self.offset + span.start(), self.offset + span.end())
    }

    fn ident(&self, pair: &Pair<'_, Rule>) -> Ident {
        Ident {
            name: pair.as_str().to_string(),
            span: self.span(pair),
        }
    }

    fn path(&self, pair: &Pair<'_, Rule>) -> Path {
        Path {
            text: pair.as_str().to_string(),
            span: self.span(pair),
        }
    }
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
        let span = self.span(&pair);
        let mut kind = None;
        let mut name = None;
        let mut label = None;
        let mut body = Vec::new();
        let mut body_start = span.end();
        for child in pair.clone().into_inner() {
            match child.as_rule() {
                Rule::kind => kind = Some(self.ident(&child)),
                Rule::block_name => name = Some(self.ident(&child)),
                Rule::label => label = self.label(child),
                _ => {
                    body_start = body_start.min(self.offset + child.as_span().start());
                    if let Some(statement) = self.statement(child) {
                        body.push(statement);
                    }
                }
            }
        }
        let head_end = label
            .as_ref()
            .map(|l| l.span.end())
            .or(name.as_ref().map(|n| n.span.end()))
            .or(kind.as_ref().map(|k| k.span.end()))
            .unwrap_or(span.start());
        let open = pair.as_str()[head_end - span.start()..]
            .find('{')
            .map_or(body_start, |i| head_end + i);
        Block {
            kind: kind.unwrap_or_else(|| Ident {
                name: String::new(),
                span,
            }),
            name,
            label: label.map(Box::new),
            body,
            body_span: Span::new(open, span.end()),
            span,
        }
    }

    fn label(&mut self, pair: Pair<'_, Rule>) -> Option<StringLit> {
        let string = pair.into_inner().next()?;
        let span = self.span(&string);
        match literal::string(string.as_str(), span) {
            Ok(value) => Some(StringLit { value, span }),
            Err(e) => {
                self.errors.push(e);
                None
            }
        }
    }

    fn attribute(&mut self, pair: Pair<'_, Rule>) -> Attribute {
        let span = self.span(&pair);
        let mut children = pair.into_inner();
        let key = children.next().map_or_else(
            || Ident {
                name: String::new(),
                span,
            },
            |k| self.ident(&k),
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
        let start = self.offset + pair.as_span().start();
        // pest's span runs over blanks and comments skipped while looking for the
        // optional `: protocol` and `{ ... }`; the flow ends where its last part does.
        let mut end = start;
        let mut hops = Vec::new();
        let mut protocol = None;
        let mut body = None;
        for child in pair.into_inner() {
            if child.as_rule() != Rule::protocol {
                end = end.max(self.offset + child.as_span().end());
            }
            match child.as_rule() {
                Rule::path => hops.push(Target::Path(self.path(&child))),
                Rule::target_list => {
                    let list_span = self.span(&child);
                    let paths = child.into_inner().map(|p| self.path(&p)).collect();
                    hops.push(Target::List {
                        paths,
                        span: list_span,
                    });
                }
                Rule::protocol => {
                    let parsed = self.protocol(child);
                    end = end.max(parsed.span.end());
                    protocol = Some(parsed);
                }
                Rule::flow_body => {
                    let body_span = self.span(&child);
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
            protocol: protocol.map(Box::new),
            body,
            span: Span::new(start, end),
        }
    }

    fn protocol(&mut self, pair: Pair<'_, Rule>) -> Protocol {
        let start = self.offset + pair.as_span().start();
        let mut span = Span::new(start, start);
        let mut name = Ident {
            name: String::new(),
            span,
        };
        let mut port = None;
        for child in pair.into_inner() {
            // Like a flow, the pair's own span runs over trailing blanks and comments.
            span = Span::new(
                span.start(),
                span.end().max(self.offset + child.as_span().end()),
            );
            match child.as_rule() {
                Rule::protocol_name => name = self.ident(&child),
                Rule::port => {
                    let port_span = self.span(&child);
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

    /// `grpc/9000` as a value: the grammar matched it as one token.
    fn protocol_value(&mut self, text: &str, span: Span) -> ValueKind {
        let (name, port) = text.split_once('/').unwrap_or((text, ""));
        let name_span = Span::new(span.start(), span.start() + name.len());
        let port_span = Span::new(name_span.end() + 1, span.end());
        let port = match literal::port(port, port_span) {
            Ok(number) => Some(Port {
                number,
                span: port_span,
            }),
            Err(e) => {
                self.errors.push(e);
                None
            }
        };
        ValueKind::Protocol(Box::new(Protocol {
            name: Ident {
                name: name.to_string(),
                span: name_span,
            },
            port,
            span,
        }))
    }

    fn value(&mut self, pair: Pair<'_, Rule>) -> Value {
        let span = self.span(&pair);
        let text = pair.as_str();
        let kind = match pair.as_rule() {
            Rule::list => ValueKind::List(pair.into_inner().map(|v| self.value(v)).collect()),
            // `1password.com`: a path like any other, which lowering reads as a hostname.
            Rule::path | Rule::digit_path => ValueKind::Path(self.path(&pair)),
            Rule::protocol_value => self.protocol_value(text, span),
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
