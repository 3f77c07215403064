//! ## What it does
//! Finds components (load balancers, web and app servers, databases) that no flow
//! reaches. Monitoring agents only send, so they are not reported.
//!
//! ## Why it matters
//! Either the design forgot a flow — and every other finding about paths is computed on a
//! wrong picture — or the component is dead weight that still has to be patched.
//!
//! ## Example
//! ```infra
//! server web1 {
//!   web_server nginx {}
//!   app_server app {}
//! }
//! internet -> web1.nginx : http
//! ```
//!
//! ## Fix
//! Add the missing flow (`web1.nginx -> web1.app : http`), or remove the component.

use crate::lint::{Context, Finding, Rule, Severity};
use crate::model::{Edge, Kind};

/// The rule's stable name.
pub const NAME: &str = "unreachable-component";

pub struct UnreachableComponent;

impl Rule for UnreachableComponent {
    fn name(&self) -> &'static str {
        NAME
    }

    fn default_severity(&self) -> Severity {
        Severity::Warning
    }

    fn check(&self, cx: &Context) -> Vec<Finding> {
        let design = cx.design;
        let backends: Vec<_> = design
            .nodes_of(Kind::LoadBalancer)
            .flat_map(|(lb, _)| design.related(lb, |e| matches!(e, Edge::Backend | Edge::Backup)))
            .collect();
        design
            .nodes()
            .filter(|(id, n)| {
                n.kind.is_component()
                    && n.kind != Kind::MonitoringAgent
                    && !cx.analysis.traffic.has_incoming(*id)
                    && !backends.iter().any(|&b| b == *id || Some(b) == design.host(*id))
                    // A replica is reached by its primary's replication connection.
                    && design.related(*id, |e| matches!(e, Edge::ReplicaOf)).is_empty()
            })
            .map(|(id, _)| {
                cx.finding(self, id, format!("no flow reaches {}", cx.name(id)))
                    .help("add the flow that feeds it, or remove it")
            })
            .collect()
    }
}
