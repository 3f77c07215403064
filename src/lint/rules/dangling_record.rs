//! ## What it does
//! Finds address records (A, AAAA, CNAME) — each value of a round-robin or failover
//! record on its own — that lead to nothing the design declares: an
//! IP no server, cluster VIP or public IP has, or a CNAME to a name of one of the
//! design's own zones that has no record. CNAMEs to outside names are left alone.
//!
//! ## Why it matters
//! A name that resolves to nothing (or to an address you no longer own) is an outage for
//! everyone who types it, and a takeover risk if someone else gets that address.
//!
//! ## Example
//! ```infra
//! domain foobar.com {
//!   record www { type = A, value = 203.0.113.7 }
//! }
//! server web1 { public_ip = 203.0.113.8 }
//! ```
//!
//! ## Fix
//! Point the record at a declared host (`value = web1`) or fix the address.

use crate::lint::{Context, Finding, Rule, Severity};
use crate::analysis::resolution::Unresolved;

/// The rule's stable name.
pub const NAME: &str = "dangling-record";

pub struct DanglingRecord;

impl Rule for DanglingRecord {
    fn name(&self) -> &'static str {
        NAME
    }

    fn default_severity(&self) -> Severity {
        Severity::Error
    }

    fn check(&self, cx: &Context) -> Vec<Finding> {
        let mut findings = Vec::new();
        for r in cx.analysis.dns.address_records() {
            let Some(attr) = cx.design.node(r.id).attrs.attr("value") else {
                continue;
            };
            let values = attr.value.items();
            // Each value on its own: a round-robin record with one dead address sends a
            // share of the users nowhere.
            for answer in r.answers.iter().filter(|a| a.targets.is_empty()) {
                let problem = match &answer.unresolved {
                    Some(Unresolved::NoOwner(ip)) => {
                        format!("no declared server or cluster has the IP {ip}")
                    }
                    Some(Unresolved::UnknownName(name)) => {
                        format!("`{name}` has no record in this design")
                    }
                    Some(Unresolved::Loop) => "its aliases lead back to themselves".to_string(),
                    Some(Unresolved::NoTarget) => {
                        "it points at nothing that receives traffic".to_string()
                    }
                    // `cname-to-ip` says what is wrong with it.
                    Some(Unresolved::CnameHoldsAddress(_)) => continue,
                    None => continue, // outside name: not ours to check
                };
                let message = if values.len() > 1 {
                    format!("record `{}` dangles in value {}: {problem}", r.fqdn, answer.index + 1)
                } else {
                    format!("record `{}` dangles: {problem}", r.fqdn)
                };
                findings.push(
                    cx.finding(self, r.id, message)
                        .at(attr.span)
                        .help("point it at a declared server or cluster, e.g. `value = lb1`"),
                );
            }
        }
        findings
    }
}
