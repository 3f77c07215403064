//! Firewalls: what one is, and what each of this design's firewalls lets through.

use super::super::context::Context;
use super::super::document::{Section, and_list, code};
use super::super::facts::{name, value};
use crate::model::Kind;

pub fn section(cx: &Context) -> Option<Section> {
    let d = cx.design;
    let firewalls = cx.of(Kind::Firewall);
    if firewalls.is_empty() {
        return None;
    }
    let mut s = Section::new("firewalls", "Firewalls");
    s.para(
        "A firewall filters network traffic by rules — which protocol, from where, to which \
         port — and drops everything else. Placed in front of a server it keeps the server's \
         other ports (SSH, the database, admin pages) out of reach of the internet and of \
         machines that have no business talking to it."
            .to_string(),
    );
    for fw in firewalls {
        let node = d.node(fw);
        let protects: Vec<String> = cx
            .of(Kind::Server)
            .into_iter()
            .filter(|&h| cx.analysis.protection.of(h).contains(&fw))
            .map(|h| name(d, h))
            .collect();
        let rules: Vec<String> = d
            .children(fw)
            .into_iter()
            .filter(|&r| matches!(d.node(r).kind, Kind::Allow | Kind::Deny))
            .map(|r| {
                let a = &d.node(r).attrs;
                let verb = if d.node(r).kind == Kind::Allow {
                    "allow"
                } else {
                    "deny"
                };
                let proto = a
                    .get("proto")
                    .map_or("any protocol".to_string(), |v| value(d, v));
                let from = a
                    .get("from")
                    .map_or("anywhere".to_string(), |v| value(d, v));
                let port = a
                    .get("port")
                    .map_or(String::new(), |v| format!(" on port {}", value(d, v)));
                format!("{verb} {proto} from {from}{port}")
            })
            .collect();
        let default = node.attrs.text("default").unwrap_or("deny");
        let on = if protects.is_empty() {
            "nothing".to_string()
        } else {
            and_list(&protects)
        };
        let mut text = format!("{} protects {on}.", name(d, fw));
        if rules.is_empty() {
            text.push_str(&format!(
                " It has no rules, so its default, {}, applies to everything.",
                code(default)
            ));
        } else {
            text.push_str(&format!(
                " Its rules, first match wins: {}; anything else: {}.",
                rules.join("; "),
                code(default)
            ));
        }
        s.para(text);
    }
    let blocked: Vec<String> = cx
        .analysis
        .firewall
        .iter()
        .filter(|c| matches!(c.verdict, crate::analysis::firewall::Verdict::Denied { .. }))
        .map(|c| {
            format!(
                "{} → {} (stopped by {})",
                name(d, c.sender),
                name(d, c.receiver),
                name(d, c.firewall)
            )
        })
        .collect();
    if !blocked.is_empty() {
        s.para(format!(
            "Some flows the design needs do not get through: {}. See [Issues](#issues).",
            and_list(&blocked)
        ));
    }
    Some(s)
}
