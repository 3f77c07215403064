//! Nets: orthogonal lines styled by what they carry, arrowheads, firewall walls, labels.

use super::*;

fn colour(link: &Link, theme: &Theme) -> &'static str {
    match link.style {
        _ if link.monitoring => theme.monitoring,
        Style::Encrypted => theme.encrypted,
        Style::Plain => theme.flow,
        Style::Dns => theme.dns,
        Style::Replication => theme.replication,
    }
}

pub fn paint_nets(scene: &Scene, layout: &Layout, theme: &Theme) -> Group {
    let mut group = Group::new().set("class", "edges");
    for (i, (link, route)) in scene.links.iter().zip(&layout.routes).enumerate() {
        let colour = colour(link, theme);
        let mut data = Data::new();
        for path in &route.paths {
            for (j, p) in path.iter().enumerate() {
                let at = (round(p.x) as f32, round(p.y) as f32);
                data = if j == 0 {
                    data.move_to(at)
                } else {
                    data.line_to(at)
                };
            }
        }
        let mut line = Path::new()
            .set("d", data)
            .set("fill", "none")
            .set("stroke", colour)
            .set("stroke-width", if link.monitoring { 1.1 } else { 1.5 });
        let dash = match link.style {
            Style::Encrypted => None,
            Style::Plain => Some("6 4"),
            Style::Dns => Some("2 3"),
            Style::Replication => Some("8 3 2 3"),
        };
        if let Some(dash) = dash {
            line = line.set("stroke-dasharray", dash);
        }
        let mut g = Group::new().set("class", "edge").add(line);
        let filtered = matches!(link.style, Style::Encrypted | Style::Plain);
        for (j, path) in route.paths.iter().enumerate() {
            if let [.., a, b] = path.as_slice() {
                if filtered && crosses_wall(scene, i, j) {
                    g = g.add(wall(*a, *b, theme));
                }
                g = g.add(arrowhead(*a, *b, colour));
            }
        }
        group = group.add(g);
    }
    group
}

/// Whether spoke `j` of net `i` enters a host behind a firewall from another host (a
/// cluster counts as walled when any member is).
fn crosses_wall(scene: &Scene, i: usize, j: usize) -> bool {
    let Some(net) = scene.graph.nets.get(i) else {
        return false;
    };
    let Some(spoke) = net.spokes.get(j) else {
        return false;
    };
    let (from, to) = if net.hub_is_source {
        (net.hub.owner, spoke.owner)
    } else {
        (spoke.owner, net.hub.owner)
    };
    let walled = match to {
        Owner::Node(n) => scene.items.get(n).is_some_and(|it| it.walled),
        Owner::Group(g) => scene
            .graph
            .nodes
            .iter()
            .zip(&scene.items)
            .any(|(node, item)| node.group == Some(g) && item.walled),
    };
    walled && from != to
}

/// A triangle at `b` pointing away from `a`.
fn arrowhead(a: Point, b: Point, colour: &str) -> Polygon {
    let (dx, dy) = (b.x - a.x, b.y - a.y);
    let len = (dx * dx + dy * dy).sqrt().max(1e-9);
    let (ux, uy) = (dx / len, dy / len);
    let base = (b.x - ux * ARROW, b.y - uy * ARROW);
    let (px, py) = (-uy * ARROW * 0.45, ux * ARROW * 0.45);
    let points = format!(
        "{},{} {},{} {},{}",
        round(b.x),
        round(b.y),
        round(base.0 + px),
        round(base.1 + py),
        round(base.0 - px),
        round(base.1 - py)
    );
    Polygon::new().set("points", points).set("fill", colour)
}

/// A short brick wall across the last stretch of a flow into a protected host.
fn wall(a: Point, b: Point, theme: &Theme) -> Group {
    let horizontal = (a.y - b.y).abs() < 1e-6;
    let (dx, dy) = if horizontal {
        ((b.x - a.x).signum(), 0.0)
    } else {
        (0.0, (b.y - a.y).signum())
    };
    let (cx, cy) = (b.x - dx * (ARROW + 4.0), b.y - dy * (ARROW + 4.0));
    let (w, h) = if horizontal { (5.0, 14.0) } else { (14.0, 5.0) };
    let r = Rect {
        x: cx - w / 2.0,
        y: cy - h / 2.0,
        w,
        h,
    };
    Group::new().set("class", "wall").add(
        rect(&r)
            .set("fill", theme.wall)
            .set("stroke", theme.wall_joint)
            .set("stroke-width", 0.8),
    )
}

pub fn paint_labels(scene: &Scene, layout: &Layout, theme: &Theme) -> Group {
    let mut group = Group::new().set("class", "labels");
    for (link, route) in scene.links.iter().zip(&layout.routes) {
        let Some(r) = route.label else { continue };
        if link.label.is_empty() {
            continue;
        }
        let colour = colour(link, theme);
        let mut g = Group::new().set("class", "label").add(
            rect(&r)
                .set("rx", 3)
                .set("fill", theme.label_fill)
                .set("stroke", colour)
                .set("stroke-width", 0.8),
        );
        let mut x = r.x + LABEL_PAD;
        if link.style == Style::Encrypted {
            g = g.add(icon(Icon::Lock, x - 1.0, r.y + 1.5, 0.7, theme.lock));
            x += LOCK_ROOM;
        }
        g = g.add(label(&link.label, x, r.y + r.h - 3.5, LABEL, theme.text));
        group = group.add(g);
    }
    group
}

/// Room a label's lock takes.
pub const LOCK_ROOM: f64 = 12.0;
