//! Monitoring: how the agents collect data, where it goes, and how QPS is watched here —
//! counted where each web-facing server's software reports requests, with the same list
//! of request-rate metrics `no-qps-metric` accepts.

use super::super::context::Writeup;
use super::super::document::{Section, Spans, and_list, code, spans};
use super::super::facts::{agree, known, name_list, role};
use crate::lint::rules::no_qps_metric::REQUEST_RATE;
use crate::model::{Edge, Kind, NodeId};
use std::collections::BTreeMap;

pub fn section(w: &Writeup) -> Option<Section> {
    let d = w.design;
    let agents = w.of(Kind::MonitoringAgent);
    if agents.is_empty() {
        return None;
    }
    let mut s = Section::new("monitoring", "Monitoring");
    let mut by_vendor: BTreeMap<String, Vec<NodeId>> = BTreeMap::new();
    for &a in &agents {
        let vendor = d
            .node(a)
            .attrs
            .text("vendor")
            .unwrap_or("")
            .trim()
            .to_string();
        by_vendor.entry(vendor).or_default().push(a);
    }
    for (vendor, list) in &by_vendor {
        let hosts: Vec<NodeId> = list.iter().filter_map(|&a| d.host(a)).collect();
        let mut services: Vec<NodeId> = list
            .iter()
            .flat_map(|&a| d.related(a, |e| matches!(e, Edge::SendsTo)))
            .collect();
        services.sort();
        services.dedup();
        let mut metrics: Vec<String> = list.iter().flat_map(|&a| metrics_of(w, a)).collect();
        metrics.sort();
        metrics.dedup();
        let n = list.len();
        let who = if vendor.is_empty() {
            spans![if n == 1 {
                "A monitoring agent"
            } else {
                "Monitoring agents"
            }]
        } else {
            spans![vendor.clone(), if n == 1 { " agent" } else { " agents" }]
        };
        let to = if services.is_empty() {
            spans![
                ", but ",
                agree(n, "it names", "they name"),
                " no service to send data to"
            ]
        } else {
            spans![
                " and ",
                agree(n, "sends its", "send their"),
                " data to ",
                name_list(d, &services)
            ]
        };
        s.para(spans![
            who,
            " ",
            agree(n, "runs", "run"),
            " on ",
            name_list(d, &hosts),
            to,
            ". Metrics collected: ",
            if metrics.is_empty() {
                spans!["none declared"]
            } else {
                and_list(metrics.into_iter().map(code))
            },
            "."
        ]);
    }
    s.para(
        "How the data is collected: each agent is a small program running on its server. \
         Every few seconds it reads the machine's counters (CPU, memory, disk, network) \
         from the operating system, tails the logs and queries the local services (the \
         web server's status page, the database's statistics), then pushes the batch over \
         HTTPS to the monitoring service, which stores the time series, draws dashboards \
         and raises alerts when a value crosses a threshold. Pushing from the inside means \
         no inbound port has to be opened for monitoring.",
    );
    s.para(qps(w, &agents));
    Some(s)
}

fn metrics_of(w: &Writeup, agent: NodeId) -> Vec<String> {
    w.design
        .node(agent)
        .attrs
        .get("metrics")
        .map(|m| {
            m.items()
                .iter()
                .filter_map(|i| i.as_text())
                .map(String::from)
                .collect()
        })
        .unwrap_or_default()
}

/// Whether an agent collects a request rate, as `no-qps-metric` judges it.
fn counts_requests(w: &Writeup, agent: NodeId) -> bool {
    metrics_of(w, agent)
        .iter()
        .any(|m| REQUEST_RATE.contains(&m.to_ascii_lowercase().as_str()))
}

/// Components facing web traffic: load balancers and web servers.
fn web_facing(w: &Writeup) -> Vec<NodeId> {
    w.design
        .nodes()
        .filter(|(_, n)| matches!(n.kind, Kind::LoadBalancer | Kind::WebServer))
        .map(|(id, _)| id)
        .collect()
}

/// How QPS is (or would be) monitored, from where each web-facing server's software
/// counts its requests.
fn qps(w: &Writeup, agents: &[NodeId]) -> Spans {
    let d = w.design;
    let counting: Vec<NodeId> = agents
        .iter()
        .copied()
        .filter(|&a| counts_requests(w, a))
        .collect();
    let counted_hosts: Vec<NodeId> = counting.iter().filter_map(|&a| d.host(a)).collect();
    let facing = web_facing(w);
    // Where each web-facing component's software reports its requests.
    let sources: Vec<Spans> = facing
        .iter()
        .filter(|&&c| {
            counted_hosts.is_empty() || d.host(c).is_some_and(|h| counted_hosts.contains(&h))
        })
        .fold(Vec::<(Spans, Vec<NodeId>)>::new(), |mut acc, &c| {
            let source = known(d, c)
                .and_then(|k| k.request_counter())
                .unwrap_or_else(|| {
                    spans![
                        "the ",
                        role(d.node(c).kind),
                        "'s access log (one line per request)"
                    ]
                });
            match acc.iter_mut().find(|(s, _)| *s == source) {
                Some((_, list)) => list.push(c),
                None => acc.push((source, vec![c])),
            }
            acc
        })
        .into_iter()
        .map(|(source, list)| spans!["on ", name_list(d, &list), ", ", source])
        .collect();
    let sources = if sources.is_empty() {
        Spans::new()
    } else {
        let mut joined = Spans::new();
        for (i, source) in sources.into_iter().enumerate() {
            if i > 0 {
                joined.push("; ");
            }
            joined.push(source);
        }
        spans![" Where the counter comes from: ", joined, "."]
    };
    if counting.is_empty() {
        return spans![
            "QPS (queries, or requests, per second) is not collected here: no agent lists a \
             request-rate metric such as ",
            code("qps"),
            " in its metrics. To monitor it, have the agent on each web-facing server read \
             the request counter, send it every few seconds, and let the monitoring service \
             turn the running count into a rate per second, chart it and alert on spikes or \
             drops to zero.",
            sources
        ];
    }
    spans![
        "QPS (queries, or requests, per second) is monitored on ",
        name_list(d, &counted_hosts),
        ": the ",
        agree(counting.len(), "agent reads", "agents read"),
        " the request counter every few seconds and ",
        agree(counting.len(), "sends", "send"),
        " the running count; the monitoring service turns it into a rate per second, \
         charts it and can alert when traffic spikes or drops to zero.",
        sources
    ]
}
