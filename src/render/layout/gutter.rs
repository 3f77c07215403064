//! Phase 4: the vertical tracks in the gutters beside boxes, and the labels beside them.
//!
//! A side end's segment runs in the gutter from its row to the rank's bottom (towards a
//! channel below), from the rank's top (from a channel above), or, for a flow between two
//! rows of one box, from row to row. Segments of one net may share a track; different nets
//! share one only far apart ([`SHARE_GAP`]), so no line reads as another's continuation.
//! Shorter segments sit nearer the box, so stubs cross as few tracks as possible.
//!
//! A net whose hub is reached at a side carries its label beside the hub's segment, on the
//! far side of the line, in a track of its own width: only stubs running further out could
//! cross it, and a labelled segment takes no track whose stubs would.

use super::blocks::{Blocks, End, Kind};
use super::place::{Extent, Tie};
use super::ports::{Attach, Ends, Face, LabelPlace, Slot};
use super::spacing::{GROUP_PAD, LABEL_GAP, MEMBER_GAP, SHARE_GAP, TRACK, TRACK_MARGIN};
use super::{Graph, Owner, Rect};
use rustc_hash::FxHashMap as HashMap;

/// A segment in a stack: `key` names the stack, `index` the segment within it.
#[derive(Debug, Clone, Copy)]
pub struct SegRef {
    pub key: (Owner, Face),
    pub index: usize,
}

/// Each net's segments: the hub's, and one per spoke reached at a side (None for a spoke
/// reached on its top or bottom face).
#[derive(Debug, Default)]
pub struct NetSegs {
    pub hub_down: Option<SegRef>,
    pub hub_up: Option<SegRef>,
    pub spokes: Vec<Option<SegRef>>,
    /// The segment the net's label sits beside, and the label's centre (rank-relative).
    pub label: Option<(SegRef, f64)>,
}

#[derive(Debug, Clone, Copy)]
struct Seg {
    top: f64,
    bottom: f64,
    net: usize,
    /// Heights of the stubs joining the segment to its box.
    stubs: [f64; 2],
    /// The label's width and its range of heights, if the label sits beside it.
    label: Option<(f64, f64, f64)>,
}

impl Seg {
    fn extent(&self) -> (f64, f64) {
        match self.label {
            Some((_, lo, hi)) => (self.top.min(lo), self.bottom.max(hi)),
            None => (self.top, self.bottom),
        }
    }
}

#[derive(Debug, Default)]
struct Track {
    labelled: bool,
    /// (top, bottom, net) of the segments on it.
    taken: Vec<(f64, f64, usize)>,
    stubs: Vec<f64>,
    labels: Vec<(f64, f64)>,
}

#[derive(Debug, Default)]
struct Stack {
    segs: Vec<Seg>,
    track_of: Vec<usize>,
    widths: Vec<f64>,
}

/// How near a stub may pass a label's top or bottom.
const LABEL_CLEAR: f64 = 2.0;

impl Stack {
    fn push(&mut self, seg: Seg) -> usize {
        self.segs.push(seg);
        self.segs.len() - 1
    }

    /// Where segment `index`'s label of height `h` goes: beside the segment, within its
    /// box's height `band`, and clear of every other stub on this side (a stub runs from
    /// the box out to its track, so one further out would cross the label); nearest the
    /// segment's middle.
    fn label_centre(&self, index: usize, h: f64, band: (f64, f64)) -> f64 {
        let seg = &self.segs[index];
        let half = h / 2.0 + LABEL_CLEAR;
        let (lo, hi) = (band.0 + h / 2.0 + 1.0, band.1 - h / 2.0 - 1.0);
        if lo > hi {
            return (band.0 + band.1) / 2.0;
        }
        let mid = ((seg.top + seg.bottom) / 2.0).clamp(lo, hi);
        let (from, to) = (seg.top.max(lo).min(hi), seg.bottom.min(hi).max(lo));
        let mut stubs: Vec<f64> = self
            .segs
            .iter()
            .filter(|o| o.net != seg.net)
            .flat_map(|o| o.stubs)
            .collect();
        stubs.sort_by(f64::total_cmp);
        let clear = |c: f64| stubs.iter().all(|&y| (y - c).abs() >= half);
        if clear(mid) {
            return mid;
        }
        // Candidates: just clear of each stub, on either side: beside the segment if
        // possible, else anywhere beside the box.
        let nearest = |from: f64, to: f64| {
            let mut best: Option<f64> = None;
            for c in stubs
                .iter()
                .flat_map(|&y| [y - half, y + half])
                .chain([from, to])
            {
                if c >= from
                    && c <= to
                    && clear(c)
                    && best.is_none_or(|b| (c - mid).abs() < (b - mid).abs())
                {
                    best = Some(c);
                }
            }
            best
        };
        nearest(from, to).or_else(|| nearest(lo, hi)).unwrap_or(mid)
    }

    /// First fit, unlabelled segments first and shortest first (nearest the box).
    fn assign(&mut self) {
        let mut sequence: Vec<usize> = (0..self.segs.len()).collect();
        sequence.sort_by(|&a, &b| {
            let (sa, sb) = (&self.segs[a], &self.segs[b]);
            (sa.label.is_some())
                .cmp(&sb.label.is_some())
                .then((sa.bottom - sa.top).total_cmp(&(sb.bottom - sb.top)))
                .then(sa.top.total_cmp(&sb.top))
                .then(a.cmp(&b))
        });
        let mut tracks: Vec<Track> = Vec::new();
        self.track_of = vec![0; self.segs.len()];
        for s in sequence {
            let seg = self.segs[s];
            let t = (0..tracks.len())
                .find(|&t| fits(&tracks, t, &seg))
                .unwrap_or_else(|| {
                    tracks.push(Track {
                        labelled: seg.label.is_some(),
                        ..Track::default()
                    });
                    self.widths.push(TRACK);
                    tracks.len() - 1
                });
            let (lo, hi) = seg.extent();
            let track = &mut tracks[t];
            track.taken.push((lo, hi, seg.net));
            track.stubs.extend(seg.stubs);
            if let Some((w, a, b)) = seg.label {
                track.labels.push((a, b));
                self.widths[t] = self.widths[t].max(TRACK + LABEL_GAP + w);
            }
            self.track_of[s] = t;
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

/// Whether `seg` may go on track `t`: labelled segments keep to tracks of their own, and
/// other nets keep their distance.
fn fits(tracks: &[Track], t: usize, seg: &Seg) -> bool {
    let track = &tracks[t];
    if track.labelled != seg.label.is_some() {
        return false;
    }
    let (lo, hi) = seg.extent();
    track
        .taken
        .iter()
        .all(|&(a, b, net)| net == seg.net || hi + SHARE_GAP <= a || b + SHARE_GAP <= lo)
}

#[derive(Debug, Default)]
pub struct Gutters {
    stacks: HashMap<(Owner, Face), Stack>,
    pub nets: Vec<NetSegs>,
}

/// Final horizontal positions.
#[derive(Debug)]
pub struct Columns {
    /// Each block's core left edge.
    pub block_x: Vec<f64>,
    pub node_x: Vec<f64>,
    /// Each node's width (widened where its faces need room).
    pub node_w: Vec<f64>,
    /// Each group's frame: left edge and width.
    pub group_x: Vec<(f64, f64)>,
}

impl Gutters {
    pub fn new(graph: &Graph, blocks: &Blocks, ends: &Ends) -> Gutters {
        let heights = blocks.rank_heights(graph);
        let mut gutters = Gutters::default();
        let mut labels = Vec::new();
        for (i, net) in graph.nets.iter().enumerate() {
            let e = &ends.nets[i];
            let h = blocks.hub_rank[i];
            let mut segs = NetSegs::default();
            let side = |at: Option<Attach>, top: f64, bottom: f64, stubs: [f64; 2]| {
                let at = at.filter(|a| a.face.is_side())?;
                let seg = Seg {
                    top: top.min(bottom),
                    bottom: top.max(bottom),
                    net: i,
                    stubs,
                    label: None,
                };
                Some(((at.owner, at.face), seg))
            };
            let mut push = |found: Option<((Owner, Face), Seg)>| {
                found.map(|(key, seg)| gutters.push(key, seg))
            };
            segs.hub_down = push(
                e.hub_down
                    .and_then(|at| side(Some(at), at.y, heights[h], [at.y; 2])),
            );
            segs.hub_up = push(e.hub_up.and_then(|at| side(Some(at), 0.0, at.y, [at.y; 2])));
            for spoke in &e.spokes {
                let at = spoke.at;
                let found = if spoke.internal {
                    let hub_y = e.hub_inner.map_or(at.y, |a| a.y);
                    side(Some(at), hub_y, at.y, [hub_y, at.y])
                } else if spoke.rank > h {
                    side(Some(at), 0.0, at.y, [at.y; 2])
                } else {
                    side(Some(at), at.y, heights[spoke.rank], [at.y; 2])
                };
                segs.spokes.push(push(found));
            }
            // The label goes beside the hub's own segment.
            let carrier = (ends.label_place(i) == LabelPlace::Gutter)
                .then_some(())
                .and(segs.hub_down.or(segs.hub_up).or_else(|| {
                    segs.spokes
                        .iter()
                        .zip(&e.spokes)
                        .find(|(_, s)| s.internal)
                        .and_then(|(r, _)| *r)
                }));
            if let (Some(r), Some(size)) = (carrier, net.label) {
                let owner = r.key.0;
                let top = blocks.top_offset(graph, owner);
                let band = (top, top + owner_height(graph, blocks, owner));
                labels.push((r, size, band));
            }
            gutters.nets.push(segs);
        }
        for (r, (w, lh), band) in labels {
            let Some(stack) = gutters.stacks.get_mut(&r.key) else {
                continue;
            };
            let centre = stack.label_centre(r.index, lh, band);
            let seg = &mut stack.segs[r.index];
            seg.label = Some((w, centre - lh / 2.0, centre + lh / 2.0));
            gutters.nets[seg.net].label = Some((r, centre));
        }
        let mut keys: Vec<(Owner, Face)> = gutters.stacks.keys().copied().collect();
        keys.sort_unstable();
        for key in keys {
            if let Some(stack) = gutters.stacks.get_mut(&key) {
                stack.assign();
            }
        }
        gutters
    }

    /// Swap the tracks of two segments of one stack: every segment on either moves with
    /// its track. The stack stays valid — a track's segments keep apart wherever it sits,
    /// and labels sit clear of every stub of the stack — and keeps its width.
    pub fn swap(&mut self, a: SegRef, b: SegRef) -> bool {
        if a.key != b.key {
            return false;
        }
        let Some(stack) = self.stacks.get_mut(&a.key) else {
            return false;
        };
        let (ta, tb) = (stack.track_of[a.index], stack.track_of[b.index]);
        if ta == tb {
            return false;
        }
        stack.widths.swap(ta, tb);
        for t in &mut stack.track_of {
            if *t == ta {
                *t = tb;
            } else if *t == tb {
                *t = ta;
            }
        }
        true
    }

    fn push(&mut self, key: (Owner, Face), seg: Seg) -> SegRef {
        let index = self.stacks.entry(key).or_default().push(seg);
        SegRef { key, index }
    }

    fn width(&self, owner: Owner, face: Face) -> f64 {
        self.stacks.get(&(owner, face)).map_or(0.0, Stack::width)
    }

    /// Each block's extent, gutters included.
    pub fn extents(
        &self,
        graph: &Graph,
        blocks: &Blocks,
        ends: &Ends,
        widths: &[f64],
        frames: &[f64],
    ) -> Vec<Extent> {
        blocks
            .kinds
            .iter()
            .enumerate()
            .map(|(b, kind)| match *kind {
                Kind::Node(n) => Extent {
                    before: self.width(Owner::Node(n), Face::Left),
                    core: widths[n],
                    after: self.width(Owner::Node(n), Face::Right),
                },
                Kind::Group(g) => {
                    let members = &blocks.members[g];
                    let inner: f64 = members
                        .iter()
                        .map(|&m| {
                            self.width(Owner::Node(m), Face::Left)
                                + widths[m]
                                + self.width(Owner::Node(m), Face::Right)
                        })
                        .sum();
                    let gaps = members.len().saturating_sub(1) as f64 * MEMBER_GAP;
                    Extent {
                        before: self.width(Owner::Group(g), Face::Left),
                        core: (inner + gaps + 2.0 * GROUP_PAD)
                            .max(graph.groups[g].min_width)
                            .max(frames[g]),
                        after: self.width(Owner::Group(g), Face::Right),
                    }
                }
                Kind::Dummy => Extent {
                    after: ends.dummy_room(b),
                    ..Extent::default()
                },
            })
            .collect()
    }

    /// Each node's left edge relative to its block's core (members sit inside a frame).
    fn node_offsets(&self, graph: &Graph, blocks: &Blocks, widths: &[f64]) -> Vec<f64> {
        let mut rel = vec![0.0; graph.nodes.len()];
        for members in &blocks.members {
            let mut cursor = GROUP_PAD;
            for &m in members {
                cursor += self.width(Owner::Node(m), Face::Left);
                rel[m] = cursor;
                cursor += widths[m] + self.width(Owner::Node(m), Face::Right) + MEMBER_GAP;
            }
        }
        rel
    }

    /// Placement's pulls: each link pulls the x where its net leaves one block into line
    /// with the x where it enters the other, so a line between two ports can be straight.
    pub fn pulls(
        &self,
        graph: &Graph,
        blocks: &Blocks,
        ends: &Ends,
        widths: &[f64],
        frames: &[f64],
    ) -> (Vec<Vec<Tie>>, Vec<Vec<Tie>>) {
        let extents = self.extents(graph, blocks, ends, widths, frames);
        let rel = self.node_offsets(graph, blocks, widths);
        let at = |net: usize, end: End, downward: bool| -> f64 {
            let e = &ends.nets[net];
            let segs = &self.nets[net];
            let (attach, seg, slot) = match end {
                End::Dummy => return 0.0,
                End::Hub if downward => (e.hub_down, segs.hub_down, Slot::HubDown),
                End::Hub => (e.hub_up, segs.hub_up, Slot::HubUp),
                End::Spoke(j) => (
                    e.spokes.get(j).map(|s| s.at),
                    segs.spokes.get(j).copied().flatten(),
                    Slot::Spoke(j),
                ),
            };
            let Some(attach) = attach else { return 0.0 };
            let (x0, w) = match attach.owner {
                Owner::Node(n) => (rel[n], widths[n]),
                Owner::Group(g) => (0.0, extents[blocks.group_block[g]].core),
            };
            let offset = seg.and_then(|r| self.stacks.get(&r.key).map(|s| s.offset(r.index)));
            match (attach.face, offset) {
                (Face::Left, Some(o)) => x0 - o,
                (Face::Right, Some(o)) => x0 + w + o,
                _ => x0 + ends.face_at(net, slot).map_or(w / 2.0, |at| at.min(w)),
            }
        };
        let mut up = vec![Vec::new(); blocks.kinds.len()];
        let mut down = vec![Vec::new(); blocks.kinds.len()];
        // Is this end on a top or bottom face (free to move along it)?
        let on_face = |net: usize, end: End, downward: bool| {
            let e = &ends.nets[net];
            let at = match end {
                End::Dummy => None,
                End::Hub if downward => e.hub_down,
                End::Hub => e.hub_up,
                End::Spoke(j) => e.spokes.get(j).map(|s| s.at),
            };
            at.is_some_and(|a| !a.face.is_side())
        };
        for p in &blocks.pulls {
            let upper = at(p.net, p.upper.1, true);
            let lower = at(p.net, p.lower.1, false);
            // Two faces joined directly line up anywhere they overlap: a weak pull, so it
            // does not bend the lines that have one place to be straight.
            let weight = if on_face(p.net, p.upper.1, true) && on_face(p.net, p.lower.1, false) {
                p.weight * 0.1
            } else {
                p.weight
            };
            down[p.upper.0].push(Tie {
                other: p.lower.0,
                weight,
                own: upper,
                theirs: lower,
            });
            up[p.lower.0].push(Tie {
                other: p.upper.0,
                weight,
                own: lower,
                theirs: upper,
            });
        }
        (up, down)
    }

    /// Where everything sits horizontally, from each block's placed left edge.
    pub fn columns(
        &self,
        graph: &Graph,
        blocks: &Blocks,
        widths: &[f64],
        extents: &[Extent],
        left: &[f64],
    ) -> Columns {
        let rel = self.node_offsets(graph, blocks, widths);
        let mut columns = Columns {
            block_x: left.to_vec(),
            node_x: vec![0.0; graph.nodes.len()],
            node_w: widths.to_vec(),
            group_x: vec![(0.0, 0.0); graph.groups.len()],
        };
        for (b, kind) in blocks.kinds.iter().enumerate() {
            match *kind {
                Kind::Node(n) => columns.node_x[n] = left[b],
                Kind::Group(g) => {
                    columns.group_x[g] = (left[b], extents[b].core);
                    for &m in &blocks.members[g] {
                        columns.node_x[m] = left[b] + rel[m];
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
            Face::Left | Face::Top => edge.0 - offset,
            Face::Right | Face::Bottom => edge.1 + offset,
        }
    }

    /// Net `i`'s label beside its hub's segment, rank-relative in y.
    pub fn label(
        &self,
        i: usize,
        columns: &Columns,
        graph: &Graph,
        size: (f64, f64),
    ) -> Option<Rect> {
        let (seg, centre) = self.nets[i].label?;
        let line = self.track_x(seg, columns.span(graph, seg.key.0));
        let (w, h) = size;
        let x = match seg.key.1 {
            Face::Left | Face::Top => line - LABEL_GAP - w,
            Face::Right | Face::Bottom => line + LABEL_GAP,
        };
        Some(Rect {
            x,
            y: centre - h / 2.0,
            w,
            h,
        })
    }
}

/// An owner's height: a node's, or a group's frame.
pub fn owner_height(graph: &Graph, blocks: &Blocks, owner: Owner) -> f64 {
    match owner {
        Owner::Node(n) => graph.nodes[n].height,
        Owner::Group(g) => blocks.group_height(graph, g),
    }
}

impl Columns {
    /// The left and right edges of an owner.
    pub fn span(&self, graph: &Graph, owner: Owner) -> (f64, f64) {
        let _ = graph;
        match owner {
            Owner::Node(n) => (self.node_x[n], self.node_x[n] + self.node_w[n]),
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
