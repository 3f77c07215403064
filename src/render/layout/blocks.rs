//! Phase 1: ranks, blocks and dummy chains.
//!
//! A block is what the ordering moves: a lone node, a whole group (its members stay
//! together, in the order written), or a dummy — a vertical lane a net uses to pass
//! through a rank. A net's dummies form a chain from its hub's rank towards its farthest
//! spokes; each spoke branches off the chain in the channel next to its own rank, so a
//! net to forty backends uses one lane per rank, not forty.

use super::place::{Extent, Tie};
use super::spacing::{BLOCK_GAP, DUMMY_GAP, GROUP_PAD, MEMBER_GAP};
use super::{Graph, Owner, Port};
use rustc_hash::FxHashMap as HashMap;
use std::collections::{BTreeMap, BTreeSet};

/// Per block, its neighbours in one adjacent rank and how each pulls.
pub type Adjacency = Vec<Vec<Tie>>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Node(usize),
    Group(usize),
    Dummy,
}

#[derive(Debug)]
pub struct Blocks {
    pub kinds: Vec<Kind>,
    pub rank_of: Vec<usize>,
    /// Blocks of each rank, left to right.
    pub order: Vec<Vec<usize>>,
    /// Block graph between rank r and r + 1, for ordering and placement.
    pub links: Vec<Vec<(usize, usize)>>,
    /// Each node's rank (after closing gaps) and block.
    pub node_rank: Vec<usize>,
    pub node_block: Vec<usize>,
    pub group_block: Vec<usize>,
    /// Members of each group, in order.
    pub members: Vec<Vec<usize>>,
    /// Per net: the chain's block at each rank it covers (hub rank included).
    pub chains: Vec<BTreeMap<usize, usize>>,
    /// Per net: the hub's rank.
    pub hub_rank: Vec<usize>,
    /// How strongly each link pulls its ends into line (the strongest net using it).
    pub weight: HashMap<(usize, usize), f64>,
    /// Every link of every net, with what it joins at each end, for placement to line up
    /// the ports themselves rather than the boxes' centres.
    pub pulls: Vec<Pull>,
}

/// What a link joins at one end: the net's hub, a dummy of its chain, or one spoke.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    Hub,
    Dummy,
    Spoke(usize),
}

/// One link of one net between rank `r` (upper) and `r + 1` (lower).
#[derive(Debug, Clone, Copy)]
pub struct Pull {
    pub net: usize,
    pub upper: (usize, End),
    pub lower: (usize, End),
    pub weight: f64,
}

impl Blocks {
    pub fn new(graph: &Graph) -> Blocks {
        let mut members = vec![Vec::new(); graph.groups.len()];
        for (n, node) in graph.nodes.iter().enumerate() {
            if let Some(g) = node.group.filter(|&g| g < graph.groups.len()) {
                members[g].push(n);
            }
        }
        // A group sits at its first member's rank; its members follow it.
        let mut raw: Vec<usize> = graph.nodes.iter().map(|n| n.rank).collect();
        for list in &members {
            if let Some(&first) = list.first() {
                for &m in list {
                    raw[m] = graph.nodes[first].rank;
                }
            }
        }
        let used: BTreeSet<usize> = raw.iter().copied().collect();
        let dense: BTreeMap<usize, usize> = used.iter().enumerate().map(|(i, &r)| (r, i)).collect();
        let node_rank: Vec<usize> = raw.iter().map(|r| dense[r]).collect();
        let ranks = used.len();

        let mut blocks = Blocks {
            kinds: Vec::new(),
            rank_of: Vec::new(),
            order: vec![Vec::new(); ranks],
            links: vec![Vec::new(); ranks.saturating_sub(1)],
            node_rank,
            node_block: vec![0; graph.nodes.len()],
            group_block: vec![0; graph.groups.len()],
            members,
            chains: Vec::with_capacity(graph.nets.len()),
            hub_rank: Vec::with_capacity(graph.nets.len()),
            weight: HashMap::default(),
            pulls: Vec::new(),
        };
        for (n, node) in graph.nodes.iter().enumerate() {
            match node.group.filter(|&g| g < graph.groups.len()) {
                Some(g) if blocks.members[g].first() == Some(&n) => {
                    let b = blocks.push(Kind::Group(g), blocks.node_rank[n]);
                    blocks.group_block[g] = b;
                    for &m in &blocks.members[g] {
                        blocks.node_block[m] = b;
                    }
                }
                Some(_) => {}
                None => blocks.node_block[n] = blocks.push(Kind::Node(n), blocks.node_rank[n]),
            }
        }
        for (i, net) in graph.nets.iter().enumerate() {
            blocks.chain(i, net.hub, &net.spokes, net.weight);
        }
        for list in &mut blocks.links {
            list.sort_unstable();
            list.dedup();
        }
        blocks
    }

    fn push(&mut self, kind: Kind, rank: usize) -> usize {
        let b = self.kinds.len();
        self.kinds.push(kind);
        self.rank_of.push(rank);
        self.order[rank].push(b);
        b
    }

    pub fn block_of(&self, owner: Owner) -> usize {
        match owner {
            Owner::Node(n) => self.node_block[n],
            Owner::Group(g) => self.group_block[g],
        }
    }

    pub fn rank_of_owner(&self, owner: Owner) -> usize {
        self.rank_of[self.block_of(owner)]
    }

    /// Build a net's dummy chain and its links.
    fn chain(&mut self, net: usize, hub: Port, spokes: &[Port], weight: f64) {
        let h = self.rank_of_owner(hub.owner);
        let mut chain = BTreeMap::new();
        chain.insert(h, self.block_of(hub.owner));
        let lowest = spokes
            .iter()
            .map(|s| self.rank_of_owner(s.owner))
            .max()
            .unwrap_or(h);
        let highest = spokes
            .iter()
            .map(|s| self.rank_of_owner(s.owner))
            .min()
            .unwrap_or(h);
        for r in (h + 1..lowest).chain(highest + 1..h) {
            let dummy = self.push(Kind::Dummy, r);
            chain.insert(r, dummy);
        }
        let end_at = |r: usize| if r == h { End::Hub } else { End::Dummy };
        let ranks: Vec<(usize, usize)> = chain.iter().map(|(&r, &b)| (r, b)).collect();
        for pair in ranks.windows(2) {
            if pair[1].0 == pair[0].0 + 1 {
                let (upper, lower) = (
                    (pair[0].1, end_at(pair[0].0)),
                    (pair[1].1, end_at(pair[1].0)),
                );
                self.link(pair[0].0, net, upper, lower, weight);
            }
        }
        for (j, spoke) in spokes.iter().enumerate() {
            let s = self.rank_of_owner(spoke.owner);
            let block = self.block_of(spoke.owner);
            if s > h {
                let upper = (chain[&(s - 1)], end_at(s - 1));
                self.link(s - 1, net, upper, (block, End::Spoke(j)), weight);
            } else if s < h {
                let lower = (chain[&(s + 1)], end_at(s + 1));
                self.link(s, net, (block, End::Spoke(j)), lower, weight);
            }
        }
        self.hub_rank.push(h);
        self.chains.push(chain);
    }

    fn link(
        &mut self,
        rank: usize,
        net: usize,
        upper: (usize, End),
        lower: (usize, End),
        weight: f64,
    ) {
        let pair = (upper.0, lower.0);
        self.pulls.push(Pull {
            net,
            upper,
            lower,
            weight,
        });
        self.links[rank].push(pair);
        let w = self.weight.entry(pair).or_insert(0.0);
        *w = w.max(weight);
    }

    /// Each block's neighbours above and below, pulling centre to centre (for the first,
    /// rough placement, before ports are known).
    pub fn centre_pulls(&self, extents: &[Extent]) -> (Adjacency, Adjacency) {
        let mut up = vec![Vec::new(); self.kinds.len()];
        let mut down = vec![Vec::new(); self.kinds.len()];
        for &(a, b) in self.links.iter().flatten() {
            let weight = self.weight.get(&(a, b)).copied().unwrap_or(1.0);
            let (ca, cb) = (extents[a].core / 2.0, extents[b].core / 2.0);
            down[a].push(Tie {
                other: b,
                weight,
                own: ca,
                theirs: cb,
            });
            up[b].push(Tie {
                other: a,
                weight,
                own: cb,
                theirs: ca,
            });
        }
        (up, down)
    }

    /// Room between two neighbouring blocks, beyond their own extents.
    pub fn gap(&self, a: usize, b: usize) -> f64 {
        if self.kinds[a] == Kind::Dummy || self.kinds[b] == Kind::Dummy {
            DUMMY_GAP
        } else {
            BLOCK_GAP
        }
    }

    /// A rough extent for the first placement, before gutters are known.
    pub fn rough_width(&self, graph: &Graph, block: usize) -> f64 {
        match self.kinds[block] {
            Kind::Node(n) => graph.nodes[n].width,
            Kind::Group(g) => {
                let inner: f64 = self.members[g].iter().map(|&m| graph.nodes[m].width).sum();
                let gaps = self.members[g].len().saturating_sub(1) as f64 * MEMBER_GAP;
                (inner + gaps + 2.0 * GROUP_PAD).max(graph.groups[g].min_width)
            }
            Kind::Dummy => 0.0,
        }
    }

    /// Height of each rank: its tallest block.
    pub fn rank_heights(&self, graph: &Graph) -> Vec<f64> {
        let mut heights = vec![0.0f64; self.order.len()];
        for (b, kind) in self.kinds.iter().enumerate() {
            let h = match *kind {
                Kind::Node(n) => graph.nodes[n].height,
                Kind::Group(g) => self.group_height(graph, g),
                Kind::Dummy => 0.0,
            };
            let r = self.rank_of[b];
            heights[r] = heights[r].max(h);
        }
        heights
    }

    pub fn group_height(&self, graph: &Graph, g: usize) -> f64 {
        let tallest = self.members[g]
            .iter()
            .map(|&m| graph.nodes[m].height)
            .fold(0.0, f64::max);
        graph.groups[g].header + tallest + GROUP_PAD
    }

    /// Where an owner's top edge sits below its rank's top.
    pub fn top_offset(&self, graph: &Graph, owner: Owner) -> f64 {
        match owner {
            Owner::Node(n) => match graph.nodes[n].group {
                Some(g) if g < graph.groups.len() => graph.groups[g].header,
                _ => 0.0,
            },
            Owner::Group(_) => 0.0,
        }
    }
}
