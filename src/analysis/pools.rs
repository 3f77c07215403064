//! Load-balancer pools: what each load balancer spreads requests over, in which mode,
//! and whether the balancer itself has a partner.
//!
//! Backends are counted the way `single-backend` counts them: the hosts named in
//! `backends` (a cluster stands for its members) and the hosts its traffic reaches,
//! without its own host and without external services. The mode is the declared one;
//! without a declaration every backend takes requests (active-active).

use super::traffic::Traffic;
use crate::model::{Design, Edge, Kind, NodeId};
use std::collections::BTreeSet;

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
    pub backends: Vec<NodeId>,
    /// The components on those hosts that receive the balancer's traffic.
    pub receivers: Vec<NodeId>,
    /// Backend hosts that take requests only when the others fail their health checks
    /// (`backup`); they are among `backends`.
    pub backups: Vec<NodeId>,
    pub mode: Mode,
    /// Whether `mode` was written, or is the default.
    pub mode_declared: bool,
    /// The cluster the balancer (or its server) is a member of, if any.
    pub cluster: Option<NodeId>,
}

impl Pool {
    pub fn of(design: &Design, traffic: &Traffic, balancer: NodeId) -> Pool {
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
        let declared = Mode::of_word(design.node(balancer).attrs.text("mode"));
        let mut backups: Vec<NodeId> = Vec::new();
        for backup in design.node(balancer).attrs.references("backup") {
            let host = design.host(backup).unwrap_or(backup);
            if hosts.contains(&host) && !backups.contains(&host) {
                backups.push(host);
            }
        }
        Pool {
            balancer,
            backends: hosts.into_iter().collect(),
            receivers: receivers.into_iter().collect(),
            backups,
            mode: declared.unwrap_or(Mode::ActiveActive),
            mode_declared: declared.is_some(),
            cluster: cluster_of(design, balancer),
        }
    }
}

impl Pool {
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
}

/// Every load balancer's pool, in declaration order.
pub fn all(design: &Design, traffic: &Traffic) -> Vec<Pool> {
    design
        .nodes_of(Kind::LoadBalancer)
        .map(|(lb, _)| Pool::of(design, traffic, lb))
        .collect()
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
            assert_eq!(pool.backends, [d.find("w").expect("w")]);
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
