//! Reading a page: which shape is what, what holds what, and where free text belongs.
//!
//! The page's cells become [`Shape`]s with a role ([`shape::classify`]), then three
//! geometric passes settle what the picture says but the file does not:
//! free text goes to the nearest shape (or edge, when it names a protocol), every shape
//! finds the innermost frame around it (by draw.io parent, else by geometry), and frames
//! that hold components become servers.

use super::cells::{Cell, Page, Point, Rect};
use super::shape::{self, Frame, Guess, Role};
use super::traffic::Traffic;
use crate::import::Report;
use crate::source::Element;

/// How far (in page pixels) free text and free edge ends may be from what they attach to.
pub const TOLERANCE: f64 = 40.0;

#[derive(Debug, Clone)]
pub struct Shape {
    /// Index of the cell in the page.
    pub cell: usize,
    pub label: String,
    pub guess: Guess,
    /// The innermost shape around this one.
    pub container: Option<usize>,
    /// Decided in [`settle_hosts`]: this shape is a server.
    pub host: bool,
    /// Extra label text attached from free text beside an edge (by edge cell index).
    pub consumed: bool,
}

/// The page's vertices as shapes, indexed like the page's cells (`None` for edges,
/// layers and labels that sit on edges).
pub struct Shapes {
    pub shapes: Vec<Option<Shape>>,
    /// Text attached to edges: edge cell index → extra label.
    pub edge_text: Vec<(usize, String)>,
    /// A title found at the top of the page.
    pub title: Option<(usize, String)>,
    /// Each shape's direct children, by container.
    pub kids: Vec<Vec<usize>>,
}

impl Shapes {
    pub fn get(&self, i: usize) -> Option<&Shape> {
        self.shapes.get(i).and_then(Option::as_ref)
    }

    pub fn role(&self, i: usize) -> Option<&Role> {
        self.get(i).map(|s| &s.guess.role)
    }

    /// The innermost shape around `i` that is a server.
    pub fn host_of(&self, i: usize) -> Option<usize> {
        let mut at = self.get(i)?.container;
        let mut steps = 0;
        while let Some(c) = at {
            steps += 1;
            let shape = self.get(c)?;
            if shape.host {
                return Some(c);
            }
            if steps > 64 {
                return None;
            }
            at = shape.container;
        }
        None
    }

    /// Shapes whose innermost container is `i`.
    pub fn children(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        self.kids.get(i).into_iter().flatten().copied()
    }
}

pub fn element(cell: &Cell) -> Element {
    Element {
        id: format!("cell {}", cell.id),
        label: (!cell.label.is_empty()).then(|| cell.label.clone()),
    }
}

/// Classify every vertex and settle free text, containers and servers.
pub fn shapes(page: &Page, report: &mut Report) -> Shapes {
    let mut shapes: Vec<Option<Shape>> = page
        .cells
        .iter()
        .enumerate()
        .map(|(i, cell)| {
            let on_edge = cell
                .parent
                .as_deref()
                .and_then(|p| page.get(p))
                .is_some_and(|p| p.edge);
            (cell.vertex && !on_edge && cell.data("infrac_note").is_none()).then(|| Shape {
                cell: i,
                label: cell.label.clone(),
                guess: shape::classify(cell),
                container: None,
                host: false,
                consumed: false,
            })
        })
        .collect();
    let mut out = Shapes {
        shapes: Vec::new(),
        edge_text: Vec::new(),
        title: None,
        kids: Vec::new(),
    };
    attach_text(page, &mut shapes, &mut out, report);
    out.shapes = shapes;
    find_containers(page, &mut out);
    settle_hosts(page, &mut out);
    out
}

/// Free text beside an edge labels the edge when it names traffic; beside a shape it is
/// the shape's label (an unlabelled icon) or adds to it; at the top it is the title.
fn attach_text(page: &Page, shapes: &mut [Option<Shape>], out: &mut Shapes, report: &mut Report) {
    let texts: Vec<usize> = shapes
        .iter()
        .flatten()
        .filter(|s| s.guess.role == Role::Text && !s.label.is_empty() && is_free(page, s.cell))
        .map(|s| s.cell)
        .collect();
    let top = page
        .cells
        .iter()
        .filter_map(|c| c.rect.filter(|_| c.vertex))
        .map(|r| r.y)
        .fold(f64::INFINITY, f64::min);
    for t in texts {
        let cell = &page.cells[t];
        let Some(rect) = cell.rect else { continue };
        let traffic = Traffic::of(&cell.label);
        if (traffic.protocol.is_some() || traffic.replication || traffic.monitoring)
            && let Some((edge, distance)) = nearest_edge(page, shapes, rect.centre())
            && distance <= TOLERANCE
        {
            out.edge_text.push((edge, cell.label.clone()));
            if let Some(s) = shapes[t].as_mut() {
                s.consumed = true;
            }
            report.guess(
                element(cell),
                Some(cell.span),
                format!(
                    "free text read as the label of the edge {} ({distance:.0} px away)",
                    describe_edge(page, edge)
                ),
            );
            continue;
        }
        if out.title.is_none() && rect.y <= top + 1.0 && traffic.protocol.is_none() {
            out.title = Some((t, cell.label.replace('\n', " ")));
            if let Some(s) = shapes[t].as_mut() {
                s.consumed = true;
            }
            continue;
        }
        // Text says something about a labelled shape only when its words mean something
        // ("Primary", an address); any text names an unlabelled icon.
        let words = super::words::Words::of(&cell.label);
        let informative = !words.components.is_empty()
            || !words.ips.is_empty()
            || !words.hostnames.is_empty()
            || words.vendor.is_some()
            || words.firewall
            || words.certificate
            || [
                "primary",
                "replica",
                "master",
                "slave",
                "secondary",
                "standby",
            ]
            .iter()
            .any(|w| super::words::contains_word(&super::words::normalise(&cell.label), w));
        let nearest = shapes
            .iter()
            .flatten()
            .filter(|s| s.cell != t && s.guess.role != Role::Text)
            .filter(|s| !matches!(s.guess.role, Role::Frame(_)))
            .filter(|s| informative || s.label.is_empty())
            .filter_map(|s| page.cells[s.cell].rect.map(|r| (s.cell, r)))
            // A box the text sits inside is its frame, not its shape.
            .filter(|(_, r)| !r.contains(&rect))
            .map(|(i, r)| (i, r.gap(&rect)))
            .min_by(|a, b| a.1.total_cmp(&b.1));
        if let Some((target, distance)) = nearest.filter(|(_, d)| *d <= TOLERANCE) {
            let text = cell.label.clone();
            if let Some(shape) = shapes[target].as_mut() {
                let before = shape.label.clone();
                shape.label = if before.is_empty() {
                    text.clone()
                } else {
                    format!("{before}\n{text}")
                };
                let mut relabelled = page.cells[target].clone();
                relabelled.label = shape.label.clone();
                let guess = shape::classify(&relabelled);
                // Keep what the icon said unless the label now says more.
                if guess.role != Role::Unknown {
                    shape.guess = guess;
                }
            }
            if let Some(s) = shapes[t].as_mut() {
                s.consumed = true;
            }
            report.guess(
                element(cell),
                Some(cell.span),
                format!(
                    "free text attached to the nearest shape, {} ({distance:.0} px away)",
                    Describe::describe(&element(&page.cells[target]))
                ),
            );
            continue;
        }
    }
}

trait Describe {
    fn describe(&self) -> String;
}

impl Describe for Element {
    fn describe(&self) -> String {
        match &self.label {
            Some(l) => format!("{} \"{}\"", self.id, l.replace('\n', " ")),
            None => self.id.clone(),
        }
    }
}

/// `cell 12 (lb → web1)`.
pub fn describe_edge(page: &Page, edge: usize) -> String {
    let cell = &page.cells[edge];
    let end = |id: &Option<String>| {
        id.as_deref()
            .and_then(|id| page.get(id))
            .map_or("?".to_string(), |c| {
                if c.label.is_empty() {
                    format!("cell {}", c.id)
                } else {
                    c.label.lines().next().unwrap_or("").to_string()
                }
            })
    };
    format!(
        "cell {} ({} → {})",
        cell.id,
        end(&cell.source),
        end(&cell.target)
    )
}

/// Text directly on the page or in a frame — not a shape's own label cell.
fn is_free(page: &Page, i: usize) -> bool {
    page.cells[i].data("infrac_kind").is_none()
}

/// The edge whose drawn path passes closest to `p`.
fn nearest_edge(page: &Page, shapes: &[Option<Shape>], p: Point) -> Option<(usize, f64)> {
    page.cells
        .iter()
        .enumerate()
        .filter(|(_, c)| c.edge)
        .filter_map(|(i, _)| {
            let path = edge_path(page, shapes, i);
            (path.len() >= 2).then(|| {
                let d = path
                    .windows(2)
                    .map(|w| segment_distance(p, w[0], w[1]))
                    .fold(f64::INFINITY, f64::min);
                (i, d)
            })
        })
        .min_by(|a, b| a.1.total_cmp(&b.1))
}

/// The polyline an edge is drawn along: from its source's centre (or free end), through
/// its waypoints, to its target's centre.
pub fn edge_path(page: &Page, _shapes: &[Option<Shape>], edge: usize) -> Vec<Point> {
    let cell = &page.cells[edge];
    let end = |id: &Option<String>, point: Option<Point>| {
        id.as_deref()
            .and_then(|id| page.get(id))
            .and_then(|c| c.rect)
            .map(|r| r.centre())
            .or(point)
    };
    let mut path = Vec::new();
    path.extend(end(&cell.source, cell.source_point));
    path.extend(cell.points.iter().copied());
    path.extend(end(&cell.target, cell.target_point));
    path
}

fn segment_distance(p: Point, a: Point, b: Point) -> f64 {
    let (dx, dy) = (b.x - a.x, b.y - a.y);
    let len = dx * dx + dy * dy;
    let t = if len == 0.0 {
        0.0
    } else {
        (((p.x - a.x) * dx + (p.y - a.y) * dy) / len).clamp(0.0, 1.0)
    };
    (p.x - (a.x + t * dx)).hypot(p.y - (a.y + t * dy))
}

/// Shapes that may hold others: frames, servers, plain boxes.
fn can_contain(role: &Role) -> bool {
    matches!(
        role,
        Role::Host(_) | Role::Frame(_) | Role::Unknown | Role::Components(_) | Role::Vendor(_)
    )
}

/// The innermost container of every shape: its draw.io parent when that is a shape,
/// else the smallest shape that can hold others and whose box holds it.
fn find_containers(page: &Page, shapes: &mut Shapes) {
    let boxes: Vec<(usize, Rect)> = shapes
        .shapes
        .iter()
        .flatten()
        .filter(|s| can_contain(&s.guess.role))
        .filter_map(|s| page.cells[s.cell].rect.map(|r| (s.cell, r)))
        .filter(|(_, r)| r.area() > 0.0)
        .collect();
    let containers: Vec<Option<usize>> = shapes
        .shapes
        .iter()
        .map(|s| {
            let s = s.as_ref()?;
            let cell = &page.cells[s.cell];
            if let Some(parent) = cell
                .parent
                .as_deref()
                .and_then(|p| page.position(p))
                .filter(|&p| shapes.get(p).is_some())
            {
                return Some(parent);
            }
            let rect = cell.rect?;
            boxes
                .iter()
                .filter(|(j, r)| *j != s.cell && r.area() > rect.area() * 1.05 && r.contains(&rect))
                .min_by(|a, b| a.1.area().total_cmp(&b.1.area()))
                .map(|(j, _)| *j)
        })
        .collect();
    shapes.kids = vec![Vec::new(); shapes.shapes.len()];
    for (i, (shape, container)) in shapes.shapes.iter_mut().zip(containers).enumerate() {
        if let Some(s) = shape {
            s.container = container;
            if let Some(c) = container.filter(|&c| c != i) {
                shapes.kids[c].push(i);
            }
        }
    }
}

/// A shape is a server when its style or label says so, or when it holds components
/// (and no servers): the rectangle drawn around "nginx" and "gunicorn" is their host.
fn settle_hosts(page: &Page, shapes: &mut Shapes) {
    // Smallest first, so a frame knows whether what it holds are servers.
    let mut order: Vec<usize> = shapes.shapes.iter().flatten().map(|s| s.cell).collect();
    order.sort_by(|&a, &b| {
        let area = |i: usize| page.cells[i].rect.map_or(0.0, |r| r.area());
        area(a).total_cmp(&area(b))
    });
    for i in order {
        let role = shapes.role(i).cloned();
        let host = match role {
            Some(Role::Host(_)) => true,
            Some(
                Role::Frame(Frame::Plain) | Role::Unknown | Role::Components(_) | Role::Vendor(_),
            ) => {
                let children: Vec<usize> = shapes.children(i).collect();
                let holds_components = children.iter().any(|&c| {
                    matches!(shapes.role(c), Some(Role::Components(_) | Role::Vendor(_)))
                        && !shapes.get(c).is_some_and(|s| s.host)
                });
                let holds_servers = children
                    .iter()
                    .any(|&c| shapes.get(c).is_some_and(|s| s.host));
                holds_components && !holds_servers
            }
            _ => false,
        };
        if let Some(Some(s)) = shapes.shapes.get_mut(i) {
            s.host = host;
        }
    }
}
