//! The load balancers: their algorithm, what it does with this design's backends, and
//! their health checks.

use super::super::context::Context;
use super::super::document::{Section, and_list, code};
use super::super::facts::{described, names};
use crate::model::Kind;

pub fn section(cx: &Context) -> Option<Section> {
    let d = cx.design;
    let lbs = cx.of(Kind::LoadBalancer);
    if lbs.is_empty() {
        return None;
    }
    let mut s = Section::new("load-balancing", "Load balancing");
    for lb in lbs {
        let attrs = &d.node(lb).attrs;
        let backends = super::super::facts::backends(d, lb);
        let list = and_list(&names(d, &backends));
        let n = backends.len();
        let algorithm = attrs.text("algorithm");
        let how = match algorithm {
            Some("round_robin") | None => {
                let example = match backends.as_slice() {
                    [a, b, ..] => format!(
                        ": the first request goes to {}, the second to {}{}, and so on",
                        names(d, &[*a])[0],
                        names(d, &[*b])[0],
                        if n > 2 {
                            ", the next to the third"
                        } else {
                            ", the third to the first again"
                        }
                    ),
                    _ => String::new(),
                };
                let share = if n > 1 {
                    format!(
                        "Each of the {n} backends gets an equal share, which suits identical \
                         servers and short requests."
                    )
                } else {
                    "With a single backend there is nothing to spread yet: every request \
                     goes to it, and adding a second backend is what makes the algorithm \
                     matter."
                        .to_string()
                };
                format!(
                    "{} spreads requests by **round robin**{}: it hands each new request to \
                     the next backend in turn{example}. {share}",
                    described(d, lb),
                    if algorithm.is_none() {
                        " (the default, as no algorithm is declared)"
                    } else {
                        ""
                    },
                )
            }
            Some("weighted_round_robin") => format!(
                "{} uses **weighted round robin**: backends take turns in proportion to \
                 their weight, so a bigger server gets more of the requests.",
                described(d, lb)
            ),
            Some("least_conn") => format!(
                "{} uses **least connections**: each request goes to the backend with the \
                 fewest open connections, which evens out load when requests take very \
                 different times.",
                described(d, lb)
            ),
            Some("least_time") => format!(
                "{} uses **least time**: each request goes to the backend answering fastest \
                 with the fewest connections.",
                described(d, lb)
            ),
            Some("source") | Some("ip_hash") => format!(
                "{} uses **source hashing**: a hash of the client's IP address picks the \
                 backend, so one user keeps reaching the same server (sticky sessions) — \
                 until that server leaves the pool.",
                described(d, lb)
            ),
            Some("uri") => format!(
                "{} hashes the **URI**: the same page always goes to the same backend, \
                 which keeps caches warm.",
                described(d, lb)
            ),
            Some("random") => format!(
                "{} picks a backend **at random** for each request.",
                described(d, lb)
            ),
            Some("first") => format!(
                "{} sends everything to the **first** backend with free capacity, filling \
                 servers one after another.",
                described(d, lb)
            ),
            Some(other) => format!("{} uses the {} algorithm.", described(d, lb), code(other)),
        };
        if backends.is_empty() {
            s.para(format!(
                "{how} No backends are declared or wired to it yet."
            ));
        } else {
            s.para(format!("{how} Its backends: {list}."));
        }
        let check = match attrs.get("health_check") {
            Some(v) => match v.as_text() {
                Some(path) => format!(
                    "It checks each backend's health by requesting {} every few seconds \
                     and stops sending traffic to a backend that fails, until it recovers.",
                    code(path)
                ),
                None if attrs.bool("health_check") == Some(false) => {
                    "It has no health check: a dead backend keeps receiving its share of \
                     requests, and those users get errors."
                        .to_string()
                }
                None => "It checks each backend's health and skips those that fail.".to_string(),
            },
            None => "No health check is declared: a dead backend would keep receiving its \
                     share of requests."
                .to_string(),
        };
        s.para(check);
    }
    Some(s)
}
