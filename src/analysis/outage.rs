//! Zone and region outages: what users lose when a whole failure domain above the
//! server goes down.
//!
//! For each zone (and region) that holds something, everything it takes down (see
//! [`Domains::down_when`]) is removed and each journey is walked again; a journey that no
//! longer reaches any of its targets breaks with the zone. One walk per zone per journey:
//! zones are few, so this stays linear in the size of the design.

use super::domains::Domains;
use super::journey::{self, Entry, Journey};
use super::tier::Tier;
use super::traffic::Traffic;
use crate::model::{Design, NodeId};
use std::collections::{BTreeMap, HashSet};

/// What one zone's (or region's) failure does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outage {
    /// The zone or region.
    pub domain: NodeId,
    /// Journeys that stop, most severe first.
    pub breaks: Vec<Journey>,
    /// For each tier users reach, the instances that sit only in this domain, when that
    /// is all of the tier's instances: "every application server is in zone `a`".
    pub confined: Vec<(Tier, Vec<NodeId>)>,
    /// Everything the outage takes down.
    pub down: Vec<NodeId>,
}

/// Outages of every zone and region in use that break at least one journey.
pub fn find(
    design: &Design,
    domains: &Domains,
    traffic: &Traffic,
    entry: &Entry,
    reach: &BTreeMap<Journey, HashSet<NodeId>>,
) -> Vec<Outage> {
    let candidates = domains
        .zones_in_use()
        .into_iter()
        .chain(domains.regions_in_use());
    let mut outages = Vec::new();
    for domain in candidates {
        let down = domains.down_when(design, &[domain]);
        if down.is_empty() {
            continue;
        }
        let breaks: Vec<Journey> = Journey::ALL
            .into_iter()
            .filter(|&j| {
                let Some(before) = reach.get(&j) else {
                    return false;
                };
                let targets = journey::sinks(design, j, before);
                if targets.is_empty() {
                    return false;
                }
                let after = journey::reachable_avoiding(design, traffic, entry, j, &down);
                !targets.iter().any(|t| after.contains(t))
            })
            .collect();
        if breaks.is_empty() {
            continue;
        }
        let reached = reach.get(&Journey::Requests).cloned().unwrap_or_default();
        let mut by_tier: BTreeMap<Tier, Vec<NodeId>> = BTreeMap::new();
        for id in reached
            .iter()
            .chain(reach.get(&Journey::Reads).into_iter().flatten())
        {
            if let Some(tier) = Tier::of(design.node(*id).kind) {
                by_tier.entry(tier).or_default().push(*id);
            }
        }
        let confined = by_tier
            .into_iter()
            .filter_map(|(tier, mut instances)| {
                instances.sort();
                instances.dedup();
                instances
                    .iter()
                    .all(|i| down.contains(i))
                    .then_some((tier, instances))
            })
            .collect();
        let mut down: Vec<NodeId> = down.into_iter().collect();
        down.sort();
        outages.push(Outage {
            domain,
            breaks,
            confined,
            down,
        });
    }
    outages
}
