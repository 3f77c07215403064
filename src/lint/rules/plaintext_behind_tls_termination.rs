//! ## What it does
//! Finds anything that terminates TLS and passes requests on to other hosts in plain
//! text: a load balancer, a web server or reverse proxy, an outside proxy service (CDNs
//! are reported by `cdn-plaintext-to-origin`).
//!
//! ## Why it matters
//! Traffic is encrypted from the user to the load balancer only. Between the load
//! balancer and the web servers it crosses the internal network readable by anyone who
//! gets a foothold there — a compromised host, a misconfigured switch, a cloud neighbour.
//!
//! ## Example
//! ```infra
//! certificate c { domains = ["www.foobar.com"] }
//! server lb1 { load_balancer haproxy { tls = c } }
//! server web1 { web_server nginx {} }
//! internet -> lb1 : https
//! lb1 -> web1 : http
//! ```
//!
//! ## Fix
//! Re-encrypt behind the load balancer (`lb1 -> web1 : https`, with certificates on the
//! web servers), or pass TLS through and terminate it on the web servers.

use crate::lint::{Context, Finding, Precision, Rule, Security, Severity};
use crate::model::{Edge, EdgeId, Kind, NodeId};
use std::collections::HashMap;
use std::sync::Arc;

/// The plain hops of one shared list, in words, and their flows.
type Summary = (String, Vec<EdgeId>);

/// The rule's stable name.
pub const NAME: &str = "plaintext-behind-tls-termination";

pub struct PlaintextBehindTlsTermination;

/// How many plaintext hops a finding names before it counts the rest.
const SHOWN: usize = 3;

/// "`a`, `b`, `c` and 7 more".
pub fn summarize(items: &[String], shown: usize) -> String {
    match items.len() {
        n if n <= shown => items.join(", "),
        n => format!("{} and {} more", items[..shown].join(", "), n - shown),
    }
}

impl Rule for PlaintextBehindTlsTermination {
    fn name(&self) -> &'static str {
        NAME
    }

    fn default_severity(&self) -> Severity {
        Severity::Warning
    }

    fn security(&self) -> Option<Security> {
        Some(Security {
            severity: 5.3,
            cwe: 319,
            precision: Precision::VeryHigh,
        })
    }

    fn check(&self, cx: &Context) -> Vec<Finding> {
        // The members of a cluster share their hops: each list is summarised once.
        let mut summaries: HashMap<*const [(NodeId, EdgeId)], Summary> = HashMap::new();
        cx.analysis
            .tls
            .terminations
            .iter()
            // Anything that ends TLS and forwards is judged alike; CDNs have their own rule.
            .filter(|t| cx.design.node(t.component).kind != Kind::Cdn && !t.plaintext_out.is_empty())
            .map(|t| {
                let (targets, flows) = summaries
                    .entry(Arc::as_ptr(&t.plaintext_out))
                    .or_insert_with(|| summary(cx, &t.plaintext_out))
                    .clone();
                let message = format!(
                    "TLS ends at {}; its traffic to {} crosses the network unencrypted",
                    cx.name(t.component),
                    targets
                );
                let mut finding = cx.finding(self, t.component, message).help(
                    "re-encrypt to the backends (https), or pass TLS through to the web servers and terminate it there",
                );
                for flow in flows {
                    if let Edge::Flow(f) = &cx.design.graph[flow] {
                        finding = finding.related(f.span, "plain text here");
                    }
                }
                finding
            })
            .collect()
    }
}

/// The receivers named in a finding ("`a`, `b`, `c` and 7 more", a receiver repeated
/// next to itself counted once) and the first flows, without naming every receiver.
fn summary(cx: &Context, hops: &[(NodeId, EdgeId)]) -> (String, Vec<EdgeId>) {
    let mut receivers: Vec<NodeId> = hops.iter().map(|(to, _)| *to).collect();
    receivers.dedup();
    let named: Vec<String> = receivers.iter().take(SHOWN + 1).map(|&to| cx.name(to)).collect();
    let targets = match receivers.len() {
        n if n <= SHOWN => named.join(", "),
        n => format!("{} and {} more", named[..SHOWN].join(", "), n - SHOWN),
    };
    let mut flows: Vec<EdgeId> = hops.iter().map(|(_, f)| *f).collect();
    flows.sort();
    flows.dedup();
    flows.truncate(SHOWN);
    (targets, flows)
}
