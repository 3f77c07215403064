//! ## What it does
//! Finds load balancers declared `mode = active_passive` that name no `backup`.
//!
//! ## Why it matters
//! Active-passive means some backends wait until the others fail — but which ones? Load
//! balancers send to every backend they are given unless told which are backups
//! (HAProxy's `backup`, Nginx's `backup` in an upstream): with round robin the "passive"
//! servers take their full share, the design and the configuration disagree, and
//! capacity and failover are planned on the wrong picture.
//!
//! ## Example
//! ```infra
//! server lb1 { load_balancer haproxy { algorithm = round_robin, mode = active_passive, health_check = true } }
//! server web1 { web_server nginx {} }
//! server web2 { web_server nginx {} }
//! lb1 -> [web1, web2] : http
//! ```
//!
//! ## Fix
//! Name the servers that wait: `backup = [web2]`. Or, if every backend serves, say so:
//! `mode = active_active`.

use crate::lint::{Context, Finding, Rule, Severity};
use crate::model::Kind;
use crate::model::word::{Algorithm, Mode, Word};

/// The rule's stable name.
pub const NAME: &str = "active-passive-without-backup";

pub struct ActivePassiveWithoutBackup;

impl Rule for ActivePassiveWithoutBackup {
    fn name(&self) -> &'static str {
        NAME
    }

    fn default_severity(&self) -> Severity {
        Severity::Warning
    }

    fn check(&self, cx: &Context) -> Vec<Finding> {
        cx.design
            .nodes_of(Kind::LoadBalancer)
            .filter(|(_, n)| n.attrs.word::<Mode>("mode") == Some(Mode::ActivePassive) && n.attrs.get("backup").is_none())
            .map(|(id, node)| {
                let algorithm = node.attrs.word::<Algorithm>("algorithm").unwrap_or(Algorithm::RoundRobin);
                let message = format!(
                    "load balancer {} is active-passive but names no backup: with {} every backend takes requests",
                    cx.name(id),
                    algorithm.word().replace('_', " ")
                );
                let mut finding = cx
                    .finding(self, id, message)
                    .help("name the backends that wait with `backup = [...]`, or declare `mode = active_active`");
                if let Some(attr) = node.attrs.attr("mode") {
                    finding = finding.at(attr.span);
                }
                finding
            })
            .collect()
    }
}
