//! Every item's blast radius at once, from one dominator tree per journey — what
//! `whatif --fail-each` reports, without simulating each item.
//!
//! A journey works while users reach one of its targets; join the targets to one
//! virtual sink per task and a single failure breaks the task exactly when it takes
//! down a vertex that dominates the sink. What a failure cuts off is what it dominates:
//! its subtree in the tree. An item that takes several vertices down at once (a server
//! with its components, a cluster with its members) is, for reachability, the same as
//! the ones among them no other one dominates. When that leaves one vertex, the tree
//! answers at once; when it leaves several (a cluster's members are alternatives), only
//! what they feed, below their deepest common dominator, can change, and that region is
//! searched again with them removed.
//!
//! Cost: one dominator tree per journey, O(E log V); then per item O(its vertices), plus,
//! for an item whose vertices are alternatives of each other, the part of the graph it
//! feeds. The simulation (`whatif::simulate` per item) is the definition; a property test
//! checks this against it on random designs.
//!
//! Pairs ([`pairs`]) are the failures that break a task together but not alone. A
//! root-to-sink path passes the sink's dominators in order, and a pair that cuts it
//! without either member alone must cut the stretch between two consecutive ones; so
//! pairs are only sought among the servers on one such stretch, one dominator tree of
//! that stretch per server on it: O(Σ stretches servers × stretch size) — quadratic in
//! the largest redundant stretch, which is why it is a separate option.

use super::Analysis;
use super::dominators::{Csr, DominatorTree};
use super::journey::{Journey, usable};
use super::whatif::{self, Blast, Task};
use crate::model::{Design, Kind, NodeId};
use petgraph::visit::EdgeRef;
use serde::Serialize;
use std::collections::{BTreeMap, HashSet};

/// Fail every server, cluster and traffic-carrying component alone; worst first.
pub fn fail_each(design: &Design, analysis: &Analysis) -> Vec<Blast> {
    let mut walks = Walk::all(design, analysis);
    let mut blasts: Vec<Blast> = whatif::fail_each_items(design)
        .map(|(id, node)| {
            let lost = lose(design, analysis, &mut walks, id);
            Blast {
                item: node.path.clone(),
                kind: node.kind.keyword(),
                breaks: lost.breaks,
                cut_off: lost.cut_off,
            }
        })
        .collect();
    whatif::rank(&mut blasts);
    blasts
}

/// What one item's failure breaks.
struct Lost {
    breaks: Vec<Task>,
    cut_off: usize,
}

fn lose(design: &Design, analysis: &Analysis, walks: &mut [Walk], item: NodeId) -> Lost {
    let down = whatif::down(design, &[item]);
    let mut broken = [false; Task::ALL.len()];
    let mut cut_off = 0;
    for walk in walks.iter_mut() {
        let vertices = traffic_vertices(analysis, &down);
        let cut = walk.cuts.cut(&vertices, &walk.sinks);
        for (i, &(task, _)) in walk.tasks.iter().enumerate() {
            broken[task_index(task)] |= cut.sinks[i];
        }
        if walk.journey == Journey::Requests {
            cut_off = cut.counted;
        }
    }
    Lost {
        breaks: Task::ALL
            .into_iter()
            .filter(|&t| broken[task_index(t)])
            .collect(),
        cut_off,
    }
}

fn task_index(task: Task) -> usize {
    Task::ALL.iter().position(|&t| t == task).unwrap_or(0)
}

/// One journey's traffic as the simulation walks it: the hops the journey may use, from
/// the entry, with one virtual sink per task joined from each of its targets.
struct Walk {
    journey: Journey,
    /// The tasks walked on this journey that worked with nothing down.
    tasks: Vec<(Task, usize)>,
    /// Their sinks' vertices, in the same order.
    sinks: Vec<usize>,
    cuts: Cuts,
}

impl Walk {
    fn all(design: &Design, analysis: &Analysis) -> Vec<Walk> {
        Journey::ALL
            .into_iter()
            .map(|journey| Walk::new(design, analysis, journey))
            .collect()
    }

    /// Vertices are the traffic graph's node indices; the sinks come after them.
    fn new(design: &Design, analysis: &Analysis, journey: Journey) -> Walk {
        let traffic = &analysis.traffic;
        let entry = &analysis.entry;
        let n = traffic.graph.node_count();
        let mut edges: Vec<(u32, u32)> = traffic
            .graph
            .edge_references()
            .filter(|e| {
                let (from, to) = (traffic.graph[e.source()], traffic.graph[e.target()]);
                usable(design, entry, journey, from, to, e.weight().access)
            })
            .map(|e| (e.source().index() as u32, e.target().index() as u32))
            .collect();
        let mut tasks = Vec::new();
        for task in Task::ALL.into_iter().filter(|t| t.journey() == journey) {
            let targets = whatif::needs(design, task, whatif::before(analysis, journey));
            if targets.is_empty() {
                continue; // a task the design never supported cannot break
            }
            let sink = n + tasks.len();
            for target in targets {
                if let Some(ix) = traffic.index_of(target) {
                    edges.push((ix.index() as u32, sink as u32));
                }
            }
            tasks.push((task, sink));
        }
        let graph = Csr::new(n + tasks.len(), &edges);
        let root = traffic
            .index_of(entry.start)
            .map_or(usize::MAX, |ix| ix.index());
        let counted: Vec<bool> = (0..n + tasks.len())
            .map(|v| {
                v < n
                    && design
                        .node(traffic.graph[petgraph::graph::NodeIndex::new(v)])
                        .kind
                        .is_component()
            })
            .collect();
        let sinks = tasks.iter().map(|&(_, s)| s).collect();
        Walk {
            journey,
            tasks,
            sinks,
            cuts: Cuts::new(graph, root, counted),
        }
    }
}

/// The traffic vertices of the items in `down`.
fn traffic_vertices(analysis: &Analysis, down: &HashSet<NodeId>) -> Vec<usize> {
    down.iter()
        .filter_map(|&id| analysis.traffic.index_of(id))
        .map(|ix| ix.index())
        .collect()
}

/// A graph from a root, with its dominator tree: what taking a set of vertices out
/// cuts off.
struct Cuts {
    graph: Csr,
    preds: Csr,
    root: usize,
    tree: DominatorTree,
    /// Vertices that count (components, for "cut off").
    counted: Vec<bool>,
    /// Counted vertices before each dominator-tree preorder position.
    counted_before: Vec<u32>,
    marks: Marks,
}

/// What removing a set of vertices cuts off.
struct Cut {
    /// For each sink asked about: users can no longer reach it.
    sinks: Vec<bool>,
    /// Counted vertices users can no longer reach, the removed ones excepted.
    counted: usize,
}

impl Cuts {
    fn new(graph: Csr, root: usize, counted: Vec<bool>) -> Cuts {
        let tree = DominatorTree::new(&graph, root);
        let mut counted_before = vec![0u32; graph.len() + 1];
        for (i, &v) in tree.preorder_vertices().iter().enumerate() {
            counted_before[i + 1] = counted_before[i] + u32::from(counted[v as usize]);
        }
        let preds = graph.reversed();
        let marks = Marks::new(graph.len());
        Cuts {
            graph,
            preds,
            root,
            tree,
            counted,
            counted_before,
            marks,
        }
    }

    fn counted_under(&self, v: usize) -> usize {
        self.tree.preorder(v).map_or(0, |(lo, hi)| {
            (self.counted_before[hi as usize] - self.counted_before[lo as usize]) as usize
        })
    }

    /// Take `down` out (vertices the root does not reach, and the root itself, which
    /// users always stand on, change nothing) and see what users lose.
    fn cut(&mut self, down: &[usize], sinks: &[usize]) -> Cut {
        let mut down: Vec<usize> = down
            .iter()
            .copied()
            .filter(|&v| v != self.root && v < self.graph.len() && self.tree.reachable(v))
            .collect();
        down.sort_by_key(|&v| self.tree.preorder(v).map_or(0, |(lo, _)| lo));
        down.dedup();
        let down_counted = down.iter().filter(|&&v| self.counted[v]).count();
        // Of the vertices taken out, those no other one dominates: the others are cut
        // off by them anyway.
        let mut minimal: Vec<usize> = Vec::new();
        for &v in &down {
            if minimal.last().is_none_or(|&m| !self.tree.dominates(m, v)) {
                minimal.push(v);
            }
        }
        match minimal.as_slice() {
            [] => Cut {
                sinks: vec![false; sinks.len()],
                counted: 0,
            },
            &[d] => Cut {
                sinks: sinks.iter().map(|&s| self.tree.dominates(d, s)).collect(),
                counted: self.counted_under(d) - down_counted,
            },
            _ => self.search(&down, &minimal, sinks),
        }
    }

    /// Several alternatives taken out at once: only what they feed below their deepest
    /// common dominator can be cut off. Collect that region, find the part of it users
    /// still enter from outside, and spread from there.
    fn search(&mut self, down: &[usize], minimal: &[usize], sinks: &[usize]) -> Cut {
        let Some(top) = self.tree.common_dominator(minimal) else {
            return Cut {
                sinks: vec![false; sinks.len()],
                counted: 0,
            };
        };
        let Some((lo, hi)) = self.tree.preorder(top) else {
            return Cut {
                sinks: vec![false; sinks.len()],
                counted: 0,
            };
        };
        let stamp = self.marks.next();
        let marks = &mut self.marks;
        let below = |v: usize| {
            self.tree
                .preorder(v)
                .is_some_and(|(p, _)| p >= lo && p < hi)
        };
        // The region: everything the removed vertices reach without leaving `top`'s subtree.
        let mut region: Vec<usize> = minimal.to_vec();
        for &v in minimal {
            marks.region[v] = stamp;
        }
        let mut i = 0;
        while i < region.len() {
            let v = region[i];
            i += 1;
            for &w in self.graph.next(v) {
                let w = w as usize;
                if marks.region[w] != stamp && below(w) {
                    marks.region[w] = stamp;
                    region.push(w);
                }
            }
        }
        for &v in down {
            marks.down[v] = stamp;
        }
        // Entered from outside the region (from something still reached) or the root.
        let mut queue: Vec<usize> = Vec::new();
        for &v in &region {
            if marks.down[v] == stamp {
                continue;
            }
            let entered = v == self.root
                || self.preds.next(v).iter().any(|&p| {
                    let p = p as usize;
                    marks.region[p] != stamp && marks.down[p] != stamp && self.tree.reachable(p)
                });
            if entered {
                marks.reached[v] = stamp;
                queue.push(v);
            }
        }
        while let Some(v) = queue.pop() {
            for &w in self.graph.next(v) {
                let w = w as usize;
                if marks.region[w] == stamp && marks.down[w] != stamp && marks.reached[w] != stamp {
                    marks.reached[w] = stamp;
                    queue.push(w);
                }
            }
        }
        let lost = |v: usize| {
            marks.region[v] == stamp && marks.reached[v] != stamp && marks.down[v] != stamp
        };
        Cut {
            sinks: sinks.iter().map(|&s| lost(s)).collect(),
            counted: region
                .iter()
                .filter(|&&v| self.counted[v] && lost(v))
                .count(),
        }
    }
}

/// Per-vertex marks for one search, cleared by moving to the next stamp.
struct Marks {
    stamp: u32,
    region: Vec<u32>,
    down: Vec<u32>,
    reached: Vec<u32>,
}

impl Marks {
    fn new(n: usize) -> Marks {
        Marks {
            stamp: 0,
            region: vec![0; n],
            down: vec![0; n],
            reached: vec![0; n],
        }
    }

    fn next(&mut self) -> u32 {
        self.stamp += 1;
        self.stamp
    }
}

/// Two servers whose failure together breaks tasks that neither breaks alone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Pair {
    pub items: [String; 2],
    pub breaks: Vec<Task>,
}

/// Every pair of servers that breaks a task together that neither breaks alone; the
/// most tasks first, then by name.
pub fn pairs(design: &Design, analysis: &Analysis) -> Vec<Pair> {
    let mut walks = Walk::all(design, analysis);
    let servers: Vec<NodeId> = design.nodes_of(Kind::Server).map(|(id, _)| id).collect();
    // What each server breaks alone, and its traffic vertices.
    let alone: Vec<[bool; 4]> = servers
        .iter()
        .map(|&s| {
            let lost = lose(design, analysis, &mut walks, s);
            let mut broken = [false; 4];
            for t in lost.breaks {
                broken[task_index(t)] = true;
            }
            broken
        })
        .collect();
    let vertices: Vec<Vec<usize>> = servers
        .iter()
        .map(|&s| traffic_vertices(analysis, &whatif::down(design, &[s])))
        .collect();
    let mut found: BTreeMap<(usize, usize), [bool; 4]> = BTreeMap::new();
    for walk in &walks {
        for &(task, sink) in &walk.tasks {
            let t = task_index(task);
            let candidates: Vec<usize> = (0..servers.len()).filter(|&s| !alone[s][t]).collect();
            for (a, b) in walk.cuts.pairs_cutting(sink, &candidates, &vertices) {
                found.entry((a, b)).or_default()[t] = true;
            }
        }
    }
    let mut pairs: Vec<Pair> = found
        .into_iter()
        .map(|((a, b), broken)| {
            let mut items = [
                design.node(servers[a]).path.clone(),
                design.node(servers[b]).path.clone(),
            ];
            items.sort();
            Pair {
                items,
                breaks: Task::ALL
                    .into_iter()
                    .filter(|&t| broken[task_index(t)])
                    .collect(),
            }
        })
        .collect();
    pairs.sort_by(|a, b| {
        b.breaks
            .len()
            .cmp(&a.breaks.len())
            .then_with(|| a.items.cmp(&b.items))
    });
    pairs
}

impl Cuts {
    /// Pairs among `candidates` (indexes into `vertices`, each candidate's vertices)
    /// whose vertices together cut `sink` off, each pair once as (lower, higher).
    fn pairs_cutting(
        &self,
        sink: usize,
        candidates: &[usize],
        vertices: &[Vec<usize>],
    ) -> Vec<(usize, usize)> {
        if !self.tree.reachable(sink) {
            return Vec::new();
        }
        let n = self.graph.len();
        // The sink's dominators, root first: every path passes them in this order.
        let mut chain = vec![sink];
        while let Some(d) = self.tree.immediate(*chain.last().unwrap_or(&sink)) {
            chain.push(d);
        }
        chain.reverse();
        let mut on_chain = vec![usize::MAX; n];
        for (i, &c) in chain.iter().enumerate() {
            on_chain[c] = i;
        }
        // On some path to the sink: reached, and reaching it.
        let mut leads = vec![false; n];
        let mut stack = vec![sink];
        leads[sink] = true;
        while let Some(v) = stack.pop() {
            for &p in self.preds.next(v) {
                let p = p as usize;
                if !leads[p] && self.tree.reachable(p) {
                    leads[p] = true;
                    stack.push(p);
                }
            }
        }
        // The stretch of each vertex on a path: the deepest chain vertex above it.
        let mut stretch = vec![usize::MAX; n];
        let mut in_stretch: Vec<Vec<usize>> = vec![Vec::new(); chain.len()];
        for &v in self.tree.preorder_vertices() {
            let v = v as usize;
            if on_chain[v] != usize::MAX {
                continue;
            }
            if let Some(d) = self.tree.immediate(v) {
                stretch[v] = if on_chain[d] != usize::MAX {
                    on_chain[d]
                } else {
                    stretch[d]
                };
                if leads[v] && stretch[v] != usize::MAX {
                    in_stretch[stretch[v]].push(v);
                }
            }
        }
        // Candidates by stretch, with their vertices there.
        let mut by_stretch: BTreeMap<usize, Vec<(usize, Vec<usize>)>> = BTreeMap::new();
        for &c in candidates {
            let mut here: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
            let mut on_chain_too = false;
            for &v in &vertices[c] {
                if v >= n || !leads[v] || v == self.root {
                    continue;
                }
                if on_chain[v] != usize::MAX {
                    on_chain_too = true; // breaks the task alone: not a pair's business
                } else if stretch[v] != usize::MAX {
                    here.entry(stretch[v]).or_default().push(v);
                }
            }
            if on_chain_too {
                continue;
            }
            for (s, vs) in here {
                by_stretch.entry(s).or_default().push((c, vs));
            }
        }
        let mut found = Vec::new();
        let mut local = vec![u32::MAX; n];
        for (s, members) in by_stretch {
            if members.len() < 2 || s + 1 >= chain.len() {
                continue;
            }
            let (from, to) = (chain[s], chain[s + 1]);
            let inside = |v: usize| v == from || v == to || (leads[v] && stretch[v] == s);
            // The stretch as its own graph: `from` is 0, `to` 1, the rest after.
            let mut global = vec![from, to];
            local[from] = 0;
            local[to] = 1;
            for (_, vs) in &members {
                for &v in vs {
                    if local[v] == u32::MAX {
                        local[v] = global.len() as u32;
                        global.push(v);
                    }
                }
            }
            // Every vertex of the stretch, not only the candidates'.
            for &v in &in_stretch[s] {
                if local[v] == u32::MAX {
                    local[v] = global.len() as u32;
                    global.push(v);
                }
            }
            let mut edges = Vec::new();
            for (lv, &v) in global.iter().enumerate() {
                if v == to {
                    continue;
                }
                for &w in self.graph.next(v) {
                    let w = w as usize;
                    if inside(w) && w != from {
                        edges.push((lv as u32, local[w]));
                    }
                }
            }
            for (i, (a, a_vertices)) in members.iter().enumerate() {
                let removed: HashSet<u32> = a_vertices.iter().map(|&v| local[v]).collect();
                let kept: Vec<(u32, u32)> = edges
                    .iter()
                    .copied()
                    .filter(|(_, w)| !removed.contains(w))
                    .collect();
                let mut without_a =
                    Cuts::new(Csr::new(global.len(), &kept), 0, vec![false; global.len()]);
                for (b, b_vertices) in &members[i + 1..] {
                    let down: Vec<usize> = b_vertices.iter().map(|&v| local[v] as usize).collect();
                    if without_a.cut(&down, &[1]).sinks[0] {
                        found.push(((*a).min(*b), (*a).max(*b)));
                    }
                }
            }
            for &v in &global {
                local[v] = u32::MAX;
            }
        }
        found
    }
}
