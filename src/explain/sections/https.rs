//! HTTPS: why it matters, where TLS ends in this design (as the analysis finds it), and
//! its certificates. Terminations alike (a clustered pair with one certificate and the
//! same plain-text hops behind it) are described once.

use super::super::context::Writeup;
use super::super::document::{Section, Spans, and_list, code, link, spans, strong};
use super::super::facts::{described_all, name, name_list};
use crate::model::value::AttrValue;
use crate::model::{Kind, NodeId};

pub fn section(w: &Writeup) -> Option<Section> {
    let d = w.design;
    let certificates = w.of(Kind::Certificate);
    let encrypted = d
        .flows()
        .any(|(_, _, _, f)| f.protocol.as_ref().is_some_and(|p| p.encrypted));
    if certificates.is_empty() && !encrypted {
        return None;
    }
    let mut s = Section::new("https", "HTTPS and TLS");
    s.para(spans![
        "HTTPS is HTTP inside TLS (the successor of SSL, hence \"SSL certificate\"). It gives \
         three things plain HTTP does not: ",
        strong("confidentiality"),
        " (nobody on the network path — a café Wi-Fi, an ISP — can read passwords, cookies \
         or pages), ",
        strong("integrity"),
        " (nobody can change a page or inject code on the way), and ",
        strong("authentication"),
        " (the certificate, signed by an authority the browser trusts, proves the browser \
         talks to the real site, not an impostor). Browsers mark plain HTTP as \"Not \
         secure\" and search engines rank it lower."
    ]);
    let terminations = &w.analysis.tls.terminations;
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for i in 0..terminations.len() {
        let key = |j: usize| {
            let o = &terminations[j];
            let mut out: Vec<NodeId> = o.plaintext_out.iter().map(|p| p.0).collect();
            out.dedup();
            (
                o.certificate,
                out,
                d.node(o.component).kind,
                o.provider_certificate,
            )
        };
        match groups.iter_mut().find(|g| key(g[0]) == key(i)) {
            Some(g) => g.push(i),
            None => groups.push(vec![i]),
        }
    }
    for group in groups {
        let t = &terminations[group[0]];
        let components: Vec<NodeId> = group.iter().map(|&i| terminations[i].component).collect();
        let cert = match t.certificate {
            Some(c) => spans![" with the certificate ", name(d, c)],
            // A provider's service serves the provider's certificate for its own names.
            None if t.provider_certificate => spans![
                " with ",
                if components.len() == 1 {
                    "its provider's"
                } else {
                    "their providers'"
                },
                " certificate, which the provider issues and renews"
            ],
            None => spans![
                " without a certificate (see ",
                link("Issues", "issues"),
                ")"
            ],
        };
        let mut text = spans![
            "TLS ends at ",
            described_all(d, &components),
            cert,
            ": that is where traffic is decrypted."
        ];
        let mut behind: Vec<NodeId> = t.plaintext_out.iter().map(|p| p.0).collect();
        behind.dedup();
        let forwards = components
            .iter()
            .any(|&c| !w.analysis.traffic.outgoing(c).is_empty());
        if behind.is_empty() && !forwards {
            text.push(" It is the far end of those requests: nothing is forwarded from it.");
        } else if behind.is_empty() {
            text.push(if components.len() == 1 {
                " Behind it, traffic stays encrypted or stays on the same machine."
            } else {
                " Behind them, traffic stays encrypted or stays on the same machine."
            });
        } else {
            let at_balancer = d.node(t.component).kind == Kind::LoadBalancer;
            text.push(spans![
                " Behind ",
                if components.len() == 1 { "it" } else { "them" },
                ", requests go on to ",
                name_list(d, &behind),
                " ",
                strong("unencrypted"),
                ", across the network between servers",
                if at_balancer {
                    " — SSL termination at the load balancer"
                } else {
                    ""
                },
                "; see ",
                link("Issues", "issues"),
                "."
            ]);
        }
        s.para(text);
    }
    for c in certificates {
        let a = &d.node(c).attrs;
        let domains: Vec<Spans> = a
            .get("domains")
            .map(|v| {
                v.items()
                    .iter()
                    .filter_map(|i| i.as_text())
                    .map(|t| code(t.to_string()))
                    .collect()
            })
            .unwrap_or_default();
        let issuer = a
            .text("issuer")
            .map_or_else(Spans::new, |i| spans![", issued by ", i.to_string()]);
        let expires = match a.get("expires") {
            Some(AttrValue::Date(date)) => {
                let days = (*date - w.today).whole_days();
                if days < 0 {
                    spans![", ", strong("expired"), format!(" on {date}")]
                } else {
                    format!(", valid until {date} ({days} days from {})", w.today).into()
                }
            }
            _ => Spans::new(),
        };
        s.para(spans![
            "The certificate ",
            name(d, c),
            " covers ",
            if domains.is_empty() {
                spans!["no names"]
            } else {
                and_list(domains)
            },
            issuer,
            expires,
            "."
        ]);
    }
    Some(s)
}
