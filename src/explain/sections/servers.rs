//! What a server is, and what each of this design's servers runs.

use super::super::context::Writeup;
use super::super::document::{Section, Spans, and_list, code, count, spans, thousands};
use super::super::facts::{components, described, name, name_list, role, runs};
use crate::analysis::resolution::address;
use crate::model::value::AttrValue;
use crate::model::{Kind, NodeId};
use std::collections::HashMap;

pub fn section(w: &Writeup) -> Option<Section> {
    let d = w.design;
    let servers = w.of(Kind::Server);
    if servers.is_empty() {
        return None;
    }
    let mut s = Section::new("servers", "Servers");
    s.para(format!(
        "A server is a computer — a physical machine in a data centre, or a virtual machine \
         in a cloud — that runs programs which answer requests from other computers over \
         the network. It has an operating system, and an IP address other machines reach \
         it at over TCP/IP. Each server is also a failure domain: when it stops, everything \
         on it stops with it. This design has {}.",
        count(servers.len(), "server", "servers")
    ));
    if servers.len() > SERVERS_IN_FULL {
        alike_rows(w, &servers, &mut s);
    } else {
        table(w, &servers, &mut s);
    }
    for id in servers.iter().copied().filter(|&id| d.is_group(id)) {
        s.para(group(w, id));
    }
    if let Some(text) = zones(w) {
        s.para(text);
    }
    if let Some(text) = managed(w) {
        s.para(text);
    }
    Some(s)
}

/// Up to this many servers are listed a row each; past it, servers that run the same
/// components share a row, the way the diagram stacks identical servers.
const SERVERS_IN_FULL: usize = 40;

/// A row per server: its name, address, operating system (when any server has one) and
/// what it runs.
fn table(w: &Writeup, servers: &[NodeId], s: &mut Section) {
    let d = w.design;
    let with_os = servers
        .iter()
        .any(|&id| d.node(id).attrs.text("os").is_some());
    let rows = servers
        .iter()
        .map(|&id| {
            let node = d.node(id);
            let parts: Vec<Spans> = components(d, id)
                .into_iter()
                .map(|c| spans![role(d.node(c).kind), " ", described(d, c)])
                .collect();
            let mut row = vec![
                code(node.name.clone()),
                address(d, id).map_or_else(|| "—".into(), |ip| code(ip.to_string())),
            ];
            if with_os {
                row.push(os_cell(w, id));
            }
            row.push(runs_cell(parts));
            row
        })
        .collect();
    s.table(head(with_os, ["server", "IP address"], "runs"), rows);
}

/// A server's operating system, or a dash.
fn os_cell(w: &Writeup, server: NodeId) -> Spans {
    w.design
        .node(server)
        .attrs
        .text("os")
        .map_or_else(|| "—".into(), Spans::from)
}

/// What a server runs, from its components in words.
fn runs_cell(parts: Vec<Spans>) -> Spans {
    if parts.is_empty() {
        "nothing yet".into()
    } else {
        and_list(parts)
    }
}

/// A servers table's head: the columns naming the servers, the operating system when
/// any server has one, then what they run.
fn head<'a>(with_os: bool, servers: [&'a str; 2], runs: &'a str) -> Vec<&'a str> {
    let mut head = servers.to_vec();
    if with_os {
        head.push("operating system");
    }
    head.push(runs);
    head
}

/// What servers that share a row have in common: the operating system, and each
/// component's kind, name and software.
type Shape<'a> = (Option<&'a str>, Vec<(Kind, &'a str, String)>);

/// A row per kind of server: those that run components of the same kinds, names and
/// software (and the same operating system), how many they are, and what each runs.
fn alike_rows(w: &Writeup, servers: &[NodeId], s: &mut Section) {
    let d = w.design;
    let shape = |id: NodeId| -> Shape {
        let parts = components(d, id)
            .into_iter()
            .map(|c| {
                let node = d.node(c);
                let runs = runs(d, c).map_or_else(String::new, |r| r.plain());
                (node.kind, node.name.as_str(), runs)
            })
            .collect();
        (d.node(id).attrs.text("os"), parts)
    };
    let mut kinds: Vec<(NodeId, Vec<NodeId>)> = Vec::new();
    let mut index: HashMap<Shape, usize> = HashMap::new();
    for &id in servers {
        let at = *index.entry(shape(id)).or_insert_with(|| {
            kinds.push((id, Vec::new()));
            kinds.len() - 1
        });
        kinds[at].1.push(id);
    }
    s.para(format!(
        "With {} servers, servers that run the same components share a row ({} rows):",
        thousands(servers.len()),
        thousands(kinds.len())
    ));
    let with_os = servers
        .iter()
        .any(|&id| d.node(id).attrs.text("os").is_some());
    let rows = kinds
        .iter()
        .map(|(first, members)| {
            let names = and_list(members.iter().map(|&m| code(d.node(m).name.clone())));
            let mut row = vec![names, thousands(members.len()).into()];
            if with_os {
                row.push(os_cell(w, *first));
            }
            let parts: Vec<Spans> = components(d, *first)
                .into_iter()
                .map(|c| {
                    let node = d.node(c);
                    let what = runs(d, c).map_or_else(Spans::new, |r| spans![" (", r, ")"]);
                    spans![role(node.kind), " ", code(node.name.clone()), what]
                })
                .collect();
            row.push(runs_cell(parts));
            row
        })
        .collect();
    s.table(head(with_os, ["servers", "how many"], "each runs"), rows);
}

/// An instance group: how many identical servers, and the number the checks count.
fn group(w: &Writeup, id: NodeId) -> Spans {
    let d = w.design;
    let attrs = &d.node(id).attrs;
    let int = |key| match attrs.get(key) {
        Some(AttrValue::Int(n)) => Some(*n),
        _ => None,
    };
    let size = match (int("count"), int("min"), int("max")) {
        (Some(n), _, _) => format!("{n} identical servers"),
        (None, Some(min), Some(max)) => {
            format!("an autoscaling group of {min} to {max} identical servers")
        }
        (None, Some(min), None) => {
            format!("an autoscaling group of at least {min} identical servers")
        }
        (None, None, Some(max)) => format!("an autoscaling group of up to {max} identical servers"),
        (None, None, None) => "a group of identical servers".into(),
    };
    spans![
        name(d, id),
        format!(
            " is an instance group: {size}. Failures and capacity count {}, the fewest it runs.",
            d.instances(id)
        )
    ]
}

/// Where things run: zones and regions, and which hosts sit in each.
fn zones(w: &Writeup) -> Option<Spans> {
    let d = w.design;
    let domains = &w.analysis.domains;
    let zones = domains.zones_in_use();
    if zones.is_empty() {
        return None;
    }
    // One pass over the hosts, not one per zone: a design of many zones stays linear.
    let mut inside: HashMap<NodeId, Vec<NodeId>> = HashMap::new();
    for (h, _) in d.nodes().filter(|&(h, _)| d.host(h) == Some(h)) {
        for &z in domains.zones_of(d, h) {
            inside.entry(z).or_default().push(h);
        }
    }
    let placed: Vec<Spans> = zones
        .iter()
        .map(|&z| {
            let hosts = inside.get(&z).map_or(&[][..], Vec::as_slice);
            spans![name(d, z), ": ", name_list(d, hosts)]
        })
        .collect();
    Some(spans![
        "A zone (an availability zone) is a data centre, or a group of them, with its own \
         power and network: a failure domain above the server, since everything in it can \
         go down together. This design places its hosts in ",
        count(zones.len(), "zone", "zones"),
        " — ",
        join(placed, "; "),
        ". A group or managed service spread over two zones keeps running when one fails."
    ])
}

fn join(parts: Vec<Spans>, separator: &str) -> Spans {
    let mut out = Spans::default();
    for (i, part) in parts.into_iter().enumerate() {
        if i > 0 {
            out.push(separator);
        }
        out.push(part);
    }
    out
}

/// Services a provider runs: what they are, who runs them, over which zones.
fn managed(w: &Writeup) -> Option<Spans> {
    let d = w.design;
    let services: Vec<NodeId> = d
        .nodes()
        .map(|(id, _)| id)
        .filter(|&id| d.is_managed(id))
        .collect();
    if services.is_empty() {
        return None;
    }
    let items: Vec<Spans> = services
        .iter()
        .map(|&id| {
            let node = d.node(id);
            let mut text = spans![name(d, id), " (", role(node.kind)];
            if let Some(provider) = node.attrs.text("provider") {
                text = spans![text, ", run by ", provider.to_string()];
            }
            let zones = w.analysis.domains.zones_of(d, id);
            if zones.len() >= 2 {
                text = spans![text, ", over ", name_list(d, zones)];
            } else if let [zone] = zones {
                text = spans![text, ", in ", name(d, *zone), " only"];
            }
            spans![text, ")"]
        })
        .collect();
    Some(spans![
        "Managed services are run by a provider, not on servers of this design: the provider \
         keeps them up, patches them and replaces failed machines, and its published SLA is \
         their availability. Here: ",
        and_list(items),
        "."
    ])
}
