//! ## What it does
//! Finds items whose failure alone breaks what users do: every path from the users to the
//! application (or to the primary database, or to any database) goes through them.
//!
//! ## Why it matters
//! A single point of failure turns one crashed process, one bad deploy or one dead disk
//! into an outage. Counting instances is not enough: two load balancers with the DNS
//! record pointing at one of them are still one point of failure, and three web servers
//! that all write to one database still stop taking writes when it dies.
//!
//! ## Example
//! ```infra
//! domain foobar.com {
//!   record www { type = A, value = lb1 }
//! }
//! server lb1 { load_balancer haproxy { health_check = true } }
//! server web1 { app_server app {} }
//! server web2 { app_server app {} }
//! internet -> lb1 : http
//! lb1 -> [web1, web2] : http
//! ```
//! `lb1.haproxy` carries every request: if it fails, all requests fail.
//!
//! ## Fix
//! Add a second instance and wire it in: cluster the load balancers behind a virtual IP
//! (`cluster lbs { members = [lb1, lb2], vip = ... }`) and point DNS and flows at the
//! cluster; give a primary database a replica that can be promoted; run a managed
//! database multi-AZ (`zones = [a, b]`); give an instance group `min = 2`.
//!
//! Caches and queues are reported by `single-cache-or-queue`, zones and regions by
//! `single-zone-tier`. An instance group of two or more servers, and a provider's
//! load balancer, queue, object store or CDN, are redundant inside and never reported; a
//! managed database or cache is, unless it spans two zones.

use crate::analysis::journey::Journey;
use crate::analysis::tier::Tier;
use crate::lint::{Context, Finding, Rule, Severity};
use crate::model::Kind;

/// The rule's stable name.
pub const NAME: &str = "single-point-of-failure";

pub struct SinglePointOfFailure;

impl Rule for SinglePointOfFailure {
    fn name(&self) -> &'static str {
        NAME
    }

    fn default_severity(&self) -> Severity {
        Severity::Error
    }

    fn check(&self, cx: &Context) -> Vec<Finding> {
        cx.analysis
            .spofs
            .iter()
            // Caches and queues have their own rule, with their own fixes.
            .filter(|spof| !matches!(cx.design.node(spof.node).kind, Kind::Cache | Kind::Queue))
            .map(|spof| {
                let losses: Vec<&str> = spof.journeys.iter().map(|j| j.loss()).collect();
                let what = describe(cx, spof.node);
                let message = format!(
                    "{what} is a single point of failure: if it fails, {} fail",
                    join_and(&losses)
                );
                cx.finding(self, spof.node, message).help(fix(cx, spof.node, &spof.journeys))
            })
            .collect()
    }
}

/// "`lb1.haproxy` (load balancer of the load-balancer tier)", "server `srv1` (web server,
/// app server and database)".
fn describe(cx: &Context, node: crate::model::NodeId) -> String {
    let item = cx.design.node(node);
    match item.kind {
        Kind::Server => {
            let runs: Vec<&str> = cx
                .design
                .children(node)
                .into_iter()
                .filter_map(|c| Tier::of(cx.design.node(c).kind))
                .map(Tier::role)
                .collect();
            if runs.is_empty() {
                format!("server {}", cx.name(node))
            } else {
                format!("server {} ({})", cx.name(node), join_and(&runs))
            }
        }
        kind => match Tier::of(kind) {
            Some(tier) => format!("{} ({})", cx.name(node), tier.name()),
            None => cx.name(node),
        },
    }
}

fn fix(cx: &Context, node: crate::model::NodeId, journeys: &[Journey]) -> String {
    if cx.design.is_managed(node) {
        return "run it multi-AZ: `zones = [a, b]` keeps a standby in a second zone that takes over".into();
    }
    if cx.design.is_group(node) {
        return "give the group at least two instances (`min = 2`) so one can fail".into();
    }
    match cx.design.node(node).kind {
        Kind::LoadBalancer => "cluster a second load balancer with it behind a virtual IP, and point DNS and flows at the cluster".into(),
        Kind::Database if journeys == [Journey::Writes] => {
            "add a replica that can be promoted to primary (automated failover), or run a multi-primary cluster".into()
        }
        Kind::Database => "add a replica and send reads to it; plan failover for the primary".into(),
        _ => "run a second instance on another server and spread traffic over both".into(),
    }
}

pub fn join_and(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => one.to_string(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}
