//! The request path, step by step, from typing the URL to the response, naming this
//! design's actual hops and protocols.

use super::super::context::Context;
use super::super::document::{Section, and_list, code};
use super::super::facts::{described, name, names, role, word};
use crate::model::{Design, Kind, NodeId};
use std::collections::BTreeSet;

/// Hops followed from the users before the description stops.
const MAX_DEPTH: usize = 8;
/// Pairs listed one by one before they are summarised.
const MAX_PAIRS: usize = 6;

pub fn section(cx: &Context) -> Option<Section> {
    let d = cx.design;
    let entry: Vec<(NodeId, String, bool, Option<u16>)> = d
        .flows()
        .filter(|(_, from, _, _)| *from == d.internet)
        .map(|(_, _, to, f)| {
            let (proto, enc, port) = f
                .protocol
                .as_ref()
                .map_or(("http".to_string(), false, Some(80)), |p| {
                    (p.name.clone(), p.encrypted, p.port)
                });
            (to, proto, enc, port)
        })
        .collect();
    let (first, proto, encrypted, port) = entry.first().cloned()?;
    let mut s = Section::new("request-path", "How a request travels");
    let mut steps = Vec::new();
    let scheme = if encrypted { "https" } else { "http" };
    let record = cx
        .analysis
        .dns
        .address_records()
        .find(|r| r.targets.contains(&host(d, first)))
        .or_else(|| cx.analysis.dns.address_records().next());
    let url_host = record.map_or_else(|| "the site's address".to_string(), |r| r.fqdn.clone());
    steps.push(format!(
        "A user types {} in the browser.",
        code(&format!("{scheme}://{url_host}"))
    ));
    if let Some(r) = record {
        let answer = super::super::facts::record_answer(d, r.id);
        let points = if r.targets.is_empty() || answer.contains("the address of") {
            String::new()
        } else {
            format!(", the address of {}", and_list(&names(d, &r.targets)))
        };
        steps.push(format!(
            "The browser asks DNS for {}. The {} record answers {answer}{points}.",
            code(&r.fqdn),
            r.kind,
        ));
    }
    let port = port.map_or_else(String::new, |p| format!(" on port {p}"));
    let answering = super::super::facts::acting(d, first);
    let via = if answering == first {
        described(d, first)
    } else {
        format!(
            "the cluster {} at its virtual IP, where the active member {} answers",
            name(d, first),
            described(d, answering)
        )
    };
    if encrypted {
        let cert = d
            .related(answering, |e| {
                matches!(e, crate::model::Edge::UsesCertificate)
            })
            .first()
            .map(|&c| {
                let issuer = d.node(c).attrs.text("issuer").map_or(String::new(), |i| {
                    format!(", signed by {}", super::super::document::text(i))
                });
                format!(" and presents the certificate {}{issuer}", name(d, c))
            })
            .unwrap_or_default();
        steps.push(format!(
            "The browser opens a TCP connection to it{port} and starts a TLS handshake \
             ({}) with {via}{cert}; the browser checks the certificate and both sides \
             agree on keys, so everything after this is encrypted.",
            code(&proto),
        ));
    } else {
        steps.push(format!(
            "The browser opens a TCP connection to it{port} and sends the HTTP request \
             ({}) to {via} in plain text: anyone on the path can read or change it.",
            code(&proto),
        ));
    }
    let mut level: BTreeSet<NodeId> = entry.iter().map(|e| e.0).collect();
    let mut seen = level.clone();
    let mut depth = 0;
    while !level.is_empty() && depth < MAX_DEPTH {
        let mut next = BTreeSet::new();
        let mut pairs: Vec<(NodeId, NodeId, String)> = Vec::new();
        for &from in &level {
            for (_, f, to, flow) in d.flows() {
                if f != from || d.node(to).kind == Kind::Service {
                    continue;
                }
                let label = flow
                    .protocol
                    .as_ref()
                    .map_or_else(String::new, |p| p.name.clone());
                let access = if flow.access == crate::model::Access::Read {
                    " (reads)"
                } else {
                    ""
                };
                pairs.push((from, to, format!("{label}{access}")));
                if seen.insert(to) {
                    next.insert(to);
                }
            }
        }
        if pairs.is_empty() {
            break;
        }
        steps.push(describe_hops(cx, &pairs));
        level = next;
        depth += 1;
    }
    steps.push(
        "The answer travels back the same way, hop by hop, to the browser, which renders \
         the page."
            .to_string(),
    );
    s.steps(steps);
    Some(s)
}

fn host(d: &Design, id: NodeId) -> NodeId {
    d.host(id).unwrap_or(id)
}

/// One step: who hands the request to whom, over what.
fn describe_hops(cx: &Context, pairs: &[(NodeId, NodeId, String)]) -> String {
    let d = cx.design;
    let senders: BTreeSet<NodeId> = pairs.iter().map(|p| p.0).collect();
    let receivers: BTreeSet<NodeId> = pairs.iter().map(|p| p.1).collect();
    let protocols: BTreeSet<&str> = pairs.iter().map(|p| p.2.as_str()).collect();
    let over = {
        let list: Vec<String> = protocols
            .iter()
            .filter(|p| !p.is_empty())
            .map(|p| code(p))
            .collect();
        if list.is_empty() {
            String::new()
        } else {
            format!(" over {}", and_list(&list))
        }
    };
    let verb = |from: NodeId| match d.node(super::super::facts::acting(d, from)).kind {
        Kind::LoadBalancer => {
            let lb = super::super::facts::acting(d, from);
            let algorithm = word(d, lb, "algorithm").map_or(String::new(), |a| format!(" ({a})"));
            format!("picks a backend{algorithm} and forwards the request to")
        }
        Kind::WebServer => "passes the dynamic part of the request to".to_string(),
        Kind::AppServer => "runs the code, which queries".to_string(),
        _ => "sends it on to".to_string(),
    };
    if senders.len() == 1 {
        let from = *senders.iter().next().unwrap_or(&pairs[0].0);
        let to: Vec<String> = receivers.iter().map(|&r| described(d, r)).collect();
        let which = if to.len() > 1 { "one of " } else { "" };
        return format!(
            "{} {} {which}{}{over}.",
            described(d, from),
            verb(from),
            and_list(&to)
        );
    }
    if pairs.len() <= MAX_PAIRS {
        let list: Vec<String> = pairs
            .iter()
            .map(|(a, b, p)| {
                let p = if p.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", code(p))
                };
                format!("{} → {}{p}", name(d, *a), name(d, *b))
            })
            .collect();
        let kind = d.node(pairs[0].0).kind;
        return format!(
            "Each {} {}: {}.",
            role(kind),
            verb(pairs[0].0),
            and_list(&list)
        );
    }
    format!(
        "{} senders hand the request to {} receivers{over}: {} and so on.",
        senders.len(),
        receivers.len(),
        and_list(
            &pairs[..3]
                .iter()
                .map(|(a, b, _)| format!("{} → {}", name(d, *a), name(d, *b)))
                .collect::<Vec<_>>()
        )
    )
}
