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
    /// Active instances, with their declared capacity (per server).
    pub instances: Vec<(NodeId, Option<f64>)>,
    /// How many servers each instance stands for, in the same order: an instance
    /// group counts its minimum, which is what the design can count on.
    pub counts: Vec<u32>,
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
    let counts: Vec<u32> = instances.iter().map(|&i| design.instances(i)).collect();
    let servers: u32 = counts.iter().sum();
    let capacity = declared
        .iter()
        .zip(&counts)
        .map(|((_, c), &n)| c.map(|c| c * f64::from(n)))
        .sum::<Option<f64>>();
    let share = expected / f64::from(servers.max(1));
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
            .map(|caps| caps.iter().copied().fold(f64::INFINITY, f64::min) * f64::from(servers)),
        Split::ByCapacity => capacity,
    };
    TierLoad {
        tier,
        instances: declared,
        counts,
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

/// What waits instead of serving: members of active-passive clusters but the first, and
/// the backups of load balancers (`backup`), with their components.
fn standbys(design: &Design) -> HashSet<NodeId> {
    let mut standbys: HashSet<NodeId> = design
        .nodes_of(Kind::Cluster)
        .filter(|(_, c)| c.attrs.word::<Mode>("mode") == Some(Mode::ActivePassive))
        .flat_map(|(c, _)| design.members(c).into_iter().skip(1))
        .collect();
    for (_, lb) in design.nodes_of(Kind::LoadBalancer) {
        for backup in lb.attrs.references("backup") {
            standbys.insert(design.host(backup).unwrap_or(backup));
        }
    }
    standbys
}

#[cfg(test)]
mod tests {
    use crate::source::Source;

    fn app_tier(text: &str) -> super::TierLoad {
        let design = crate::compile(Source::new("t", text)).expect("compiles");
        let analysis = crate::analysis::analyze(&design);
        analysis
            .capacity
            .expect("capacity")
            .tiers
            .into_iter()
            .find(|t| t.tier == super::Tier::App)
            .expect("app tier")
    }

    #[test]
    fn an_instance_group_counts_its_minimum() {
        // 3000 qps over a group of min 3 and one more server: 750 each.
        let tier = app_tier(
            "expected_qps = 3000\n\
             server g { min = 3, max = 9, app_server p { capacity_qps = 1000 } }\n\
             server s { app_server p { capacity_qps = 1000 } }\n\
             internet -> [g, s] : http\n",
        );
        assert_eq!(tier.counts, [3, 1]);
        assert!((tier.share - 750.0).abs() < 1e-9, "{}", tier.share);
        assert_eq!(tier.capacity, Some(4000.0));
        assert!(tier.overloaded.is_empty());
    }

    #[test]
    fn backups_wait_and_take_no_share() {
        let tier = app_tier(
            "expected_qps = 1000\n\
             server lb { load_balancer h { backup = [c] } }\n\
             server a { app_server p { capacity_qps = 600 } }\n\
             server b { app_server p { capacity_qps = 600 } }\n\
             server c { app_server p { capacity_qps = 600 } }\n\
             internet -> lb : http\nlb -> [a, b, c] : http\n",
        );
        assert_eq!(tier.instances.len(), 2, "{:?}", tier.instances);
        assert!((tier.share - 500.0).abs() < 1e-9);
    }
}
