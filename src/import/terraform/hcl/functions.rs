//! Terraform's built-in functions that a configuration's shape depends on (counts, lists,
//! names); the rest, and any call on values known only once applied, are unknown.

use super::super::value::Val;
use super::eval::MAX_ITEMS;
use std::collections::BTreeMap;

pub fn call(name: &str, args: Vec<Val>) -> Val {
    if let Some(Val::Unknown(why)) = args.iter().find(|a| matches!(a, Val::Unknown(_)))
        && !matches!(name, "try" | "coalesce" | "can")
    {
        return Val::Unknown(why.clone());
    }
    let arg = |i: usize| args.get(i).cloned().unwrap_or(Val::Null);
    let text = |i: usize| args.get(i).and_then(Val::to_text);
    match name {
        "length" => match arg(0) {
            Val::List(items) => Val::Number(items.len() as f64),
            Val::Object(map) => Val::Number(map.len() as f64),
            Val::String(s) => Val::Number(s.chars().count() as f64),
            _ => Val::Unknown("length() of a value known only once applied".into()),
        },
        "concat" => Val::List(
            args.iter()
                .flat_map(|a| a.items().to_vec())
                .take(MAX_ITEMS)
                .collect(),
        ),
        "flatten" => {
            fn flat(v: &Val, out: &mut Vec<Val>) {
                match v {
                    Val::List(items) => items.iter().for_each(|i| flat(i, out)),
                    other => out.push(other.clone()),
                }
            }
            let mut out = Vec::new();
            flat(&arg(0), &mut out);
            out.truncate(MAX_ITEMS);
            Val::List(out)
        }
        "tolist" | "toset" | "distinct" | "compact" | "sort" => {
            let mut items = arg(0).items().to_vec();
            if name != "tolist" {
                let mut seen = Vec::new();
                items.retain(|i| {
                    let keep = !seen.contains(i)
                        && !(name == "compact"
                            && (i == &Val::Null || i == &Val::String(String::new())));
                    seen.push(i.clone());
                    keep
                });
            }
            if name == "toset" || name == "sort" {
                items.sort_by_key(|i| i.to_text().unwrap_or_default());
            }
            Val::List(items)
        }
        "tomap" | "merge" => {
            let mut map = BTreeMap::new();
            for a in &args {
                if let Val::Object(m) = a {
                    map.extend(m.clone());
                }
            }
            Val::Object(map)
        }
        "keys" => match arg(0) {
            Val::Object(m) => Val::List(m.keys().cloned().map(Val::String).collect()),
            _ => Val::Unknown("keys() of a non-map".into()),
        },
        "values" => match arg(0) {
            Val::Object(m) => Val::List(m.values().cloned().collect()),
            _ => Val::Unknown("values() of a non-map".into()),
        },
        "lookup" => match arg(0) {
            Val::Object(m) => text(1).and_then(|k| m.get(&k).cloned()).unwrap_or(arg(2)),
            _ => arg(2),
        },
        "element" => {
            let items = arg(0).items().to_vec();
            match arg(1).number() {
                Some(n) if !items.is_empty() && n >= 0.0 => {
                    items[(n as usize) % items.len()].clone()
                }
                _ => Val::Unknown("element() with an unknown index".into()),
            }
        }
        "contains" => Val::Bool(arg(0).items().contains(&arg(1))),
        "slice" => match (arg(1).number(), arg(2).number()) {
            (Some(a), Some(b)) => {
                let items = arg(0).items().to_vec();
                let (a, b) = ((a as usize).min(items.len()), (b as usize).min(items.len()));
                Val::List(items[a.min(b)..b].to_vec())
            }
            _ => Val::Unknown("slice() with unknown bounds".into()),
        },
        "range" => {
            let n: Vec<f64> = args.iter().filter_map(Val::number).collect();
            let (start, end, step) = match n.as_slice() {
                [end] => (0.0, *end, 1.0),
                [start, end] => (*start, *end, 1.0),
                [start, end, step] if *step != 0.0 => (*start, *end, *step),
                _ => return Val::Unknown("range() with unknown bounds".into()),
            };
            let mut out = Vec::new();
            let mut x = start;
            while (step > 0.0 && x < end) || (step < 0.0 && x > end) {
                out.push(Val::Number(x));
                x += step;
                if out.len() >= MAX_ITEMS {
                    break;
                }
            }
            Val::List(out)
        }
        "join" => {
            let sep = text(0).unwrap_or_default();
            let parts: Option<Vec<String>> = arg(1).items().iter().map(Val::to_text).collect();
            parts.map_or(
                Val::Unknown("join() of values known only once applied".into()),
                |p| Val::String(p.join(&sep)),
            )
        }
        "split" => match (text(0), text(1)) {
            (Some(sep), Some(s)) if !sep.is_empty() => Val::List(
                s.split(&sep)
                    .take(MAX_ITEMS)
                    .map(|p| Val::String(p.into()))
                    .collect(),
            ),
            _ => Val::Unknown("split() of a value known only once applied".into()),
        },
        "format" => {
            let Some(spec) = text(0) else {
                return Val::Unknown("format() with no format".into());
            };
            let mut out = String::new();
            let mut rest = args.iter().skip(1);
            let mut chars = spec.chars().peekable();
            while let Some(c) = chars.next() {
                if c != '%' {
                    out.push(c);
                    continue;
                }
                if chars.peek() == Some(&'%') {
                    chars.next();
                    out.push('%');
                    continue;
                }
                // Flags, width and precision, then the verb: `%02d`, `%-5s`, `%.2f`.
                let mut zero = false;
                let mut width = String::new();
                while let Some(&c) = chars.peek() {
                    match c {
                        '0' if width.is_empty() => zero = true,
                        '-' | '+' | ' ' | '#' => {}
                        c if c.is_ascii_digit() || c == '.' => width.push(c),
                        _ => break,
                    }
                    chars.next();
                }
                let verb = chars.next();
                let Some(text) = rest.next().and_then(Val::to_text) else {
                    return Val::Unknown("format() of a value known only once applied".into());
                };
                let width: usize = width
                    .split('.')
                    .next()
                    .and_then(|w| w.parse().ok())
                    .unwrap_or(0);
                let pad = width.saturating_sub(text.chars().count()).min(MAX_ITEMS);
                if verb == Some('d') && zero {
                    out.push_str(&"0".repeat(pad));
                } else {
                    out.push_str(&" ".repeat(pad));
                }
                out.push_str(&text);
            }
            Val::String(out)
        }
        "upper" => text(0).map_or(Val::Null, |s| Val::String(s.to_uppercase())),
        "lower" => text(0).map_or(Val::Null, |s| Val::String(s.to_lowercase())),
        "trimspace" => text(0).map_or(Val::Null, |s| Val::String(s.trim().to_string())),
        "replace" => match (text(0), text(1), text(2)) {
            (Some(s), Some(a), Some(b)) if !a.is_empty() => Val::String(s.replace(&a, &b)),
            _ => arg(0),
        },
        "tostring" => text(0).map_or(Val::Null, Val::String),
        "tonumber" => arg(0).number().map_or(Val::Null, Val::Number),
        "tobool" => arg(0).bool().map_or(Val::Null, Val::Bool),
        "min" | "max" => {
            let n: Vec<f64> = args
                .iter()
                .flat_map(|a| a.items().to_vec())
                .filter_map(|a| a.number())
                .collect();
            let pick = if name == "min" {
                n.iter().copied().fold(f64::INFINITY, f64::min)
            } else {
                n.iter().copied().fold(f64::NEG_INFINITY, f64::max)
            };
            if n.is_empty() {
                Val::Unknown(format!("{name}() of nothing"))
            } else {
                Val::Number(pick)
            }
        }
        "abs" => arg(0).number().map_or(Val::Null, |n| Val::Number(n.abs())),
        "ceil" => arg(0).number().map_or(Val::Null, |n| Val::Number(n.ceil())),
        "floor" => arg(0)
            .number()
            .map_or(Val::Null, |n| Val::Number(n.floor())),
        "coalesce" => args
            .into_iter()
            .find(|a| a.is_known() && *a != Val::Null && *a != Val::String(String::new()))
            .unwrap_or(Val::Null),
        "try" => args
            .into_iter()
            .find(Val::is_known)
            .unwrap_or(Val::Unknown("try() of nothing known".into())),
        "can" => Val::Bool(args.iter().all(Val::is_known)),
        "base64decode" => {
            use base64::Engine as _;
            text(0)
                .and_then(|s| {
                    base64::engine::general_purpose::STANDARD
                        .decode(s.trim())
                        .ok()
                })
                .and_then(|b| String::from_utf8(b).ok())
                .map_or(
                    Val::Unknown("base64decode() of something not text".into()),
                    Val::String,
                )
        }
        "jsonencode" => arg(0).to_json().map_or(
            Val::Unknown("jsonencode() of values known only once applied".into()),
            |json| Val::String(json.to_string()),
        ),
        "base64encode" => match arg(0) {
            Val::String(text) => {
                use base64::Engine as _;
                Val::String(base64::engine::general_purpose::STANDARD.encode(text))
            }
            _ => Val::Unknown("base64encode() of something not text".into()),
        },
        "yamlencode" | "sensitive" | "nonsensitive" => match name {
            "sensitive" | "nonsensitive" => arg(0),
            _ => Val::Unknown(format!("{name}()")),
        },
        other => Val::Unknown(format!("{other}(), which infrac does not evaluate")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(x: &str) -> Val {
        Val::String(x.into())
    }

    #[test]
    fn functions_compute_what_the_shape_depends_on() {
        assert_eq!(
            call("length", vec![Val::List(vec![s("a"), s("b")])]),
            Val::Number(2.0)
        );
        assert_eq!(
            call("format", vec![s("web-%02d"), Val::Number(3.0)]),
            s("web-03")
        );
        assert_eq!(
            call("format", vec![s("%s-%d%%"), s("a"), Val::Number(1.0)]),
            s("a-1%")
        );
        assert_eq!(
            call("join", vec![s(","), Val::List(vec![s("a"), s("b")])]),
            s("a,b")
        );
        assert_eq!(
            call(
                "concat",
                vec![Val::List(vec![s("a")]), Val::List(vec![s("b")])]
            ),
            Val::List(vec![s("a"), s("b")])
        );
        assert_eq!(
            call("range", vec![Val::Number(1e12)]).items().len(),
            MAX_ITEMS
        );
        assert!(matches!(call("file", vec![s("x")]), Val::Unknown(_)));
        assert_eq!(
            call("coalesce", vec![Val::Unknown("x".into()), s("b")]),
            s("b")
        );
    }
}
