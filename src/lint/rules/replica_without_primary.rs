//! ## What it does
//! Finds replica databases that replicate nothing (`role = replica` without
//! `replica_of`), replicate a database that is not a primary, or say `role = primary`
//! while also declaring `replica_of`.
//!
//! ## Why it matters
//! A replica without a primary holds stale or no data; reads from it are wrong, and it
//! cannot be promoted in a failover.
//!
//! ## Example
//! ```infra
//! server db2 { database mysql { engine = mysql, role = replica } }
//! ```
//!
//! ## Fix
//! Name the primary it copies: `replica_of = db1.mysql`, and give that one `role = primary`.

use crate::lint::{Context, Finding, Rule, Severity};
use crate::model::Kind;
use crate::model::word::Role;

/// The rule's stable name.
pub const NAME: &str = "replica-without-primary";

pub struct ReplicaWithoutPrimary;

impl Rule for ReplicaWithoutPrimary {
    fn name(&self) -> &'static str {
        NAME
    }

    fn default_severity(&self) -> Severity {
        Severity::Error
    }

    fn check(&self, cx: &Context) -> Vec<Finding> {
        let design = cx.design;
        let mut findings = Vec::new();
        let stores = design.nodes_of(Kind::Database).chain(design.nodes_of(Kind::Cache));
        for (id, node) in stores {
            let role = node.attrs.word::<Role>("role");
            let source = node.attrs.reference("replica_of");
            let problem = match (role, source) {
                (Some(Role::Replica), None) => format!("replica {} has no `replica_of`", cx.name(id)),
                (Some(Role::Primary), Some(src)) => {
                    format!("{} is declared primary but replicates {}", cx.name(id), cx.name(src))
                }
                (_, Some(src)) if design.node(src).attrs.word::<Role>("role") != Some(Role::Primary) => {
                    format!("{} replicates {}, which is not a primary", cx.name(id), cx.name(src))
                }
                _ => continue,
            };
            let mut finding = cx
                .finding(self, id, problem)
                .help("point `replica_of` at the primary database, and give it `role = primary`");
            if let Some(attr) = node.attrs.attr("replica_of") {
                finding = finding.at(attr.span);
            }
            findings.push(finding);
        }
        findings
    }
}
