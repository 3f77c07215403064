//! Single points of failure: what each one's failure costs, maintenance included, and
//! how to remove it with what the design already has (a replica to promote, a cluster
//! that needs a virtual IP, a second load balancer).

use super::site_name;
use crate::analysis::journey::Journey;
use crate::analysis::tier::Tier;
use crate::explain::context::Writeup;
use crate::explain::document::{Spans, and_list, capitalized, spans};
use crate::explain::facts::{name, name_list, role};
use crate::explain::software::Software;
use crate::model::{Design, Kind, NodeId};

/// The single points of failure: what each one's failure costs (maintenance included),
/// and how to remove it in this design.
pub(super) fn paragraph(w: &Writeup, flagged: &[NodeId]) -> Spans {
    let d = w.design;
    let mut text = Spans::new();
    let spofs = w
        .analysis
        .spofs
        .iter()
        .filter(|s| flagged.contains(&s.node));
    for (i, spof) in spofs.enumerate() {
        if i > 0 {
            text.push(" ");
        }
        let losses: Vec<Spans> = spof
            .journeys
            .iter()
            .map(|j| Spans::from(j.loss()))
            .collect();
        let loses_all = spof.journeys.contains(&Journey::Requests);
        let lost = and_list(losses);
        text.push(spans![
            capitalized(what_it_is(d, spof.node)),
            if loses_all {
                " carries every request"
            } else if spof.journeys == [Journey::Writes] {
                " is the only place writes can go"
            } else {
                " is the only database requests can reach"
            },
            ": if it fails, ",
            lost.clone(),
            " fail, and ",
            if loses_all {
                spans!["deploying to it, upgrading or rebooting it takes the site down"]
            } else {
                spans!["upgrading or restarting it stops ", lost]
            },
            " for as long as that lasts. ",
            capitalized(fix(w, spof.node, &spof.journeys)),
            "."
        ]);
    }
    text
}

/// "the load balancer `lb1.haproxy`", "the server `srv1`, which runs everything".
fn what_it_is(d: &Design, node: NodeId) -> Spans {
    match d.node(node).kind {
        Kind::Server => {
            let runs: Vec<Spans> = d
                .children(node)
                .into_iter()
                .filter(|&c| Tier::of(d.node(c).kind).is_some())
                .map(|c| Spans::from(role(d.node(c).kind)))
                .collect();
            if runs.is_empty() {
                spans!["the server ", name(d, node)]
            } else {
                spans!["the server ", name(d, node), " (", and_list(runs), ")"]
            }
        }
        kind => spans!["the ", role(kind), " ", name(d, node)],
    }
}

/// How to remove one single point of failure, from what the design already has.
fn fix(w: &Writeup, node: NodeId, journeys: &[Journey]) -> Spans {
    let d = w.design;
    match d.node(node).kind {
        Kind::LoadBalancer => match w.pool(node).and_then(|p| p.cluster) {
            Some(cluster) => spans![
                "it is already clustered in ",
                name(d, cluster),
                ", but users reach only it: give ",
                name(d, cluster),
                " a virtual IP and point ",
                site_name(w),
                " and the traffic at the cluster"
            ],
            None => spans![
                "to remove it, add a second load balancer and cluster the two \
                 active-passive behind a virtual IP (keepalived), then point ",
                site_name(w),
                " at that address"
            ],
        },
        Kind::Database if journeys == [Journey::Writes] => {
            let replicas: Vec<NodeId> = w
                .of(Kind::Database)
                .into_iter()
                .filter(|&r| {
                    d.related(r, |e| matches!(e, crate::model::Edge::ReplicaOf))
                        .contains(&node)
                })
                .collect();
            if replicas.is_empty() {
                spans![
                    "to remove it, add a replica that can be promoted to primary, with \
                     automatic failover"
                ]
            } else {
                let manager = match crate::explain::facts::known(d, node) {
                    Some(Software::MySql | Software::MariaDb) => " such as Orchestrator",
                    Some(Software::PostgreSql) => " such as Patroni",
                    Some(Software::Redis) => " such as Redis Sentinel",
                    _ => "",
                };
                spans![
                    "to remove it, let ",
                    name_list(d, &replicas),
                    " take over automatically: cluster ",
                    if replicas.len() == 1 { "it" } else { "one" },
                    " with the primary, active-passive behind a virtual IP, under a failover \
                     manager",
                    manager
                ]
            }
        }
        Kind::Database => spans![
            "to remove it, add a replica on another server, send reads to it and plan \
             failover for the primary"
        ],
        Kind::Server => spans![
            "to remove it, run the same stack on a second server behind a load balancer, and \
             move the database to its own servers with a replica"
        ],
        kind => spans![
            "to remove it, run a second ",
            role(kind),
            " on another server and spread the traffic over both"
        ],
    }
}
