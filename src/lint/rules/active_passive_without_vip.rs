//! ## What it does
//! Finds active-passive clusters with no virtual IP.
//!
//! ## Why it matters
//! In active-passive, the standby takes over by claiming the active member's address.
//! Without a virtual IP (keepalived/VRRP, a floating IP) clients and DNS keep pointing at
//! the dead member, and failover does nothing.
//!
//! ## Example
//! ```infra
//! server lb1 {}
//! server lb2 {}
//! cluster lbs { members = [lb1, lb2], mode = active_passive }
//! ```
//!
//! ## Fix
//! Give the cluster a virtual IP and point DNS at it: `vip = 8.8.8.8`.

use crate::lint::{Context, Finding, Rule, Severity};
use crate::model::Kind;
use crate::model::word::Mode;

/// The rule's stable name.
pub const NAME: &str = "active-passive-without-vip";

pub struct ActivePassiveWithoutVip;

impl Rule for ActivePassiveWithoutVip {
    fn name(&self) -> &'static str {
        NAME
    }

    fn default_severity(&self) -> Severity {
        Severity::Error
    }

    fn check(&self, cx: &Context) -> Vec<Finding> {
        cx.design
            .nodes_of(Kind::Cluster)
            .filter(|(_, n)| n.attrs.word::<Mode>("mode") == Some(Mode::ActivePassive) && n.attrs.get("vip").is_none())
            .map(|(id, _)| {
                cx.finding(self, id, format!("active-passive cluster {} has no virtual IP", cx.name(id)))
                    .help("add `vip = <address>` and point DNS at it, so the standby can take over the address")
            })
            .collect()
    }
}
