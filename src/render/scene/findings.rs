//! Findings: numbered legend entries, and a badge on what each finding is about.

use super::{Builder, Marker, Place};
use crate::lint::Finding;
use crate::model::{Kind, NodeId};

impl Builder<'_> {
    pub(super) fn findings(&mut self, findings: &[Finding]) {
        for (i, finding) in findings.iter().enumerate() {
            let number = i + 1;
            self.scene.markers.push(Marker {
                number,
                severity: finding.severity,
                rule: finding.rule,
                component: finding.component.clone(),
                message: finding.message.clone(),
            });
            let Some(place) = finding.node.and_then(|n| self.anchor(n)) else {
                continue;
            };
            let badges = match place {
                Place::Item(i) => &mut self.scene.items[i].badges,
                Place::Row(i, r) => &mut self.scene.items[i].rows[r].badges,
                Place::Cluster(g) => &mut self.scene.clusters[g].badges,
            };
            badges.push(number);
        }
    }

    /// Where a finding about `node` is drawn: the node itself, or what stands for it.
    pub(super) fn anchor(&self, node: NodeId) -> Option<Place> {
        // A stacked server's findings are the first member's; the legend lists them all.
        if self.stacks.canonical(self.design, node) != node {
            return None;
        }
        if let Some(&place) = self.places.get(&node) {
            return Some(place);
        }
        let d = self.design;
        let first = |list: Vec<NodeId>| list.into_iter().find_map(|n| self.places.get(&n).copied());
        match d.node(node).kind {
            Kind::Firewall => first(self.protected_by(node)),
            Kind::Allow | Kind::Deny => d.node(node).parent.and_then(|p| self.anchor(p)),
            Kind::Certificate => first(
                d.graph
                    .neighbors_directed(node, petgraph::Direction::Incoming)
                    .collect(),
            ),
            Kind::Domain => first(d.children(node)),
            _ => None,
        }
    }

    /// The servers `firewall` protects, in declaration order (read from the analysis's
    /// index: a scan of every server per firewall finding is quadratic in dense designs).
    pub(super) fn protected_by(&self, firewall: NodeId) -> Vec<NodeId> {
        self.analysis
            .protection
            .hosts(firewall)
            .iter()
            .copied()
            .filter(|&h| self.design.node(h).kind == Kind::Server)
            .collect()
    }
}
