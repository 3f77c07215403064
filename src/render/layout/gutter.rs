//! Phase 3: which side of its box each port leaves from, and the vertical tracks in the
//! gutters beside boxes.
//!
//! A port's segment runs in the gutter from its row to the rank's bottom (towards a
//! channel below), from the rank's top (from a channel above), or, for a flow between two
//! rows of the same box, from row to row. Segments on one side of one box share tracks
//! when their heights do not overlap; shorter segments sit nearer the box, so stubs from
//! the box cross as few tracks as possible.

use super::blocks::{Blocks, Kind};
use super::place::{self, Extent};
use super::spacing::{GROUP_PAD, MEMBER_GAP, TRACK, TRACK_MARGIN};
use super::{Graph, Owner, Rect};
use std::collections::HashMap;

/// Between a line and the label beside it.
pub const LABEL_GAP: f64 = 3.0;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Side {
    Left,
    Right,
}

/// A segment in a stack: `key` names the stack, `index` the segment within it.
#[derive(Debug, Clone, Copy)]
pub struct SegRef {
    pub key: (Owner, Side),
    pub index: usize,
}

/// A spoke's segment, and whether it is a flow inside one box.
#[derive(Debug, Clone, Copy)]
pub struct SpokeSeg {
    pub seg: SegRef,
    pub internal: bool,
}

#[derive(Debug, Default)]
pub struct NetSegs {
    /// Towards the channel below (spokes below or beside the hub).
    pub hub_down: Option<SegRef>,
    /// Towards the channel above.
    pub hub_up: Option<SegRef>,
    pub spokes: Vec<SpokeSeg>,
}

#[derive(Debug, Default)]
struct Stack {
    /// (top, bottom, label width, label height), rank-relative.
    segs: Vec<(f64, f64, f64, f64)>,
    track_of: Vec<usize>,
    widths: Vec<f64>,
}

impl Stack {
    fn push(&mut self, top: f64, bottom: f64, label: (f64, f64)) -> usize {
        self.segs
            .push((top.min(bottom), top.max(bottom), label.0, label.1));
        self.segs.len() - 1
    }

    /// First fit, shortest segments first (nearest the box). Labelled segments (flows
    /// inside one box) get the outermost tracks of their own, their label outside the
    /// line, so no other stub crosses a label.
    fn assign(&mut self) {
        let mut sequence: Vec<usize> = (0..self.segs.len()).collect();
        sequence.sort_by(|&a, &b| {
            let (sa, sb) = (self.segs[a], self.segs[b]);
            (sa.2 > 0.0)
                .cmp(&(sb.2 > 0.0))
                .then((sa.1 - sa.0).total_cmp(&(sb.1 - sb.0)))
                .then(sa.0.total_cmp(&sb.0))
                .then(a.cmp(&b))
        });
        let mut tracks: Vec<(bool, Vec<(f64, f64)>)> = Vec::new();
        self.track_of = vec![0; self.segs.len()];
        for s in sequence {
            let (top, bottom, room, height) = self.segs[s];
            let labelled = room > 0.0;
            // A label sits beside the middle of its segment and may stand out of it.
            let mid = (top + bottom) / 2.0;
            let (top, bottom) = if labelled {
                (top.min(mid - height / 2.0), bottom.max(mid + height / 2.0))
            } else {
                (top, bottom)
            };
            let free = |t: &(bool, Vec<(f64, f64)>)| {
                t.0 == labelled && t.1.iter().all(|&(a, b)| bottom <= a || b <= top)
            };
            let track = match tracks.iter().position(free) {
                Some(t) => t,
                None => {
                    tracks.push((labelled, Vec::new()));
                    self.widths.push(TRACK);
                    tracks.len() - 1
                }
            };
            tracks[track].1.push((top, bottom));
            if labelled {
                self.widths[track] = self.widths[track].max(TRACK / 2.0 + LABEL_GAP + room);
            }
            self.track_of[s] = track;
        }
    }

    fn width(&self) -> f64 {
        if self.widths.is_empty() {
            0.0
        } else {
            TRACK_MARGIN + self.widths.iter().sum::<f64>()
        }
    }

    /// Distance from the box edge to a segment's line (at the inner side of its track).
    fn offset(&self, index: usize) -> f64 {
        let track = self.track_of[index];
        TRACK_MARGIN + self.widths[..track].iter().sum::<f64>() + TRACK / 2.0
    }
}

#[derive(Debug, Default)]
pub struct Gutters {
    stacks: HashMap<(Owner, Side), Stack>,
    pub nets: Vec<NetSegs>,
}

/// Final horizontal positions.
#[derive(Debug)]
pub struct Columns {
    /// Each block's core left edge.
    pub block_x: Vec<f64>,
    pub node_x: Vec<f64>,
    /// Each group's frame: left edge and width.
    pub group_x: Vec<(f64, f64)>,
}

impl Gutters {
    pub fn new(graph: &Graph, blocks: &Blocks) -> Gutters {
        let centre = rough_centres(graph, blocks);
        let heights = blocks.rank_heights(graph);
        let mut gutters = Gutters::default();
        for (i, net) in graph.nets.iter().enumerate() {
            let h = blocks.hub_rank[i];
            let hub_y = blocks.top_offset(graph, net.hub.owner) + net.hub.y;
            let hub_x = centre.owner(net.hub.owner);
            let mut segs = NetSegs::default();
            let external: Vec<f64> = net
                .spokes
                .iter()
                .filter(|s| s.owner != net.hub.owner)
                .map(|s| centre.owner(s.owner))
                .collect();
            let hub_side = if !external.is_empty()
                && external.iter().sum::<f64>() / (external.len() as f64) < hub_x
            {
                Side::Left
            } else {
                Side::Right
            };
            let hub_exit = match hub_side {
                Side::Left => hub_x - centre.half(net.hub.owner),
                Side::Right => hub_x + centre.half(net.hub.owner),
            };
            let ranks: Vec<usize> = net
                .spokes
                .iter()
                .filter(|s| s.owner != net.hub.owner)
                .map(|s| blocks.rank_of_owner(s.owner))
                .collect();
            if ranks.iter().any(|&s| s >= h) {
                let key = (net.hub.owner, hub_side);
                let index = gutters.stack(key).push(hub_y, heights[h], (0.0, 0.0));
                segs.hub_down = Some(SegRef { key, index });
            }
            if ranks.iter().any(|&s| s < h) {
                let key = (net.hub.owner, hub_side);
                let index = gutters.stack(key).push(0.0, hub_y, (0.0, 0.0));
                segs.hub_up = Some(SegRef { key, index });
            }
            let room = net.label.unwrap_or((0.0, 0.0));
            for spoke in &net.spokes {
                let s = blocks.rank_of_owner(spoke.owner);
                let y = blocks.top_offset(graph, spoke.owner) + spoke.y;
                let internal = spoke.owner == net.hub.owner;
                let (side, top, bottom, room) = if internal {
                    (Side::Left, hub_y, y, room)
                } else {
                    // Face the lane the spoke connects to.
                    // Face where the net comes from: the hub's exit, or its lane.
                    let lane = match s.cmp(&h) {
                        std::cmp::Ordering::Greater => s - 1,
                        std::cmp::Ordering::Less => s + 1,
                        std::cmp::Ordering::Equal => h,
                    };
                    let toward = if lane == h {
                        hub_exit
                    } else {
                        centre.block(blocks.chains[i][&lane])
                    };
                    let side = if toward < centre.owner(spoke.owner) {
                        Side::Left
                    } else {
                        Side::Right
                    };
                    let (top, bottom) = if s > h { (0.0, y) } else { (y, heights[s]) };
                    (side, top, bottom, (0.0, 0.0))
                };
                let key = (spoke.owner, side);
                let index = gutters.stack(key).push(top, bottom, room);
                segs.spokes.push(SpokeSeg {
                    seg: SegRef { key, index },
                    internal,
                });
            }
            gutters.nets.push(segs);
        }
        let mut keys: Vec<(Owner, Side)> = gutters.stacks.keys().copied().collect();
        keys.sort_unstable();
        for key in keys {
            if let Some(stack) = gutters.stacks.get_mut(&key) {
                stack.assign();
            }
        }
        gutters
    }

    fn stack(&mut self, key: (Owner, Side)) -> &mut Stack {
        self.stacks.entry(key).or_default()
    }

    fn width(&self, owner: Owner, side: Side) -> f64 {
        self.stacks.get(&(owner, side)).map_or(0.0, Stack::width)
    }

    /// Each block's extent, gutters included.
    pub fn extents(&self, graph: &Graph, blocks: &Blocks) -> Vec<Extent> {
        blocks
            .kinds
            .iter()
            .map(|kind| match *kind {
                Kind::Node(n) => Extent {
                    before: self.width(Owner::Node(n), Side::Left),
                    core: graph.nodes[n].width,
                    after: self.width(Owner::Node(n), Side::Right),
                },
                Kind::Group(g) => {
                    let members = &blocks.members[g];
                    let inner: f64 = members
                        .iter()
                        .map(|&m| {
                            self.width(Owner::Node(m), Side::Left)
                                + graph.nodes[m].width
                                + self.width(Owner::Node(m), Side::Right)
                        })
                        .sum();
                    let gaps = members.len().saturating_sub(1) as f64 * MEMBER_GAP;
                    Extent {
                        before: self.width(Owner::Group(g), Side::Left),
                        core: (inner + gaps + 2.0 * GROUP_PAD).max(graph.groups[g].min_width),
                        after: self.width(Owner::Group(g), Side::Right),
                    }
                }
                Kind::Dummy => Extent::default(),
            })
            .collect()
    }

    /// Where everything sits horizontally, from each block's placed left edge.
    pub fn columns(
        &self,
        graph: &Graph,
        blocks: &Blocks,
        extents: &[Extent],
        left: &[f64],
    ) -> Columns {
        let mut columns = Columns {
            block_x: left.to_vec(),
            node_x: vec![0.0; graph.nodes.len()],
            group_x: vec![(0.0, 0.0); graph.groups.len()],
        };
        for (b, kind) in blocks.kinds.iter().enumerate() {
            match *kind {
                Kind::Node(n) => columns.node_x[n] = left[b],
                Kind::Group(g) => {
                    columns.group_x[g] = (left[b], extents[b].core);
                    let mut cursor = left[b] + GROUP_PAD;
                    for &m in &blocks.members[g] {
                        cursor += self.width(Owner::Node(m), Side::Left);
                        columns.node_x[m] = cursor;
                        cursor += graph.nodes[m].width
                            + self.width(Owner::Node(m), Side::Right)
                            + MEMBER_GAP;
                    }
                }
                Kind::Dummy => {}
            }
        }
        columns
    }

    /// The x of a segment's track.
    pub fn track_x(&self, seg: SegRef, edge: (f64, f64)) -> f64 {
        let offset = self
            .stacks
            .get(&seg.key)
            .map_or(TRACK_MARGIN, |s| s.offset(seg.index));
        match seg.key.1 {
            Side::Left => edge.0 - offset,
            Side::Right => edge.1 + offset,
        }
    }
}

impl Columns {
    /// The left and right edges of an owner.
    pub fn span(&self, graph: &Graph, owner: Owner) -> (f64, f64) {
        match owner {
            Owner::Node(n) => (self.node_x[n], self.node_x[n] + graph.nodes[n].width),
            Owner::Group(g) => (self.group_x[g].0, self.group_x[g].0 + self.group_x[g].1),
        }
    }

    pub fn rect(&self, graph: &Graph, owner: Owner, y: f64, h: f64) -> Rect {
        let (x0, x1) = self.span(graph, owner);
        Rect {
            x: x0,
            y,
            w: x1 - x0,
            h,
        }
    }
}

/// Centres from a first placement without gutters, to choose port sides.
struct Centres {
    blocks: Vec<f64>,
    nodes: Vec<f64>,
    groups: Vec<f64>,
    node_half: Vec<f64>,
    group_half: Vec<f64>,
}

impl Centres {
    fn owner(&self, owner: Owner) -> f64 {
        match owner {
            Owner::Node(n) => self.nodes[n],
            Owner::Group(g) => self.groups[g],
        }
    }
    fn block(&self, b: usize) -> f64 {
        self.blocks[b]
    }
    fn half(&self, owner: Owner) -> f64 {
        match owner {
            Owner::Node(n) => self.node_half[n],
            Owner::Group(g) => self.group_half[g],
        }
    }
}

fn rough_centres(graph: &Graph, blocks: &Blocks) -> Centres {
    let extents: Vec<Extent> = (0..blocks.kinds.len())
        .map(|b| Extent {
            before: 0.0,
            core: blocks.rough_width(graph, b),
            after: 0.0,
        })
        .collect();
    let (up, down) = blocks.weighted_neighbours();
    let left = place::place(&blocks.order, &extents, |a, b| blocks.gap(a, b), &up, &down);
    let mut centres = Centres {
        blocks: left
            .iter()
            .zip(&extents)
            .map(|(x, e)| x + e.core / 2.0)
            .collect(),
        nodes: vec![0.0; graph.nodes.len()],
        groups: vec![0.0; graph.groups.len()],
        node_half: graph.nodes.iter().map(|n| n.width / 2.0).collect(),
        group_half: vec![0.0; graph.groups.len()],
    };
    for (b, kind) in blocks.kinds.iter().enumerate() {
        match *kind {
            Kind::Node(n) => centres.nodes[n] = centres.blocks[b],
            Kind::Group(g) => {
                centres.groups[g] = centres.blocks[b];
                centres.group_half[g] = extents[b].core / 2.0;
                let mut cursor = left[b] + GROUP_PAD;
                for &m in &blocks.members[g] {
                    centres.nodes[m] = cursor + graph.nodes[m].width / 2.0;
                    cursor += graph.nodes[m].width + MEMBER_GAP;
                }
            }
            Kind::Dummy => {}
        }
    }
    centres
}
