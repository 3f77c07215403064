//! Primary-replica replication: how this design's engine replicates, primary against
//! replica, and what happens when the primary fails.

use super::super::context::Writeup;
use super::super::document::{Section, Spans, link, spans, strong};
use super::super::facts::{described, is_are, known, name, name_list};
use crate::analysis::journey::Journey;
use crate::analysis::pools::cluster_of;
use crate::model::{Access, Edge, Kind, NodeId};

pub fn section(w: &Writeup) -> Option<Section> {
    let d = w.design;
    let pairs: Vec<(NodeId, Vec<NodeId>)> = w
        .of(Kind::Database)
        .into_iter()
        .filter_map(|db| {
            let replicas: Vec<NodeId> = w
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
        let n = replicas.len();
        s.para(spans![
            described(d, *primary),
            " is the ",
            strong("primary"),
            " (also called master) and ",
            name_list(d, replicas),
            " ",
            is_are(n),
            " its ",
            strong(if n == 1 { "replica" } else { "replicas" }),
            " (slave). Every write — an insert, an update, a delete — goes to the primary. ",
            known(d, *primary)
                .and_then(|k| k.replication())
                .unwrap_or_else(|| spans![
                    "The primary records each change in its log; each replica copies the log \
                     and replays it, usually asynchronously, so it holds the same data a \
                     moment later."
                ])
        ]);
        let readers: Vec<Spans> = d
            .flows()
            .filter(|(_, _, to, f)| replicas.contains(to) && f.access == Access::Read)
            .map(|(_, from, to, _)| spans![name(d, from), " reads from ", name(d, to)])
            .collect();
        let spread = if readers.is_empty() {
            spans![" No flow reads from a replica yet, so here it is a warm copy only."]
        } else {
            spans![" Here ", super::super::document::and_list(readers), "."]
        };
        s.para(spans![
            "The difference: the primary accepts reads and writes and is the one source of \
             truth; a replica accepts only reads. Replicas spread the read load and keep a \
             ready copy of the data.",
            spread
        ]);
        s.para(failover(w, *primary, replicas));
    }
    Some(s)
}

/// What happens to writes when the primary fails, as the analysis sees it.
fn failover(w: &Writeup, primary: NodeId, replicas: &[NodeId]) -> Spans {
    let d = w.design;
    let standby = cluster_of(d, primary)
        .filter(|&c| d.node(c).attrs.text("mode") == Some("active_passive"))
        .filter(|&c| replicas.iter().any(|&r| cluster_of(d, r) == Some(c)));
    let host = |n: NodeId| d.host(n).unwrap_or(n);
    let spof = w
        .analysis
        .spofs
        .iter()
        .find(|s| s.journeys.contains(&Journey::Writes) && host(s.node) == host(primary))
        .map(|s| s.node);
    match (standby, spof) {
        (Some(c), None) => {
            let manager = d
                .node(c)
                .attrs
                .text("software")
                .map_or_else(Spans::new, |sw| spans![" (", sw.to_string(), ")"]);
            spans![
                "If the primary fails, the cluster ",
                name(d, c),
                manager,
                " promotes a replica and moves the address to it, so writes resume after a \
                 short failover."
            ]
        }
        (_, Some(spof)) => spans![
            "If the primary fails, reads can go on from the replica, but writes stop until a \
             replica is promoted to primary, by hand or by a failover tool: ",
            name(d, spof),
            " is a single point of failure for writes (see ",
            link("Issues", "issues"),
            ")."
        ],
        (None, None) => spans![
            "If the primary fails, reads can go on from the replica, but writes stop until a \
             replica is promoted to primary, by hand or by a failover tool."
        ],
    }
}
