//! ## What it does
//! Finds designs whose web-facing servers (load balancers, web servers that take HTTP)
//! are monitored but where no agent on them collects a request-rate metric (`qps`, `rps`
//! or `requests`). A TCP load balancer or a pooler in front of databases is not
//! web-facing.
//!
//! ## Why it matters
//! Queries per second is the first number to look at in an incident and the one capacity
//! planning starts from; CPU alone does not say whether users are being served.
//!
//! ## Example
//! ```infra
//! server web1 {
//!   web_server nginx {}
//!   monitoring_agent agent { vendor = "Datadog", metrics = [cpu, memory] }
//! }
//! internet -> web1 : http
//! ```
//!
//! ## Fix
//! Collect the request rate where requests arrive: `metrics = [qps, latency, errors]`
//! (from the web server's access log or status endpoint).

use crate::analysis::traffic::web_facing;
use crate::lint::{Context, Finding, Rule, Severity};
use crate::model::{Kind, NodeId};

/// Metric names that measure request rate.
pub const REQUEST_RATE: &[&str] = &["qps", "rps", "requests", "requests_per_second", "request_rate"];

/// The rule's stable name.
pub const NAME: &str = "no-qps-metric";

pub struct NoQpsMetric;

impl Rule for NoQpsMetric {
    fn name(&self) -> &'static str {
        NAME
    }

    fn default_severity(&self) -> Severity {
        Severity::Note
    }

    fn check(&self, cx: &Context) -> Vec<Finding> {
        let design = cx.design;
        let agents: Vec<NodeId> = design
            .nodes_of(Kind::Server)
            .filter(|(id, _)| {
                design
                    .children(*id)
                    .iter()
                    .any(|&c| {
                        matches!(design.node(c).kind, Kind::LoadBalancer | Kind::WebServer)
                            && web_facing(design, &cx.analysis.traffic, c)
                    })
            })
            .flat_map(|(id, _)| design.children(id))
            .filter(|&c| design.node(c).kind == Kind::MonitoringAgent)
            .collect();
        let measures_rate = agents.iter().any(|&agent| {
            design.node(agent).attrs.get("metrics").is_some_and(|m| {
                m.items()
                    .iter()
                    .any(|v| v.as_text().is_some_and(|t| REQUEST_RATE.contains(&t.to_ascii_lowercase().as_str())))
            })
        });
        match agents.first() {
            Some(&first) if !measures_rate => vec![cx
                .finding(self, first, "web-facing servers are monitored, but no agent collects a request-rate (qps) metric")
                .help("add `qps` to the metrics of the agents on the load balancers or web servers")],
            _ => Vec::new(),
        }
    }
}
