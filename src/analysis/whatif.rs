//! Failure simulation: take items down and see which user journeys still work.
//!
//! A failed server takes its components with it, a failed cluster all its members, a
//! tier word (`web`, `app`, `db`, `lb`) every component of that tier, a zone or region
//! (`zone:a`, `region:eu-west-1`) everything that runs only there (see
//! [`super::domains::Domains::down_when`]). A journey works
//! when users can still reach one of the items it needs (see [`journey::sinks`]) over
//! hops the journey may use, avoiding everything down. When a journey breaks, the
//! simulation says why, as data ([`Cause`]): the failed item every remaining path went
//! through (the path lost its last alternative there), or that the failures only break
//! it together. The words are the writers' (`infrac whatif`, JSON).

use super::Analysis;
use super::journey::{self, Journey};
use super::tier::Tier;
use crate::model::{Design, Kind, Lookup, Node, NodeId};
use serde::Serialize;
use std::collections::{BTreeSet, HashSet};

/// What users do, as the simulation checks it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Task {
    Requests,
    Writes,
    Reads,
    /// Pages a web server serves from its own disk: reaching any web server is enough.
    StaticPages,
}

impl Task {
    pub const ALL: [Task; 4] = [Task::Requests, Task::Writes, Task::Reads, Task::StaticPages];

    pub fn name(self) -> &'static str {
        match self {
            Task::Requests => "requests",
            Task::Writes => "writes",
            Task::Reads => "reads",
            Task::StaticPages => "static pages",
        }
    }

    /// The journey whose hops the task walks.
    pub fn journey(self) -> Journey {
        match self {
            Task::Requests | Task::StaticPages => Journey::Requests,
            Task::Writes => Journey::Writes,
            Task::Reads => Journey::Reads,
        }
    }
}

/// One task under one failure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TaskOutcome {
    pub task: Task,
    /// It worked with nothing down (a task the design never supported cannot break).
    pub worked: bool,
    pub works: bool,
    /// Why it broke.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cause: Option<Cause>,
}

/// Why a task broke under a failure. Items are dotted paths.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Cause {
    /// The failed item is the only one that can do what the task needs.
    ItselfDown { item: String },
    /// Every path from the users to the targets that was left went through this failed
    /// item: it was their last alternative.
    LastAlternative { item: String, targets: Vec<String> },
    /// No failure alone breaks the task; together these cut every path to the targets.
    Together {
        failed: Vec<String>,
        targets: Vec<String>,
    },
}

/// Everything a failure does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Simulation {
    /// What was failed, as named.
    pub failed: Vec<String>,
    /// What is down as a result: the failed items and everything they hold.
    pub down: Vec<String>,
    pub tasks: Vec<TaskOutcome>,
    /// Components still up that users can no longer reach.
    pub cut_off: Vec<String>,
    /// The same two sets as items, for drawing them (`render --fail`).
    #[serde(skip)]
    pub down_items: HashSet<NodeId>,
    #[serde(skip)]
    pub cut_off_items: HashSet<NodeId>,
}

impl Simulation {
    pub fn broken(&self) -> impl Iterator<Item = &TaskOutcome> {
        self.tasks.iter().filter(|t| t.worked && !t.works)
    }
}

/// Resolve what the user named: an item path or unique name, a tier word, or a failure
/// domain as `zone:NAME` / `region:NAME`.
pub fn resolve(design: &Design, name: &str) -> Result<Vec<NodeId>, String> {
    for (prefix, kind) in [("zone:", Kind::Zone), ("region:", Kind::Region)] {
        if let Some(rest) = name.strip_prefix(prefix) {
            return domain_named(design, rest.trim(), kind);
        }
    }
    let tier = match name {
        "lb" | "lbs" | "load_balancer" | "load-balancer" => Some(Tier::LoadBalancer),
        "web" => Some(Tier::Web),
        "app" => Some(Tier::App),
        "db" | "database" => Some(Tier::Database),
        _ => None,
    };
    let candidates = match design.lookup(name) {
        Lookup::Found(id) if failable(design.node(id).kind) => return Ok(vec![id]),
        Lookup::Found(id) => {
            return Err(format!(
                "`{name}` is {}; only servers, components, clusters and services can fail",
                design.node(id).kind.noun()
            ));
        }
        Lookup::Ambiguous(ids) => ids
            .into_iter()
            .filter(|&id| failable(design.node(id).kind))
            .collect(),
        Lookup::Missing { .. } => Vec::new(),
    };
    match (candidates.as_slice(), tier) {
        ([one], _) => Ok(vec![*one]),
        // A tier word wins over several items of that name: `app` is every app server.
        (_, Some(tier)) => Ok(design
            .nodes()
            .filter(|(_, n)| Tier::of(n.kind) == Some(tier))
            .map(|(id, _)| id)
            .collect()),
        ([], None) => Err(format!("nothing is called `{name}`")),
        (many, None) => Err(format!(
            "`{name}` is ambiguous: {}",
            many.iter()
                .map(|&id| format!("`{}`", design.node(id).path))
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

/// The zone or region called `name` (its path, or its name when that is unique).
fn domain_named(design: &Design, name: &str, kind: Kind) -> Result<Vec<NodeId>, String> {
    let matches: Vec<NodeId> = design
        .nodes_of(kind)
        .filter(|(_, n)| n.path == name || n.name == name)
        .map(|(id, _)| id)
        .collect();
    match matches.as_slice() {
        [one] => Ok(vec![*one]),
        [] => {
            let known: Vec<String> = design
                .nodes_of(kind)
                .map(|(_, n)| format!("`{}`", n.path))
                .collect();
            Err(if known.is_empty() {
                format!(
                    "no {} is called `{name}`: the design declares none",
                    kind.keyword()
                )
            } else {
                format!(
                    "no {} is called `{name}`; the design has {}",
                    kind.keyword(),
                    known.join(", ")
                )
            })
        }
        many => Err(format!(
            "`{name}` is ambiguous: {}",
            many.iter()
                .map(|&id| format!("`{}`", design.node(id).path))
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

/// Items that can fail.
pub fn failable(kind: Kind) -> bool {
    kind.is_component()
        || matches!(
            kind,
            Kind::Server | Kind::Cluster | Kind::Service | Kind::Cdn | Kind::Zone | Kind::Region
        )
}

/// Everything that is down when `failed` fail.
pub fn down(design: &Design, failed: &[NodeId]) -> HashSet<NodeId> {
    let domains: Vec<NodeId> = failed
        .iter()
        .copied()
        .filter(|&id| design.node(id).kind.is_failure_domain())
        .collect();
    let mut down = HashSet::new();
    let mut stack: Vec<NodeId> = failed.to_vec();
    if !domains.is_empty() {
        down.extend(domains.iter().copied());
        stack.extend(super::domains::Domains::new(design).down_when(design, &domains));
    }
    while let Some(id) = stack.pop() {
        if !down.insert(id) {
            continue;
        }
        match design.node(id).kind {
            Kind::Server => stack.extend(design.children(id)),
            Kind::Cluster => stack.extend(design.members(id)),
            _ => {}
        }
    }
    down
}

/// What users reach on a journey with `down` items removed.
fn reach(
    design: &Design,
    analysis: &Analysis,
    journey: Journey,
    down: &HashSet<NodeId>,
) -> HashSet<NodeId> {
    journey::reachable_avoiding(design, &analysis.traffic, &analysis.entry, journey, down)
}

/// What users reach with nothing down: the analysis computed it already.
pub(super) fn before(analysis: &Analysis, journey: Journey) -> &HashSet<NodeId> {
    static EMPTY: std::sync::OnceLock<HashSet<NodeId>> = std::sync::OnceLock::new();
    analysis
        .reach
        .get(&journey)
        .unwrap_or_else(|| EMPTY.get_or_init(HashSet::new))
}

/// What a task needs to reach, given what is reachable with nothing down.
pub(super) fn needs(design: &Design, task: Task, reachable: &HashSet<NodeId>) -> Vec<NodeId> {
    match task {
        Task::StaticPages => {
            let webs: Vec<NodeId> = design
                .nodes_of(Kind::WebServer)
                .map(|(id, _)| id)
                .filter(|id| reachable.contains(id))
                .collect();
            if webs.is_empty() {
                journey::sinks(design, Journey::Requests, reachable)
            } else {
                webs
            }
        }
        _ => journey::sinks(design, task.journey(), reachable),
    }
}

fn works(
    design: &Design,
    analysis: &Analysis,
    task: Task,
    targets: &[NodeId],
    down: &HashSet<NodeId>,
) -> bool {
    let reached = reach(design, analysis, task.journey(), down);
    targets.iter().any(|t| reached.contains(t))
}

/// Fail `failed` and report every task.
pub fn simulate(design: &Design, analysis: &Analysis, failed: &[NodeId]) -> Simulation {
    let down = self::down(design, failed);
    let path = |id: NodeId| design.node(id).path.clone();
    let mut tasks = Vec::new();
    for task in Task::ALL {
        let targets = needs(design, task, before(analysis, task.journey()));
        let worked = !targets.is_empty();
        let works = worked && works(design, analysis, task, &targets, &down);
        let cause =
            (worked && !works).then(|| cause(design, analysis, task, &targets, &down, failed));
        tasks.push(TaskOutcome {
            task,
            worked,
            works,
            cause,
        });
    }
    let cut_off_items: HashSet<NodeId> = cut_off(design, analysis, &down).into_iter().collect();
    let mut cut_off: Vec<String> = cut_off_items.iter().map(|&id| path(id)).collect();
    cut_off.sort();
    let mut down_paths: Vec<String> = down.iter().map(|&id| path(id)).collect();
    down_paths.sort();
    Simulation {
        failed: failed.iter().map(|&id| path(id)).collect(),
        down: down_paths,
        tasks,
        cut_off,
        down_items: down,
        cut_off_items,
    }
}

/// Components still up that users reached before and cannot reach with `down` down.
pub fn cut_off(design: &Design, analysis: &Analysis, down: &HashSet<NodeId>) -> Vec<NodeId> {
    let after = reach(design, analysis, Journey::Requests, down);
    let mut cut: Vec<NodeId> = before(analysis, Journey::Requests)
        .iter()
        .copied()
        .filter(|id| !down.contains(id) && !after.contains(id))
        .filter(|&id| design.node(id).kind.is_component())
        .collect();
    cut.sort();
    cut
}

/// Why a task broke: the first failed item that breaks it alone, else the combination.
fn cause(
    design: &Design,
    analysis: &Analysis,
    task: Task,
    targets: &[NodeId],
    down: &HashSet<NodeId>,
    failed: &[NodeId],
) -> Cause {
    let path = |id: NodeId| design.node(id).path.clone();
    let targets_paths: Vec<String> = targets.iter().map(|&t| path(t)).collect();
    // Components first: "went through `lb1.haproxy`" says more than "through `lb1`".
    let candidates: BTreeSet<(bool, NodeId)> = down
        .iter()
        .filter(|&&id| design.node(id).kind != Kind::MonitoringAgent)
        .map(|&id| (!design.node(id).kind.is_component(), id))
        .collect();
    for &(_, item) in &candidates {
        let alone: HashSet<NodeId> = self::down(design, &[item]);
        if !works(design, analysis, task, targets, &alone) {
            return if targets.contains(&item) && targets.len() == 1 {
                Cause::ItselfDown { item: path(item) }
            } else {
                Cause::LastAlternative {
                    item: path(item),
                    targets: targets_paths,
                }
            };
        }
    }
    Cause::Together {
        failed: failed.iter().map(|&id| path(id)).collect(),
        targets: targets_paths,
    }
}

/// One item's blast radius when it fails alone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Blast {
    pub item: String,
    pub kind: &'static str,
    /// Tasks that stop working.
    pub breaks: Vec<Task>,
    /// Components still up that users can no longer reach.
    pub cut_off: usize,
}

/// Fail every server, cluster and traffic-carrying component alone; worst first.
///
/// From one dominator tree per journey ([`blast`](super::blast)): O(E log V), not one
/// simulation per item. [`fail_each_by_simulation`] is the same by definition.
pub fn fail_each(design: &Design, analysis: &Analysis) -> Vec<Blast> {
    super::blast::fail_each(design, analysis)
}

/// [`fail_each`] by its definition: [`simulate`] on every item, O(items × flows). The
/// reference the dominator-based one is tested against; too slow past a few thousand
/// servers.
pub fn fail_each_by_simulation(design: &Design, analysis: &Analysis) -> Vec<Blast> {
    let mut blasts: Vec<Blast> = fail_each_items(design)
        .map(|(id, n)| {
            let sim = simulate(design, analysis, &[id]);
            Blast {
                item: n.path.clone(),
                kind: n.kind.keyword(),
                breaks: sim.broken().map(|t| t.task).collect(),
                cut_off: sim.cut_off.len(),
            }
        })
        .collect();
    rank(&mut blasts);
    blasts
}

/// What `--fail-each` fails: servers, clusters and components that carry traffic.
pub(super) fn fail_each_items(design: &Design) -> impl Iterator<Item = (NodeId, &Node)> {
    design.nodes().filter(|(_, n)| {
        failable(n.kind) && n.kind != Kind::MonitoringAgent && n.kind != Kind::Service
    })
}

/// Worst first: most tasks broken, then most cut off, then by name.
pub(super) fn rank(blasts: &mut [Blast]) {
    blasts.sort_by(|a, b| {
        b.breaks
            .len()
            .cmp(&a.breaks.len())
            .then(b.cut_off.cmp(&a.cut_off))
            .then(a.item.cmp(&b.item))
    });
}
