//! ## What it does
//! Checks that the certificate a TLS endpoint uses covers every DNS name that leads users
//! to it. A wildcard `*.foobar.com` covers `www.foobar.com` but not `foobar.com`.
//!
//! ## Why it matters
//! Browsers compare the name typed with the names in the certificate. A mismatch is a
//! full-page security error: users leave, or learn to click through warnings.
//!
//! ## Example
//! ```infra
//! domain foobar.com {
//!   record www { type = A, value = lb1 }
//! }
//! certificate c { domains = ["foobar.com"] }
//! server lb1 { load_balancer haproxy { tls = c } }
//! internet -> lb1 : https
//! ```
//!
//! ## Fix
//! Add the missing names to the certificate (`domains = ["foobar.com", "www.foobar.com"]`)
//! or use a wildcard for subdomains.

use crate::analysis::tls::{certificate_names, covers};
use crate::lint::{Context, Finding, Precision, Rule, Security, Severity};

/// The rule's stable name.
pub const NAME: &str = "certificate-mismatch";

pub struct CertificateMismatch;

impl Rule for CertificateMismatch {
    fn name(&self) -> &'static str {
        NAME
    }

    fn default_severity(&self) -> Severity {
        Severity::Error
    }

    fn security(&self) -> Option<Security> {
        Some(Security {
            severity: 6.5,
            cwe: 297,
            precision: Precision::VeryHigh,
        })
    }

    fn check(&self, cx: &Context) -> Vec<Finding> {
        let mut findings = Vec::new();
        for t in &cx.analysis.tls.terminations {
            let Some(cert) = t.certificate else { continue };
            let patterns = certificate_names(cx.design, cert);
            let uncovered: Vec<&str> = t
                .names
                .iter()
                .map(String::as_str)
                .filter(|name| !patterns.iter().any(|p| covers(p, name)))
                .collect();
            if uncovered.is_empty() {
                continue;
            }
            let list: Vec<String> = uncovered.iter().map(|n| format!("`{n}`")).collect();
            let message = format!(
                "certificate {} used by {} does not cover {}",
                cx.name(cert),
                cx.name(t.component),
                list.join(", ")
            );
            let tls_span = cx.design.node(t.component).attrs.attr("tls").map(|a| a.span);
            let mut finding = cx
                .finding(self, t.component, message)
                .help(format!("add {} to the certificate's `domains`", list.join(", ")))
                .related(cx.design.node(cert).span, "the certificate");
            if let Some(span) = tls_span {
                finding = finding.at(span);
            }
            findings.push(finding);
        }
        findings
    }
}
