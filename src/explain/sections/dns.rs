//! The domain name, its records, and why each record has its type.

use super::super::context::Context;
use super::super::document::{Section, and_list, code};
use super::super::facts::{names, record_answer};
use crate::model::Kind;

pub fn section(cx: &Context) -> Option<Section> {
    let d = cx.design;
    let domains = cx.of(Kind::Domain);
    if domains.is_empty() {
        return None;
    }
    let mut s = Section::new("dns", "Domain name and DNS");
    let zones: Vec<String> = domains.iter().map(|&z| code(&d.node(z).name)).collect();
    s.para(format!(
        "A domain name is the name people type instead of an IP address. {} is the \
         registered domain; each record in its zone tells the Domain Name System (DNS) \
         what a name under it stands for. A browser asks a DNS resolver, which asks the \
         domain's authoritative name servers and caches the answer for the record's time \
         to live (TTL).",
        and_list(&zones)
    ));
    let mut rows = Vec::new();
    for record in &cx.analysis.dns.records {
        let written = record_answer(d, record.id);
        let targets = names(d, &record.targets);
        rows.push(vec![
            code(&record.fqdn),
            record.kind.clone(),
            written.clone(),
            if targets.is_empty() {
                "—".into()
            } else {
                and_list(&targets)
            },
        ]);
        s.para(explain_record(
            &record.fqdn,
            &record.kind,
            &written,
            &targets,
        ));
    }
    s.table(
        vec![
            "name".into(),
            "type".into(),
            "value".into(),
            "reaches".into(),
        ],
        rows,
    );
    for f in cx.findings_of("cname-to-ip") {
        s.para(format!(
            "This is wrong here: {} A CNAME must name another host name; a resolver \
             looks the value up again as a name, so an address in a CNAME resolves to \
             nothing. Use an A record (or AAAA for IPv6) to point a name at an address.",
            f.message.trim_end_matches('.').to_string() + "."
        ));
    }
    Some(s)
}

fn explain_record(fqdn: &str, kind: &str, written: &str, targets: &[String]) -> String {
    let name = code(fqdn);
    let reaches = if targets.is_empty() || written.contains("the address of") {
        String::new()
    } else {
        format!(" — that is, {}", and_list(targets))
    };
    match kind {
        "A" => format!(
            "{name} is an **A record**: it maps the name straight to the IPv4 address \
             {written}{reaches}. An A record is the right type for a name users type when \
             the design owns the address it serves from; every browser looking up {name} \
             gets that address back and connects to it."
        ),
        "AAAA" => format!(
            "{name} is an **AAAA record**: the IPv6 counterpart of an A record, mapping \
             the name to {written}{reaches}."
        ),
        "CNAME" => format!(
            "{name} is a **CNAME record**: an alias saying \"{name} is another name for \
             {written}\"; the resolver then looks that name up in turn{reaches}. Aliases \
             suit names served by someone else's host name (a CDN, a SaaS); a CNAME cannot \
             sit at the zone apex, and must never hold an IP address."
        ),
        "MX" => format!(
            "{name} is an **MX record**: it names {written} as the mail server that \
             accepts email for the domain."
        ),
        "TXT" => format!(
            "{name} is a **TXT record**: free text for other systems to read — domain \
             ownership proofs, SPF and DKIM email policies."
        ),
        other => format!(
            "{name} is a {} record with the value {written}.",
            code(other)
        ),
    }
}
