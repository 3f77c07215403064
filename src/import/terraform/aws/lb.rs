//! Load balancers (ALB, NLB, classic ELB): a server with a load balancer; listeners are
//! the users' flows into it (HTTPS with its certificate, HTTP redirected or not); target
//! groups and their attachments are its flows to the servers behind it, with the
//! target group's health check.

use super::{Mapping, port, protocol};
use crate::import::terraform::Val;
use crate::model::Kind;
use crate::model::builder::Value;

impl Mapping<'_> {
    /// Load balancers are AWS's service: a managed load balancer over the zones of its
    /// subnets (`software` says which kind: alb, nlb, gwlb, elb).
    pub(super) fn load_balancers(&mut self) {
        let list: Vec<usize> = self.of_kind(&["aws_lb", "aws_alb", "aws_elb"]).collect();
        for i in list {
            self.used[i] = true;
            let software = self.lb_software(i);
            let zones = self.zones_of(i, &["subnets", "subnet_mapping"]);
            let wish = self.wish(i);
            let mut host = self.managed(
                i,
                Kind::LoadBalancer,
                &wish,
                vec![("software", Value::word(software))],
                &zones,
            );
            host.groups = self.targets_of(self.resources[i].get("security_groups"));
            self.hosts.insert(i, vec![host]);
        }
    }

    fn lb_software(&self, i: usize) -> &'static str {
        let r = &self.resources[i];
        match (r.kind.as_str(), r.get("load_balancer_type").str()) {
            ("aws_elb", _) => "elb",
            (_, Some("network")) => "nlb",
            (_, Some("gateway")) => "gwlb",
            _ => "alb",
        }
    }

    /// A network load balancer forwards TCP, UDP or TLS connections, not requests.
    fn front_protocol(
        &self,
        lb: usize,
        name: &str,
        port: Option<u16>,
    ) -> Option<(String, Option<u16>)> {
        let layer4 = match name.to_ascii_uppercase().as_str() {
            "TCP" | "TCP_UDP" => Some("tcp"),
            "UDP" => Some("udp"),
            "TLS" => Some("tls"),
            _ => None,
        };
        match (self.lb_software(lb), layer4, port) {
            ("nlb", Some(p), Some(port)) => Some((p.to_string(), Some(port))),
            _ => protocol(name, port),
        }
    }

    /// Classic ELBs: after the servers they send to are made (instances, groups, ECS).
    pub(super) fn classic_load_balancers(&mut self) {
        let list: Vec<usize> = self.of_kind(&["aws_elb"]).collect();
        for i in list {
            self.classic(i);
        }
    }

    fn lb_component(&self, lb: usize) -> Option<(String, crate::model::builder::ItemId)> {
        let host = self.hosts.get(&lb)?.first()?;
        host.components
            .first()
            .map(|(_, path, id)| (path.clone(), *id))
    }

    fn internal(&self, lb: usize) -> bool {
        self.resources[lb].get("internal").bool() == Some(true)
    }

    /// A classic ELB's listeners and instances are in its own block.
    fn classic(&mut self, i: usize) {
        let Some((lb, lb_id)) = self.lb_component(i) else {
            return;
        };
        let at = self.at(i);
        let listeners = self.resources[i].values.blocks("listener").to_vec();
        for l in &listeners {
            let front = protocol(
                l.get("lb_protocol").str().unwrap_or(""),
                port(l.get("lb_port")),
            );
            if let Some(cert) = self
                .targets_of(l.get("ssl_certificate_id"))
                .first()
                .and_then(|c| self.certificates.get(c).cloned())
            {
                self.attribute_once(lb_id, "tls", Value::word(cert), &at);
            }
            if !self.internal(i) {
                self.flow("internet", &lb, front, &at);
            }
        }
        if let Some(target) = self.resources[i]
            .values
            .blocks("health_check")
            .first()
            .and_then(|h| h.get("target").str())
        {
            let path = target
                .split_once('/')
                .map_or("/".to_string(), |(_, p)| format!("/{p}"));
            self.attribute_once(lb_id, "health_check", Value::text(path), &at);
        }
        let back = listeners.first().and_then(|l| {
            protocol(
                l.get("instance_protocol").str().unwrap_or(""),
                port(l.get("instance_port")),
            )
        });
        for target in self.classic_members(i) {
            self.forward(&lb, target, back.clone(), &at);
        }
    }

    /// What a classic ELB sends to: its `instances`, instances attached to it
    /// (`aws_elb_attachment`), auto scaling groups that name it (`load_balancers`,
    /// `aws_autoscaling_attachment` with `elb`, a traffic source attachment) and ECS
    /// services whose `load_balancer` block names it (`elb_name`).
    fn classic_members(&self, elb: usize) -> Vec<usize> {
        let mut out = self.targets_of(self.resources[elb].get("instances"));
        for (i, r) in self.resources.iter().enumerate() {
            let names_it = |v: &Val| self.targets_of(v).contains(&elb);
            match r.kind.as_str() {
                "aws_elb_attachment" if names_it(r.get("elb")) => {
                    out.extend(self.targets_of(r.get("instance")));
                }
                "aws_autoscaling_attachment" if names_it(r.get("elb")) => {
                    out.extend(self.targets_of(r.get("autoscaling_group_name")));
                }
                "aws_autoscaling_group" if names_it(r.get("load_balancers")) => out.push(i),
                "aws_ecs_service"
                    if r.values
                        .blocks("load_balancer")
                        .iter()
                        .any(|l| names_it(l.get("elb_name"))) =>
                {
                    out.push(i)
                }
                _ => {}
            }
            if r.kind == "aws_autoscaling_traffic_source_attachment"
                && r.values
                    .blocks("traffic_source")
                    .iter()
                    .any(|t| names_it(t.get("identifier")))
            {
                out.extend(self.targets_of(r.get("autoscaling_group_name")));
            }
        }
        out.sort();
        out.dedup();
        out
    }

    /// Listeners: users' traffic into the load balancer.
    pub(super) fn listeners(&mut self) {
        let list: Vec<usize> = self
            .of_kind(&["aws_lb_listener", "aws_alb_listener"])
            .collect();
        let mut redirects: Vec<usize> = Vec::new();
        for i in list {
            self.used[i] = true;
            let Some(&lb) = self
                .targets_of(self.resources[i].get("load_balancer_arn"))
                .first()
            else {
                let element = self.element(i);
                self.report.not_mapped(element, Some(self.resources[i].span), "a listener whose load balancer is not in this configuration (unresolved reference)");
                continue;
            };
            let Some((lb_path, lb_id)) = self.lb_component(lb) else {
                continue;
            };
            let at = self.at(i);
            let v = self.resources[i].values.clone();
            let front = self.front_protocol(
                lb,
                v.get("protocol").str().unwrap_or(""),
                port(v.get("port")),
            );
            if let Some(cert) = self
                .targets_of(v.get("certificate_arn"))
                .first()
                .and_then(|c| self.certificates.get(c).cloned())
            {
                self.attribute_once(lb_id, "tls", Value::word(cert), &at);
            }
            let actions = v.blocks("default_action");
            let redirect = actions.iter().any(|a| {
                a.get("type").str() == Some("redirect")
                    && a.blocks("redirect")
                        .first()
                        .and_then(|r| r.get("protocol").str())
                        == Some("HTTPS")
            });
            if redirect && !redirects.contains(&lb) {
                self.attribute_once(lb_id, "redirect_to_https", Value::Bool(true), &at);
                redirects.push(lb);
            }
            if !self.internal(lb) {
                self.flow("internet", &lb_path, front, &at);
            }
        }
    }

    /// Target groups: the load balancer's flows to what is behind it.
    pub(super) fn targets(&mut self) {
        // Target group → load balancers whose listeners (or rules) forward to it.
        let mut fronts: Vec<(usize, usize)> = Vec::new();
        for i in self
            .of_kind(&[
                "aws_lb_listener",
                "aws_alb_listener",
                "aws_lb_listener_rule",
            ])
            .collect::<Vec<_>>()
        {
            let v = &self.resources[i].values;
            let lb = self
                .targets_of(v.get("load_balancer_arn"))
                .first()
                .copied()
                .or_else(|| {
                    let listener = self.targets_of(v.get("listener_arn")).first().copied()?;
                    self.targets_of(self.resources[listener].get("load_balancer_arn"))
                        .first()
                        .copied()
                });
            let actions: Vec<Val> = v
                .blocks("default_action")
                .iter()
                .chain(v.blocks("action"))
                .cloned()
                .collect();
            for a in actions {
                let mut tgs = self.targets_of(a.get("target_group_arn"));
                for f in a.blocks("forward") {
                    for t in f.blocks("target_group") {
                        tgs.extend(self.targets_of(t.get("arn")));
                    }
                }
                if let Some(lb) = lb {
                    fronts.extend(tgs.into_iter().map(|tg| (tg, lb)));
                }
            }
        }
        let groups: Vec<usize> = self
            .of_kind(&["aws_lb_target_group", "aws_alb_target_group"])
            .collect();
        for tg in groups {
            self.used[tg] = true;
            let v = self.resources[tg].values.clone();
            let back = protocol(
                v.get("protocol").str().unwrap_or("HTTP"),
                port(v.get("port")),
            );
            let lbs: Vec<usize> = fronts
                .iter()
                .filter(|(t, _)| *t == tg)
                .map(|(_, lb)| *lb)
                .collect();
            if lbs.is_empty() {
                let element = self.element(tg);
                self.report.not_mapped(
                    element,
                    Some(self.resources[tg].span),
                    "a target group no listener forwards to",
                );
                continue;
            }
            let health = v.blocks("health_check").first().cloned();
            let members = self.members(tg);
            let at = self.at(tg);
            for &lb in &lbs {
                let Some((lb_path, lb_id)) = self.lb_component(lb) else {
                    continue;
                };
                let enabled = health
                    .as_ref()
                    .is_none_or(|h| h.get("enabled").bool() != Some(false));
                if enabled {
                    let path = health
                        .as_ref()
                        .and_then(|h| h.get("path").str().map(str::to_string));
                    let value = path.map_or(Value::Bool(true), Value::text);
                    self.attribute_once(lb_id, "health_check", value, &at);
                }
                for &m in &members {
                    self.forward(&lb_path, m, back.clone(), &at);
                }
            }
        }
    }

    /// What a target group sends to: attached instances, auto scaling groups and ECS
    /// services that name it.
    fn members(&self, tg: usize) -> Vec<usize> {
        let mut out = Vec::new();
        for (i, r) in self.resources.iter().enumerate() {
            let names_it = |v: &Val| self.targets_of(v).contains(&tg);
            match r.kind.as_str() {
                "aws_lb_target_group_attachment" | "aws_alb_target_group_attachment"
                    if names_it(r.get("target_group_arn")) =>
                {
                    out.extend(self.targets_of(r.get("target_id")));
                }
                "aws_autoscaling_attachment"
                    if names_it(r.get("lb_target_group_arn"))
                        || names_it(r.get("alb_target_group_arn")) =>
                {
                    out.extend(self.targets_of(r.get("autoscaling_group_name")));
                }
                "aws_autoscaling_traffic_source_attachment"
                    if r.values
                        .blocks("traffic_source")
                        .iter()
                        .any(|t| names_it(t.get("identifier"))) =>
                {
                    out.extend(self.targets_of(r.get("autoscaling_group_name")));
                }
                "aws_autoscaling_group" if names_it(r.get("target_group_arns")) => out.push(i),
                "aws_ecs_service"
                    if r.values
                        .blocks("load_balancer")
                        .iter()
                        .any(|l| names_it(l.get("target_group_arn"))) =>
                {
                    out.push(i)
                }
                _ => {}
            }
        }
        out.sort();
        out.dedup();
        out
    }

    /// Flows from a load balancer to every server made for resource `target`.
    fn forward(
        &mut self,
        lb: &str,
        target: usize,
        protocol: Option<(String, Option<u16>)>,
        at: &crate::model::builder::Origin,
    ) {
        let hosts = self.hosts.get(&target).cloned().unwrap_or_default();
        if hosts.is_empty() {
            let element = self.element(target);
            self.report.not_mapped(
                element,
                Some(self.resources[target].span),
                "a load balancer target that is not a server infrac knows",
            );
            return;
        }
        for host in hosts {
            let (to, protocol) = match &protocol {
                Some((p, port)) => match Self::receiver(&host, p, *port) {
                    Some(to) => (to, Some((p.clone(), *port))),
                    None => (host.path.clone(), None),
                },
                None => (host.path.clone(), None),
            };
            self.flow(lb, &to, protocol, at);
        }
    }
}
