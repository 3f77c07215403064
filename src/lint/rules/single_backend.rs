//! ## What it does
//! Finds load balancers that spread traffic over only one backend host.
//!
//! ## Why it matters
//! A load balancer with one backend balances nothing: the backend is still a single point
//! of failure and the load balancer only adds a hop.
//!
//! ## Example
//! ```infra
//! server lb1 { load_balancer haproxy { health_check = true } }
//! server web1 { web_server nginx {} }
//! lb1 -> web1 : http
//! ```
//!
//! ## Fix
//! Add a second backend server and send traffic to both (`lb1 -> [web1, web2] : http`).

use crate::lint::{Context, Finding, Rule, Severity};
use crate::model::{Edge, Kind, NodeId};
use std::collections::BTreeSet;

/// The rule's stable name.
pub const NAME: &str = "single-backend";

pub struct SingleBackend;

impl Rule for SingleBackend {
    fn name(&self) -> &'static str {
        NAME
    }

    fn default_severity(&self) -> Severity {
        Severity::Warning
    }

    fn check(&self, cx: &Context) -> Vec<Finding> {
        let design = cx.design;
        design
            .nodes_of(Kind::LoadBalancer)
            .filter_map(|(lb, _)| {
                let backends = backend_hosts(cx, lb);
                let [only] = backends.iter().copied().collect::<Vec<_>>()[..] else {
                    return None;
                };
                let message = format!("load balancer {} has one backend, {}", cx.name(lb), cx.name(only));
                Some(cx.finding(self, lb, message).help("add a second backend server and send traffic to both"))
            })
            .collect()
    }
}

/// Hosts a load balancer forwards to: its `backends` and the hosts its flows reach.
fn backend_hosts(cx: &Context, lb: NodeId) -> BTreeSet<NodeId> {
    let design = cx.design;
    let own_host = design.host(lb);
    let mut hosts = BTreeSet::new();
    for backend in design.related(lb, |e| matches!(e, Edge::Backend)) {
        match design.node(backend).kind {
            Kind::Cluster => hosts.extend(design.members(backend)),
            _ => hosts.extend(design.host(backend).or(Some(backend))),
        }
    }
    for (to, _) in cx.analysis.traffic.outgoing(lb) {
        if let Some(host) = design.host(to) {
            hosts.insert(host);
        }
    }
    hosts.retain(|h| Some(*h) != own_host && design.node(*h).kind != Kind::Service);
    hosts
}
