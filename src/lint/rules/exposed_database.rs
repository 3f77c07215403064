//! ## What it does
//! Finds databases the internet can talk to: a firewall that admits a database port from
//! the internet into a host running a database — through its first matching rule, or its
//! `default = allow` — or a flow from the internet straight to a database.
//!
//! ## Why it matters
//! Databases exposed to the internet are brute-forced, ransomed and dumped; the data is
//! the reason attackers come.
//!
//! ## Example
//! ```infra
//! server db1 { database mysql { engine = mysql } }
//! firewall fw {
//!   protects = db1
//!   allow { proto = mysql, from = internet }
//! }
//! ```
//!
//! ## Fix
//! Allow the database port only from the application servers: `allow { proto = mysql,
//! from = app1 }`, and keep database hosts on a private network.

use crate::analysis::firewall::{Connection, Verdict, decide};
use crate::lint::{Context, Finding, Precision, Rule, Security, Severity};
use crate::model::protocol::Protocol;
use crate::model::{Edge, Kind};

/// The rule's stable name.
pub const NAME: &str = "exposed-database";

pub struct ExposedDatabase;

impl Rule for ExposedDatabase {
    fn name(&self) -> &'static str {
        NAME
    }

    fn default_severity(&self) -> Severity {
        Severity::Error
    }

    fn security(&self) -> Option<Security> {
        Some(Security {
            severity: 9.1,
            cwe: 668,
            precision: Precision::VeryHigh,
        })
    }

    fn check(&self, cx: &Context) -> Vec<Finding> {
        let design = cx.design;
        let mut findings = Vec::new();
        for (firewall, _) in design.nodes_of(Kind::Firewall) {
            for host in design.related(firewall, |e| matches!(e, Edge::Protects)) {
                for db in hosts_databases(cx, host) {
                    let engine = design.node(db).attrs.text("engine");
                    // The first of the engine's protocols the firewall lets in decides.
                    let admitted = Protocol::for_engine(engine).into_iter().find_map(|p| {
                        match decide(design, firewall, &Connection::from_internet(design, &p)) {
                            Verdict::Allowed { rule } => Some((p, Some(rule))),
                            Verdict::AllowedByDefault => Some((p, None)),
                            Verdict::Denied { .. } => None,
                        }
                    });
                    let Some((protocol, rule)) = admitted else {
                        continue;
                    };
                    let how = if rule.is_some() { "admits" } else { "admits by default" };
                    let message = format!(
                        "firewall {} {how} {} from the internet to database {}",
                        cx.name(firewall),
                        protocol.name,
                        cx.name(db)
                    );
                    let at = rule.map_or(design.node(firewall).span, |r| design.node(r).span);
                    findings.push(
                        cx.finding(self, db, message)
                            .at(at)
                            .help("allow the database port only from the application servers")
                            .related(design.node(db).span, "the database"),
                    );
                }
            }
        }
        for (to, hop) in cx.analysis.traffic.outgoing(design.internet) {
            if design.node(to).kind == Kind::Database
                && let Edge::Flow(flow) = &design.graph[hop.flow]
            {
                let message = format!("the internet talks to database {} directly", cx.name(to));
                findings.push(
                    cx.finding(self, to, message)
                        .at(flow.span)
                        .help("put an application server between users and the database"),
                );
            }
        }
        findings
    }
}

/// Databases on a protected item: the host's databases, or the item itself.
fn hosts_databases(cx: &Context, protected: crate::model::NodeId) -> Vec<crate::model::NodeId> {
    let design = cx.design;
    let hosts: Vec<_> = match design.node(protected).kind {
        Kind::Cluster => design.members(protected),
        _ => vec![protected],
    };
    hosts
        .into_iter()
        .flat_map(|h| match design.node(h).kind {
            Kind::Database => vec![h],
            Kind::Server => design
                .children(h)
                .into_iter()
                .filter(|&c| design.node(c).kind == Kind::Database)
                .collect(),
            _ => Vec::new(),
        })
        .collect()
}
