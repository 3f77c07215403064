//! ## What it does
//! Finds certificates that expire within 30 days of today.
//!
//! ## Why it matters
//! Renewal that fails silently turns into an outage on the expiry date; a month is the
//! usual margin to notice and fix it.
//!
//! ## Example
//! ```infra
//! certificate c { domains = ["www.foobar.com"], expires = 2026-12-01 }
//! ```
//! (with `--today 2026-11-23`)
//!
//! ## Fix
//! Renew now, and alert on certificate expiry.

use super::certificate_expired::expiries;
use crate::lint::{Context, Finding, Precision, Rule, Security, Severity};

/// Days before expiry that count as "expiring".
pub const WINDOW_DAYS: i64 = 30;

/// The rule's stable name.
pub const NAME: &str = "certificate-expiring";

pub struct CertificateExpiring;

impl Rule for CertificateExpiring {
    fn name(&self) -> &'static str {
        NAME
    }

    fn default_severity(&self) -> Severity {
        Severity::Warning
    }

    fn security(&self) -> Option<Security> {
        Some(Security {
            severity: 3.7,
            cwe: 298,
            precision: Precision::VeryHigh,
        })
    }

    fn check(&self, cx: &Context) -> Vec<Finding> {
        expiries(cx)
            .filter(|(_, _, days)| (0..=WINDOW_DAYS).contains(days))
            .map(|(cert, span, days)| {
                let when = match days {
                    0 => "today".to_string(),
                    1 => "tomorrow".to_string(),
                    n => format!("in {n} days"),
                };
                let message = format!("certificate {} expires {when}", cx.name(cert));
                cx.finding(self, cert, message).at(span).help("renew it now, and alert on certificate expiry")
            })
            .collect()
    }
}
