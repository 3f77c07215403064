//! ## What it does
//! Finds certificates whose `expires` date is before today (`--today`, or `today` in
//! `infrac.toml`, make the check reproducible).
//!
//! ## Why it matters
//! An expired certificate is an outage: every browser refuses the site.
//!
//! ## Example
//! ```infra
//! certificate c { domains = ["www.foobar.com"], expires = 2020-01-01 }
//! ```
//!
//! ## Fix
//! Renew it, and automate renewal (ACME, e.g. Let's Encrypt with certbot).

use crate::lint::{Context, Finding, Precision, Rule, Security, Severity};
use crate::model::Kind;
use crate::model::value::AttrValue;

/// The rule's stable name.
pub const NAME: &str = "certificate-expired";

pub struct CertificateExpired;

impl Rule for CertificateExpired {
    fn name(&self) -> &'static str {
        NAME
    }

    fn default_severity(&self) -> Severity {
        Severity::Error
    }

    fn security(&self) -> Option<Security> {
        Some(Security {
            severity: 7.5,
            cwe: 298,
            precision: Precision::VeryHigh,
        })
    }

    fn check(&self, cx: &Context) -> Vec<Finding> {
        expiries(cx)
            .filter(|(_, _, days)| *days < 0)
            .map(|(cert, span, days)| {
                let message = format!("certificate {} expired {} days ago", cx.name(cert), -days);
                cx.finding(self, cert, message).at(span).help("renew it and automate renewal (ACME)")
            })
            .collect()
    }
}

/// Every certificate with an expiry date: (certificate, span of `expires`, days left).
pub fn expiries<'a>(cx: &'a Context) -> impl Iterator<Item = (crate::model::NodeId, crate::span::Span, i64)> + 'a {
    cx.design.nodes_of(Kind::Certificate).filter_map(|(id, node)| {
        let attr = node.attrs.attr("expires")?;
        let AttrValue::Date(date) = attr.value else {
            return None;
        };
        Some((id, attr.span, (date - cx.today).whole_days()))
    })
}
