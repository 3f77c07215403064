//! Availability: how often each journey is expected to work, and the model behind it.

use super::super::context::Context;
use super::super::document::{Section, and_list};
use crate::analysis::availability::{self, MAX_UNITS};
use crate::model::Kind;

pub fn section(cx: &Context) -> Option<Section> {
    let estimates = cx.analysis.availability(cx.design);
    if estimates.is_empty() {
        return None;
    }
    let mut s = Section::new("availability", "Availability");
    let rows = estimates
        .iter()
        .map(|e| {
            vec![
                e.journey.loss().trim_start_matches("all ").to_string(),
                format!("{:.3} %", e.availability * 100.0),
                if e.nines.is_finite() {
                    format!("{:.1}", e.nines)
                } else {
                    "∞".into()
                },
                format!("{:.0} min", e.downtime_minutes_per_month),
            ]
        })
        .collect();
    s.para(
        "How often users can expect each journey to work, from how often each part is up. \
         A chain of parts multiplies (every one must be up); parallel instances add up (one \
         is enough); components on one server fail together with it."
            .to_string(),
    );
    s.table(
        vec![
            "journey".into(),
            "availability".into(),
            "nines".into(),
            "downtime per month".into(),
        ],
        rows,
    );
    let defaults: Vec<String> = [
        (Kind::Server, "a server"),
        (Kind::LoadBalancer, "a load balancer"),
        (Kind::WebServer, "a web server"),
        (Kind::AppServer, "an application server"),
        (Kind::Database, "a database"),
        (Kind::Service, "an external service"),
        (Kind::Cluster, "an active-passive failover"),
    ]
    .into_iter()
    .map(|(k, noun)| format!("{noun} {} %", availability::default_percent(k)))
    .collect();
    s.para(format!(
        "Assumptions: parts fail independently; unless an item sets `availability = …`, \
         {}. The figure is exact for designs with up to {MAX_UNITS} parts on the paths \
         (two-terminal reliability by factoring); larger ones are estimated tier by tier. \
         Planned maintenance, bad deploys and shared networks are not in the model: treat \
         the figure as an upper bound.",
        and_list(&defaults)
    ));
    if estimates.iter().any(|e| !e.exact) {
        s.para("This design is large: the figures above are estimated by tiers.".to_string());
    }
    Some(s)
}
