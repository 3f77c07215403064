//! Capacity: can each tier take its share of the expected traffic?
//!
//! With `expected_qps` on the design and `capacity_qps` on components, every request is
//! assumed to pass once through each tier on its way (one query per request at the
//! database). A tier's load is spread over its *active* instances — those users reach,
//! minus the standbys of active-passive clusters. How it is spread depends on who sends
//! it: round robin, random and hashing split evenly, so the weakest instance overloads
//! first even when the tier as a whole could cope; load-aware algorithms (least
//! connections, least time, weighted round robin) fill instances by what they can take,
//! so only the tier's total matters.

use super::Analysis;
use super::journey::Journey;
use super::tier::Tier;
use crate::model::value::AttrValue;
use crate::model::word::{Algorithm, Mode};
use crate::model::{Design, Kind, NodeId};
use serde::Serialize;
use std::collections::{BTreeMap, HashSet};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Split {
    /// Every active instance gets the same share.
    Even,
    /// Instances get load in proportion to what they can take.
    ByCapacity,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TierLoad {
    pub tier: Tier,
    /// Active instances, with their declared capacity.
    pub instances: Vec<(NodeId, Option<f64>)>,
    pub split: Split,
    /// What the tier can take in total (when every instance declares a capacity).
    pub capacity: Option<f64>,
    /// What each instance gets with an even split.
    pub share: f64,
    /// Capacity over load, minus one: 0.25 is 25 % spare (when the capacity is known).
    pub headroom: Option<f64>,
    /// Instances that cannot take their share.
    pub overloaded: Vec<NodeId>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Capacity {
    pub expected_qps: f64,
    pub tiers: Vec<TierLoad>,
    /// The tier with the least headroom.
    pub bottleneck: Option<Tier>,
}

fn number(design: &Design, id: Option<NodeId>, key: &str) -> Option<f64> {
    let attrs = match id {
        Some(id) => &design.node(id).attrs,
        None => &design.attrs,
    };
    match attrs.get(key)? {
        AttrValue::Number(n) => Some(*n),
        AttrValue::Int(n) => Some(*n as f64),
        _ => None,
    }
}

/// The capacity picture, when the design declares its expected traffic.
pub fn analyze(design: &Design, analysis: &Analysis) -> Option<Capacity> {
    let expected = number(design, None, "expected_qps").filter(|q| *q > 0.0)?;
    let reached = analysis.reach.get(&Journey::Requests)?;
    let standbys = standbys(design);
    let mut by_tier: BTreeMap<Tier, Vec<NodeId>> = BTreeMap::new();
    let mut ids: Vec<NodeId> = reached.iter().copied().collect();
    ids.sort();
    for id in ids {
        let host = design.host(id).unwrap_or(id);
        if let Some(tier) = Tier::of(design.node(id).kind)
            && !standbys.contains(&host)
        {
            by_tier.entry(tier).or_default().push(id);
        }
    }
    let tiers: Vec<TierLoad> = by_tier
        .into_iter()
        .map(|(tier, instances)| load(design, analysis, tier, instances, expected))
        .collect();
    let bottleneck = tiers
        .iter()
        .filter_map(|t| t.headroom.map(|h| (h, t.tier)))
        .min_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, tier)| tier);
    Some(Capacity {
        expected_qps: expected,
        tiers,
        bottleneck,
    })
}

fn load(
    design: &Design,
    analysis: &Analysis,
    tier: Tier,
    instances: Vec<NodeId>,
    expected: f64,
) -> TierLoad {
    let split = split_into(design, analysis, &instances);
    let declared: Vec<(NodeId, Option<f64>)> = instances
        .iter()
        .map(|&i| (i, number(design, Some(i), "capacity_qps")))
        .collect();
    let capacity = declared.iter().map(|(_, c)| *c).sum::<Option<f64>>();
    let share = expected / instances.len().max(1) as f64;
    let overloaded = match split {
        Split::Even => declared
            .iter()
            .filter(|(_, c)| c.is_some_and(|c| c < share))
            .map(|(i, _)| *i)
            .collect(),
        Split::ByCapacity => match capacity {
            Some(total) if total < expected => declared.iter().map(|(i, _)| *i).collect(),
            _ => Vec::new(),
        },
    };
    // With an even split, the tier is only as strong as its weakest instance times n.
    let effective = match split {
        Split::Even => declared
            .iter()
            .map(|(_, c)| *c)
            .collect::<Option<Vec<f64>>>()
            .map(|caps| caps.iter().copied().fold(f64::INFINITY, f64::min) * caps.len() as f64),
        Split::ByCapacity => capacity,
    };
    TierLoad {
        tier,
        instances: declared,
        split,
        capacity,
        share,
        headroom: effective.map(|c| c / expected - 1.0),
        overloaded,
    }
}

/// How the senders into these instances spread load: load-aware if every load balancer
/// sending to them uses a load-aware algorithm.
fn split_into(design: &Design, analysis: &Analysis, instances: &[NodeId]) -> Split {
    let mut senders: Vec<NodeId> = instances
        .iter()
        .flat_map(|&i| analysis.traffic.incoming(i))
        .map(|(from, _)| from)
        .filter(|&from| design.node(from).kind == Kind::LoadBalancer)
        .collect();
    senders.sort();
    senders.dedup();
    let aware = |lb: NodeId| {
        design
            .node(lb)
            .attrs
            .word::<Algorithm>("algorithm")
            .is_some_and(Algorithm::is_load_aware)
    };
    if !senders.is_empty() && senders.iter().all(|&lb| aware(lb)) {
        Split::ByCapacity
    } else {
        Split::Even
    }
}

/// Members of active-passive clusters that wait: all but the first.
fn standbys(design: &Design) -> HashSet<NodeId> {
    design
        .nodes_of(Kind::Cluster)
        .filter(|(_, c)| c.attrs.word::<Mode>("mode") == Some(Mode::ActivePassive))
        .flat_map(|(c, _)| design.members(c).into_iter().skip(1))
        .collect()
}
