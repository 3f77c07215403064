//! Matching the items of two designs: by path, else servers that run the same tiers
//! with the most components alike, components by kind and name inside a matched server,
//! else the same component on a new server (a move). Monitoring agents never move.

use super::{Move, tiers, tracked};
use crate::model::{Design, Kind, NodeId};
use std::collections::{BTreeMap, HashMap, HashSet};

/// Old items mapped to their counterparts in the new design.
pub(super) struct Matching {
    pub to_new: HashMap<NodeId, NodeId>,
    pub renamed: Vec<Move>,
    pub moved: Vec<Move>,
}

pub(super) fn match_items(old: &Design, new: &Design) -> Matching {
    let mut to_new: HashMap<NodeId, NodeId> = HashMap::new();
    let mut taken: HashSet<NodeId> = HashSet::new();
    // Everything that keeps its path is itself.
    for (id, node) in old.nodes().filter(|(_, n)| tracked(n.kind)) {
        if let Some(n) = new.find(&node.path)
            && new.node(n).kind == node.kind
        {
            to_new.insert(id, n);
            taken.insert(n);
        }
    }
    // Servers under another name: the same tiers, the most components alike.
    let mut renamed = Vec::new();
    let old_servers: Vec<NodeId> = old
        .nodes_of(Kind::Server)
        .map(|(id, _)| id)
        .filter(|id| !to_new.contains_key(id))
        .collect();
    for server in old_servers {
        let wanted = tiers(old, server);
        if wanted.is_empty() {
            continue;
        }
        let best = new
            .nodes_of(Kind::Server)
            .map(|(id, _)| id)
            .filter(|id| !taken.contains(id) && tiers(new, *id) == wanted)
            .max_by_key(|&candidate| {
                (
                    likeness(old, server, new, candidate),
                    std::cmp::Reverse(candidate),
                )
            });
        if let Some(found) = best {
            to_new.insert(server, found);
            taken.insert(found);
            renamed.push(Move {
                kind: Kind::Server.keyword(),
                from: old.node(server).path.clone(),
                to: new.node(found).path.clone(),
            });
        }
    }
    // Components inside matched servers: by name, else the only one of their kind.
    let servers: Vec<(NodeId, NodeId)> = to_new
        .iter()
        .filter(|(o, _)| old.node(**o).kind == Kind::Server)
        .map(|(o, n)| (*o, *n))
        .collect::<BTreeMap<_, _>>()
        .into_iter()
        .collect();
    for (o_server, n_server) in &servers {
        for c in old.children(*o_server) {
            if to_new.contains_key(&c) || !old.node(c).kind.is_component() {
                continue;
            }
            let node = old.node(c);
            let same_kind: Vec<NodeId> = new
                .children(*n_server)
                .into_iter()
                .filter(|n| !taken.contains(n) && new.node(*n).kind == node.kind)
                .collect();
            let by_name = same_kind
                .iter()
                .copied()
                .find(|&n| new.node(n).name == node.name);
            let only = (same_kind.len() == 1
                && old
                    .children(*o_server)
                    .iter()
                    .filter(|&&x| old.node(x).kind == node.kind)
                    .count()
                    == 1)
                .then(|| same_kind[0]);
            if let Some(n) = by_name.or(only) {
                to_new.insert(c, n);
                taken.insert(n);
            }
        }
    }
    // Components that went to a new server: same kind and name, alike first.
    let mut moved = Vec::new();
    let unmatched: Vec<NodeId> = old
        .nodes()
        .filter(|(id, n)| {
            n.kind.is_component() && n.kind != Kind::MonitoringAgent && !to_new.contains_key(id)
        })
        .map(|(id, _)| id)
        .collect();
    for c in unmatched {
        let node = old.node(c);
        let candidates: Vec<NodeId> = new
            .nodes()
            .filter(|(id, n)| !taken.contains(id) && n.kind == node.kind && n.name == node.name)
            .map(|(id, _)| id)
            .collect();
        let pick = candidates
            .iter()
            .copied()
            .find(|&n| configured_alike_across(old, c, new, n))
            .or(candidates.first().copied());
        if let Some(n) = pick {
            to_new.insert(c, n);
            taken.insert(n);
            moved.push(Move {
                kind: node.kind.keyword(),
                from: node.path.clone(),
                to: new.node(n).path.clone(),
            });
        }
    }
    Matching {
        to_new,
        renamed,
        moved,
    }
}

/// How alike two servers of two designs are: components of one kind and name, counting
/// double when configured alike.
fn likeness(old: &Design, a: NodeId, new: &Design, b: NodeId) -> usize {
    old.children(a)
        .into_iter()
        .filter(|&c| old.node(c).kind.is_component())
        .map(|c| {
            let node = old.node(c);
            new.children(b)
                .into_iter()
                .find(|&n| new.node(n).kind == node.kind && new.node(n).name == node.name)
                .map_or(0, |n| {
                    if configured_alike_across(old, c, new, n) {
                        2
                    } else {
                        1
                    }
                })
        })
        .sum()
}

/// Configured alike (`analysis::alike`) across two designs: references compared by path.
fn configured_alike_across(old: &Design, a: NodeId, new: &Design, b: NodeId) -> bool {
    use crate::model::value::AttrValue;
    fn canon(d: &Design, v: &AttrValue) -> String {
        match v {
            AttrValue::Ref(id) => format!("ref:{}", d.node(*id).path),
            AttrValue::List(items) => items
                .iter()
                .map(|i| canon(d, i))
                .collect::<Vec<_>>()
                .join(","),
            other => format!("{other:?}"),
        }
    }
    let (x, y) = (old.node(a), new.node(b));
    x.kind == y.kind
        && x.attrs.iter().count() == y.attrs.iter().count()
        && x.attrs.iter().all(|attr| {
            y.attrs
                .get(attr.key)
                .is_some_and(|v| canon(new, v) == canon(old, &attr.value))
        })
}
