//! ## What it does
//! Finds firewall rules that admit SSH (port 22) from the whole internet — explicitly,
//! through a rule with no protocol or port, or through `default = allow`.
//!
//! ## Why it matters
//! SSH open to the world is brute-forced around the clock, and any SSH vulnerability
//! becomes remote root. Administration should come from known places.
//!
//! ## Example
//! ```infra
//! server web1 { web_server nginx {} }
//! firewall fw {
//!   protects = web1
//!   allow { proto = ssh, from = internet }
//! }
//! ```
//!
//! ## Fix
//! Allow SSH only from an office or bastion range: `allow { proto = ssh, from = 203.0.113.0/24 }`.

use crate::analysis::firewall::{Connection, Verdict, decide};
use crate::lint::{Context, Finding, Precision, Rule, Security, Severity};
use crate::model::Kind;
use crate::model::protocol::Protocol;

/// The rule's stable name.
pub const NAME: &str = "ssh-open-to-world";

pub struct SshOpenToWorld;

impl Rule for SshOpenToWorld {
    fn name(&self) -> &'static str {
        NAME
    }

    fn default_severity(&self) -> Severity {
        Severity::Warning
    }

    fn security(&self) -> Option<Security> {
        Some(Security {
            severity: 6.5,
            cwe: 284,
            precision: Precision::VeryHigh,
        })
    }

    fn check(&self, cx: &Context) -> Vec<Finding> {
        let design = cx.design;
        let Some(ssh) = Protocol::known("ssh", None) else {
            return Vec::new();
        };
        let from_internet = Connection::from_internet(design, &ssh);
        let mut findings = Vec::new();
        for (firewall, _) in design.nodes_of(Kind::Firewall) {
            match decide(design, firewall, &from_internet) {
                Verdict::Allowed { rule } => {
                    let message = format!("firewall {} admits ssh from the whole internet", cx.name(firewall));
                    findings.push(
                        cx.finding(self, firewall, message)
                            .at(design.node(rule).span)
                            .help("allow ssh only from an office or bastion address range"),
                    );
                }
                Verdict::AllowedByDefault => {
                    let message =
                        format!("firewall {} allows everything by default, ssh from anywhere included", cx.name(firewall));
                    findings.push(
                        cx.finding(self, firewall, message)
                            .help("set `default = deny` and allow only what is needed"),
                    );
                }
                Verdict::Denied { .. } => {}
            }
        }
        findings
    }
}
