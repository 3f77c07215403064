//! The front of a design that users never see as a server: a CDN users connect to
//! instead of the origin, and a tunnel the origin opens out to it. What each is, then
//! what it does here — the names proxied through it, where it forwards, who opened the
//! connection — from the DNS answers, the TLS terminations and the traffic graph.

use super::super::super::context::Writeup;
use super::super::super::document::{Spans, and_list, code, link, spans, strong};
use super::super::super::facts::{described, described_all, name, name_list};
use super::{each, flow_protocol, run_by};
use crate::analysis::firewall::{Verdict, Way};
use crate::model::NodeId;

/// **CDN** — what a CDN is, and for each one the names proxied through it, how it ends
/// TLS and where it forwards requests.
pub fn cdns(w: &Writeup, cdns: &[NodeId]) -> Spans {
    let mut text = spans![
        strong("CDN"),
        " — ",
        described_all(w.design, cdns),
        run_by(w, cdns),
        ". A content delivery network: the provider's machines in many cities (its \
         edge), which users connect to instead of the site's own servers. ",
        each(cdns.len()),
        " ends the users' TLS connections, answers what it may keep from the location \
         nearest to them, and forwards the rest to the site's own servers, the origin."
    ];
    for &cdn in cdns {
        text.push(cdn_here(w, cdn));
    }
    text
}

/// What one CDN does in this design, as sentences starting with a space.
fn cdn_here(w: &Writeup, cdn: NodeId) -> Spans {
    let d = w.design;
    let mut text = Spans::new();
    let names: Vec<Spans> = w
        .answers
        .iter()
        .filter(|a| a.edge == Some(cdn))
        .map(|a| code(a.name.clone()))
        .collect();
    if !names.is_empty() {
        let many = names.len() > 1;
        text.push(spans![
            " Here ",
            and_list(names),
            if many { " are" } else { " is" },
            " proxied through ",
            name(d, cdn),
            ": the DNS answers ",
            if many { "are" } else { "is" },
            " its addresses, so users reach the edge first and the origin's own address \
             stays out of sight."
        ]);
    }
    let termination = w
        .analysis
        .tls
        .terminations
        .iter()
        .find(|t| t.component == cdn);
    let certificate = match termination {
        Some(t) if t.provider_certificate => spans!["the certificate its provider issues"],
        Some(t) => t.certificate.map_or_else(
            || spans!["no certificate"],
            |c| spans!["the certificate ", name(d, c)],
        ),
        None => Spans::new(),
    };
    let redirects = d.node(cdn).attrs.bool("redirect_to_https") == Some(true);
    if !certificate.is_empty() {
        text.push(spans![
            " ",
            name(d, cdn),
            " ends TLS with ",
            certificate,
            if redirects {
                " and redirects plain HTTP to HTTPS"
            } else {
                ""
            },
            "."
        ]);
    }
    let origins: Vec<Spans> = w
        .analysis
        .traffic
        .outgoing(cdn)
        .into_iter()
        .map(|(to, hop)| {
            if hop.reversed {
                spans!["through the tunnel ", name(d, to), " opened to it"]
            } else {
                let over =
                    flow_protocol(d, &hop).map_or_else(Spans::new, |p| spans![" over ", code(p)]);
                let plain = if hop.encrypted {
                    Spans::new()
                } else {
                    spans![", unencrypted (see ", link("Issues", "issues"), ")"]
                };
                spans!["to ", described(d, to), over, plain]
            }
        })
        .collect();
    if !origins.is_empty() {
        text.push(spans![" It forwards requests ", and_list(origins), "."]);
    }
    text
}

/// **Tunnel** — what a tunnel is, and for each one the edge it connects out to, what it
/// hands requests to, and why its host's firewall lets it work.
pub fn tunnels(w: &Writeup, tunnels: &[NodeId]) -> Spans {
    let d = w.design;
    let mut text = spans![
        strong("Tunnel"),
        " — ",
        described_all(d, tunnels),
        ". A program on the server that opens a connection out to an edge and keeps it \
         open; the edge sends users' requests back through that connection. ",
        each(tunnels.len()),
        " lets its server serve the site with no port open to the internet."
    ];
    for &tunnel in tunnels {
        text.push(tunnel_here(w, tunnel));
    }
    text
}

/// What one tunnel does in this design, as sentences starting with a space.
fn tunnel_here(w: &Writeup, tunnel: NodeId) -> Spans {
    let d = w.design;
    let traffic = &w.analysis.traffic;
    let Some(host) = d.host(tunnel) else {
        return Spans::new();
    };
    // The graph follows the work: requests come from the edge into the tunnel on a
    // reversed hop, and leave it to the server's components on ordinary ones.
    let edges: Vec<NodeId> = traffic
        .incoming(tunnel)
        .into_iter()
        .filter(|(_, hop)| hop.reversed)
        .map(|(from, _)| from)
        .collect();
    let onward: Vec<NodeId> = traffic
        .outgoing(tunnel)
        .into_iter()
        .filter(|(_, hop)| !hop.reversed)
        .map(|(to, _)| to)
        .collect();
    let mut text = Spans::new();
    if edges.is_empty() {
        return spans![
            " ",
            name(d, tunnel),
            " on ",
            name(d, host),
            " connects to no edge yet."
        ];
    }
    text.push(spans![
        " ",
        name(d, tunnel),
        " connects out from ",
        name(d, host),
        " to ",
        name_list(d, &edges)
    ]);
    if !onward.is_empty() {
        text.push(spans![
            " and hands the requests that come back to ",
            name_list(d, &onward)
        ]);
    }
    text.push(".");
    let firewalls = w.analysis.protection.of(host);
    if !firewalls.is_empty() {
        let stopped = w.analysis.firewall.iter().any(|c| {
            c.sender == tunnel
                && c.way == Way::Outbound
                && matches!(c.verdict, Verdict::Denied { .. })
        });
        text.push(if stopped {
            spans![
                " The connection is opened from inside, but an outbound rule of ",
                name_list(d, firewalls),
                " stops it (see ",
                link("Issues", "issues"),
                ")."
            ]
        } else {
            spans![
                " Because ",
                name(d, host),
                " opens the connection itself, ",
                name_list(d, firewalls),
                " can refuse everything that comes in and the site still works: the \
                 requests arrive on a connection that went out."
            ]
        });
    }
    text
}
