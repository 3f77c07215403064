//! ## What it does
//! In designs with several servers, finds servers that run two or more of the web,
//! application and database tiers together.
//!
//! ## Why it matters
//! Tiers on one machine compete for CPU, memory and disk, cannot be scaled on their own
//! (more web capacity means copying the database too), and put the database on a host
//! that also faces users. A single-server design is reported as a single point of
//! failure instead.
//!
//! ## Example
//! ```infra
//! server web1 {
//!   web_server nginx {}
//!   app_server app {}
//!   database mysql {}
//! }
//! server web2 { web_server nginx {} }
//! ```
//!
//! ## Fix
//! Give each tier its own servers: web servers, app servers, database servers.

use super::single_point_of_failure::join_and;
use crate::analysis::tier::Tier;
use crate::lint::{Context, Finding, Rule, Severity};
use crate::model::Kind;
use std::collections::BTreeSet;

/// The rule's stable name.
pub const NAME: &str = "colocated-tiers";

pub struct ColocatedTiers;

impl Rule for ColocatedTiers {
    fn name(&self) -> &'static str {
        NAME
    }

    fn default_severity(&self) -> Severity {
        Severity::Warning
    }

    fn check(&self, cx: &Context) -> Vec<Finding> {
        let design = cx.design;
        if design.nodes_of(Kind::Server).count() < 2 {
            return Vec::new();
        }
        design
            .nodes_of(Kind::Server)
            .filter_map(|(id, _)| {
                let tiers: BTreeSet<Tier> = design
                    .children(id)
                    .into_iter()
                    .filter_map(|c| Tier::of(design.node(c).kind))
                    .filter(|t| *t != Tier::LoadBalancer)
                    .collect();
                if tiers.len() < 2 {
                    return None;
                }
                let names: Vec<&str> = tiers.iter().map(|t| t.role()).collect();
                let message = format!("{} runs its {} on one machine", cx.name(id), join_and(&names));
                Some(cx.finding(self, id, message).help(
                    "split the tiers onto their own servers so each can be scaled and secured on its own",
                ))
            })
            .collect()
    }
}
