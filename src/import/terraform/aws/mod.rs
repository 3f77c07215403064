//! AWS resources as a design: load balancers with their listeners and target groups,
//! instances, launch templates and auto scaling groups, ECS services, RDS, security
//! groups, Route 53 and ACM. Each item points at its resource block and is named after
//! its `Name` tag; resource types the model cannot hold yet are reported with a reason,
//! and unknown types with their count.

mod compute;
mod dns;
mod firewall;
mod lb;
mod placement;
mod services;
mod skipped;

use super::resource::Resource;
use super::value::Val;
use crate::import::{Names, Report};
use crate::model::Kind;
use crate::model::builder::{Builder, ItemId, Origin, Value};
use crate::source::{Element, Sources};
use crate::span::Span;
use rustc_hash::FxHashMap;
use std::collections::BTreeMap;

/// A flow already emitted: from, to, protocol and port.
type FlowKey = (String, String, Option<(String, Option<u16>)>);

/// A server made for a resource, and the components on it.
#[derive(Debug, Clone)]
struct Host {
    id: ItemId,
    path: String,
    components: Vec<(Kind, String, ItemId)>,
    /// Security groups it is in (resource indexes).
    groups: Vec<usize>,
}

struct Mapping<'r> {
    resources: &'r [Resource],
    b: Builder,
    report: &'r mut Report,
    names: Names,
    /// Resource index → the servers made for it (an auto scaling group makes several).
    hosts: FxHashMap<usize, Vec<Host>>,
    /// Instance address → resource index; values of `id`/`arn` → resource index.
    by_address: FxHashMap<String, usize>,
    by_id: FxHashMap<String, usize>,
    /// Certificate resource index → `.infra` name.
    certificates: FxHashMap<usize, String>,
    /// Resource indexes that were understood (reported neither as unknown nor unmapped).
    used: Vec<bool>,
    flows: Vec<FlowKey>,
    /// Domains declared, by zone name.
    zone_ids: Vec<(String, ItemId)>,
    /// Attributes already set, so a second listener does not set `tls` twice.
    set: Vec<(ItemId, String)>,
    /// How many items share a resource's span so far (each gets its own, see `origin`).
    spans: FxHashMap<Span, usize>,
    /// Subnet resource index → its availability zone.
    subnet_zones: FxHashMap<usize, String>,
    /// Zones declared, in order.
    zones: Vec<String>,
}

pub fn map(resources: &[Resource], sources: Sources, report: &mut Report) -> Builder {
    let mut by_address = FxHashMap::default();
    let mut by_id = FxHashMap::default();
    for (i, r) in resources.iter().enumerate() {
        by_address.insert(r.address.clone(), i);
        for key in [
            "id",
            "arn",
            "identifier",
            "zone_id",
            "dns_name",
            "name",
            "bucket",
            "bucket_regional_domain_name",
            "bucket_domain_name",
            "domain_name",
        ] {
            if let Some(v) = r.get(key).str().filter(|v| !v.is_empty()) {
                by_id.entry(v.to_string()).or_insert(i);
                if key.ends_with("domain_name") || key == "dns_name" {
                    by_id.entry(host_name(v)).or_insert(i);
                }
            }
        }
    }
    let mut m = Mapping {
        resources,
        b: Builder::new(sources),
        report,
        names: Names::default(),
        hosts: FxHashMap::default(),
        by_address,
        by_id,
        certificates: FxHashMap::default(),
        used: vec![false; resources.len()],
        flows: Vec::new(),
        spans: FxHashMap::default(),
        set: Vec::new(),
        zone_ids: Vec::new(),
        subnet_zones: FxHashMap::default(),
        zones: Vec::new(),
    };
    m.run();
    m.b
}

impl Mapping<'_> {
    fn run(&mut self) {
        self.regions();
        self.zones();
        self.acm();
        self.load_balancers();
        self.instances();
        self.auto_scaling();
        self.ecs();
        self.databases();
        self.caches();
        self.queues();
        self.buckets();
        self.distributions();
        self.records();
        self.classic_load_balancers();
        self.listeners();
        self.targets();
        self.security_groups();
        self.unsupported();
    }

    /// The origin of resource `i`. Instances of one block (`count`, an auto scaling
    /// group's servers) share its text, so each further item ends a byte earlier: the
    /// start line and column stay the block's, and each item keeps its own address.
    fn origin(&mut self, i: usize, suffix: &str) -> Origin {
        let r = &self.resources[i];
        let n = self.spans.entry(r.span).or_insert(0);
        let shift = *n;
        *n += 1;
        let end = r
            .span
            .end()
            .saturating_sub(shift)
            .max(r.span.start() + 1)
            .min(r.span.end().max(r.span.start() + 1));
        let id = if suffix.is_empty() {
            r.address.clone()
        } else {
            format!("{}{suffix}", r.address)
        };
        Origin::span(r.span.start(), end).element(id, r.label())
    }

    /// The origin of resource `i` for statements that name no item of their own.
    fn at(&self, i: usize) -> Origin {
        let r = &self.resources[i];
        Origin::span(r.span.start(), r.span.end()).element(r.address.clone(), r.label())
    }

    fn element(&self, i: usize) -> Element {
        let r = &self.resources[i];
        Element {
            id: r.address.clone(),
            label: r.label(),
        }
    }

    fn of_kind<'s>(&'s self, kinds: &'s [&'s str]) -> impl Iterator<Item = usize> + 's {
        self.resources
            .iter()
            .enumerate()
            .filter(move |(_, r)| !r.data && kinds.contains(&r.kind.as_str()))
            .map(|(i, _)| i)
    }

    /// The resources a value points at: references (a counted resource without an index
    /// is all its instances), or ids and ARNs as a state holds them.
    fn targets_of(&self, v: &Val) -> Vec<usize> {
        let mut out = Vec::new();
        for r in v.references() {
            match self.by_address.get(&r.address) {
                Some(&i) => out.push(i),
                None => {
                    let prefix = format!("{}[", r.address);
                    out.extend(
                        self.resources
                            .iter()
                            .enumerate()
                            .filter(|(_, x)| x.address.starts_with(&prefix))
                            .map(|(i, _)| i),
                    );
                }
            }
        }
        for item in v.items() {
            if let Some(&i) = item.str().and_then(|s| {
                self.by_id
                    .get(s)
                    .or_else(|| self.by_id.get(host_name(s).as_str()))
            }) {
                out.push(i);
            }
        }
        out.sort();
        out.dedup();
        out
    }

    /// What a resource is called in `.infra`: its `Name` tag or `name`, else its
    /// resource name (with the instance key).
    fn wish(&self, i: usize) -> String {
        let r = &self.resources[i];
        let key = r
            .address
            .rsplit_once('[')
            .map(|(_, k)| k.trim_end_matches(']').trim_matches('"').to_string());
        match (r.label(), key) {
            (Some(label), _) => label,
            (None, Some(k)) => format!("{}_{k}", r.name),
            (None, None) => r.name.clone(),
        }
    }

    /// A provider's service at the top level (`load_balancer alb { managed = true }`):
    /// its own host, as far as flows and security groups are concerned.
    fn managed(
        &mut self,
        i: usize,
        kind: Kind,
        wish: &str,
        attributes: Vec<(&str, Value)>,
        zones: &[String],
    ) -> Host {
        let at = self.origin(i, "");
        let name = self.names.unique("", wish, kind.keyword());
        let id = self.b.item(None, kind.keyword(), &name, &at);
        if let Some(label) = self.resources[i]
            .label()
            .filter(|l| crate::import::names::slug(l) != name)
        {
            self.b.label(id, &label);
        }
        self.b
            .attribute(Some(id), "managed", Value::Bool(true), &at);
        self.b
            .attribute(Some(id), "provider", Value::word("aws"), &at);
        for (key, value) in attributes {
            self.b.attribute(Some(id), key, value, &at);
        }
        self.place(id, zones, &at);
        Host {
            id,
            path: name.clone(),
            components: vec![(kind, name, id)],
            groups: Vec::new(),
        }
    }

    fn component(
        &mut self,
        host: &mut Host,
        at: &Origin,
        kind: Kind,
        name: &str,
        attributes: Vec<(&str, Value)>,
    ) {
        let name = self.names.unique(&host.path, name, "app");
        let id = self.b.item(Some(host.id), kind.keyword(), &name, at);
        for (key, value) in attributes {
            self.b.attribute(Some(id), key, value, at);
        }
        host.components
            .push((kind, format!("{}.{name}", host.path), id));
    }

    /// Set an attribute unless it is set already (the first value wins).
    fn attribute_once(&mut self, id: ItemId, key: &str, value: Value, at: &Origin) {
        if self.set.iter().any(|(i, k)| *i == id && k == key) {
            return;
        }
        self.set.push((id, key.to_string()));
        self.b.attribute(Some(id), key, value, at);
    }

    fn flow(&mut self, from: &str, to: &str, protocol: Option<(String, Option<u16>)>, at: &Origin) {
        let key = (from.to_string(), to.to_string(), protocol.clone());
        // A group that admits itself, a record onto its own target: no traffic to draw.
        if from == to || self.flows.contains(&key) {
            return;
        }
        self.flows.push(key);
        let proto = protocol.as_ref().map(|(p, port)| (p.as_str(), *port));
        self.b.flow(&[from], &[to], proto, at);
    }

    /// The component of a host that receives `protocol`: the best-ranked, by the rule
    /// flows to servers follow.
    fn receiver(host: &Host, protocol: &str, port: Option<u16>) -> Option<String> {
        let p = crate::model::protocol::Protocol::known(protocol, port).or_else(|| {
            port.map(|port| crate::model::protocol::Protocol::custom(protocol, port))
        })?;
        host.components
            .iter()
            .filter_map(|(kind, path, _)| p.receiver_rank(*kind, None).map(|r| (r, path)))
            .max_by_key(|(r, _)| *r)
            .map(|(_, path)| path.clone())
    }

    /// Types that are understood as part of others (listeners of load balancers, rules
    /// of security groups) or cannot be held yet, reported by reason; types that hold
    /// no topology (IAM, KMS, logs, settings) in one line by count; the rest by count.
    fn unsupported(&mut self) {
        let mut unknown: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (i, r) in self.resources.iter().enumerate() {
            if self.used[i] {
                continue;
            }
            let kind = if r.data {
                format!("data.{}", r.kind)
            } else {
                r.kind.clone()
            };
            if skipped::holds_no_topology(&kind) {
                self.report.skip(&kind);
                continue;
            }
            if r.data {
                unknown.entry(kind).or_default().push(i);
                continue;
            }
            match reason(&r.kind) {
                Some(why) => {
                    let element = self.element(i);
                    self.report.not_mapped(element, Some(r.span), why);
                }
                None if quiet(&r.kind) => {}
                None => unknown.entry(kind).or_default().push(i),
            }
        }
        for (kind, list) in unknown {
            let first = list[0];
            let why = if kind.starts_with("data.") {
                "a data source: it reads something outside this configuration"
            } else {
                "resource type not supported"
            };
            let element = Element {
                id: format!("{kind} ×{}", list.len()),
                label: None,
            };
            self.report
                .not_mapped(element, Some(self.resources[first].span), why);
        }
    }
}

/// What the model cannot hold yet, in words.
fn reason(kind: &str) -> Option<&'static str> {
    Some(match kind {
        "aws_sns_topic" => "a notification topic: the model has no publish/subscribe topics",
        "aws_nat_gateway" | "aws_internet_gateway" | "aws_egress_only_internet_gateway" => {
            "a gateway: the model draws no routes, only flows"
        }
        "aws_network_acl" | "aws_network_acl_rule" => {
            "a network ACL: only security groups are read as firewalls"
        }
        "aws_lambda_function" => "a serverless function: the model has no functions yet",
        _ => return None,
    })
}

/// Types read as part of other resources.
fn quiet(kind: &str) -> bool {
    matches!(
        kind,
        "aws_lb_listener"
            | "aws_alb_listener"
            | "aws_lb_listener_rule"
            | "aws_lb_target_group"
            | "aws_alb_target_group"
            | "aws_lb_target_group_attachment"
            | "aws_alb_target_group_attachment"
            | "aws_autoscaling_attachment"
            | "aws_autoscaling_traffic_source_attachment"
            | "aws_elb_attachment"
            | "aws_launch_template"
            | "aws_launch_configuration"
            | "aws_security_group_rule"
            | "aws_vpc_security_group_ingress_rule"
            | "aws_vpc_security_group_egress_rule"
            | "aws_acm_certificate_validation"
            | "aws_route53_zone"
            | "aws_ecs_task_definition"
            | "aws_ecs_cluster"
            | "aws_autoscaling_policy"
            | "aws_db_subnet_group"
            | "aws_elasticache_subnet_group"
            | "aws_s3_bucket_acl"
            | "aws_s3_bucket_policy"
            | "aws_s3_bucket_public_access_block"
    )
}

/// `dualstack.Shop-ALB-1.us-east-1.elb.amazonaws.com.` → `shop-alb-1.us-east-1.elb.amazonaws.com`:
/// a host name as an alias or origin writes it, as the resource's attribute holds it.
fn host_name(s: &str) -> String {
    let s = s.trim_end_matches('.').to_ascii_lowercase();
    s.strip_prefix("dualstack.").unwrap_or(&s).to_string()
}

/// A listener's or target group's protocol as a flow names it: `HTTPS` → `https`,
/// `HTTP` → `http`, `TCP` by its port (`mysql` on 3306); `None` when nothing is known.
fn protocol(name: &str, port: Option<u16>) -> Option<(String, Option<u16>)> {
    let known = match name.to_ascii_uppercase().as_str() {
        "HTTPS" | "TLS" | "SSL" => Some(("https", 443)),
        "HTTP" => Some(("http", 80)),
        "GRPC" => Some(("grpc", 443)),
        _ => match port {
            Some(3306) => Some(("mysql", 3306)),
            Some(5432) => Some(("postgres", 5432)),
            Some(443) => Some(("https", 443)),
            Some(80) => Some(("http", 80)),
            _ => None,
        },
    };
    match (known, port) {
        (Some((name, default)), Some(p)) if p != default => Some((name.into(), Some(p))),
        (Some((name, _)), _) => Some((name.into(), None)),
        (None, Some(p)) => Some(("tcp".into(), Some(p))),
        (None, None) => None,
    }
}

fn port(v: &Val) -> Option<u16> {
    v.number()
        .filter(|n| *n >= 1.0 && *n <= 65535.0)
        .map(|n| n as u16)
}
