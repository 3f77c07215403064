//! Monitoring: how the agents collect data, where it goes, and how QPS is watched here.

use super::super::context::Context;
use super::super::document::{Section, and_list, code, text};
use super::super::facts::{name, names};
use crate::model::{Edge, Kind, NodeId};
use std::collections::BTreeMap;

pub fn section(cx: &Context) -> Option<Section> {
    let d = cx.design;
    let agents = cx.of(Kind::MonitoringAgent);
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
            .unwrap_or("an unnamed vendor")
            .to_string();
        by_vendor.entry(vendor).or_default().push(a);
    }
    for (vendor, list) in &by_vendor {
        let hosts: Vec<NodeId> = list.iter().filter_map(|&a| d.host(a)).collect();
        let services: Vec<NodeId> = {
            let mut v: Vec<NodeId> = list
                .iter()
                .flat_map(|&a| d.related(a, |e| matches!(e, Edge::SendsTo)))
                .collect();
            v.sort();
            v.dedup();
            v
        };
        let mut metrics: Vec<String> = list
            .iter()
            .filter_map(|&a| d.node(a).attrs.get("metrics"))
            .flat_map(|m| {
                m.items()
                    .iter()
                    .filter_map(|i| i.as_text())
                    .map(String::from)
                    .collect::<Vec<_>>()
            })
            .collect();
        metrics.sort();
        metrics.dedup();
        let to = if services.is_empty() {
            String::new()
        } else {
            format!(" and send their data to {}", and_list(&names(d, &services)))
        };
        s.para(format!(
            "{} agents run on {}{to}. Metrics collected: {}.",
            text(vendor),
            and_list(&names(d, &hosts)),
            if metrics.is_empty() {
                "none declared".to_string()
            } else {
                and_list(&metrics.iter().map(|m| code(m)).collect::<Vec<_>>())
            }
        ));
    }
    s.para(
        "How the data is collected: each agent is a small program running on its server. \
         Every few seconds it reads the machine's counters (CPU, memory, disk, network) \
         from the operating system, tails the logs and queries local services (the web \
         server's status page, the database's statistics), then pushes the batch over \
         HTTPS to the monitoring service, which stores the time series, draws dashboards \
         and raises alerts when a value crosses a threshold. Pushing from the inside means \
         no inbound port has to be opened for monitoring."
            .to_string(),
    );
    let qps: Vec<NodeId> = agents
        .iter()
        .copied()
        .filter(|&a| {
            d.node(a)
                .attrs
                .get("metrics")
                .is_some_and(|m| m.items().iter().any(|i| i.as_text() == Some("qps")))
        })
        .collect();
    let web = cx.of(Kind::WebServer);
    let example = web.first().map_or(String::new(), |&w| {
        format!(
            " (for {}, Nginx's `stub_status` page or its access log)",
            name(d, w)
        )
    });
    if qps.is_empty() {
        s.para(format!(
            "QPS (queries per second) is not collected here: no agent lists {} in its \
             metrics. To monitor it, have the agent on each web server count requests from \
             the web server's status page or access log{example} and chart the rate.",
            code("qps")
        ));
    } else {
        let hosts: Vec<NodeId> = qps.iter().filter_map(|&a| d.host(a)).collect();
        s.para(format!(
            "QPS (queries per second) is monitored on {}: the agents count requests as \
             they pass — from the web server's status page or access log{example} — and \
             send the running count; the monitoring service turns it into a rate per second, \
             charts it and can alert when traffic spikes or drops to zero.",
            and_list(&names(d, &hosts))
        ));
    }
    Some(s)
}
