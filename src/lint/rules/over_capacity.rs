//! ## What it does
//! Finds tiers that cannot take their share of the design's `expected_qps`, given each
//! component's `capacity_qps` and how the load balancer in front spreads requests.
//!
//! ## Why it matters
//! A tier past its capacity queues requests, times out and fails health checks — which
//! moves its load onto the remaining instances and takes them down in turn. Round robin
//! splits requests evenly, so one weaker server overloads even when the tier's total would
//! be enough.
//!
//! ## Example
//! ```infra
//! expected_qps = 3000
//! server lb { load_balancer h { algorithm = round_robin, health_check = true } }
//! server w1 { web_server nginx { capacity_qps = 2000 } }
//! server w2 { web_server nginx { capacity_qps = 1000 } }
//! internet -> lb : http
//! lb -> [w1, w2] : http
//! ```
//! Round robin gives each web server 1500 requests per second: `w2.nginx` takes 1000.
//!
//! ## Fix
//! Add instances to the tier, give the weak one more resources (`capacity_qps`), or
//! spread by load (`algorithm = least_conn`) so stronger servers take more.

use crate::analysis::capacity::Split;
use crate::lint::{Context, Finding, Rule, Severity};

/// The rule's stable name.
pub const NAME: &str = "over-capacity";

pub struct OverCapacity;

impl Rule for OverCapacity {
    fn name(&self) -> &'static str {
        NAME
    }

    fn default_severity(&self) -> Severity {
        Severity::Warning
    }

    fn check(&self, cx: &Context) -> Vec<Finding> {
        let Some(picture) = &cx.analysis.capacity else {
            return Vec::new();
        };
        let expected = picture.expected_qps;
        let mut findings = Vec::new();
        for tier in &picture.tiers {
            let n = tier.instances.len();
            match tier.split {
                Split::Even => {
                    for &id in &tier.overloaded {
                        let takes = tier
                            .instances
                            .iter()
                            .find(|(i, _)| *i == id)
                            .and_then(|(_, c)| *c)
                            .unwrap_or(0.0);
                        let message = format!(
                            "{} gets {:.0} of the expected {expected:.0} requests per second (an even split over {n} {}) but takes {takes:.0}",
                            cx.name(id),
                            tier.share,
                            plural(n, tier.tier.role()),
                        );
                        findings.push(cx.finding(self, id, message).help(format!(
                            "add another {} or give this one more capacity (`capacity_qps`); a load-aware algorithm (`least_conn`) would favour the stronger servers",
                            tier.tier.role()
                        )));
                    }
                }
                Split::ByCapacity => {
                    if let (Some(&first), Some(total)) = (tier.overloaded.first(), tier.capacity) {
                        let message = format!(
                            "the {} takes {total:.0} requests per second in all, less than the expected {expected:.0}",
                            tier.tier.name()
                        );
                        findings.push(
                            cx.finding(self, first, message)
                                .help(format!("add another {} to the tier", tier.tier.role())),
                        );
                    }
                }
            }
        }
        findings
    }
}

fn plural(n: usize, noun: &str) -> String {
    if n == 1 { noun.to_string() } else { format!("{noun}s") }
}
