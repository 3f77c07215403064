//! Failure domains to frame: the zones and regions something sits in, and where each
//! box sits among them.
//!
//! Only domains that hold a box are framed. Zones are listed region by region, in
//! declaration order, so a region's zones are drawn next to each other.

use super::Builder;
use super::metrics::{LABEL_HEIGHT, SMALL};
use crate::model::NodeId;
use crate::render::layout::{self, Placement};
use crate::render::text;
use std::collections::BTreeSet;

/// A zone or region as the drawing names it.
#[derive(Debug, Clone)]
pub struct Domain {
    pub node: NodeId,
    /// Its design path: the SVG element's `id`.
    pub path: String,
    pub title: String,
}

impl Builder<'_> {
    /// The framed zones and regions, and each item's placement among them.
    pub(super) fn zones(&mut self) {
        let d = self.design;
        let domains = &self.analysis.domains;
        let mut zones: BTreeSet<NodeId> = BTreeSet::new();
        let mut regions: BTreeSet<NodeId> = BTreeSet::new();
        for item in &self.scene.items {
            zones.extend(domains.zones_of(d, item.node));
            regions.extend(domains.region_of(d, item.node));
        }
        let domain = |id: NodeId| {
            let node = d.node(id);
            let title = match node.attrs.text("provider") {
                Some(provider) => format!("{} · {provider}", node.name),
                None => node.name.clone(),
            };
            Domain {
                node: id,
                path: node.path.clone(),
                title,
            }
        };
        let region_set = regions.clone();
        let region_of_zone = |z: NodeId| d.node(z).parent.filter(|r| region_set.contains(r));
        let ordered: Vec<NodeId> = regions
            .iter()
            .flat_map(|&r| {
                zones
                    .iter()
                    .copied()
                    .filter(move |&z| d.node(z).parent == Some(r))
            })
            .chain(
                zones
                    .iter()
                    .copied()
                    .filter(|&z| region_of_zone(z).is_none()),
            )
            .collect();
        let regions: Vec<NodeId> = regions.iter().copied().collect();
        let zone_index = |z: NodeId| ordered.iter().position(|&o| o == z);
        let region_index = |r: NodeId| regions.iter().position(|&o| o == r);
        let label = |title: &str| (text::width(title, SMALL, true).ceil() + 2.0, LABEL_HEIGHT);
        self.scene.zones = ordered.iter().map(|&z| domain(z)).collect();
        self.scene.regions = regions.iter().map(|&r| domain(r)).collect();
        let graph = &mut self.scene.graph;
        graph.zones = ordered
            .iter()
            .zip(&self.scene.zones)
            .map(|(&z, shown)| layout::Zone {
                region: region_of_zone(z).and_then(region_index),
                label: label(&shown.title),
            })
            .collect();
        graph.regions = self
            .scene
            .regions
            .iter()
            .map(|shown| layout::Region {
                label: label(&shown.title),
            })
            .collect();
        if ordered.is_empty() && regions.is_empty() {
            return;
        }
        graph.placements = self
            .scene
            .items
            .iter()
            .map(|item| {
                let indices: Vec<usize> = domains
                    .zones_of(d, item.node)
                    .iter()
                    .filter_map(|&z| zone_index(z))
                    .collect();
                match (indices.iter().min(), indices.iter().max()) {
                    (Some(&a), Some(&b)) => Some(Placement::Zones(a, b)),
                    _ => domains
                        .region_of(d, item.node)
                        .and_then(region_index)
                        .map(Placement::Region),
                }
            })
            .collect();
    }
}
