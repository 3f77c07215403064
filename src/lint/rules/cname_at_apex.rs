//! ## What it does
//! Finds CNAME records on a zone's apex (`foobar.com` itself, written `record @`).
//!
//! ## Why it matters
//! The apex must hold the zone's SOA and NS records, and a CNAME may not share its name
//! with any other record (RFC 1034). Resolvers behave unpredictably: mail and the whole
//! domain can break.
//!
//! ## Example
//! ```infra
//! domain foobar.com {
//!   record @ { type = CNAME, value = foobar.example.net }
//! }
//! ```
//!
//! ## Fix
//! Use A/AAAA records on the apex (or your DNS provider's ALIAS/ANAME), and keep the
//! CNAME on `www`.

use crate::lint::{Context, Finding, Rule, Severity};
use crate::model::word::RecordType;

/// The rule's stable name.
pub const NAME: &str = "cname-at-apex";

pub struct CnameAtApex;

impl Rule for CnameAtApex {
    fn name(&self) -> &'static str {
        NAME
    }

    fn default_severity(&self) -> Severity {
        Severity::Error
    }

    fn check(&self, cx: &Context) -> Vec<Finding> {
        cx.analysis
            .dns
            .records
            .iter()
            .filter(|r| r.kind == RecordType::Cname && cx.design.node(r.id).name == "@")
            .map(|r| {
                let message = format!("CNAME record on the zone apex `{}`", r.fqdn);
                cx.finding(self, r.id, message)
                    .help("use A/AAAA records (or an ALIAS record) on the apex; keep the CNAME on `www`")
            })
            .collect()
    }
}
