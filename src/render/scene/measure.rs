//! Sizes: boxes from their measured text, and the layout graph's nodes and groups.

use super::Builder;
use super::metrics::*;
use super::row_parts::row_width;
use crate::model::NodeId;
use crate::render::layout;
use crate::render::text;
use rustc_hash::FxHashMap as HashMap;

impl Builder<'_> {
    /// Box sizes from measured text, and the layout graph's nodes and groups.
    pub(super) fn measure(&mut self) {
        let group_of: HashMap<NodeId, usize> = self
            .scene
            .clusters
            .iter()
            .enumerate()
            .flat_map(|(g, c)| self.design.members(c.node).into_iter().map(move |m| (m, g)))
            .collect();
        let mut nodes = Vec::with_capacity(self.scene.items.len());
        for (i, item) in self.scene.items.iter().enumerate() {
            let badges = badge_room(item.badges.len());
            let mut width = ICON + 6.0 + text::width(&item.title, TITLE, true) + 4.0 + badges;
            for line in &item.lines {
                let icon = if line.icon.is_some() { ICON + 4.0 } else { 0.0 };
                width = width.max(icon + text::width(&line.text, SMALL, false));
            }
            for row in &item.rows {
                width = width.max(row_width(row));
            }
            let height = item.header_height()
                + item.rows.len() as f64 * ROW
                + if item.rows.is_empty() { 0.0 } else { PAD / 2.0 };
            let shadow = stack_offset(item.stack);
            nodes.push(layout::Node {
                width: (width + 2.0 * PAD).max(96.0).ceil() + shadow,
                height: height + shadow,
                rank: self.ranks[i],
                group: group_of.get(&item.node).copied(),
            });
        }
        self.scene.graph.nodes = nodes;
        self.scene.graph.groups = self
            .scene
            .clusters
            .iter()
            .map(|c| layout::Group {
                header: PAD + 2.0 * LINE + PAD / 2.0,
                min_width: (2.0 * PAD
                    + (text::width(&c.title, TITLE, true) + badge_room(c.badges.len()))
                        .max(text::width(&c.detail, SMALL, false)))
                .ceil(),
            })
            .collect();
    }
}

/// How far the cards behind a stacked box stick out.
pub fn stack_offset(stack: usize) -> f64 {
    if stack > 1 { 8.0 } else { 0.0 }
}

/// Room for `n` badges after a title.
pub fn badge_room(n: usize) -> f64 {
    n as f64 * (BADGE + 3.0)
}
