//! ## What it does
//! Finds servers users can reach from the internet — they receive its traffic, a DNS
//! record points at them, or they have a public IP — that no firewall protects.
//!
//! ## Why it matters
//! Every port open on such a server is open to the whole internet: a forgotten admin
//! panel, a database listening on all interfaces, an unpatched SSH. Scanners find them
//! within minutes.
//!
//! ## Example
//! ```infra
//! server srv1 { web_server nginx {} }
//! internet -> srv1 : http
//! ```
//!
//! ## Fix
//! Declare a firewall that denies by default and allows only what users need:
//! `firewall fw { protects = srv1, default = deny, allow { proto = https, from = internet } }`.

use crate::lint::{Context, Finding, Precision, Rule, Security, Severity};
use crate::model::{Design, Kind, NodeId};
use std::collections::BTreeSet;

/// The rule's stable name.
pub const NAME: &str = "no-firewall";

pub struct NoFirewall;

impl Rule for NoFirewall {
    fn name(&self) -> &'static str {
        NAME
    }

    fn default_severity(&self) -> Severity {
        Severity::Error
    }

    fn security(&self) -> Option<Security> {
        Some(Security {
            severity: 7.5,
            cwe: 284,
            precision: Precision::High,
        })
    }

    fn check(&self, cx: &Context) -> Vec<Finding> {
        exposed_servers(cx)
            .into_iter()
            .filter(|&server| cx.analysis.protection.of(server).is_empty())
            .map(|server| {
                let message = format!("{} is reachable from the internet and no firewall protects it", cx.name(server));
                cx.finding(self, server, message)
                    .help("add a firewall that denies by default and allows only the ports users need")
            })
            .collect()
    }
}

/// Servers the internet can reach: flows from it, DNS records, public IPs.
pub fn exposed_servers(cx: &Context) -> BTreeSet<NodeId> {
    let design = cx.design;
    let mut servers = BTreeSet::new();
    for (to, _) in cx.analysis.traffic.outgoing(design.internet) {
        servers.extend(design.host(to));
    }
    for record in cx.analysis.dns.address_records() {
        for &target in &record.targets {
            add_hosts(design, target, &mut servers);
        }
    }
    servers.extend(
        design
            .nodes_of(Kind::Server)
            .filter(|(_, n)| n.attrs.get("public_ip").is_some())
            .map(|(id, _)| id),
    );
    servers
}

fn add_hosts(design: &Design, target: NodeId, servers: &mut BTreeSet<NodeId>) {
    match design.node(target).kind {
        Kind::Server => {
            servers.insert(target);
        }
        Kind::Cluster => {
            for member in design.members(target) {
                servers.extend(design.host(member));
            }
        }
        _ => {}
    }
}
