//! Completion candidates at a cursor, from the schema and the names the text declares:
//! the kinds that may start a block here, the attributes of the enclosing block's kind,
//! the values an attribute takes (its words, `true`/`false`, the declared items of the
//! kinds it refers to), protocol names after a flow's `:`, and item names in a flow.
//!
//! The text being typed rarely parses, so the context comes from a lexical scan of the
//! text before the cursor (braces, strings, comments), not from the parser: a syntax
//! error elsewhere does not switch completion off. Attributes the enclosing block
//! already sets (before or after the cursor) are not offered again, and every label is
//! offered once. One owner for the LSP and the playground.

use crate::model::Kind;
use crate::model::kind::Place;
use crate::model::protocol::Protocol;
use crate::model::schema::{self, AttrSpec, Ty};
use serde::Serialize;

/// One candidate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Completion {
    pub label: String,
    pub kind: CompletionKind,
    /// One line shown beside it: the kind's noun, the attribute's doc.
    pub detail: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CompletionKind {
    /// A block keyword: `server`, `web_server`.
    Kind,
    Attribute,
    /// A word an attribute takes: `round_robin`, `true`.
    Value,
    /// A declared item: `web1.mysql`.
    Item,
    Protocol,
}

/// Where the cursor is, as far as completion cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Around {
    TopLevel,
    Block(Kind),
    /// A block whose keyword is not a kind (being typed, or misspelt).
    UnknownBlock,
    FlowBody,
}

/// Candidates at byte `offset` of `text` (clamped to the text and to a character
/// boundary). The front end filters them by the word being typed.
pub fn completions(text: &str, offset: usize) -> Vec<Completion> {
    completions_knowing(text, offset, Vec::new())
}

/// [`completions`], also offering `known` items (dotted path and kind) the text before
/// the cursor does not declare: the language server passes the last design that
/// compiled, so items declared further down — or in a part now broken — are offered too.
pub fn completions_knowing(
    text: &str,
    offset: usize,
    known: Vec<(String, Kind)>,
) -> Vec<Completion> {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let scan = Scan::of(&text[..offset], known);
    let mut out = candidates(&scan, text);
    let mut seen = std::collections::BTreeSet::new();
    out.retain(|c| seen.insert(c.label.clone()));
    out
}

fn candidates(scan: &Scan, text: &str) -> Vec<Completion> {
    let statement = scan.statement.trim_start();
    if let Some((key, _)) = statement
        .split_once('=')
        .filter(|(key, _)| is_word(key.trim()))
    {
        let specs = specs(scan.around);
        let mut out: Vec<Completion> = schema::find(specs, key.trim())
            .map(|spec| values(&spec.ty, &scan.declared))
            .unwrap_or_default();
        if let Around::Block(kind) = scan.around {
            out.extend(
                schema::suggested(kind, key.trim())
                    .iter()
                    .map(|w| Completion {
                        label: w.to_string(),
                        kind: CompletionKind::Value,
                        detail: "a usual value; any text is accepted".to_string(),
                    }),
            );
        }
        return out;
    }
    if statement.contains("->") {
        return match statement.rsplit_once(':') {
            Some((_, after)) if !after.contains('>') => protocols(),
            _ => items(&scan.declared, &[]),
        };
    }
    let mut out = kinds(scan.around);
    let set = keys_set(text, scan.body_start);
    // A component inside a server is placed by its server and is nobody's service.
    let in_server = matches!(scan.around, Around::Block(k) if k.is_component()) && scan.in_server;
    out.extend(
        specs(scan.around)
            .iter()
            .filter(|spec| !set.contains(spec.key))
            .filter(|spec| !(in_server && schema::SERVICE_ONLY.contains(&spec.key)))
            .map(attribute),
    );
    if scan.around == Around::TopLevel {
        out.push(item("internet", "the users' side of the design"));
        out.extend(items(&scan.declared, &[]));
    }
    out
}

fn is_word(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_alphanumeric() || c == '_')
}

fn specs(around: Around) -> &'static [AttrSpec] {
    match around {
        Around::TopLevel => schema::DESIGN,
        Around::Block(kind) => schema::attributes(kind),
        Around::FlowBody => schema::FLOW,
        Around::UnknownBlock => &[],
    }
}

fn kinds(around: Around) -> Vec<Completion> {
    let here = |place: &Place| match (place, around) {
        (Place::TopLevel, Around::TopLevel) => true,
        (Place::In(parent), Around::Block(inside)) => *parent == inside,
        _ => false,
    };
    Kind::DECLARABLE
        .into_iter()
        .filter(|k| k.places().iter().any(here))
        .map(|k| Completion {
            label: k.keyword().to_string(),
            kind: CompletionKind::Kind,
            detail: k.noun().to_string(),
        })
        .collect()
}

fn attribute(spec: &AttrSpec) -> Completion {
    Completion {
        label: spec.key.to_string(),
        kind: CompletionKind::Attribute,
        detail: format!("{} — {}", spec.doc, spec.ty.describe()),
    }
}

fn item(label: &str, detail: &str) -> Completion {
    Completion {
        label: label.to_string(),
        kind: CompletionKind::Item,
        detail: detail.to_string(),
    }
}

/// Declared items of `kinds` (any kind when empty).
fn items(declared: &[(String, Kind)], kinds: &[Kind]) -> Vec<Completion> {
    declared
        .iter()
        .filter(|(_, k)| kinds.is_empty() || kinds.contains(k))
        .filter(|(_, k)| !matches!(k, Kind::Allow | Kind::Deny | Kind::Domain))
        .map(|(path, k)| item(path, k.noun()))
        .collect()
}

fn protocols() -> Vec<Completion> {
    Protocol::known_names()
        .map(|name| Completion {
            label: name.to_string(),
            kind: CompletionKind::Protocol,
            detail: "protocol".to_string(),
        })
        .collect()
}

fn values(ty: &Ty, declared: &[(String, Kind)]) -> Vec<Completion> {
    let word = |w: &str| Completion {
        label: w.to_string(),
        kind: CompletionKind::Value,
        detail: ty.describe(),
    };
    match ty {
        Ty::Word { words, .. } => words.iter().map(|w| word(w)).collect(),
        Ty::Bool => vec![word("true"), word("false")],
        Ty::Ref(kinds) => items(declared, kinds),
        Ty::Protocol => protocols(),
        Ty::Source => {
            let mut out = vec![item("internet", "the users' side of the design")];
            out.extend(items(declared, &[]));
            out
        }
        Ty::RecordValue => items(declared, &[]),
        Ty::List(inner) | Ty::OneOrList(inner) => values(inner, declared),
        Ty::Either(alts) => alts.iter().flat_map(|t| values(t, declared)).collect(),
        _ => Vec::new(),
    }
}

/// What a lexical scan of the text before the cursor found.
struct Scan {
    around: Around,
    /// The statement the cursor is in, up to the cursor (comments and strings blanked).
    statement: String,
    /// Every named block seen, with its path.
    declared: Vec<(String, Kind)>,
    /// Where the body of the block around the cursor starts (0: the top level).
    body_start: usize,
    /// Whether the block around the cursor sits in a server.
    in_server: bool,
}

/// A `{` seen and not yet closed.
struct Open {
    around: Around,
    /// The block's name (for the paths of what it holds), if it has one.
    name: Option<String>,
    /// Its path, if it declares an item.
    path: Option<String>,
    /// The byte after its `{`.
    body_start: usize,
}

impl Scan {
    fn of(before: &str, known: Vec<(String, Kind)>) -> Scan {
        let mut stack: Vec<Open> = Vec::new();
        let mut declared = Vec::new();
        let mut statement = String::new();
        let mut chars = before.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            match c {
                '"' => {
                    // A string: skip to its end (escapes included); it stays one blank.
                    let mut escaped = false;
                    for (_, s) in chars.by_ref() {
                        match (escaped, s) {
                            (false, '\\') => escaped = true,
                            (false, '"') => break,
                            _ => escaped = false,
                        }
                    }
                    statement.push_str("\"\"");
                }
                '#' => skip_line(&mut chars),
                '/' if chars.peek().is_some_and(|&(_, d)| d == '/') => skip_line(&mut chars),
                '\n' | ',' => statement.clear(),
                '{' => {
                    let open = open(&statement, &stack, i + 1);
                    if let (Some(path), Around::Block(kind)) = (&open.path, open.around) {
                        declared.push((path.clone(), kind));
                    }
                    stack.push(open);
                    statement.clear();
                }
                '}' => {
                    stack.pop();
                    statement.clear();
                }
                _ => statement.push(c),
            }
        }
        for item in known {
            if !declared.contains(&item) {
                declared.push(item);
            }
        }
        // The blocks around the cursor are being written: nothing refers to itself.
        declared.retain(|(path, _)| !stack.iter().any(|o| o.path.as_ref() == Some(path)));
        Scan {
            around: stack.last().map_or(Around::TopLevel, |o| o.around),
            statement,
            declared,
            body_start: stack.last().map_or(0, |o| o.body_start),
            in_server: stack.len() >= 2
                && stack[stack.len() - 2].around == Around::Block(Kind::Server),
        }
    }
}

fn skip_line(chars: &mut std::iter::Peekable<std::str::CharIndices>) {
    while chars.next_if(|&(_, c)| c != '\n').is_some() {}
}

/// The keys of the `key = value` statements directly in the block whose body starts at
/// `body_start` (0: the top level), up to its `}` — the whole body, after the cursor too.
fn keys_set(text: &str, body_start: usize) -> std::collections::BTreeSet<String> {
    let mut keys = std::collections::BTreeSet::new();
    let mut depth = 0usize;
    let mut statement = String::new();
    let mut chars = text[body_start.min(text.len())..].char_indices().peekable();
    while let Some((_, c)) = chars.next() {
        match c {
            '"' => {
                let mut escaped = false;
                for (_, s) in chars.by_ref() {
                    match (escaped, s) {
                        (false, '\\') => escaped = true,
                        (false, '"') => break,
                        _ => escaped = false,
                    }
                }
            }
            '#' => skip_line(&mut chars),
            '/' if chars.peek().is_some_and(|&(_, d)| d == '/') => skip_line(&mut chars),
            '{' => {
                depth += 1;
                statement.clear();
            }
            '}' if depth == 0 => break,
            '}' => {
                depth -= 1;
                statement.clear();
            }
            '\n' | ',' => statement.clear(),
            '=' if depth == 0 => {
                let key = statement.trim();
                if is_word(key) {
                    keys.insert(key.to_string());
                }
                statement.clear();
            }
            c => statement.push(c),
        }
    }
    keys
}

/// The block a `{` opens, from the statement before it: `kind name "label"`, or a flow.
fn open(statement: &str, stack: &[Open], body_start: usize) -> Open {
    if statement.contains("->") {
        return Open {
            around: Around::FlowBody,
            name: None,
            path: None,
            body_start,
        };
    }
    let mut words = statement.split_whitespace();
    let kind = words.next().and_then(Kind::from_keyword);
    let name = words.next().filter(|w| !w.starts_with('"'));
    let path = name.map(|name| {
        let parents: Vec<&str> = stack.iter().filter_map(|o| o.name.as_deref()).collect();
        // A domain's records are not paths through it; a server's components are.
        match stack.last().map(|o| o.around) {
            Some(Around::Block(k)) if k.is_container() && k != Kind::Domain => {
                format!("{}.{name}", parents.join("."))
            }
            _ => name.to_string(),
        }
    });
    Open {
        around: kind.map_or(Around::UnknownBlock, Around::Block),
        name: name.map(str::to_string),
        path,
        body_start,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(text_with_cursor: &str) -> Vec<String> {
        let offset = text_with_cursor.find('|').expect("a cursor");
        let text = text_with_cursor.replacen('|', "", 1);
        completions(&text, offset)
            .into_iter()
            .map(|c| c.label)
            .collect()
    }

    #[test]
    fn a_server_offers_component_kinds_and_its_attributes() {
        let got = labels("server a {\n  |\n}\n");
        for want in ["web_server", "database", "firewall", "public_ip", "os"] {
            assert!(got.contains(&want.to_string()), "{want} in {got:?}");
        }
        assert!(!got.contains(&"server".to_string()), "{got:?}");
    }

    #[test]
    fn the_top_level_offers_top_level_kinds_design_attributes_and_items() {
        let got = labels("server web1 { web_server nginx {} }\n|");
        for want in [
            "server",
            "domain",
            "title",
            "internet",
            "web1",
            "web1.nginx",
        ] {
            assert!(got.contains(&want.to_string()), "{want} in {got:?}");
        }
        assert!(!got.contains(&"web_server".to_string()), "{got:?}");
    }

    #[test]
    fn attribute_values_come_from_the_schema_and_the_declarations() {
        let lb = "server lb { load_balancer h {\n algorithm = |\n} }";
        assert!(labels(lb).contains(&"least_conn".to_string()));
        let replica =
            "server a { database m { role = primary } }\nserver b { database r {\n replica_of = |";
        assert_eq!(labels(replica), ["a.m"]);
        assert_eq!(
            labels("server a { web_server n { static = | } }"),
            ["true", "false"]
        );
    }

    #[test]
    fn flows_offer_items_then_protocols() {
        let text = "server a { web_server n {} }\na.n -> |";
        assert!(labels(text).contains(&"a.n".to_string()));
        assert!(labels("internet -> a : |").contains(&"https".to_string()));
        assert!(labels("a -> b : http {\n  |").contains(&"access".to_string()));
    }

    #[test]
    fn strings_comments_and_unknown_blocks_do_not_confuse_it() {
        let text = "# { not a block\nserver a { os = \"{ \\\" }\" // }\n |";
        assert!(labels(text).contains(&"web_server".to_string()));
        assert!(labels("sever a {\n |").is_empty());
    }

    #[test]
    fn attributes_the_block_sets_are_not_offered_again_even_after_the_cursor() {
        let got = labels("server s {\n  database db { engine = mysql, | , port = 5432 }\n}\n");
        assert!(got.contains(&"role".to_string()), "{got:?}");
        assert!(!got.contains(&"engine".to_string()), "{got:?}");
        assert!(!got.contains(&"port".to_string()), "{got:?}");
        assert!(
            !got.contains(&"ip".to_string()),
            "a server's, not a database's"
        );
        let top = labels("title = \"x\"\n|\n");
        assert!(!top.contains(&"title".to_string()), "{top:?}");
        // A `=` inside a string or a nested block is not the block's own.
        let got = labels("server s { os = \"a = b\"\n web_server w { software = nginx }\n | }");
        assert!(!got.contains(&"os".to_string()), "{got:?}");
    }

    #[test]
    fn values_inside_a_one_line_block() {
        let got = labels("server s {\n  database db { engine = mysql, role = | }\n}\n");
        assert_eq!(got, ["primary", "replica"]);
    }

    #[test]
    fn every_label_once() {
        for text in [
            "|",
            "server a {\n |\n}",
            "server a { web_server w {} }\na -> |",
        ] {
            let got = labels(text);
            let mut unique = got.clone();
            unique.sort();
            unique.dedup();
            assert_eq!(unique.len(), got.len(), "{text}: {got:?}");
        }
    }

    #[test]
    fn any_offset_is_safe() {
        let text = "server é { web_server n { software = \"ü\" } }";
        for offset in 0..=text.len() + 2 {
            let _ = completions(text, offset);
        }
    }

    #[test]
    fn the_new_constructs_are_offered_where_they_may_be_written() {
        let top = labels("|");
        for kind in [
            "zone",
            "region",
            "cache",
            "queue",
            "object_store",
            "cdn",
            "network",
        ] {
            assert!(
                top.contains(&kind.to_string()),
                "{kind} at the top level: {top:?}"
            );
        }
        let server = labels("server s {\n  |\n}\n");
        for key in [
            "zone", "zones", "count", "min", "max", "tunnel", "cache", "queue",
        ] {
            assert!(
                server.contains(&key.to_string()),
                "{key} in a server: {server:?}"
            );
        }
        let managed = labels("load_balancer alb {\n  |\n}\n");
        for key in ["managed", "provider", "zones", "backup", "listen"] {
            assert!(
                managed.contains(&key.to_string()),
                "{key} on a top-level balancer: {managed:?}"
            );
        }
        // Inside a server the same kind is placed by its server: no `zone`, no `managed`.
        let inside = labels("server s {\n  load_balancer h { | }\n}\n");
        assert!(inside.contains(&"backup".to_string()), "{inside:?}");
        for key in schema::SERVICE_ONLY {
            assert!(
                !inside.contains(&key.to_string()),
                "{key} inside a server: {inside:?}"
            );
        }
        let record = labels("domain d.com {\n  record www { |type = A }\n}\n");
        for key in ["proxied", "via", "routing", "health_check"] {
            assert!(
                record.contains(&key.to_string()),
                "{key} on a record: {record:?}"
            );
        }
        assert!(
            !record.contains(&"type".to_string()),
            "already set: {record:?}"
        );
        let firewall = labels("firewall fw {\n  |\n}\n");
        assert!(
            firewall.contains(&"default_out".to_string()),
            "{firewall:?}"
        );
    }

    #[test]
    fn engines_and_providers_are_suggested() {
        assert!(labels("cache c { engine = | }").contains(&"redis".to_string()));
        assert!(labels("queue q { engine = | }").contains(&"sqs".to_string()));
        assert!(
            labels("server s { tunnel t { software = | } }").contains(&"cloudflared".to_string())
        );
        assert!(labels("cdn cf { provider = | }").contains(&"cloudflare".to_string()));
        let zone = labels("zone a {}\nzone b {}\nserver s { zone = | }");
        assert_eq!(zone, ["a", "b"], "only zones");
        let via = labels("cdn cf {}\nserver s {}\ndomain d.com { record r { via = | } }");
        assert_eq!(via, ["cf"], "only CDNs");
    }
}
