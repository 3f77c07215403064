//! ## What it does
//! Finds CNAME records whose value is an IP address.
//!
//! ## Why it matters
//! A CNAME is an alias: its value must be another name, which is then resolved. An IP in
//! a CNAME is treated as a (nonexistent) host name, so the record resolves to nothing.
//! Names map to IPs with A (IPv4) and AAAA (IPv6) records.
//!
//! ## Example
//! ```infra
//! domain foobar.com {
//!   record www { type = CNAME, value = 8.8.8.8 }
//! }
//! ```
//!
//! ## Fix
//! Use an A record for an IPv4 address (`type = A`), AAAA for IPv6, or point the CNAME at
//! a name (`value = foobar.com`).

use crate::lint::{Context, Finding, Rule, Severity};
use crate::model::value::AttrValue;
use crate::model::word::RecordType;

/// The rule's stable name.
pub const NAME: &str = "cname-to-ip";

pub struct CnameToIp;

impl Rule for CnameToIp {
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
            .filter(|r| r.kind == RecordType::Cname)
            .filter_map(|r| {
                let attr = cx.design.node(r.id).attrs.attr("value")?;
                let AttrValue::Ip(ip) = attr.value else { return None };
                let record_type = if ip.is_ipv4() { "A" } else { "AAAA" };
                let message = format!("CNAME record `{}` points at the IP address {ip}", r.fqdn);
                Some(
                    cx.finding(self, r.id, message)
                        .at(attr.span)
                        .help(format!("a CNAME must name another host; use `type = {record_type}` for an IP")),
                )
            })
            .collect()
    }
}
