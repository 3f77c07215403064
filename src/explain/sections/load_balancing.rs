//! The load balancers: their algorithm, what it does with this design's backends, and
//! their health checks. Balancers configured alike over the same backends (a clustered
//! pair) are described once.

use super::super::context::Writeup;
use super::super::document::{Section, Spans, code, spans, strong};
use super::super::facts::{described_all, name, name_list};
use crate::analysis::alike;
use crate::analysis::pools::Pool;
use crate::model::{Design, Kind, NodeId};

pub fn section(w: &Writeup) -> Option<Section> {
    let d = w.design;
    let lbs = w.of(Kind::LoadBalancer);
    if lbs.is_empty() {
        return None;
    }
    let mut s = Section::new("load-balancing", "Load balancing");
    let backends_of = |lb: NodeId| w.pool(lb).map(|p| p.backends.clone()).unwrap_or_default();
    for group in alike::groups(d, &lbs, backends_of) {
        let Some(pool) = w.pool(group[0]) else {
            continue;
        };
        s.para(algorithm(d, &group, pool));
        s.para(health_check(d, &group, pool));
    }
    Some(s)
}

/// "spreads" or "spread", for one balancer or several described together.
fn verb<'a>(group: &[NodeId], one: &'a str, many: &'a str) -> &'a str {
    if group.len() == 1 { one } else { many }
}

fn subject(d: &Design, group: &[NodeId]) -> Spans {
    if group.len() == 1 {
        described_all(d, group)
    } else {
        spans![described_all(d, group), ", configured alike,"]
    }
}

/// The algorithm, worked through on this pool's backends.
fn algorithm(d: &Design, group: &[NodeId], pool: &Pool) -> Spans {
    let attrs = &d.node(pool.balancer).attrs;
    let backends = &pool.backends;
    let n = backends.len();
    let over = match n {
        0 => spans![" (it has no backends yet)"],
        1 => spans![" over one backend, ", name_list(d, backends), ","],
        _ => spans![format!(" over {n} backends, "), name_list(d, backends), ","],
    };
    let who = subject(d, group);
    let spreads = verb(group, "spreads", "spread");
    let declared = attrs.text("algorithm");
    match declared {
        Some("round_robin") | None => {
            let example = match &backends[..] {
                [a, b] => spans![
                    ": the first request goes to ",
                    name(d, *a),
                    ", the second to ",
                    name(d, *b),
                    ", the third to ",
                    name(d, *a),
                    " again"
                ],
                [a, b, ..] => spans![
                    ": the first request goes to ",
                    name(d, *a),
                    ", the second to ",
                    name(d, *b),
                    ", and so on around the pool"
                ],
                _ => Spans::new(),
            };
            let share = if n > 1 {
                format!(
                    " Each backend gets an equal share ({}), which suits identical servers \
                     and short requests.",
                    if n == 2 {
                        "half the requests".to_string()
                    } else {
                        format!("one request in {n}")
                    }
                )
            } else if n == 1 {
                " With a single backend there is nothing to spread: every request goes to \
                 it, and the algorithm only starts to matter with a second backend."
                    .to_string()
            } else {
                String::new()
            };
            spans![
                who,
                " ",
                spreads,
                " requests",
                over,
                " by ",
                strong("round robin"),
                if declared.is_none() {
                    " (the default, as no algorithm is declared)"
                } else {
                    ""
                },
                ", handing each new request to the next backend in turn",
                example,
                ".",
                share
            ]
        }
        Some(word) => {
            let (title, what) = described_algorithm(word);
            spans![
                who,
                " ",
                spreads,
                " requests",
                over,
                " by ",
                strong(title),
                ": ",
                what,
                "."
            ]
        }
    }
}

/// Other algorithms: their name and what they do.
fn described_algorithm(word: &str) -> (String, Spans) {
    let (title, what): (&str, &str) = match word {
        "weighted_round_robin" => (
            "weighted round robin",
            "backends take turns in proportion to their weight, so a bigger server gets \
             more of the requests",
        ),
        "least_conn" => (
            "least connections",
            "each request goes to the backend with the fewest open connections, which \
             evens out the load when requests take very different times",
        ),
        "least_time" => (
            "least time",
            "each request goes to the backend answering fastest with the fewest \
             connections",
        ),
        "source" | "ip_hash" => (
            "source hashing",
            "a hash of the client's IP address picks the backend, so one user keeps \
             reaching the same server (sticky sessions) until that server leaves the pool",
        ),
        "uri" => (
            "URI hashing",
            "the same page always goes to the same backend, which keeps caches warm",
        ),
        "random" => (
            "random choice",
            "each request goes to a backend picked at random",
        ),
        "first" => (
            "first available",
            "everything goes to the first backend with free capacity, filling servers one \
             after another",
        ),
        other => {
            return (
                other.replace('_', " "),
                spans!["as its software defines it"],
            );
        }
    };
    (title.to_string(), what.into())
}

/// What the balancers do about a dead backend.
fn health_check(d: &Design, group: &[NodeId], pool: &Pool) -> Spans {
    let attrs = &d.node(pool.balancer).attrs;
    let subject = if group.len() == 1 {
        spans!["It"]
    } else {
        spans!["Each"]
    };
    match attrs.get("health_check").and_then(|v| v.as_text()) {
        Some(path) => spans![
            subject,
            " checks every backend's health by requesting ",
            code(path.to_string()),
            " every few seconds, stops sending traffic to a backend that fails and sends it \
             traffic again once it recovers."
        ],
        None if attrs.bool("health_check") == Some(true) => spans![
            subject,
            " checks every backend's health and skips those that fail."
        ],
        _ => spans![
            subject,
            " has no health check: a dead backend keeps receiving its share of requests, \
             and those users get errors."
        ],
    }
}
