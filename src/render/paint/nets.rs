//! Nets: orthogonal lines styled by what they carry, arrowheads, firewall walls, labels.

use super::*;
use rustc_hash::FxHashMap as HashMap;

fn colour(link: &Link, theme: &Theme) -> &'static str {
    match link.style {
        _ if link.monitoring => theme.monitoring,
        Style::Encrypted => theme.encrypted,
        Style::Plain => theme.flow,
        Style::Dns => theme.dns,
        Style::Replication => theme.replication,
        Style::Certificate => theme.lock,
    }
}

/// A net's `id`: its senders, its receivers and what it carries — `lb1.haproxy->web1.nginx+web2.nginx@http:80`;
/// a side with more than three items is written `*`. Unique in the document (a repeat
/// gets `~2`, `~3`).
fn edge_id(link: &Link, seen: &mut HashMap<String, usize>) -> String {
    let side = |pick: fn(&(String, String)) -> &String| {
        let mut names: Vec<&str> = link.ends.iter().map(|e| pick(e).as_str()).collect();
        names.dedup();
        if names.len() > 3 {
            "*".to_string()
        } else {
            names.join("+")
        }
    };
    let what: String = if link.label.is_empty() {
        format!("{:?}", link.style).to_lowercase()
    } else {
        link.label.split_whitespace().collect::<Vec<_>>().join("")
    };
    let id = format!("{}->{}@{what}", side(|e| &e.0), side(|e| &e.1));
    let n = seen.entry(id.clone()).or_insert(0);
    *n += 1;
    if *n == 1 { id } else { format!("{id}~{n}") }
}

/// Space-separated design paths, each once, in order.
fn list<'a>(names: impl Iterator<Item = &'a String>) -> String {
    let mut out: Vec<&str> = Vec::new();
    for n in names {
        if !out.contains(&n.as_str()) {
            out.push(n);
        }
    }
    out.join(" ")
}

pub fn paint_nets(scene: &Scene, layout: &Layout, theme: &Theme, diagram: &mut Open) {
    let mut group = diagram.open(Group::new().set("class", "edges"));
    let mut seen = HashMap::default();
    for (i, (link, route)) in scene.links.iter().zip(&layout.routes).enumerate() {
        let colour = colour(link, theme);
        let dash = match link.style {
            Style::Encrypted => None,
            Style::Plain => Some("6 4"),
            Style::Dns => Some("2 3"),
            Style::Replication => Some("8 3 2 3"),
            Style::Certificate => Some("1 3"),
        };
        let mut g = Group::new()
            .set("class", "edge")
            .set("id", edge_id(link, &mut seen))
            .set("data-from", list(link.ends.iter().map(|e| &e.0)))
            .set("data-to", list(link.ends.iter().map(|e| &e.1)));
        let filtered = matches!(link.style, Style::Encrypted | Style::Plain);
        for (j, path) in route.paths.iter().enumerate() {
            let mut data = Data::new();
            for (k, p) in path.iter().enumerate() {
                let at = (round(p.x) as f32, round(p.y) as f32);
                data = if k == 0 {
                    data.move_to(at)
                } else {
                    data.line_to(at)
                };
            }
            let mut line = Path::new()
                .set("d", data)
                .set("fill", "none")
                .set("stroke", colour)
                .set("stroke-width", if link.monitoring { 1.1 } else { 1.5 });
            if let Some(dash) = dash {
                line = line.set("stroke-dasharray", dash);
            }
            if let Some((from, to)) = link.ends.get(j) {
                line = line
                    .set("data-from", from.as_str())
                    .set("data-to", to.as_str());
            }
            let broken = link.broken.get(j).copied().unwrap_or(false);
            let mut spoke = Group::new()
                .set("class", if broken { "hop broken" } else { "hop" })
                .add(line);
            if let [.., a, b] = path.as_slice() {
                if filtered && crosses_wall(scene, i, j) {
                    spoke = spoke.add(wall(*a, *b, theme));
                }
                if link.style != Style::Certificate {
                    spoke = spoke.add(arrowhead(*a, *b, colour));
                }
            }
            if broken {
                spoke = spoke.set("opacity", 0.25);
            }
            g = g.add(spoke);
        }
        group.add(g);
    }
    group.close();
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
fn arrowhead(a: Point, b: Point, colour: &str) -> Element {
    let (dx, dy) = (b.x - a.x, b.y - a.y);
    let len = (dx * dx + dy * dy).sqrt().max(1e-9);
    let (ux, uy) = (dx / len, dy / len);
    let base = (b.x - ux * ARROW, b.y - uy * ARROW);
    let (px, py) = (-uy * ARROW * 0.45, ux * ARROW * 0.45);
    let points = [
        (round(b.x), round(b.y)),
        (round(base.0 + px), round(base.1 + py)),
        (round(base.0 - px), round(base.1 - py)),
    ];
    Polygon::new().set("points", points).set("fill", colour)
}

/// A short brick wall across the last stretch of a flow into a protected host.
fn wall(a: Point, b: Point, theme: &Theme) -> Element {
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

pub fn paint_labels(scene: &Scene, layout: &Layout, theme: &Theme, diagram: &mut Open) {
    let mut group = diagram.open(Group::new().set("class", "labels"));
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
        if !link.broken.is_empty() && link.broken.iter().all(|&b| b) {
            g = g.set("opacity", 0.25);
        }
        group.add(g);
    }
    group.close();
}

/// Room a label's lock takes.
pub const LOCK_ROOM: f64 = 12.0;
