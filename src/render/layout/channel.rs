//! Phase 5: horizontal tracks in the channels between ranks, and the ranks' heights.
//!
//! In each channel a net needs one horizontal track spanning every vertical it joins
//! there (and its label, which sits on the track by the hub). Tracks are packed
//! left-edge first, so nets that do not overlap share one; a channel is as tall as its
//! tracks.

use super::blocks::Blocks;
use super::gutter::{Columns, Gutters, SegRef};
use super::spacing::{CHANNEL_PAD, CHANNEL_TRACK, MARGIN, TRACK_CLEARANCE};
use super::{Graph, Rect};
use std::collections::HashMap;

/// Room between a hub's vertical and its label.
const LABEL_OFFSET: f64 = 4.0;

#[derive(Debug)]
pub struct Channels {
    pub rank_top: Vec<f64>,
    pub rank_height: Vec<f64>,
    /// Each net's track height in each channel it uses.
    track_y: HashMap<(usize, usize), f64>,
    channel_mid: Vec<f64>,
    /// Labels of nets that leave their box (inner flows place theirs on the gutter).
    pub labels: Vec<Option<Rect>>,
    pub height: f64,
}

struct Item {
    net: usize,
    lo: f64,
    hi: f64,
    label: Option<(f64, f64, f64)>,
}

impl Channels {
    pub fn new(graph: &Graph, blocks: &Blocks, gutters: &Gutters, columns: &Columns) -> Channels {
        let ranks = blocks.order.len();
        // One channel below every rank: the last one carries flows between neighbours
        // of the bottom rank, and takes no room when there are none.
        let channels = ranks;
        let seg_x = |seg: SegRef| gutters.track_x(seg, columns.span(graph, seg.key.0));
        let mut items: Vec<Vec<Item>> = (0..channels).map(|_| Vec::new()).collect();
        for (i, net) in graph.nets.iter().enumerate() {
            let segs = &gutters.nets[i];
            let h = blocks.hub_rank[i];
            let mut xs: HashMap<usize, Vec<f64>> = HashMap::new();
            let mut add = |channel: usize, x: f64| xs.entry(channel).or_default().push(x);
            let mut hub_at = None;
            if let Some(seg) = segs.hub_down {
                add(h, seg_x(seg));
                hub_at = Some((h, seg_x(seg)));
            }
            if let Some(seg) = segs.hub_up {
                add(h - 1, seg_x(seg));
                hub_at = hub_at.or(Some((h - 1, seg_x(seg))));
            }
            for (&r, &b) in &blocks.chains[i] {
                if r == h {
                    continue;
                }
                let x = columns.block_x[b];
                add(r - 1, x);
                add(r, x);
            }
            for (spoke, seg) in net.spokes.iter().zip(&segs.spokes) {
                if seg.internal {
                    continue;
                }
                let s = blocks.rank_of_owner(spoke.owner);
                let channel = if s > h { s - 1 } else { s };
                add(channel, seg_x(seg.seg));
            }
            for (channel, list) in xs {
                let mut lo = list.iter().copied().fold(f64::INFINITY, f64::min);
                let mut hi = list.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                let mut label = None;
                if let (Some((at, hub_x)), Some((w, lh))) = (hub_at, net.label)
                    && at == channel
                {
                    let mean = list.iter().sum::<f64>() / list.len() as f64;
                    let x = if mean >= hub_x {
                        hub_x + LABEL_OFFSET
                    } else {
                        hub_x - LABEL_OFFSET - w
                    };
                    lo = lo.min(x);
                    hi = hi.max(x + w);
                    label = Some((x, w, lh));
                }
                if channel < channels {
                    items[channel].push(Item {
                        net: i,
                        lo,
                        hi,
                        label,
                    });
                }
            }
        }

        let rank_height = blocks.rank_heights(graph);
        let mut layout = Channels {
            rank_top: vec![0.0; ranks],
            rank_height,
            track_y: HashMap::new(),
            channel_mid: vec![0.0; channels],
            labels: vec![None; graph.nets.len()],
            height: 0.0,
        };
        let mut y = MARGIN;
        for r in 0..ranks {
            layout.rank_top[r] = y;
            y += layout.rank_height[r];
            if let Some(list) = items.get_mut(r) {
                y = layout.pack(r, list, y);
            }
        }
        layout.height = y + MARGIN;
        layout
    }

    /// Assign the channel's tracks; returns the y where the next rank starts.
    fn pack(&mut self, channel: usize, items: &mut [Item], top: f64) -> f64 {
        items.sort_by(|a, b| a.lo.total_cmp(&b.lo).then(a.net.cmp(&b.net)));
        let pitch = items
            .iter()
            .filter_map(|i| i.label.map(|l| l.2 + 4.0))
            .fold(CHANNEL_TRACK, f64::max);
        let mut ends: Vec<f64> = Vec::new();
        let mut placed = Vec::with_capacity(items.len());
        for item in items.iter() {
            if item.hi - item.lo < 0.5 && item.label.is_none() {
                placed.push(None);
                continue;
            }
            let track = match ends
                .iter()
                .position(|&end| end + TRACK_CLEARANCE <= item.lo)
            {
                Some(t) => t,
                None => {
                    ends.push(f64::NEG_INFINITY);
                    ends.len() - 1
                }
            };
            ends[track] = item.hi;
            placed.push(Some(track));
        }
        let last = channel + 1 == self.rank_top.len();
        let height = if last && items.is_empty() {
            0.0
        } else {
            2.0 * CHANNEL_PAD + ends.len().max(1) as f64 * pitch
        };
        self.channel_mid[channel] = top + height / 2.0;
        for (item, track) in items.iter().zip(placed) {
            let y = match track {
                Some(t) => top + CHANNEL_PAD + (t as f64 + 0.5) * pitch,
                None => top + height / 2.0,
            };
            self.track_y.insert((item.net, channel), y);
            if let Some((x, w, h)) = item.label {
                self.labels[item.net] = Some(Rect {
                    x,
                    y: y - h / 2.0,
                    w,
                    h,
                });
            }
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
