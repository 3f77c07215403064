//! ## What it does
//! Finds load balancers that spread traffic over only one backend host. An instance
//! group of two or more (`count = 3`, `min = 2`) is that many backends.
//!
//! ## Why it matters
//! A load balancer with one backend balances nothing: the backend is still a single point
//! of failure and the load balancer only adds a hop.
//!
//! ## Example
//! ```infra
//! server lb1 { load_balancer haproxy { health_check = true } }
//! server web1 { web_server nginx {} }
//! lb1 -> web1 : http
//! ```
//!
//! ## Fix
//! Add a second backend server and send traffic to both (`lb1 -> [web1, web2] : http`).

use crate::lint::{Context, Finding, Rule, Severity};

/// The rule's stable name.
pub const NAME: &str = "single-backend";

pub struct SingleBackend;

impl Rule for SingleBackend {
    fn name(&self) -> &'static str {
        NAME
    }

    fn default_severity(&self) -> Severity {
        Severity::Warning
    }

    fn check(&self, cx: &Context) -> Vec<Finding> {
        cx.analysis
            .pools
            .iter()
            .filter_map(|pool| {
                let lb = pool.balancer;
                let [only] = pool.backends[..] else {
                    return None;
                };
                if cx.design.instances(only) >= 2 {
                    return None;
                }
                let message = format!("load balancer {} has one backend, {}", cx.name(lb), cx.name(only));
                Some(cx.finding(self, lb, message).help("add a second backend server and send traffic to both"))
            })
            .collect()
    }
}
