//! ## What it does
//! Finds web and application tiers that run as a single instance with no load balancer
//! anywhere in front of them.
//!
//! ## Why it matters
//! Without a load balancer there is nowhere to add a second server: the only answer to
//! more traffic is a bigger machine, and every deploy or restart is downtime.
//!
//! ## Example
//! ```infra
//! server srv1 {
//!   web_server nginx {}
//!   app_server app {}
//! }
//! internet -> srv1.nginx : http
//! srv1.nginx -> srv1.app : http
//! ```
//!
//! ## Fix
//! Put a load balancer in front and add a second web/app server behind it.

use super::single_point_of_failure::join_and;
use crate::analysis::journey::Journey;
use crate::analysis::tier::Tier;
use crate::lint::{Context, Finding, Rule, Severity};
use crate::model::{Kind, NodeId};
use petgraph::graph::NodeIndex;
use std::collections::{BTreeMap, HashSet};

/// The rule's stable name.
pub const NAME: &str = "cannot-scale-horizontally";

pub struct CannotScaleHorizontally;

impl Rule for CannotScaleHorizontally {
    fn name(&self) -> &'static str {
        NAME
    }

    fn default_severity(&self) -> Severity {
        Severity::Warning
    }

    fn check(&self, cx: &Context) -> Vec<Finding> {
        let design = cx.design;
        let Some(reach) = cx.analysis.reach.get(&Journey::Requests) else {
            return Vec::new();
        };
        // Walked only when some tier has a single instance.
        let mut behind_lb: Option<HashSet<NodeId>> = None;
        // Single-instance tiers without a balancer, grouped by the server they run on.
        let mut by_host: BTreeMap<NodeId, Vec<Tier>> = BTreeMap::new();
        for kind in [Kind::WebServer, Kind::AppServer] {
            let instances: Vec<NodeId> =
                design.nodes_of(kind).map(|(id, _)| id).filter(|id| reach.contains(id)).collect();
            // An instance group scales by itself; so does a provider's app platform.
            if let [only] = instances.as_slice()
                && !behind_lb.get_or_insert_with(|| behind_load_balancer(cx)).contains(only)
                && !design.is_group(design.host(*only).unwrap_or(*only))
                && !design.is_managed(*only)
            {
                let host = design.host(*only).unwrap_or(*only);
                by_host.entry(host).or_default().extend(Tier::of(kind));
            }
        }
        by_host
            .into_iter()
            .map(|(host, tiers)| {
                let names: Vec<&str> = tiers.iter().map(|t| t.name()).collect();
                let message = format!(
                    "{} cannot scale horizontally: the {} {} one instance and no load balancer in front",
                    cx.name(host),
                    join_and(&names),
                    if names.len() == 1 { "has" } else { "have" }
                );
                cx.finding(self, host, message)
                    .help("add a load balancer in front and a second server behind it")
            })
            .collect()
    }
}

/// Items reachable from some load balancer, walked on the traffic graph itself: a
/// cluster's junction is passed through once, not once per member.
fn behind_load_balancer(cx: &Context) -> HashSet<NodeId> {
    let traffic = &cx.analysis.traffic;
    let mut seen = vec![false; traffic.graph.node_count()];
    let mut stack: Vec<NodeIndex> =
        cx.design.nodes_of(Kind::LoadBalancer).filter_map(|(id, _)| traffic.index_of(id)).collect();
    while let Some(node) = stack.pop() {
        for next in traffic.graph.neighbors(node) {
            if !seen[next.index()] {
                seen[next.index()] = true;
                stack.push(next);
            }
        }
    }
    traffic
        .graph
        .node_indices()
        .filter(|&ix| seen[ix.index()] && !traffic.is_junction(ix))
        .map(|ix| traffic.graph[ix])
        .collect()
}
