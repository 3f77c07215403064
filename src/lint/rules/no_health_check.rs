//! ## What it does
//! Finds load balancers without a health check.
//!
//! ## Why it matters
//! Without health checks a load balancer keeps sending a share of the traffic to a dead
//! backend: redundancy that exists on the diagram but not for the users.
//!
//! ## Example
//! ```infra
//! server lb1 { load_balancer haproxy { algorithm = round_robin } }
//! ```
//!
//! ## Fix
//! Configure one: `health_check = "/health"` (an HTTP path) or `health_check = true`.

use crate::analysis::traffic::web_facing;
use crate::lint::{Context, Finding, Rule, Severity};
use crate::analysis::rollout::health_checked;
use crate::model::Kind;

/// The rule's stable name.
pub const NAME: &str = "no-health-check";

pub struct NoHealthCheck;

impl Rule for NoHealthCheck {
    fn name(&self) -> &'static str {
        NAME
    }

    fn default_severity(&self) -> Severity {
        Severity::Warning
    }

    fn check(&self, cx: &Context) -> Vec<Finding> {
        cx.design
            .nodes_of(Kind::LoadBalancer)
            .filter(|&(id, _)| !health_checked(cx.design, id))
            .map(|(id, _)| {
                // A TCP balancer (or a database pooler) checks that the port answers.
                let help = if web_facing(cx.design, &cx.analysis.traffic, id) {
                    "add `health_check = \"/health\"` so dead backends are taken out of rotation"
                } else {
                    "add `health_check = true` (a TCP check) so dead backends are taken out of rotation"
                };
                cx.finding(self, id, format!("load balancer {} has no health check", cx.name(id))).help(help)
            })
            .collect()
    }
}
