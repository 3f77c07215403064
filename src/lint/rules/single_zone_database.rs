//! ## What it does
//! In designs that place things in two or more zones, finds databases whose every copy
//! — the primary, its replicas and standbys — sits in one zone, including managed
//! databases deployed in a single zone.
//!
//! ## Why it matters
//! The database holds the one thing that cannot be rebuilt from an image: the data. A
//! zone outage makes it unreachable for as long as the zone is down, and a zone lost for
//! good takes every copy with it. Replicas next to each other protect against a disk,
//! not against the building.
//!
//! ## Example
//! ```infra
//! zone a {}
//! zone b {}
//! server app1 { zone = a, app_server api {} }
//! server app2 { zone = b, app_server api {} }
//! database db { managed = true, engine = postgres, zone = a }
//! internet -> [app1, app2] : https
//! [app1.api, app2.api] -> db : postgres
//! ```
//!
//! ## Fix
//! Keep a copy in another zone: run the managed database multi-AZ (`zones = [a, b]`),
//! or put a replica (and a standby that can be promoted) on a server in the other zone.

use crate::analysis::journey::is_primary;
use crate::lint::{Context, Finding, Rule, Severity};
use crate::model::{Kind, NodeId};
use std::collections::BTreeSet;

/// The rule's stable name.
pub const NAME: &str = "single-zone-database";

pub struct SingleZoneDatabase;

impl Rule for SingleZoneDatabase {
    fn name(&self) -> &'static str {
        NAME
    }

    fn default_severity(&self) -> Severity {
        Severity::Warning
    }

    fn check(&self, cx: &Context) -> Vec<Finding> {
        let design = cx.design;
        let domains = &cx.analysis.domains;
        if domains.zones_in_use().len() < 2 {
            return Vec::new();
        }
        let mut findings = Vec::new();
        for (primary, _) in design.nodes_of(Kind::Database) {
            if !is_primary(design, primary) {
                continue;
            }
            let copies: Vec<NodeId> = std::iter::once(primary)
                .chain(
                    design
                        .nodes_of(Kind::Database)
                        .filter(|(_, n)| n.attrs.reference("replica_of") == Some(primary))
                        .map(|(id, _)| id),
                )
                .collect();
            let placed: Vec<&[NodeId]> = copies.iter().map(|&c| domains.zones_of(design, c)).collect();
            if placed.iter().any(|z| z.is_empty()) {
                continue; // a copy whose zone the design does not say: nothing to judge
            }
            let zones: BTreeSet<NodeId> = placed.iter().flat_map(|z| z.iter().copied()).collect();
            let [zone] = zones.into_iter().collect::<Vec<_>>()[..] else {
                continue;
            };
            let message = if copies.len() == 1 {
                format!("database {} has its only copy in zone {}", cx.name(primary), cx.name(zone))
            } else {
                format!("every copy of database {} is in zone {}", cx.name(primary), cx.name(zone))
            };
            let help = if design.is_managed(primary) {
                "run it multi-AZ: `zones = [a, b]` keeps a standby in a second zone"
            } else {
                "put a replica, and a standby that can be promoted, on a server in another zone"
            };
            findings.push(cx.finding(self, primary, message).help(help));
        }
        findings
    }
}
