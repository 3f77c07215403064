//! Painting a laid-out scene as SVG with our own markup writer (`markup`): every label is
//! a text node or an escaped attribute, never spliced into markup.
//!
//! Order of layers: title block, zone and region frames, cluster frames, nets, boxes, net labels, legend — so
//! labels stay readable over lines and nothing paints over a box.

mod boxes;
mod frames;
pub mod icons;
mod legend;
mod markup;
mod nets;
mod number;
pub mod theme;

pub use nets::LOCK_ROOM;

use super::layout::{Layout, Owner, Point, Rect};
use super::scene::metrics::*;
use super::scene::{BoxKind, Item, Link, Marker, Row, Scene, Style, badge_radius, stack_offset};
use super::text::{self, FONT_FAMILY};
use crate::lint::Severity;
use crate::model::Kind;
use icons::{Icon, icon};
use markup::{Circle, Data, Document, Element, Group, Open, Path, Polygon, Rectangle, Text, Title};
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

/// Room for the whole document, so it is never copied as it grows. Growing by doubling
/// moved every byte about twice, each time into pages the process had never touched; in a
/// short render those page faults cost more than the painting. The estimate errs high:
/// pages reserved and never written are never faulted in.
pub fn estimated_bytes(scene: &Scene) -> usize {
    const DOCUMENT: usize = 16 << 10;
    const PER_ITEM: usize = 3 << 10;
    const PER_LINE: usize = 1 << 10;
    let lines = scene.links.len() + scene.markers.len();
    let frames = scene.clusters.len() + scene.zones.len() + scene.regions.len();
    DOCUMENT + PER_ITEM * scene.items.len() + PER_LINE * (lines + frames)
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
    let legend = legend::Legend::new(scene, width - 2.0 * MARGIN);
    let height = (heading_height + layout.height + legend.height).ceil();

    // The document, the diagram and its layers are written as they come (markup::Open).
    let mut out = String::with_capacity(estimated_bytes(scene));
    let mut doc = Document::new()
        .set("width", width)
        .set("height", height)
        .set("viewBox", (0, 0, width, height))
        .set("font-family", FONT_FAMILY)
        .set("role", "img")
        .add(Title::new(scene.title.as_str()))
        .add(
            Rectangle::new()
                .set("width", width)
                .set("height", height)
                .set("fill", theme.background),
        )
        .add(paint_heading(scene, &heading, theme))
        .open(&mut out);
    let mut diagram = doc.open(Group::new().set("class", "diagram").set(
        "transform",
        markup::Translate {
            x: 0.0,
            y: round(heading_height),
            scale: 1.0,
        },
    ));
    if layout
        .zones
        .iter()
        .chain(&layout.regions)
        .any(Option::is_some)
    {
        frames::paint_frames(scene, layout, theme, &mut diagram);
    }
    boxes::paint_clusters(scene, layout, theme, &mut diagram);
    nets::paint_nets(scene, layout, theme, &mut diagram);
    boxes::paint_items(scene, layout, theme, &mut diagram);
    nets::paint_labels(scene, layout, theme, &mut diagram);
    diagram.close();
    doc.add(legend.paint(theme, heading_height + layout.height));
    doc.close();
    out.push('\n');
    out
}

fn label(content: &str, x: f64, y: f64, size: f64, fill: &str) -> Element {
    // Characters XML cannot carry are replaced in the finished SVG (xml_text).
    Text::new(content)
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
    // A picture drawn without findings says nothing about them, neither a count nor "no
    // findings".
    if !scene.findings_hidden {
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
    }
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

fn paint_heading(scene: &Scene, lines: &[String], theme: &Theme) -> Element {
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

fn rect(r: &Rect) -> Element {
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
    mut group: Element,
    markers: &[Marker],
    numbers: &[usize],
    x: f64,
    y: f64,
    theme: &Theme,
) -> Element {
    for (i, &n) in numbers.iter().enumerate() {
        let cx = x + BADGE / 2.0 + i as f64 * (BADGE + 3.0);
        group = group.add(badge_at(n, (cx, y), markers, theme));
    }
    group
}

/// Badge number `n` centred on `(cx, cy)`, in its finding's colour.
fn badge_at(n: usize, (cx, cy): (f64, f64), markers: &[Marker], theme: &Theme) -> Element {
    let severity = markers.get(n - 1).map_or(Severity::Error, |m| m.severity);
    badge(n, cx, cy, theme.severity(severity), theme)
}

fn badge(n: usize, cx: f64, cy: f64, fill: &str, theme: &Theme) -> Element {
    let digits = n.to_string();
    let r = badge_radius(n);
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
