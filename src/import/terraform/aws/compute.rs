//! Servers: EC2 instances, the instances of auto scaling groups (at their minimum size)
//! and of ECS services, and RDS databases.

use super::{Host, Mapping};
use crate::import::drawio::words::Words;
use crate::model::Kind;
use crate::model::builder::Value;
use std::net::IpAddr;

impl Mapping<'_> {
    /// What runs on a machine, from the words of its name, tags, AMI and user data
    /// ("apt-get install nginx"); nothing for a bastion (jump) host, which people reach
    /// over SSH to administer the rest; an app server when nothing says.
    fn software(&mut self, i: usize, template: Option<usize>) -> Vec<(Kind, &'static str)> {
        let mut text = String::new();
        for r in std::iter::once(i).chain(template) {
            let v = &self.resources[r].values;
            text.push_str(&self.resources[r].name);
            for key in ["user_data", "ami", "image_id", "name", "name_prefix"] {
                if let Some(s) = v.get(key).str() {
                    text.push(' ');
                    text.push_str(&decode_user_data(s));
                }
            }
            if let crate::import::terraform::Val::Object(tags) = v.get("tags") {
                for t in tags.values().filter_map(|t| t.str()) {
                    text.push(' ');
                    text.push_str(t);
                }
            }
        }
        let words = Words::of(&text.replace(['-', '_'], " "));
        let found: Vec<(Kind, &'static str)> = words
            .components
            .iter()
            .filter(|c| c.kind != Kind::MonitoringAgent || c.vendor.is_some())
            .map(|c| (c.kind, c.software))
            .collect();
        if found.is_empty() && is_bastion(&text) {
            let element = self.element(i);
            self.report.guess(
                element,
                Some(self.resources[i].span),
                "a bastion (jump) host, by its name: administrators reach it over SSH; it serves nothing of the design",
            );
            return Vec::new();
        }
        if found.is_empty() {
            let element = self.element(i);
            self.report.guess(
                element,
                Some(self.resources[i].span),
                "nothing in its name, tags or user data says what runs on it: an app server assumed",
            );
            return vec![(Kind::AppServer, "")];
        }
        found
    }

    fn machine(&mut self, i: usize, wish: &str, template: Option<usize>, suffix: &str) -> Host {
        let software = self.software(i, template);
        let at = self.origin(i, suffix);
        let name = self.names.unique("", wish, "server");
        let id = self.b.item(None, "server", &name, &at);
        let mut host = Host {
            id,
            path: name,
            components: Vec::new(),
            groups: Vec::new(),
        };
        let v = &self.resources[i].values;
        if let Some(ip) = v
            .get("private_ip")
            .str()
            .and_then(|s| s.parse::<IpAddr>().ok())
        {
            self.b.attribute(Some(id), "ip", Value::Ip(ip), &at);
        }
        if let Some(ip) = v
            .get("public_ip")
            .str()
            .and_then(|s| s.parse::<IpAddr>().ok())
        {
            self.b.attribute(Some(id), "public_ip", Value::Ip(ip), &at);
        }
        for (kind, software) in software {
            let (wish, attributes) = match (kind, software) {
                (_, "") => (short(kind), Vec::new()),
                (Kind::AppServer, s) => (s, vec![("runtime", Value::word(s))]),
                (Kind::Database, s) => (s, vec![("engine", Value::word(s))]),
                (_, s) => (s, vec![("software", Value::word(s))]),
            };
            self.component(&mut host, &at, kind, wish, attributes);
        }
        // Security groups: the instance's, its launch template's or configuration's, and
        // those of their network interfaces.
        for r in std::iter::once(i).chain(template) {
            let v = self.resources[r].values.clone();
            let interfaces = v
                .blocks("network_interfaces")
                .iter()
                .chain(v.blocks("network_interface"))
                .map(|n| n.get("security_groups").clone());
            let groups: Vec<_> = [
                v.get("vpc_security_group_ids").clone(),
                v.get("security_groups").clone(),
            ]
            .into_iter()
            .chain(interfaces)
            .collect();
            for g in &groups {
                host.groups.extend(self.targets_of(g));
            }
        }
        host.groups.sort();
        host.groups.dedup();
        host
    }

    pub(super) fn instances(&mut self) {
        let list: Vec<usize> = self.of_kind(&["aws_instance"]).collect();
        for i in list {
            self.used[i] = true;
            let wish = self.wish(i);
            let host = self.machine(i, &wish, None, "");
            let zones = self.zones_of(i, &["subnet_id"]);
            if let Some(zone) = zones.first() {
                let at = self.at(i);
                self.place(host.id, std::slice::from_ref(zone), &at);
            }
            self.hosts.insert(i, vec![host]);
        }
    }

    /// An auto scaling group is an instance group: one server from its launch template
    /// with its `min`, `max` and `desired` sizes, spread over the zones of its subnets.
    pub(super) fn auto_scaling(&mut self) {
        let list: Vec<usize> = self.of_kind(&["aws_autoscaling_group"]).collect();
        for i in list {
            self.used[i] = true;
            let v = &self.resources[i].values;
            let template_ref = v
                .blocks("launch_template")
                .first()
                .map_or(crate::import::terraform::Val::Null, |t| t.get("id").clone());
            let template = self
                .targets_of(&template_ref)
                .into_iter()
                .chain(self.targets_of(v.get("launch_configuration")))
                .next();
            let size = |key: &str| v.get(key).number().map(|n| n.clamp(0.0, 1e6) as i64);
            let (min, max, desired) =
                (size("min_size"), size("max_size"), size("desired_capacity"));
            let base = self.wish(i);
            let host = self.machine(i, &base, template, "");
            let at = self.at(i);
            // `min` of 0 is a group that may run none: the model counts at least one.
            let min_attr = min.filter(|m| *m >= 1);
            let max_attr = max.filter(|m| *m >= 1 && min_attr.is_none_or(|lo| *m >= lo));
            if let Some(m) = min_attr {
                self.b
                    .attribute(Some(host.id), "min", Value::Integer(m), &at);
            }
            if let Some(m) = max_attr {
                self.b
                    .attribute(Some(host.id), "max", Value::Integer(m), &at);
            }
            let group = min_attr.is_some() || max_attr.is_some();
            if let Some(d) = desired.filter(|d| {
                group && *d >= min_attr.unwrap_or(1) && max_attr.is_none_or(|hi| *d <= hi)
            }) {
                self.b
                    .attribute(Some(host.id), "desired", Value::Integer(d), &at);
            }
            if min == Some(0) || !group {
                let element = self.element(i);
                self.report.guess(
                    element,
                    Some(self.resources[i].span),
                    match (min, group) {
                        (_, false) => {
                            "auto scaling group of unknown size: one server imported".to_string()
                        }
                        _ => "auto scaling group with min_size 0: counted as at least one server"
                            .to_string(),
                    },
                );
            }
            let zones = self.zones_of(i, &["vpc_zone_identifier"]);
            match zones.as_slice() {
                [_, _, ..] if !group => {
                    let element = self.element(i);
                    self.report.not_mapped(
                        element,
                        Some(self.resources[i].span),
                        "its zones: a server of unknown group size sits in one zone",
                    );
                }
                _ => self.place(host.id, &zones, &at),
            }
            if let Some(t) = template {
                self.used[t] = true;
            }
            self.hosts.insert(i, vec![host]);
        }
    }

    /// An ECS service runs its desired count of tasks: app servers.
    pub(super) fn ecs(&mut self) {
        let list: Vec<usize> = self.of_kind(&["aws_ecs_service"]).collect();
        for i in list {
            self.used[i] = true;
            let count = self.resources[i]
                .get("desired_count")
                .number()
                .map_or(1, |n| n.max(1.0) as usize)
                .min(50);
            let base = self.wish(i);
            let groups = self.targets_of(
                &self.resources[i]
                    .values
                    .blocks("network_configuration")
                    .first()
                    .map_or(crate::import::terraform::Val::Null, |n| {
                        n.get("security_groups").clone()
                    }),
            );
            let hosts: Vec<Host> = (0..count)
                .map(|k| {
                    let at = self.origin(i, &format!("#{}", k + 1));
                    let name = self.names.unique("", &format!("{base}_{}", k + 1), "task");
                    let id = self.b.item(None, "server", &name, &at);
                    let mut host = Host {
                        id,
                        path: name,
                        components: Vec::new(),
                        groups: groups.clone(),
                    };
                    self.component(
                        &mut host,
                        &at,
                        Kind::AppServer,
                        "app",
                        vec![("runtime", Value::text("ecs"))],
                    );
                    host
                })
                .collect();
            self.hosts.insert(i, hosts);
        }
    }

    /// RDS instances and cluster instances are AWS's service: a managed database named
    /// by its `identifier`, over two zones when Multi-AZ keeps a standby, in one zone
    /// otherwise; read replicas name their source; a cluster's first instance is its
    /// writer.
    pub(super) fn databases(&mut self) {
        let list: Vec<usize> = self
            .of_kind(&["aws_db_instance", "aws_rds_cluster_instance"])
            .collect();
        let mut writers: rustc_hash::FxHashMap<usize, String> = rustc_hash::FxHashMap::default();
        let mut paths: rustc_hash::FxHashMap<usize, String> = rustc_hash::FxHashMap::default();
        for &i in &list {
            self.used[i] = true;
            let r = &self.resources[i];
            let cluster = self
                .targets_of(r.get("cluster_identifier"))
                .first()
                .copied();
            let engine_source = cluster.unwrap_or(i);
            // A read replica runs its source's engine, whether or not it says so.
            let source = self
                .targets_of(self.resources[i].get("replicate_source_db"))
                .first()
                .copied();
            let engine = [Some(engine_source), source]
                .into_iter()
                .flatten()
                .find_map(|r| self.resources[r].get("engine").str())
                .map(engine_name)
                .filter(|e| *e != "db");
            let mut attributes = Vec::new();
            if let Some(e) = engine {
                attributes.push(("engine", Value::word(e)));
            }
            let replica_of = self
                .targets_of(self.resources[i].get("replicate_source_db"))
                .first()
                .and_then(|s| paths.get(s).cloned())
                .or_else(|| match cluster {
                    Some(c) => writers.get(&c).cloned(),
                    None => None,
                });
            match &replica_of {
                Some(primary) => {
                    attributes.push(("role", Value::word("replica")));
                    attributes.push(("replica_of", Value::word(primary.clone())));
                }
                None => attributes.push(("role", Value::word("primary"))),
            }
            let zones = self.database_zones(i, cluster);
            let wish = self.resources[i]
                .get("identifier")
                .str()
                .map_or_else(|| self.wish(i), str::to_string);
            let mut host = self.managed(i, Kind::Database, &wish, attributes, &zones);
            let db = host.components[0].1.clone();
            if replica_of.is_none()
                && let Some(c) = cluster
            {
                writers.insert(c, db.clone());
                self.used[c] = true;
            }
            paths.insert(i, db);
            let groups = self.resources[i].get("vpc_security_group_ids").clone();
            host.groups = self.targets_of(&groups);
            self.hosts.insert(i, vec![host]);
        }
    }

    /// A Multi-AZ database's zones: its own (`availability_zone`) first, then another of
    /// its subnet group's, where the standby runs; one zone for a Single-AZ database.
    fn database_zones(&mut self, i: usize, cluster: Option<usize>) -> Vec<String> {
        let v = &self.resources[i].values;
        let own = self.zones_of(i, &[]);
        let group = v.get("db_subnet_group_name").clone();
        let group = match (&group, cluster) {
            (crate::import::terraform::Val::Null, Some(c)) => {
                self.resources[c].get("db_subnet_group_name").clone()
            }
            _ => group,
        };
        let mut subnet_zones = Vec::new();
        for g in self.targets_of(&group) {
            subnet_zones.extend(self.zones_of_subnets(self.resources[g].get("subnet_ids")));
        }
        let primary = own.first().or(subnet_zones.first()).cloned();
        if v.get("multi_az").bool() != Some(true) {
            return match (primary, subnet_zones.len()) {
                (Some(z), _) if !own.is_empty() || subnet_zones.len() == 1 => vec![z],
                _ => Vec::new(),
            };
        }
        let standby = subnet_zones
            .iter()
            .find(|z| Some(*z) != primary.as_ref())
            .cloned();
        match (primary, standby) {
            (Some(p), Some(s)) => vec![p, s],
            _ => self.guessed_zones(i, "Multi-AZ: a standby in a second zone"),
        }
    }
}

/// `aurora-mysql` → `mysql`, `aurora-postgresql` → `postgres`.
fn engine_name(engine: &str) -> &'static str {
    let e = engine.to_ascii_lowercase();
    if e.contains("postgres") {
        "postgres"
    } else if e.contains("maria") {
        "mariadb"
    } else if e.contains("mysql") || e == "aurora" {
        "mysql"
    } else if e.contains("sqlserver") {
        "mssql"
    } else if e.contains("oracle") {
        "oracle"
    } else {
        "db"
    }
}

fn short(kind: Kind) -> &'static str {
    match kind {
        Kind::WebServer => "web",
        Kind::AppServer => "app",
        Kind::Database => "db",
        Kind::LoadBalancer => "lb",
        _ => "agent",
    }
}

/// User data as text: base64 when it decodes to text, else as written.
fn decode_user_data(s: &str) -> String {
    use base64::Engine as _;
    let compact: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    if compact.len() > 16
        && compact
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+/=".contains(c))
        && let Some(text) = base64::engine::general_purpose::STANDARD
            .decode(compact)
            .ok()
            .and_then(|b| String::from_utf8(b).ok())
    {
        return text;
    }
    s.to_string()
}

/// Whether a machine's words name it a bastion or jump host (`asg-bastion`,
/// `jump_box`, `JumpHost`).
fn is_bastion(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    words
        .iter()
        .any(|w| w.starts_with("bastion") || matches!(*w, "jumpbox" | "jumphost" | "jumpserver"))
        || words
            .windows(2)
            .any(|p| p[0] == "jump" && matches!(p[1], "box" | "host" | "server"))
}

#[cfg(test)]
mod tests {
    use super::is_bastion;

    #[test]
    fn bastions_are_told_by_their_words() {
        for yes in [
            "asg-bastion",
            "bastion_host",
            "JumpHost",
            "prod jump box",
            "jumpbox-1",
        ] {
            assert!(is_bastion(yes), "{yes}");
        }
        for no in ["web", "jumping-app", "api server", "ambastion", "jump"] {
            assert!(!is_bastion(no), "{no}");
        }
    }
}
