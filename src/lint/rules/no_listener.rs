//! ## What it does
//! Finds flows that send a protocol to a component that does not speak it: http to a
//! database, mysql to a web server, postgres to a MySQL database.
//!
//! ## Why it matters
//! The connection is refused (nothing listens on that port), or worse, reaches the wrong
//! service. Usually a typo in the flow or the wrong end named.
//!
//! ## Example
//! ```infra
//! server db1 { database mysql { engine = mysql } }
//! server app1 { app_server app {} }
//! app1.app -> db1.mysql : http
//! ```
//!
//! ## Fix
//! Use the protocol the receiver speaks (`: mysql`), name the right component, or declare
//! the port it listens on (`port = 8080`).

use crate::analysis::traffic::expand;
use crate::lint::{Context, Finding, Rule, Severity};
use crate::model::endpoint::{rank, Role};

/// The rule's stable name.
pub const NAME: &str = "no-listener";

pub struct NoListener;

impl Rule for NoListener {
    fn name(&self) -> &'static str {
        NAME
    }

    fn default_severity(&self) -> Severity {
        Severity::Error
    }

    fn check(&self, cx: &Context) -> Vec<Finding> {
        let design = cx.design;
        let mut findings = Vec::new();
        for (_, _, to, flow) in design.flows() {
            let Some(protocol) = &flow.protocol else { continue };
            for receiver in expand(design, to, Role::Receiver, Some(protocol)) {
                let node = design.node(receiver);
                if !node.kind.is_component() {
                    continue;
                }
                if rank(node, Role::Receiver, protocol).is_some() {
                    continue;
                }
                let message = format!("{} ({}) does not receive {}", cx.name(receiver), node.kind.noun(), protocol.name);
                findings.push(
                    cx.finding(self, receiver, message)
                        .at(flow.span)
                        .help("use a protocol the receiver speaks, or name the component that does"),
                );
            }
        }
        findings
    }
}
