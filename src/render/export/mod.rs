//! Text exports of a diagram's scene for other tools: Graphviz DOT and Mermaid.
//!
//! Both carry the same graph the SVG shows — servers as nested groups of their
//! components, clusters around their members, every flow hop, DNS and replication — so a
//! user can restyle it elsewhere, and the benchmark can feed Graphviz the very graph
//! infrac lays out.

pub mod dot;
pub mod drawio;
pub mod mermaid;

use super::layout::{Owner, Placement, Port};
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

/// One step of writing the items inside their failure domains, for exports that nest.
pub(super) enum Nested<'a> {
    /// Open a region's or a zone's group (`zone` tells which), titled.
    Open {
        zone: bool,
        index: usize,
        title: &'a str,
    },
    Close,
    /// A block of `members`: a cluster with its members, or one item.
    Block(Option<usize>, Vec<usize>),
}

/// The blocks of `members`, each inside the zone that holds all of it, or else the
/// region that does (a service spread over two zones belongs to neither zone alone):
/// regions with their zones, then zones of no region, then what sits nowhere.
pub(super) fn nested<'a>(scene: &'a Scene) -> Vec<Nested<'a>> {
    let graph = &scene.graph;
    let region_of = |z: usize| graph.zones.get(z).and_then(|zone| zone.region);
    let place = |items: &[usize]| -> (Option<usize>, Option<usize>) {
        let places: Vec<_> = items
            .iter()
            .map(|&i| graph.placements.get(i).copied().flatten())
            .collect();
        let zone = match places.first().copied().flatten() {
            Some(Placement::Zones(a, b)) if a == b => Some(a),
            _ => None,
        }
        .filter(|&z| places.iter().all(|p| *p == Some(Placement::Zones(z, z))));
        let region = |p: Option<Placement>| match p? {
            Placement::Zones(a, b) => region_of(a).filter(|&r| region_of(b) == Some(r)),
            Placement::Region(r) => Some(r),
        };
        let first = region(places.first().copied().flatten());
        let shared = first.filter(|&r| places.iter().all(|&p| region(p) == Some(r)));
        (shared, zone)
    };
    let blocks: Vec<_> = members(scene)
        .into_iter()
        .map(|(group, items)| (place(&items), group, items))
        .collect();
    let mut out = Vec::new();
    let emit = |out: &mut Vec<Nested<'a>>, at: (Option<usize>, Option<usize>)| {
        for (p, group, items) in &blocks {
            if *p == at {
                out.push(Nested::Block(*group, items.clone()));
            }
        }
    };
    let zone = |out: &mut Vec<Nested<'a>>, z: usize, region: Option<usize>| {
        if let Some(shown) = scene.zones.get(z) {
            out.push(Nested::Open {
                zone: true,
                index: z,
                title: shown.title.as_str(),
            });
            emit(out, (region, Some(z)));
            out.push(Nested::Close);
        }
    };
    for (r, shown) in scene.regions.iter().enumerate() {
        out.push(Nested::Open {
            zone: false,
            index: r,
            title: shown.title.as_str(),
        });
        for z in (0..graph.zones.len()).filter(|&z| region_of(z) == Some(r)) {
            zone(&mut out, z, Some(r));
        }
        emit(&mut out, (Some(r), None));
        out.push(Nested::Close);
    }
    for z in (0..graph.zones.len()).filter(|&z| region_of(z).is_none()) {
        zone(&mut out, z, None);
    }
    emit(&mut out, (None, None));
    out
}

/// Every drawn hop as (from, to, link, net): each spoke of each net, source first; a
/// hop to or from a cluster is one per member. `net` numbers the bundle the hop belongs
/// to, as the SVG draws it.
fn edges(scene: &Scene) -> impl Iterator<Item = (String, String, &Link, usize)> {
    scene
        .links
        .iter()
        .zip(&scene.graph.nets)
        .enumerate()
        .flat_map(move |(k, (link, net))| {
            let hubs = endpoints(scene, &net.hub);
            net.spokes.iter().flat_map(move |spoke| {
                let others = endpoints(scene, spoke);
                let hubs = hubs.clone();
                let mut out = Vec::with_capacity(hubs.len() * others.len());
                for hub in &hubs {
                    for other in &others {
                        out.push(if net.hub_is_source {
                            (hub.clone(), other.clone(), link, k)
                        } else {
                            (other.clone(), hub.clone(), link, k)
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
