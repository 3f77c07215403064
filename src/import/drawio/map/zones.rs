//! Availability zone and region frames as `zone` and `region` blocks: a server drawn in
//! an availability zone — directly, or in a subnet that sits in it — runs in that zone;
//! a zone drawn in a region frame is declared in that region. Membership is by the
//! frames' boxes as well as draw.io's parents, since exports often make the subnets and
//! the zone frames siblings inside the VPC, with the subnets only drawn over the zone.

use super::{Mapper, first_line};
use crate::import::drawio::cells::Rect;
use crate::import::drawio::read::element;
use crate::import::drawio::shape::{Frame, zone_code};
use crate::import::names::{is_identifier, slug};
use crate::model::builder::{ItemId, Value};

impl Mapper<'_> {
    /// Declare the regions and zones drawn, and place every server drawn in one.
    pub(super) fn zones(&mut self, frames: &[(usize, Frame, String)]) {
        let of = |kind: Frame| -> Vec<(usize, String)> {
            frames
                .iter()
                .filter(|(_, f, _)| *f == kind)
                .map(|(i, _, label)| (*i, label.clone()))
                .collect()
        };
        let mut regions: Vec<(usize, String, ItemId)> = Vec::new();
        for (i, label) in of(Frame::Region) {
            let wish = name_of(&label, "region");
            let name = self.verbatim(&wish, "region");
            let at = self.origin(i);
            let id = self.b.item(None, "region", &name, &at);
            regions.push((i, name, id));
        }
        // Zone name → the frames drawn for it. A subnet labelled `us-east-1a` in the
        // `us-east-1a` frame is the same zone, and so is any frame named by the
        // provider's code; two side-by-side frames both labelled "Availability Zone"
        // are two zones (`az`, `az_2`), or every server would seem to share one.
        let mut zones: Vec<Zone> = Vec::new();
        for (i, label) in of(Frame::Zone) {
            let wish = name_of(&label, "zone");
            let same = zones.iter().position(|z| {
                z.wish == wish
                    && (zone_code(&wish).is_some()
                        || z.cells
                            .iter()
                            .any(|&c| self.nested(c, i) || self.nested(i, c)))
            });
            if let Some(z) = same {
                zones[z].cells.push(i);
                continue;
            }
            let region = self.smallest(i, regions.iter().map(|r| r.0));
            let parent = region.and_then(|r| regions.iter().find(|x| x.0 == r).map(|x| x.2));
            let name = self.verbatim(&wish, "zone");
            let at = self.origin(i);
            self.b.item(parent, "zone", &name, &at);
            zones.push(Zone {
                wish,
                name,
                cells: vec![i],
            });
        }
        let frames_of_zones: Vec<usize> = zones.iter().flat_map(|z| z.cells.clone()).collect();
        let mut placed = 0;
        let mut hosts: Vec<usize> = self.servers.keys().copied().collect();
        for &f in &frames_of_zones {
            for h in self.hosts_within(f) {
                if !hosts.contains(&h) {
                    self.server(h);
                    hosts.push(h);
                }
            }
        }
        hosts.sort();
        for h in hosts {
            if let Some(server) = self.servers.get(&h).map(|s| s.id) {
                placed += usize::from(self.place(h, server, &zones, &regions));
            }
        }
        // A provider's service drawn in a zone runs there (an RDS instance in its AZ).
        let mut managed: Vec<(usize, ItemId)> =
            self.managed.iter().map(|(&c, m)| (c, m.id)).collect();
        managed.sort();
        for (cell, id) in managed {
            placed += usize::from(self.place(cell, id, &zones, &regions));
        }
        if placed > 0 {
            for zone in &zones {
                let cell = &self.page.cells[zone.cells[0]];
                self.report.guess(
                    element(cell),
                    Some(cell.span),
                    "an availability zone frame: the servers and services drawn in it (or in subnets in it) run in that zone",
                );
            }
        }
    }

    /// Say that `item`, drawn as `cell`, runs in the zone whose frame is the smallest
    /// around it, or else in the region around it; whether it landed in a zone.
    fn place(
        &mut self,
        cell: usize,
        item: ItemId,
        zones: &[Zone],
        regions: &[(usize, String, ItemId)],
    ) -> bool {
        let at = self.origin(cell);
        let frames = zones.iter().flat_map(|z| z.cells.iter().copied());
        if let Some(frame) = self.smallest(cell, frames) {
            let zone = zones.iter().find(|z| z.cells.contains(&frame));
            if let Some(zone) = zone {
                let name = Value::word(zone.name.clone());
                self.b.attribute(Some(item), "zone", name, &at);
                return true;
            }
        } else if let Some(region) = self.smallest(cell, regions.iter().map(|r| r.0))
            && let Some(r) = regions.iter().find(|r| r.0 == region)
        {
            let name = Value::word(r.1.clone());
            self.b.attribute(Some(item), "region", name, &at);
        }
        false
    }

    /// `wish` as it is when `.infra` can write it (`us-east-1a`) and it is free, else a
    /// fresh name made from it.
    fn verbatim(&mut self, wish: &str, fallback: &str) -> String {
        if is_identifier(wish) && !self.names.is_taken("", wish) {
            self.names.take("", wish);
            wish.to_string()
        } else {
            self.names.unique("", wish, fallback)
        }
    }

    /// The smallest of `frames` whose box holds shape `i`'s centre, or that holds it by
    /// draw.io's parents.
    fn smallest(&self, i: usize, frames: impl Iterator<Item = usize>) -> Option<usize> {
        let rect = |c: usize| self.page.cells.get(c).and_then(|c| c.rect);
        let centre = rect(i).map(|r| r.centre());
        frames
            .filter(|&f| f != i)
            .filter(|&f| {
                self.encloses(f, i)
                    || match (rect(f), centre) {
                        (Some(r), Some(p)) => inside(&r, p.x, p.y),
                        _ => false,
                    }
            })
            .min_by(|&a, &b| {
                let area = |c: usize| rect(c).map_or(f64::MAX, |r| r.area());
                area(a).total_cmp(&area(b))
            })
    }

    /// Whether frame `outer` holds frame `inner`, by draw.io's parents or by its box.
    fn nested(&self, outer: usize, inner: usize) -> bool {
        let rect = |c: usize| self.page.cells.get(c).and_then(|c| c.rect);
        self.encloses(outer, inner)
            || matches!((rect(outer), rect(inner)), (Some(o), Some(i)) if o.contains(&i))
    }

    /// Whether frame `f` holds shape `i` by the containers read from the file.
    pub(super) fn encloses(&self, f: usize, i: usize) -> bool {
        let mut at = self.shapes.get(i).and_then(|s| s.container);
        for _ in 0..64 {
            match at {
                Some(c) if c == f => return true,
                Some(c) => at = self.shapes.get(c).and_then(|s| s.container),
                None => return false,
            }
        }
        false
    }
}

/// One zone: the name its label asked for, the name it got, and the frames drawn for it.
struct Zone {
    wish: String,
    name: String,
    cells: Vec<usize>,
}

fn inside(r: &Rect, x: f64, y: f64) -> bool {
    x >= r.x && y >= r.y && x <= r.x + r.w && y <= r.y + r.h
}

/// A zone's or region's name from its label: the provider's code when the label has
/// one (`us-east-1a`), "Availability Zone A" as `az_a`, else the label's words.
fn name_of(label: &str, fallback: &str) -> String {
    let first = first_line(label).to_ascii_lowercase();
    let words: Vec<&str> = first
        .split(|c: char| !c.is_ascii_alphanumeric() && c != '-')
        .filter(|w| !w.is_empty())
        .collect();
    if let Some(code) = words.iter().find_map(|w| zone_code(w)) {
        return code.to_string();
    }
    if fallback == "region"
        && let Some(code) = words
            .iter()
            .find(|w| w.contains('-') && w.ends_with(|c: char| c.is_ascii_digit()))
    {
        return code.to_string();
    }
    let short = first
        .replace("availability zone", "az")
        .replace("availability-zone", "az");
    let s = slug(&short);
    if s.is_empty() {
        fallback.to_string()
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zones_are_named_by_their_code_or_their_words() {
        assert_eq!(name_of("us-east-1a", "zone"), "us-east-1a");
        assert_eq!(name_of("Public subnet (us-east-1b)", "zone"), "us-east-1b");
        assert_eq!(name_of("Availability Zone A", "zone"), "az_a");
        assert_eq!(name_of("AZ 2", "zone"), "az_2");
        assert_eq!(name_of("", "zone"), "zone");
        assert_eq!(name_of("Region us-west-2", "region"), "us-west-2");
        assert_eq!(name_of("Region", "region"), "region");
    }
}
