//! The `Rule` trait and the context every rule reads.

use super::finding::{Finding, Severity};
use crate::analysis::Analysis;
use crate::model::{Design, NodeId};

/// One check. A rule lives in one file under `lint/rules/`, whose `//!` doc comment
/// (what it does / why it matters / example / fix) is also its user documentation.
pub trait Rule: Sync {
    /// Stable kebab-case name, as used in `--deny`, `infrac.toml` and suppressions.
    fn name(&self) -> &'static str;
    fn default_severity(&self) -> Severity;
    fn check(&self, cx: &Context) -> Vec<Finding>;

    /// For rules that find security weaknesses: how severe and which weakness, so code
    /// scanning files the findings under security with a rating. `None`: reliability or
    /// correctness.
    fn security(&self) -> Option<Security> {
        None
    }
}

/// What a security rule finds, in the terms code-scanning tools rank by.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Security {
    /// A CVSS-style score, 0.1 to 10.0: GitHub shows 9.0+ as critical, 7.0+ high,
    /// 4.0+ medium, lower as low.
    pub severity: f32,
    /// The weakness, as a CWE number (`319`: cleartext transmission).
    pub cwe: u32,
    /// How often a finding is a real problem: `VeryHigh` when the rule reads what the
    /// design declares, `High` when it infers from what the design leaves out.
    pub precision: Precision,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Precision {
    VeryHigh,
    High,
}

impl Precision {
    /// The name SARIF's `precision` property uses.
    pub fn name(self) -> &'static str {
        match self {
            Precision::VeryHigh => "very-high",
            Precision::High => "high",
        }
    }
}

/// What a rule may look at.
pub struct Context<'a> {
    pub design: &'a Design,
    pub analysis: &'a Analysis,
    /// The day certificate expiry is judged against.
    pub today: time::Date,
}

impl Context<'_> {
    /// A finding about `node`, located at its declaration; refine with `.at()`,
    /// `.help()` and `.related()`.
    pub fn finding(&self, rule: &dyn Rule, node: NodeId, message: impl Into<String>) -> Finding {
        let item = self.design.node(node);
        Finding {
            rule: rule.name(),
            severity: rule.default_severity(),
            node: Some(node),
            component: item.path.clone(),
            message: message.into(),
            help: String::new(),
            span: item.span,
            focus: Some(item.name_span),
            related: Vec::new(),
        }
    }

    /// `srv1.nginx` quoted for a message.
    pub fn name(&self, node: NodeId) -> String {
        format!("`{}`", self.design.node(node).path)
    }
}
