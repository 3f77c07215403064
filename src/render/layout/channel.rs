//! Phase 7: horizontal tracks in the channels between ranks, the label bands, and the
//! ranks' heights.
//!
//! In each channel a net needs one horizontal track spanning every vertical line it has
//! there. Tracks are packed left-edge first, so nets far enough apart share one. Where one
//! net's line comes down at the x where another's goes on down, the first gets the higher
//! track, so the two lines never run along each other. A hub reached on its bottom face
//! labels its line in a band at the top of the channel below it (a top face: at the
//! bottom of the channel above), where only that box's own lines pass.

use super::blocks::Blocks;
use super::edges::{Line, Reach, Verticals};
use super::ports::{Ends, Face, LabelPlace};
use super::spacing::{CHANNEL_PAD, CHANNEL_TRACK, LABEL_GAP, MARGIN, MIN_SEP, TRACK_CLEARANCE};
use super::stacking::{self, Reaching};
use super::{Graph, Rect};
use rustc_hash::FxHashMap as HashMap;

#[derive(Debug)]
pub struct Channels {
    pub rank_top: Vec<f64>,
    pub rank_height: Vec<f64>,
    /// Each net's track height in each channel it uses.
    track_y: HashMap<(usize, usize), f64>,
    channel_mid: Vec<f64>,
    /// Labels set in a band under or over their hub's box.
    pub labels: Vec<Option<Rect>>,
    pub height: f64,
}

/// One net's share of one channel.
struct Item {
    net: usize,
    lo: f64,
    hi: f64,
}

impl Channels {
    /// `frame_bands`: per rank, room kept above and below it for the titles and bottoms of
    /// the frames that start or end there.
    pub fn new(
        graph: &Graph,
        blocks: &Blocks,
        ends: &Ends,
        xs: &Verticals,
        frame_bands: &[(f64, f64)],
    ) -> Channels {
        let ranks = blocks.order.len();
        let rank_height = blocks.rank_heights(graph);
        let mut layout = Channels {
            rank_top: vec![0.0; ranks],
            rank_height,
            track_y: HashMap::default(),
            channel_mid: vec![0.0; ranks],
            labels: vec![None; graph.nets.len()],
            height: 0.0,
        };
        // Band labels per channel: (net, face, x of the line).
        let mut bands: Vec<Vec<(usize, Face, f64)>> = (0..ranks).map(|_| Vec::new()).collect();
        for i in 0..graph.nets.len() {
            if graph.nets[i].label.is_none() {
                continue;
            }
            let h = blocks.hub_rank[i];
            match ends.label_place(i) {
                LabelPlace::Band(Face::Bottom) => {
                    if let Some(x) = xs.hub_down[i] {
                        bands[h].push((i, Face::Bottom, x));
                    }
                }
                LabelPlace::Band(Face::Top) if h > 0 => {
                    if let Some(x) = xs.hub_up[i] {
                        bands[h - 1].push((i, Face::Top, x));
                    }
                }
                _ => {}
            }
        }
        let mut y = MARGIN;
        for (r, band) in bands.iter().enumerate() {
            let (head, foot) = frame_bands.get(r).copied().unwrap_or((0.0, 0.0));
            layout.rank_top[r] = y + head;
            y += head + layout.rank_height[r] + foot;
            y = layout.pack(graph, r, &xs.channels[r], band, &xs.label_left, y);
        }
        layout.height = y + MARGIN;
        layout
    }

    /// Assign one channel's tracks and bands; returns the y where the next rank starts.
    fn pack(
        &mut self,
        graph: &Graph,
        channel: usize,
        lines: &[Line],
        bands: &[(usize, Face, f64)],
        label_left: &[bool],
        top: f64,
    ) -> f64 {
        let mut spans: HashMap<usize, (f64, f64)> = HashMap::default();
        for l in lines {
            let s = spans.entry(l.net).or_insert((l.x, l.x));
            s.0 = s.0.min(l.x);
            s.1 = s.1.max(l.x);
        }
        let mut items: Vec<Item> = spans
            .into_iter()
            .filter(|(_, (lo, hi))| hi - lo > 1e-6)
            .map(|(net, (lo, hi))| Item { net, lo, hi })
            .collect();
        items.sort_by(|a, b| a.lo.total_cmp(&b.lo).then(a.net.cmp(&b.net)));
        let index: HashMap<usize, usize> = items
            .iter()
            .enumerate()
            .map(|(k, it)| (it.net, k))
            .collect();
        // above[k]: items that must take a higher track than item k. Nearest meetings
        // first; one that would close a cycle of demands is dropped (the farther apart
        // two lines are, the less it matters which comes first).
        let mut above: Vec<Vec<usize>> = vec![Vec::new(); items.len()];
        let mut below: Vec<Vec<usize>> = vec![Vec::new(); items.len()];
        let mut sorted: Vec<&Line> = lines.iter().collect();
        sorted.sort_by(|a, b| a.x.total_cmp(&b.x));
        let mut demands: Vec<(f64, usize, usize)> = Vec::new();
        for (a, la) in sorted.iter().enumerate() {
            for lb in sorted[a + 1..]
                .iter()
                .take_while(|lb| lb.x - la.x < MIN_SEP)
            {
                if la.net == lb.net || la.reach == lb.reach {
                    continue;
                }
                let (upper, lower) = if la.reach == Reach::Upper {
                    (la, lb)
                } else {
                    (lb, la)
                };
                if let (Some(&u), Some(&l)) = (index.get(&upper.net), index.get(&lower.net)) {
                    demands.push((lb.x - la.x, u, l));
                }
            }
        }
        demands.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
        for (_, u, l) in demands {
            if u != l && !reaches(&below, l, u) {
                above[l].push(u);
                below[u].push(l);
            }
        }
        let stacking = stack(&items, lines, &index, &above);
        let tracks = assign(&items, &above, &stacking);
        let count = tracks.iter().copied().max().map_or(0, |t| t + 1);
        let band_height = |face: Face| {
            bands
                .iter()
                .filter(|b| b.1 == face)
                .filter_map(|b| graph.nets[b.0].label.map(|(_, h)| h + 2.0 * LABEL_GAP))
                .fold(0.0, f64::max)
        };
        let (top_band, bottom_band) = (band_height(Face::Bottom), band_height(Face::Top));
        let last = channel + 1 == self.rank_top.len();
        let height = if last && lines.is_empty() {
            0.0
        } else {
            top_band + 2.0 * CHANNEL_PAD + count.max(1) as f64 * CHANNEL_TRACK + bottom_band
        };
        self.channel_mid[channel] = top + top_band + (height - top_band - bottom_band) / 2.0;
        for (item, t) in items.iter().zip(tracks) {
            let y = top + top_band + CHANNEL_PAD + (t as f64 + 0.5) * CHANNEL_TRACK;
            self.track_y.insert((item.net, channel), y);
        }
        for &(net, face, x) in bands {
            let Some((w, h)) = graph.nets[net].label else {
                continue;
            };
            let y = match face {
                Face::Bottom => top + LABEL_GAP,
                _ => top + height - LABEL_GAP - h,
            };
            self.labels[net] = Some(Rect {
                x: if label_left[net] {
                    x - LABEL_GAP - w
                } else {
                    x + LABEL_GAP
                },
                y,
                w,
                h,
            });
        }
        top + height
    }

    /// The y of a net's track in a channel.
    pub fn track(&self, net: usize, channel: usize) -> f64 {
        self.track_y
            .get(&(net, channel))
            .copied()
            .unwrap_or_else(|| self.channel_mid.get(channel).copied().unwrap_or(0.0))
    }
}

/// Where each item comes in a top-to-bottom order crossing little, and the items each
/// would rather have above it (see `stacking`).
struct Stacking {
    place: Vec<usize>,
    prefer_above: Vec<Vec<usize>>,
}

fn stack(
    items: &[Item],
    lines: &[Line],
    index: &HashMap<usize, usize>,
    must_above: &[Vec<usize>],
) -> Stacking {
    let mut up = vec![Vec::new(); items.len()];
    let mut down = vec![Vec::new(); items.len()];
    for l in lines {
        if let Some(&k) = index.get(&l.net) {
            match l.reach {
                Reach::Upper => up[k].push(l.x),
                Reach::Lower => down[k].push(l.x),
            }
        }
    }
    for xs in up.iter_mut().chain(down.iter_mut()) {
        xs.sort_by(f64::total_cmp);
    }
    let reaching: Vec<Reaching> = items
        .iter()
        .enumerate()
        .map(|(k, it)| Reaching {
            lo: it.lo,
            hi: it.hi,
            up: &up[k],
            down: &down[k],
        })
        .collect();
    let prefs = stacking::preferences(&reaching);
    let sequence = stacking::order(&prefs, must_above);
    let mut place = vec![0; items.len()];
    for (i, &k) in sequence.iter().enumerate() {
        place[k] = i;
    }
    let prefer_above = prefs
        .iter()
        .map(|list| list.iter().filter(|p| p.1 > 0).map(|p| p.0).collect())
        .collect();
    Stacking {
        place,
        prefer_above,
    }
}

/// Whether `to` must come below `from` already, through the demands so far.
fn reaches(below: &[Vec<usize>], from: usize, to: usize) -> bool {
    let mut seen = vec![false; below.len()];
    let mut stack = vec![from];
    while let Some(k) = stack.pop() {
        if k == to {
            return true;
        }
        if !std::mem::replace(&mut seen[k], true) {
            stack.extend(&below[k]);
        }
    }
    false
}

/// Tracks for a channel's items: each on the first track free over its span, below every
/// item that must be above it and every item placed already that it would rather have
/// above it. Items are taken in the stacking's order, but never before the items that
/// must be above them (a cycle of such demands is broken at its leftmost item).
fn assign(items: &[Item], above: &[Vec<usize>], stacking: &Stacking) -> Vec<usize> {
    use std::cmp::Reverse;
    use std::collections::BinaryHeap;
    let n = items.len();
    let mut waiting: Vec<usize> = above.iter().map(Vec::len).collect();
    let mut below: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (k, list) in above.iter().enumerate() {
        for &u in list {
            below[u].push(k);
        }
    }
    let mut ready: BinaryHeap<Reverse<(usize, usize)>> = (0..n)
        .filter(|&k| waiting[k] == 0)
        .map(|k| Reverse((stacking.place[k], k)))
        .collect();
    let mut done = vec![false; n];
    let mut track: Vec<Option<usize>> = vec![None; n];
    // Per track, the spans on it, sorted by left end.
    let mut tracks: Vec<Vec<(f64, f64)>> = Vec::new();
    let mut next_unplaced = 0;
    for _ in 0..n {
        let k = match ready.pop() {
            Some(Reverse((_, k))) => k,
            None => {
                // A cycle: take the leftmost item still waiting.
                while done[next_unplaced] {
                    next_unplaced += 1;
                }
                next_unplaced
            }
        };
        if done[k] {
            continue;
        }
        done[k] = true;
        let item = &items[k];
        let floor = above[k]
            .iter()
            .chain(&stacking.prefer_above[k])
            .filter_map(|&u| track[u])
            .map(|t| t + 1)
            .max()
            .unwrap_or(0);
        let free = |spans: &Vec<(f64, f64)>| {
            let at = spans.partition_point(|s| s.0 < item.lo);
            let left_clear = at == 0 || spans[at - 1].1 + TRACK_CLEARANCE <= item.lo;
            let right_clear = at == spans.len() || item.hi + TRACK_CLEARANCE <= spans[at].0;
            left_clear && right_clear
        };
        let t = (floor..tracks.len())
            .find(|&t| free(&tracks[t]))
            .unwrap_or_else(|| {
                tracks.resize(tracks.len().max(floor) + 1, Vec::new());
                tracks.len() - 1
            });
        let at = tracks[t].partition_point(|s| s.0 < item.lo);
        tracks[t].insert(at, (item.lo, item.hi));
        track[k] = Some(t);
        for &l in &below[k] {
            waiting[l] = waiting[l].saturating_sub(1);
            if waiting[l] == 0 && !done[l] {
                ready.push(Reverse((stacking.place[l], l)));
            }
        }
    }
    track.into_iter().map(|t| t.unwrap_or(0)).collect()
}
