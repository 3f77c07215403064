//! Security groups as firewalls: each protects the servers that are in it and allows
//! what its ingress rules allow — inline, `aws_security_group_rule`, or
//! `aws_vpc_security_group_ingress_rule` — from `0.0.0.0/0` (anyone: no `from`), from address
//! ranges, or from the servers in another group. A rule that admits a database port from
//! another group's servers is also read as their traffic to that database.

use super::{Mapping, port};
use crate::import::terraform::Val;
use crate::model::Kind;
use crate::model::builder::Value;

/// One ingress rule, as every form of writing it says it.
struct Rule {
    from_port: Option<u16>,
    to_port: Option<u16>,
    all: bool,
    cidrs: Vec<String>,
    groups: Vec<usize>,
    /// The resource it was written in (for the origin).
    at: usize,
}

impl Mapping<'_> {
    pub(super) fn security_groups(&mut self) {
        let groups: Vec<usize> = self.of_kind(&["aws_security_group"]).collect();
        for sg in groups {
            self.used[sg] = true;
            let members: Vec<super::Host> = self
                .hosts
                .values()
                .flatten()
                .filter(|h| h.groups.contains(&sg))
                .cloned()
                .collect();
            if members.is_empty() {
                let element = self.element(sg);
                self.report.not_mapped(
                    element,
                    Some(self.resources[sg].span),
                    "a security group no server imported here is in",
                );
                continue;
            }
            let rules = self.rules(sg);
            let at = self.origin(sg, "");
            let wish = format!("{}_sg", self.wish(sg));
            let name = self.names.unique("", &wish, "firewall");
            let id = self.b.item(None, "firewall", &name, &at);
            let paths: Vec<String> = members.iter().map(|h| h.path.clone()).collect();
            let protects = if paths.len() == 1 {
                Value::word(paths[0].clone())
            } else {
                Value::words(paths)
            };
            self.b.attribute(Some(id), "protects", protects, &at);
            self.b
                .attribute(Some(id), "software", Value::text("AWS security group"), &at);
            self.b
                .attribute(Some(id), "default", Value::word("deny"), &at);
            for rule in rules {
                let rule_at = self.at(rule.at);
                let ports: Option<Vec<u16>> = match (rule.all, rule.from_port, rule.to_port) {
                    (true, _, _) => None,
                    (_, Some(a), Some(b)) if b >= a && b - a <= 16 => Some((a..=b).collect()),
                    (_, Some(a), None) => Some(vec![a]),
                    (_, Some(a), Some(b)) => {
                        let element = self.element(rule.at);
                        self.report.not_mapped(
                            element,
                            Some(self.resources[rule.at].span),
                            format!("the port range {a}–{b}: allowed as every port (ranges of more than 16 ports are not listed)"),
                        );
                        None
                    }
                    _ => None,
                };
                let port_value = ports.as_ref().map(|p| match p.as_slice() {
                    [one] => Value::Integer(i64::from(*one)),
                    many => {
                        Value::List(many.iter().map(|p| Value::Integer(i64::from(*p))).collect())
                    }
                });
                // 0.0.0.0/0 admits every address: the internet and the load balancer
                // in front alike, as a rule with no `from` does.
                let anyone = rule.cidrs.iter().any(|c| c == "0.0.0.0/0" || c == "::/0");
                let mut sources: Vec<Value> = Vec::new();
                for cidr in &rule.cidrs {
                    if let Ok(net) = cidr.parse::<ipnet::IpNet>() {
                        sources.push(Value::Cidr(net));
                    }
                }
                for &g in &rule.groups {
                    let servers: Vec<super::Host> = self
                        .hosts
                        .values()
                        .flatten()
                        .filter(|h| h.groups.contains(&g))
                        .cloned()
                        .collect();
                    if servers.is_empty() {
                        let element = self.element(rule.at);
                        self.report.not_mapped(
                            element,
                            Some(self.resources[rule.at].span),
                            "a rule allowing a security group no imported server is in",
                        );
                    }
                    for s in &servers {
                        sources.push(Value::word(s.path.clone()));
                        if let Some(p) = &ports {
                            self.group_traffic(s, &members, p, &rule_at);
                        }
                    }
                }
                if sources.is_empty() && !anyone {
                    continue;
                }
                let mut attributes = Vec::new();
                if !anyone {
                    let from = if sources.len() == 1 {
                        sources.remove(0)
                    } else {
                        Value::List(sources)
                    };
                    attributes.push(("from", from));
                }
                if let Some(p) = port_value {
                    attributes.push(("port", p));
                }
                self.b.rule(id, "allow", attributes, &rule_at);
            }
        }
    }

    /// Every ingress rule of security group `sg`, wherever it is written.
    fn rules(&mut self, sg: usize) -> Vec<Rule> {
        let mut rules = Vec::new();
        for block in self.resources[sg].values.blocks("ingress").to_vec() {
            rules.push(self.rule_of(&block, "protocol", "cidr_blocks", "security_groups", sg));
        }
        let separate: Vec<usize> = self
            .of_kind(&[
                "aws_security_group_rule",
                "aws_vpc_security_group_ingress_rule",
            ])
            .filter(|&i| {
                self.targets_of(self.resources[i].get("security_group_id"))
                    .contains(&sg)
            })
            .collect();
        for i in separate {
            self.used[i] = true;
            let v = self.resources[i].values.clone();
            if self.resources[i].kind == "aws_security_group_rule" {
                if v.get("type").str() != Some("ingress") {
                    continue;
                }
                rules.push(self.rule_of(
                    &v,
                    "protocol",
                    "cidr_blocks",
                    "source_security_group_id",
                    i,
                ));
            } else {
                rules.push(self.rule_of(
                    &v,
                    "ip_protocol",
                    "cidr_ipv4",
                    "referenced_security_group_id",
                    i,
                ));
            }
        }
        rules
    }

    fn rule_of(&self, v: &Val, protocol: &str, cidrs: &str, groups: &str, at: usize) -> Rule {
        let proto = v.get(protocol).to_text().unwrap_or_default();
        let from_port = port(v.get("from_port"));
        let to_port = port(v.get("to_port"));
        Rule {
            all: proto == "-1"
                || proto == "all"
                || (from_port.is_none() && to_port.is_none())
                || (from_port == Some(0) && to_port == Some(65535)),
            from_port,
            to_port,
            cidrs: v
                .get(cidrs)
                .items()
                .iter()
                .chain(v.get("ipv6_cidr_blocks").items())
                .chain(v.get("cidr_ipv6").items())
                .filter_map(|c| c.str().map(str::to_string))
                .collect(),
            groups: self.targets_of(v.get(groups)),
            at,
        }
    }

    /// A port opened to another group's servers: they send that port's traffic (a
    /// database's, the web's) to the servers of this group.
    fn group_traffic(
        &mut self,
        from: &super::Host,
        to: &[super::Host],
        ports: &[u16],
        at: &crate::model::builder::Origin,
    ) {
        for &p in ports {
            let (protocol, port) = match p {
                3306 => ("mysql", None),
                5432 => ("postgres", None),
                6379 => ("redis", None),
                11211 => ("memcached", None),
                5671 => ("amqps", None),
                5672 => ("amqp", None),
                9092 => ("kafka", None),
                9094 => ("kafka+tls", Some(9094)),
                80 => ("http", None),
                443 => ("https", None),
                8000 | 8080 | 3000 | 5000 => ("http", Some(p)),
                _ => continue,
            };
            for host in to {
                let Some(db) = Self::receiver(host, protocol, port) else {
                    continue;
                };
                // Data and messages are sent by the application, web traffic by whatever
                // is in front.
                let database = !matches!(protocol, "http" | "https");
                let sender = from
                    .components
                    .iter()
                    .find(|(k, _, _)| {
                        if database {
                            *k == Kind::AppServer
                        } else {
                            *k != Kind::MonitoringAgent
                        }
                    })
                    .or(from.components.first())
                    .map(|(_, path, _)| path.clone());
                let known = self
                    .flows
                    .iter()
                    .any(|(f, t, _)| sender.as_deref() == Some(f.as_str()) && *t == db);
                if let Some(sender) = sender.filter(|_| !known) {
                    self.flow(&sender, &db, Some((protocol.to_string(), port)), at);
                    let element = at
                        .element
                        .clone()
                        .unwrap_or_else(|| crate::source::Element {
                            id: String::new(),
                            label: None,
                        });
                    self.report.guess(
                        element,
                        Some(at.span),
                        format!("{sender} → {db} : {protocol}, read from the security group rule that admits it"),
                    );
                }
            }
        }
    }
}
