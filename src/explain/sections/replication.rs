//! Primary-replica replication: how this design's engine replicates, primary against
//! replica, and what happens when the primary fails.

use super::super::context::Writeup;
use super::super::document::{Section, Spans, and_list, link, spans, strong, thousands};
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
    if pairs.len() > PRIMARIES_IN_FULL {
        many(w, &index, &pairs, &mut s);
        return Some(s);
    }
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
        s.para(difference(w, &index, replicas));
        s.para(failover(w, &index, *primary, replicas));
    }
    Some(s)
}

/// Up to this many primaries are each explained in their own paragraphs; a design with
/// more (a sharded fleet) gets the explanation once, over all of them.
const PRIMARIES_IN_FULL: usize = 3;

/// The primary's role against the replica's, and who reads from `replicas`.
fn difference(w: &Writeup, index: &Index, replicas: &[NodeId]) -> Spans {
    let d = w.design;
    let mut reads: Vec<(EdgeId, NodeId, NodeId)> = replicas
        .iter()
        .flat_map(|r| index.reads.get(r).into_iter().flatten().copied())
        .collect();
    reads.sort();
    reads.dedup();
    let spread = if reads.is_empty() {
        spans![" No flow reads from a replica yet, so here it is a warm copy only."]
    } else {
        let readers = reads
            .into_iter()
            .map(|(_, from, to)| spans![name(d, from), " reads from ", name(d, to)]);
        spans![" Here ", and_list(readers), "."]
    };
    spans![
        "The difference: the primary accepts reads and writes and is the one source of \
         truth; a replica accepts only reads. Replicas spread the read load and keep a \
         ready copy of the data.",
        spread
    ]
}

/// Many primaries, explained once: which they are, how their engines replicate, who
/// reads from the replicas, and what a failed primary means, primaries grouped by that
/// outcome.
fn many(w: &Writeup, index: &Index, pairs: &[(NodeId, Vec<NodeId>)], s: &mut Section) {
    let d = w.design;
    let primaries: Vec<NodeId> = pairs.iter().map(|(p, _)| *p).collect();
    let replicas: Vec<NodeId> = pairs.iter().flat_map(|(_, r)| r.iter().copied()).collect();
    let engine = known(d, primaries[0])
        .filter(|&first| primaries.iter().all(|&p| known(d, p) == Some(first)))
        .and_then(|k| k.replication())
        .unwrap_or_else(|| {
            spans![
                "Each primary records each change in its log; each replica copies the log \
                 and replays it, usually asynchronously, so it holds the same data a moment \
                 later."
            ]
        });
    let each = pairs
        .iter()
        .map(|(primary, replicas)| spans![name_list(d, replicas), " of ", name(d, *primary)]);
    s.para(spans![
        format!("This design has {} ", thousands(primaries.len())),
        strong("primaries"),
        " (also called masters), each with its ",
        strong("replicas"),
        " (slaves): ",
        and_list(each),
        ". Every write — an insert, an update, a delete — goes to a primary. ",
        engine
    ]);
    s.para(difference(w, index, &replicas));
    // Grouped by the kind of outcome: a single point of failure is one per primary, so
    // it is worded for the group, not named.
    let mut outcomes: Vec<(Outcome, Vec<NodeId>)> = Vec::new();
    for (primary, replicas) in pairs {
        let outcome = outcome(w, index, *primary, replicas);
        match outcomes.iter_mut().find(|(o, _)| o.alike(&outcome)) {
            Some((_, group)) => group.push(*primary),
            None => outcomes.push((outcome, vec![*primary])),
        }
    }
    for (outcome, group) in outcomes {
        let text = worded(w, outcome, true);
        s.para(spans!["For ", name_list(d, &group), ": ", text]);
    }
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

/// What happens to writes when a primary fails.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Outcome {
    /// An active-passive cluster holds the primary and a replica: it fails over.
    Standby(NodeId),
    /// The analysis finds a single point of failure for writes on the primary's host.
    Spof(NodeId),
    /// Neither: a replica is promoted by hand or by a tool the design does not show.
    ByHand,
}

impl Outcome {
    /// Whether two primaries' outcomes read the same for a group: a single point of
    /// failure is each primary's own, so any two are alike.
    fn alike(&self, other: &Outcome) -> bool {
        matches!((self, other), (Outcome::Spof(_), Outcome::Spof(_))) || self == other
    }
}

/// The outcome for `primary`, as the analysis sees it.
fn outcome(w: &Writeup, index: &Index, primary: NodeId, replicas: &[NodeId]) -> Outcome {
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
        (Some(c), None) => Outcome::Standby(c),
        (_, Some(spof)) => Outcome::Spof(spof),
        (None, None) => Outcome::ByHand,
    }
}

/// What happens to writes when the primary fails, in a sentence.
fn failover(w: &Writeup, index: &Index, primary: NodeId, replicas: &[NodeId]) -> Spans {
    worded(w, outcome(w, index, primary, replicas), false)
}

/// An outcome in words, of one primary or, with `group`, of each of a group of them
/// (then a single point of failure is "each", not named).
fn worded(w: &Writeup, outcome: Outcome, group: bool) -> Spans {
    let d = w.design;
    let (fails, its) = if group {
        ("if one of them fails, ", "its")
    } else {
        ("If the primary fails, ", "the")
    };
    match outcome {
        Outcome::Standby(c) => {
            let manager = d
                .node(c)
                .attrs
                .text("software")
                .map_or_else(Spans::new, |sw| spans![" (", sw.to_string(), ")"]);
            spans![
                fails,
                "the cluster ",
                name(d, c),
                manager,
                " promotes a replica and moves the address to it, so writes resume after a \
                 short failover."
            ]
        }
        Outcome::Spof(spof) => spans![
            fails,
            format!("reads can go on from {its} replica, but writes stop until a "),
            "replica is promoted to primary, by hand or by a failover tool: ",
            if group { spans!["each"] } else { name(d, spof) },
            " is a single point of failure for writes (see ",
            link("Issues", "issues"),
            ")."
        ],
        Outcome::ByHand => spans![
            fails,
            format!("reads can go on from {its} replica, but writes stop until a "),
            "replica is promoted to primary, by hand or by a failover tool."
        ],
    }
}
