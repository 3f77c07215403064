//! What a server is, and what each of this design's servers runs.

use super::super::context::Writeup;
use super::super::document::{Section, Spans, and_list, code, count, spans};
use super::super::facts::{components, described, role};
use crate::analysis::resolution::address;
use crate::model::Kind;

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
                row.push(
                    node.attrs
                        .text("os")
                        .map_or_else(|| "—".into(), Spans::from),
                );
            }
            row.push(if parts.is_empty() {
                "nothing yet".into()
            } else {
                and_list(parts)
            });
            row
        })
        .collect();
    let head = if with_os {
        vec!["server", "IP address", "operating system", "runs"]
    } else {
        vec!["server", "IP address", "runs"]
    };
    s.table(head, rows);
    Some(s)
}
