//! Load-balancer pools: what each load balancer spreads requests over, in which mode,
//! and whether the balancer itself has a partner.
//!
//! Backends are counted the way `single-backend` counts them: the hosts named in
//! `backends` (a cluster stands for its members) and the hosts its traffic reaches,
//! without its own host and without external services. The mode is the declared one;
//! without a declaration every backend takes requests (active-active).

use super::traffic::Traffic;
use crate::model::{Design, Edge, Kind, NodeId};
use petgraph::Direction;
use petgraph::graph::NodeIndex;
use petgraph::visit::EdgeRef;
use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

/// How a pool's backends share the work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Every backend takes requests.
    ActiveActive,
    /// Backups wait until the active backends fail their health checks.
    ActivePassive,
}

impl Mode {
    /// A `mode` attribute's value.
    pub fn of_word(word: Option<&str>) -> Option<Mode> {
        match word? {
            "active_active" => Some(Mode::ActiveActive),
            "active_passive" => Some(Mode::ActivePassive),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pool {
    pub balancer: NodeId,
    /// Backend hosts (servers, or components outside any server), in declaration order.
    /// The members of a cluster share one list: a cluster of many balancers in front of
    /// many backends holds the backends once, not once per member.
    pub backends: Arc<[NodeId]>,
    /// The components on those hosts that receive the balancer's traffic.
    pub receivers: Arc<[NodeId]>,
    /// Backend hosts that take requests only when the others fail their health checks
    /// (`backup`); they are among `backends`.
    pub backups: Vec<NodeId>,
    pub mode: Mode,
    /// Whether `mode` was written, or is the default.
    pub mode_declared: bool,
    /// The cluster the balancer (or its server) is a member of, if any.
    pub cluster: Option<NodeId>,
}

/// What the flows through one junction reach: backend hosts and receivers, counted as
/// [`Pool::reached`] counts them (a junction's far side never holds its members' hosts,
/// so no member's own host needs leaving out).
#[derive(Default)]
struct Reached {
    hosts: BTreeSet<NodeId>,
    receivers: BTreeSet<NodeId>,
}

/// A pool's backend hosts and the components on them that receive its traffic.
type Behind = (Arc<[NodeId]>, Arc<[NodeId]>);

/// The backends and receivers behind each junction, made once for all its members.
#[derive(Default)]
struct Shared {
    by_junction: HashMap<NodeIndex, Behind>,
}

impl Shared {
    fn behind(&mut self, design: &Design, traffic: &Traffic, junction: NodeIndex) -> Behind {
        self.by_junction
            .entry(junction)
            .or_insert_with(|| {
                let mut reached = Reached::default();
                for e in traffic.graph.edges_directed(junction, Direction::Outgoing) {
                    for to in traffic.items_at(e.target(), Direction::Outgoing) {
                        let to = traffic.graph[to];
                        reached.hosts.extend(design.host(to));
                        if design.node(to).kind != Kind::Service {
                            reached.receivers.insert(to);
                        }
                    }
                }
                reached
                    .hosts
                    .retain(|&h| design.node(h).kind != Kind::Service);
                (
                    reached.hosts.into_iter().collect(),
                    reached.receivers.into_iter().collect(),
                )
            })
            .clone()
    }
}

impl Pool {
    pub fn of(design: &Design, traffic: &Traffic, balancer: NodeId) -> Pool {
        let cluster = cluster_of(design, balancer);
        Pool::with(design, traffic, balancer, cluster, &mut Shared::default())
    }

    fn with(
        design: &Design,
        traffic: &Traffic,
        balancer: NodeId,
        cluster: Option<NodeId>,
        shared: &mut Shared,
    ) -> Pool {
        let declared = Mode::of_word(design.node(balancer).attrs.text("mode"));
        let (backends, receivers) = match only_junction(design, traffic, balancer) {
            Some(junction) => shared.behind(design, traffic, junction),
            None => Pool::reached(design, traffic, balancer),
        };
        let mut backups: Vec<NodeId> = Vec::new();
        for backup in design.node(balancer).attrs.references("backup") {
            let host = design.host(backup).unwrap_or(backup);
            if backends.contains(&host) && !backups.contains(&host) {
                backups.push(host);
            }
        }
        Pool {
            balancer,
            backends,
            receivers,
            backups,
            mode: declared.unwrap_or(Mode::ActiveActive),
            mode_declared: declared.is_some(),
            cluster,
        }
    }

    /// The backends that take requests all the time: all but the backups.
    pub fn active(&self) -> Vec<NodeId> {
        self.backends
            .iter()
            .copied()
            .filter(|b| !self.backups.contains(b))
            .collect()
    }

    /// How many servers the active backends stand for: an instance group counts its
    /// minimum, as single-point-of-failure and capacity do.
    pub fn instances(&self, design: &Design) -> u32 {
        self.active().iter().map(|&b| design.instances(b)).sum()
    }

    /// Backends and receivers counted one hop at a time.
    fn reached(design: &Design, traffic: &Traffic, balancer: NodeId) -> Behind {
        let own_host = design.host(balancer);
        let mut hosts = BTreeSet::new();
        for backend in design.related(balancer, |e| matches!(e, Edge::Backend)) {
            match design.node(backend).kind {
                Kind::Cluster => hosts.extend(design.members(backend)),
                _ => hosts.extend(design.host(backend).or(Some(backend))),
            }
        }
        let mut receivers = BTreeSet::new();
        for (to, _) in traffic.outgoing(balancer) {
            if let Some(host) = design.host(to) {
                hosts.insert(host);
            }
            if Some(design.host(to).unwrap_or(to)) != own_host
                && design.node(to).kind != Kind::Service
            {
                receivers.insert(to);
            }
        }
        hosts.retain(|h| Some(*h) != own_host && design.node(*h).kind != Kind::Service);
        (hosts.into_iter().collect(), receivers.into_iter().collect())
    }
}

/// The one junction all of a balancer's traffic leaves through, when it declares no
/// `backends` of its own: then its pool is that junction's, shared with the other
/// members.
fn only_junction(design: &Design, traffic: &Traffic, balancer: NodeId) -> Option<NodeIndex> {
    if !design
        .related(balancer, |e| matches!(e, Edge::Backend))
        .is_empty()
    {
        return None;
    }
    traffic.only_junction(traffic.index_of(balancer)?, Direction::Outgoing)
}

/// Every load balancer's pool, in declaration order.
pub fn all(design: &Design, traffic: &Traffic) -> Vec<Pool> {
    let mut shared = Shared::default();
    let clusters = Clusters::new(design);
    design
        .nodes_of(Kind::LoadBalancer)
        .map(|(lb, _)| Pool::with(design, traffic, lb, clusters.of(design, lb), &mut shared))
        .collect()
}

/// Which cluster each item is a member of, for answering [`cluster_of`] without a scan
/// of every cluster per item.
pub struct Clusters {
    by_member: HashMap<NodeId, NodeId>,
}

impl Clusters {
    pub fn new(design: &Design) -> Clusters {
        let mut by_member = HashMap::new();
        for (cluster, _) in design.nodes_of(Kind::Cluster) {
            for member in design.members(cluster) {
                by_member.entry(member).or_insert(cluster);
            }
        }
        Clusters { by_member }
    }

    /// As [`cluster_of`]: the first cluster (in declaration order) holding the item or
    /// its host.
    pub fn of(&self, design: &Design, item: NodeId) -> Option<NodeId> {
        let direct = self.by_member.get(&item).copied();
        let through_host = design
            .host(item)
            .and_then(|h| self.by_member.get(&h).copied());
        match (direct, through_host) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }
}

/// The cluster `item` belongs to: directly, or through the server it runs on.
pub fn cluster_of(design: &Design, item: NodeId) -> Option<NodeId> {
    let host = design.host(item);
    design.nodes_of(Kind::Cluster).map(|(c, _)| c).find(|&c| {
        let members = design.members(c);
        members.contains(&item) || host.is_some_and(|h| members.contains(&h))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Source;

    fn pools(text: &str) -> (Design, Vec<Pool>) {
        let design = crate::compile(Source::new("t", text)).expect("compiles");
        let traffic = Traffic::new(&design);
        let pools = all(&design, &traffic);
        (design, pools)
    }

    #[test]
    fn backends_are_hosts_from_the_attribute_and_the_flows() {
        let (d, p) = pools(
            "server lb { load_balancer h { backends = [w1] } }\n\
             server w1 { web_server n {} }\nserver w2 { web_server n {} }\n\
             internet -> lb : http\nlb -> [w1, w2] : http\n",
        );
        let names: Vec<&str> = p[0]
            .backends
            .iter()
            .map(|&b| d.node(b).path.as_str())
            .collect();
        assert_eq!(names, ["w1", "w2"]);
        assert_eq!(p[0].receivers.len(), 2);
        assert_eq!(p[0].mode, Mode::ActiveActive);
        assert!(!p[0].mode_declared);
        assert_eq!(p[0].cluster, None);
    }

    #[test]
    fn a_clustered_pair_shares_the_cluster_and_its_backends() {
        let (d, p) = pools(
            "server lb1 { load_balancer h { mode = active_passive } }\n\
             server lb2 { load_balancer h {} }\n\
             cluster lbs { members = [lb1, lb2], mode = active_passive }\n\
             server w { web_server n {} }\ninternet -> lbs : http\nlbs -> w : http\n",
        );
        assert_eq!(p.len(), 2);
        for pool in &p {
            assert_eq!(pool.cluster, d.find("lbs"));
            assert_eq!(pool.backends[..], [d.find("w").expect("w")]);
        }
        assert_eq!(p[0].mode, Mode::ActivePassive);
        assert!(p[0].mode_declared);
    }

    #[test]
    fn backups_wait_and_a_group_counts_its_minimum() {
        let (d, p) = pools(
            "server lb { load_balancer h { health_check = \"/up\", backup = [w3] } }\n\
             server w { min = 2, max = 6, web_server n {} }\nserver w3 { web_server n {} }\n\
             internet -> lb : http\nlb -> [w, w3] : http\n",
        );
        assert_eq!(p[0].backups, [d.find("w3").expect("w3")]);
        assert_eq!(p[0].active(), [d.find("w").expect("w")]);
        assert_eq!(
            p[0].instances(&d),
            2,
            "the group's minimum, without the backup"
        );
    }
}
