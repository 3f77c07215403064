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
