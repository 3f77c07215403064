//! Availability estimates: how often each user journey works, from how often each part
//! is up.
//!
//! The model (documented for users in README "Availability"):
//! - Every server and every component is a *unit* that is up with its availability — a
//!   per-kind default, or the item's `availability = 99.95` (percent). Units fail
//!   independently; a component works only while its server is up, so components on one
//!   server fail together with it.
//! - A journey works when users can reach one of its targets (see `journey::sinks`) over
//!   hops it may use, through working units only. That is two-terminal reliability on
//!   the real traffic graph: instances in parallel add up, hops in series multiply, and
//!   shared servers are counted once — computed exactly by *factoring* (condition on one
//!   unit up or down, recurse; stop as soon as the remaining units cannot matter).
//! - An active-passive cluster on a journey's paths multiplies in its failover: while a
//!   standby takes over, requests fail. Its `availability` (default 99.99 %) stands for
//!   that switch-over time.
//! - Factoring is exponential in the worst case; past [`MAX_UNITS`] relevant units or
//!   [`MAX_STEPS`] steps the estimate falls back to tiers in series, instances of a tier
//!   in parallel, and says so.

use super::Analysis;
use super::journey::{self, Journey};
use super::tier::Tier;
use crate::model::value::AttrValue;
use crate::model::word::Mode;
use crate::model::{Design, Kind, NodeId};
use petgraph::graph::NodeIndex;
use petgraph::visit::EdgeRef;
use serde::Serialize;
use std::collections::{HashMap, HashSet};

/// Beyond this many units on a journey's paths, estimate by tiers instead.
pub const MAX_UNITS: usize = 40;
/// Factoring steps before giving up on the exact figure.
pub const MAX_STEPS: usize = 20_000;
/// Minutes in a 30-day month.
const MONTH_MINUTES: f64 = 30.0 * 24.0 * 60.0;

/// The availability assumed for a kind, in percent, when the item sets none.
pub fn default_percent(kind: Kind) -> f64 {
    match kind {
        Kind::Server => 99.9,
        Kind::LoadBalancer => 99.99,
        Kind::WebServer => 99.95,
        Kind::AppServer => 99.9,
        Kind::Database => 99.95,
        Kind::Cache => 99.95,
        Kind::Queue => 99.95,
        Kind::ObjectStore => 99.95,
        Kind::Tunnel => 99.95,
        Kind::Service => 99.9,
        Kind::Cdn => 99.9,
        Kind::Cluster => 99.99,
        Kind::Zone => 99.95,
        Kind::Region => 99.99,
        _ => 100.0,
    }
}

/// The availability assumed for a provider's service of `kind`, in percent, from the
/// providers' published SLAs (AWS's, the most common): `multi_zone` when it spans two
/// or more zones. The SLA already counts its zones' outages.
pub fn managed_percent(kind: Kind, multi_zone: bool) -> f64 {
    match (kind, multi_zone) {
        (Kind::LoadBalancer, _) => 99.99, // Elastic Load Balancing
        (Kind::Database, true) => 99.95,  // RDS Multi-AZ
        (Kind::Database, false) => 99.5,  // RDS Single-AZ
        (Kind::Cache, true) => 99.99,     // ElastiCache Multi-AZ
        (Kind::Cache, false) => 99.9,     // ElastiCache
        (Kind::Queue, _) => 99.9,         // SQS
        (Kind::ObjectStore, _) => 99.9,   // S3 Standard
        (Kind::AppServer, _) => 99.95,    // App Runner, Cloud Run
        (Kind::Cdn, _) => 99.9,           // CloudFront
        (kind, _) => default_percent(kind),
    }
}

/// Where a managed service's default comes from: the provider's published SLA.
pub fn managed_source(kind: Kind, multi_zone: bool) -> &'static str {
    match (kind, multi_zone) {
        (Kind::LoadBalancer, _) => "the Elastic Load Balancing SLA",
        (Kind::Database, true) => "the Amazon RDS SLA, Multi-AZ",
        (Kind::Database, false) => "the Amazon RDS SLA, Single-AZ",
        (Kind::Cache, true) => "the Amazon ElastiCache SLA, Multi-AZ",
        (Kind::Cache, false) => "the Amazon ElastiCache SLA, single zone",
        (Kind::Queue, _) => "the Amazon SQS SLA",
        (Kind::ObjectStore, _) => "the Amazon S3 SLA, Standard",
        (Kind::AppServer, _) => "the AWS App Runner and Google Cloud Run SLAs",
        (Kind::Cdn, _) => "the Amazon CloudFront SLA",
        _ => "infrac's default for its kind",
    }
}

/// One figure an estimate takes when the design sets none: what it stands for, in
/// percent, and where it comes from.
#[derive(Debug, Clone, PartialEq)]
pub struct Assumption {
    /// The item it applies to (`rds`), or `None` for a default of the kind.
    pub item: Option<NodeId>,
    pub kind: Kind,
    /// Spread over two or more zones (for managed services, whose SLA depends on it).
    pub multi_zone: bool,
    pub percent: f64,
    /// The provider's published SLA it comes from, for managed services.
    pub source: Option<&'static str>,
}

/// The zone, region and managed-service figures this design's estimate uses without
/// the design setting them: a zone's and a region's outage when it places anything,
/// and each provider's service's SLA. (The per-kind defaults of servers and their
/// components are `default_percent`.)
pub fn assumptions(design: &Design, analysis: &Analysis) -> Vec<Assumption> {
    let unset = |id: NodeId| design.node(id).attrs.get("availability").is_none();
    let mut out = Vec::new();
    for (kind, used) in [
        (Kind::Zone, analysis.domains.zones_in_use()),
        (Kind::Region, analysis.domains.regions_in_use()),
    ] {
        if used.iter().any(|&z| unset(z)) {
            out.push(Assumption {
                item: None,
                kind,
                multi_zone: false,
                percent: default_percent(kind),
                source: None,
            });
        }
    }
    for (id, node) in design.nodes() {
        if !design.is_managed(id) || !unset(id) {
            continue;
        }
        let multi_zone = node
            .attrs
            .get("zones")
            .is_some_and(|z| z.items().len() >= 2);
        out.push(Assumption {
            item: Some(id),
            kind: node.kind,
            multi_zone,
            percent: managed_percent(node.kind, multi_zone),
            source: Some(managed_source(node.kind, multi_zone)),
        });
    }
    out
}

/// An item's availability as a probability: its own `availability`, else the default
/// for its kind (a provider's SLA for managed services). An instance group of n counts
/// as n in parallel.
pub fn of(design: &Design, id: NodeId) -> f64 {
    let node = design.node(id);
    let percent = match node.attrs.get("availability") {
        Some(AttrValue::Number(n)) => *n,
        Some(AttrValue::Int(n)) => *n as f64,
        _ if design.is_managed(id) => {
            let zones = node.attrs.get("zones").map_or(0, |z| z.items().len());
            managed_percent(node.kind, zones >= 2)
        }
        _ => default_percent(node.kind),
    };
    let one = (percent / 100.0).clamp(0.0, 1.0);
    match design.instances(id) {
        n if n >= 2 && (node.kind == Kind::Server || node.kind.is_component()) => {
            1.0 - (1.0 - one).powi(n.min(64) as i32)
        }
        _ => one,
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Estimate {
    pub journey: Journey,
    /// Probability the journey works, 0..1.
    pub availability: f64,
    /// −log10(1 − availability): 3.0 is "three nines".
    pub nines: f64,
    pub downtime_minutes_per_month: f64,
    /// Computed exactly (false: by tiers, the design being too large to factor).
    pub exact: bool,
}

impl Estimate {
    fn new(journey: Journey, availability: f64, exact: bool) -> Estimate {
        let down = (1.0 - availability).max(0.0);
        Estimate {
            journey,
            availability,
            nines: if down <= 0.0 {
                f64::INFINITY
            } else {
                -down.log10()
            },
            downtime_minutes_per_month: down * MONTH_MINUTES,
            exact,
        }
    }

    /// "99.80 % (2.7 nines, 86 min/month down)".
    pub fn describe(&self) -> String {
        let nines = if self.nines.is_finite() {
            format!("{:.1} nines", self.nines)
        } else {
            "no downtime modelled".to_string()
        };
        format!(
            "{:.3} % ({nines}, {:.0} min/month down{})",
            self.availability * 100.0,
            self.downtime_minutes_per_month,
            if self.exact {
                ""
            } else {
                ", estimated by tiers"
            }
        )
    }
}

/// Every journey the design supports, estimated.
pub fn estimate(design: &Design, analysis: &Analysis) -> Vec<Estimate> {
    Journey::ALL
        .into_iter()
        .filter_map(|journey| {
            let reachable = analysis.reach.get(&journey)?;
            let sinks = journey::sinks(design, journey, reachable);
            if sinks.is_empty() {
                return None;
            }
            let traffic = &analysis.traffic;
            let targets: HashSet<NodeIndex> =
                sinks.iter().filter_map(|&s| traffic.index_of(s)).collect();
            let paths = on_paths(design, analysis, journey, &targets);
            let failover = failover(design, analysis, &paths);
            // Each node on the paths is at least one unit: too many, and factoring is off.
            // Junctions are no units: they cannot fail.
            let items = paths
                .nodes
                .iter()
                .filter(|&&ix| !traffic.is_junction(ix))
                .count();
            let exact = (items <= MAX_UNITS + 1)
                .then(|| {
                    let nodes = paths.nodes.iter().copied().collect();
                    Network::new(design, analysis, journey, targets, nodes)
                })
                .filter(|net| net.units.len() <= MAX_UNITS)
                .and_then(|net| net.reliability());
            let (a, exact) = match exact {
                Some(a) => (a, true),
                None => (by_tiers(design, analysis, &paths), false),
            };
            Some(Estimate::new(journey, a * failover, exact))
        })
        .collect()
}

/// The traffic graph of one journey, with units and targets.
struct Network<'a> {
    analysis: &'a Analysis,
    design: &'a Design,
    journey: Journey,
    targets: HashSet<NodeIndex>,
    /// Units whose state matters, with their availability.
    units: Vec<(NodeId, f64)>,
    unit_index: HashMap<NodeId, usize>,
    /// For each traffic node, the units it needs up (itself, its server, its zone).
    needs: HashMap<NodeIndex, Vec<Need>>,
    /// The same as dense tables for the connectivity test, which factoring runs often:
    /// usable hops between nodes on the paths, each node's units, the targets.
    dense: Dense,
}

#[derive(Default)]
struct Dense {
    start: Option<usize>,
    adjacency: Vec<Vec<usize>>,
    needs: Vec<Option<Vec<Need>>>,
    target: Vec<bool>,
}

/// What a traffic node needs up: one unit, or any one of several (the zones of
/// something spread over them).
#[derive(Debug, Clone)]
enum Need {
    Unit(usize),
    AnyOf(Vec<usize>),
}

impl Need {
    fn met(&self, passable: &dyn Fn(usize) -> bool) -> bool {
        match self {
            Need::Unit(u) => passable(*u),
            Need::AnyOf(units) => units.iter().any(|&u| passable(u)),
        }
    }
}

impl<'a> Network<'a> {
    fn new(
        design: &'a Design,
        analysis: &'a Analysis,
        journey: Journey,
        targets: HashSet<NodeIndex>,
        on_paths: HashSet<NodeIndex>,
    ) -> Network<'a> {
        let traffic = &analysis.traffic;
        let mut net = Network {
            analysis,
            design,
            journey,
            targets,
            units: Vec::new(),
            unit_index: HashMap::new(),
            needs: HashMap::new(),
            dense: Dense::default(),
        };
        // Units in breadth-first order from the users, so factoring settles whole
        // paths early and prunes.
        let order = breadth_first(analysis, &on_paths);
        let mut on_server: HashMap<NodeId, usize> = HashMap::new();
        for &ix in order.iter().filter(|&&ix| !traffic.is_junction(ix)) {
            if let Some(server) = design.host(traffic.graph[ix]) {
                *on_server.entry(server).or_default() += 1;
            }
        }
        for ix in order {
            if traffic.is_junction(ix) {
                net.needs.insert(ix, Vec::new()); // passable: only its members fail
                continue;
            }
            let id = traffic.graph[ix];
            let node = design.node(id);
            if node.kind == Kind::Internet {
                continue;
            }
            let server = design
                .host(id)
                .filter(|&h| node.kind.is_component() && h != id);
            let mut needs = match server {
                // The server's only part on the paths: one unit, up when both are.
                Some(server) if on_server.get(&server) == Some(&1) => {
                    let u = net.unit(id);
                    net.units[u].1 *= of(design, server);
                    net.unit_index.insert(server, u);
                    vec![Need::Unit(u)]
                }
                Some(server) => vec![Need::Unit(net.unit(id)), Need::Unit(net.unit(server))],
                None => vec![Need::Unit(net.unit(id))],
            };
            needs.extend(net.placement(server.unwrap_or(id)));
            net.needs.insert(ix, needs);
        }
        net.dense = net.tables();
        net
    }

    fn tables(&self) -> Dense {
        let traffic = &self.analysis.traffic;
        let n = traffic.graph.node_count();
        let mut dense = Dense {
            start: traffic
                .index_of(self.analysis.entry.start)
                .map(|ix| ix.index()),
            adjacency: vec![Vec::new(); n],
            needs: vec![None; n],
            target: vec![false; n],
        };
        for (&ix, units) in &self.needs {
            dense.needs[ix.index()] = Some(units.clone());
        }
        for &ix in &self.targets {
            dense.target[ix.index()] = true;
        }
        for e in traffic.graph.edge_references() {
            let (a, b) = (e.source(), e.target());
            let usable = journey::usable(
                self.design,
                &self.analysis.entry,
                self.journey,
                traffic.graph[a],
                traffic.graph[b],
                e.weight().access,
            );
            if usable && self.needs.contains_key(&b) {
                dense.adjacency[a.index()].push(b.index());
            }
        }
        dense
    }

    /// The zones and region `placed` needs: any one of its zones when it is spread
    /// over them, else each. A provider's service keeps its SLA: its own figure is
    /// divided by the chance its zones are up, so zone outages are not counted twice.
    fn placement(&mut self, placed: NodeId) -> Vec<Need> {
        let domains = &self.analysis.domains;
        let zones = domains.zones_of(self.design, placed).to_vec();
        let region = domains.region_of(self.design, placed);
        let spread = domains.spread(self.design, placed);
        let mut needs = Vec::new();
        let mut chance = 1.0;
        if spread {
            let units: Vec<usize> = zones.iter().map(|&z| self.unit(z)).collect();
            chance *= 1.0
                - units
                    .iter()
                    .map(|&u| 1.0 - self.units[u].1)
                    .product::<f64>();
            needs.push(Need::AnyOf(units));
        } else {
            for zone in zones {
                let u = self.unit(zone);
                chance *= self.units[u].1;
                needs.push(Need::Unit(u));
            }
        }
        if let Some(region) = region {
            let u = self.unit(region);
            chance *= self.units[u].1;
            needs.push(Need::Unit(u));
        }
        if self.design.is_managed(placed)
            && chance > 0.0
            && let Some(&own) = self.unit_index.get(&placed)
        {
            self.units[own].1 = (self.units[own].1 / chance).min(1.0);
        }
        needs
    }

    fn unit(&mut self, id: NodeId) -> usize {
        if let Some(&u) = self.unit_index.get(&id) {
            return u;
        }
        self.units.push((id, of(self.design, id)));
        self.unit_index.insert(id, self.units.len() - 1);
        self.units.len() - 1
    }

    /// Whether users reach a target when `passable` says which units may be used.
    fn connected(&self, passable: &dyn Fn(usize) -> bool) -> bool {
        let d = &self.dense;
        let Some(start) = d.start else {
            return false;
        };
        let mut seen = vec![false; d.adjacency.len()];
        seen[start] = true;
        let mut stack = vec![start];
        while let Some(ix) = stack.pop() {
            if d.target[ix] {
                return true;
            }
            for &next in &d.adjacency[ix] {
                if seen[next] {
                    continue;
                }
                let open = d.needs[next]
                    .as_ref()
                    .is_some_and(|needs| needs.iter().all(|n| n.met(passable)));
                if open {
                    seen[next] = true;
                    stack.push(next);
                }
            }
        }
        false
    }

    /// Exact two-terminal reliability by factoring on the units in order; `None` when
    /// it would take more than [`MAX_STEPS`] steps.
    fn reliability(&self) -> Option<f64> {
        let mut state: Vec<Option<bool>> = vec![None; self.units.len()];
        let steps = std::cell::Cell::new(0usize);
        let a = self.factor(&mut state, 0, &steps);
        (steps.get() <= MAX_STEPS).then_some(a)
    }

    fn factor(
        &self,
        state: &mut Vec<Option<bool>>,
        next: usize,
        steps: &std::cell::Cell<usize>,
    ) -> f64 {
        steps.set(steps.get() + 1);
        if steps.get() > MAX_STEPS {
            return 0.0;
        }
        // Even with every undecided unit up, no path: the journey fails.
        if !self.connected(&|u| state[u] != Some(false)) {
            return 0.0;
        }
        // With only units known up, a path: the journey works whatever the rest do.
        if self.connected(&|u| state[u] == Some(true)) {
            return 1.0;
        }
        let Some(u) = (next..state.len()).find(|&u| state[u].is_none()) else {
            return 0.0;
        };
        let a = self.units[u].1;
        state[u] = Some(true);
        let up = self.factor(state, u + 1, steps);
        state[u] = Some(false);
        let down = self.factor(state, u + 1, steps);
        state[u] = None;
        a * up + (1.0 - a) * down
    }
}

/// `nodes` ordered by hops from the entry, then by item.
fn breadth_first(analysis: &Analysis, nodes: &HashSet<NodeIndex>) -> Vec<NodeIndex> {
    let traffic = &analysis.traffic;
    let mut depth: HashMap<NodeIndex, usize> = HashMap::new();
    if let Some(start) = traffic.index_of(analysis.entry.start) {
        // Hops between items count; a junction on the way is no hop of its own (0-1
        // breadth-first: into a junction costs nothing).
        let mut queue = std::collections::VecDeque::from([(start, 0usize)]);
        depth.insert(start, 0);
        while let Some((ix, d)) = queue.pop_front() {
            if depth.get(&ix).is_some_and(|&best| best < d) {
                continue; // reached more cheaply since it was queued
            }
            for next in traffic.graph.neighbors(ix) {
                if !nodes.contains(&next) {
                    continue;
                }
                let through = traffic.is_junction(next);
                let nd = if through { d } else { d + 1 };
                if depth.get(&next).is_none_or(|&best| nd < best) {
                    depth.insert(next, nd);
                    if through {
                        queue.push_front((next, nd));
                    } else {
                        queue.push_back((next, nd));
                    }
                }
            }
        }
    }
    let mut ordered: Vec<NodeIndex> = nodes.iter().copied().collect();
    ordered.sort_by_key(|&ix| {
        (
            depth.get(&ix).copied().unwrap_or(usize::MAX),
            traffic.graph[ix],
        )
    });
    ordered
}

/// Traffic nodes on some entry→target path the journey may use.
fn on_paths(
    design: &Design,
    analysis: &Analysis,
    journey: Journey,
    targets: &HashSet<NodeIndex>,
) -> OnPaths {
    let traffic = &analysis.traffic;
    let Some(start) = traffic.index_of(analysis.entry.start) else {
        return OnPaths {
            nodes: Vec::new(),
            marks: Vec::new(),
        };
    };
    let usable = |e: petgraph::graph::EdgeReference<'_, super::traffic::Hop>| {
        journey::usable(
            design,
            &analysis.entry,
            journey,
            traffic.graph[e.source()],
            traffic.graph[e.target()],
            e.weight().access,
        )
    };
    // Dense marks, not hash sets: this runs over the whole traffic graph per journey.
    let n = traffic.graph.node_count();
    let walk = |from: Vec<NodeIndex>, forward: bool| {
        let mut seen = vec![false; n];
        for ix in &from {
            seen[ix.index()] = true;
        }
        let mut stack = from;
        let dir = if forward {
            petgraph::Direction::Outgoing
        } else {
            petgraph::Direction::Incoming
        };
        while let Some(ix) = stack.pop() {
            for e in traffic.graph.edges_directed(ix, dir) {
                let other = if forward { e.target() } else { e.source() };
                if !seen[other.index()] && usable(e) {
                    seen[other.index()] = true;
                    stack.push(other);
                }
            }
        }
        seen
    };
    let ahead = walk(vec![start], true);
    let behind = walk(targets.iter().copied().collect(), false);
    let marks: Vec<bool> = ahead.iter().zip(&behind).map(|(a, b)| *a && *b).collect();
    OnPaths {
        nodes: traffic
            .graph
            .node_indices()
            .filter(|ix| marks[ix.index()])
            .collect(),
        marks,
    }
}

/// The traffic nodes on a journey's paths, as a list and as marks by node index.
struct OnPaths {
    nodes: Vec<NodeIndex>,
    marks: Vec<bool>,
}

impl OnPaths {
    fn contains(&self, ix: NodeIndex) -> bool {
        self.marks.get(ix.index()).copied().unwrap_or(false)
    }
}

/// Active-passive clusters with a member on the journey's paths: each switch-over is
/// downtime, accounted as the cluster's availability.
fn failover(design: &Design, analysis: &Analysis, on_paths: &OnPaths) -> f64 {
    let on = |id: NodeId| {
        analysis
            .traffic
            .index_of(id)
            .is_some_and(|ix| on_paths.contains(ix))
    };
    design
        .nodes_of(Kind::Cluster)
        .filter(|(_, c)| c.attrs.word::<Mode>("mode") == Some(Mode::ActivePassive))
        .filter(|(c, _)| {
            design
                .members(*c)
                .into_iter()
                .any(|m| on(m) || design.children(m).into_iter().any(on))
        })
        .map(|(c, _)| of(design, c))
        .product()
}

/// Fallback for large designs: tiers in series, the instances of each tier in parallel
/// (each instance = component × its server).
fn by_tiers(design: &Design, analysis: &Analysis, on_paths: &OnPaths) -> f64 {
    let mut tiers: HashMap<Tier, Vec<f64>> = HashMap::new();
    for &ix in &on_paths.nodes {
        let id = analysis.traffic.graph[ix];
        let Some(tier) = Tier::of(design.node(id).kind) else {
            continue;
        };
        let server = design.host(id).map_or(1.0, |s| of(design, s));
        tiers.entry(tier).or_default().push(of(design, id) * server);
    }
    tiers
        .values()
        .map(|instances| 1.0 - instances.iter().map(|a| 1.0 - a).product::<f64>())
        .product()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Source;

    fn estimates(text: &str) -> Vec<Estimate> {
        let design = crate::compile(Source::new("t", text)).expect("compiles");
        let analysis = super::super::analyze(&design);
        estimate(&design, &analysis)
    }

    fn requests(text: &str) -> f64 {
        estimates(text)
            .into_iter()
            .find(|e| e.journey == Journey::Requests)
            .map(|e| e.availability)
            .expect("requests")
    }

    #[test]
    fn one_server_is_the_product_of_its_server_and_components_on_the_path() {
        let a = requests(
            "server s { availability = 99, web_server w { availability = 98 } }\ninternet -> s : http\n",
        );
        assert!((a - 0.99 * 0.98).abs() < 1e-12, "{a}");
    }

    #[test]
    fn two_servers_in_parallel_behind_a_balancer() {
        let text = "server lb { availability = 100, load_balancer h { availability = 100 } }\n\
                    server a { availability = 90, app_server p { availability = 100 } }\n\
                    server b { availability = 80, app_server p { availability = 100 } }\n\
                    internet -> lb : http\nlb -> [a, b] : http\n";
        let a = requests(text);
        assert!((a - (1.0 - 0.1 * 0.2)).abs() < 1e-12, "{a}");
    }

    #[test]
    fn components_on_one_server_fail_together_not_independently() {
        // web and app on one server s (90 %): the server counts once, not squared.
        let text = "server s { availability = 90, web_server w { availability = 100 }, app_server p { availability = 100 } }\n\
                    internet -> s.w : http\ns.w -> s.p : http\n";
        let a = requests(text);
        assert!((a - 0.9).abs() < 1e-12, "{a}");
    }

    #[test]
    fn an_active_passive_pair_pays_its_failover() {
        let text = "server l1 { availability = 90, load_balancer h { availability = 100 } }\n\
                    server l2 { availability = 90, load_balancer h { availability = 100 } }\n\
                    cluster lbs { members = [l1, l2], mode = active_passive, availability = 99 }\n\
                    internet -> lbs : http\n";
        let a = requests(text);
        assert!((a - (1.0 - 0.01) * 0.99).abs() < 1e-12, "{a}");
    }

    #[test]
    fn servers_in_one_zone_fail_with_it() {
        // Two servers at 100 % in zone a (90 %): the pair is as good as the zone.
        let text = "zone a { availability = 90 }\n\
                    server x { zone = a, availability = 100, app_server p { availability = 100 } }\n\
                    server y { zone = a, availability = 100, app_server p { availability = 100 } }\n\
                    internet -> [x, y] : http\n";
        let a = requests(text);
        assert!((a - 0.9).abs() < 1e-12, "{a}");
    }

    #[test]
    fn servers_in_two_zones_fail_independently() {
        let text = "zone a { availability = 90 }\nzone b { availability = 80 }\n\
                    server x { zone = a, availability = 100, app_server p { availability = 100 } }\n\
                    server y { zone = b, availability = 100, app_server p { availability = 100 } }\n\
                    internet -> [x, y] : http\n";
        let a = requests(text);
        assert!((a - (1.0 - 0.1 * 0.2)).abs() < 1e-12, "{a}");
    }

    #[test]
    fn an_instance_group_counts_its_minimum_in_parallel() {
        let text = "server g { min = 2, max = 5, availability = 90, app_server p { availability = 100 } }\n\
                    internet -> g : http\n";
        let a = requests(text);
        assert!((a - (1.0 - 0.1 * 0.1)).abs() < 1e-12, "{a}");
    }

    #[test]
    fn the_assumptions_list_zones_regions_and_each_unset_sla() {
        let text = "region r {\n  zone a {}\n  zone b { availability = 99.9 }\n}\n\
                    database db { managed = true, engine = mysql, zones = [a, b] }\n\
                    queue q { managed = true, engine = sqs, availability = 99.0 }\n\
                    server s { zone = a, app_server p {} }\n\
                    internet -> s : http\ns.p -> db : mysql\n";
        let design = crate::compile(crate::source::Source::new("t", text)).expect("compiles");
        let analysis = crate::analysis::analyze(&design);
        let got: Vec<(Kind, Option<NodeId>, f64, Option<&str>)> = assumptions(&design, &analysis)
            .into_iter()
            .map(|a| (a.kind, a.item, a.percent, a.source))
            .collect();
        assert_eq!(
            got,
            [
                (Kind::Zone, None, 99.95, None),
                (Kind::Region, None, 99.99, None),
                (
                    Kind::Database,
                    design.find("db"),
                    99.95,
                    Some("the Amazon RDS SLA, Multi-AZ")
                ),
            ],
            "the queue sets its own figure"
        );
        let plain =
            crate::compile(crate::source::Source::new("t", "server s {}\n")).expect("compiles");
        assert!(assumptions(&plain, &crate::analysis::analyze(&plain)).is_empty());
    }

    #[test]
    fn a_managed_service_keeps_its_sla_whatever_its_zones() {
        // Multi-AZ RDS: 99.95 % in all, zone outages included.
        let text = "zone a {}\nzone b {}\n\
                    database db { managed = true, engine = mysql, zones = [a, b] }\n\
                    server s { availability = 100, app_server p { availability = 100 } }\n\
                    internet -> s : http\ns.p -> db : mysql\n";
        let writes = estimates(text)
            .into_iter()
            .find(|e| e.journey == Journey::Writes)
            .map(|e| e.availability)
            .expect("writes");
        assert!((writes - 0.9995).abs() < 1e-9, "{writes}");
        assert!((managed_percent(Kind::Database, false) - 99.5).abs() < 1e-12);
    }

    #[test]
    fn describes_nines_and_monthly_downtime() {
        let e = Estimate::new(Journey::Requests, 0.999, true);
        assert!((e.nines - 3.0).abs() < 1e-9);
        assert!((e.downtime_minutes_per_month - 43.2).abs() < 1e-9);
        assert_eq!(e.describe(), "99.900 % (3.0 nines, 43 min/month down)");
    }
}
