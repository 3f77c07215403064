//! ## What it does
//! Finds firewalls that protect nothing: declared at the top level with no `protects`
//! (and no server naming them in `firewall = ...`).
//!
//! ## Why it matters
//! The firewall is in the design, so readers believe the hosts are filtered — but its
//! rules apply to no host, and every check that trusts them (open ports, blocked flows,
//! exposed databases) has nothing to check. Usually a `protects` line was lost in an
//! edit.
//!
//! ## Example
//! ```infra
//! server web1 { web_server nginx {} }
//! firewall fw {
//!   default = deny
//!   allow { proto = https, from = internet }
//! }
//! ```
//!
//! ## Fix
//! Say what it filters: `protects = [web1]`, or `firewall = fw` on the server — or
//! delete it.

use crate::lint::{Context, Finding, Rule, Severity};
use crate::model::{Edge, Kind};

/// The rule's stable name.
pub const NAME: &str = "firewall-protects-nothing";

pub struct FirewallProtectsNothing;

impl Rule for FirewallProtectsNothing {
    fn name(&self) -> &'static str {
        NAME
    }

    fn default_severity(&self) -> Severity {
        Severity::Warning
    }

    fn check(&self, cx: &Context) -> Vec<Finding> {
        cx.design
            .nodes_of(Kind::Firewall)
            .filter(|(id, _)| cx.design.related(*id, |e| matches!(e, Edge::Protects)).is_empty())
            .map(|(id, _)| {
                cx.finding(self, id, format!("firewall {} protects nothing", cx.name(id)))
                    .help("add `protects = [...]` with the hosts it filters, or remove it")
            })
            .collect()
    }
}
