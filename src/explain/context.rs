//! What every section reads: the design, its analysis and its findings ([`Context`], the
//! input), and the derived facts a write-up needs, computed once by the analysis
//! ([`Writeup`]). Sections never compute a fact themselves; they word what is here.

use crate::analysis::Analysis;
use crate::analysis::pools::Pool;
use crate::analysis::resolution::Answer;
use crate::analysis::rollout::Rollout;
use crate::lint::Finding;
use crate::model::{Design, Kind, NodeId};
use std::collections::HashMap;
use std::ops::Deref;

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

    /// Whether some finding of `rule` is about `node`.
    pub fn flagged(&self, rule: &str, node: NodeId) -> bool {
        self.findings_of(rule).any(|f| f.node == Some(node))
    }
}

/// A context with the facts derived for its write-up.
pub struct Writeup<'a> {
    pub cx: &'a Context<'a>,
    pub pools: &'a [Pool],
    /// What each address record resolves to.
    pub answers: &'a [Answer],
    pub rollout: Option<&'a Rollout>,
    /// Where each balancer's pool is in `pools`: sections ask per sender, and a scan per
    /// question would grow with balancers × senders.
    pool_at: HashMap<NodeId, usize>,
}

impl<'a> Writeup<'a> {
    /// The write-up reads the facts the analysis derived once.
    pub fn new(cx: &'a Context<'a>) -> Writeup<'a> {
        Writeup {
            cx,
            pools: &cx.analysis.pools,
            answers: &cx.analysis.answers,
            rollout: cx.analysis.rollout.as_ref(),
            pool_at: pool_index(&cx.analysis.pools),
        }
    }

    pub fn pool(&self, balancer: NodeId) -> Option<&Pool> {
        self.pool_at.get(&balancer).map(|&at| &self.pools[at])
    }

    /// The answer for the name users type: the `www.` name, else the first address record.
    pub fn site_answer(&self) -> Option<&Answer> {
        self.answers
            .iter()
            .find(|a| a.name.starts_with("www."))
            .or_else(|| self.answers.first())
    }

    /// Whether the analysis found `node` to be a single point of failure.
    pub fn is_spof(&self, node: NodeId) -> bool {
        self.cx.analysis.spofs.iter().any(|s| s.node == node)
    }
}

/// The first pool of each balancer, as a scan in order would find it.
fn pool_index(pools: &[Pool]) -> HashMap<NodeId, usize> {
    let mut at = HashMap::new();
    for (i, pool) in pools.iter().enumerate() {
        at.entry(pool.balancer).or_insert(i);
    }
    at
}

impl<'a> Deref for Writeup<'a> {
    type Target = Context<'a>;

    fn deref(&self) -> &Context<'a> {
        self.cx
    }
}
