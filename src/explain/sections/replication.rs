//! Primary-replica replication: how this design's engine replicates, primary against
//! replica, and what happens when the primary fails.

use super::super::context::Writeup;
use super::super::document::{Section, Spans, link, spans, strong};
use super::super::facts::{described, is_are, known, name, name_list};
use crate::analysis::journey::Journey;
use crate::analysis::pools::Clusters;
use crate::model::{Access, Edge, EdgeId, Kind, NodeId};
use std::collections::HashMap;

pub fn section(w: &Writeup) -> Option<Section> {
    let d = w.design;
    let pairs = replicas_by_primary(w);
    if pairs.is_empty() {
        return None;
    }
    let index = Index::new(w);
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
        let mut reads: Vec<(EdgeId, NodeId, NodeId)> = replicas
            .iter()
            .flat_map(|r| index.reads.get(r).into_iter().flatten().copied())
            .collect();
        reads.sort();
        reads.dedup();
        let readers: Vec<Spans> = reads
            .into_iter()
            .map(|(_, from, to)| spans![name(d, from), " reads from ", name(d, to)])
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
        s.para(failover(w, &index, *primary, replicas));
    }
    Some(s)
}

/// Each primary with its replicas, primaries and replicas in declaration order: one
/// pass over the databases' replica relations, not one per pair of databases.
fn replicas_by_primary(w: &Writeup) -> Vec<(NodeId, Vec<NodeId>)> {
    let d = w.design;
    let databases = w.of(Kind::Database);
    let mut replicas: HashMap<NodeId, Vec<NodeId>> = HashMap::new();
    for &replica in &databases {
        let mut primaries = d.related(replica, |e| matches!(e, Edge::ReplicaOf));
        primaries.sort();
        primaries.dedup();
        for primary in primaries {
            replicas.entry(primary).or_default().push(replica);
        }
    }
    databases
        .into_iter()
        .filter_map(|db| replicas.remove(&db).map(|r| (db, r)))
        .collect()
}

/// What the paragraphs look up per primary, indexed once for the section: a scan of
/// every flow, cluster or single point of failure per primary would make the section
/// grow with databases × design.
struct Index {
    /// The read flows into each database, as (flow, reader, database), in flow order.
    reads: HashMap<NodeId, Vec<(EdgeId, NodeId, NodeId)>>,
    clusters: Clusters,
    /// The first single point of failure for writes on each host.
    write_spofs: HashMap<NodeId, NodeId>,
}

impl Index {
    fn new(w: &Writeup) -> Index {
        let d = w.design;
        let mut reads: HashMap<NodeId, Vec<(EdgeId, NodeId, NodeId)>> = HashMap::new();
        for (flow, from, to, f) in d.flows() {
            if f.access == Access::Read {
                reads.entry(to).or_default().push((flow, from, to));
            }
        }
        let mut write_spofs = HashMap::new();
        for spof in &w.analysis.spofs {
            if spof.journeys.contains(&Journey::Writes) {
                write_spofs
                    .entry(d.host(spof.node).unwrap_or(spof.node))
                    .or_insert(spof.node);
            }
        }
        Index {
            reads,
            clusters: Clusters::new(d),
            write_spofs,
        }
    }
}

/// What happens to writes when the primary fails, as the analysis sees it.
fn failover(w: &Writeup, index: &Index, primary: NodeId, replicas: &[NodeId]) -> Spans {
    let d = w.design;
    let cluster_of = |item: NodeId| index.clusters.of(d, item);
    let standby = cluster_of(primary)
        .filter(|&c| d.node(c).attrs.text("mode") == Some("active_passive"))
        .filter(|&c| replicas.iter().any(|&r| cluster_of(r) == Some(c)));
    let spof = index
        .write_spofs
        .get(&d.host(primary).unwrap_or(primary))
        .copied();
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
