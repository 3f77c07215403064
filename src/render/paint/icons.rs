//! Small line icons, 16 × 16, one per kind of thing a diagram shows.

use super::markup::{
    Circle, Element, Ellipse, Fragment, Group, Line, Path, Polyline, Rectangle, Translate,
};
use crate::model::Kind;
use rustc_hash::FxHashMap;
use std::cell::RefCell;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Icon {
    Kind(Kind),
    Users,
    Record,
    Lock,
}

/// The icon drawn with its top-left corner at (x, y), scaled by `scale`.
pub fn icon(icon: Icon, x: f64, y: f64, scale: f64, colour: &str) -> Element {
    let group = Group::new()
        .set("transform", transform(x, y, scale))
        .set("fill", "none")
        .set("stroke", colour)
        .set("stroke-width", 1.4)
        .set("stroke-linecap", "round")
        .set("stroke-linejoin", "round");
    SHAPES.with_borrow_mut(|written| {
        let shapes = written
            .entry(icon)
            .or_insert_with(|| Fragment::children_of(shapes(icon)));
        group.add_fragment(shapes)
    })
}

thread_local! {
    /// Each icon's shapes as markup, written the first time the icon is drawn: a
    /// diagram draws the same few icons in every box, and building their elements anew
    /// was a tenth of a 100-server render's instructions (callgrind).
    static SHAPES: RefCell<FxHashMap<Icon, Fragment>> = RefCell::default();
}

/// The shapes of `icon`, in a group without attributes.
fn shapes(icon: Icon) -> Element {
    let group = Group::new();
    match icon {
        Icon::Kind(Kind::Server) => group
            .add(Rectangle::new().set("x", 1.5).set("y", 2).set("width", 13).set("height", 5).set("rx", 1))
            .add(Rectangle::new().set("x", 1.5).set("y", 9).set("width", 13).set("height", 5).set("rx", 1))
            .add(Line::new().set("x1", 4).set("y1", 4.5).set("x2", 6).set("y2", 4.5))
            .add(Line::new().set("x1", 4).set("y1", 11.5).set("x2", 6).set("y2", 11.5)),
        Icon::Kind(Kind::WebServer) => group
            .add(Circle::new().set("cx", 8).set("cy", 8).set("r", 6.5))
            .add(Ellipse::new().set("cx", 8).set("cy", 8).set("rx", 3).set("ry", 6.5))
            .add(Line::new().set("x1", 1.5).set("y1", 8).set("x2", 14.5).set("y2", 8)),
        Icon::Kind(Kind::AppServer) => group
            .add(Polyline::new().set("points", "5,4 1.5,8 5,12"))
            .add(Polyline::new().set("points", "11,4 14.5,8 11,12"))
            .add(Line::new().set("x1", 9.5).set("y1", 3).set("x2", 6.5).set("y2", 13)),
        Icon::Kind(Kind::Database) => group
            .add(Ellipse::new().set("cx", 8).set("cy", 3.5).set("rx", 6).set("ry", 2.2))
            .add(Path::new().set("d", "M2,3.5 V12.5 A6,2.2 0 0 0 14,12.5 V3.5"))
            .add(Path::new().set("d", "M2,8 A6,2.2 0 0 0 14,8")),
        Icon::Kind(Kind::LoadBalancer) => group
            .add(Circle::new().set("cx", 8).set("cy", 3).set("r", 2))
            .add(Path::new().set("d", "M8,5 L2.5,13 M8,5 V13 M8,5 L13.5,13"))
            .add(Polyline::new().set("points", "1,11 2.5,13 4.5,12"))
            .add(Polyline::new().set("points", "6.5,11.5 8,13 9.5,11.5"))
            .add(Polyline::new().set("points", "11.5,12 13.5,13 14.5,11")),
        Icon::Kind(Kind::MonitoringAgent) => group.add(
            Polyline::new().set("points", "1,9 4,9 6,3 9,14 11,7 12.5,9 15,9"),
        ),
        Icon::Kind(Kind::Firewall) => group
            .add(Rectangle::new().set("x", 1).set("y", 3).set("width", 14).set("height", 11))
            .add(Path::new().set(
                "d",
                "M1,6.7 H15 M1,10.3 H15 M6,3 V6.7 M11,3 V6.7 M3.5,6.7 V10.3 M8.5,6.7 V10.3 M13,6.7 V10.3 M6,10.3 V14 M11,10.3 V14",
            )),
        Icon::Kind(Kind::Certificate) | Icon::Lock => group
            .add(Rectangle::new().set("x", 3).set("y", 7).set("width", 10).set("height", 8).set("rx", 1.5))
            .add(Path::new().set("d", "M5,7 V5 A3,3 0 0 1 11,5 V7"))
            .add(Line::new().set("x1", 8).set("y1", 10).set("x2", 8).set("y2", 12)),
        Icon::Kind(Kind::Service) => group.add(Path::new().set(
            "d",
            "M4.5,13 H12 A3,3 0 0 0 12.3,7 A4.2,4.2 0 0 0 4.3,7.8 A2.6,2.6 0 0 0 4.5,13 Z",
        )),
        Icon::Users | Icon::Kind(Kind::Internet) => group
            .add(Circle::new().set("cx", 8).set("cy", 5).set("r", 3))
            .add(Path::new().set("d", "M2,15 A6,5.5 0 0 1 14,15")),
        Icon::Record | Icon::Kind(Kind::Record | Kind::Domain) => group
            .add(Path::new().set("d", "M2,4 H10 L14,8 L10,12 H2 Z"))
            .add(Circle::new().set("cx", 5).set("cy", 8).set("r", 1)),
        Icon::Kind(Kind::Cluster) => group
            .add(Rectangle::new().set("x", 1).set("y", 4).set("width", 6).set("height", 8).set("rx", 1))
            .add(Rectangle::new().set("x", 9).set("y", 4).set("width", 6).set("height", 8).set("rx", 1)),
        Icon::Kind(Kind::Allow | Kind::Deny) => group.add(Path::new().set("d", "M3,8 H13")),
        // A bolt: answers fast, from memory.
        Icon::Kind(Kind::Cache) => group.add(Polyline::new().set("points", "9.5,1.5 3.5,9 8,9 6.5,14.5 12.5,7 8,7 9.5,1.5")),
        // Messages waiting in line.
        Icon::Kind(Kind::Queue) => group
            .add(Rectangle::new().set("x", 1).set("y", 5).set("width", 4).set("height", 6).set("rx", 0.8))
            .add(Rectangle::new().set("x", 6).set("y", 5).set("width", 4).set("height", 6).set("rx", 0.8))
            .add(Polyline::new().set("points", "11.5,5 14.5,8 11.5,11")),
        // A bucket.
        Icon::Kind(Kind::ObjectStore) => group
            .add(Ellipse::new().set("cx", 8).set("cy", 4).set("rx", 6).set("ry", 2))
            .add(Path::new().set("d", "M2,4 L3.8,13.2 A4.5,1.6 0 0 0 12.2,13.2 L14,4")),
        // The globe, with the edge around it.
        Icon::Kind(Kind::Cdn) => group
            .add(Circle::new().set("cx", 8).set("cy", 8).set("r", 6.5))
            .add(Path::new().set("d", "M1.5,8 H14.5 M8,1.5 A4,6.5 0 0 1 8,14.5 A4,6.5 0 0 1 8,1.5"))
            .add(Path::new().set("d", "M3,4.5 H13 M3,11.5 H13")),
        // An arch: a way through.
        Icon::Kind(Kind::Tunnel) => group
            .add(Path::new().set("d", "M1.5,14 V8 A6.5,6.5 0 0 1 14.5,8 V14"))
            .add(Path::new().set("d", "M5,14 V9 A3,3 0 0 1 11,9 V14")),
        // Three hosts wired together.
        Icon::Kind(Kind::Network) => group
            .add(Circle::new().set("cx", 8).set("cy", 3).set("r", 2))
            .add(Circle::new().set("cx", 3).set("cy", 13).set("r", 2))
            .add(Circle::new().set("cx", 13).set("cy", 13).set("r", 2))
            .add(Path::new().set("d", "M7,4.8 L4,11.2 M9,4.8 L12,11.2 M5,13 H11")),
        // A map pin: a place things run in.
        Icon::Kind(Kind::Zone | Kind::Region) => group
            .add(Path::new().set("d", "M8,15 C4,10.5 2.5,8 2.5,6 A5.5,5.5 0 0 1 13.5,6 C13.5,8 12,10.5 8,15 Z"))
            .add(Circle::new().set("cx", 8).set("cy", 6).set("r", 2)),
    }
}

fn transform(x: f64, y: f64, scale: f64) -> Translate {
    Translate {
        x: super::round(x),
        y: super::round(y),
        scale,
    }
}
