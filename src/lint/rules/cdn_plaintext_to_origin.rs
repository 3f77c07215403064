//! ## What it does
//! Finds CDNs and edge proxies that take users' `https` and fetch from the origin in
//! plain text.
//!
//! ## Why it matters
//! The padlock in the browser only covers the trip to the edge. From the edge to your
//! server the requests — cookies, passwords, payment data — cross the internet in the
//! clear, where anyone on the path can read or change them. It is the classic
//! "Flexible SSL" set-up, and users cannot tell.
//!
//! ## Example
//! ```infra
//! cdn cloudflare { provider = cloudflare }
//! server vps { public_ip = 203.0.113.7, web_server nginx {} }
//! internet -> cloudflare : https
//! cloudflare -> vps : http
//! ```
//!
//! ## Fix
//! Encrypt to the origin: give the origin a certificate (an origin certificate will do)
//! and fetch over `https` ("Full (strict)"), or reach it through a tunnel the origin
//! opens (`tunnel cloudflared {}` on the server, `vps.cloudflared -> cloudflare : https`).

use crate::lint::{Context, Finding, Precision, Rule, Security, Severity};
use crate::model::{Edge, Kind};

/// The rule's stable name.
pub const NAME: &str = "cdn-plaintext-to-origin";

pub struct CdnPlaintextToOrigin;

impl Rule for CdnPlaintextToOrigin {
    fn name(&self) -> &'static str {
        NAME
    }

    fn default_severity(&self) -> Severity {
        Severity::Error
    }

    fn security(&self) -> Option<Security> {
        Some(Security {
            severity: 7.5,
            cwe: 319,
            precision: Precision::VeryHigh,
        })
    }

    fn check(&self, cx: &Context) -> Vec<Finding> {
        cx.analysis
            .tls
            .terminations
            .iter()
            .filter(|t| cx.design.node(t.component).kind == Kind::Cdn && !t.plaintext_out.is_empty())
            .map(|t| {
                let mut origins: Vec<String> = t.plaintext_out.iter().map(|(to, _)| cx.name(*to)).collect();
                origins.dedup();
                let message = format!(
                    "{} takes https from users but fetches from {} in plain text",
                    cx.name(t.component),
                    origins.join(", ")
                );
                let mut finding = cx
                    .finding(self, t.component, message)
                    .help("fetch the origin over https with a certificate on it, or through a tunnel the origin opens");
                for (_, flow) in t.plaintext_out.iter() {
                    if let Edge::Flow(f) = &cx.design.graph[*flow] {
                        finding = finding.related(f.span, "plain text to the origin");
                    }
                }
                finding
            })
            .collect()
    }
}
