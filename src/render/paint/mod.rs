//! Painting a laid-out scene as SVG with the `svg` crate: every label is a text node or
//! an escaped attribute, never spliced into markup.
//!
//! Order of layers: title block, cluster frames, nets, boxes, net labels, legend — so
//! labels stay readable over lines and nothing paints over a box.

pub mod icons;
pub mod theme;

use super::layout::{Layout, Owner, Point, Rect};
use super::scene::metrics::*;
use super::scene::{BoxKind, Item, Link, Marker, Row, Scene, Style, badge_room, stack_offset};
use super::text::{self, FONT_FAMILY};
use crate::lint::Severity;
use crate::model::Kind;
use icons::{Icon, icon};
use svg::Document;
use svg::node::element::path::Data;
use svg::node::element::{Circle, Group, Path, Polygon, Rectangle, Text, Title};
use theme::Theme;

const MARGIN: f64 = 16.0;
const HEADING: f64 = 20.0;
const SUBHEADING: f64 = 12.0;
const MIN_WIDTH: f64 = 480.0;
const ARROW: f64 = 8.0;

/// Coordinates to 0.1 px: enough for the eye, and stable text.
pub fn round(x: f64) -> f64 {
    let r = (x * 10.0).round() / 10.0;
    if r == 0.0 { 0.0 } else { r }
}

/// The scene as an SVG document.
pub fn paint(scene: &Scene, layout: &Layout, theme: &Theme) -> String {
    let heading = heading_lines(scene);
    let heading_height = MARGIN + HEADING + heading.len() as f64 * (SUBHEADING + 5.0) + 8.0;
    let mut width = layout.width.max(MIN_WIDTH);
    width = width.max(2.0 * MARGIN + text::width(&scene.title, HEADING, true));
    for line in &heading {
        width = width.max(2.0 * MARGIN + text::width(line, SUBHEADING, false));
    }
    let width = width.ceil();
    let legend = Legend::new(&scene.markers, width - 2.0 * MARGIN);
    let height = (heading_height + layout.height + legend.height).ceil();

    let mut doc = Document::new()
        .set("width", width)
        .set("height", height)
        .set("viewBox", (0, 0, width, height))
        .set("font-family", FONT_FAMILY)
        .set("role", "img")
        .add(Title::new(clean(&scene.title)))
        .add(
            Rectangle::new()
                .set("width", width)
                .set("height", height)
                .set("fill", theme.background),
        )
        .add(paint_heading(scene, &heading, theme));
    let diagram = Group::new()
        .set("class", "diagram")
        .set(
            "transform",
            format!("translate(0,{})", round(heading_height)),
        )
        .add(paint_clusters(scene, layout, theme))
        .add(paint_nets(scene, layout, theme))
        .add(paint_items(scene, layout, theme))
        .add(paint_labels(scene, layout, theme));
    doc = doc.add(diagram);
    doc = doc.add(legend.paint(theme, heading_height + layout.height));
    let mut out = doc.to_string();
    out.push('\n');
    out
}

/// Text for a text node: XML 1.0 has no place for control characters.
fn clean(s: &str) -> String {
    s.chars().filter(|c| !c.is_control()).collect()
}

fn label(content: &str, x: f64, y: f64, size: f64, fill: &str) -> Text {
    Text::new(clean(content))
        .set("x", round(x))
        .set("y", round(y))
        .set("font-size", size)
        .set("fill", fill)
}

fn heading_lines(scene: &Scene) -> Vec<String> {
    let mut lines = scene.subtitle.clone();
    let servers: usize = scene
        .items
        .iter()
        .filter(|i| i.kind == BoxKind::Server)
        .map(|i| i.stack)
        .sum();
    let mut summary = vec![plural(servers, "server")];
    if !scene.clusters.is_empty() {
        summary.push(plural(scene.clusters.len(), "cluster"));
    }
    let by = |s: Severity| scene.markers.iter().filter(|m| m.severity == s).count();
    let (errors, warnings) = (by(Severity::Error), by(Severity::Warning));
    summary.push(match (errors, warnings) {
        (0, 0) if scene.markers.is_empty() => "no findings".to_string(),
        _ => format!(
            "{}, {}",
            plural(errors, "error"),
            plural(warnings, "warning")
        ),
    });
    lines.push(summary.join(" · "));
    lines
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

fn paint_heading(scene: &Scene, lines: &[String], theme: &Theme) -> Group {
    let mut group = Group::new().set("class", "heading").add(
        label(
            &scene.title,
            MARGIN,
            MARGIN + HEADING * 0.8,
            HEADING,
            theme.text,
        )
        .set("font-weight", "bold"),
    );
    let mut y = MARGIN + HEADING + SUBHEADING + 2.0;
    for line in lines {
        group = group.add(label(line, MARGIN, y, SUBHEADING, theme.muted));
        y += SUBHEADING + 5.0;
    }
    group
}

fn paint_clusters(scene: &Scene, layout: &Layout, theme: &Theme) -> Group {
    let mut group = Group::new().set("class", "clusters");
    for (cluster, r) in scene.clusters.iter().zip(&layout.groups) {
        let outline =
            worst(&scene.markers, &cluster.badges).map_or(theme.cluster, |s| theme.severity(s));
        let mut g = Group::new()
            .set("class", "cluster")
            .add(
                rect(r)
                    .set("rx", 8)
                    .set("fill", "none")
                    .set("stroke", outline)
                    .set(
                        "stroke-width",
                        if cluster.badges.is_empty() { 1.3 } else { 2.5 },
                    )
                    .set("stroke-dasharray", "7 4"),
            )
            .add(
                label(
                    &cluster.title,
                    r.x + PAD,
                    r.y + PAD + LINE * 0.8,
                    TITLE,
                    theme.text,
                )
                .set("font-weight", "bold"),
            )
            .add(label(
                &cluster.detail,
                r.x + PAD,
                r.y + PAD + LINE * 1.8,
                SMALL,
                theme.muted,
            ));
        let title_end = r.x + PAD + text::width(&cluster.title, TITLE, true) + 4.0;
        g = badges(
            g,
            &scene.markers,
            &cluster.badges,
            title_end,
            r.y + PAD + LINE * 0.45,
            theme,
        );
        group = group.add(g);
    }
    group
}

fn rect(r: &Rect) -> Rectangle {
    Rectangle::new()
        .set("x", round(r.x))
        .set("y", round(r.y))
        .set("width", round(r.w))
        .set("height", round(r.h))
}

/// The most severe of the findings numbered in `numbers`.
fn worst(markers: &[Marker], numbers: &[usize]) -> Option<Severity> {
    numbers
        .iter()
        .filter_map(|&n| markers.get(n.wrapping_sub(1)))
        .map(|m| m.severity)
        .max()
}

/// Numbered badges in a row starting at `x`, centred on `y`.
fn badges(
    mut group: Group,
    markers: &[Marker],
    numbers: &[usize],
    x: f64,
    y: f64,
    theme: &Theme,
) -> Group {
    for (i, &n) in numbers.iter().enumerate() {
        let severity = markers.get(n - 1).map_or(Severity::Error, |m| m.severity);
        let cx = x + BADGE / 2.0 + i as f64 * (BADGE + 3.0);
        group = group.add(badge(n, cx, y, theme.severity(severity), theme));
    }
    group
}

fn badge(n: usize, cx: f64, cy: f64, fill: &str, theme: &Theme) -> Group {
    let digits = n.to_string();
    let r = if digits.len() > 2 {
        BADGE * 0.65
    } else {
        BADGE / 2.0
    };
    Group::new()
        .set("class", "badge")
        .add(
            Circle::new()
                .set("cx", round(cx))
                .set("cy", round(cy))
                .set("r", r)
                .set("fill", fill),
        )
        .add(
            label(&digits, cx, cy + 3.5, LABEL, theme.badge_text)
                .set("text-anchor", "middle")
                .set("font-weight", "bold"),
        )
}

fn paint_items(scene: &Scene, layout: &Layout, theme: &Theme) -> Group {
    let mut group = Group::new().set("class", "nodes");
    for (item, r) in scene.items.iter().zip(&layout.nodes) {
        group = group.add(paint_item(item, r, &scene.markers, theme));
    }
    group
}

fn paint_item(item: &Item, r: &Rect, markers: &[Marker], theme: &Theme) -> Group {
    let outline = worst(markers, &item.badges);
    let header_icon = match item.kind {
        BoxKind::Users => Icon::Users,
        BoxKind::Record => Icon::Record,
        BoxKind::Server => Icon::Kind(Kind::Server),
        BoxKind::Service => Icon::Kind(Kind::Service),
    };
    let header_height = PAD + HEADER_TOP + item.lines.len() as f64 * LINE + PAD / 2.0;
    let shadow = stack_offset(item.stack);
    let full = *r;
    let r = &Rect {
        w: full.w - shadow,
        h: full.h - shadow,
        ..full
    };
    let mut g = Group::new().set("class", "node");
    // A stack: two cards peeking out behind the box, down and to the right.
    for k in [2.0, 1.0].into_iter().filter(|_| shadow > 0.0) {
        let card = Rect {
            x: r.x + k * shadow / 2.0,
            y: r.y + k * shadow / 2.0,
            ..*r
        };
        g = g.add(
            rect(&card)
                .set("rx", 6)
                .set("fill", theme.box_fill)
                .set("stroke", theme.box_stroke)
                .set("stroke-width", 1),
        );
    }
    g = g.add(
        rect(r)
            .set("rx", 6)
            .set("fill", theme.box_fill)
            .set(
                "stroke",
                outline.map_or(theme.box_stroke, |s| theme.severity(s)),
            )
            .set("stroke-width", if outline.is_some() { 2.5 } else { 1.2 }),
    );
    if !item.rows.is_empty() {
        let band = Rect {
            x: r.x + 1.0,
            y: r.y + 1.0,
            w: r.w - 2.0,
            h: header_height - 2.0,
        };
        g = g.add(rect(&band).set("rx", 5).set("fill", theme.header_fill));
    }
    let title_y = r.y + PAD + HEADER_TOP * 0.6;
    g = g
        .add(icon(
            header_icon,
            r.x + PAD,
            title_y - 12.0,
            1.0,
            theme.icon,
        ))
        .add(
            label(
                &item.title,
                r.x + PAD + ICON + 6.0,
                title_y,
                TITLE,
                theme.text,
            )
            .set("font-weight", "bold"),
        );
    let title_end = r.x + PAD + ICON + 6.0 + text::width(&item.title, TITLE, true) + 4.0;
    g = badges(g, markers, &item.badges, title_end, title_y - 4.5, theme);
    let mut y = r.y + PAD + HEADER_TOP + LINE * 0.55;
    for line in &item.lines {
        let mut x = r.x + PAD;
        if let Some(kind) = line.icon {
            g = g.add(icon(Icon::Kind(kind), x, y - 11.0, 0.8, theme.wall));
            x += ICON + 4.0;
        }
        g = g.add(label(&line.text, x, y, SMALL, theme.muted));
        y += LINE;
    }
    for (i, row) in item.rows.iter().enumerate() {
        let top = r.y + header_height + i as f64 * ROW;
        g = g.add(paint_row(row, r, top, markers, theme));
    }
    g
}

fn paint_row(row: &Row, r: &Rect, top: f64, markers: &[Marker], theme: &Theme) -> Group {
    let outline = worst(markers, &row.badges);
    let band = Rect {
        x: r.x + 4.0,
        y: top + 2.0,
        w: r.w - 8.0,
        h: ROW - 4.0,
    };
    let mut band_rect = rect(&band).set("rx", 4).set("fill", theme.row_fill);
    if let Some(s) = outline {
        band_rect = band_rect
            .set("stroke", theme.severity(s))
            .set("stroke-width", 2);
    }
    let baseline = top + ROW / 2.0 + 4.0;
    let mut g = Group::new()
        .set("class", "component")
        .add(band_rect)
        .add(icon(
            Icon::Kind(row.kind),
            r.x + PAD,
            top + (ROW - ICON) / 2.0,
            1.0,
            theme.icon,
        ))
        .add(
            label(
                &row.name,
                r.x + PAD + ICON + 6.0,
                baseline,
                TEXT,
                theme.text,
            )
            .set("font-weight", "bold"),
        );
    let mut x = r.x + PAD + ICON + 6.0 + text::width(&row.name, TEXT, true) + 8.0;
    if !row.detail.is_empty() {
        g = g.add(label(&row.detail, x, baseline, SMALL, theme.muted));
        x += text::width(&row.detail, SMALL, false);
    }
    if row.tls.is_some() {
        g = g.add(icon(
            Icon::Lock,
            x + 6.0,
            top + (ROW - ICON) / 2.0,
            1.0,
            theme.lock,
        ));
    }
    let badge_x = r.right() - PAD - badge_room(row.badges.len()) + 3.0;
    badges(g, markers, &row.badges, badge_x, top + ROW / 2.0, theme)
}

fn colour(link: &Link, theme: &Theme) -> &'static str {
    match link.style {
        _ if link.monitoring => theme.monitoring,
        Style::Encrypted => theme.encrypted,
        Style::Plain => theme.flow,
        Style::Dns => theme.dns,
        Style::Replication => theme.replication,
    }
}

fn paint_nets(scene: &Scene, layout: &Layout, theme: &Theme) -> Group {
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

fn paint_labels(scene: &Scene, layout: &Layout, theme: &Theme) -> Group {
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

/// The findings, numbered like their badges.
struct Legend {
    entries: Vec<(usize, Severity, String, Vec<String>)>,
    height: f64,
}

impl Legend {
    fn new(markers: &[Marker], width: f64) -> Legend {
        let text_width = (width - BADGE - 8.0).max(200.0);
        let mut height = MARGIN + LINE + 6.0;
        let entries: Vec<_> = markers
            .iter()
            .map(|m| {
                let head = format!("{} {} — {}", m.severity.name(), m.rule, m.component);
                // Messages quote names in Markdown backticks; a picture has no code font.
                let lines = text::wrap(&m.message.replace('`', ""), SMALL, text_width);
                height += LINE * (1 + lines.len()) as f64 + 6.0;
                (m.number, m.severity, head, lines)
            })
            .collect();
        if entries.is_empty() {
            height += LINE;
        }
        Legend {
            entries,
            height: height + MARGIN,
        }
    }

    fn paint(&self, theme: &Theme, top: f64) -> Group {
        let mut g = Group::new().set("class", "legend");
        let mut y = top + MARGIN + LINE * 0.8;
        let heading = if self.entries.is_empty() {
            "Findings: none"
        } else {
            "Findings"
        };
        g = g.add(label(heading, MARGIN, y, TITLE, theme.text).set("font-weight", "bold"));
        y += LINE + 6.0;
        for (number, severity, head, lines) in &self.entries {
            g = g.add(badge(
                *number,
                MARGIN + BADGE / 2.0,
                y - 4.0,
                theme.severity(*severity),
                theme,
            ));
            g = g.add(
                label(head, MARGIN + BADGE + 8.0, y, SMALL, theme.text).set("font-weight", "bold"),
            );
            for line in lines {
                y += LINE;
                g = g.add(label(line, MARGIN + BADGE + 8.0, y, SMALL, theme.muted));
            }
            y += LINE + 6.0;
        }
        g
    }
}
