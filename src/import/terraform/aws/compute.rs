//! Servers: EC2 instances, the instances of auto scaling groups (at their minimum size)
//! and of ECS services, and RDS databases.

use super::{Host, Mapping};
use crate::import::drawio::words::Words;
use crate::model::Kind;
use crate::model::builder::Value;
use std::net::IpAddr;

impl Mapping<'_> {
    /// What runs on a machine, from the words of its name, tags, AMI and user data
    /// ("apt-get install nginx"); an app server when nothing says.
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
        let groups = [
            self.resources[i].get("vpc_security_group_ids").clone(),
            self.resources[i].get("security_groups").clone(),
        ];
        let template_groups =
            template.map(|t| self.resources[t].get("vpc_security_group_ids").clone());
        for g in groups.iter().chain(template_groups.iter()) {
            host.groups.extend(self.targets_of(g));
        }
        host
    }

    pub(super) fn instances(&mut self) {
        let list: Vec<usize> = self.of_kind(&["aws_instance"]).collect();
        for i in list {
            self.used[i] = true;
            let wish = self.wish(i);
            let host = self.machine(i, &wish, None, "");
            self.hosts.insert(i, vec![host]);
        }
    }

    /// An auto scaling group is its minimum number of servers from its launch template:
    /// what is there when it has scaled in. Several are an active-active cluster.
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
            let min = v.get("min_size").number();
            let count = min.map_or(1, |m| m.max(1.0) as usize).min(50);
            let element = self.element(i);
            let span = Some(self.resources[i].span);
            self.report.guess(
                element,
                span,
                match min {
                    Some(m) if m < 1.0 => format!("auto scaling group with min_size {m}: one server imported (the model has no instance groups yet)"),
                    Some(m) => format!("auto scaling group: min_size = {m} servers imported (the model has no instance groups yet)"),
                    None => "auto scaling group with an unknown min_size: one server imported".to_string(),
                },
            );
            let base = self.wish(i);
            let hosts: Vec<Host> = (0..count)
                .map(|k| {
                    self.machine(
                        i,
                        &format!("{base}_{}", k + 1),
                        template,
                        &format!("#{}", k + 1),
                    )
                })
                .collect();
            if hosts.len() >= 2 {
                let at = self.origin(i, "#cluster");
                let name = self.names.unique("", &base, "group");
                let id = self.b.item(None, "cluster", &name, &at);
                let members: Vec<String> = hosts.iter().map(|h| h.path.clone()).collect();
                self.b
                    .attribute(Some(id), "members", Value::words(members), &at);
                self.b
                    .attribute(Some(id), "mode", Value::word("active_active"), &at);
            }
            if let Some(t) = template {
                self.used[t] = true;
            }
            self.hosts.insert(i, hosts);
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

    /// RDS instances and cluster instances: a server with a database each; read
    /// replicas name their source; a cluster's first instance is its writer.
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
            let engine = self.resources[engine_source]
                .get("engine")
                .str()
                .map(engine_name)
                .filter(|e| *e != "db");
            let mut attributes = Vec::new();
            if let Some(e) = engine {
                attributes.push(("engine", Value::word(e)));
            }
            let wish = self.wish(i);
            let mut host = self.server(
                i,
                &wish,
                (Kind::Database, engine.unwrap_or("db")),
                attributes,
            );
            let db = host.components[0].clone();
            let replica_of = self
                .targets_of(self.resources[i].get("replicate_source_db"))
                .first()
                .and_then(|s| paths.get(s).cloned())
                .or_else(|| match cluster {
                    Some(c) => writers.get(&c).cloned(),
                    None => None,
                });
            let at = self.at(i);
            match replica_of {
                Some(primary) => {
                    self.b
                        .attribute(Some(db.2), "role", Value::word("replica"), &at);
                    self.b
                        .attribute(Some(db.2), "replica_of", Value::word(primary), &at);
                }
                None => {
                    self.b
                        .attribute(Some(db.2), "role", Value::word("primary"), &at);
                    if let Some(c) = cluster {
                        writers.insert(c, db.1.clone());
                        self.used[c] = true;
                    }
                }
            }
            if self.resources[i].get("multi_az").bool() == Some(true) {
                let element = self.element(i);
                self.report.not_mapped(
                    element,
                    Some(self.resources[i].span),
                    "multi_az: the standby in another zone is not imported (the model has no managed failover yet)",
                );
            }
            paths.insert(i, db.1.clone());
            let groups = self.resources[i].get("vpc_security_group_ids").clone();
            host.groups = self.targets_of(&groups);
            self.hosts.insert(i, vec![host]);
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
