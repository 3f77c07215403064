//! What changed between two designs, as data: items added, removed, renamed and moved,
//! findings fixed, introduced and moved, tiers that grew or shrank, and why each new
//! element is there (the findings it removes, the property it brings). The story in
//! words is written from this by [`super::changes`].
//!
//! Items are matched by role and host, not by bare name (every monitoring agent may be
//! called `sumo`): servers by path, else a server that runs the same tiers with the most
//! components alike (task 0's `srv1` became task 1's `web1`); components by kind and name
//! inside a matched server, else the same component on a new server has *moved* (task 2's
//! `web1.app` went to `app1.app`). Monitoring agents belong to their server and never
//! move. A finding of the same rule on the item that took the old one's role — the entry
//! point users reach, or a host running the same tiers — has moved, not been fixed and
//! introduced again.

mod matching;
mod reasons;

use crate::analysis::Analysis;
use crate::analysis::tier::Tier;
use crate::lint::Finding;
use crate::lint::rules::*;
use crate::model::{Design, Kind, NodeId};
use matching::match_items;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashSet};

/// One design, its analysis and its findings, as the diff sees it.
pub struct Side<'a> {
    pub design: &'a Design,
    pub analysis: &'a Analysis,
    pub findings: &'a [Finding],
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ItemChange {
    pub kind: &'static str,
    pub path: String,
}

/// An item found again under another path: a renamed server, a moved component.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Move {
    pub kind: &'static str,
    pub from: String,
    pub to: String,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct FindingChange {
    pub rule: &'static str,
    pub component: String,
    pub message: String,
}

/// A finding of one rule that went from one item to the item that took its role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FindingMove {
    pub rule: &'static str,
    pub from: String,
    pub to: String,
    pub message: String,
}

/// A tier whose number of instances changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TierChange {
    pub tier: Tier,
    pub before: usize,
    pub after: usize,
}

/// What a new element brings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Property {
    /// A load balancer in front of these backends.
    LoadBalancing { backends: Vec<String> },
    /// More instances of tiers that existed: redundancy and capacity.
    Redundancy { tiers: Vec<Tier> },
    /// A tier on a server of its own.
    Separation { tiers: Vec<Tier> },
    /// A cluster of these members taking over for each other.
    Failover { members: Vec<String> },
    /// Firewalls filtering traffic into these hosts.
    Filtering { hosts: Vec<String> },
    /// A certificate these components serve HTTPS with.
    Encryption { components: Vec<String> },
    /// Monitoring agents on these hosts.
    Visibility { hosts: Vec<String> },
    /// Nothing the diff can name.
    Other,
}

/// Why one group of new elements was added.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reason {
    /// The new items (paths), in declaration order.
    pub items: Vec<String>,
    pub brings: Property,
    /// Old findings these additions removed.
    pub fixes: Vec<FindingChange>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diff {
    pub added: Vec<ItemChange>,
    pub removed: Vec<ItemChange>,
    /// Servers found again under another name.
    pub renamed: Vec<Move>,
    /// Components that went to another server.
    pub moved: Vec<Move>,
    pub fixed: Vec<FindingChange>,
    pub introduced: Vec<FindingChange>,
    pub moved_findings: Vec<FindingMove>,
    pub tiers: Vec<TierChange>,
    pub reasons: Vec<Reason>,
}

impl Diff {
    /// Single points of failure no longer there, and new ones.
    pub fn spofs(&self) -> (Vec<&FindingChange>, Vec<&FindingChange>) {
        fn of_spof(list: &[FindingChange]) -> Vec<&FindingChange> {
            list.iter()
                .filter(|f| f.rule == single_point_of_failure::NAME)
                .collect()
        }
        (of_spof(&self.fixed), of_spof(&self.introduced))
    }
}

/// Kinds worth telling about (not firewall rules, which are part of their firewall).
pub(super) fn tracked(kind: Kind) -> bool {
    !matches!(kind, Kind::Allow | Kind::Deny | Kind::Internet)
}

/// The tiers a server runs (or a component is in).
pub(super) fn tiers(d: &Design, id: NodeId) -> BTreeSet<Tier> {
    match d.node(id).kind {
        Kind::Server => d
            .children(id)
            .into_iter()
            .filter_map(|c| Tier::of(d.node(c).kind))
            .collect(),
        kind => Tier::of(kind).into_iter().collect(),
    }
}

/// Where an item stands, for telling whether a finding moved with its role.
#[derive(Debug, PartialEq, Eq)]
enum Role {
    /// Users reach it (or a component on it) first.
    Entry,
    Tiers(BTreeSet<Tier>),
}

fn role(side: &Side, id: NodeId) -> Role {
    let d = side.design;
    let entry = &side.analysis.entry;
    let first: HashSet<NodeId> = side
        .analysis
        .traffic
        .outgoing(entry.start)
        .into_iter()
        .filter(|(to, _)| entry.admits(*to))
        .flat_map(|(to, _)| [to, d.host(to).unwrap_or(to)])
        .collect();
    if first.contains(&id) {
        Role::Entry
    } else {
        Role::Tiers(tiers(d, id))
    }
}

/// The tier sizes of a design: components users reach on some journey.
pub(super) fn tier_sizes(side: &Side) -> BTreeMap<Tier, usize> {
    let mut sizes = BTreeMap::new();
    for (id, node) in side.design.nodes() {
        if let Some(tier) = Tier::of(node.kind)
            && side.analysis.reach.values().any(|r| r.contains(&id))
        {
            *sizes.entry(tier).or_insert(0) += 1;
        }
    }
    sizes
}

pub fn diff(old: &Side, new: &Side) -> Diff {
    let (od, nd) = (old.design, new.design);
    let matching = match_items(od, nd);
    let counterpart: HashSet<NodeId> = matching.to_new.values().copied().collect();
    let item = |d: &Design, id: NodeId| ItemChange {
        kind: d.node(id).kind.keyword(),
        path: d.node(id).path.clone(),
    };
    let added: Vec<ItemChange> = nd
        .nodes()
        .filter(|(id, n)| tracked(n.kind) && !counterpart.contains(id))
        .map(|(id, _)| item(nd, id))
        .collect();
    let removed: Vec<ItemChange> = od
        .nodes()
        .filter(|(id, n)| tracked(n.kind) && !matching.to_new.contains_key(id))
        .map(|(id, _)| item(od, id))
        .collect();

    // Findings: an old one survives when the same rule fires on its counterpart.
    type Key = (&'static str, Option<NodeId>, String);
    let key_new = |f: &Finding| -> Key {
        match f.node {
            Some(n) => (f.rule, Some(n), String::new()),
            None => (f.rule, None, f.message.clone()),
        }
    };
    let key_old = |f: &Finding| -> Key {
        match f.node {
            Some(n) => (f.rule, matching.to_new.get(&n).copied(), String::new()),
            None => (f.rule, None, f.message.clone()),
        }
    };
    let new_keys: HashSet<Key> = new.findings.iter().map(key_new).collect();
    let old_keys: HashSet<Key> = old.findings.iter().map(key_old).collect();
    let change = |f: &Finding| FindingChange {
        rule: f.rule,
        component: f.component.clone(),
        message: f.message.clone(),
    };
    let mut gone: Vec<&Finding> = old
        .findings
        .iter()
        .filter(|f| !new_keys.contains(&key_old(f)))
        .collect();
    let mut came: Vec<&Finding> = new
        .findings
        .iter()
        .filter(|f| !old_keys.contains(&key_new(f)))
        .collect();
    // Same rule, the item that took the old one's role: moved.
    let mut moved_findings = Vec::new();
    let mut i = 0;
    while i < gone.len() {
        let f = gone[i];
        let (Some(from), true) = (f.node, f.rule != single_point_of_failure::NAME) else {
            i += 1;
            continue;
        };
        let from_role = role(old, from);
        let to = came
            .iter()
            .position(|g| g.rule == f.rule && g.node.is_some_and(|n| role(new, n) == from_role));
        match to {
            Some(j) => {
                let g = came.remove(j);
                moved_findings.push(FindingMove {
                    rule: f.rule,
                    from: f.component.clone(),
                    to: g.component.clone(),
                    message: g.message.clone(),
                });
                gone.remove(i);
            }
            None => i += 1,
        }
    }
    let fixed: Vec<FindingChange> = gone.iter().map(|f| change(f)).collect();
    let introduced: Vec<FindingChange> = came.iter().map(|f| change(f)).collect();

    let (before, after) = (tier_sizes(old), tier_sizes(new));
    let tiers: Vec<TierChange> = before
        .keys()
        .chain(after.keys())
        .copied()
        .collect::<BTreeSet<Tier>>()
        .into_iter()
        .map(|tier| TierChange {
            tier,
            before: before.get(&tier).copied().unwrap_or(0),
            after: after.get(&tier).copied().unwrap_or(0),
        })
        .filter(|t| t.before != t.after)
        .collect();

    let reasons = reasons::reasons(old, new, &matching, &gone, &counterpart);
    Diff {
        added,
        removed,
        renamed: matching.renamed,
        moved: matching.moved,
        fixed,
        introduced,
        moved_findings,
        tiers,
        reasons,
    }
}
