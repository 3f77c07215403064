//! A layered (Sugiyama-style) layout for boxes with rows, groups of boxes, and nets.
//!
//! ```text
//! Graph ─► blocks (ranks, groups, dummy chains) ─► order (median, transpose, BJM counting)
//!       ─► ports (which face of its box each net end uses, slots on a shared row)
//!       ─► gutter (vertical tracks and labels beside boxes) ─► place (isotonic x per rank)
//!       ─► edges (x of ends on top and bottom faces) ─► channel (horizontal tracks, rank y)
//!       ─► path (orthogonal polylines)
//! ```
//!
//! Why our own: layout-rs has no groups, routes edges through boxes and its crossing
//! optimiser is cubic (DESIGN.md, measured). Here the ranks are given (tiers), so the
//! work is ordering, placement and routing, each linear or O(E log V) per sweep.
//!
//! Edges are *nets*: a hub port and its spokes (one flow hop to several backends is one
//! net), routed orthogonally: out of the box side at the row (or out of the bottom of a
//! box without rows), down a gutter track beside the box, along a horizontal track in the
//! channel between ranks, down through ranks on dummy columns, and in through the target's
//! gutter (or its top). Nothing crosses a box, and each net keeps to itself: two nets
//! never share a port, a track or a line, and a label sits where no other net passes
//! (beside its own line in a gutter, or under its own box).

mod edges;
mod ports;

mod blocks;
mod channel;
mod gutter;
mod order;
mod path;
mod place;
mod stacking;
mod zones;

/// A box to place: it has rows, so ports sit at heights within it.
#[derive(Debug, Clone)]
pub struct Node {
    pub width: f64,
    pub height: f64,
    /// Smaller ranks are drawn higher. Gaps in the numbering are closed.
    pub rank: usize,
    pub group: Option<usize>,
}

/// Boxes drawn side by side inside one frame (a cluster). Members are the nodes whose
/// `group` is this one, in node order, and share the first member's rank.
#[derive(Debug, Clone)]
pub struct Group {
    /// Room above the members for the group's title.
    pub header: f64,
    /// The frame is at least this wide (its title must fit).
    pub min_width: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Owner {
    Node(usize),
    Group(usize),
}

/// Where a net touches a box or a group: a height from its top edge, for a line that
/// enters at the side (a component's row), or anywhere on the top or bottom face when
/// `edge` (a box without rows, a server as a whole, a cluster's frame).
///
/// Side ports of one box should sit at least `2 * PORT_SPREAD` apart (rows do): nets
/// meeting at one port are spread over that much, so each keeps its own line.
#[derive(Debug, Clone, Copy)]
pub struct Port {
    pub owner: Owner,
    pub y: f64,
    pub edge: bool,
}

/// One source reaching one or more targets (or several sources one target).
#[derive(Debug, Clone)]
pub struct Net {
    pub hub: Port,
    pub spokes: Vec<Port>,
    /// The hub sends (fan-out) or receives (fan-in); paths run source to target.
    pub hub_is_source: bool,
    /// Width and height of the net's label, if it has one.
    pub label: Option<(f64, f64)>,
    /// How much the net pulls its ends into line (1 for main traffic; less for side
    /// traffic such as monitoring, so it does not bend the main path).
    pub weight: f64,
}

/// Where a node sits among the failure domains, which are drawn as frames around what
/// sits in them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placement {
    /// In zones `first..=last` of `Graph::zones` (a service spread over several is drawn
    /// across their frames).
    Zones(usize, usize),
    /// In a region of `Graph::regions`, in no zone of it.
    Region(usize),
}

/// A zone's frame: the region around it, and its title's size.
#[derive(Debug, Clone, Copy)]
pub struct Zone {
    pub region: Option<usize>,
    pub label: (f64, f64),
}

/// A region's frame: its title's size.
#[derive(Debug, Clone, Copy)]
pub struct Region {
    pub label: (f64, f64),
}

#[derive(Debug, Clone, Default)]
pub struct Graph {
    pub nodes: Vec<Node>,
    pub groups: Vec<Group>,
    pub nets: Vec<Net>,
    /// Zones in drawing order (left to right); a region's zones are neighbours.
    pub zones: Vec<Zone>,
    pub regions: Vec<Region>,
    /// Per node, where it sits (empty: nothing sits anywhere).
    pub placements: Vec<Option<Placement>>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Point {
    pub x: f64,
    pub y: f64,
}

#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

impl Rect {
    pub fn right(&self) -> f64 {
        self.x + self.w
    }
    pub fn bottom(&self) -> f64 {
        self.y + self.h
    }
}

/// A routed net: one polyline per spoke, from source to target, and the label's box.
#[derive(Debug, Clone, Default)]
pub struct Route {
    pub paths: Vec<Vec<Point>>,
    pub label: Option<Rect>,
}

/// A failure domain's frame and the box its title takes (none: nothing sits in it).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Frame {
    pub rect: Rect,
    pub label: Rect,
}

#[derive(Debug, Clone, Default)]
pub struct Layout {
    pub nodes: Vec<Rect>,
    pub groups: Vec<Rect>,
    /// One per zone and region of the graph, in its order.
    pub zones: Vec<Option<Frame>>,
    pub regions: Vec<Option<Frame>>,
    pub routes: Vec<Route>,
    pub width: f64,
    pub height: f64,
}

/// Spacing, in pixels.
pub mod spacing {
    /// How far nets sharing one side port are spread above and below it.
    pub const PORT_SPREAD: f64 = 8.0;
    /// Between nets sharing one side port.
    pub const SLOT: f64 = 7.0;
    /// Between a corner and the first end on a top or bottom face.
    pub const EDGE_INSET: f64 = 10.0;
    /// Between two ends on a top or bottom face.
    pub const ATTACH_GAP: f64 = 12.0;
    /// Two nets on one gutter track keep at least this far apart, so neither reads as the
    /// other's continuation.
    pub const SHARE_GAP: f64 = 24.0;
    /// Two vertical lines of different nets keep at least this far apart.
    pub const MIN_SEP: f64 = 5.0;
    /// Between a line and the label beside it.
    pub const LABEL_GAP: f64 = 3.0;
    /// Between neighbouring blocks of a rank.
    pub const BLOCK_GAP: f64 = 36.0;
    /// Next to a dummy column.
    pub const DUMMY_GAP: f64 = 8.0;
    /// Between members of a group.
    pub const MEMBER_GAP: f64 = 24.0;
    /// Between a group's frame and its members.
    pub const GROUP_PAD: f64 = 12.0;
    /// Between a box and its first gutter track.
    pub const TRACK_MARGIN: f64 = 6.0;
    /// Between gutter tracks.
    pub const TRACK: f64 = 8.0;
    /// Above and below the tracks of a channel.
    pub const CHANNEL_PAD: f64 = 10.0;
    /// Between channel tracks when no label is taller.
    pub const CHANNEL_TRACK: f64 = 10.0;
    /// Between two nets sharing a channel track.
    pub const TRACK_CLEARANCE: f64 = 16.0;
    /// Around the whole drawing.
    pub const MARGIN: f64 = 16.0;
    /// Between a zone's frame and what sits in it (gutter tracks included).
    pub const ZONE_PAD: f64 = 10.0;
    /// Between a region's frame and its zones' frames.
    pub const REGION_PAD: f64 = 10.0;
    /// Between the frames of neighbouring zones.
    pub const FRAME_GAP: f64 = 16.0;
    /// Above the first rank of a frame, for its title (only lines pass there).
    pub const FRAME_HEAD: f64 = 22.0;
    /// Below the last rank of a frame.
    pub const FRAME_FOOT: f64 = 10.0;
    /// How far a box spread over several zones reaches into each of its outer ones.
    pub const SPAN_IN: f64 = 24.0;
}

/// Lay out `graph`; the result's coordinates start at (0, 0) and include a margin.
pub fn layout(graph: &Graph) -> Layout {
    if graph.nodes.is_empty() {
        return Layout::default();
    }
    let prepared = zones::prepare(graph);
    let graph = prepared.as_ref().unwrap_or(graph);
    let mut structure = blocks::Blocks::new(graph);
    let count = structure.kinds.len();
    order::reduce_crossings(&mut structure.order, &structure.links, count);
    let domains = zones::Domains::new(graph, &structure);
    domains.sort(&mut structure.order);
    let ends = ports::Ends::new(graph, &structure);
    let (mut widths, frames) = ends.widths(graph);
    let mut gutters = gutter::Gutters::new(graph, &structure, &ends);
    let mut extents = gutters.extents(graph, &structure, &ends, &widths, &frames);
    let (up, down) = gutters.pulls(graph, &structure, &ends, &widths, &frames);
    let gap = |a, b| structure.gap(a, b);
    let mut left = place::place(&structure.order, &extents, gap, &up, &down);
    let spans = domains.separate(&structure, &mut extents, &mut widths, &mut left);
    let mut columns = gutters.columns(graph, &structure, &widths, &extents, &left);
    edges::untangle(graph, &structure, &ends, &mut gutters, &mut columns);
    let xs = edges::Verticals::new(graph, &structure, &ends, &gutters, &mut columns, &extents);
    let bands = domains.bands(graph, &structure);
    let channels = channel::Channels::new(graph, &structure, &ends, &xs, &bands);
    let mut layout = path::assemble(graph, &structure, &ends, &gutters, &columns, &xs, &channels);
    domains.frames(graph, &structure, &spans, &channels, &mut layout);
    path::normalise(&mut layout);
    layout
}
