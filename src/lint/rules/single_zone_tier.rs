//! ## What it does
//! Finds zones — and, in designs that span regions, regions — whose loss alone breaks
//! what users do, typically because a whole tier runs there: two app servers are not
//! redundant if both are in zone `a`. Checked when the design places things in two or
//! more zones; a journey already broken by a single server, component or managed service
//! in the zone is reported as that item's `single-point-of-failure` instead.
//!
//! ## Why it matters
//! An availability zone is a failure domain above the server: a data centre's power,
//! cooling or network can take every instance in it down at once, and providers have
//! lost whole zones for hours. Instances in one zone protect against a crashed process,
//! not against that.
//!
//! ## Example
//! ```infra
//! zone a {}
//! zone b {}
//! load_balancer alb { managed = true, zones = [a, b] }
//! server app1 { zone = a, app_server api {} }
//! server app2 { zone = a, app_server api {} }
//! database db { managed = true, engine = postgres, zones = [a, b] }
//! internet -> alb : https
//! alb -> [app1, app2] : http
//! [app1.api, app2.api] -> db : postgres
//! ```
//! Both application servers are in zone `a`.
//!
//! ## Fix
//! Spread the tier over the zones: put `app2` in zone `b`, or make it an instance group
//! across both (`server app { min = 2, max = 6, zones = [a, b] }`).

use super::single_point_of_failure::join_and;
use crate::lint::{Context, Finding, Rule, Severity};
use crate::model::Kind;

/// The rule's stable name.
pub const NAME: &str = "single-zone-tier";

pub struct SingleZoneTier;

impl Rule for SingleZoneTier {
    fn name(&self) -> &'static str {
        NAME
    }

    fn default_severity(&self) -> Severity {
        Severity::Error
    }

    fn check(&self, cx: &Context) -> Vec<Finding> {
        let design = cx.design;
        let domains = &cx.analysis.domains;
        let zones = domains.zones_in_use().len();
        let regions = domains.regions_in_use().len();
        let mut findings = Vec::new();
        for outage in &cx.analysis.outages {
            let kind = design.node(outage.domain).kind;
            let wide_enough = match kind {
                Kind::Zone => zones >= 2,
                _ => regions >= 2,
            };
            if !wide_enough {
                continue;
            }
            // Journeys one item in the zone breaks already have their finding.
            let unexplained: Vec<_> = outage
                .breaks
                .iter()
                .copied()
                .filter(|j| {
                    !cx.analysis
                        .spofs
                        .iter()
                        .any(|s| s.journeys.contains(j) && outage.down.contains(&s.node))
                })
                .collect();
            if unexplained.is_empty() {
                continue;
            }
            let losses: Vec<&str> = unexplained.iter().map(|j| j.loss()).collect();
            let noun = if kind == Kind::Zone { "zone" } else { "region" };
            let confined: Vec<String> = outage
                .confined
                .iter()
                .filter(|(_, instances)| {
                    instances.len() >= 2 || instances.iter().any(|&i| design.instances(i) >= 2 || design.is_managed(i))
                })
                .map(|(tier, instances)| {
                    let names: Vec<String> = instances.iter().map(|&i| cx.name(i)).collect();
                    format!("every {} ({})", tier.role(), join_and(&names.iter().map(String::as_str).collect::<Vec<_>>()))
                })
                .collect();
            let message = if confined.is_empty() {
                format!(
                    "losing {noun} {} stops {}: every path from the users crosses it",
                    cx.name(outage.domain),
                    join_and(&losses)
                )
            } else {
                format!(
                    "{} {} in {noun} {}: if it fails, {} fail",
                    join_and(&confined.iter().map(String::as_str).collect::<Vec<_>>()),
                    if confined.len() == 1 { "is" } else { "are" },
                    cx.name(outage.domain),
                    join_and(&losses)
                )
            };
            findings.push(cx.finding(self, outage.domain, message).help(format!(
                "spread the tier over two {noun}s: move an instance to another {noun}, or make it an instance group over them (`zones = [...]`)"
            )));
        }
        findings
    }
}
