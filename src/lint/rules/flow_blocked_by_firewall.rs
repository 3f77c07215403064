//! ## What it does
//! Evaluates every declared flow that enters a firewalled host against the firewall's
//! rules, in order (first match wins; unmatched traffic gets `default`, which is `deny`
//! unless written otherwise), and reports flows the firewall would refuse.
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

use crate::analysis::firewall::Verdict;
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
            if !seen.insert((check.flow, check.host, check.firewall)) {
                continue;
            }
            let Edge::Flow(flow) = &design.graph[check.flow] else { continue };
            let protocol = flow.protocol.as_ref().map_or("traffic".to_string(), |p| p.name.clone());
            let why = match rule {
                Some(_) => "a deny rule",
                None => "its default policy",
            };
            let message = format!(
                "firewall {} blocks {protocol} from {} to {} ({why})",
                cx.name(check.firewall),
                cx.name(check.sender),
                cx.name(check.receiver),
            );
            let (span, label) = match rule {
                Some(r) => (design.node(r).span, "denied by this rule"),
                None => (design.node(check.firewall).span, "denied by default"),
            };
            findings.push(
                cx.finding(self, check.receiver, message)
                    .at(flow.span)
                    .related(span, label)
                    .help(format!(
                        "add `allow {{ proto = {protocol}, from = {} }}` to {}, or drop the flow",
                        design.node(design.host(check.sender).unwrap_or(check.sender)).path,
                        cx.name(check.firewall)
                    )),
            );
        }
        findings
    }
}
