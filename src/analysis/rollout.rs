//! Deploying without downtime: can new code reach the servers that run it one at a time
//! while the others keep serving?
//!
//! Code runs in the web and application tiers. A deploy restarts what it updates, so it
//! is only invisible to users when no single instance carries every request (no single
//! point of failure on the request journey among them) and something takes the instance
//! being updated out of rotation: a load balancer with a health check in front of it.

use super::Analysis;
use super::journey::Journey;
use super::pools::Pool;
use crate::model::{Design, Kind, NodeId};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rollout {
    /// Update the backends one at a time: each fails its health check while it
    /// restarts, the balancers skip it, the others carry the traffic. At least two.
    Rolling {
        balancers: Vec<NodeId>,
        /// The hosts updated in turn (an instance group: its instances in turn).
        backends: Vec<NodeId>,
    },
    /// Redundant, but nothing takes an instance out of rotation: these balancers have no
    /// health check (or there is no balancer), so a restarting instance still gets its
    /// share of requests.
    Unchecked { balancers: Vec<NodeId> },
    /// Every request goes through these items (single points of failure that run code):
    /// restarting one to deploy is downtime.
    Downtime { through: Vec<NodeId> },
}

/// Whether a component runs the site's code.
fn runs_code(kind: Kind) -> bool {
    matches!(kind, Kind::WebServer | Kind::AppServer)
}

/// How this design can take a deploy, or `None` when it runs no code at all.
pub fn rollout(design: &Design, analysis: &Analysis, pools: &[Pool]) -> Option<Rollout> {
    let reach = analysis.reach.get(&Journey::Requests)?;
    let code: HashSet<NodeId> = design
        .nodes()
        .filter(|(id, n)| runs_code(n.kind) && reach.contains(id))
        .map(|(id, _)| id)
        .collect();
    if code.is_empty() {
        return None;
    }
    let through: Vec<NodeId> = analysis
        .spofs
        .iter()
        .filter(|s| s.journeys.contains(&Journey::Requests))
        .map(|s| s.node)
        .filter(|&n| {
            runs_code(design.node(n).kind)
                || (design.node(n).kind == Kind::Server
                    && design
                        .children(n)
                        .iter()
                        .any(|&c| runs_code(design.node(c).kind)))
        })
        .collect();
    if !through.is_empty() {
        return Some(Rollout::Downtime { through });
    }
    // The members of a cluster share their receivers and backends: each list is read
    // once, however many balancers hold it.
    let mut fronts: HashMap<*const [NodeId], bool> = HashMap::new();
    let fronting: Vec<&Pool> = pools
        .iter()
        .filter(|p| {
            *fronts
                .entry(Arc::as_ptr(&p.receivers))
                .or_insert_with(|| p.receivers.iter().any(|r| code.contains(r)))
        })
        .collect();
    let checked = |p: &&Pool| health_checked(design, p.balancer);
    let mut lists: HashSet<*const [NodeId]> = HashSet::new();
    let mut backends: Vec<NodeId> = fronting
        .iter()
        .filter(|p| lists.insert(Arc::as_ptr(&p.backends)))
        .flat_map(|p| p.backends.iter().copied())
        .collect();
    backends.sort();
    backends.dedup();
    // An instance group is as many servers as its minimum: it rolls one at a time too.
    let instances: u32 = backends.iter().map(|&b| design.instances(b)).sum();
    if !fronting.is_empty() && fronting.iter().all(checked) && instances > 1 {
        return Some(Rollout::Rolling {
            balancers: fronting.iter().map(|p| p.balancer).collect(),
            backends,
        });
    }
    Some(Rollout::Unchecked {
        balancers: fronting
            .iter()
            .filter(|p| !checked(p))
            .map(|p| p.balancer)
            .collect(),
    })
}

/// Whether a load balancer checks its backends (as `no-health-check` judges it).
pub fn health_checked(design: &Design, balancer: NodeId) -> bool {
    use crate::model::value::AttrValue;
    !matches!(
        design.node(balancer).attrs.get("health_check"),
        None | Some(AttrValue::Bool(false))
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Source;

    fn of(text: &str) -> Option<Rollout> {
        let design = crate::compile(Source::new("t", text)).expect("compiles");
        let analysis = crate::analysis::analyze(&design);
        let pools = super::super::pools::all(&design, &analysis.traffic);
        rollout(&design, &analysis, &pools)
    }

    const TWO: &str = "server lb { load_balancer h { health_check = \"/up\" } }\n\
                       server w1 { web_server n {} }\nserver w2 { web_server n {} }\n\
                       internet -> lb : http\nlb -> [w1, w2] : http\n";

    #[test]
    fn two_checked_backends_roll_and_one_server_means_downtime() {
        assert!(matches!(of(TWO), Some(Rollout::Rolling { backends, .. }) if backends.len() == 2));
        let unchecked = TWO.replace("health_check = \"/up\"", "");
        assert!(
            matches!(of(&unchecked), Some(Rollout::Unchecked { balancers }) if balancers.len() == 1)
        );
        assert!(matches!(
            of("server s { web_server n {} }\ninternet -> s : http\n"),
            Some(Rollout::Downtime { .. })
        ));
        assert_eq!(of("server s { database d {} }\n"), None);
    }

    #[test]
    fn a_group_of_two_behind_a_checked_balancer_rolls() {
        let group = "load_balancer alb { managed = true, provider = aws, health_check = \"/up\" }\n\
                     server w { min = 2, max = 6, web_server n {} }\n\
                     internet -> alb : http\nalb -> w : http\n";
        assert!(
            matches!(of(group), Some(Rollout::Rolling { backends, .. }) if backends.len() == 1)
        );
        let one = group.replace("min = 2", "min = 1");
        assert!(matches!(
            of(&one),
            Some(Rollout::Downtime { .. }) | Some(Rollout::Unchecked { .. })
        ));
    }
}
