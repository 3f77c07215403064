//! ## What it does
//! Finds databases the internet can talk to: a firewall rule that admits a database port
//! (or everything) from the internet into a host running a database, or a flow from the
//! internet straight to a database.
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

use super::ssh_open_to_world::{admits_from_internet, rule_matches_port};
use crate::lint::{Context, Finding, Rule, Severity};
use crate::model::protocol::Protocol;
use crate::model::{Edge, Kind};

pub struct ExposedDatabase;

impl Rule for ExposedDatabase {
    fn name(&self) -> &'static str {
        "exposed-database"
    }

    fn default_severity(&self) -> Severity {
        Severity::Error
    }

    fn check(&self, cx: &Context) -> Vec<Finding> {
        let design = cx.design;
        let mut findings = Vec::new();
        for (firewall, _) in design.nodes_of(Kind::Firewall) {
            for rule in design.children(firewall) {
                if design.node(rule).kind != Kind::Allow || !admits_from_internet(cx, rule) {
                    continue;
                }
                for host in design.related(firewall, |e| matches!(e, Edge::Protects)) {
                    for db in hosts_databases(cx, host) {
                        let engine = design.node(db).attrs.text("engine");
                        let admitted = Protocol::for_engine(engine)
                            .into_iter()
                            .find(|p| rule_matches_port(cx, rule, p));
                        if let Some(port) = admitted {
                            let message = format!(
                                "firewall {} admits {} from the internet to database {}",
                                cx.name(firewall),
                                port.name,
                                cx.name(db)
                            );
                            findings.push(
                                cx.finding(self, db, message)
                                    .at(design.node(rule).span)
                                    .help("allow the database port only from the application servers")
                                    .related(design.node(db).span, "the database"),
                            );
                        }
                    }
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
