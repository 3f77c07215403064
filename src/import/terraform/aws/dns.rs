//! Route 53 zones and records as domains, ACM certificates as certificates.

use super::Mapping;
use crate::model::builder::{ItemId, Value};
use std::net::IpAddr;

impl Mapping<'_> {
    pub(super) fn acm(&mut self) {
        let list: Vec<usize> = self
            .resources
            .iter()
            .enumerate()
            .filter(|(_, r)| r.kind == "aws_acm_certificate")
            .map(|(i, _)| i)
            .collect();
        for i in list {
            self.used[i] = true;
            let r = &self.resources[i];
            let mut domains: Vec<String> = Vec::new();
            for key in ["domain_name", "domain"] {
                domains.extend(r.get(key).str().map(str::to_string));
            }
            domains.extend(
                r.get("subject_alternative_names")
                    .items()
                    .iter()
                    .filter_map(|d| d.str().map(str::to_string)),
            );
            let at = self.origin(i, "");
            let wish = self.wish(i);
            let name = self.names.unique("", &wish, "certificate");
            let id = self.b.item(None, "certificate", &name, &at);
            if !domains.is_empty() {
                self.b.attribute(
                    Some(id),
                    "domains",
                    Value::List(domains.into_iter().map(Value::Text).collect()),
                    &at,
                );
            }
            self.b.attribute(
                Some(id),
                "issuer",
                Value::text("AWS Certificate Manager"),
                &at,
            );
            self.certificates.insert(i, name);
        }
    }

    pub(super) fn zones(&mut self) {
        let list: Vec<usize> = self.of_kind(&["aws_route53_zone"]).collect();
        for i in list {
            self.used[i] = true;
            if let Some(zone) = self.resources[i]
                .get("name")
                .str()
                .map(|z| z.trim_end_matches('.').to_string())
            {
                self.zone(&zone, i);
            }
        }
    }

    /// The domain for a zone name, made once; a name `.infra` cannot write as a domain
    /// is reported, and nothing in it is imported.
    fn zone(&mut self, zone: &str, i: usize) -> Option<ItemId> {
        if let Some(id) = self
            .zone_ids
            .iter()
            .find(|(z, _)| z == zone)
            .map(|(_, id)| *id)
        {
            return Some(id);
        }
        if !crate::model::names::is_domain_name(zone) {
            let element = self.element(i);
            self.report.not_mapped(
                element,
                Some(self.resources[i].span),
                format!("the DNS zone {zone:?}: not a domain name"),
            );
            return None;
        }
        let at = self.origin(i, "");
        self.names.take("", zone);
        let id = self.b.item(None, "domain", zone, &at);
        self.zone_ids.push((zone.to_string(), id));
        Some(id)
    }

    pub(super) fn records(&mut self) {
        let list: Vec<usize> = self.of_kind(&["aws_route53_record"]).collect();
        for i in list {
            self.used[i] = true;
            let v = self.resources[i].values.clone();
            let zone = self.targets_of(v.get("zone_id")).first().and_then(|z| {
                self.resources[*z]
                    .get("name")
                    .str()
                    .map(|s| s.trim_end_matches('.').to_string())
            });
            let Some(name) = v
                .get("name")
                .str()
                .map(|s| s.trim_end_matches('.').to_string())
            else {
                let element = self.element(i);
                self.report.not_mapped(
                    element,
                    Some(self.resources[i].span),
                    "a record whose name is known only once applied",
                );
                continue;
            };
            let zone = zone.unwrap_or_else(|| {
                let labels: Vec<&str> = name.split('.').collect();
                labels[labels.len().saturating_sub(2)..].join(".")
            });
            let ty = v.get("type").str().unwrap_or("A").to_ascii_uppercase();
            if !["A", "AAAA", "CNAME", "MX", "TXT", "NS"].contains(&ty.as_str()) {
                let element = self.element(i);
                self.report.not_mapped(
                    element,
                    Some(self.resources[i].span),
                    format!("a {ty} record: infrac knows A, AAAA, CNAME, MX, TXT and NS"),
                );
                continue;
            }
            let record = if name == zone {
                "@".to_string()
            } else {
                name.strip_suffix(&format!(".{zone}"))
                    .unwrap_or(&name)
                    .replace('.', "_")
            };
            let value = self.record_value(&v);
            let Some(zone_id) = self.zone(&zone, i) else {
                continue;
            };
            let at = self.origin(i, "");
            // A label DNS allows is kept as written (`9gag`); others are made a name.
            let record = if record == "@"
                || (crate::model::names::is_dns_label(&record)
                    && !self.names.is_taken(&zone, &record))
            {
                self.names.take(&zone, &record);
                record
            } else {
                self.names.unique(&zone, &record, "record")
            };
            let id = self.b.item(Some(zone_id), "record", &record, &at);
            self.b.attribute(Some(id), "type", Value::word(ty), &at);
            match value {
                Some(value) => self.b.attribute(Some(id), "value", value, &at),
                None => {
                    let element = self.element(i);
                    self.report.not_mapped(element, Some(self.resources[i].span), "the record's value: known only once applied, or a resource infrac did not import");
                }
            }
            if let Some(ttl) = v.get("ttl").number() {
                self.b
                    .attribute(Some(id), "ttl", Value::Integer(ttl as i64), &at);
            }
        }
    }

    /// An alias to a load balancer is a reference to it; a literal is an address or a
    /// host name.
    fn record_value(&self, v: &crate::import::terraform::Val) -> Option<Value> {
        let alias = v.blocks("alias").first().map(|a| a.get("name").clone());
        if let Some(alias) = alias {
            let target = self.targets_of(&alias).into_iter().find_map(|t| {
                self.hosts
                    .get(&t)
                    .and_then(|h| h.first())
                    .map(|h| h.path.clone())
            });
            return target
                .map(Value::word)
                .or_else(|| alias.str().map(|s| Value::text(s.trim_end_matches('.'))));
        }
        let first = v.get("records").items().first()?.clone();
        if let Some(target) = self.targets_of(&first).into_iter().find_map(|t| {
            self.hosts
                .get(&t)
                .and_then(|h| h.first())
                .map(|h| h.path.clone())
        }) {
            return Some(Value::word(target));
        }
        let text = first.str()?;
        Some(match text.parse::<IpAddr>() {
            Ok(ip) => Value::Ip(ip),
            Err(_) => Value::text(text.trim_end_matches('.')),
        })
    }
}
