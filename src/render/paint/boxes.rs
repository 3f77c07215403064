//! Boxes: cluster frames, items with their header lines and component rows.

use super::*;
use crate::render::scene::{State, row_parts};

pub fn paint_clusters(scene: &Scene, layout: &Layout, theme: &Theme, diagram: &mut Open) {
    let mut group = diagram.open(Group::new().set("class", "clusters"));
    for (cluster, r) in scene.clusters.iter().zip(&layout.groups) {
        let outline =
            worst(&scene.markers, &cluster.badges).map_or(theme.cluster, |s| theme.severity(s));
        let mut g = Group::new()
            .set("class", "cluster")
            .set("id", cluster.path.as_str())
            .add(
                rect(r)
                    .set("class", "frame")
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
        group.add(g);
    }
    group.close();
}

pub fn paint_items(scene: &Scene, layout: &Layout, theme: &Theme, diagram: &mut Open) {
    let mut group = diagram.open(Group::new().set("class", "nodes"));
    for (item, r) in scene.items.iter().zip(&layout.nodes) {
        group.add(paint_item(item, r, &scene.markers, theme));
    }
    group.close();
}

fn paint_item(item: &Item, r: &Rect, markers: &[Marker], theme: &Theme) -> Element {
    let outline = worst(markers, &item.badges);
    let header_icon = match item.kind {
        BoxKind::Users => Icon::Users,
        BoxKind::Record => Icon::Record,
        BoxKind::Server => Icon::Kind(Kind::Server),
        BoxKind::Service => Icon::Kind(Kind::Service),
        BoxKind::Certificate => Icon::Kind(Kind::Certificate),
    };
    let header_height = item.header_height();
    let shadow = stack_offset(item.stack);
    let full = *r;
    let r = &Rect {
        w: full.w - shadow,
        h: full.h - shadow,
        ..full
    };
    let mut g = Group::new()
        .set("class", "node")
        .set("id", item.path.as_str());
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
            .set("class", "box")
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
        g = g.add(paint_row(
            row,
            r,
            top,
            markers,
            theme,
            item.state == State::Down,
        ));
    }
    with_state(g, item.state)
}

/// Under a simulated failure: what is down fades out, what is cut off gets a red
/// dashed outline.
fn with_state(g: Element, state: State) -> Element {
    match state {
        State::Up => g,
        State::Down => g.set("opacity", 0.3).set("class", "node down"),
        // A server is cut off only through its components, which carry the outline.
        State::CutOff => g,
    }
}

/// A component row; `faded` when its box already fades as a whole.
fn paint_row(
    row: &Row,
    r: &Rect,
    top: f64,
    markers: &[Marker],
    theme: &Theme,
    faded: bool,
) -> Element {
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
    if row.state == State::CutOff {
        band_rect = band_rect
            .set("stroke", theme.error)
            .set("stroke-width", 2)
            .set("stroke-dasharray", "4 3");
    }
    let baseline = top + ROW / 2.0 + 4.0;
    let parts = row_parts(row, r, top);
    let mut g = Group::new()
        .set("class", "component")
        .set("id", row.path.as_str())
        .add(band_rect)
        .add(icon(
            Icon::Kind(row.kind),
            parts.icon.x,
            parts.icon.y,
            1.0,
            theme.icon,
        ))
        .add(label(&row.name, parts.name_x, baseline, TEXT, theme.text).set("font-weight", "bold"));
    if !row.detail.is_empty() {
        g = g.add(label(
            &row.detail,
            parts.detail_x,
            baseline,
            SMALL,
            theme.muted,
        ));
    }
    if let Some(lock) = parts.lock {
        g = g.add(icon(Icon::Lock, lock.x, lock.y, 1.0, theme.lock));
    }
    for (&n, &centre) in row.badges.iter().zip(&parts.badges) {
        g = g.add(badge_at(n, centre, markers, theme));
    }
    match row.state {
        State::Down if !faded => g.set("opacity", 0.3).set("class", "component down"),
        State::Down => g,
        State::CutOff => g.set("class", "component cut-off"),
        State::Up => g,
    }
}
