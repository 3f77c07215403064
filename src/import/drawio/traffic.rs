//! What an edge's label says about its traffic: protocol and port ("HTTPS", "TCP 3306",
//! ":8080", "MySQL"), and whether it is replication, monitoring data, a DNS lookup or
//! reads only.

use super::words::{contains_word, normalise};

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Traffic {
    /// Protocol name and an explicit port (`None`: the protocol's default).
    pub protocol: Option<(String, Option<u16>)>,
    pub replication: bool,
    pub monitoring: bool,
    pub read: bool,
    pub lookup: bool,
}

/// Ports people write, and the protocol each means.
const PORTS: &[(u16, &str)] = &[
    (80, "http"),
    (443, "https"),
    (8080, "http"),
    (8443, "https"),
    (8000, "http"),
    (3000, "http"),
    (5000, "http"),
    (3306, "mysql"),
    (5432, "postgres"),
    (27017, "mongodb"),
    (6379, "redis"),
    (22, "ssh"),
    (53, "dns"),
    (25, "smtp"),
    (9000, "fastcgi"),
];

/// Protocol words, most specific first; `ssl`/`tls` alone mean HTTPS on the web.
const PROTOCOLS: &[(&str, &str)] = &[
    ("https", "https"),
    ("ssl", "https"),
    ("tls", "https"),
    ("wss", "wss"),
    ("grpc", "grpc"),
    ("mysql", "mysql"),
    ("postgresql", "postgres"),
    ("postgres", "postgres"),
    ("mongodb", "mongodb"),
    ("redis", "redis"),
    ("ssh", "ssh"),
    ("smtp", "smtp"),
    ("dns", "dns"),
    ("uwsgi", "uwsgi"),
    ("fastcgi", "fastcgi"),
    ("http", "http"),
    ("websocket", "ws"),
];

impl Traffic {
    pub fn of(label: &str) -> Traffic {
        let text = normalise(label);
        let has = |w: &str| contains_word(&text, w);
        let mut traffic = Traffic {
            replication: [
                "replication",
                "replicates",
                "replicate",
                "sync",
                "synchronisation",
                "synchronization",
                "binlog",
                "copies",
            ]
            .iter()
            .any(|w| has(w)),
            monitoring: ["metrics", "logs", "monitoring", "telemetry", "monitor"]
                .iter()
                .any(|w| has(w)),
            read: (has("read") || has("reads") || has("read only") || has("read-only"))
                && !has("write")
                && !has("writes"),
            lookup: [
                "dns query",
                "dns lookup",
                "lookup",
                "resolve",
                "resolves",
                "resolution",
                "query dns",
            ]
            .iter()
            .any(|w| has(w)),
            protocol: None,
        };
        let named = PROTOCOLS.iter().find(|(w, _)| has(w)).map(|(_, p)| *p);
        let port = port_in(&text);
        traffic.protocol = match (named, port) {
            (Some(name), Some(port)) if default_port(name) == Some(port) => {
                Some((name.into(), None))
            }
            (Some(name), Some(port)) => Some((name.into(), Some(port))),
            (Some(name), None) => Some((name.into(), None)),
            (None, Some(port)) => Some(match PORTS.iter().find(|(p, _)| *p == port) {
                Some((p, name)) if default_port(name) == Some(*p) => ((*name).into(), None),
                Some((p, name)) => ((*name).into(), Some(*p)),
                None => ("tcp".into(), Some(port)),
            }),
            (None, None) => None,
        };
        traffic
    }
}

/// A port written as `:8080`, `port 8080`, `tcp 3306`, or a well-known number alone —
/// never a step number ("1. request").
fn port_in(text: &str) -> Option<u16> {
    let tokens: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == '/' || c == ',' || c == '(' || c == ')')
        .filter(|t| !t.is_empty())
        .collect();
    for (i, token) in tokens.iter().enumerate() {
        let after_colon = token.rsplit_once(':').map(|(_, p)| p);
        let previous = i.checked_sub(1).map(|j| tokens[j]);
        let number = after_colon.unwrap_or(token).trim_end_matches(['.', ';']);
        let Ok(port) = number.parse::<u16>() else {
            continue;
        };
        let marked = after_colon.is_some()
            || previous.is_some_and(|p| matches!(p, "port" | "tcp" | "udp" | "on" | "ports"));
        if port > 0 && (marked || PORTS.iter().any(|(p, _)| *p == port)) && !token.ends_with('.') {
            return Some(port);
        }
    }
    None
}

fn default_port(protocol: &str) -> Option<u16> {
    crate::model::protocol::Protocol::known(protocol, None).and_then(|p| p.port)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn protocol(label: &str) -> Option<(String, Option<u16>)> {
        Traffic::of(label).protocol
    }

    #[test]
    fn labels_give_protocols_and_ports() {
        assert_eq!(protocol("HTTPS"), Some(("https".into(), None)));
        assert_eq!(protocol("HTTP/HTTPS"), Some(("https".into(), None)));
        assert_eq!(protocol("TCP 3306"), Some(("mysql".into(), None)));
        assert_eq!(protocol("http :8080"), Some(("http".into(), Some(8080))));
        assert_eq!(protocol("port 9999"), Some(("tcp".into(), Some(9999))));
        assert_eq!(protocol("443"), Some(("https".into(), None)));
        assert_eq!(protocol("1. Request"), None);
        assert_eq!(protocol("SSL"), Some(("https".into(), None)));
        assert!(Traffic::of("Replication").replication);
        assert!(Traffic::of("read only").read);
        assert!(!Traffic::of("read/write").read);
        assert!(Traffic::of("DNS query").lookup);
        assert!(Traffic::of("metrics (HTTPS)").monitoring);
    }
}
