//! Why each group of new elements was added: what it brings, and which of the old
//! findings it removes — a cluster removes the SPOFs of its members, firewalls the open
//! hosts they now protect, a certificate plain HTTP, agents the blind spots, servers split
//! off the tiers that shared a machine, a second instance its tier's SPOF.

use super::matching::Matching;
use super::{FindingChange, Property, Reason, Side, tier_sizes, tiers};
use crate::analysis::tier::Tier;
use crate::lint::Finding;
use crate::lint::rules::*;
use crate::model::{Design, Edge, Kind, NodeId};
use std::collections::{BTreeSet, HashSet};

/// Servers split off for different tiers are one reason: "`app1` and `db1`: the
/// application tier and the database tier each on a server of its own".
fn merged(reasons: Vec<Reason>) -> Vec<Reason> {
    let mut out: Vec<Reason> = Vec::new();
    for r in reasons {
        if let (Some(last), Property::Separation { tiers }) = (out.last_mut(), &r.brings)
            && let Property::Separation { tiers: before } = &mut last.brings
        {
            before.extend(tiers.iter().copied());
            last.items.extend(r.items);
            for f in r.fixes {
                if !last.fixes.contains(&f) {
                    last.fixes.push(f);
                }
            }
            continue;
        }
        out.push(r);
    }
    out
}

/// Why each group of new elements is there: what it brings, and the old findings it
/// removes.
pub(super) fn reasons(
    old: &Side,
    new: &Side,
    matching: &Matching,
    fixed: &[&Finding],
    counterpart: &HashSet<NodeId>,
) -> Vec<Reason> {
    merged(each_reason(old, new, matching, fixed, counterpart))
}

/// What every reason reads: the new design, which of its items are new, where old
/// findings' items are now, and the old findings the change removed.
struct Cx<'a> {
    nd: &'a Design,
    matching: &'a Matching,
    fixed: &'a [&'a Finding],
    counterpart: &'a HashSet<NodeId>,
}

impl Cx<'_> {
    fn path(&self, id: NodeId) -> String {
        self.nd.node(id).path.clone()
    }

    fn paths(&self, ids: &[NodeId]) -> Vec<String> {
        ids.iter().map(|&id| self.path(id)).collect()
    }

    fn is_new(&self, id: NodeId) -> bool {
        !self.counterpart.contains(&id)
    }

    /// The new items of a kind, in declaration order.
    fn new_of(&self, kind: Kind) -> Vec<NodeId> {
        self.nd
            .nodes_of(kind)
            .map(|(id, _)| id)
            .filter(|&id| self.is_new(id))
            .collect()
    }

    /// The server an old finding's item is on now.
    fn host_now(&self, f: &Finding) -> Option<NodeId> {
        let now = f.node.and_then(|n| self.matching.to_new.get(&n).copied())?;
        Some(self.nd.host(now).unwrap_or(now))
    }

    /// The removed findings `removed_by` says the reason accounts for.
    fn fixes(&self, removed_by: impl Fn(&Finding) -> bool) -> Vec<FindingChange> {
        self.fixed
            .iter()
            .filter(|f| removed_by(f))
            .map(|f| FindingChange {
                rule: f.rule,
                component: f.component.clone(),
                message: f.message.clone(),
            })
            .collect()
    }

    /// The new items of one kind as one reason: `acts_on` finds what they act on,
    /// `removed_by` which old findings that removes, `brings` names what it adds.
    fn kind_reason(
        &self,
        kind: Kind,
        acts_on: impl Fn(&[NodeId]) -> Vec<NodeId>,
        removed_by: impl Fn(&Finding, &[NodeId]) -> bool,
        brings: impl Fn(Vec<String>) -> Property,
    ) -> Option<Reason> {
        let items = self.new_of(kind);
        if items.is_empty() {
            return None;
        }
        let targets = acts_on(&items);
        Some(Reason {
            items: self.paths(&items),
            brings: brings(self.paths(&targets)),
            fixes: self.fixes(|f| removed_by(f, &targets)),
        })
    }
}

fn each_reason(
    old: &Side,
    new: &Side,
    matching: &Matching,
    fixed: &[&Finding],
    counterpart: &HashSet<NodeId>,
) -> Vec<Reason> {
    let cx = Cx {
        nd: new.design,
        matching,
        fixed,
        counterpart,
    };
    let mut reasons = cluster_reasons(&cx);
    reasons.extend(server_reasons(&cx, old, new));
    reasons.extend(cx.kind_reason(
        Kind::Firewall,
        |firewalls| protected_hosts(&cx, new, firewalls),
        |f, hosts| {
            matches!(
                f.rule,
                no_firewall::NAME | exposed_database::NAME | ssh_open_to_world::NAME
            ) && cx.host_now(f).is_some_and(|h| hosts.contains(&h))
        },
        |hosts| Property::Filtering { hosts },
    ));
    reasons.extend(cx.kind_reason(
        Kind::Certificate,
        |certificates| certificate_users(&cx, certificates),
        |f, _| {
            matches!(
                f.rule,
                no_https::NAME
                    | https_without_certificate::NAME
                    | certificate_mismatch::NAME
                    | certificate_expired::NAME
                    | certificate_expiring::NAME
            )
        },
        |components| Property::Encryption { components },
    ));
    reasons.extend(cx.kind_reason(
        Kind::MonitoringAgent,
        |agents| agents.iter().filter_map(|&a| cx.nd.host(a)).collect(),
        |f, hosts| {
            (f.rule == no_monitoring::NAME && cx.host_now(f).is_some_and(|h| hosts.contains(&h)))
                || f.rule == no_qps_metric::NAME
        },
        |hosts| Property::Visibility { hosts },
    ));
    reasons
}

/// The servers behind any of these firewalls.
fn protected_hosts(cx: &Cx, new: &Side, firewalls: &[NodeId]) -> Vec<NodeId> {
    cx.nd
        .nodes_of(Kind::Server)
        .map(|(id, _)| id)
        .filter(|&h| {
            new.analysis
                .protection
                .of(h)
                .iter()
                .any(|fw| firewalls.contains(fw))
        })
        .collect()
}

/// The components that terminate TLS with any of these certificates.
fn certificate_users(cx: &Cx, certificates: &[NodeId]) -> Vec<NodeId> {
    cx.nd
        .nodes()
        .filter(|(id, _)| {
            cx.nd
                .related(*id, |e| matches!(e, Edge::UsesCertificate))
                .iter()
                .any(|c| certificates.contains(c))
        })
        .map(|(id, _)| id)
        .collect()
}

/// A new cluster brings failover and removes its members' single points of failure.
fn cluster_reasons(cx: &Cx) -> Vec<Reason> {
    cx.new_of(Kind::Cluster)
        .into_iter()
        .map(|cluster| {
            let members = cx.nd.members(cluster);
            let mut items = vec![cx.path(cluster)];
            items.extend(
                members
                    .iter()
                    .copied()
                    .filter(|&m| cx.is_new(m))
                    .map(|m| cx.path(m)),
            );
            Reason {
                items,
                brings: Property::Failover {
                    members: cx.paths(&members),
                },
                fixes: cx.fixes(|f| {
                    matches!(
                        f.rule,
                        single_point_of_failure::NAME | active_passive_without_vip::NAME
                    ) && cx.host_now(f).is_some_and(|h| members.contains(&h))
                }),
            }
        })
        .collect()
}

/// New servers outside new clusters, by what they run: a load balancer, tiers split
/// off a shared machine, or more instances of tiers that existed.
fn server_reasons(cx: &Cx, old: &Side, new: &Side) -> Vec<Reason> {
    let nd = cx.nd;
    let old_sizes = tier_sizes(old);
    let moved_to: HashSet<NodeId> = cx
        .matching
        .moved
        .iter()
        .filter_map(|m| nd.find(&m.to))
        .collect();
    let in_new_cluster: HashSet<NodeId> = cx
        .new_of(Kind::Cluster)
        .into_iter()
        .flat_map(|id| nd.members(id))
        .collect();
    let mut reasons = Vec::new();
    for server in cx
        .new_of(Kind::Server)
        .into_iter()
        .filter(|id| !in_new_cluster.contains(id))
    {
        let parts: Vec<NodeId> = nd
            .children(server)
            .into_iter()
            .filter(|&c| Tier::of(nd.node(c).kind).is_some())
            .collect();
        let lbs: Vec<NodeId> = parts
            .iter()
            .copied()
            .filter(|&c| nd.node(c).kind == Kind::LoadBalancer)
            .collect();
        if !lbs.is_empty() {
            let backends: Vec<NodeId> = lbs
                .iter()
                .filter_map(|&lb| new.analysis.pool(lb))
                .flat_map(|pool| pool.backends.iter().copied())
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect();
            reasons.push(Reason {
                items: vec![cx.path(server)],
                brings: Property::LoadBalancing {
                    backends: cx.paths(&backends),
                },
                fixes: cx.fixes(|f| {
                    matches!(
                        f.rule,
                        single_point_of_failure::NAME | cannot_scale_horizontally::NAME
                    ) && cx.host_now(f).is_some_and(|h| backends.contains(&h))
                        && backends.len() > 1
                }),
            });
            continue;
        }
        let separated: BTreeSet<Tier> = parts
            .iter()
            .filter(|c| moved_to.contains(c))
            .filter_map(|&c| Tier::of(nd.node(c).kind))
            .collect();
        let grown: BTreeSet<Tier> = parts
            .iter()
            .filter(|c| !moved_to.contains(c))
            .filter_map(|&c| Tier::of(nd.node(c).kind))
            .filter(|t| old_sizes.get(t).copied().unwrap_or(0) > 0)
            .collect();
        if !separated.is_empty() {
            reasons.push(Reason {
                items: vec![cx.path(server)],
                brings: Property::Separation {
                    tiers: separated.into_iter().collect(),
                },
                fixes: cx.fixes(|f| f.rule == colocated_tiers::NAME),
            });
        } else if !grown.is_empty() {
            let od = old.design;
            reasons.push(Reason {
                items: vec![cx.path(server)],
                brings: Property::Redundancy {
                    tiers: grown.iter().copied().collect(),
                },
                fixes: cx.fixes(|f| {
                    let in_tier = f
                        .node
                        .is_some_and(|n| tiers(od, n).iter().any(|t| grown.contains(t)));
                    match f.rule {
                        single_point_of_failure::NAME | cannot_scale_horizontally::NAME => in_tier,
                        single_backend::NAME => true,
                        _ => false,
                    }
                }),
            });
        }
    }
    reasons
}
