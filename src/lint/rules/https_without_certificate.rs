//! ## What it does
//! Finds components that receive `https` and decrypt it, but name no certificate. A
//! provider's service (a CDN, a managed load balancer or queue) that names none serves
//! the provider's own certificate, and is not reported.
//!
//! ## Why it matters
//! TLS cannot end without a certificate: either the design is missing one, or the browser
//! will get whatever default certificate the software ships with and refuse the site.
//!
//! ## Example
//! ```infra
//! server lb1 { load_balancer haproxy {} }
//! server web1 { web_server nginx {} }
//! internet -> lb1 : https
//! lb1 -> web1 : http
//! ```
//!
//! ## Fix
//! Declare the certificate and name it: `tls = www_cert`.

use crate::lint::{Context, Finding, Precision, Rule, Security, Severity};

/// The rule's stable name.
pub const NAME: &str = "https-without-certificate";

pub struct HttpsWithoutCertificate;

impl Rule for HttpsWithoutCertificate {
    fn name(&self) -> &'static str {
        NAME
    }

    fn default_severity(&self) -> Severity {
        Severity::Error
    }

    fn security(&self) -> Option<Security> {
        Some(Security {
            severity: 5.3,
            cwe: 319,
            precision: Precision::VeryHigh,
        })
    }

    fn check(&self, cx: &Context) -> Vec<Finding> {
        cx.analysis
            .tls
            .terminations
            .iter()
            .filter(|t| t.certificate.is_none() && !t.provider_certificate)
            .map(|t| {
                let message = format!("{} terminates TLS but names no certificate", cx.name(t.component));
                cx.finding(self, t.component, message)
                    .help("declare a `certificate` covering the site's names and set `tls = <certificate>`")
            })
            .collect()
    }
}
