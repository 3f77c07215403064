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

use crate::lint::{Context, Finding, Rule, Severity};
use crate::model::protocol::Protocol;
use crate::model::value::AttrValue;
use crate::model::{Kind, NodeId};

pub struct SshOpenToWorld;

impl Rule for SshOpenToWorld {
    fn name(&self) -> &'static str {
        "ssh-open-to-world"
    }

    fn default_severity(&self) -> Severity {
        Severity::Warning
    }

    fn check(&self, cx: &Context) -> Vec<Finding> {
        let design = cx.design;
        let Some(ssh) = Protocol::known("ssh", None) else {
            return Vec::new();
        };
        let mut findings = Vec::new();
        for (firewall, fw) in design.nodes_of(Kind::Firewall) {
            let rules = design.children(firewall);
            // First match wins: the first rule that matches ssh from the internet decides.
            let decisive = rules
                .iter()
                .copied()
                .find(|&r| matches_internet(cx, r) && rule_matches_port(cx, r, &ssh));
            match decisive {
                Some(rule) if design.node(rule).kind == Kind::Allow => {
                    let message = format!("firewall {} admits ssh from the whole internet", cx.name(firewall));
                    findings.push(
                        cx.finding(self, firewall, message)
                            .at(design.node(rule).span)
                            .help("allow ssh only from an office or bastion address range"),
                    );
                }
                None if fw.attrs.text("default") == Some("allow") => {
                    let message =
                        format!("firewall {} allows everything by default, ssh from anywhere included", cx.name(firewall));
                    findings.push(
                        cx.finding(self, firewall, message)
                            .help("set `default = deny` and allow only what is needed"),
                    );
                }
                _ => {}
            }
        }
        findings
    }
}

/// An allow rule whose sources include the whole internet.
pub fn admits_from_internet(cx: &Context, rule: NodeId) -> bool {
    cx.design.node(rule).kind == Kind::Allow && matches_internet(cx, rule)
}

/// A rule (allow or deny) whose sources include the whole internet.
fn matches_internet(cx: &Context, rule: NodeId) -> bool {
    let attrs = &cx.design.node(rule).attrs;
    attrs.get("from").is_none_or(|sources| {
        sources.items().iter().any(|s| match s {
            AttrValue::Ref(id) => *id == cx.design.internet,
            AttrValue::Cidr(net) => net.prefix_len() == 0,
            _ => false,
        })
    })
}

/// Whether a rule's protocol and port lists admit `protocol` (no list admits anything).
pub fn rule_matches_port(cx: &Context, rule: NodeId, protocol: &Protocol) -> bool {
    let attrs = &cx.design.node(rule).attrs;
    let proto_ok = attrs.get("proto").is_none_or(|protos| {
        protos.items().iter().any(|p| p.as_text().is_some_and(|p| p == protocol.name))
    });
    let port_ok = attrs.get("port").is_none_or(|ports| {
        protocol.port.is_some_and(|port| ports.items().contains(&AttrValue::Port(port)))
    });
    proto_ok && port_ok
}
