//! Availability: how often each journey is expected to work, and the model behind it.

use super::super::context::Writeup;
use super::super::document::{Section, Spans, and_list, code, spans};
use super::super::facts::name;
use crate::analysis::availability::{self, MAX_UNITS};
use crate::model::Kind;

pub fn section(cx: &Writeup) -> Option<Section> {
    let estimates = cx.analysis.availability(cx.design);
    if estimates.is_empty() {
        return None;
    }
    let mut s = Section::new("availability", "Availability");
    let rows = estimates
        .iter()
        .map(|e| {
            vec![
                Spans::from(e.journey.loss().trim_start_matches("all ")),
                format!("{:.3} %", e.availability * 100.0).into(),
                if e.nines.is_finite() {
                    format!("{:.1}", e.nines).into()
                } else {
                    "∞".into()
                },
                format!("{:.0} min", e.downtime_minutes_per_month).into(),
            ]
        })
        .collect();
    s.para(
        "How often users can expect each journey to work, from how often each part is up. \
         A chain of parts multiplies (every one must be up); parallel instances add up (one \
         is enough); components on one server fail together with it.",
    );
    s.table(
        vec!["journey", "availability", "nines", "downtime per month"],
        rows,
    );
    let defaults: Vec<Spans> = [
        (Kind::Server, "a server"),
        (Kind::LoadBalancer, "a load balancer"),
        (Kind::WebServer, "a web server"),
        (Kind::AppServer, "an application server"),
        (Kind::Database, "a database"),
        (Kind::Service, "an external service"),
        (Kind::Cluster, "an active-passive failover"),
    ]
    .into_iter()
    .map(|(k, noun)| format!("{noun} {} %", availability::default_percent(k)).into())
    .collect();
    s.para(spans![
        "Assumptions: parts fail independently; unless an item sets ",
        code("availability = …"),
        ", ",
        and_list(defaults),
        format!(
            ". The figure is exact for designs with up to {MAX_UNITS} parts on the paths \
             (two-terminal reliability by factoring); larger ones are estimated tier by \
             tier. Planned maintenance, bad deploys and shared networks are not in the \
             model: treat the figure as an upper bound."
        )
    ]);
    if let Some(text) = placed_assumptions(cx) {
        s.para(text);
    }
    if estimates.iter().any(|e| !e.exact) {
        s.para("This design is large: the figures above are estimated by tiers.");
    }
    Some(s)
}

/// The zone, region and provider-SLA figures the estimate used, when the design has
/// them: "a zone 99.95 % …; `rds` 99.95 % (the Amazon RDS SLA, Multi-AZ)".
fn placed_assumptions(cx: &Writeup) -> Option<Spans> {
    let d = cx.design;
    let all = availability::assumptions(d, cx.analysis);
    if all.is_empty() {
        return None;
    }
    let mut text = Spans::new();
    let domains: Vec<Spans> = all
        .iter()
        .filter(|a| a.item.is_none())
        .map(|a| {
            let noun = if a.kind == Kind::Zone {
                "a zone"
            } else {
                "a region"
            };
            format!("{noun} {} %", a.percent).into()
        })
        .collect();
    if !domains.is_empty() {
        text.push(spans![
            "Failure domains: unless a zone or region sets ",
            code("availability = …"),
            ", ",
            and_list(domains),
            ", each outage taking down everything placed in it at once and counted once \
             however many items sit there."
        ]);
    }
    let managed: Vec<Spans> = all
        .iter()
        .filter_map(|a| {
            let id = a.item?;
            Some(spans![
                name(d, id),
                format!(" {} % (", a.percent),
                a.source.unwrap_or(""),
                ")"
            ])
        })
        .collect();
    if !managed.is_empty() {
        if !text.is_empty() {
            text.push(" ");
        }
        text.push(spans![
            "Provider services, from their providers' published SLAs (which already count \
             their own zones' outages): ",
            and_list(managed),
            "."
        ]);
    }
    Some(text)
}
