//! Deploying without downtime: a rolling deploy through the load balancers' health
//! checks when the design allows it, and otherwise what stands in the way.

use super::super::context::Writeup;
use super::super::document::{Section, Spans, code, link, spans, strong};
use super::super::facts::{name, name_list};
use crate::analysis::journey::Journey;
use crate::analysis::rollout::Rollout;
use crate::model::{Kind, NodeId};

pub fn section(w: &Writeup) -> Option<Section> {
    let rollout = w.rollout?;
    let d = w.design;
    let mut s = Section::new("deployment", "Deploying without downtime");
    s.para(
        "Deploying new code, upgrading software or rebooting for a patch restarts what it \
         touches, and a restarting server answers nothing for a while. Users notice nothing \
         only when another instance carries their requests meanwhile.",
    );
    match rollout {
        Rollout::Rolling {
            balancers,
            backends,
        } => {
            let checks: Vec<Spans> = balancers
                .iter()
                .filter_map(|&lb| {
                    d.node(lb)
                        .attrs
                        .text("health_check")
                        .map(|p| code(p.to_string()))
                })
                .collect();
            let on = checks
                .first()
                .cloned()
                .map_or_else(Spans::new, |p| spans![" (", p, ")"]);
            let checked_by = spans![
                " — stop it, or let it fail the health check of ",
                name_list(d, balancers),
                on,
                " — deploy and restart it while "
            ];
            let steps = match backends.as_slice() {
                // One instance group: its instances take turns.
                [group] => spans![
                    "Take one instance of ",
                    name(d, *group),
                    format!(" ({} at least) out of rotation", d.instances(*group)),
                    checked_by,
                    "the others carry the traffic, check it, put it back, then do the same \
                     with the next instance. An autoscaling group can do this itself \
                     (an instance refresh replaces its instances a few at a time)."
                ],
                [first, rest @ ..] => spans![
                    "Take ",
                    name(d, *first),
                    " out of rotation",
                    checked_by,
                    name_list(d, rest),
                    if rest.len() == 1 {
                        " carries"
                    } else {
                        " carry"
                    },
                    " the traffic, check it, put it back, then do the same with ",
                    if rest.len() == 1 {
                        "the other"
                    } else {
                        "each of the others"
                    },
                    "."
                ],
                [] => Spans::new(),
            };
            s.para(spans![
                "This design allows a ",
                strong("rolling deploy"),
                ": update one server at a time. ",
                steps,
                " Blue-green deploys (a second set of servers switched in at the load \
                 balancer) and canary releases (a few users first) refine the same idea. \
                 While old and new code run side by side, database changes must suit both."
            ]);
        }
        Rollout::Unchecked { balancers } if !balancers.is_empty() => {
            s.para(spans![
                "The code runs on more than one instance, but ",
                name_list(d, balancers),
                if balancers.len() == 1 {
                    " has"
                } else {
                    " have"
                },
                " no health check: while an instance restarts, it keeps receiving its share \
                 of requests and those users get errors. With a health check, the servers \
                 could be updated one at a time (a rolling deploy) without anyone noticing; \
                 see ",
                link("Issues", "issues"),
                "."
            ]);
        }
        Rollout::Unchecked { .. } => {
            s.para(
                "The code runs on more than one instance, but no load balancer in front takes \
                 an instance out of rotation while it restarts, so a deploy still fails some \
                 requests. A load balancer with a health check would allow updating one server \
                 at a time.",
            );
        }
        Rollout::Downtime { through } => {
            s.para(spans![
                "Here every request goes through ",
                name_list(d, through),
                ": deploying new code restarts ",
                if through.len() == 1 { "it" } else { "them" },
                ", and the site is down for as long as that takes — maintenance means \
                 downtime, usually announced and scheduled at night. To deploy without \
                 downtime, run at least two instances behind a load balancer with a health \
                 check and update them one at a time (a rolling deploy)."
            ]);
        }
    }
    if let Some(db) = writes_spof(w) {
        s.para(spans![
            "Maintenance of the database is another matter: ",
            name(d, db),
            " is the only place writes can go, so upgrading or restarting it stops writes \
             until it is back, whatever the code tier allows. A replica that can be promoted \
             (switch over, then maintain the old primary) removes that window."
        ]);
    }
    Some(s)
}

/// The database (or its server) writes depend on alone, when the analysis finds one.
fn writes_spof(w: &Writeup) -> Option<NodeId> {
    let d = w.design;
    w.analysis
        .spofs
        .iter()
        .find(|s| {
            s.journeys.contains(&Journey::Writes)
                && !s.journeys.contains(&Journey::Requests)
                && d.node(s.node).kind == Kind::Database
        })
        .map(|s| s.node)
}
