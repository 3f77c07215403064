//! AWS's other services as managed items: ElastiCache as caches, SQS, Amazon MQ and MSK
//! as queues, S3 buckets as object stores (public when an ACL or a bucket policy opens
//! them and no public access block stops it), and CloudFront distributions as CDNs in
//! front of their origins.

use super::{Host, Mapping};
use crate::import::terraform::Val;
use crate::model::Kind;
use crate::model::builder::Value;

impl Mapping<'_> {
    /// ElastiCache clusters and replication groups; a cluster that is a member of a
    /// replication group is part of it.
    pub(super) fn caches(&mut self) {
        let list: Vec<usize> = self
            .of_kind(&[
                "aws_elasticache_cluster",
                "aws_elasticache_replication_group",
                "aws_elasticache_serverless_cache",
            ])
            .collect();
        for i in list {
            self.used[i] = true;
            let r = &self.resources[i];
            if r.kind == "aws_elasticache_cluster" && !r.get("replication_group_id").is_null() {
                continue;
            }
            let v = r.values.clone();
            let engine = v
                .get("engine")
                .str()
                .unwrap_or("redis")
                .to_ascii_lowercase();
            let engine = if engine.contains("memcached") {
                "memcached"
            } else if engine.contains("valkey") {
                "valkey"
            } else {
                "redis"
            };
            let nodes = match r.kind.as_str() {
                "aws_elasticache_cluster" => v.get("num_cache_nodes").number().unwrap_or(1.0),
                "aws_elasticache_serverless_cache" => 2.0,
                _ => v
                    .get("num_cache_clusters")
                    .number()
                    .or_else(|| {
                        let groups = v.get("num_node_groups").number().unwrap_or(1.0);
                        let replicas = v.get("replicas_per_node_group").number()?;
                        Some(groups * (replicas + 1.0))
                    })
                    .unwrap_or(1.0),
            };
            let failover = v.get("automatic_failover_enabled").bool() == Some(true)
                || v.get("multi_az_enabled").bool() == Some(true)
                || v.get("az_mode").str() == Some("cross-az")
                || r.kind == "aws_elasticache_serverless_cache";
            let mut zones = self.zones_of(i, &["subnet_ids"]);
            for g in self.targets_of(v.get("subnet_group_name")) {
                for z in self.zones_of_subnets(self.resources[g].get("subnet_ids")) {
                    if !zones.contains(&z) {
                        zones.push(z);
                    }
                }
            }
            let zones = if failover && nodes >= 2.0 {
                if zones.len() >= 2 {
                    zones
                } else {
                    self.guessed_zones(i, "a cache with nodes in several zones")
                }
            } else {
                zones.into_iter().take(1).collect()
            };
            let wish = ["replication_group_id", "cluster_id", "name"]
                .iter()
                .find_map(|k| v.get(k).str().map(str::to_string))
                .unwrap_or_else(|| self.wish(i));
            let mut host = self.managed(
                i,
                Kind::Cache,
                &wish,
                vec![("engine", Value::word(engine))],
                &zones,
            );
            host.groups = self.targets_of(v.get("security_group_ids"));
            self.hosts.insert(i, vec![host]);
        }
    }

    /// SQS queues (regional), Amazon MQ brokers and MSK clusters (over their subnets'
    /// zones).
    pub(super) fn queues(&mut self) {
        let list: Vec<usize> = self
            .of_kind(&["aws_sqs_queue", "aws_mq_broker", "aws_msk_cluster"])
            .collect();
        for i in list {
            self.used[i] = true;
            let v = self.resources[i].values.clone();
            let (engine, name_key, zones, groups) = match self.resources[i].kind.as_str() {
                "aws_sqs_queue" => ("sqs".to_string(), "name", Vec::new(), Val::Null),
                "aws_mq_broker" => {
                    let engine = v
                        .get("engine_type")
                        .str()
                        .unwrap_or("activemq")
                        .to_ascii_lowercase();
                    let mut zones = self.zones_of(i, &["subnet_ids"]);
                    if !v
                        .get("deployment_mode")
                        .str()
                        .is_some_and(|m| m.contains("MULTI_AZ"))
                    {
                        zones.truncate(1);
                    }
                    (
                        engine,
                        "broker_name",
                        zones,
                        v.get("security_groups").clone(),
                    )
                }
                _ => {
                    let nodes = v.blocks("broker_node_group_info").first().cloned();
                    let nodes = nodes.unwrap_or(Val::Null);
                    let zones = self.zones_of_subnets(nodes.get("client_subnets"));
                    let groups = nodes.get("security_groups").clone();
                    ("kafka".to_string(), "cluster_name", zones, groups)
                }
            };
            let wish = v
                .get(name_key)
                .str()
                .map_or_else(|| self.wish(i), str::to_string);
            let mut host = self.managed(
                i,
                Kind::Queue,
                &wish,
                vec![("engine", Value::word(engine))],
                &zones,
            );
            host.groups = self.targets_of(&groups);
            self.hosts.insert(i, vec![host]);
        }
    }

    /// S3 buckets: public when an ACL (`acl` or `aws_s3_bucket_acl`) grants everyone
    /// read, or a bucket policy allows principal `*`, and no public access block
    /// stops it.
    pub(super) fn buckets(&mut self) {
        let list: Vec<usize> = self.of_kind(&["aws_s3_bucket"]).collect();
        for i in list {
            self.used[i] = true;
            let v = self.resources[i].values.clone();
            let mut acl_public = public_acl(v.get("acl"));
            let mut policy_public = v.get("policy").str().is_some_and(policy_allows_anyone);
            let (mut blocks_acls, mut blocks_policy) = (false, false);
            for r in self.resources.iter() {
                if r.data || !self.targets_of(r.get("bucket")).contains(&i) {
                    continue;
                }
                match r.kind.as_str() {
                    "aws_s3_bucket_acl" => acl_public |= public_acl(r.get("acl")),
                    "aws_s3_bucket_policy" => {
                        policy_public |= self.policy_is_public(r.get("policy"));
                    }
                    "aws_s3_bucket_public_access_block" => {
                        let on = |k: &str| r.get(k).bool() == Some(true);
                        blocks_acls = on("block_public_acls") || on("ignore_public_acls");
                        blocks_policy = on("block_public_policy") || on("restrict_public_buckets");
                    }
                    _ => {}
                }
            }
            let public = (acl_public && !blocks_acls) || (policy_public && !blocks_policy);
            let wish = v
                .get("bucket")
                .str()
                .map_or_else(|| self.wish(i), str::to_string);
            let host = self.managed(
                i,
                Kind::ObjectStore,
                &wish,
                vec![
                    ("software", Value::word("s3")),
                    ("public", Value::Bool(public)),
                ],
                &[],
            );
            self.hosts.insert(i, vec![host]);
        }
        for j in self
            .of_kind(&[
                "aws_s3_bucket_acl",
                "aws_s3_bucket_policy",
                "aws_s3_bucket_public_access_block",
            ])
            .collect::<Vec<_>>()
        {
            let bucket = self.targets_of(self.resources[j].get("bucket"));
            if bucket.iter().any(|b| self.hosts.contains_key(b)) {
                self.used[j] = true;
            }
        }
    }

    /// A policy that allows everyone: as text (a literal, `jsonencode`) or as an
    /// `aws_iam_policy_document` data source in this configuration.
    fn policy_is_public(&self, policy: &Val) -> bool {
        if let Some(text) = policy.str() {
            return policy_allows_anyone(text);
        }
        self.targets_of(policy).into_iter().any(|d| {
            self.resources[d]
                .values
                .blocks("statement")
                .iter()
                .any(|s| {
                    s.get("effect").str() != Some("Deny")
                        && s.blocks("principals").iter().any(|p| {
                            p.get("identifiers")
                                .items()
                                .iter()
                                .any(|id| id.str() == Some("*"))
                        })
                })
        })
    }

    /// CloudFront distributions: a CDN users reach over HTTPS (or plain HTTP when the
    /// viewer policy allows it), sending to each origin that is a load balancer or
    /// bucket of this configuration.
    pub(super) fn distributions(&mut self) {
        let list: Vec<usize> = self.of_kind(&["aws_cloudfront_distribution"]).collect();
        for i in list {
            self.used[i] = true;
            let v = self.resources[i].values.clone();
            let at = self.origin(i, "");
            let wish = self.wish(i);
            let name = self.names.unique("", &wish, "cdn");
            let id = self.b.item(None, "cdn", &name, &at);
            self.b
                .attribute(Some(id), "provider", Value::word("aws"), &at);
            let viewer = v.blocks("viewer_certificate").first().cloned();
            if let Some(cert) = viewer
                .as_ref()
                .map(|c| self.targets_of(c.get("acm_certificate_arn")))
                .and_then(|c| c.first().and_then(|c| self.certificates.get(c).cloned()))
            {
                self.b.attribute(Some(id), "tls", Value::word(cert), &at);
            }
            let behaviours: Vec<Val> = v
                .blocks("default_cache_behavior")
                .iter()
                .chain(v.blocks("ordered_cache_behavior"))
                .cloned()
                .collect();
            let policies: Vec<&str> = behaviours
                .iter()
                .filter_map(|b| b.get("viewer_protocol_policy").str())
                .collect();
            if policies.contains(&"redirect-to-https") {
                self.b
                    .attribute(Some(id), "redirect_to_https", Value::Bool(true), &at);
            }
            let flow_at = self.at(i);
            self.flow("internet", &name, Some(("https".into(), None)), &flow_at);
            if policies.contains(&"allow-all") {
                self.flow("internet", &name, Some(("http".into(), None)), &flow_at);
            }
            for origin in v.blocks("origin").to_vec() {
                let targets = self.targets_of(origin.get("domain_name"));
                let host: Option<Host> = targets
                    .iter()
                    .find_map(|t| self.hosts.get(t).and_then(|h| h.first().cloned()));
                let Some(host) = host else {
                    let element = self.element(i);
                    let domain = origin
                        .get("domain_name")
                        .str()
                        .map_or(String::new(), |d| format!(" {d}"));
                    self.report.not_mapped(
                        element,
                        Some(self.resources[i].span),
                        format!("the origin{domain}: not a load balancer or bucket of this configuration"),
                    );
                    continue;
                };
                let custom = origin.blocks("custom_origin_config").first().cloned();
                let protocol = match custom
                    .as_ref()
                    .and_then(|c| c.get("origin_protocol_policy").str())
                {
                    Some("http-only") => {
                        let port = custom
                            .as_ref()
                            .and_then(|c| super::port(c.get("http_port")))
                            .filter(|p| *p != 80);
                        ("http".to_string(), port)
                    }
                    _ => ("https".to_string(), None),
                };
                let to =
                    Self::receiver(&host, &protocol.0, protocol.1).unwrap_or(host.path.clone());
                self.flow(&name, &to, Some(protocol), &flow_at);
            }
            self.hosts.insert(
                i,
                vec![Host {
                    id,
                    path: name.clone(),
                    components: vec![(Kind::Cdn, name, id)],
                    groups: Vec::new(),
                }],
            );
        }
    }
}

fn public_acl(acl: &Val) -> bool {
    matches!(acl.str(), Some("public-read" | "public-read-write"))
}

/// A policy document (JSON text) with a statement that allows principal `*`.
fn policy_allows_anyone(text: &str) -> bool {
    let Ok(json) = serde_json::from_str::<serde_json::Value>(text) else {
        return false;
    };
    let statements = match &json["Statement"] {
        serde_json::Value::Array(list) => list.clone(),
        one @ serde_json::Value::Object(_) => vec![one.clone()],
        _ => Vec::new(),
    };
    statements.iter().any(|s| {
        let anyone = |p: &serde_json::Value| match p {
            serde_json::Value::String(s) => s == "*",
            serde_json::Value::Array(list) => list.iter().any(|x| x == "*"),
            _ => false,
        };
        s["Effect"] == "Allow"
            && (anyone(&s["Principal"])
                || s["Principal"]
                    .as_object()
                    .is_some_and(|m| m.values().any(anyone)))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_policy_that_allows_everyone_is_public() {
        assert!(policy_allows_anyone(
            r#"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject"}]}"#
        ));
        assert!(policy_allows_anyone(
            r#"{"Statement":{"Effect":"Allow","Principal":{"AWS":["*"]}}}"#
        ));
        assert!(!policy_allows_anyone(
            r#"{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::1:root"}}]}"#
        ));
        assert!(!policy_allows_anyone(
            r#"{"Statement":[{"Effect":"Deny","Principal":"*"}]}"#
        ));
        assert!(!policy_allows_anyone("not json"));
    }
}
