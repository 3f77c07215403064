//! What the words of a label say: software, roles, vendors, addresses, host names.
//!
//! People label shapes the way they talk — "Nginx", "MySQL (Primary)", "Load Ballancer",
//! "Server 1 - 10.0.0.2", "www.foobar.com" — so every check is a whole word or phrase,
//! case-insensitive, and misspellings people actually make are in the tables.

use crate::model::Kind;
use std::net::IpAddr;

/// A component a label names.
#[derive(Debug, Clone, PartialEq)]
pub struct Component {
    pub kind: Kind,
    /// `nginx`, `haproxy`, `gunicorn`; empty when only the role is named ("web server").
    pub software: &'static str,
    /// For databases: `primary` or `replica`.
    pub role: Option<&'static str>,
    /// For monitoring agents: the vendor ("Sumo Logic").
    pub vendor: Option<&'static str>,
}

const WEB: Kind = Kind::WebServer;
const APP: Kind = Kind::AppServer;
const DB: Kind = Kind::Database;
const LB: Kind = Kind::LoadBalancer;
const MON: Kind = Kind::MonitoringAgent;

/// Phrases that name a component, most specific first.
const SOFTWARE: &[(&str, Kind, &str)] = &[
    ("haproxy", LB, "haproxy"),
    ("ha proxy", LB, "haproxy"),
    ("ha-proxy", LB, "haproxy"),
    ("traefik", LB, "traefik"),
    ("envoy", LB, "envoy"),
    ("elb", LB, "elb"),
    ("alb", LB, "elb"),
    ("nlb", LB, "elb"),
    ("load balancer", LB, ""),
    ("load balancers", LB, ""),
    ("loadbalancer", LB, ""),
    ("load-balancer", LB, ""),
    ("load ballancer", LB, ""),
    ("load balacer", LB, ""),
    ("load balanser", LB, ""),
    ("load blancer", LB, ""),
    ("laod balancer", LB, ""),
    ("load balencer", LB, ""),
    ("load balnacer", LB, ""),
    ("balancer", LB, ""),
    ("lb", LB, ""),
    ("nginx", WEB, "nginx"),
    ("apache", WEB, "apache"),
    ("httpd", WEB, "apache"),
    ("caddy", WEB, "caddy"),
    ("lighttpd", WEB, "lighttpd"),
    ("iis", WEB, "iis"),
    ("web server", WEB, ""),
    ("webserver", WEB, ""),
    ("web-server", WEB, ""),
    ("gunicorn", APP, "gunicorn"),
    ("uwsgi", APP, "uwsgi"),
    ("node.js", APP, "node"),
    ("nodejs", APP, "node"),
    ("node", APP, "node"),
    ("express", APP, "express"),
    ("tomcat", APP, "tomcat"),
    ("puma", APP, "puma"),
    ("unicorn", APP, "unicorn"),
    ("php-fpm", APP, "php-fpm"),
    ("php", APP, "php-fpm"),
    ("django", APP, "django"),
    ("flask", APP, "flask"),
    ("rails", APP, "rails"),
    ("spring", APP, "spring"),
    ("app server", APP, ""),
    ("application server", APP, ""),
    ("appserver", APP, ""),
    ("app-server", APP, ""),
    ("application", APP, ""),
    ("backend", APP, ""),
    ("api", APP, ""),
    ("app", APP, ""),
    ("mysql", DB, "mysql"),
    ("mariadb", DB, "mariadb"),
    ("postgresql", DB, "postgres"),
    ("postgres", DB, "postgres"),
    ("psql", DB, "postgres"),
    ("mongodb", DB, "mongodb"),
    ("mongo", DB, "mongodb"),
    ("database", DB, ""),
    ("databases", DB, ""),
    ("db", DB, ""),
    ("rds", DB, ""),
    ("sql", DB, ""),
    ("monitoring client", MON, ""),
    ("monitoring agent", MON, ""),
    ("monitoring", MON, ""),
    ("monitor", MON, ""),
    ("agent", MON, ""),
    ("collector", MON, ""),
];

/// Monitoring vendors: an agent inside a server, a service outside.
const VENDORS: &[(&str, &str)] = &[
    ("sumo logic", "Sumo Logic"),
    ("sumologic", "Sumo Logic"),
    ("sumo", "Sumo Logic"),
    ("datadog", "Datadog"),
    ("new relic", "New Relic"),
    ("newrelic", "New Relic"),
    ("prometheus", "Prometheus"),
    ("grafana", "Grafana"),
    ("nagios", "Nagios"),
    ("zabbix", "Zabbix"),
    ("cloudwatch", "CloudWatch"),
];

const PRIMARY: &[&str] = &[
    "primary",
    "master",
    "writer",
    "main db",
    "read write",
    "read/write",
];
const REPLICA: &[&str] = &[
    "replica",
    "slave",
    "secondary",
    "standby",
    "reader",
    "read replica",
    "read only",
    "read-only",
];
const USERS: &[&str] = &[
    "user",
    "users",
    "client",
    "clients",
    "internet",
    "browser",
    "web browser",
    "visitor",
    "visitors",
    "customer",
    "customers",
    "end user",
    "end users",
];
const DNS: &[&str] = &[
    "dns",
    "route 53",
    "route53",
    "domain name",
    "name server",
    "nameserver",
];
const FIREWALL: &[&str] = &[
    "firewall",
    "firewalls",
    "fire wall",
    "fw",
    "waf",
    "ufw",
    "iptables",
    "security group",
];
const CERTIFICATE: &[&str] = &[
    "ssl",
    "certificate",
    "cert",
    "tls",
    "https certificate",
    "ssl certificate",
    "let's encrypt",
    "letsencrypt",
];
const HOST: &[&str] = &[
    "server", "servers", "srv", "host", "machine", "instance", "vm", "ec2", "droplet", "vps",
];
const CLUSTER: &[&str] = &[
    "cluster",
    "active-active",
    "active active",
    "active-passive",
    "active passive",
    "high availability",
    "ha pair",
    "failover",
];

/// What a label says, word by word.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Words {
    pub components: Vec<Component>,
    pub vendor: Option<&'static str>,
    pub users: bool,
    pub dns: bool,
    pub firewall: bool,
    pub certificate: bool,
    pub host: bool,
    pub cluster: bool,
    pub ips: Vec<IpAddr>,
    /// Dotted DNS names (`www.foobar.com`).
    pub hostnames: Vec<String>,
}

impl Words {
    pub fn of(label: &str) -> Words {
        let text = normalise(label);
        let has = |phrase: &&str| contains_word(&text, phrase);
        let mut words = Words {
            vendor: VENDORS.iter().find(|(w, _)| has(w)).map(|(_, v)| *v),
            users: USERS.iter().any(has),
            dns: DNS.iter().any(has),
            firewall: FIREWALL.iter().any(has),
            certificate: CERTIFICATE.iter().any(has),
            host: false,
            cluster: CLUSTER.iter().any(has),
            ..Words::default()
        };
        for token in label.split(|c: char| {
            c.is_whitespace()
                || matches!(
                    c,
                    ',' | '(' | ')' | '[' | ']' | '|' | ';' | '"' | '\'' | '<' | '>'
                )
        }) {
            let token = token.trim_matches(|c: char| !c.is_ascii_alphanumeric() && c != ':');
            if let Ok(ip) = token.parse::<IpAddr>() {
                words.ips.push(ip);
            } else if is_hostname(token) {
                words.hostnames.push(token.to_ascii_lowercase());
            }
        }
        let role = if PRIMARY.iter().any(has) {
            Some("primary")
        } else if REPLICA.iter().any(has) {
            Some("replica")
        } else {
            None
        };
        let mut covered: Vec<(usize, usize)> = Vec::new();
        for (phrase, kind, software) in SOFTWARE {
            let Some(at) = find_word(&text, phrase) else {
                continue;
            };
            let span = (at, at + phrase.len());
            if covered.iter().any(|&(s, e)| span.0 < e && s < span.1) {
                continue;
            }
            covered.push(span);
            // "app" in "web app", "agent" without monitoring context — generic words only
            // count when nothing more specific of the same kind was named.
            if let Some(existing) = words.components.iter_mut().find(|c| c.kind == *kind) {
                if existing.software.is_empty() {
                    existing.software = software;
                }
                continue;
            }
            words.components.push(Component {
                kind: *kind,
                software,
                role: (*kind == DB).then_some(role).flatten(),
                vendor: (*kind == MON).then_some(words.vendor).flatten(),
            });
        }
        // "Application server" names a component, not a host: host words count only
        // outside the component phrases.
        words.host = HOST.iter().any(|w| {
            let mut from = 0;
            while let Some(at) = find_word(&text[from..], w).map(|i| i + from) {
                if !covered.iter().any(|&(s, e)| at < e && s < at + w.len()) {
                    return true;
                }
                from = at + w.len();
                if from >= text.len() {
                    break;
                }
            }
            false
        });
        // "Monitoring client" is an agent, not the users' client.
        if words.components.iter().any(|c| c.kind == MON) && !contains_word(&text, "users") {
            words.users = false;
        }
        if words.dns {
            words
                .components
                .retain(|c| c.kind != DB || !c.software.is_empty());
        }
        words
    }
}

/// Lowercase, with `_` and line breaks as spaces.
pub fn normalise(label: &str) -> String {
    label
        .to_lowercase()
        .replace(['_', '\n', '\t'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether `phrase` occurs in `text` as whole words.
pub fn contains_word(text: &str, phrase: &str) -> bool {
    find_word(text, phrase).is_some()
}

fn find_word(text: &str, phrase: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = text[from..].find(phrase) {
        let at = from + i;
        let before = text[..at].chars().next_back();
        let after = text[at + phrase.len()..].chars().next();
        let boundary = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
        // `lb1`, `db2`, `server01`: a number right after a word still ends it.
        let end = |c: Option<char>| c.is_none_or(|c| !c.is_alphabetic());
        // `node.js`: a dot followed by a letter continues the word.
        let dotted = text[at + phrase.len()..].starts_with('.')
            && text[at + phrase.len() + 1..]
                .chars()
                .next()
                .is_some_and(char::is_alphanumeric);
        if boundary(before) && end(after) && !dotted {
            return Some(at);
        }
        from = at + phrase.len().max(1);
        if from >= text.len() {
            break;
        }
    }
    None
}

/// `www.foobar.com`, `foobar.com`: dotted, letters in the last label, no spaces.
pub fn is_hostname(token: &str) -> bool {
    let token = token.trim_end_matches('.');
    let labels: Vec<&str> = token.split('.').collect();
    labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && l.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '*')
        })
        && labels
            .last()
            .is_some_and(|l| l.len() >= 2 && l.chars().all(|c| c.is_ascii_alphabetic()))
        && !matches!(
            labels.last().copied(),
            Some(
                "js" | "py"
                    | "rb"
                    | "php"
                    | "conf"
                    | "cfg"
                    | "txt"
                    | "sh"
                    | "yml"
                    | "yaml"
                    | "json"
            )
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(label: &str) -> Vec<(Kind, &'static str)> {
        Words::of(label)
            .components
            .iter()
            .map(|c| (c.kind, c.software))
            .collect()
    }

    #[test]
    fn labels_name_components_by_software_and_role() {
        assert_eq!(kinds("Nginx"), vec![(WEB, "nginx")]);
        assert_eq!(kinds("HAProxy load balancer"), vec![(LB, "haproxy")]);
        assert_eq!(kinds("Load Ballancer"), vec![(LB, "")]);
        assert_eq!(kinds("laod balancer"), vec![(LB, "")]);
        assert_eq!(kinds("App server (Gunicorn)"), vec![(APP, "gunicorn")]);
        assert_eq!(kinds("Node.js API"), vec![(APP, "node")]);
        assert_eq!(
            kinds("nginx + gunicorn + MySQL"),
            vec![(WEB, "nginx"), (APP, "gunicorn"), (DB, "mysql")]
        );
        let db = Words::of("MySQL (Replica)");
        assert_eq!(db.components[0].role, Some("replica"));
        assert_eq!(
            Words::of("Database - Master").components[0].role,
            Some("primary")
        );
        let agent = Words::of("Monitoring client (Sumo Logic)");
        assert_eq!(agent.components[0].kind, MON);
        assert_eq!(agent.components[0].vendor, Some("Sumo Logic"));
        assert!(!agent.users);
    }

    #[test]
    fn labels_name_sides_addresses_and_names() {
        assert!(Words::of("Users").users);
        assert!(Words::of("Client browser").users);
        let dns = Words::of("DNS: www.foobar.com → 8.8.8.8");
        assert!(dns.dns);
        assert_eq!(dns.hostnames, vec!["www.foobar.com"]);
        assert_eq!(dns.ips, vec!["8.8.8.8".parse::<IpAddr>().unwrap()]);
        assert!(!Words::of("www.foobar.com").users);
        assert_eq!(kinds("LB1"), vec![(LB, "")]);
        assert_eq!(kinds("mysql8"), vec![(DB, "mysql")]);
        assert!(Words::of("Firewall").firewall);
        assert!(Words::of("SSL certificate").certificate);
        assert!(Words::of("Server 1").host);
        assert!(!Words::of("Application server (Gunicorn)").host);
        assert!(Words::of("Server 2: web server").host);
        assert!(Words::of("LB cluster (active-passive)").cluster);
        assert!(!is_hostname("node.js") && !is_hostname("10.0.0.1") && is_hostname("foobar.com"));
    }
}
