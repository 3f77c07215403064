//! The fast path: `grammar/infra.pest` parsed by hand, one byte of lookahead, no
//! backtracking, the AST built on the way.
//!
//! pest stays the grammar of record. Every choice the grammar makes by ordered
//! alternatives and backtracking is made here by looking at the next byte, which the
//! grammar allows because its statements differ in their first tokens (`key =` is an
//! attribute, `kind name {` a block, anything else a flow). Whatever this parser is not
//! sure of — a syntax error, a literal that does not check (`300.1.1.1`, port 0, a bad
//! escape) — it gives up on with `None`, and the caller parses the batch again with pest,
//! which finds the same AST or describes the error exactly as before. So this parser only
//! has to agree with pest where it succeeds; a property test (below) checks that on random
//! token soup, on random designs and on every design in the repository.
//!
//! Why: pest spends ~580 instructions per input byte on this grammar (rule calls, the
//! token queue, then walking the pairs); this spends well under a hundred.

use super::ast::*;
use super::literal::{self, IpOrCidr};
use crate::span::Span;

/// The statements of `text[range]`, spans in `text`'s offsets, or `None` if the range
/// is not a valid file or holds a literal that does not check.
pub(super) fn statements(text: &str, range: std::ops::Range<usize>) -> Option<Vec<Statement>> {
    let mut parser = Descent {
        text,
        bytes: &text.as_bytes()[..range.end],
        pos: range.start,
        pending: Vec::new(),
    };
    let statements = parser.body()?;
    (parser.pos == parser.bytes.len()).then_some(statements)
}

struct Descent<'a> {
    text: &'a str,
    /// The text up to the end of the batch: reading past it reads 0, like the end of input.
    bytes: &'a [u8],
    pos: usize,
    /// The statements of every body still open, innermost last: a body parses onto this
    /// one stack and leaves with a vector of exactly its length. Growing each body's own
    /// vector would leave it up to half empty (a body of 3 statements held room for 4, at
    /// ~180 bytes a statement: a third of the syntax tree at 100 000 servers).
    pending: Vec<Statement>,
}

fn is_name_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_'
}

fn is_segment_start(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// `word_char`: what may not follow a number, an address, a date or a duration.
fn is_word_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b':')
}

impl<'a> Descent<'a> {
    fn at(&self, i: usize) -> u8 {
        self.bytes.get(i).copied().unwrap_or(0)
    }

    fn peek(&self) -> u8 {
        self.at(self.pos)
    }

    fn at_end(&self) -> bool {
        self.pos >= self.bytes.len()
    }

    fn span(&self, start: usize) -> Span {
        Span::new(start, self.pos)
    }

    fn slice(&self, start: usize) -> &'a str {
        &self.text[start..self.pos]
    }

    /// `WHITESPACE*`: the blanks pest skips between any two tokens of a non-atomic rule.
    fn blanks(&mut self) {
        while matches!(self.peek(), b' ' | b'\t') {
            self.pos += 1;
        }
    }

    /// `NEWLINE`: `\n`, `\r\n` or `\r`.
    fn newline(&mut self) -> bool {
        match self.peek() {
            b'\n' => self.pos += 1,
            b'\r' if self.at(self.pos + 1) == b'\n' => self.pos += 2,
            b'\r' => self.pos += 1,
            _ => return false,
        }
        true
    }

    /// `comment`: from `#` or `//` to the end of the line, the line break excluded.
    fn comment(&mut self) -> bool {
        let starts = match self.peek() {
            b'#' => true,
            b'/' => self.at(self.pos + 1) == b'/',
            _ => false,
        };
        if starts {
            while !self.at_end() && !matches!(self.peek(), b'\n' | b'\r') {
                self.pos += 1;
            }
        }
        starts
    }

    /// Blanks and `nl`s (comments end at a line break): what lists allow between
    /// elements. Whether a line break was crossed.
    fn gaps(&mut self) -> bool {
        let mut crossed = false;
        loop {
            self.blanks();
            self.comment();
            if !self.newline() {
                return crossed;
            }
            crossed = true;
        }
    }

    /// `sep*` with the blanks around: commas, line breaks, comments. Whether a separator
    /// (comma or line break) was crossed. A comment may also end the file (`comment? ~ EOI`).
    fn seps(&mut self) -> bool {
        let mut crossed = false;
        loop {
            self.blanks();
            if self.peek() == b',' {
                self.pos += 1;
            } else {
                self.comment();
                if !self.newline() {
                    return crossed;
                }
            }
            crossed = true;
        }
    }

    /// `body`: statements separated by at least one separator, up to `}` or the end.
    fn body(&mut self) -> Option<Vec<Statement>> {
        let first = self.pending.len();
        loop {
            let separated = self.seps();
            if self.at_end() || self.peek() == b'}' {
                return Some(self.pending.drain(first..).collect());
            }
            if !separated && self.pending.len() > first {
                return None;
            }
            let statement = self.statement()?;
            self.pending.push(statement);
        }
    }

    /// `statement = attribute | block | flow`, chosen by what follows the first name.
    fn statement(&mut self) -> Option<Statement> {
        let start = self.pos;
        if self.peek() == b'[' {
            return self.flow(start).map(Statement::Flow);
        }
        let head = self.name(start)?;
        self.blanks();
        match self.peek() {
            b'=' => self.attribute(start, head).map(Statement::Attribute),
            // A block's name may be `@`, `*` or start with a digit; nothing else may
            // follow a name and its blanks.
            b'{' | b'"' | b'@' | b'*' => self.block(start, head).map(Statement::Block),
            b if is_segment_start(b) => self.block(start, head).map(Statement::Block),
            _ => {
                self.pos = start;
                self.flow(start).map(Statement::Flow)
            }
        }
    }

    /// `name`, atomic: a letter or `_`, then letters, digits, `_` and `-` not starting
    /// an arrow. Leaves the position after it.
    fn name(&mut self, start: usize) -> Option<Ident> {
        if !is_name_start(self.at(start)) {
            return None;
        }
        self.pos = start + 1;
        self.name_rest();
        Some(Ident {
            name: self.slice(start).to_string(),
            span: self.span(start),
        })
    }

    fn name_rest(&mut self) {
        loop {
            match self.peek() {
                b if is_segment_start(b) => self.pos += 1,
                b'-' if self.at(self.pos + 1) != b'>' => self.pos += 1,
                _ => return,
            }
        }
    }

    /// `name ~ ("." ~ segment)*`, atomic; the position is just past the name.
    fn dotted_rest(&mut self) {
        while self.peek() == b'.' && is_segment_start(self.at(self.pos + 1)) {
            self.pos += 2;
            self.name_rest();
        }
    }

    fn path(&mut self) -> Option<Path> {
        let start = self.pos;
        if !is_name_start(self.peek()) {
            return None;
        }
        self.pos += 1;
        self.name_rest();
        self.dotted_rest();
        Some(Path {
            text: self.slice(start).to_string(),
            span: self.span(start),
        })
    }

    /// `key = value`; the position is at the `=`.
    fn attribute(&mut self, start: usize, key: Ident) -> Option<Attribute> {
        self.pos += 1;
        self.blanks();
        let value = self.value()?;
        Some(Attribute {
            key,
            value,
            span: self.span(start),
        })
    }

    /// `kind name? "label"? { body }`; the position is after the kind and its blanks.
    ///
    /// `block_name` is `"@" | "*" | name ~ ("." ~ segment)* | segment ~ ("." ~ segment)*`;
    /// a name is a segment that starts with a letter, so the last two are one dotted
    /// segment run.
    fn block(&mut self, start: usize, kind: Ident) -> Option<Block> {
        let name = match self.peek() {
            b @ (b'@' | b'*') => {
                let at = self.pos;
                self.pos += 1;
                Some(Ident {
                    name: char::from(b).to_string(),
                    span: self.span(at),
                })
            }
            b if is_segment_start(b) => {
                let at = self.pos;
                self.pos += 1;
                self.name_rest();
                self.dotted_rest();
                Some(Ident {
                    name: self.slice(at).to_string(),
                    span: self.span(at),
                })
            }
            _ => None,
        };
        self.blanks();
        let label = if self.peek() == b'"' {
            let at = self.pos;
            let value = self.string()?;
            let span = self.span(at);
            self.blanks();
            Some(StringLit { value, span })
        } else {
            None
        };
        if self.peek() != b'{' {
            return None;
        }
        let open = self.pos;
        let body = self.braced()?;
        Some(Block {
            kind,
            name,
            label: label.map(Box::new),
            body,
            body_span: self.span(open),
            span: self.span(start),
        })
    }

    /// `{ body }`, the position at the `{`; leaves it after the `}`.
    fn braced(&mut self) -> Option<Vec<Statement>> {
        self.pos += 1;
        let body = self.body()?;
        if self.peek() != b'}' {
            return None;
        }
        self.pos += 1;
        Some(body)
    }

    /// `target ~ (arrow ~ target)+ ~ (":" ~ protocol)? ~ flow_body?`
    fn flow(&mut self, start: usize) -> Option<Flow> {
        let mut hops = vec![self.target()?];
        loop {
            let before = self.pos;
            self.blanks();
            if self.peek() == b'-' && self.at(self.pos + 1) == b'>' {
                self.pos += 2;
                self.blanks();
                hops.push(self.target()?);
            } else {
                self.pos = before;
                break;
            }
        }
        if hops.len() < 2 {
            return None;
        }
        let mut end = self.pos;
        self.blanks();
        let mut protocol = None;
        if self.peek() == b':' {
            self.pos += 1;
            self.blanks();
            let parsed = self.protocol()?;
            end = parsed.span.end();
            protocol = Some(parsed);
            self.blanks();
        }
        let mut body = None;
        if self.peek() == b'{' {
            let open = self.pos;
            let statements = self.braced()?;
            body = Some(FlowBody {
                statements,
                span: self.span(open),
            });
            end = self.pos;
        }
        Some(Flow {
            hops,
            protocol: protocol.map(Box::new),
            body,
            span: Span::new(start, end),
        })
    }

    /// `path | target_list`
    fn target(&mut self) -> Option<Target> {
        if self.peek() != b'[' {
            return self.path().map(Target::Path);
        }
        let start = self.pos;
        self.pos += 1;
        let mut paths = Vec::new();
        self.elements(|parser| {
            paths.push(parser.path()?);
            Some(())
        })?;
        if paths.is_empty() {
            return None;
        }
        Some(Target::List {
            paths,
            span: self.span(start),
        })
    }

    /// The elements of a bracketed list after its `[`, up to and past its `]`: separated
    /// by a comma or line breaks (`list_sep`), a trailing comma allowed, line breaks and
    /// comments free around them. An empty list is accepted here; a target list rejects
    /// it itself.
    fn elements(&mut self, mut element: impl FnMut(&mut Self) -> Option<()>) -> Option<()> {
        self.gaps();
        if self.peek() == b']' {
            self.pos += 1;
            return Some(());
        }
        element(self)?;
        loop {
            let crossed = self.gaps();
            match self.peek() {
                b']' => {
                    self.pos += 1;
                    return Some(());
                }
                b',' => {
                    self.pos += 1;
                    self.gaps();
                    if self.peek() == b']' {
                        self.pos += 1;
                        return Some(());
                    }
                    element(self)?;
                }
                _ if crossed => element(self)?,
                _ => return None,
            }
        }
    }

    /// `protocol_name ~ ("/" ~ port)?`
    fn protocol(&mut self) -> Option<Protocol> {
        let start = self.pos;
        if !self.peek().is_ascii_alphabetic() {
            return None;
        }
        self.pos += 1;
        while matches!(self.peek(), b'_' | b'+' | b'-') || self.peek().is_ascii_alphanumeric() {
            self.pos += 1;
        }
        let name = Ident {
            name: self.slice(start).to_string(),
            span: self.span(start),
        };
        let mut end = self.pos;
        let before = self.pos;
        self.blanks();
        let mut port = None;
        if self.peek() == b'/' {
            self.pos += 1;
            self.blanks();
            let digits = self.pos;
            self.digits();
            if self.pos > digits {
                let span = self.span(digits);
                let number = literal::port(self.slice(digits), span).ok()?;
                port = Some(Port { number, span });
                end = self.pos;
            } else {
                // `http // comment`: the `/` is not a port's.
                self.pos = before;
            }
        } else {
            self.pos = before;
        }
        Some(Protocol {
            name,
            port,
            span: Span::new(start, end),
        })
    }

    fn digits(&mut self) -> usize {
        let start = self.pos;
        while self.peek().is_ascii_digit() {
            self.pos += 1;
        }
        self.pos - start
    }

    /// `"..."`, unescaped; `None` on a bad escape (pest then reports it).
    fn string(&mut self) -> Option<String> {
        let start = self.pos;
        self.pos += 1;
        loop {
            match self.peek() {
                b'"' => break,
                b'\\' => self.pos += 2,
                b'\n' | b'\r' => return None,
                _ if self.at_end() => return None,
                _ => self.pos += 1,
            }
        }
        self.pos += 1;
        if self.pos > self.bytes.len() || !self.text.is_char_boundary(self.pos) {
            return None;
        }
        literal::string(self.slice(start), self.span(start)).ok()
    }

    /// `value`: dispatched on its first byte, in the grammar's order.
    fn value(&mut self) -> Option<Value> {
        let start = self.pos;
        let kind = match self.peek() {
            b'"' => ValueKind::String(self.string()?),
            b'[' => {
                self.pos += 1;
                let mut values = Vec::new();
                self.elements(|parser| {
                    values.push(parser.value()?);
                    Some(())
                })?;
                ValueKind::List(values)
            }
            // A literal whose shape matched but whose value does not check (`300.1.1.1`)
            // gives up here; only when no numeric shape matched is it a domain name.
            b'-' | b'0'..=b'9' => match self.numeric(start) {
                Some(checked) => checked?,
                None => {
                    self.pos = digit_path(self.bytes, start)?;
                    ValueKind::Path(Path {
                        text: self.slice(start).to_string(),
                        span: self.span(start),
                    })
                }
            },
            _ => {
                if let Some(end) = self.boolean(start) {
                    self.pos = end;
                    ValueKind::Bool(self.slice(start) == "true")
                } else if let Some(end) = ipv6(self.bytes, start) {
                    self.pos = end;
                    self.address(start)?
                } else if let Some(slash) = protocol_value(self.bytes, start) {
                    self.protocol_value(start, slash)?
                } else {
                    ValueKind::Path(self.path()?)
                }
            }
        };
        Some(Value {
            kind,
            span: self.span(start),
        })
    }

    /// `ip | date | duration | number | ipv6`, the first whose shape matches: `None` if
    /// none does, `Some(None)` if one does but its value does not check.
    fn numeric(&mut self, start: usize) -> Option<Option<ValueKind>> {
        let bytes = self.bytes;
        if let Some(end) = ipv4(bytes, start) {
            self.pos = end;
            return Some(self.address(start));
        }
        if let Some(end) = date(bytes, start) {
            self.pos = end;
            let date = literal::date(self.slice(start), self.span(start));
            return Some(date.ok().map(ValueKind::Date));
        }
        if let Some(end) = duration(bytes, start) {
            self.pos = end;
            let duration = literal::duration(self.slice(start), self.span(start));
            return Some(duration.ok().map(ValueKind::Duration));
        }
        if let Some(end) = number(bytes, start) {
            self.pos = end;
            let number = literal::number(self.slice(start), self.span(start));
            return Some(number.ok().map(ValueKind::Number));
        }
        let end = ipv6(bytes, start)?;
        self.pos = end;
        Some(self.address(start))
    }

    /// `grpc/9000` as a value, the `/` at `slash`: built as the tree builder builds it,
    /// giving up on a port that does not check.
    fn protocol_value(&mut self, start: usize, slash: usize) -> Option<ValueKind> {
        self.pos = digits_from(self.bytes, slash + 1);
        let name_span = Span::new(start, slash);
        let port_span = Span::new(slash + 1, self.pos);
        let number = literal::port(&self.text[slash + 1..self.pos], port_span).ok()?;
        Some(ValueKind::Protocol(Box::new(Protocol {
            name: Ident {
                name: self.text[start..slash].to_string(),
                span: name_span,
            },
            port: Some(Port {
                number,
                span: port_span,
            }),
            span: self.span(start),
        })))
    }

    fn address(&self, start: usize) -> Option<ValueKind> {
        Some(
            match literal::ip(self.slice(start), self.span(start)).ok()? {
                IpOrCidr::Ip(ip) => ValueKind::Ip(ip),
                IpOrCidr::Cidr(net) => ValueKind::Cidr(net),
            },
        )
    }

    /// `("true" | "false") ~ !word_char`
    fn boolean(&self, start: usize) -> Option<usize> {
        let rest = &self.bytes[start.min(self.bytes.len())..];
        let len = if rest.starts_with(b"true") {
            4
        } else if rest.starts_with(b"false") {
            5
        } else {
            return None;
        };
        (!is_word_char(self.at(start + len))).then_some(start + len)
    }
}

fn digits_from(bytes: &[u8], mut i: usize) -> usize {
    while bytes.get(i).is_some_and(u8::is_ascii_digit) {
        i += 1;
    }
    i
}

fn byte(bytes: &[u8], i: usize) -> u8 {
    bytes.get(i).copied().unwrap_or(0)
}

/// `!word_char` at `end`: the token ends there.
fn ends_word(bytes: &[u8], end: usize) -> Option<usize> {
    (!is_word_char(byte(bytes, end))).then_some(end)
}

/// `("/" ~ ASCII_DIGIT+)?` at `i`.
fn prefix_length(bytes: &[u8], i: usize) -> usize {
    if byte(bytes, i) == b'/' {
        let end = digits_from(bytes, i + 1);
        if end > i + 1 {
            return end;
        }
    }
    i
}

/// `ip = ASCII_DIGIT+ ~ ("." ~ ASCII_DIGIT+){3} ~ ("/" ~ ASCII_DIGIT+)? ~ !word_char`
fn ipv4(bytes: &[u8], start: usize) -> Option<usize> {
    let mut i = digits_from(bytes, start);
    if i == start {
        return None;
    }
    for _ in 0..3 {
        if byte(bytes, i) != b'.' {
            return None;
        }
        let end = digits_from(bytes, i + 1);
        if end == i + 1 {
            return None;
        }
        i = end;
    }
    ends_word(bytes, prefix_length(bytes, i))
}

/// `ipv6 = ASCII_HEX_DIGIT* ~ ":" ~ (ASCII_HEX_DIGIT | ":" | ".")+ ~ ("/" ~ ASCII_DIGIT+)? ~ !word_char`
fn ipv6(bytes: &[u8], start: usize) -> Option<usize> {
    let mut i = start;
    while byte(bytes, i).is_ascii_hexdigit() {
        i += 1;
    }
    if byte(bytes, i) != b':' {
        return None;
    }
    i += 1;
    let body = i;
    while byte(bytes, i).is_ascii_hexdigit() || matches!(byte(bytes, i), b':' | b'.') {
        i += 1;
    }
    if i == body {
        return None;
    }
    ends_word(bytes, prefix_length(bytes, i))
}

/// `date = ASCII_DIGIT{4} ~ "-" ~ ASCII_DIGIT{2} ~ "-" ~ ASCII_DIGIT{2} ~ !word_char`
fn date(bytes: &[u8], start: usize) -> Option<usize> {
    let shape = b"dddd-dd-dd";
    for (k, &want) in shape.iter().enumerate() {
        let b = byte(bytes, start + k);
        let ok = if want == b'd' {
            b.is_ascii_digit()
        } else {
            b == want
        };
        if !ok {
            return None;
        }
    }
    ends_word(bytes, start + shape.len())
}

/// `duration = ASCII_DIGIT+ ~ ("ms" | "s" | "m" | "h" | "d" | "w") ~ !word_char`: the
/// first unit that matches is taken, even if `!word_char` then fails.
fn duration(bytes: &[u8], start: usize) -> Option<usize> {
    let i = digits_from(bytes, start);
    if i == start {
        return None;
    }
    let unit = match (byte(bytes, i), byte(bytes, i + 1)) {
        (b'm', b's') => 2,
        (b's' | b'm' | b'h' | b'd' | b'w', _) => 1,
        _ => return None,
    };
    ends_word(bytes, i + unit)
}

/// `protocol_value = ASCII_ALPHA ~ (ASCII_ALPHANUMERIC | "_" | "+" | "-")* ~ "/" ~
/// ASCII_DIGIT+ ~ !word_char`: where its `/` is.
fn protocol_value(bytes: &[u8], start: usize) -> Option<usize> {
    if !byte(bytes, start).is_ascii_alphabetic() {
        return None;
    }
    let mut i = start + 1;
    while byte(bytes, i).is_ascii_alphanumeric() || matches!(byte(bytes, i), b'_' | b'+' | b'-') {
        i += 1;
    }
    let end = digits_from(bytes, i + 1);
    (byte(bytes, i) == b'/' && end > i + 1 && ends_word(bytes, end).is_some()).then_some(i)
}

/// Past the letters, digits, `_` and `-` (not starting an arrow) of a segment from `i`.
fn segment_rest(bytes: &[u8], mut i: usize) -> usize {
    loop {
        match byte(bytes, i) {
            b if is_segment_start(b) => i += 1,
            b'-' if byte(bytes, i + 1) != b'>' => i += 1,
            _ => return i,
        }
    }
}

/// `digit_path = ASCII_DIGIT ~ rest ~ ("." ~ &(segment ~ ".") ~ segment)* ~ "." ~
/// ASCII_ALPHA ~ rest ~ !word_char`: a domain name whose first label starts with a digit
/// (`1password.com`). The repetition takes every label followed by another dot, so the
/// last label is the one that must start with a letter.
fn digit_path(bytes: &[u8], start: usize) -> Option<usize> {
    if !byte(bytes, start).is_ascii_digit() {
        return None;
    }
    let mut i = segment_rest(bytes, start + 1);
    while byte(bytes, i) == b'.' && is_segment_start(byte(bytes, i + 1)) {
        let end = segment_rest(bytes, i + 2);
        if byte(bytes, end) != b'.' {
            break;
        }
        i = end;
    }
    if byte(bytes, i) != b'.' || !byte(bytes, i + 1).is_ascii_alphabetic() {
        return None;
    }
    ends_word(bytes, segment_rest(bytes, i + 2))
}

/// `number = "-"? ~ ASCII_DIGIT+ ~ ("." ~ ASCII_DIGIT+)? ~ !word_char`
fn number(bytes: &[u8], start: usize) -> Option<usize> {
    let digits = start + usize::from(byte(bytes, start) == b'-');
    let mut i = digits_from(bytes, digits);
    if i == digits {
        return None;
    }
    if byte(bytes, i) == b'.' {
        let end = digits_from(bytes, i + 1);
        if end > i + 1 {
            i = end;
        }
    }
    ends_word(bytes, i)
}

#[cfg(test)]
#[path = "descent_tests.rs"]
mod tests;
