//! Text exports of a diagram's scene for other tools: Graphviz DOT and Mermaid.
//!
//! Both carry the same graph the SVG shows — servers as nested groups of their
//! components, clusters around their members, every flow hop, DNS and replication — so a
//! user can restyle it elsewhere, and the benchmark can feed Graphviz the very graph
//! infrac lays out.

pub mod dot;
pub mod drawio;
pub mod mermaid;

use super::layout::{Owner, Port};
use super::scene::{Item, Link, Row, Scene, metrics};

/// A node id in an export: `n3` for a box without rows, `n3_1` for a box's second row.
fn node_id(item: usize, row: Option<usize>) -> String {
    match row {
        Some(r) => format!("n{item}_{r}"),
        None => format!("n{item}"),
    }
}

/// The export nodes a port stands for: its row or box, or for a cluster every member
/// (each member's first row, its load balancer) — a standby keeps its traffic too.
fn endpoints(scene: &Scene, port: &Port) -> Vec<String> {
    match port.owner {
        Owner::Node(i) => {
            let item = &scene.items[i];
            vec![node_id(i, row_at(item, port.y))]
        }
        Owner::Group(g) => scene
            .graph
            .nodes
            .iter()
            .enumerate()
            .filter(|(_, n)| n.group == Some(g))
            .map(|(i, _)| {
                let row = (!scene.items[i].rows.is_empty()).then_some(0);
                node_id(i, row)
            })
            .collect(),
    }
}

/// The row a port height falls in; a port on a box with rows but above them is its first.
fn row_at(item: &Item, y: f64) -> Option<usize> {
    if item.rows.is_empty() {
        return None;
    }
    let header = item.header_height();
    let row = ((y - header) / metrics::ROW).floor().max(0.0) as usize;
    Some(row.min(item.rows.len() - 1))
}

/// Items grouped by cluster (None: not in one), in item order.
fn members(scene: &Scene) -> Vec<(Option<usize>, Vec<usize>)> {
    let mut groups: Vec<(Option<usize>, Vec<usize>)> = Vec::new();
    for (i, node) in scene.graph.nodes.iter().enumerate() {
        match node.group {
            Some(g) => match groups.iter_mut().find(|(k, _)| *k == Some(g)) {
                Some((_, list)) => list.push(i),
                None => groups.push((Some(g), vec![i])),
            },
            None => groups.push((None, vec![i])),
        }
    }
    groups
}

/// Every drawn hop as (from, to, link): each spoke of each net, source first; a hop
/// to or from a cluster is one per member.
fn edges(scene: &Scene) -> impl Iterator<Item = (String, String, &Link)> {
    scene
        .links
        .iter()
        .zip(&scene.graph.nets)
        .flat_map(move |(link, net)| {
            let hubs = endpoints(scene, &net.hub);
            net.spokes.iter().flat_map(move |spoke| {
                let others = endpoints(scene, spoke);
                let hubs = hubs.clone();
                let mut out = Vec::with_capacity(hubs.len() * others.len());
                for hub in &hubs {
                    for other in &others {
                        out.push(if net.hub_is_source {
                            (hub.clone(), other.clone(), link)
                        } else {
                            (other.clone(), hub.clone(), link)
                        });
                    }
                }
                out
            })
        })
}

/// A component row's caption: name and kind, then what it runs.
fn row_caption(row: &Row) -> [String; 2] {
    [format!("{} ({})", row.name, row.kind), row.detail.clone()]
}

/// A box's caption: its title and header lines.
fn caption(item: &Item) -> Vec<String> {
    std::iter::once(item.title.clone())
        .chain(item.lines.iter().map(|l| match l.icon {
            Some(kind) => format!("{kind} {}", l.text),
            None => l.text.clone(),
        }))
        .collect()
}

fn printable(s: &str) -> String {
    s.chars().filter(|c| !c.is_control()).collect()
}
