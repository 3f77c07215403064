//! The cells of one page, read from its `<mxGraphModel>`: shapes (vertices), edges and
//! their geometry, in absolute page coordinates.

use super::label;
use super::style::Style;
use crate::span::Span;
use rustc_hash::FxHashMap;

/// A point on the page.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Point {
    pub x: f64,
    pub y: f64,
}

/// A box on the page, in absolute coordinates.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

impl Rect {
    pub fn centre(&self) -> Point {
        Point {
            x: self.x + self.w / 2.0,
            y: self.y + self.h / 2.0,
        }
    }

    pub fn area(&self) -> f64 {
        self.w.max(0.0) * self.h.max(0.0)
    }

    /// Whether `other` lies inside this box (a few pixels of slack for hand-drawn frames).
    pub fn contains(&self, other: &Rect) -> bool {
        const SLACK: f64 = 4.0;
        other.x >= self.x - SLACK
            && other.y >= self.y - SLACK
            && other.x + other.w <= self.x + self.w + SLACK
            && other.y + other.h <= self.y + self.h + SLACK
    }

    /// Distance from `p` to the box (0 inside it).
    pub fn distance(&self, p: Point) -> f64 {
        let dx = (self.x - p.x).max(p.x - (self.x + self.w)).max(0.0);
        let dy = (self.y - p.y).max(p.y - (self.y + self.h)).max(0.0);
        dx.hypot(dy)
    }

    /// Distance between two boxes (0 when they touch or overlap).
    pub fn gap(&self, other: &Rect) -> f64 {
        let dx = (self.x - (other.x + other.w))
            .max(other.x - (self.x + self.w))
            .max(0.0);
        let dy = (self.y - (other.y + other.h))
            .max(other.y - (self.y + self.h))
            .max(0.0);
        dx.hypot(dy)
    }
}

#[derive(Debug, Clone)]
pub struct Cell {
    pub id: String,
    pub parent: Option<String>,
    /// The label as plain text (HTML stripped, placeholders filled).
    pub label: String,
    pub style: Style,
    pub vertex: bool,
    pub edge: bool,
    pub source: Option<String>,
    pub target: Option<String>,
    /// Absolute box of a vertex (edges: none).
    pub rect: Option<Rect>,
    /// Where an edge's free ends are, and its waypoints (absolute).
    pub source_point: Option<Point>,
    pub target_point: Option<Point>,
    pub points: Vec<Point>,
    /// The cell's element (or its `<object>`/`<UserObject>` wrapper), global offsets.
    pub span: Span,
    /// Properties of a `<UserObject>`/`<object>` wrapper (draw.io's "Edit Data").
    pub data: Vec<(String, String)>,
}

impl Cell {
    pub fn data(&self, key: &str) -> Option<&str> {
        self.data
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

/// The cells of a page, in document order, with absolute geometry.
pub struct Page {
    pub cells: Vec<Cell>,
    index: FxHashMap<String, usize>,
}

impl Page {
    pub fn get(&self, id: &str) -> Option<&Cell> {
        self.index.get(id).map(|&i| &self.cells[i])
    }

    pub fn position(&self, id: &str) -> Option<usize> {
        self.index.get(id).copied()
    }
}

/// More cells than any hand-drawn page; the geometry passes are quadratic in the worst
/// case, so this bounds their time on hostile input.
pub const MAX_CELLS: usize = 10_000;

/// Read the cells of the `<mxGraphModel>` at `model` in `text`, which sits at global
/// offset `base` of the sources.
pub fn read(
    text: &str,
    model: std::ops::Range<usize>,
    base: usize,
) -> Result<Page, crate::import::ImportError> {
    let doc = super::decode::parse(text)?;
    let model = doc
        .descendants()
        .find(|n| n.has_tag_name("mxGraphModel") && n.range() == model)
        .unwrap_or_else(|| doc.root_element());
    let mut cells = Vec::new();
    let Some(root) = model.children().find(|n| n.has_tag_name("root")) else {
        return Ok(Page {
            cells,
            index: FxHashMap::default(),
        });
    };
    for node in root.children().filter(|n| n.is_element()) {
        if cells.len() >= MAX_CELLS {
            return Err(crate::import::ImportError::new(
                crate::import::ImportErrorKind::Unreadable,
                format!("a page with more than {MAX_CELLS} cells: split it into pages"),
            ));
        }
        let (cell_node, wrapper) = match node.tag_name().name() {
            "mxCell" => (node, None),
            "UserObject" | "object" => match node.children().find(|n| n.has_tag_name("mxCell")) {
                Some(cell) => (cell, Some(node)),
                None => continue,
            },
            _ => continue,
        };
        cells.push(cell(cell_node, wrapper, base));
    }
    let index = cells
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.clone(), i))
        .collect();
    let mut page = Page { cells, index };
    absolute(&mut page);
    Ok(page)
}

fn cell(node: roxmltree::Node, wrapper: Option<roxmltree::Node>, base: usize) -> Cell {
    let outer = wrapper.unwrap_or(node);
    let id = outer
        .attribute("id")
        .or_else(|| node.attribute("id"))
        .unwrap_or("")
        .to_string();
    let style = Style::parse(node.attribute("style").unwrap_or(""));
    let data: Vec<(String, String)> = wrapper
        .map(|w| {
            w.attributes()
                .filter(|a| !matches!(a.name(), "id" | "label" | "placeholders"))
                .map(|a| (a.name().to_string(), a.value().to_string()))
                .collect()
        })
        .unwrap_or_default();
    let raw = wrapper
        .and_then(|w| w.attribute("label"))
        .or_else(|| node.attribute("value"))
        .unwrap_or("");
    let placeholders = wrapper.is_some_and(|w| w.attribute("placeholders") == Some("1"));
    let raw = if placeholders {
        label::fill_placeholders(raw, &data)
    } else {
        raw.to_string()
    };
    let html = style.get("html") == Some("1") || raw.contains('<');
    let label = if html {
        label::html_to_text(&raw)
    } else {
        raw.trim().to_string()
    };
    let geometry = node.children().find(|n| n.has_tag_name("mxGeometry"));
    let number = |n: Option<roxmltree::Node>, key: &str| -> f64 {
        n.and_then(|g| g.attribute(key))
            .and_then(|v| v.parse::<f64>().ok())
            .filter(|v| v.is_finite())
            .unwrap_or(0.0)
    };
    let point = |as_name: &str| {
        geometry
            .and_then(|g| {
                g.children()
                    .find(|p| p.has_tag_name("mxPoint") && p.attribute("as") == Some(as_name))
            })
            .map(|p| Point {
                x: number(Some(p), "x"),
                y: number(Some(p), "y"),
            })
    };
    let points = geometry
        .and_then(|g| {
            g.children()
                .find(|a| a.has_tag_name("Array") && a.attribute("as") == Some("points"))
        })
        .map(|a| {
            a.children()
                .filter(|p| p.has_tag_name("mxPoint"))
                .map(|p| Point {
                    x: number(Some(p), "x"),
                    y: number(Some(p), "y"),
                })
                .collect()
        })
        .unwrap_or_default();
    let vertex = node.attribute("vertex") == Some("1");
    let relative = geometry.is_some_and(|g| g.attribute("relative") == Some("1"));
    let rect = (vertex && geometry.is_some()).then(|| Rect {
        x: number(geometry, "x"),
        y: number(geometry, "y"),
        w: number(geometry, "width"),
        h: number(geometry, "height"),
    });
    let range = outer.range();
    Cell {
        id,
        parent: node.attribute("parent").map(str::to_string),
        label,
        style,
        vertex,
        edge: node.attribute("edge") == Some("1"),
        source: node.attribute("source").map(str::to_string),
        target: node.attribute("target").map(str::to_string),
        rect: if relative { None } else { rect },
        source_point: point("sourcePoint"),
        target_point: point("targetPoint"),
        points,
        span: Span::new(base + range.start, base + range.end),
        data,
    }
}

/// Children of a vertex are placed relative to it: make every box absolute. Parents come
/// before children in draw.io's files, but not necessarily; resolve by walking up.
fn absolute(page: &mut Page) {
    let offsets: Vec<Point> = (0..page.cells.len())
        .map(|i| {
            let mut offset = Point::default();
            let mut at = page.cells[i].parent.clone();
            let mut steps = 0;
            while let Some(parent) = at {
                steps += 1;
                let Some(p) = page.get(&parent).filter(|_| steps < 64) else {
                    break;
                };
                if let Some(r) = p.rect.filter(|_| p.vertex) {
                    offset.x += r.x;
                    offset.y += r.y;
                }
                at = p.parent.clone();
            }
            offset
        })
        .collect();
    for (cell, offset) in page.cells.iter_mut().zip(offsets) {
        if let Some(r) = &mut cell.rect {
            r.x += offset.x;
            r.y += offset.y;
        }
        for p in cell
            .source_point
            .iter_mut()
            .chain(cell.target_point.iter_mut())
            .chain(cell.points.iter_mut())
        {
            p.x += offset.x;
            p.y += offset.y;
        }
    }
}
