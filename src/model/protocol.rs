//! Protocols a flow can name, their default ports, and whether they are encrypted.

use super::kind::Kind;
use serde::Serialize;

/// What family a protocol belongs to; decides which component on a server receives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Family {
    /// HTTP and friends: load balancers, web servers and app servers speak it.
    Web,
    /// App-server gateway protocols (uwsgi, fastcgi).
    Gateway,
    /// A database wire protocol.
    Database,
    /// Remote administration of the host itself.
    Shell,
    /// Metrics and logs into monitoring.
    Telemetry,
    /// Messages into and out of a queue or log (AMQP, Kafka, MQTT).
    Messaging,
    /// Anything else (DNS, mail, queues, custom ports).
    Other,
}

struct Known {
    name: &'static str,
    port: u16,
    encrypted: bool,
    family: Family,
    /// Engines that speak this protocol (databases and caches for `Family::Database`,
    /// brokers for `Family::Messaging`).
    engines: &'static [&'static str],
}

const fn known(name: &'static str, port: u16, encrypted: bool, family: Family) -> Known {
    Known {
        name,
        port,
        encrypted,
        family,
        engines: &[],
    }
}

const fn db(name: &'static str, port: u16, engines: &'static [&'static str]) -> Known {
    Known {
        name,
        port,
        encrypted: false,
        family: Family::Database,
        engines,
    }
}

const fn broker(
    name: &'static str,
    port: u16,
    encrypted: bool,
    engines: &'static [&'static str],
) -> Known {
    Known {
        name,
        port,
        encrypted,
        family: Family::Messaging,
        engines,
    }
}

const KNOWN: &[Known] = &[
    known("http", 80, false, Family::Web),
    known("https", 443, true, Family::Web),
    known("http2", 443, true, Family::Web),
    known("h2c", 80, false, Family::Web),
    known("ws", 80, false, Family::Web),
    known("wss", 443, true, Family::Web),
    known("grpc", 443, true, Family::Web),
    known("http3", 443, true, Family::Web),
    known("quic", 443, true, Family::Web),
    known("uwsgi", 3031, false, Family::Gateway),
    known("fastcgi", 9000, false, Family::Gateway),
    known("wsgi", 8000, false, Family::Gateway),
    db("mysql", 3306, &["mysql", "mariadb", "percona", "aurora"]),
    db("postgres", 5432, &["postgres", "postgresql", "aurora"]),
    db("postgresql", 5432, &["postgres", "postgresql", "aurora"]),
    db("mongodb", 27017, &["mongodb", "mongo"]),
    db("redis", 6379, &["redis", "valkey", "keydb"]),
    db("memcached", 11211, &["memcached"]),
    db("cassandra", 9042, &["cassandra", "scylla", "scylladb"]),
    db("mssql", 1433, &["mssql", "sqlserver"]),
    db("oracle", 1521, &["oracle"]),
    db("elasticsearch", 9200, &["elasticsearch", "opensearch"]),
    known("ssh", 22, true, Family::Shell),
    known("rdp", 3389, true, Family::Shell),
    known("statsd", 8125, false, Family::Telemetry),
    known("syslog", 514, false, Family::Telemetry),
    known("dns", 53, false, Family::Other),
    known("smtp", 25, false, Family::Other),
    known("smtps", 465, true, Family::Other),
    known("imap", 143, false, Family::Other),
    known("imaps", 993, true, Family::Other),
    known("ftp", 21, false, Family::Other),
    known("sftp", 22, true, Family::Other),
    known("ldap", 389, false, Family::Other),
    known("ldaps", 636, true, Family::Other),
    broker("amqp", 5672, false, AMQP_BROKERS),
    broker("amqps", 5671, true, AMQP_BROKERS),
    broker("kafka", 9092, false, KAFKA_BROKERS),
    broker("mqtt", 1883, false, MQTT_BROKERS),
    broker("mqtts", 8883, true, MQTT_BROKERS),
    broker("nats", 4222, false, &["nats"]),
    known("nfs", 2049, false, Family::Other),
    known("ntp", 123, false, Family::Other),
    known("wireguard", 51820, true, Family::Other),
    known("openvpn", 1194, true, Family::Other),
    known("tcp", 0, false, Family::Other),
    known("udp", 0, false, Family::Other),
    known("tls", 0, true, Family::Other),
];

const AMQP_BROKERS: &[&str] = &["rabbitmq", "activemq", "qpid", "lavinmq", "amazonmq"];
const KAFKA_BROKERS: &[&str] = &["kafka", "redpanda", "msk", "confluent"];
const MQTT_BROKERS: &[&str] = &["mosquitto", "emqx", "hivemq", "rabbitmq"];

/// A protocol as a flow uses it: name, effective port, and encryption.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Protocol {
    pub name: String,
    /// The port used: the one written (`http/8080`) or the protocol's default.
    pub port: Option<u16>,
    /// True for TLS protocols (https, mysql+tls, ssh…).
    pub encrypted: bool,
    pub family: Family,
}

impl Protocol {
    /// Look up a protocol by name; `X+tls` is X wrapped in TLS. `None` for unknown names.
    pub fn known(name: &str, port: Option<u16>) -> Option<Protocol> {
        let (base, tls) = match name.strip_suffix("+tls") {
            Some(base) => (base, true),
            None => (name, false),
        };
        let entry = KNOWN.iter().find(|k| k.name == base)?;
        let port = port.or((entry.port != 0).then_some(entry.port));
        Some(Protocol {
            name: name.to_string(),
            port,
            encrypted: entry.encrypted || tls,
            family: entry.family,
        })
    }

    /// A protocol infrac does not know, usable only with an explicit port.
    pub fn custom(name: &str, port: u16) -> Protocol {
        Protocol {
            name: name.to_string(),
            port: Some(port),
            encrypted: name.ends_with("+tls"),
            family: Family::Other,
        }
    }

    /// The wire protocols a database engine speaks (`mariadb` → mysql); every database
    /// protocol when the engine is unknown or unset.
    pub fn for_engine(engine: Option<&str>) -> Vec<Protocol> {
        Protocol::of_family(Family::Database, engine)
    }

    /// The protocols of `family` an engine speaks; all of the family's when the engine is
    /// unknown or unset.
    pub fn of_family(family: Family, engine: Option<&str>) -> Vec<Protocol> {
        let engine = engine.map(str::to_ascii_lowercase);
        let speaks = |k: &&Known| match &engine {
            Some(e) if is_known_engine(e) => k.engines.contains(&e.as_str()),
            _ => true,
        };
        KNOWN
            .iter()
            .filter(|k| k.family == family)
            .filter(speaks)
            .filter_map(|k| Protocol::known(k.name, None))
            .collect()
    }

    /// The name without a `+tls` suffix: `mysql+tls` is mysql.
    pub fn base(&self) -> &str {
        self.name.trim_end_matches("+tls")
    }

    pub fn known_names() -> impl Iterator<Item = &'static str> {
        KNOWN.iter().map(|k| k.name)
    }

    /// How well a component of `kind` (with database `engine`) fits as the receiver of
    /// this protocol: higher is better, `None` means it does not listen for it.
    pub fn receiver_rank(&self, kind: Kind, engine: Option<&str>) -> Option<u8> {
        match (self.family, kind) {
            (Family::Web, Kind::LoadBalancer) => Some(3),
            (Family::Web, Kind::WebServer) => Some(2),
            (Family::Web | Family::Gateway, Kind::AppServer) => Some(1),
            // Managed queues and object stores answer an HTTP API (SQS, S3).
            (Family::Web, Kind::Queue | Kind::ObjectStore) => Some(1),
            (Family::Database, Kind::Database | Kind::Cache) => {
                self.engine_matches(engine).then_some(2)
            }
            (Family::Messaging, Kind::Queue) => self.engine_matches(engine).then_some(2),
            (Family::Database | Family::Messaging | Family::Other, Kind::LoadBalancer) => Some(1),
            (Family::Telemetry, Kind::MonitoringAgent) => Some(1),
            _ => None,
        }
    }

    /// How well a component of `kind` fits as the sender of this protocol from its server.
    pub fn sender_rank(&self, kind: Kind) -> Option<u8> {
        match (self.family, kind) {
            (Family::Web, Kind::LoadBalancer) => Some(3),
            (Family::Web, Kind::WebServer) => Some(2),
            (Family::Web | Family::Gateway, Kind::AppServer) => Some(1),
            (Family::Gateway, Kind::WebServer) => Some(2),
            (Family::Database, Kind::AppServer) => Some(3),
            (Family::Database, Kind::WebServer) => Some(2),
            (Family::Database, Kind::Database | Kind::Cache) => Some(1),
            (Family::Messaging, Kind::AppServer) => Some(3),
            (Family::Messaging, Kind::WebServer) => Some(2),
            (Family::Telemetry, Kind::MonitoringAgent) => Some(1),
            (Family::Web | Family::Other, Kind::Tunnel) => Some(1),
            _ => None,
        }
    }

    fn engine_matches(&self, engine: Option<&str>) -> bool {
        let base = self.name.trim_end_matches("+tls");
        let Some(entry) = KNOWN.iter().find(|k| k.name == base) else {
            return true;
        };
        match engine.map(str::to_ascii_lowercase) {
            // An engine infrac does not know could speak anything.
            Some(engine) if is_known_engine(&engine) => entry.engines.contains(&engine.as_str()),
            _ => true,
        }
    }
}

fn is_known_engine(engine: &str) -> bool {
    KNOWN.iter().any(|k| k.engines.contains(&engine))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_ports_and_overrides() {
        assert_eq!(
            Protocol::known("https", None).and_then(|p| p.port),
            Some(443)
        );
        assert_eq!(
            Protocol::known("http", Some(8080)).and_then(|p| p.port),
            Some(8080)
        );
        assert_eq!(
            Protocol::known("mysql", None).and_then(|p| p.port),
            Some(3306)
        );
        assert_eq!(Protocol::known("tcp", None).and_then(|p| p.port), None);
        assert!(Protocol::known("htps", None).is_none());
    }

    #[test]
    fn tls_suffix_encrypts() {
        let p = Protocol::known("mysql+tls", None);
        assert_eq!(p.as_ref().map(|p| p.encrypted), Some(true));
        assert_eq!(p.map(|p| p.family), Some(Family::Database));
    }

    #[test]
    fn engines_map_to_their_protocols() {
        let names = |e| {
            Protocol::for_engine(e)
                .into_iter()
                .map(|p| p.name)
                .collect::<Vec<_>>()
        };
        assert_eq!(names(Some("MariaDB")), ["mysql"]);
        assert_eq!(names(Some("postgresql")), ["postgres", "postgresql"]);
        assert_eq!(names(Some("mongo")), ["mongodb"]);
        assert!(
            names(Some("tidb")).len() > 5,
            "an unknown engine could speak any"
        );
    }

    #[test]
    fn databases_listen_for_their_engine_only() {
        let mysql = Protocol::known("mysql", None);
        let rank = |e| {
            mysql
                .as_ref()
                .and_then(|p| p.receiver_rank(Kind::Database, e))
        };
        assert_eq!(rank(Some("MySQL")), Some(2));
        assert_eq!(rank(Some("mariadb")), Some(2));
        assert_eq!(rank(Some("postgres")), None);
        assert_eq!(
            rank(Some("tidb")),
            Some(2),
            "an unknown engine may speak mysql"
        );
        assert_eq!(rank(None), Some(2));
    }
}
