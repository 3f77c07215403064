//! What every section reads: the design, its analysis and its findings.

use crate::analysis::Analysis;
use crate::lint::Finding;
use crate::model::{Design, Kind, NodeId};

pub struct Context<'a> {
    pub design: &'a Design,
    pub analysis: &'a Analysis,
    pub findings: &'a [Finding],
    /// The day certificate ages are judged on.
    pub today: time::Date,
    /// Where the diagram is, for the overview to show it.
    pub diagram: Option<String>,
}

impl Context<'_> {
    pub fn of(&self, kind: Kind) -> Vec<NodeId> {
        self.design.nodes_of(kind).map(|(id, _)| id).collect()
    }

    pub fn has(&self, kind: Kind) -> bool {
        self.design.nodes_of(kind).next().is_some()
    }

    pub fn findings_of(&self, rule: &str) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(move |f| f.rule == rule)
    }
}
