//! Phase 6: the x of every vertical line, channel by channel — gutter tracks and dummy
//! columns are fixed by now; ends on a top or bottom face are placed here.
//!
//! An end on a face goes where the rest of its net is in that channel (straight down to a
//! lone receiver when the two boxes overlap), ends sharing a face keep their order and
//! their distance (and room for the hub's label), and no end lands on another net's line.

use super::blocks::Blocks;
use super::gutter::{Columns, Gutters, SegRef};
use super::place::Extent;
use super::ports::{Attach, Ends, Face, LabelPlace};
use super::spacing::{ATTACH_GAP, EDGE_INSET, LABEL_GAP, MIN_SEP};
use super::{Graph, Owner};
use std::collections::BTreeMap;

/// Which part of a channel a vertical line uses: from the rank above down to its track,
/// or from its track down to the rank below.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    Upper,
    Lower,
}

/// One vertical line of one net in one channel.
#[derive(Debug, Clone, Copy)]
pub struct Line {
    pub net: usize,
    pub x: f64,
    pub reach: Reach,
}

/// The x of each net's ends and the lines in each channel.
#[derive(Debug, Default)]
pub struct Verticals {
    pub hub_down: Vec<Option<f64>>,
    pub hub_up: Vec<Option<f64>>,
    pub spokes: Vec<Vec<f64>>,
    /// Per channel (below rank c), every net's vertical lines there.
    pub channels: Vec<Vec<Line>>,
    /// Nets whose label under or over their hub's box sits left of its line.
    pub label_left: Vec<bool>,
}

/// An end on a top or bottom face waiting for its x.
struct Free {
    net: usize,
    owner: Owner,
    face: Face,
    /// Room its label needs to the right of the line.
    room: f64,
    slot: Slot,
}

#[derive(Debug, Clone, Copy)]
enum Slot {
    HubDown,
    HubUp,
    Spoke(usize),
    /// A spoke inside the hub's box: its gutter line, in no channel.
    Inner(usize),
}

/// A fixed vertical line: a gutter segment's track, or a dummy column.
#[derive(Debug, Clone, Copy)]
enum Fixed {
    Seg(SegRef),
    Dummy(usize),
}

/// Every fixed line that reaches into a channel: (channel, net, reach, line).
fn fixed_lines(
    blocks: &Blocks,
    ends: &Ends,
    gutters: &Gutters,
) -> Vec<(usize, usize, Reach, Fixed)> {
    let mut out = Vec::new();
    for (i, e) in ends.nets.iter().enumerate() {
        let segs = &gutters.nets[i];
        let h = blocks.hub_rank[i];
        if let Some(seg) = segs.hub_down {
            out.push((h, i, Reach::Upper, Fixed::Seg(seg)));
        }
        if let (Some(seg), true) = (segs.hub_up, h > 0) {
            out.push((h - 1, i, Reach::Lower, Fixed::Seg(seg)));
        }
        for (spoke, seg) in e.spokes.iter().zip(&segs.spokes) {
            let Some(seg) = *seg else { continue };
            if spoke.internal {
                continue;
            }
            if spoke.rank > h {
                out.push((spoke.rank - 1, i, Reach::Lower, Fixed::Seg(seg)));
            } else {
                out.push((spoke.rank, i, Reach::Upper, Fixed::Seg(seg)));
            }
        }
        for (&r, &b) in &blocks.chains[i] {
            if r == h {
                continue;
            }
            out.push((r, i, Reach::Upper, Fixed::Dummy(b)));
            if r > 0 {
                out.push((r - 1, i, Reach::Lower, Fixed::Dummy(b)));
            }
        }
    }
    out
}

/// Where two nets swap places across a channel — A comes down where B goes on down, and
/// B comes down where A goes on — one of them must run along the other, whatever the
/// tracks. Placement makes this happen when two nets join the same boxes in opposite
/// orders (it lines each port up with the other net's); swapping the two tracks in one
/// gutter, or the two dummy columns in one rank, makes both straight.
pub fn untangle(
    graph: &Graph,
    blocks: &Blocks,
    ends: &Ends,
    gutters: &mut Gutters,
    columns: &mut Columns,
) {
    let mut meets = meetings(graph, blocks, ends, gutters, columns);
    for _ in 0..64 {
        if meets.is_empty() {
            return;
        }
        let before = meets.len();
        let mut improved = false;
        for &(mine, theirs) in &meets {
            // Give the place to `mine`'s own line on the other side, if it is of the same
            // gutter (or rank): that net then runs straight. Keep it only if fewer lines
            // meet than before.
            if !swap(gutters, columns, blocks, ends, mine, theirs) {
                continue;
            }
            let after = meetings(graph, blocks, ends, gutters, columns);
            if after.len() < before {
                meets = after;
                improved = true;
                break;
            }
            swap(gutters, columns, blocks, ends, mine, theirs);
        }
        if !improved {
            return;
        }
    }
}

/// Pairs of fixed lines to swap, one per place where one net's line comes down at the x
/// where another's goes on down: (the first net's own line on the other side, the other
/// net's line there).
fn meetings(
    graph: &Graph,
    blocks: &Blocks,
    ends: &Ends,
    gutters: &Gutters,
    columns: &Columns,
) -> Vec<(Fixed, Fixed)> {
    let x_of = |line: Fixed| match line {
        Fixed::Seg(seg) => gutters.track_x(seg, columns.span(graph, seg.key.0)),
        Fixed::Dummy(b) => columns.block_x[b],
    };
    let mut by_channel: BTreeMap<usize, Vec<(f64, usize, Reach, Fixed)>> = BTreeMap::new();
    for (c, net, reach, line) in fixed_lines(blocks, ends, gutters) {
        by_channel
            .entry(c)
            .or_default()
            .push((x_of(line), net, reach, line));
    }
    let mut out = Vec::new();
    for (_, mut list) in by_channel {
        list.sort_by(|a, b| a.0.total_cmp(&b.0));
        for (k, a) in list.iter().enumerate() {
            for b in list[k + 1..].iter().take_while(|b| b.0 - a.0 < MIN_SEP) {
                if a.1 == b.1 || a.2 == b.2 {
                    continue;
                }
                for (mine, theirs) in [(a, b), (b, a)] {
                    let own = list
                        .iter()
                        .filter(|o| {
                            o.1 == mine.1 && o.2 == theirs.2 && (o.0 - mine.0).abs() >= MIN_SEP
                        })
                        .map(|o| o.3);
                    out.extend(own.map(|own| (own, theirs.3)));
                }
            }
        }
    }
    out
}

/// Swap two fixed lines of one kind and place: two tracks of one gutter, or two dummy
/// columns of one rank.
fn swap(
    gutters: &mut Gutters,
    columns: &mut Columns,
    blocks: &Blocks,
    ends: &Ends,
    a: Fixed,
    b: Fixed,
) -> bool {
    match (a, b) {
        (Fixed::Seg(a), Fixed::Seg(b)) => gutters.swap(a, b),
        (Fixed::Dummy(a), Fixed::Dummy(b))
            if a != b
                && blocks.rank_of[a] == blocks.rank_of[b]
                && ends.dummy_room(a) == ends.dummy_room(b) =>
        {
            columns.block_x.swap(a, b);
            true
        }
        _ => false,
    }
}

impl Verticals {
    pub fn new(
        graph: &Graph,
        blocks: &Blocks,
        ends: &Ends,
        gutters: &Gutters,
        columns: &mut Columns,
        extents: &[Extent],
    ) -> Verticals {
        let ranks = blocks.order.len();
        let mut v = Verticals {
            hub_down: vec![None; graph.nets.len()],
            hub_up: vec![None; graph.nets.len()],
            spokes: ends
                .nets
                .iter()
                .map(|e| vec![0.0; e.spokes.len()])
                .collect(),
            channels: vec![Vec::new(); ranks],
            label_left: vec![false; graph.nets.len()],
        };
        // Fixed lines: gutter tracks and dummy columns; ends on faces wait per channel.
        let mut free: Vec<Vec<Free>> = (0..ranks).map(|_| Vec::new()).collect();
        for (i, e) in ends.nets.iter().enumerate() {
            let segs = &gutters.nets[i];
            let h = blocks.hub_rank[i];
            let x_of =
                |seg: super::gutter::SegRef| gutters.track_x(seg, columns.span(graph, seg.key.0));
            let band = match ends.label_place(i) {
                LabelPlace::Band(face) => Some(face),
                _ => None,
            };
            let room = graph.nets[i].label.map_or(0.0, |(w, _)| LABEL_GAP + w);
            let mut place = |at: Attach,
                             seg: Option<super::gutter::SegRef>,
                             slot: Slot,
                             channel: usize,
                             reach: Reach| {
                match seg {
                    Some(seg) => {
                        let x = x_of(seg);
                        v.set(i, slot, x);
                        if !matches!(slot, Slot::Inner(_)) {
                            v.channels[channel].push(Line { net: i, x, reach });
                        }
                    }
                    None => free[channel].push(Free {
                        net: i,
                        owner: at.owner,
                        face: at.face,
                        room: if band == Some(at.face)
                            && matches!(slot, Slot::HubDown | Slot::HubUp)
                        {
                            room
                        } else {
                            0.0
                        },
                        slot,
                    }),
                }
            };
            if let Some(at) = e.hub_down {
                place(at, segs.hub_down, Slot::HubDown, h, Reach::Upper);
            }
            if let (Some(at), true) = (e.hub_up, h > 0) {
                place(at, segs.hub_up, Slot::HubUp, h - 1, Reach::Lower);
            }
            for (j, spoke) in e.spokes.iter().enumerate() {
                let seg = segs.spokes[j];
                if spoke.internal {
                    if let Some(seg) = seg {
                        place(spoke.at, Some(seg), Slot::Inner(j), 0, Reach::Upper);
                    }
                    continue;
                }
                let s = spoke.rank;
                if s > h {
                    place(spoke.at, seg, Slot::Spoke(j), s - 1, Reach::Lower);
                } else {
                    place(spoke.at, seg, Slot::Spoke(j), s, Reach::Upper);
                }
            }
        }
        v.straighten(blocks, columns, extents);
        v.nudge_dummies(blocks, columns, extents);
        for (i, chain) in blocks.chains.iter().enumerate() {
            for (&r, &b) in chain {
                if r == blocks.hub_rank[i] {
                    continue;
                }
                let x = columns.block_x[b];
                v.channels[r].push(Line {
                    net: i,
                    x,
                    reach: Reach::Upper,
                });
                if r > 0 {
                    v.channels[r - 1].push(Line {
                        net: i,
                        x,
                        reach: Reach::Lower,
                    });
                }
            }
        }
        for (c, list) in free.into_iter().enumerate() {
            v.place_free(graph, columns, c, list);
        }
        v
    }

    /// Put each dummy column in line with the fixed line it joins next — the gutter track
    /// of its one spoke below (above), or the next dummy — when that place is free, so a
    /// long edge turns once rather than twice. Placement alone puts a dummy between its
    /// two neighbours, which bends the line at both.
    fn straighten(&self, blocks: &Blocks, columns: &mut Columns, extents: &[Extent]) {
        for (i, chain) in blocks.chains.iter().enumerate() {
            let h = blocks.hub_rank[i];
            // From the far end of each direction towards the hub.
            let down: Vec<usize> = chain.keys().copied().filter(|&r| r > h).rev().collect();
            let up: Vec<usize> = chain.keys().copied().filter(|&r| r < h).collect();
            for (ranks, downward) in [(down, true), (up, false)] {
                for r in ranks {
                    let b = chain[&r];
                    let next = if downward { r + 1 } else { r - 1 };
                    let target = match chain.get(&next) {
                        Some(&d) => Some(columns.block_x[d]),
                        None => {
                            // The lines of this net's spokes in the channel beyond.
                            let c = if downward { r } else { r - 1 };
                            let reach = if downward { Reach::Lower } else { Reach::Upper };
                            let mine: Vec<f64> = self.channels[c]
                                .iter()
                                .filter(|l| l.net == i && l.reach == reach)
                                .map(|l| l.x)
                                .collect();
                            (mine.len() == 1).then(|| mine[0])
                        }
                    };
                    let Some(x) = target else { continue };
                    if self.free_for_dummy(blocks, columns, extents, i, r, b, x) {
                        columns.block_x[b] = x;
                    }
                }
            }
        }
    }

    /// Whether dummy `b` of net `i` at rank `r` may stand at `x`: clear of its neighbours'
    /// extents and of other nets' lines in the channels it joins.
    #[allow(clippy::too_many_arguments)]
    fn free_for_dummy(
        &self,
        blocks: &Blocks,
        columns: &Columns,
        extents: &[Extent],
        i: usize,
        r: usize,
        b: usize,
        x: f64,
    ) -> bool {
        let now = columns.block_x[b];
        let right_end = |a: usize| columns.block_x[a] + extents[a].core + extents[a].after;
        let fits = blocks.order[r].iter().filter(|&&a| a != b).all(|&a| {
            let ax = columns.block_x[a];
            if ax <= now {
                right_end(a) + MIN_SEP <= x
            } else {
                x + extents[b].after + MIN_SEP <= ax - extents[a].before
            }
        });
        let clear = [r.checked_sub(1), Some(r)].into_iter().flatten().all(|c| {
            self.channels[c]
                .iter()
                .all(|l| l.net == i || (l.x - x).abs() >= MIN_SEP)
        });
        fits && clear
    }

    /// Move each dummy column off other nets' lines in the channels it joins — gutter
    /// lines, and the dummy columns of the ranks above and below: placement pulls a dummy
    /// onto its own net's track, and two crossing nets can swap places there, leaving each
    /// on the other's line. Two dummies of neighbouring ranks within `MIN_SEP`, crosswise
    /// to two gutter lines as close (A comes down at P and leaves at Q where B comes down
    /// at Q and leaves at P), leave no order of tracks that keeps the four lines apart;
    /// when neither dummy has room to move alone, the two move apart together.
    fn nudge_dummies(&self, blocks: &Blocks, columns: &mut Columns, extents: &[Extent]) {
        // Per rank, the dummy columns there: (net, block).
        let mut dummies: Vec<Vec<(usize, usize)>> = vec![Vec::new(); blocks.order.len()];
        for (i, chain) in blocks.chains.iter().enumerate() {
            for (&r, &b) in chain {
                if r != blocks.hub_rank[i] {
                    dummies[r].push((i, b));
                }
            }
        }
        for (i, chain) in blocks.chains.iter().enumerate() {
            for (&r, &b) in chain {
                if r == blocks.hub_rank[i] {
                    continue;
                }
                let x = columns.block_x[b];
                let others = self.others_of_dummy(columns, &dummies, i, r, None);
                let clash = |x: f64| others.iter().any(|&o| (o - x).abs() < MIN_SEP);
                if !clash(x) {
                    continue;
                }
                let (floor, ceiling) = dummy_room(blocks, columns, extents, b, r);
                let found = nudges(x).find(|&c| c >= floor && c <= ceiling && !clash(c));
                if let Some(c) = found {
                    columns.block_x[b] = c;
                    continue;
                }
                self.nudge_pair(blocks, columns, extents, &dummies, (i, r, b));
            }
        }
    }

    /// Move dummy `b` (of net `i`, at rank `r`) and a dummy of a neighbouring rank it
    /// stands too close to apart, each as little as they can, when both then keep clear
    /// of every other line.
    fn nudge_pair(
        &self,
        blocks: &Blocks,
        columns: &mut Columns,
        extents: &[Extent],
        dummies: &[Vec<(usize, usize)>],
        (i, r, b): (usize, usize, usize),
    ) {
        let x = columns.block_x[b];
        let (floor, ceiling) = dummy_room(blocks, columns, extents, b, r);
        let neighbours = [r.checked_sub(1), Some(r + 1)]
            .into_iter()
            .flatten()
            .filter_map(|q| dummies.get(q).map(|list| (q, list)))
            .flat_map(|(q, list)| list.iter().map(move |&(j, d)| (q, j, d)));
        for (q, j, d) in neighbours {
            let y = columns.block_x[d];
            if j == i || (y - x).abs() >= MIN_SEP {
                continue;
            }
            let mine = self.others_of_dummy(columns, dummies, i, r, Some(d));
            let theirs = self.others_of_dummy(columns, dummies, j, q, Some(b));
            let (lo, hi) = dummy_room(blocks, columns, extents, d, q);
            let free = |x: f64, lines: &[f64]| lines.iter().all(|&o| (o - x).abs() >= MIN_SEP);
            let mut best: Option<(f64, f64, f64)> = None;
            for c in std::iter::once(x).chain(nudges(x)) {
                if c < floor || c > ceiling || !free(c, &mine) {
                    continue;
                }
                for e in std::iter::once(y).chain(nudges(y)) {
                    let cost = (c - x).abs() + (e - y).abs();
                    if (c - e).abs() >= MIN_SEP
                        && e >= lo
                        && e <= hi
                        && free(e, &theirs)
                        && best.is_none_or(|b| cost < b.0)
                    {
                        best = Some((cost, c, e));
                    }
                }
            }
            if let Some((_, c, e)) = best {
                columns.block_x[b] = c;
                columns.block_x[d] = e;
                return;
            }
        }
    }

    /// The x of every other net's line in the channels dummy column of net `i` at rank `r`
    /// joins: gutter lines and the dummies of the ranks above and below (but `skip`).
    fn others_of_dummy(
        &self,
        columns: &Columns,
        dummies: &[Vec<(usize, usize)>],
        i: usize,
        r: usize,
        skip: Option<usize>,
    ) -> Vec<f64> {
        let mut others: Vec<f64> = Vec::new();
        for c in [r.checked_sub(1), Some(r)].into_iter().flatten() {
            others.extend(self.channels[c].iter().filter(|l| l.net != i).map(|l| l.x));
        }
        for q in [r.checked_sub(1), Some(r + 1)].into_iter().flatten() {
            if let Some(list) = dummies.get(q) {
                others.extend(
                    list.iter()
                        .filter(|&&(net, d)| net != i && Some(d) != skip)
                        .map(|&(_, d)| columns.block_x[d]),
                );
            }
        }
        others
    }

    fn set(&mut self, net: usize, slot: Slot, x: f64) {
        match slot {
            Slot::HubDown => self.hub_down[net] = Some(x),
            Slot::HubUp => self.hub_up[net] = Some(x),
            Slot::Spoke(j) | Slot::Inner(j) => self.spokes[net][j] = x,
        }
    }

    /// Place one channel's ends on faces: bottom faces of the rank above first (boxes,
    /// then frames), then top faces of the rank below, each seeing what came before.
    fn place_free(&mut self, graph: &Graph, columns: &Columns, channel: usize, list: Vec<Free>) {
        let mut faces: BTreeMap<(u8, bool, Owner), Vec<usize>> = BTreeMap::new();
        for (k, f) in list.iter().enumerate() {
            let order = if f.face == Face::Bottom { 0 } else { 1 };
            let frame = matches!(f.owner, Owner::Group(_));
            faces.entry((order, frame, f.owner)).or_default().push(k);
        }
        for ((_, _, owner), members) in faces {
            let (x0, x1) = columns.span(graph, owner);
            let lines = &self.channels[channel];
            // Ends of one net on one face are one point.
            let mut by_net: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
            for &k in &members {
                by_net.entry(list[k].net).or_default().push(k);
            }
            let mut wanted: Vec<(usize, f64, Vec<usize>)> = by_net
                .into_iter()
                .map(|(net, ks)| (net, want(&list, ks[0], lines, graph, columns), ks))
                .collect();
            wanted.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
            let rooms: Vec<f64> = wanted
                .iter()
                .map(|(_, _, ks)| ks.iter().map(|&k| list[k].room).fold(0.0, f64::max))
                .collect();
            let desired: Vec<f64> = wanted.iter().map(|w| w.1).collect();
            // Ends that can be straight (their net has a line here already) hold their
            // place; the others make room.
            let weights: Vec<f64> = wanted
                .iter()
                .map(|w| {
                    if lines.iter().any(|l| l.net == w.0) {
                        8.0
                    } else {
                        1.0
                    }
                })
                .collect();
            // Faces are planned with EDGE_INSET from the corners; a few pixels of it are slack,
            // so a line placement meant to be straight stays straight after rounding.
            let inset = EDGE_INSET - 4.0;
            let (lo, hi) = (x0 + inset, x1 - inset);
            // Labels go right of their line, unless that keeps the line from its place.
            let mut right = rooms.clone();
            let mut left = vec![0.0; rooms.len()];
            let first = spread(&desired, &weights, &left, &right, lo, hi);
            for (k, (&x, &d)) in first.iter().zip(&desired).enumerate() {
                if rooms[k] > 0.0 && x < d - 0.5 {
                    (left[k], right[k]) = (rooms[k], 0.0);
                }
            }
            let mut xs = spread(&desired, &weights, &left, &right, lo, hi);
            let others: Vec<(usize, f64)> = lines.iter().map(|l| (l.net, l.x)).collect();
            let nets: Vec<usize> = wanted.iter().map(|w| w.0).collect();
            // A line that can be straight is straight, when its neighbours leave room.
            for k in 0..xs.len() {
                let (d, x) = (desired[k], xs[k]);
                let after = k == 0 || d - xs[k - 1] >= right[k - 1] + ATTACH_GAP + left[k] - 1e-9;
                let before = k + 1 == xs.len()
                    || xs[k + 1] - d >= right[k] + ATTACH_GAP + left[k + 1] - 1e-9;
                if weights[k] > 1.0
                    && (d - x).abs() < 1.0
                    && after
                    && before
                    && d - left[k] >= lo
                    && d + right[k] <= hi
                {
                    xs[k] = d;
                }
            }
            avoid(&mut xs, &left, &right, &nets, &others, lo, hi);
            // On the quarter-pixel grid placement uses, so lines meant to meet meet exactly.
            for x in &mut xs {
                *x = (*x * 4.0).round() / 4.0;
            }
            for ((net, _, ks), (x, left)) in wanted.into_iter().zip(xs.into_iter().zip(left)) {
                if left > 0.0 {
                    self.label_left[net] = true;
                }
                for k in ks {
                    let f = &list[k];
                    self.set(f.net, f.slot, x);
                }
                let reach = if list[members[0]].face == Face::Bottom {
                    Reach::Upper
                } else {
                    Reach::Lower
                };
                self.channels[channel].push(Line { net, x, reach });
            }
        }
    }
}

/// Where an end on a face would like to be: in line with its net's other lines in the
/// channel, or, when they are all still to be placed, over the common part of the boxes
/// (straight) or towards their middle.
fn want(list: &[Free], k: usize, lines: &[Line], graph: &Graph, columns: &Columns) -> f64 {
    let f = &list[k];
    let known: Vec<f64> = lines
        .iter()
        .filter(|l| l.net == f.net)
        .map(|l| l.x)
        .collect();
    if !known.is_empty() {
        return known.iter().sum::<f64>() / known.len() as f64;
    }
    let spans: Vec<(f64, f64)> = list
        .iter()
        .filter(|o| o.net == f.net)
        .map(|o| {
            let (a, b) = columns.span(graph, o.owner);
            (a + EDGE_INSET, b - EDGE_INSET)
        })
        .collect();
    let centre = spans.iter().map(|(a, b)| (a + b) / 2.0).sum::<f64>() / spans.len().max(1) as f64;
    let lo = spans.iter().map(|s| s.0).fold(f64::NEG_INFINITY, f64::max);
    let hi = spans.iter().map(|s| s.1).fold(f64::INFINITY, f64::min);
    if lo <= hi {
        centre.clamp(lo, hi)
    } else {
        centre
    }
}

/// Positions as near `desired` (sorted) as possible, in order, each `ATTACH_GAP` plus the
/// labels' room (`left` of a line, `right` of it) from the one before, within `lo..=hi`
/// labels included.
fn spread(
    desired: &[f64],
    weights: &[f64],
    left: &[f64],
    right: &[f64],
    lo: f64,
    hi: f64,
) -> Vec<f64> {
    if desired.is_empty() {
        return Vec::new();
    }
    let mut offsets = vec![0.0; desired.len()];
    for i in 1..desired.len() {
        offsets[i] = offsets[i - 1] + right[i - 1] + ATTACH_GAP + left[i];
    }
    let last = desired.len() - 1;
    let floor = lo + left[0];
    let top = (hi - offsets[last] - right[last]).max(floor);
    let shifted: Vec<(f64, f64)> = desired
        .iter()
        .zip(&offsets)
        .zip(weights)
        .map(|((d, o), &w)| (d - o, w))
        .collect();
    super::place::isotonic(&shifted)
        .into_iter()
        .zip(&offsets)
        .map(|(y, o)| y.clamp(floor, top) + o)
        .collect()
}

/// Move ends off other nets' lines (within `MIN_SEP`), keeping order and distance: a
/// pass left to right moves each end right until it is clear; if the last end then runs
/// past the face, a pass right to left moves them back, each left until it is clear.
fn avoid(
    xs: &mut [f64],
    left: &[f64],
    right: &[f64],
    nets: &[usize],
    others: &[(usize, f64)],
    lo: f64,
    hi: f64,
) {
    let n = xs.len();
    if n == 0 {
        return;
    }
    let gap = |i: usize| right[i] + ATTACH_GAP + left[i + 1];
    let clash = |i: usize, x: f64| {
        others
            .iter()
            .any(|&(m, o)| m != nets[i] && (o - x).abs() < MIN_SEP)
    };
    let targets = xs.to_vec();
    for i in 0..n {
        let mut x = if i > 0 {
            targets[i].max(xs[i - 1] + gap(i - 1))
        } else {
            targets[i]
        };
        while clash(i, x) {
            x += 0.5;
        }
        xs[i] = x;
    }
    if xs[n - 1] + right[n - 1] <= hi + 1e-9 {
        return;
    }
    // The least place of each end, with every end before it packed left.
    let mut earliest = vec![lo + left[0]; n];
    for i in 1..n {
        earliest[i] = earliest[i - 1] + gap(i - 1);
    }
    for i in (0..n).rev() {
        let start = if i + 1 < n {
            xs[i].min(xs[i + 1] - gap(i))
        } else {
            xs[i].min(hi - right[i])
        };
        let start = start.max(earliest[i]);
        let mut x = start;
        while clash(i, x) && x - 0.5 >= earliest[i] {
            x -= 0.5;
        }
        xs[i] = if clash(i, x) { start } else { x };
    }
}

/// Places near `x` to try for a dummy column, nearest first, half a pixel apart, up to
/// `ATTACH_GAP` away.
fn nudges(x: f64) -> impl Iterator<Item = f64> {
    (1..=2 * ATTACH_GAP as usize).flat_map(move |k| [x + k as f64 * 0.5, x - k as f64 * 0.5])
}

/// How far dummy `b` at rank `r` may move: clear of its neighbours' extents, by where
/// they are now (untangling may have swapped dummies).
fn dummy_room(
    blocks: &Blocks,
    columns: &Columns,
    extents: &[Extent],
    b: usize,
    r: usize,
) -> (f64, f64) {
    let x = columns.block_x[b];
    let right_end = |a: usize| columns.block_x[a] + extents[a].core + extents[a].after;
    let floor = blocks.order[r]
        .iter()
        .filter(|&&a| a != b && columns.block_x[a] <= x)
        .map(|&a| right_end(a) + MIN_SEP)
        .fold(f64::NEG_INFINITY, f64::max);
    let ceiling = blocks.order[r]
        .iter()
        .filter(|&&c| c != b && columns.block_x[c] > x)
        .map(|&c| columns.block_x[c] - extents[c].before - MIN_SEP - extents[b].after)
        .fold(f64::INFINITY, f64::min);
    (floor, ceiling)
}
