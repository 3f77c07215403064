//! Turning the text of a literal token into its value, with precise errors.
//!
//! The grammar only fixes the shape of a token (`ip` is four dotted digit runs); whether
//! `300.1.1.1` or `2027-02-30` is valid is decided here, so the error can say why.

use super::SyntaxError;
use super::ast::{Duration, DurationUnit, Number, NumberValue};
use crate::span::Span;
use std::net::IpAddr;

/// Unescape the text of a string token, quotes included.
pub fn string(token: &str, span: Span) -> Result<String, SyntaxError> {
    let inner = &token[1..token.len() - 1];
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.char_indices();
    while let Some((i, c)) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let escape_start = span.start() + 1 + i;
        let bad = |len: usize| SyntaxError::BadEscape {
            escape: inner[i..(i + len).min(inner.len())].to_string(),
            at: Span::new(escape_start, escape_start + len).into(),
        };
        match chars.next() {
            Some((_, '"')) => out.push('"'),
            Some((_, '\\')) => out.push('\\'),
            Some((_, 'n')) => out.push('\n'),
            Some((_, 't')) => out.push('\t'),
            Some((_, 'u')) => {
                let rest = &inner[i + 2..];
                let close = rest.find('}').filter(|_| rest.starts_with('{'));
                let Some(close) = close else {
                    return Err(bad(2));
                };
                let code = u32::from_str_radix(&rest[1..close], 16).ok();
                match code.and_then(char::from_u32) {
                    Some(ch) if close > 1 && close <= 7 => out.push(ch),
                    _ => return Err(bad(close + 3)),
                }
                for _ in 0..=close {
                    chars.next();
                }
            }
            Some((_, other)) => return Err(bad(1 + other.len_utf8())),
            None => return Err(bad(1)),
        }
    }
    Ok(out)
}

/// An IPv4 or IPv6 address, or a CIDR block when a `/prefix` follows.
pub fn ip(text: &str, span: Span) -> Result<IpOrCidr, SyntaxError> {
    let bad = |reason: &str| SyntaxError::BadIp {
        text: text.to_string(),
        reason: reason.to_string(),
        at: span.into(),
    };
    if let Some((addr, prefix)) = text.split_once('/') {
        let addr: IpAddr = addr.parse().map_err(|_| bad(address_problem(addr)))?;
        let max = if addr.is_ipv4() { 32 } else { 128 };
        let prefix: u8 = prefix
            .parse()
            .ok()
            .filter(|p| *p <= max)
            .ok_or_else(|| bad(&format!("the prefix length must be 0 to {max}")))?;
        let net = ipnet::IpNet::new(addr, prefix).map_err(|_| bad("invalid prefix"))?;
        return Ok(IpOrCidr::Cidr(net));
    }
    text.parse()
        .map(IpOrCidr::Ip)
        .map_err(|_| bad(address_problem(text)))
}

pub enum IpOrCidr {
    Ip(IpAddr),
    Cidr(ipnet::IpNet),
}

fn address_problem(text: &str) -> &'static str {
    if text.contains(':') {
        "not a valid IPv6 address"
    } else if text
        .split('.')
        .any(|o| o.parse::<u16>().map_or(true, |n| n > 255))
    {
        "each part of an IPv4 address must be 0 to 255"
    } else {
        "not a valid IPv4 address"
    }
}

pub fn date(text: &str, span: Span) -> Result<time::Date, SyntaxError> {
    let bad = |reason: String| SyntaxError::BadDate {
        text: text.to_string(),
        reason,
        at: span.into(),
    };
    // The grammar guarantees `DDDD-DD-DD`.
    let year: i32 = text[0..4].parse().map_err(|_| bad("bad year".into()))?;
    let month: u8 = text[5..7].parse().map_err(|_| bad("bad month".into()))?;
    let day: u8 = text[8..10].parse().map_err(|_| bad("bad day".into()))?;
    let month =
        time::Month::try_from(month).map_err(|_| bad(format!("there is no month {month}")))?;
    time::Date::from_calendar_date(year, month, day)
        .map_err(|_| bad(format!("{month} {year} has no day {day}")))
}

pub fn duration(text: &str, span: Span) -> Result<Duration, SyntaxError> {
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (digits, suffix) = text.split_at(split);
    let amount = digits.parse().map_err(|_| SyntaxError::NumberOutOfRange {
        text: text.to_string(),
        at: span.into(),
    })?;
    // The grammar only admits known suffixes.
    let unit = DurationUnit::from_suffix(suffix).unwrap_or(DurationUnit::Seconds);
    Ok(Duration { amount, unit })
}

pub fn number(text: &str, span: Span) -> Result<Number, SyntaxError> {
    let value = if text.contains('.') {
        text.parse().ok().map(NumberValue::Float)
    } else {
        text.parse().ok().map(NumberValue::Integer)
    };
    match value {
        Some(value) => Ok(Number {
            text: text.to_string(),
            value,
        }),
        None => Err(SyntaxError::NumberOutOfRange {
            text: text.to_string(),
            at: span.into(),
        }),
    }
}

pub fn port(text: &str, span: Span) -> Result<u16, SyntaxError> {
    text.parse()
        .ok()
        .filter(|p| *p > 0)
        .ok_or_else(|| SyntaxError::BadPort {
            text: text.to_string(),
            at: span.into(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unescape(s: &str) -> Result<String, SyntaxError> {
        string(s, Span::new(0, s.len()))
    }

    #[test]
    fn escapes() {
        assert_eq!(
            unescape(r#""a\"b\\c\nd\te""#).ok(),
            Some("a\"b\\c\nd\te".into())
        );
        assert_eq!(unescape(r#""\u{1F600}x""#).ok(), Some("\u{1F600}x".into()));
    }

    #[test]
    fn bad_escapes_point_at_the_escape() {
        let err = unescape(r#""ab\qc""#).err();
        assert_eq!(err.and_then(|e| e.span()), Some(Span::new(3, 5)));
        let err = unescape(r#""\u{110000}""#).err();
        assert_eq!(err.and_then(|e| e.span()), Some(Span::new(1, 11)));
        assert!(unescape(r#""\u{}""#).is_err());
        assert!(unescape(r#""\u12""#).is_err());
    }

    #[test]
    fn ips_and_cidrs() {
        let sp = Span::new(0, 1);
        assert!(matches!(ip("8.8.8.8", sp), Ok(IpOrCidr::Ip(_))));
        assert!(matches!(ip("10.0.0.0/8", sp), Ok(IpOrCidr::Cidr(_))));
        assert!(matches!(ip("2001:db8::1", sp), Ok(IpOrCidr::Ip(_))));
        assert!(matches!(ip("2001:db8::/32", sp), Ok(IpOrCidr::Cidr(_))));
        assert!(ip("256.1.1.1", sp).is_err());
        assert!(ip("10.0.0.0/33", sp).is_err());
        assert!(ip("1:2:3", sp).is_err());
    }

    #[test]
    fn dates_are_calendar_checked() {
        let sp = Span::new(0, 10);
        assert!(date("2024-02-29", sp).is_ok());
        assert!(date("2023-02-29", sp).is_err());
        assert!(date("2023-13-01", sp).is_err());
    }
}
