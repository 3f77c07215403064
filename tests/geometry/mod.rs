//! What every laid-out diagram must satisfy, checked on the layout's own geometry:
//! no overlapping boxes, no line through a box, every path starting on its source and
//! ending on its target, and every net keeping to itself — two nets never run along one
//! line (nor meet end to end on it, which reads as one line), and no label is crossed by
//! another net's line or covers a box or another label.

#![allow(dead_code)]

pub mod badges;

use infrac::render::layout::spacing::{FRAME_GAP, PORT_SPREAD, SPAN_IN};
use infrac::render::layout::{Frame, Graph, Layout, Owner, Placement, Point, Port, Rect};

/// Two collinear lines of different nets may overlap by at most this much.
pub const MAX_SHARED: f64 = 2.0;
/// ...and, end to end, must keep at least this far apart.
pub const MIN_GAP: f64 = 3.0;

fn overlaps(a: &Rect, b: &Rect) -> bool {
    const E: f64 = 0.5;
    a.x + E < b.right() && b.x + E < a.right() && a.y + E < b.bottom() && b.y + E < a.bottom()
}

fn inside(inner: &Rect, outer: &Rect) -> bool {
    inner.x >= outer.x - 1e-6
        && inner.y >= outer.y - 1e-6
        && inner.right() <= outer.right() + 1e-6
        && inner.bottom() <= outer.bottom() + 1e-6
}

/// Whether the segment a–b (axis-parallel) enters the interior of `r`.
pub fn cuts(a: Point, b: Point, r: &Rect) -> bool {
    const E: f64 = 0.5;
    let (x0, x1) = (a.x.min(b.x), a.x.max(b.x));
    let (y0, y1) = (a.y.min(b.y), a.y.max(b.y));
    x0 < r.right() - E && x1 > r.x + E && y0 < r.bottom() - E && y1 > r.y + E
}

fn owner_rect(layout: &Layout, owner: Owner) -> Rect {
    match owner {
        Owner::Node(n) => layout.nodes[n],
        Owner::Group(g) => layout.groups[g],
    }
}

/// Whether `p` is where a net may touch `port`'s box: on a side at the port's height
/// (give or take the slots of nets sharing it), or, for a port that allows it, anywhere
/// on the top or bottom face.
fn on_port(p: Point, port: Port, r: &Rect) -> bool {
    let e = 0.01;
    let side = ((p.x - r.x).abs() < e || (p.x - r.right()).abs() < e)
        && (p.y - (r.y + port.y)).abs() <= PORT_SPREAD + e;
    let face = port.edge
        && ((p.y - r.y).abs() < e || (p.y - r.bottom()).abs() < e)
        && p.x >= r.x - e
        && p.x <= r.right() + e;
    side || face
}

pub fn check(graph: &Graph, layout: &Layout) -> Result<(), String> {
    boxes(graph, layout)?;
    frames(graph, layout)?;
    let labels: Vec<(usize, Rect)> = layout
        .routes
        .iter()
        .enumerate()
        .filter_map(|(i, r)| r.label.map(|l| (i, l)))
        .collect();
    for (k, &(i, l)) in labels.iter().enumerate() {
        if let Some(n) = layout.nodes.iter().position(|n| overlaps(&l, n)) {
            return Err(format!(
                "net {i}'s label {l:?} covers box {n} {:?}",
                layout.nodes[n]
            ));
        }
        if let Some(&(j, _)) = labels[k + 1..].iter().find(|(_, m)| overlaps(&l, m)) {
            return Err(format!("the labels of nets {i} and {j} overlap"));
        }
    }
    let mut segments: Vec<(usize, Point, Point)> = Vec::new();
    for (i, (net, route)) in graph.nets.iter().zip(&layout.routes).enumerate() {
        if route.paths.len() != net.spokes.len() {
            return Err(format!(
                "net {i}: {} paths for {} spokes",
                route.paths.len(),
                net.spokes.len()
            ));
        }
        for (spoke, path) in net.spokes.iter().zip(&route.paths) {
            let (from, to) = if net.hub_is_source {
                (net.hub, *spoke)
            } else {
                (*spoke, net.hub)
            };
            check_path(i, path, from, to, layout)?;
            segments.extend(path.windows(2).map(|w| (i, w[0], w[1])));
        }
    }
    for &(i, l) in &labels {
        if let Some(&(j, a, b)) = segments.iter().find(|&&(j, a, b)| j != i && cuts(a, b, &l)) {
            return Err(format!(
                "net {j}'s segment {a:?} → {b:?} crosses net {i}'s label {l:?}"
            ));
        }
    }
    apart(&segments)
}

/// Zones and regions: a box in one zone is inside that zone's frame and no other; a box
/// spread over zones reaches into each of them (`spread_reaches`); a box placed nowhere
/// is in no frame; frames of different zones (and of different regions) do not overlap;
/// a zone's frame is inside its region's; a frame's title is inside its frame, and no
/// box, edge label or line covers it.
fn frames(graph: &Graph, layout: &Layout) -> Result<(), String> {
    let zone = |z: usize| layout.zones.get(z).copied().flatten();
    let region = |r: usize| layout.regions.get(r).copied().flatten();
    let all: Vec<(String, Frame)> = (0..graph.zones.len())
        .filter_map(|z| zone(z).map(|f| (format!("zone {z}"), f)))
        .chain(
            (0..graph.regions.len()).filter_map(|r| region(r).map(|f| (format!("region {r}"), f))),
        )
        .collect();
    for (n, own_rect) in layout.nodes.iter().enumerate() {
        let placement = graph.placements.get(n).copied().flatten();
        // A cluster's members are placed as one: its frame straddles, not each member.
        let spread = matches!(placement, Some(Placement::Zones(a, b)) if a != b);
        let rect = match graph.nodes[n].group {
            Some(g) if spread => &layout.groups[g],
            _ => own_rect,
        };
        match placement {
            Some(Placement::Zones(a, b)) if a == b => {
                let f = zone(a).ok_or(format!("box {n}'s zone {a} has no frame"))?;
                if !inside(rect, &f.rect) {
                    return Err(format!(
                        "box {n} {rect:?} sticks out of zone {a} {:?}",
                        f.rect
                    ));
                }
            }
            Some(Placement::Zones(a, b)) => {
                let (fa, fb) = zone(a)
                    .zip(zone(b))
                    .ok_or(format!("box {n}: a zone without frame"))?;
                let reaches = rect.x >= fa.rect.x
                    && rect.x < fa.rect.right()
                    && rect.right() <= fb.rect.right()
                    && rect.right() > fb.rect.x
                    && rect.y >= fa.rect.y.max(fb.rect.y)
                    && rect.bottom() <= fa.rect.bottom().min(fb.rect.bottom());
                if !reaches {
                    return Err(format!(
                        "box {n} {rect:?} does not span zones {a} {:?} to {b} {:?}",
                        fa.rect, fb.rect
                    ));
                }
                spread_reaches(n, rect, a, b, layout)?;
            }
            Some(Placement::Region(r)) => {
                let f = region(r).ok_or(format!("box {n}'s region {r} has no frame"))?;
                if !inside(rect, &f.rect) {
                    return Err(format!("box {n} sticks out of region {r}"));
                }
            }
            None => {}
        }
        for (z, f) in layout.zones.iter().enumerate() {
            let Some(f) = f else { continue };
            let own = matches!(placement, Some(Placement::Zones(a, b)) if a <= z && z <= b);
            if !own && overlaps(rect, &f.rect) {
                return Err(format!(
                    "box {n} {rect:?} overlaps zone {z} {:?}, not its own",
                    f.rect
                ));
            }
            if overlaps(rect, &f.label) {
                return Err(format!("box {n} covers zone {z}'s title"));
            }
        }
        for (r, f) in layout.regions.iter().enumerate() {
            let Some(f) = f else { continue };
            let own = match placement {
                Some(Placement::Region(q)) => q == r,
                Some(Placement::Zones(a, b)) => (a..=b).any(|z| graph.zones[z].region == Some(r)),
                None => false,
            };
            if !own && overlaps(rect, &f.rect) {
                return Err(format!("box {n} overlaps region {r}, not its own"));
            }
            if overlaps(rect, &f.label) {
                return Err(format!("box {n} covers region {r}'s title"));
            }
        }
    }
    for (z, f) in layout.zones.iter().enumerate() {
        let Some(f) = f else { continue };
        if let Some(r) = graph.zones[z].region {
            let outer = region(r).ok_or(format!("zone {z}'s region {r} has no frame"))?;
            if !inside(&f.rect, &outer.rect) || overlaps(&f.rect, &outer.label) {
                return Err(format!(
                    "zone {z} is not inside region {r}, under its title"
                ));
            }
        }
        for (w, g) in layout.zones.iter().enumerate().skip(z + 1) {
            if g.is_some_and(|g| overlaps(&f.rect, &g.rect)) {
                return Err(format!("zones {z} and {w} overlap"));
            }
        }
    }
    for (r, f) in layout.regions.iter().enumerate() {
        let Some(f) = f else { continue };
        for (q, g) in layout.regions.iter().enumerate().skip(r + 1) {
            if g.is_some_and(|g| overlaps(&f.rect, &g.rect)) {
                return Err(format!("regions {r} and {q} overlap"));
            }
        }
    }
    for (name, f) in &all {
        if !inside(&f.label, &f.rect) {
            return Err(format!("{name}'s title sticks out of its frame"));
        }
        for (i, route) in layout.routes.iter().enumerate() {
            let crossing = route
                .paths
                .iter()
                .flat_map(|p| p.windows(2))
                .find(|w| cuts(w[0], w[1], &f.label));
            if let Some(w) = crossing {
                return Err(format!(
                    "net {i}'s segment {:?} → {:?} crosses {name}'s title {:?}",
                    w[0], w[1], f.label
                ));
            }
        }
        for (i, route) in layout.routes.iter().enumerate() {
            if route.label.is_some_and(|l| overlaps(&l, &f.label)) {
                return Err(format!("net {i}'s label covers {name}'s title"));
            }
        }
        for (other, g) in &all {
            if other != name && overlaps(&f.label, &g.label) {
                return Err(format!("the titles of {name} and {other} overlap"));
            }
        }
    }
    Ok(())
}

/// A box spread over zones `a..=b` (a cluster's frame, for its members) reaches into
/// each of them: `SPAN_IN` past the boundary into the outer two (less the half gap the
/// frames keep from it), and across every zone between them whole. That it covers no
/// other box, and no zone but its own, `boxes` and `frames` check for every box.
fn spread_reaches(
    n: usize,
    rect: &Rect,
    a: usize,
    b: usize,
    layout: &Layout,
) -> Result<(), String> {
    let zone = |z: usize| {
        layout
            .zones
            .get(z)
            .copied()
            .flatten()
            .map(|f| f.rect)
            .ok_or(format!("box {n}: zone {z} has no frame"))
    };
    let reach = SPAN_IN - FRAME_GAP / 2.0 - 0.5;
    let (first, last) = (zone(a)?, zone(b)?);
    if rect.x + reach > first.right() {
        return Err(format!(
            "box {n} {rect:?} reaches less than {reach} into its first zone {a} {first:?}"
        ));
    }
    if rect.right() - reach < last.x {
        return Err(format!(
            "box {n} {rect:?} reaches less than {reach} into its last zone {b} {last:?}"
        ));
    }
    for z in a + 1..b {
        let middle = zone(z)?;
        if rect.x > middle.x || rect.right() < middle.right() {
            return Err(format!(
                "box {n} {rect:?} does not cross its middle zone {z} {middle:?} whole"
            ));
        }
    }
    Ok(())
}

fn boxes(graph: &Graph, layout: &Layout) -> Result<(), String> {
    let nodes = &layout.nodes;
    for i in 0..nodes.len() {
        for j in i + 1..nodes.len() {
            if overlaps(&nodes[i], &nodes[j]) {
                return Err(format!(
                    "boxes {i} and {j} overlap: {:?} {:?}",
                    nodes[i], nodes[j]
                ));
            }
        }
        match graph.nodes[i].group {
            Some(g) if !inside(&nodes[i], &layout.groups[g]) => {
                return Err(format!("box {i} sticks out of its group {g}"));
            }
            _ => {}
        }
        for (g, frame) in layout.groups.iter().enumerate() {
            if graph.nodes[i].group != Some(g) && overlaps(&nodes[i], frame) {
                return Err(format!("box {i} overlaps group {g}"));
            }
        }
    }
    for a in 0..layout.groups.len() {
        for b in a + 1..layout.groups.len() {
            if overlaps(&layout.groups[a], &layout.groups[b]) {
                return Err(format!("groups {a} and {b} overlap"));
            }
        }
    }
    Ok(())
}

fn check_path(
    i: usize,
    path: &[Point],
    from: Port,
    to: Port,
    layout: &Layout,
) -> Result<(), String> {
    let (Some(&first), Some(&last)) = (path.first(), path.last()) else {
        return Err(format!("net {i}: empty path"));
    };
    let (src, dst) = (owner_rect(layout, from.owner), owner_rect(layout, to.owner));
    if !on_port(first, from, &src) {
        return Err(format!(
            "net {i}: starts at {first:?}, not on its source {src:?} at {}",
            from.y
        ));
    }
    if !on_port(last, to, &dst) {
        return Err(format!(
            "net {i}: ends at {last:?}, not on its target {dst:?} at {}",
            to.y
        ));
    }
    for w in path.windows(2) {
        let (a, b) = (w[0], w[1]);
        if (a.x - b.x).abs() > 1e-6 && (a.y - b.y).abs() > 1e-6 {
            return Err(format!("net {i}: diagonal segment {a:?} → {b:?}"));
        }
        for (n, r) in layout.nodes.iter().enumerate() {
            if cuts(a, b, r) {
                return Err(format!(
                    "net {i}: segment {a:?} → {b:?} crosses box {n} {r:?}"
                ));
            }
        }
    }
    Ok(())
}

/// No two nets on one line: collinear segments of different nets neither overlap nor
/// meet end to end.
fn apart(segments: &[(usize, Point, Point)]) -> Result<(), String> {
    // (line coordinate, from, to, net) for horizontal and vertical segments.
    let mut horizontal = Vec::new();
    let mut vertical = Vec::new();
    for &(net, a, b) in segments {
        if (a.y - b.y).abs() < 1e-6 && (a.x - b.x).abs() > 1e-6 {
            horizontal.push((a.y, a.x.min(b.x), a.x.max(b.x), net));
        } else if (a.x - b.x).abs() < 1e-6 && (a.y - b.y).abs() > 1e-6 {
            vertical.push((a.x, a.y.min(b.y), a.y.max(b.y), net));
        }
    }
    for (name, mut list) in [("horizontal", horizontal), ("vertical", vertical)] {
        list.sort_by(|a, b| a.0.total_cmp(&b.0));
        for (k, &(at, lo, hi, net)) in list.iter().enumerate() {
            for &(at2, lo2, hi2, net2) in list[k + 1..].iter().take_while(|s| s.0 - at < 1.0) {
                if net == net2 {
                    continue;
                }
                let shared = hi.min(hi2) - lo.max(lo2);
                if shared > MAX_SHARED {
                    return Err(format!(
                        "nets {net} and {net2} share a {name} line at {at}/{at2} for {shared:.1} px ({lo}..{hi} and {lo2}..{hi2})"
                    ));
                }
                if shared > -MIN_GAP {
                    return Err(format!(
                        "nets {net} and {net2} meet end to end on a {name} line at {at}/{at2} ({lo}..{hi} and {lo2}..{hi2})"
                    ));
                }
            }
        }
    }
    Ok(())
}
