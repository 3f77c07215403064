//! Issues: one subsection per kind of problem, and in it one paragraph — what is wrong
//! here, item by item, what it costs, and how to fix it in this design. Everything is
//! worded from the findings and the analysis; items alike are named together, and the
//! write-up speaks about the infrastructure, never about the tool that checked it.

mod spof;
mod titles;

pub use titles::title;

use super::super::context::Writeup;
use super::super::document::{Section, Spans, and_list, code, sentence, spans};
use super::super::facts::{agree, described_all, is_are, name_list, role};
use crate::analysis::shared;
use crate::analysis::tier::Tier;
use crate::lint::Finding;
use crate::lint::rules::*;
use crate::model::{Design, NodeId};
use std::collections::BTreeSet;

/// Whether findings of a rule belong in a write-up: not remarks about the design file's
/// own suppression comments.
pub fn shown(rule: &str) -> bool {
    rule != unused_suppression::NAME
}

pub fn section(w: &Writeup) -> Section {
    let mut s = Section::new("issues", "Issues");
    let findings: Vec<&Finding> = w.findings.iter().filter(|f| shown(f.rule)).collect();
    if findings.is_empty() {
        s.para(if w.analysis.spofs.is_empty() {
            "None: every journey users make has a second path, and nothing in the design \
             calls for a fix."
        } else {
            "None that call for a fix."
        });
        return s;
    }
    // Kinds in the catalogue's order, which reads by topic: availability, security,
    // monitoring, DNS, structure.
    let order = RULES
        .iter()
        .map(|r| r.name())
        .filter(|rule| findings.iter().any(|f| f.rule == *rule));
    for rule in order {
        let of_rule: Vec<&Finding> = findings
            .iter()
            .copied()
            .filter(|f| f.rule == rule)
            .collect();
        let mut sub = Section::new("issue", title(rule, of_rule.len()));
        sub.para(paragraph(w, rule, &of_rule));
        s.sub(sub);
    }
    s
}

/// The items the findings are about, in declaration order, each once.
fn items(findings: &[&Finding]) -> Vec<NodeId> {
    let set: BTreeSet<NodeId> = findings.iter().filter_map(|f| f.node).collect();
    set.into_iter().collect()
}

/// The one paragraph for a kind of problem.
fn paragraph(w: &Writeup, rule: &str, findings: &[&Finding]) -> Spans {
    let d = w.design;
    let ids = items(findings);
    let n = ids.len();
    let these = name_list(d, &ids);
    match rule {
        single_point_of_failure::NAME => spof::paragraph(w, &ids),
        cannot_scale_horizontally::NAME => spans![
            these.clone(),
            agree(n, " runs", " run"),
            " the only instance of ",
            tiers_of(w, &ids),
            ", with no load balancer in front, so ",
            agree(n, "it", "they"),
            " cannot scale horizontally. One machine has a fixed amount of CPU, memory and \
             connections; past that, requests queue, pages slow down and errors start, and \
             the only way up is a bigger machine — with a restart, and a ceiling. To fix it, \
             put a load balancer in front and add servers behind it, so capacity grows by \
             adding instances."
        ],
        no_https::NAME => spans![
            "Users reach ",
            these.clone(),
            " over plain HTTP: passwords, session cookies and pages cross the internet \
             unencrypted, and anyone on the path — a café Wi-Fi, an ISP, a compromised \
             router — can read or change them, while browsers mark the site \"Not secure\". \
             To fix it, get a TLS certificate for ",
            site_name(w),
            " (Let's Encrypt issues them for free), serve HTTPS on ",
            these.clone(),
            " and redirect plain HTTP to it."
        ],
        https_without_certificate::NAME => spans![
            these.clone(),
            agree(n, " receives", " receive"),
            " HTTPS but ",
            agree(n, "names", "name"),
            " no certificate: TLS cannot end without one, so either the design is missing \
             it or the browser would be shown an invalid one. To fix it, install a \
             certificate covering ",
            site_name(w),
            " there."
        ],
        plaintext_behind_tls_termination::NAME => {
            let ending: BTreeSet<NodeId> = ids.iter().copied().collect();
            let behind: Vec<NodeId> = shared::union(
                w.analysis
                    .tls
                    .terminations
                    .iter()
                    .filter(|t| ending.contains(&t.component))
                    .map(|t| &t.plaintext_out),
            )
            .into_iter()
            .map(|(receiver, _)| receiver)
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
            spans![
                "TLS ends at ",
                described_all(d, &ids),
                ", and ",
                agree(n, "its", "their"),
                " requests to ",
                name_list(d, &behind),
                " cross the internal network in plain text. Terminating SSL at the load \
                 balancer is convenient — one place for the certificate, and the balancer \
                 can read requests to route them — but on that stretch anyone with a \
                 foothold inside (a compromised host, a misconfigured switch, a cloud \
                 neighbour) can read passwords and session cookies. To fix it, re-encrypt \
                 between the load balancer and the web servers (HTTPS to the backends), or \
                 pass TLS through and end it on the web servers themselves."
            ]
        }
        no_firewall::NAME => spans![
            these.clone(),
            " ",
            is_are(n),
            " reachable from the internet and no firewall protects ",
            agree(n, "it", "them"),
            ": every port a program opens there — SSH, the database, an admin page — is \
             open to anyone, and scanners find such ports within minutes. To fix it, put a \
             firewall in front that denies everything by default and allows only what users \
             need: HTTPS (port 443), and HTTP (80) only to redirect to it."
        ],
        no_monitoring::NAME => spans![
            these.clone(),
            agree(n, " runs", " run"),
            " no monitoring agent: nobody is told when ",
            if n == 1 {
                spans!["it"]
            } else {
                spans!["one of them"]
            },
            " fails, fills its disk or slows down — users notice first — and after an \
             incident there is nothing to learn from. To fix it, install an agent on ",
            if n == 1 { "it" } else { "each" },
            " (Sumo Logic, Datadog, a Prometheus exporter…) that sends metrics and logs to \
             a monitoring service with alerts."
        ],
        no_qps_metric::NAME => spans![
            "The web-facing servers are monitored, but no agent collects the request rate \
             (QPS), the first number to look at in an incident and the one capacity \
             planning starts from; CPU alone does not say whether users are being served. \
             To fix it, add a request-rate metric (",
            code("qps"),
            ") to the agents on the load balancers or web servers (see Monitoring)."
        ],
        cname_to_ip::NAME => {
            let records: Vec<Spans> = records_of(w, &ids);
            spans![
                and_list(records.clone()),
                " ",
                is_are(n),
                " declared as ",
                if n == 1 { "a CNAME" } else { "CNAMEs" },
                " holding an IP address, so ",
                agree(n, "it resolves", "they resolve"),
                " to nothing: a CNAME's value must be another name, and resolvers look the \
                 address up as a host name. Users cannot reach the site by ",
                agree(n, "this name", "these names"),
                ". To fix it, make ",
                agree(n, "it an A record", "them A records"),
                " (AAAA for IPv6): ",
                agree(n, "an A record maps", "A records map"),
                " a name to an address."
            ]
        }
        colocated_tiers::NAME => spans![
            these.clone(),
            if n == 1 { " runs " } else { " each run " },
            tiers_on(d, &ids),
            " on one machine. They compete for the same CPU, memory and disk, so a slow \
             query slows page serving; no tier can be scaled on its own (more web capacity \
             means copying the database too); and the database sits on a host that faces \
             users. To fix it, give each tier its own servers: web servers, application \
             servers, database servers."
        ],
        single_backend::NAME => {
            let backends =
                shared::union(ids.iter().filter_map(|&lb| w.pool(lb)).map(|p| &p.backends));
            spans![
                these.clone(),
                agree(n, " has", " have"),
                " one backend, ",
                name_list(d, &backends),
                if n == 1 {
                    ": it balances nothing"
                } else {
                    ": they balance nothing"
                },
                ", the backend is still a single point of failure and every request pays an \
                 extra hop. To fix it, add a second \
                 backend server and send traffic to both."
            ]
        }
        no_health_check::NAME => spans![
            these.clone(),
            agree(n, " has", " have"),
            " no health check: a dead backend keeps receiving its share of the requests, \
             so the redundancy exists on the diagram but not for the users. To fix it, have ",
            agree(n, "it", "each"),
            " request a health page (such as ",
            code("/health"),
            ") every few seconds and take failing backends out of rotation."
        ],
        active_passive_without_vip::NAME => {
            let site = w.site_answer().map(|a| code(a.name.clone()));
            spans![
                these.clone(),
                agree(n, " runs", " run"),
                " active-passive without a virtual IP: the standby has no shared address \
                 to take over, so when the active member fails, users and DNS keep going to \
                 its address and failover does nothing. To fix it, give ",
                agree(n, "the cluster", "each cluster"),
                " a virtual IP (keepalived or a cloud floating IP moves it) and point ",
                site.unwrap_or_else(|| spans!["the site's name"]),
                " at it."
            ]
        }
        _ => from_messages(findings),
    }
}

/// The site's name, for fixes: `www.foobar.com`.
pub(super) fn site_name(w: &Writeup) -> Spans {
    w.site_answer()
        .map_or_else(|| spans!["the site's name"], |a| code(a.name.clone()))
}

/// DNS names of records, as code.
fn records_of(w: &Writeup, ids: &[NodeId]) -> Vec<Spans> {
    ids.iter()
        .map(|&id| code(crate::analysis::dns::fqdn(w.design, id)))
        .collect()
}

/// "the web tier and the application tier": what single instances a host runs.
fn tiers_of(w: &Writeup, hosts: &[NodeId]) -> Spans {
    let d = w.design;
    let mut tiers: BTreeSet<Tier> = BTreeSet::new();
    for &h in hosts {
        for c in d.children(h) {
            if let Some(t) = Tier::of(d.node(c).kind).filter(|t| matches!(t, Tier::Web | Tier::App))
            {
                tiers.insert(t);
            }
        }
    }
    and_list(
        tiers
            .into_iter()
            .map(|t| Spans::from(format!("the {}", t.name()))),
    )
}

/// "its web server, application server and database": the tiers on each host.
fn tiers_on(d: &Design, hosts: &[NodeId]) -> Spans {
    let mut tiers: BTreeSet<Tier> = BTreeSet::new();
    for &h in hosts {
        for c in d.children(h) {
            if let Some(t) = Tier::of(d.node(c).kind).filter(|t| *t != Tier::LoadBalancer) {
                tiers.insert(t);
            }
        }
    }
    let kinds = tiers.into_iter().map(Tier::kind);
    spans![
        if hosts.len() == 1 { "its " } else { "their " },
        and_list(kinds.map(|k| Spans::from(role(k))))
    ]
}

/// A finding's message with its backtick-quoted names as code.
pub fn message(text: &str) -> Spans {
    let mut out = Spans::new();
    for (i, part) in text.split('`').enumerate() {
        if i % 2 == 1 {
            out.push(code(part.to_string()));
        } else {
            out.push(part);
        }
    }
    out
}

/// For kinds without their own wording: each finding's message as a sentence, then the
/// distinct fixes.
fn from_messages(findings: &[&Finding]) -> Spans {
    let mut text = Spans::new();
    for (i, f) in findings.iter().enumerate() {
        if i > 0 {
            text.push(" ");
        }
        text.push(sentence(message(&f.message)));
    }
    let helps: BTreeSet<&str> = findings
        .iter()
        .map(|f| f.help.trim())
        .filter(|h| !h.is_empty())
        .collect();
    for help in helps {
        text.push(" ");
        text.push(sentence(spans!["to fix it, ", message(help)]));
    }
    text
}
