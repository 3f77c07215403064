//! Phase 6: absolute boxes and the orthogonal polyline of every spoke.

use super::blocks::Blocks;
use super::channel::Channels;
use super::gutter::{Columns, Gutters, LABEL_GAP, SegRef, Side};
use super::spacing::MARGIN;
use super::{Graph, Layout, Owner, Point, Rect, Route};

pub fn assemble(
    graph: &Graph,
    blocks: &Blocks,
    gutters: &Gutters,
    columns: &Columns,
    channels: &Channels,
) -> Layout {
    let top_of = |owner: Owner| {
        channels.rank_top[blocks.rank_of_owner(owner)] + blocks.top_offset(graph, owner)
    };
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
    let edge_at = |seg: SegRef, y: f64| {
        let (x0, x1) = columns.span(graph, seg.key.0);
        let x = match seg.key.1 {
            Side::Left => x0,
            Side::Right => x1,
        };
        (Point { x, y }, gutters.track_x(seg, (x0, x1)))
    };

    let mut routes = Vec::with_capacity(graph.nets.len());
    for (i, net) in graph.nets.iter().enumerate() {
        let segs = &gutters.nets[i];
        let h = blocks.hub_rank[i];
        let hub_y = top_of(net.hub.owner) + net.hub.y;
        let track = |channel: usize| channels.track(i, channel);
        let dummy_x = |r: usize| columns.block_x[blocks.chains[i][&r]];
        let mut route = Route {
            paths: Vec::with_capacity(net.spokes.len()),
            label: channels.labels[i],
        };
        for (spoke, seg) in net.spokes.iter().zip(&segs.spokes) {
            let spoke_y = top_of(spoke.owner) + spoke.y;
            let (spoke_edge, sx) = edge_at(seg.seg, spoke_y);
            let mut points = Vec::with_capacity(8);
            if seg.internal {
                let (hub_edge, _) = edge_at(seg.seg, hub_y);
                points.extend([hub_edge, Point { x: sx, y: hub_y }]);
                if route.label.is_none()
                    && let Some((w, lh)) = net.label
                {
                    let mid = (hub_y + spoke_y) / 2.0;
                    let x = match seg.seg.key.1 {
                        Side::Left => sx - LABEL_GAP - w,
                        Side::Right => sx + LABEL_GAP,
                    };
                    route.label = Some(Rect {
                        x,
                        y: mid - lh / 2.0,
                        w,
                        h: lh,
                    });
                }
            } else {
                let s = blocks.rank_of_owner(spoke.owner);
                let hub_seg = if s < h { segs.hub_up } else { segs.hub_down };
                let Some(hub_seg) = hub_seg else { continue };
                let (hub_edge, hx) = edge_at(hub_seg, hub_y);
                points.push(hub_edge);
                points.push(Point { x: hx, y: hub_y });
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
            }
            points.push(Point { x: sx, y: spoke_y });
            points.push(spoke_edge);
            if !net.hub_is_source {
                points.reverse();
            }
            route.paths.push(simplify(points));
        }
        routes.push(route);
    }

    let mut layout = Layout {
        nodes,
        groups,
        routes,
        width: 0.0,
        height: channels.height,
    };
    normalise(&mut layout);
    layout
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
fn normalise(layout: &mut Layout) {
    let rects = layout
        .nodes
        .iter()
        .chain(&layout.groups)
        .chain(layout.routes.iter().filter_map(|r| r.label.as_ref()));
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
