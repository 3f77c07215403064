//! HTTPS: why it matters, where TLS ends in this design, and its certificates.

use super::super::context::Context;
use super::super::document::{Section, and_list, code, text};
use super::super::facts::{described, name};
use crate::model::Kind;

pub fn section(cx: &Context) -> Option<Section> {
    let d = cx.design;
    let certificates = cx.of(Kind::Certificate);
    let encrypted = d
        .flows()
        .any(|(_, _, _, f)| f.protocol.as_ref().is_some_and(|p| p.encrypted));
    if certificates.is_empty() && !encrypted {
        return None;
    }
    let mut s = Section::new("https", "HTTPS and TLS");
    s.para(
        "HTTPS is HTTP inside TLS. It gives three things plain HTTP does not: \
         **confidentiality** (nobody on the network path — a café Wi-Fi, an ISP — can read \
         passwords, cookies or pages), **integrity** (nobody can change a page or inject \
         code on the way), and **authentication** (the certificate proves the browser \
         talks to the real site, not an impostor). Browsers mark plain HTTP as \"Not \
         secure\" and search engines rank it lower."
            .to_string(),
    );
    for t in &cx.analysis.tls.terminations {
        let cert = t.certificate.map_or_else(
            || "without a certificate declared".to_string(),
            |c| format!("with the certificate {}", name(d, c)),
        );
        let mut para = format!(
            "TLS is terminated at {} {cert}: that is where traffic is decrypted.",
            described(d, t.component)
        );
        if !t.plaintext_out.is_empty() {
            let receivers: Vec<String> = t.plaintext_out.iter().map(|(r, _)| name(d, *r)).collect();
            para.push_str(&format!(
                " Behind it, requests go on to {} **unencrypted**, across the network \
                 between servers; see [Issues](#issues).",
                and_list(&receivers)
            ));
        } else {
            para.push_str(" Traffic behind it stays encrypted or stays on the same machine.");
        }
        s.para(para);
    }
    for c in certificates {
        let a = &d.node(c).attrs;
        let domains: Vec<String> = a
            .get("domains")
            .map(|v| {
                v.items()
                    .iter()
                    .filter_map(|i| i.as_text())
                    .map(code)
                    .collect()
            })
            .unwrap_or_default();
        let issuer = a
            .text("issuer")
            .map_or(String::new(), |i| format!(", issued by {}", text(i)));
        let expiry = a.get("expires").and_then(|v| match v {
            crate::model::value::AttrValue::Date(date) => Some(*date),
            _ => None,
        });
        let expires = expiry.map_or(String::new(), |date| {
            let days = (date - cx.today).whole_days();
            if days < 0 {
                format!(", **expired** on {date}")
            } else {
                format!(", valid until {date} ({days} days from {})", cx.today)
            }
        });
        s.para(format!(
            "The certificate {} covers {}{issuer}{expires}.",
            name(d, c),
            if domains.is_empty() {
                "no names".to_string()
            } else {
                and_list(&domains)
            }
        ));
    }
    Some(s)
}
