//! What a diagram shows, before anything is placed: boxes with rows, clusters, nets
//! (flows, DNS lookups, replication) and the findings keyed to them.
//!
//! The scene also builds the layout graph: box sizes come from measured text, ranks from
//! tiers (users → DNS → load balancers → web → app → database → external services).
//!
//! `boxes` makes the items and clusters, `nets` the flows between them, `findings` the
//! badges and legend entries, `measure` the sizes the layout needs,
//! `row_parts` where a component row's icon, lock and badges sit.

mod boxes;
mod findings;
mod measure;
mod nets;
mod row_parts;
mod zones;

pub use boxes::show;
pub use measure::{badge_room, stack_offset};
pub use row_parts::{RowParts, badge_box, badge_radius, row_parts, row_width};
pub use zones::Domain;

pub use super::failure::{Failure, State};
use super::group::{self, Stacks};
use super::layout;
use crate::analysis::Analysis;
use crate::analysis::tier::Tier;
use crate::lint::{Finding, Severity};
use crate::model::{Design, Kind, NodeId};
use rustc_hash::FxHashMap as HashMap;

/// Sizes the drawing uses, shared with the painter.
pub mod metrics {
    pub const TITLE: f64 = 13.0;
    pub const TEXT: f64 = 12.0;
    pub const SMALL: f64 = 11.0;
    pub const LABEL: f64 = 10.0;
    pub const PAD: f64 = 10.0;
    pub const ICON: f64 = 16.0;
    pub const ROW: f64 = 26.0;
    pub const LINE: f64 = 15.0;
    pub const HEADER_TOP: f64 = 20.0;
    pub const BADGE: f64 = 16.0;
    pub const LABEL_HEIGHT: f64 = 14.0;
    pub const LABEL_PAD: f64 = 4.0;
}
use metrics::*;

/// How to draw: every server or stacks of identical ones; a failure to show.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options<'a> {
    pub expand: bool,
    pub failure: Option<&'a Failure>,
    /// Draw the bare design: the findings are not shown (they still exist).
    pub hide_findings: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BoxKind {
    Users,
    Record,
    Server,
    Service,
    Certificate,
}

/// A header line under a box's title: an address, a firewall.
#[derive(Debug, Clone)]
pub struct Line {
    pub icon: Option<Kind>,
    pub text: String,
}

/// One component inside a server.
#[derive(Debug, Clone)]
pub struct Row {
    pub node: NodeId,
    /// Its design path: the SVG element's `id`.
    pub path: String,
    pub kind: Kind,
    pub name: String,
    pub detail: String,
    /// It terminates TLS (with this certificate, if named).
    pub tls: Option<String>,
    pub badges: Vec<usize>,
    pub state: State,
}

#[derive(Debug, Clone)]
pub struct Item {
    pub node: NodeId,
    /// Its design path: the SVG element's `id`.
    pub path: String,
    pub kind: BoxKind,
    pub title: String,
    pub lines: Vec<Line>,
    pub rows: Vec<Row>,
    pub badges: Vec<usize>,
    /// Firewalls filter what enters it.
    pub walled: bool,
    /// How many identical servers the box stands for (1: just itself).
    pub stack: usize,
    pub state: State,
}

impl Item {
    /// The title band: title, header lines, padding. Rows start below it.
    pub fn header_height(&self) -> f64 {
        PAD + HEADER_TOP + self.lines.len() as f64 * LINE + PAD / 2.0
    }
}

#[derive(Debug, Clone)]
pub struct Cluster {
    pub node: NodeId,
    /// Its design path: the SVG element's `id`.
    pub path: String,
    pub title: String,
    pub detail: String,
    pub badges: Vec<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Encrypted,
    Plain,
    Dns,
    Replication,
    /// A certificate to the components that terminate TLS with it.
    Certificate,
}

#[derive(Debug, Clone)]
pub struct Link {
    pub style: Style,
    pub label: String,
    /// Monitoring data, drawn quieter than user traffic.
    pub monitoring: bool,
    /// Design paths of each spoke's sender and receiver, in spoke order: the SVG's
    /// `data-from` and `data-to`.
    pub ends: Vec<(String, String)>,
    /// Per spoke: under a simulated failure, one of its ends is down.
    pub broken: Vec<bool>,
}

/// A finding as the legend lists it; `number` is its badge.
#[derive(Debug, Clone)]
pub struct Marker {
    pub number: usize,
    pub severity: Severity,
    pub rule: &'static str,
    pub component: String,
    pub message: String,
}

#[derive(Debug, Clone, Default)]
pub struct Scene {
    pub title: String,
    pub subtitle: Vec<String>,
    pub items: Vec<Item>,
    pub clusters: Vec<Cluster>,
    /// Framed failure domains, one per zone and region of `graph`, in its order.
    pub zones: Vec<Domain>,
    pub regions: Vec<Domain>,
    /// One per net of `graph`, in the same order.
    pub links: Vec<Link>,
    pub markers: Vec<Marker>,
    pub graph: layout::Graph,
    /// The findings were left out on purpose (`--no-findings`): the picture says nothing
    /// about findings, and above all not that there are none.
    pub findings_hidden: bool,
    /// A simulated failure is shown: the legend explains faded and outlined.
    pub failure_shown: bool,
}

/// Ranks before closing gaps.
mod rank {
    pub const USERS: usize = 0;
    pub const DNS: usize = 1;
    pub const EDGE: usize = 2;
    pub const UNTIERED: usize = 7;
    pub const SERVICES: usize = 8;

    pub fn of(tier: super::Tier) -> usize {
        match tier {
            super::Tier::LoadBalancer => 3,
            super::Tier::Web => 4,
            super::Tier::App => 5,
            super::Tier::Cache | super::Tier::Queue | super::Tier::Database => 6,
        }
    }
}

/// Where a node is drawn.
#[derive(Debug, Clone, Copy)]
enum Place {
    Item(usize),
    Row(usize, usize),
    Cluster(usize),
}

struct Builder<'a> {
    design: &'a Design,
    analysis: &'a Analysis,
    stacks: Stacks,
    failure: &'a Failure,
    scene: Scene,
    places: HashMap<NodeId, Place>,
    ranks: Vec<usize>,
}

/// Build the scene. Unless `expand`, identical servers are stacked into one box.
pub fn build(
    design: &Design,
    analysis: &Analysis,
    findings: &[Finding],
    name: &str,
    options: Options,
) -> Scene {
    let nothing = Failure::default();
    let failure = options.failure.unwrap_or(&nothing);
    // The bare design: no badge, no outline, and servers that differ only by their
    // findings stack as the identical servers they are.
    let findings = if options.hide_findings { &[] } else { findings };
    let stacks = if options.expand {
        Stacks::default()
    } else {
        group::find(design, analysis, findings, failure)
    };
    let mut b = Builder {
        design,
        analysis,
        stacks,
        scene: Scene::default(),
        places: HashMap::default(),
        ranks: Vec::new(),
        failure,
    };
    b.scene.findings_hidden = options.hide_findings;
    b.scene.failure_shown = options.failure.is_some();
    b.heading(name);
    b.boxes();
    b.nets();
    b.findings(findings);
    b.measure();
    b.zones();
    b.scene
}

impl Builder<'_> {
    fn heading(&mut self, name: &str) {
        let d = self.design;
        self.scene.title = d.title().unwrap_or(name).to_string();
        let domains: Vec<&str> = d
            .nodes_of(Kind::Domain)
            .map(|(_, n)| n.name.as_str())
            .collect();
        if !domains.is_empty() {
            self.scene.subtitle.push(domains.join(", "));
        }
        if let Some(description) = d.attrs.text("description") {
            self.scene.subtitle.push(description.to_string());
        }
        let estimates = self.analysis.availability(d);
        if !estimates.is_empty() {
            let parts: Vec<String> = estimates
                .iter()
                .map(|e| {
                    let journey = e.journey.loss().trim_start_matches("all ");
                    format!("{journey} {:.2} %", e.availability * 100.0)
                })
                .collect();
            self.scene
                .subtitle
                .push(format!("Availability (estimate): {}", parts.join(" · ")));
        }
        if !self.failure.summary.is_empty() {
            self.scene.subtitle.push(self.failure.summary.clone());
        }
    }
}
