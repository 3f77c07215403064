//! Failure domains above the server: which zones and region each item sits in, and
//! what goes down when a zone or a region does.
//!
//! A server sits in its `zone` (or just a `region`); an instance group is spread over
//! its `zones`; a component sits where its server does; a managed service where it says
//! (`zone`, or `zones` for one spread over several, or only a `region`). Clusters have
//! no place of their own: their members decide.
//!
//! When zones fail, an item spread over several zones survives while one of them is up —
//! a group of two or more instances (autoscaling groups balance over their zones), a
//! managed load balancer, a multi-AZ database that fails over to its standby. A single
//! server listed in several zones could be in any of them, so it is taken as lost with
//! any. A region's failure takes everything in its zones.

use crate::model::{Design, Edge, Kind, NodeId};
use std::collections::{BTreeMap, BTreeSet, HashSet};

#[derive(Debug, Clone, Default)]
pub struct Domains {
    /// Zones of each placed server or managed service (components read their host's).
    zones: BTreeMap<NodeId, Vec<NodeId>>,
    /// Region of each placed item, from its zones or its `region`.
    regions: BTreeMap<NodeId, NodeId>,
}

impl Domains {
    pub fn new(design: &Design) -> Domains {
        let mut domains = Domains::default();
        for (id, node) in design.nodes() {
            let placed = node.kind == Kind::Server || design.is_managed(id);
            if !placed {
                continue;
            }
            let mut zones = node.attrs.references("zones");
            zones.extend(node.attrs.references("zone"));
            zones.sort();
            zones.dedup();
            let region = node.attrs.reference("region").or_else(|| {
                zones
                    .iter()
                    .find_map(|&z| design.node(z).parent)
                    .filter(|&r| design.node(r).kind == Kind::Region)
            });
            if !zones.is_empty() {
                domains.zones.insert(id, zones);
            }
            if let Some(region) = region {
                domains.regions.insert(id, region);
            }
        }
        domains
    }

    /// The item that carries the placement of `id`: its host.
    fn placed(design: &Design, id: NodeId) -> NodeId {
        design.host(id).unwrap_or(id)
    }

    /// The zones `id` (or its host) sits in, sorted; empty when it names none.
    pub fn zones_of(&self, design: &Design, id: NodeId) -> &[NodeId] {
        self.zones
            .get(&Self::placed(design, id))
            .map_or(&[], Vec::as_slice)
    }

    /// The region `id` (or its host) sits in.
    pub fn region_of(&self, design: &Design, id: NodeId) -> Option<NodeId> {
        self.regions.get(&Self::placed(design, id)).copied()
    }

    /// Zones that hold something, in declaration order.
    pub fn zones_in_use(&self) -> Vec<NodeId> {
        let set: BTreeSet<NodeId> = self.zones.values().flatten().copied().collect();
        set.into_iter().collect()
    }

    /// Regions that hold something, in declaration order.
    pub fn regions_in_use(&self) -> Vec<NodeId> {
        let set: BTreeSet<NodeId> = self.regions.values().copied().collect();
        set.into_iter().collect()
    }

    /// Whether `id` keeps working when one of its zones is lost: it is spread over
    /// several and has an instance (or a standby) outside any one of them.
    pub fn spread(&self, design: &Design, id: NodeId) -> bool {
        let host = Self::placed(design, id);
        self.zones_of(design, host).len() >= 2
            && (design.is_managed(host) || design.instances(host) >= 2)
    }

    /// Items down when the zones and regions in `failed` are: every placed item (and
    /// what it holds) that has lost all its zones — or, not being spread, any — or whose
    /// region failed.
    pub fn down_when(&self, design: &Design, failed: &[NodeId]) -> HashSet<NodeId> {
        let failed: HashSet<NodeId> = failed.iter().copied().collect();
        let zone_down = |z: &NodeId| {
            failed.contains(z) || design.node(*z).parent.is_some_and(|r| failed.contains(&r))
        };
        let mut down = HashSet::new();
        let placed: BTreeSet<NodeId> = self
            .zones
            .keys()
            .chain(self.regions.keys())
            .copied()
            .collect();
        for item in placed {
            let zones = self.zones_of(design, item);
            let lost = if zones.is_empty() {
                false
            } else if self.spread(design, item) {
                zones.iter().all(zone_down)
            } else {
                zones.iter().any(zone_down)
            };
            let region_lost = self
                .region_of(design, item)
                .is_some_and(|r| failed.contains(&r));
            if lost || region_lost {
                down.insert(item);
                down.extend(
                    design
                        .related(item, |e| matches!(e, Edge::Contains))
                        .into_iter()
                        .filter(|&c| design.node(c).kind.is_component()),
                );
            }
        }
        down
    }
}
