//! ## What it does
//! Finds servers that run no monitoring agent.
//!
//! ## Why it matters
//! Without metrics and logs, nobody knows a server is failing until users say so, and
//! after an incident there is nothing to learn from.
//!
//! ## Example
//! ```infra
//! server web1 { web_server nginx {} }
//! ```
//!
//! ## Fix
//! Run an agent on every server and ship its data somewhere watched:
//! `monitoring_agent agent { vendor = "Sumo Logic", metrics = [qps, cpu], sends_to = sumo }`.

use crate::lint::{Context, Finding, Rule, Severity};
use crate::model::Kind;

/// The rule's stable name.
pub const NAME: &str = "no-monitoring";

pub struct NoMonitoring;

impl Rule for NoMonitoring {
    fn name(&self) -> &'static str {
        NAME
    }

    fn default_severity(&self) -> Severity {
        Severity::Warning
    }

    fn check(&self, cx: &Context) -> Vec<Finding> {
        cx.design
            .nodes_of(Kind::Server)
            .filter(|(id, _)| {
                !cx.design
                    .children(*id)
                    .iter()
                    .any(|&c| cx.design.node(c).kind == Kind::MonitoringAgent)
            })
            .map(|(id, _)| {
                cx.finding(self, id, format!("{} runs no monitoring agent", cx.name(id)))
                    .help("add a `monitoring_agent` that sends metrics and logs to your monitoring service")
            })
            .collect()
    }
}
