//! Issues: every finding in prose, grouped by rule — what is wrong here, why it matters,
//! and how to fix it. The "why" and the generic fix come from the rule's own
//! documentation, so the explanation and `infrac rules` never disagree.

use super::super::context::Context;
use super::super::document::{Section, and_list};
use crate::lint::Finding;
use crate::lint::rules;
use crate::model::Kind;

pub fn section(cx: &Context) -> Section {
    let mut s = Section::new("issues", "Issues");
    if cx.findings.is_empty() {
        s.para(
            "infrac found no issues: every journey has a second path, traffic is encrypted \
                end to end, hosts are firewalled and monitored."
                .to_string(),
        );
        return s;
    }
    // Rules in order of their worst finding, then of first appearance.
    let mut order: Vec<(&'static str, crate::lint::Severity)> = Vec::new();
    for f in cx.findings {
        match order.iter_mut().find(|(r, _)| *r == f.rule) {
            Some(entry) => entry.1 = entry.1.max(f.severity),
            None => order.push((f.rule, f.severity)),
        }
    }
    order.sort_by_key(|&(_, severity)| std::cmp::Reverse(severity));
    let order: Vec<&'static str> = order.into_iter().map(|(r, _)| r).collect();
    s.para(format!(
        "infrac's linter reports {} here. Each is explained below with its consequence and \
         its fix.",
        super::super::document::count(cx.findings.len(), "finding", "findings")
    ));
    for rule in order {
        let findings: Vec<&Finding> = cx.findings_of(rule).collect();
        let mut sub = Section::new("issue", title(rule));
        for f in &findings {
            sub.para(format!(
                "**{}** — {}",
                f.severity.name(),
                sentence(&f.message)
            ));
        }
        if let Some(why) = rules::doc_section(rule, "Why it matters") {
            sub.para(format!("*Why it matters.* {}", why.replace('\n', " ")));
        }
        if let Some(extra) = consequence(cx, rule, &findings) {
            sub.para(extra);
        }
        let helps: Vec<String> = findings
            .iter()
            .map(|f| sentence(&f.help))
            .filter(|h| h.len() > 1)
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        if !helps.is_empty() {
            sub.para(format!("*Fix.* {}", helps.join(" ")));
        } else if let Some(fix) = rules::doc_section(rule, "Fix") {
            sub.para(format!("*Fix.* {}", fix.replace('\n', " ")));
        }
        s.subsections.push(sub);
    }
    s
}

/// `single-point-of-failure` → "Single point of failure".
fn title(rule: &str) -> String {
    let words = rule.replace('-', " ");
    let mut chars = words.chars();
    let mut out: String = chars
        .next()
        .map(|c| c.to_uppercase().collect())
        .unwrap_or_default();
    out.extend(chars);
    let out = out
        .replace("https", "HTTPS")
        .replace("tls", "TLS")
        .replace("qps", "QPS")
        .replace("cname", "CNAME");
    if rule == "single-point-of-failure" {
        format!("{out} (SPOF)")
    } else {
        out
    }
}

/// A message as a sentence: capitalised, with a full stop.
fn sentence(text: &str) -> String {
    let t = text.trim();
    let mut chars = t.chars();
    let mut out: String = chars
        .next()
        .map(|c| c.to_uppercase().collect())
        .unwrap_or_default();
    out.push_str(chars.as_str());
    if out.is_empty() || out.ends_with('.') {
        out
    } else {
        format!("{out}.")
    }
}

/// What a finding means for this design beyond the rule's general reason.
fn consequence(cx: &Context, rule: &str, findings: &[&Finding]) -> Option<String> {
    let named: Vec<String> = findings
        .iter()
        .map(|f| format!("`{}`", f.component))
        .collect();
    match rule {
        "single-point-of-failure" => Some(format!(
            "*Maintenance.* The same holds for planned work: deploying new code, upgrading \
             or rebooting {} takes the site (or its writes) down for as long as it lasts, \
             because nothing else can take over meanwhile.",
            and_list(&named)
        )),
        "cannot-scale-horizontally" => Some(
            "*Heavy traffic.* One machine has a fixed amount of CPU, memory and connections; \
             past that, requests queue, pages slow down and the server starts failing. \
             Without a load balancer and more instances, the only way up is a bigger \
             machine — with a restart, and a ceiling."
                .to_string(),
        ),
        "plaintext-behind-tls-termination" => Some(
            "*SSL termination at the load balancer.* Decrypting at the load balancer is \
             convenient (one certificate, the balancer can read requests), but everything \
             behind it travels in clear text inside the network: anyone with access to that \
             network — a compromised host, a misconfigured switch, a cloud neighbour — can \
             read passwords and session cookies."
                .to_string(),
        ),
        "colocated-tiers" => Some(
            "*Every server alike.* With the web server, the application and the database on \
             each machine, they compete for the same CPU, memory and disk; a slow query \
             slows page serving, and no tier can be scaled on its own."
                .to_string(),
        ),
        "no-firewall" if !cx.has(Kind::Firewall) => Some(
            "*No firewall at all.* Every port a program opens on these servers — the \
             database, SSH, admin consoles — is reachable by anyone who can reach the \
             server."
                .to_string(),
        ),
        "no-monitoring" => Some(format!(
            "*No monitoring.* Nobody is told when {} fails, fills its disk or slows down; \
             users notice first.",
            and_list(&named)
        )),
        _ => None,
    }
}
