//! Why each group of new elements was added: what it brings, and which of the old
//! findings it removes — a cluster removes the SPOFs of its members, firewalls the open
//! hosts they now protect, a certificate plain HTTP, agents the blind spots, servers split
//! off the tiers that shared a machine, a second instance its tier's SPOF.

use super::matching::Matching;
use super::{FindingChange, Property, Reason, Side, tier_sizes, tiers};
use crate::analysis::tier::Tier;
use crate::lint::Finding;
use crate::lint::rules::*;
use crate::model::{Edge, Kind, NodeId};
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

fn each_reason(
    old: &Side,
    new: &Side,
    matching: &Matching,
    fixed: &[&Finding],
    counterpart: &HashSet<NodeId>,
) -> Vec<Reason> {
    let (od, nd) = (old.design, new.design);
    let path = |id: NodeId| nd.node(id).path.clone();
    let is_new = |id: NodeId| !counterpart.contains(&id);
    // Where an old finding's item is now.
    let now = |f: &Finding| f.node.and_then(|n| matching.to_new.get(&n).copied());
    let host_now = |f: &Finding| now(f).map(|n| nd.host(n).unwrap_or(n));
    let change = |f: &&Finding| FindingChange {
        rule: f.rule,
        component: f.component.clone(),
        message: f.message.clone(),
    };
    let old_sizes = tier_sizes(old);
    let moved_to: HashSet<NodeId> = matching
        .moved
        .iter()
        .filter_map(|m| nd.find(&m.to))
        .collect();
    let mut reasons = Vec::new();

    // Clusters.
    for (cluster, _) in nd.nodes_of(Kind::Cluster).filter(|(id, _)| is_new(*id)) {
        let members = nd.members(cluster);
        let fixes: Vec<FindingChange> = fixed
            .iter()
            .filter(|f| {
                matches!(
                    f.rule,
                    single_point_of_failure::NAME | active_passive_without_vip::NAME
                ) && host_now(f).is_some_and(|h| members.contains(&h))
            })
            .map(change)
            .collect();
        let mut items = vec![path(cluster)];
        items.extend(members.iter().copied().filter(|&m| is_new(m)).map(path));
        reasons.push(Reason {
            items,
            brings: Property::Failover {
                members: members.iter().map(|&m| path(m)).collect(),
            },
            fixes,
        });
    }
    let in_new_cluster: HashSet<NodeId> = nd
        .nodes_of(Kind::Cluster)
        .filter(|(id, _)| is_new(*id))
        .flat_map(|(id, _)| nd.members(id))
        .collect();

    // Servers, by what they run.
    for (server, _) in nd
        .nodes_of(Kind::Server)
        .filter(|(id, _)| is_new(*id) && !in_new_cluster.contains(id))
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
            let fixes = fixed
                .iter()
                .filter(|f| {
                    matches!(
                        f.rule,
                        single_point_of_failure::NAME | cannot_scale_horizontally::NAME
                    ) && host_now(f).is_some_and(|h| backends.contains(&h))
                        && backends.len() > 1
                })
                .map(change)
                .collect();
            reasons.push(Reason {
                items: vec![path(server)],
                brings: Property::LoadBalancing {
                    backends: backends.iter().map(|&b| path(b)).collect(),
                },
                fixes,
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
            let fixes = fixed
                .iter()
                .filter(|f| f.rule == colocated_tiers::NAME)
                .map(change)
                .collect();
            reasons.push(Reason {
                items: vec![path(server)],
                brings: Property::Separation {
                    tiers: separated.into_iter().collect(),
                },
                fixes,
            });
        } else if !grown.is_empty() {
            let fixes = fixed
                .iter()
                .filter(|f| {
                    let in_tier = f
                        .node
                        .is_some_and(|n| tiers(od, n).iter().any(|t| grown.contains(t)));
                    match f.rule {
                        single_point_of_failure::NAME | cannot_scale_horizontally::NAME => in_tier,
                        single_backend::NAME => true,
                        _ => false,
                    }
                })
                .map(change)
                .collect();
            reasons.push(Reason {
                items: vec![path(server)],
                brings: Property::Redundancy {
                    tiers: grown.into_iter().collect(),
                },
                fixes,
            });
        }
    }

    // Firewalls, certificates, monitoring agents.
    let firewalls: Vec<NodeId> = nd
        .nodes_of(Kind::Firewall)
        .map(|(id, _)| id)
        .filter(|&id| is_new(id))
        .collect();
    if !firewalls.is_empty() {
        let hosts: Vec<NodeId> = nd
            .nodes_of(Kind::Server)
            .map(|(id, _)| id)
            .filter(|&h| {
                new.analysis
                    .protection
                    .of(h)
                    .iter()
                    .any(|fw| firewalls.contains(fw))
            })
            .collect();
        let fixes = fixed
            .iter()
            .filter(|f| {
                matches!(
                    f.rule,
                    no_firewall::NAME | exposed_database::NAME | ssh_open_to_world::NAME
                ) && host_now(f).is_some_and(|h| hosts.contains(&h))
            })
            .map(change)
            .collect();
        reasons.push(Reason {
            items: firewalls.iter().map(|&f| path(f)).collect(),
            brings: Property::Filtering {
                hosts: hosts.iter().map(|&h| path(h)).collect(),
            },
            fixes,
        });
    }
    let certificates: Vec<NodeId> = nd
        .nodes_of(Kind::Certificate)
        .map(|(id, _)| id)
        .filter(|&id| is_new(id))
        .collect();
    if !certificates.is_empty() {
        let users: Vec<NodeId> = nd
            .nodes()
            .filter(|(id, _)| {
                nd.related(*id, |e| matches!(e, Edge::UsesCertificate))
                    .iter()
                    .any(|c| certificates.contains(c))
            })
            .map(|(id, _)| id)
            .collect();
        let fixes = fixed
            .iter()
            .filter(|f| {
                matches!(
                    f.rule,
                    no_https::NAME
                        | https_without_certificate::NAME
                        | certificate_mismatch::NAME
                        | certificate_expired::NAME
                        | certificate_expiring::NAME
                )
            })
            .map(change)
            .collect();
        reasons.push(Reason {
            items: certificates.iter().map(|&c| path(c)).collect(),
            brings: Property::Encryption {
                components: users.iter().map(|&u| path(u)).collect(),
            },
            fixes,
        });
    }
    let agents: Vec<NodeId> = nd
        .nodes_of(Kind::MonitoringAgent)
        .map(|(id, _)| id)
        .filter(|&id| is_new(id))
        .collect();
    if !agents.is_empty() {
        let hosts: Vec<NodeId> = agents.iter().filter_map(|&a| nd.host(a)).collect();
        let fixes = fixed
            .iter()
            .filter(|f| {
                (f.rule == no_monitoring::NAME && host_now(f).is_some_and(|h| hosts.contains(&h)))
                    || f.rule == no_qps_metric::NAME
            })
            .map(change)
            .collect();
        reasons.push(Reason {
            items: agents.iter().map(|&a| path(a)).collect(),
            brings: Property::Visibility {
                hosts: hosts.iter().map(|&h| path(h)).collect(),
            },
            fixes,
        });
    }
    reasons
}
