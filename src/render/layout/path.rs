//! Phase 8: absolute boxes and the orthogonal polyline of every spoke.

use super::blocks::Blocks;
use super::channel::Channels;
use super::edges::Verticals;
use super::gutter::{Columns, Gutters, owner_height};
use super::ports::{Attach, Ends, Face, LabelPlace};
use super::spacing::{LABEL_GAP, MARGIN};
use super::{Graph, Layout, Owner, Point, Rect, Route};

pub fn assemble(
    graph: &Graph,
    blocks: &Blocks,
    ends: &Ends,
    gutters: &Gutters,
    columns: &Columns,
    xs: &Verticals,
    channels: &Channels,
) -> Layout {
    let rank_top = |owner: Owner| channels.rank_top[blocks.rank_of_owner(owner)];
    let top_of = |owner: Owner| rank_top(owner) + blocks.top_offset(graph, owner);
    let nodes: Vec<Rect> = (0..graph.nodes.len())
        .map(|n| {
            let owner = Owner::Node(n);
            columns.rect(graph, owner, top_of(owner), graph.nodes[n].height)
        })
        .collect();
    let groups: Vec<Rect> = (0..graph.groups.len())
        .map(|g| {
            let owner = Owner::Group(g);
            columns.rect(graph, owner, top_of(owner), blocks.group_height(graph, g))
        })
        .collect();
    // Where an end meets its box, and the first point of its vertical line.
    let meet = |at: Attach, line_x: f64| -> [Point; 2] {
        let (x0, x1) = columns.span(graph, at.owner);
        let top = top_of(at.owner);
        match at.face {
            Face::Left | Face::Right => {
                let y = rank_top(at.owner) + at.y;
                let x = if at.face == Face::Left { x0 } else { x1 };
                [Point { x, y }, Point { x: line_x, y }]
            }
            Face::Top => [Point { x: line_x, y: top }; 2],
            Face::Bottom => {
                let y = top + owner_height(graph, blocks, at.owner);
                [Point { x: line_x, y }; 2]
            }
        }
    };

    let mut routes = Vec::with_capacity(graph.nets.len());
    for (i, net) in graph.nets.iter().enumerate() {
        let e = &ends.nets[i];
        let h = blocks.hub_rank[i];
        let track = |channel: usize| channels.track(i, channel);
        let dummy_x = |r: usize| columns.block_x[blocks.chains[i][&r]];
        let label = net.label.and_then(|(w, lh)| match ends.label_place(i) {
            LabelPlace::Band(_) => channels.labels[i],
            LabelPlace::Dummy(b) => {
                let r = blocks.rank_of[b];
                Some(Rect {
                    x: columns.block_x[b] + LABEL_GAP,
                    y: channels.rank_top[r] + (channels.rank_height[r] - lh) / 2.0,
                    w,
                    h: lh,
                })
            }
            LabelPlace::Gutter => gutters.label(i, columns, graph, (w, lh)).map(|r| Rect {
                y: r.y + channels.rank_top[h],
                ..r
            }),
            LabelPlace::None => None,
        });
        let mut route = Route {
            paths: Vec::with_capacity(net.spokes.len()),
            label,
        };
        for (j, spoke) in e.spokes.iter().enumerate() {
            let sx = xs.spokes[i][j];
            let mut points = Vec::with_capacity(8);
            if spoke.internal {
                let Some(inner) = e.hub_inner else { continue };
                points.extend(meet(inner, sx));
                let [a, b] = meet(spoke.at, sx);
                points.extend([b, a]);
            } else {
                let s = spoke.rank;
                let (hub_at, hx) = if s < h {
                    (e.hub_up, xs.hub_up[i])
                } else {
                    (e.hub_down, xs.hub_down[i])
                };
                let (Some(hub_at), Some(hx)) = (hub_at, hx) else {
                    continue;
                };
                points.extend(meet(hub_at, hx));
                if s >= h {
                    points.push(Point { x: hx, y: track(h) });
                    for r in h + 1..s {
                        let x = dummy_x(r);
                        points.push(Point { x, y: track(r - 1) });
                        points.push(Point { x, y: track(r) });
                    }
                    let last = if s > h { s - 1 } else { h };
                    points.push(Point {
                        x: sx,
                        y: track(last),
                    });
                } else {
                    points.push(Point {
                        x: hx,
                        y: track(h - 1),
                    });
                    for r in (s + 1..h).rev() {
                        let x = dummy_x(r);
                        points.push(Point { x, y: track(r) });
                        points.push(Point { x, y: track(r - 1) });
                    }
                    points.push(Point { x: sx, y: track(s) });
                }
                let [a, b] = meet(spoke.at, sx);
                points.extend([b, a]);
            }
            if !net.hub_is_source {
                points.reverse();
            }
            route.paths.push(simplify(points));
        }
        routes.push(route);
    }

    Layout {
        nodes,
        groups,
        routes,
        width: 0.0,
        height: channels.height,
        ..Layout::default()
    }
}

/// Drop repeated points and the middle of straight runs.
fn simplify(points: Vec<Point>) -> Vec<Point> {
    let mut out: Vec<Point> = Vec::with_capacity(points.len());
    for p in points {
        if out.last().is_some_and(|q| close(*q, p)) {
            continue;
        }
        if out.len() >= 2 {
            let (a, b) = (out[out.len() - 2], out[out.len() - 1]);
            let straight = ((a.x - b.x).abs() < 1e-6 && (b.x - p.x).abs() < 1e-6)
                || ((a.y - b.y).abs() < 1e-6 && (b.y - p.y).abs() < 1e-6);
            let reverses = (b.x - a.x) * (p.x - b.x) < 0.0 || (b.y - a.y) * (p.y - b.y) < 0.0;
            if straight && !reverses {
                out.pop();
            }
        }
        out.push(p);
    }
    out
}

fn close(a: Point, b: Point) -> bool {
    (a.x - b.x).abs() < 1e-6 && (a.y - b.y).abs() < 1e-6
}

/// Shift everything so the drawing starts at the margin, and measure its width.
pub fn normalise(layout: &mut Layout) {
    let frames = || layout.zones.iter().chain(&layout.regions).flatten();
    let rects = layout
        .nodes
        .iter()
        .chain(&layout.groups)
        .chain(layout.routes.iter().filter_map(|r| r.label.as_ref()))
        .chain(frames().map(|f| &f.rect));
    let points = layout.routes.iter().flat_map(|r| r.paths.iter().flatten());
    let mut min_x = f64::INFINITY;
    let mut max_x = f64::NEG_INFINITY;
    for r in rects {
        min_x = min_x.min(r.x);
        max_x = max_x.max(r.right());
    }
    for p in points {
        min_x = min_x.min(p.x);
        max_x = max_x.max(p.x);
    }
    if !min_x.is_finite() {
        return;
    }
    let dx = MARGIN - min_x;
    for r in layout.nodes.iter_mut().chain(layout.groups.iter_mut()) {
        r.x += dx;
    }
    for f in layout
        .zones
        .iter_mut()
        .chain(layout.regions.iter_mut())
        .flatten()
    {
        f.rect.x += dx;
        f.label.x += dx;
    }
    for route in &mut layout.routes {
        if let Some(label) = &mut route.label {
            label.x += dx;
        }
        for p in route.paths.iter_mut().flatten() {
            p.x += dx;
        }
    }
    layout.width = max_x - min_x + 2.0 * MARGIN;
}
