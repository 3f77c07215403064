//! ## What it does
//! Evaluates every connection that enters a firewalled host against the firewall's
//! rules, in order (first match wins; unmatched traffic gets `default`, which is `deny`
//! unless written otherwise), and reports connections the firewall would refuse: the
//! declared flows, and the connection each replica opens to its primary (`replica_of`)
//! when no flow between the two says otherwise. A flow's arrow is the direction the
//! connection is opened: a tunnel a host opens to an edge, or a queue its consumer reads,
//! needs no inbound rule on that host. Firewalls with outbound rules (`allow { to = ... }`)
//! or `default_out = deny` also judge the connections their hosts open.
//!
//! ## Why it matters
//! The diagram says the traffic flows; the firewall says it does not. One of them is
//! wrong, and finding out in production is an outage.
//!
//! ## Example
//! ```infra
//! server lb1 { load_balancer haproxy {} }
//! server web1 { web_server nginx {} }
//! firewall fw {
//!   protects = web1
//!   default  = deny
//!   allow { proto = https, from = internet }
//! }
//! lb1 -> web1 : http
//! ```
//!
//! ## Fix
//! Add a rule for the flow (`allow { proto = http, from = lb1 }`), or remove the flow if
//! the firewall is right.

use crate::analysis::firewall::{Origin, Verdict, Way};
use crate::lint::{Context, Finding, Rule, Severity};
use crate::model::Edge;
use std::collections::BTreeSet;

/// The rule's stable name.
pub const NAME: &str = "flow-blocked-by-firewall";

pub struct FlowBlockedByFirewall;

impl Rule for FlowBlockedByFirewall {
    fn name(&self) -> &'static str {
        NAME
    }

    fn default_severity(&self) -> Severity {
        Severity::Error
    }

    fn check(&self, cx: &Context) -> Vec<Finding> {
        let design = cx.design;
        let mut seen = BTreeSet::new();
        let mut findings = Vec::new();
        for check in &cx.analysis.firewall {
            let Verdict::Denied { rule } = check.verdict else { continue };
            if !seen.insert((check.origin, check.host, check.firewall, check.way)) {
                continue;
            }
            let (protocol, at, what) = match check.origin {
                Origin::Flow(id) => {
                    let Edge::Flow(flow) = &design.graph[id] else { continue };
                    let protocol = flow.protocol.as_ref().map_or("traffic".to_string(), |p| p.name.clone());
                    (protocol.clone(), flow.span, protocol)
                }
                Origin::Replication { replica } => {
                    let node = design.node(replica);
                    let at = node.attrs.attr("replica_of").map_or(node.span, |a| a.span);
                    let protocol = crate::analysis::firewall::replication_connections(design)
                        .into_iter()
                        .find(|(r, _, _)| *r == replica)
                        .map_or("traffic".to_string(), |(_, _, p)| p.name);
                    (protocol.clone(), at, format!("the replication connection ({protocol})"))
                }
            };
            let why = match rule {
                Some(_) => "a deny rule",
                None => "its default policy",
            };
            let (sender, receiver) = (cx.name(check.sender), cx.name(check.receiver));
            let message = match check.way {
                Way::Inbound => format!(
                    "firewall {} blocks {what} from {sender} to {receiver} ({why})",
                    cx.name(check.firewall)
                ),
                Way::Outbound => format!(
                    "firewall {} blocks {what} going out from {sender} to {receiver} ({why})",
                    cx.name(check.firewall)
                ),
            };
            let (span, label) = match rule {
                Some(r) => (design.node(r).span, "denied by this rule"),
                None => (design.node(check.firewall).span, "denied by default"),
            };
            let host_of = |id| design.node(design.host(id).unwrap_or(id)).path.clone();
            let allow = match check.way {
                Way::Inbound => format!("allow {{ proto = {protocol}, from = {} }}", host_of(check.sender)),
                Way::Outbound => format!("allow {{ proto = {protocol}, to = {} }}", host_of(check.receiver)),
            };
            // Inbound, the finding is about what does not receive; outbound, about what
            // cannot send.
            let subject = match (check.origin, check.way) {
                (Origin::Replication { replica }, _) => cx.finding(self, replica, message),
                (Origin::Flow(_), Way::Inbound) => cx.finding(self, check.receiver, message),
                (Origin::Flow(_), Way::Outbound) => cx.finding(self, check.sender, message),
            };
            let otherwise = match check.origin {
                Origin::Flow(_) => "or drop the flow",
                Origin::Replication { .. } => "or the replica cannot copy its primary",
            };
            findings.push(
                subject
                    .at(at)
                    .related(span, label)
                    .help(format!("add `{allow}` to {}, {otherwise}", cx.name(check.firewall))),
            );
        }
        findings
    }
}
