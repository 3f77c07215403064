//! Firewalls: what one is, and what each of this design's firewalls lets through, as
//! the analysis evaluates its rules.

use super::super::context::Writeup;
use super::super::document::{Section, Spans, and_list, code, link, spans};
use super::super::facts::{name, name_list, value};
use crate::analysis::firewall::{Verdict, Way};
use crate::model::{Kind, NodeId};

pub fn section(w: &Writeup) -> Option<Section> {
    let d = w.design;
    let firewalls = w.of(Kind::Firewall);
    if firewalls.is_empty() {
        return None;
    }
    let mut s = Section::new("firewalls", "Firewalls");
    s.para(
        "A firewall filters network traffic by rules — which protocol, from where, to which \
         port — and drops everything else. In front of a server it keeps the server's \
         other ports (SSH, the database, admin pages) out of reach of the internet and of \
         machines that have no business talking to it, so an attacker who finds one open \
         service cannot reach the rest.",
    );
    for fw in firewalls {
        let node = d.node(fw);
        // Hosts: servers, and managed services (each its own host), in the file's order.
        let protects: Vec<NodeId> = w
            .analysis
            .protection
            .hosts(fw)
            .iter()
            .copied()
            .filter(|&h| d.host(h) == Some(h))
            .collect();
        let rules: Vec<Spans> = d
            .children(fw)
            .into_iter()
            .filter(|&r| matches!(d.node(r).kind, Kind::Allow | Kind::Deny))
            .map(|r| {
                let a = &d.node(r).attrs;
                let verb = if d.node(r).kind == Kind::Allow {
                    "allow "
                } else {
                    "deny "
                };
                let proto = a
                    .get("proto")
                    .map_or_else(|| spans!["any protocol"], |v| value(d, v));
                let from = a
                    .get("from")
                    .map_or_else(|| spans!["anywhere"], |v| value(d, v));
                let port = a
                    .get("port")
                    .map_or_else(Spans::new, |v| spans![" on port ", value(d, v)]);
                spans![verb, proto, " from ", from, port]
            })
            .collect();
        let default = node.attrs.text("default").unwrap_or("deny");
        let on = if protects.is_empty() {
            spans!["nothing"]
        } else {
            name_list(d, &protects)
        };
        let mut text = spans![name(d, fw), " protects ", on, "."];
        if rules.is_empty() {
            text.push(spans![
                " It has no rules, so its default, ",
                code(default.to_string()),
                ", applies to everything coming in."
            ]);
        } else {
            let mut joined = Spans::new();
            for (i, r) in rules.into_iter().enumerate() {
                if i > 0 {
                    joined.push("; ");
                }
                joined.push(r);
            }
            text.push(spans![
                " Its rules, first match wins: ",
                joined,
                "; anything else: ",
                code(default.to_string()),
                "."
            ]);
        }
        text.push(tunnels_out(w, fw, &protects, default));
        s.para(text);
    }
    let blocked: Vec<Spans> = w
        .analysis
        .firewall
        .iter()
        .filter(|c| matches!(c.verdict, Verdict::Denied { .. }))
        .map(|c| {
            spans![
                name(d, c.sender),
                " → ",
                name(d, c.receiver),
                " (stopped by ",
                name(d, c.firewall),
                ")"
            ]
        })
        .collect();
    if !blocked.is_empty() {
        s.para(spans![
            "Some flows the design needs do not get through: ",
            and_list(blocked),
            ". See ",
            link("Issues", "issues"),
            "."
        ]);
    }
    Some(s)
}

/// Tunnels a protected host opens to an edge: the connection goes out, so an inbound
/// `deny` does not stop it — said for each, with what the firewall's egress rules do.
fn tunnels_out(w: &Writeup, fw: NodeId, protects: &[NodeId], default: &str) -> Spans {
    let d = w.design;
    let mut text = Spans::new();
    for &host in protects {
        for tunnel in d.children(host) {
            if d.node(tunnel).kind != Kind::Tunnel {
                continue;
            }
            // The traffic graph follows the work: the edge's requests come into the
            // tunnel on a hop reversed against the connection the tunnel opened.
            let edges: Vec<NodeId> = w
                .analysis
                .traffic
                .incoming(tunnel)
                .into_iter()
                .filter(|(_, hop)| hop.reversed)
                .map(|(from, _)| from)
                .collect();
            if edges.is_empty() {
                continue;
            }
            let out = w
                .analysis
                .firewall
                .iter()
                .find(|c| c.firewall == fw && c.sender == tunnel && c.way == Way::Outbound);
            let opened = spans![
                " ",
                name(d, tunnel),
                " opens its tunnel to ",
                name_list(d, &edges),
                " from inside ",
                name(d, host),
                ": the connection goes out"
            ];
            text.push(match out.map(|c| c.verdict) {
                Some(Verdict::Denied { .. }) => spans![
                    opened,
                    ", and the outbound rules of ",
                    name(d, fw),
                    " stop it (see ",
                    link("Issues", "issues"),
                    ")."
                ],
                verdict => spans![
                    opened,
                    if verdict.is_some() {
                        spans![
                            ", which the outbound rules of ",
                            name(d, fw),
                            " let through"
                        ]
                    } else {
                        spans![", which ", name(d, fw), " does not filter"]
                    },
                    ". The default ",
                    code(default.to_string()),
                    " is for connections coming in, so it does not block the tunnel, and \
                     the requests ",
                    name_list(d, &edges),
                    " sends come back through the connection ",
                    name(d, host),
                    " opened — no inbound port is open for them."
                ],
            });
        }
    }
    text
}
