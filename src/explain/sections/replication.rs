//! Primary-replica replication: how it works, and primary against replica.

use super::super::context::Context;
use super::super::document::{Section, and_list};
use super::super::facts::{described, name, names, pretty_name};
use crate::model::{Access, Edge, Kind, NodeId};

pub fn section(cx: &Context) -> Option<Section> {
    let d = cx.design;
    let pairs: Vec<(NodeId, Vec<NodeId>)> = cx
        .of(Kind::Database)
        .into_iter()
        .filter_map(|db| {
            let replicas: Vec<NodeId> = cx
                .of(Kind::Database)
                .into_iter()
                .filter(|&r| d.related(r, |e| matches!(e, Edge::ReplicaOf)).contains(&db))
                .collect();
            (!replicas.is_empty()).then_some((db, replicas))
        })
        .collect();
    if pairs.is_empty() {
        return None;
    }
    let mut s = Section::new("replication", "Primary-replica replication");
    for (primary, replicas) in &pairs {
        let engine = d
            .node(*primary)
            .attrs
            .text("engine")
            .map(pretty_name)
            .unwrap_or_else(|| "the database".into());
        s.para(format!(
            "{} is the **primary** (also called master) and {} {} its **replica** (slave). \
             Every write — an insert, an update, a delete — goes to the primary, which \
             applies it and records it in its log ({engine} calls it the binary log). Each \
             replica connects to the primary, copies that log and replays it, so it holds \
             the same data a moment later: replication is asynchronous by default, and a \
             replica can lag behind.",
            described(d, *primary),
            and_list(&names(d, replicas)),
            if replicas.len() == 1 { "is" } else { "are" },
        ));
        let readers: Vec<String> = d
            .flows()
            .filter(|(_, _, to, f)| replicas.contains(to) && f.access == Access::Read)
            .map(|(_, from, to, _)| format!("{} reads from {}", name(d, from), name(d, to)))
            .collect();
        s.para(format!(
            "The difference: the primary accepts reads and writes; a replica accepts only \
             reads. Replicas spread the read load{} and keep a ready copy of the data: if \
             the primary fails, writes stop until a replica is promoted to primary (by hand \
             or by a failover tool).",
            if readers.is_empty() {
                String::new()
            } else {
                format!(" (here {})", and_list(&readers))
            }
        ));
    }
    Some(s)
}
