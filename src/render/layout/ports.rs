//! Phase 3: where each net touches its boxes — which face, and at what height.
//!
//! A component's row is reached at the end of the row that faces the rest of the net
//! (its left or right side). A box without rows, a server as a whole or a cluster's frame
//! as a receiver is reached on its top or bottom face, wherever the line arrives, so an
//! entry straight below its sender is one straight line. When several nets meet at one
//! row they get slots a few pixels apart — incoming above, outgoing below — so each net
//! leaves or enters on its own line: a chain a → b → c is two arrows at b, not one.

use super::blocks::{Blocks, Kind};
use super::place::{self, Extent};
use super::spacing::{ATTACH_GAP, EDGE_INSET, GROUP_PAD, LABEL_GAP, MEMBER_GAP, PORT_SPREAD, SLOT};
use super::{Graph, Owner, Port};
use rustc_hash::FxHashMap as HashMap;
use std::cmp::Ordering;

/// The face of a box a net end uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Face {
    Left,
    Right,
    Top,
    Bottom,
}

impl Face {
    pub fn is_side(self) -> bool {
        matches!(self, Face::Left | Face::Right)
    }
}

/// One place where a net touches a box: its face and, on a side, the height of its stub
/// (rank-relative, slot included).
#[derive(Debug, Clone, Copy)]
pub struct Attach {
    pub owner: Owner,
    pub face: Face,
    pub y: f64,
}

/// A spoke's end: where it attaches, its rank, and whether it is a flow inside the hub's
/// own box (row to row).
#[derive(Debug, Clone, Copy)]
pub struct SpokeEnd {
    pub at: Attach,
    pub rank: usize,
    pub internal: bool,
}

/// Where one net touches its boxes.
#[derive(Debug, Clone, Default)]
pub struct NetEnds {
    /// The hub's end towards the channel below (spokes below it or in its rank).
    pub hub_down: Option<Attach>,
    /// The hub's end towards the channel above.
    pub hub_up: Option<Attach>,
    /// The hub's end for flows to rows of its own box.
    pub hub_inner: Option<Attach>,
    pub spokes: Vec<SpokeEnd>,
}

/// Every net's ends, and what the top and bottom faces of each box must make room for.
#[derive(Debug, Default)]
pub struct Ends {
    pub nets: Vec<NetEnds>,
    places: Vec<LabelPlace>,
    dummy_rooms: HashMap<usize, f64>,
    /// Where each end on a face is expected, from the owner's left edge (from a first,
    /// rough placement), so placement can line those ends up rather than box centres.
    face_at: HashMap<(usize, Slot), f64>,
}

/// An end of a net: the hub's towards the channel below or above, or a spoke's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Slot {
    HubDown,
    HubUp,
    Spoke(usize),
}

/// A side end before slotting: its owner, face, height, net, and which way its line goes
/// (-1 up, +1 down) so slots keep lines from crossing.
struct Request {
    owner: Owner,
    face: Face,
    y: f64,
    net: usize,
    direction: f64,
}

impl Ends {
    pub fn new(graph: &Graph, blocks: &Blocks) -> Ends {
        let centre = rough_centres(graph, blocks);
        let mut ends = Ends {
            nets: Vec::with_capacity(graph.nets.len()),
            ..Ends::default()
        };
        let mut requests = Vec::new();
        for (i, net) in graph.nets.iter().enumerate() {
            ends.nets
                .push(net_ends(graph, blocks, &centre, i, net, &mut requests));
        }
        ends.slot(requests);
        ends.decide_labels(graph, blocks);
        ends.expect_faces(graph, blocks, &centre);
        ends
    }

    /// The expected x of an end on a face, from its owner's left edge.
    pub fn face_at(&self, net: usize, slot: Slot) -> Option<f64> {
        self.face_at.get(&(net, slot)).copied()
    }

    /// Order each face's ends by where the rest of their net is (roughly) and spread them
    /// over the face as the final placement will.
    fn expect_faces(&mut self, graph: &Graph, blocks: &Blocks, centre: &Centres) {
        // Per face: (net, end, x of its partner, room for its label).
        type Expected = (usize, Slot, f64, f64);
        let mut faces: HashMap<(Owner, Face), Vec<Expected>> = HashMap::default();
        for (i, e) in self.nets.iter().enumerate() {
            let h = blocks.hub_rank[i];
            let chain = &blocks.chains[i];
            let lane = |r: usize| chain.get(&r).map(|&b| centre.block(b));
            let towards = |rank_ok: &dyn Fn(usize) -> bool| {
                let xs: Vec<f64> = e
                    .spokes
                    .iter()
                    .zip(&graph.nets[i].spokes)
                    .filter(|(s, _)| !s.internal && rank_ok(s.rank))
                    .map(|(_, p)| centre.owner(p.owner))
                    .collect();
                xs.iter().sum::<f64>() / xs.len().max(1) as f64
            };
            let room = match (self.places[i], graph.nets[i].label) {
                (LabelPlace::Band(_), Some((w, _))) => LABEL_GAP + w,
                _ => 0.0,
            };
            if let Some(at) = e.hub_down.filter(|a| !a.face.is_side()) {
                let x = lane(h + 1).unwrap_or_else(|| towards(&|s| s >= h));
                faces
                    .entry((at.owner, at.face))
                    .or_default()
                    .push((i, Slot::HubDown, x, room));
            }
            if let Some(at) = e.hub_up.filter(|a| !a.face.is_side()) {
                let x = h
                    .checked_sub(1)
                    .and_then(lane)
                    .unwrap_or_else(|| towards(&|s| s < h));
                let room = if e.hub_down.is_some() { 0.0 } else { room };
                faces
                    .entry((at.owner, at.face))
                    .or_default()
                    .push((i, Slot::HubUp, x, room));
            }
            let hub_x = centre.owner(graph.nets[i].hub.owner);
            for (j, spoke) in e.spokes.iter().enumerate() {
                if spoke.internal || spoke.at.face.is_side() {
                    continue;
                }
                let s = spoke.rank;
                let x = match s.cmp(&h) {
                    Ordering::Greater => lane(s - 1),
                    Ordering::Less => lane(s + 1),
                    Ordering::Equal => None,
                }
                .unwrap_or(hub_x);
                faces
                    .entry((spoke.at.owner, spoke.at.face))
                    .or_default()
                    .push((i, Slot::Spoke(j), x, 0.0));
            }
        }
        for ((owner, _), mut list) in faces {
            let (left, width) = match owner {
                Owner::Node(n) => (
                    centre.owner(owner) - graph.nodes[n].width / 2.0,
                    graph.nodes[n].width,
                ),
                Owner::Group(_) => (
                    centre.owner(owner) - centre.half(owner),
                    2.0 * centre.half(owner),
                ),
            };
            list.sort_by(|a, b| a.2.total_cmp(&b.2).then(a.0.cmp(&b.0)));
            let mut x = EDGE_INSET;
            let total: f64 = list.iter().map(|e| e.3 + ATTACH_GAP).sum::<f64>() - ATTACH_GAP;
            let slack = (width - 2.0 * EDGE_INSET - total).max(0.0);
            // Each end as near its partner as the order allows, within the face.
            for (k, &(net, slot, want, room)) in list.iter().enumerate() {
                let earliest = x;
                let latest =
                    EDGE_INSET + slack + list[..k].iter().map(|e| e.3 + ATTACH_GAP).sum::<f64>();
                let at = (want - left).clamp(earliest, latest.max(earliest));
                self.face_at.insert((net, slot), at);
                x = at + room + ATTACH_GAP;
            }
        }
    }

    /// Spread side ends that share a port: each net gets its own height, up-going lines
    /// above down-going ones.
    fn slot(&mut self, mut requests: Vec<Request>) {
        requests.sort_by(|a, b| {
            (a.owner, a.face)
                .cmp(&(b.owner, b.face))
                .then(a.y.total_cmp(&b.y))
                .then(a.net.cmp(&b.net))
        });
        // Requests of one net at one port are one end.
        requests.dedup_by(|b, a| {
            let same =
                a.owner == b.owner && a.face == b.face && a.net == b.net && (a.y - b.y).abs() < 0.5;
            if same {
                a.direction += b.direction;
            }
            same
        });
        let mut offsets: HashMap<(Owner, Face, usize, u64), f64> = HashMap::default();
        let mut start = 0;
        while start < requests.len() {
            let first = &requests[start];
            let mut end = start + 1;
            while end < requests.len()
                && requests[end].owner == first.owner
                && requests[end].face == first.face
                && (requests[end].y - first.y).abs() < 0.5
            {
                end += 1;
            }
            let group = &mut requests[start..end];
            group.sort_by(|a, b| a.direction.total_cmp(&b.direction).then(a.net.cmp(&b.net)));
            let k = group.len();
            let step = if k > 1 {
                SLOT.min(2.0 * PORT_SPREAD / (k - 1) as f64)
            } else {
                0.0
            };
            for (i, r) in group.iter().enumerate() {
                let offset = (i as f64 - (k - 1) as f64 / 2.0) * step;
                offsets.insert((r.owner, r.face, r.net, r.y.to_bits()), offset);
            }
            start = end;
        }
        let apply = |at: &mut Attach, net: usize| {
            if at.face.is_side()
                && let Some(offset) = offsets.get(&(at.owner, at.face, net, at.y.to_bits()))
            {
                at.y += offset;
            }
        };
        for (i, ends) in self.nets.iter_mut().enumerate() {
            for at in [&mut ends.hub_down, &mut ends.hub_up, &mut ends.hub_inner]
                .into_iter()
                .flatten()
            {
                apply(at, i);
            }
            for spoke in &mut ends.spokes {
                apply(&mut spoke.at, i);
            }
        }
    }

    /// Each node's width, and each group frame's least width, widened where a top or
    /// bottom face must hold more ends (and labels) than it is wide.
    pub fn widths(&self, graph: &Graph) -> (Vec<f64>, Vec<f64>) {
        // Per face, each net's end once, with the room its label needs.
        let mut faces: HashMap<(Owner, Face), HashMap<usize, f64>> = HashMap::default();
        for (i, ends) in self.nets.iter().enumerate() {
            let band = match self.label_place(i) {
                LabelPlace::Band(face) => Some(face),
                _ => None,
            };
            let label_room = graph.nets[i].label.map_or(0.0, |(w, _)| LABEL_GAP + w);
            let hubs = [ends.hub_down, ends.hub_up]
                .into_iter()
                .flatten()
                .map(|at| {
                    (
                        at,
                        if band == Some(at.face) {
                            label_room
                        } else {
                            0.0
                        },
                    )
                });
            for (at, room) in hubs.chain(ends.spokes.iter().map(|s| (s.at, 0.0))) {
                if !at.face.is_side() {
                    let r = faces
                        .entry((at.owner, at.face))
                        .or_default()
                        .entry(i)
                        .or_insert(0.0);
                    *r = r.max(room);
                }
            }
        }
        let mut widths: Vec<f64> = graph.nodes.iter().map(|n| n.width).collect();
        let mut groups = vec![0.0; graph.groups.len()];
        for ((owner, _), nets) in faces {
            let need = 2.0 * EDGE_INSET - ATTACH_GAP
                + nets.values().map(|room| ATTACH_GAP + room).sum::<f64>();
            match owner {
                Owner::Node(n) => widths[n] = widths[n].max(need.ceil()),
                Owner::Group(g) => groups[g] = f64::max(groups[g], need.ceil()),
            }
        }
        (widths, groups)
    }

    /// Where net `i`'s label sits: beside its hub's gutter segment; beside its first dummy
    /// column, in the middle of the edge, when the hub is reached on a face and the net
    /// passes ranks; else under (over) the hub's box, beside its line, within the box's
    /// width where only that box's own lines pass.
    pub fn label_place(&self, i: usize) -> LabelPlace {
        self.places.get(i).copied().unwrap_or(LabelPlace::None)
    }

    /// Room a dummy column keeps to its right for a label.
    pub fn dummy_room(&self, block: usize) -> f64 {
        self.dummy_rooms.get(&block).copied().unwrap_or(0.0)
    }

    fn decide_labels(&mut self, graph: &Graph, blocks: &Blocks) {
        let heights = blocks.rank_heights(graph);
        self.places = Vec::with_capacity(graph.nets.len());
        for (i, net) in graph.nets.iter().enumerate() {
            let e = &self.nets[i];
            let Some((w, h)) = net.label else {
                self.places.push(LabelPlace::None);
                continue;
            };
            let hub = blocks.hub_rank[i];
            let chain = &blocks.chains[i];
            let dummy = |r: Option<usize>| {
                r.and_then(|r| chain.get(&r).copied().filter(|_| heights[r] >= h + 2.0))
            };
            let place = match (e.hub_down, e.hub_up) {
                (Some(at), _) if at.face.is_side() => LabelPlace::Gutter,
                (None, Some(at)) if at.face.is_side() => LabelPlace::Gutter,
                (None, None) => LabelPlace::Gutter,
                (Some(at), _) => match dummy(Some(hub + 1)) {
                    Some(b) => LabelPlace::Dummy(b),
                    None => LabelPlace::Band(at.face),
                },
                (None, Some(at)) => match dummy(hub.checked_sub(1)) {
                    Some(b) => LabelPlace::Dummy(b),
                    None => LabelPlace::Band(at.face),
                },
            };
            if let LabelPlace::Dummy(b) = place {
                let room = self.dummy_rooms.entry(b).or_insert(0.0);
                *room = room.max(LABEL_GAP + w + 2.0);
            }
            self.places.push(place);
        }
    }
}

/// Where a net's label sits.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum LabelPlace {
    None,
    Gutter,
    Dummy(usize),
    Band(Face),
}

fn net_ends(
    graph: &Graph,
    blocks: &Blocks,
    centre: &Centres,
    i: usize,
    net: &super::Net,
    requests: &mut Vec<Request>,
) -> NetEnds {
    let h = blocks.hub_rank[i];
    let hub = net.hub;
    let hub_y = blocks.top_offset(graph, hub.owner) + hub.y;
    let hub_x = centre.owner(hub.owner);
    let internal = |s: &Port| s.owner == hub.owner;
    let has_internal = net.spokes.iter().any(internal);
    // A cluster sends from the side of its frame; a box reached through its own rows too.
    let hub_edge = hub.edge && !matches!(hub.owner, Owner::Group(_)) && !has_internal;
    let external: Vec<&Port> = net.spokes.iter().filter(|s| !internal(s)).collect();
    let mean =
        external.iter().map(|s| centre.owner(s.owner)).sum::<f64>() / external.len().max(1) as f64;
    let hub_side = if !external.is_empty() && mean < hub_x {
        Face::Left
    } else {
        Face::Right
    };
    let hub_exit = match (hub_edge, hub_side) {
        (true, _) => hub_x,
        (false, Face::Left) => hub_x - centre.half(hub.owner),
        (false, _) => hub_x + centre.half(hub.owner),
    };
    let ranks: Vec<usize> = external
        .iter()
        .map(|s| blocks.rank_of_owner(s.owner))
        .collect();
    let mut ends = NetEnds::default();
    let side = |face: Face| Attach {
        owner: hub.owner,
        face,
        y: hub_y,
    };
    if ranks.iter().any(|&s| s >= h) {
        ends.hub_down = Some(if hub_edge {
            side(Face::Bottom)
        } else {
            requests.push(request(side(hub_side), i, 1.0));
            side(hub_side)
        });
    }
    if ranks.iter().any(|&s| s < h) {
        ends.hub_up = Some(if hub_edge {
            side(Face::Top)
        } else {
            requests.push(request(side(hub_side), i, -1.0));
            side(hub_side)
        });
    }
    for spoke in &net.spokes {
        let s = blocks.rank_of_owner(spoke.owner);
        let y = blocks.top_offset(graph, spoke.owner) + spoke.y;
        if internal(spoke) {
            let direction = (y - hub_y).signum();
            let inner = side(Face::Left);
            ends.hub_inner = Some(inner);
            requests.push(request(inner, i, direction));
            let at = Attach {
                owner: spoke.owner,
                face: Face::Left,
                y,
            };
            requests.push(request(at, i, -direction));
            ends.spokes.push(SpokeEnd {
                at,
                rank: s,
                internal: true,
            });
            continue;
        }
        let from_above = s > h;
        let face = if spoke.edge {
            if from_above { Face::Top } else { Face::Bottom }
        } else {
            // Face where the net comes from: the hub's exit, or its lane.
            let lane = match s.cmp(&h) {
                Ordering::Greater => s - 1,
                Ordering::Less => s + 1,
                Ordering::Equal => h,
            };
            let toward = if lane == h {
                hub_exit
            } else {
                centre.block(blocks.chains[i][&lane])
            };
            if toward < centre.owner(spoke.owner) {
                Face::Left
            } else {
                Face::Right
            }
        };
        let at = Attach {
            owner: spoke.owner,
            face,
            y,
        };
        if face.is_side() {
            requests.push(request(at, i, if from_above { -1.0 } else { 1.0 }));
        }
        ends.spokes.push(SpokeEnd {
            at,
            rank: s,
            internal: false,
        });
    }
    ends
}

fn request(at: Attach, net: usize, direction: f64) -> Request {
    Request {
        owner: at.owner,
        face: at.face,
        y: at.y,
        net,
        direction,
    }
}

/// Centres from a first placement without gutters, to choose faces.
pub struct Centres {
    blocks: Vec<f64>,
    nodes: Vec<f64>,
    groups: Vec<f64>,
    node_half: Vec<f64>,
    group_half: Vec<f64>,
}

impl Centres {
    pub fn owner(&self, owner: Owner) -> f64 {
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
    let (up, down) = blocks.centre_pulls(&extents);
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
