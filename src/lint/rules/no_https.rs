//! ## What it does
//! Finds flows on which users reach the design over plain `http`, where the receiver does
//! not redirect them to `https`.
//!
//! ## Why it matters
//! Plain HTTP can be read and changed by anyone on the path — a café's Wi-Fi, an ISP, a
//! compromised router: passwords, session cookies and page content travel in the clear.
//!
//! ## Example
//! ```infra
//! server srv1 { web_server nginx {} }
//! internet -> srv1.nginx : http
//! ```
//!
//! ## Fix
//! Serve `https` with a certificate (`tls = www_cert` on the component that receives it),
//! and if plain `http` must stay open, redirect it: `redirect_to_https = true`.

use crate::analysis::traffic::expand;
use crate::lint::{Context, Finding, Precision, Rule, Security, Severity};
use crate::model::endpoint::Role;
use crate::model::protocol::Family;

/// The rule's stable name.
pub const NAME: &str = "no-https";

pub struct NoHttps;

impl Rule for NoHttps {
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
        let entry = &cx.analysis.entry;
        cx.design
            .flows()
            .filter(|(_, from, to, _)| *from == entry.start && entry.admits(*to))
            .filter_map(|(_, _, to, flow)| {
                let protocol = flow.protocol.as_ref()?;
                if protocol.family != Family::Web || protocol.encrypted {
                    return None;
                }
                let receivers = expand(cx.design, to, Role::Receiver, Some(protocol));
                let redirects = receivers
                    .iter()
                    .all(|&r| cx.design.node(r).attrs.bool("redirect_to_https") == Some(true));
                if redirects {
                    return None;
                }
                let message = format!("users reach {} over plain {}, unencrypted", cx.name(to), protocol.name);
                Some(
                    cx.finding(self, to, message)
                        .at(flow.span)
                        .help("serve https with a certificate (`tls = ...`), and redirect http with `redirect_to_https = true`"),
                )
            })
            .collect()
    }
}
