//! What the write-up knows about well-known software: its usual spelling, what it is,
//! where it reports its request rate, how it replicates. A design names software in
//! free text (`software = apache`); unknown names are shown as written and get the
//! general explanation.

use super::document::{Spans, code, spans};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Software {
    Nginx,
    Apache,
    Caddy,
    Lighttpd,
    HAProxy,
    Traefik,
    Envoy,
    Gunicorn,
    Uwsgi,
    Node,
    PhpFpm,
    Puma,
    Unicorn,
    Tomcat,
    MySql,
    MariaDb,
    PostgreSql,
    MongoDb,
    Redis,
    Keepalived,
    Pacemaker,
    Orchestrator,
    Patroni,
}

impl Software {
    pub fn of(raw: &str) -> Option<Software> {
        use Software::*;
        Some(match raw.trim().to_ascii_lowercase().as_str() {
            "nginx" => Nginx,
            "apache" | "httpd" | "apache2" => Apache,
            "caddy" => Caddy,
            "lighttpd" => Lighttpd,
            "haproxy" => HAProxy,
            "traefik" => Traefik,
            "envoy" => Envoy,
            "gunicorn" => Gunicorn,
            "uwsgi" => Uwsgi,
            "node" | "nodejs" | "node.js" => Node,
            "php-fpm" | "php_fpm" | "phpfpm" | "php" => PhpFpm,
            "puma" => Puma,
            "unicorn" => Unicorn,
            "tomcat" => Tomcat,
            "mysql" => MySql,
            "mariadb" => MariaDb,
            "postgres" | "postgresql" => PostgreSql,
            "mongodb" | "mongo" => MongoDb,
            "redis" => Redis,
            "keepalived" => Keepalived,
            "pacemaker" => Pacemaker,
            "orchestrator" => Orchestrator,
            "patroni" => Patroni,
            _ => return None,
        })
    }

    /// The name as its authors spell it.
    pub fn display(self) -> &'static str {
        use Software::*;
        match self {
            Nginx => "Nginx",
            Apache => "Apache",
            Caddy => "Caddy",
            Lighttpd => "lighttpd",
            HAProxy => "HAProxy",
            Traefik => "Traefik",
            Envoy => "Envoy",
            Gunicorn => "Gunicorn",
            Uwsgi => "uWSGI",
            Node => "Node.js",
            PhpFpm => "PHP-FPM",
            Puma => "Puma",
            Unicorn => "Unicorn",
            Tomcat => "Tomcat",
            MySql => "MySQL",
            MariaDb => "MariaDB",
            PostgreSql => "PostgreSQL",
            MongoDb => "MongoDB",
            Redis => "Redis",
            Keepalived => "keepalived",
            Pacemaker => "Pacemaker",
            Orchestrator => "Orchestrator",
            Patroni => "Patroni",
        }
    }

    /// What it is, in a phrase: "a Python WSGI server".
    pub fn what(self) -> &'static str {
        use Software::*;
        match self {
            Nginx => "an event-driven web server and reverse proxy",
            Apache => "the Apache HTTP Server, a modular web server",
            Caddy => "a web server that obtains and renews its TLS certificates itself",
            Lighttpd => "a small, event-driven web server",
            HAProxy => "a TCP and HTTP load balancer",
            Traefik => "a reverse proxy and load balancer that configures itself from its platform",
            Envoy => "a proxy and load balancer built for service meshes",
            Gunicorn => "a Python WSGI application server",
            Uwsgi => "an application server for Python (WSGI) and other languages",
            Node => "a JavaScript runtime whose program is its own HTTP server",
            PhpFpm => "PHP's FastCGI process manager, running the PHP code",
            Puma => "a Ruby (Rack) application server",
            Unicorn => "a Ruby (Rack) application server of pre-forked workers",
            Tomcat => "a Java servlet container",
            MySql => "a relational database",
            MariaDb => "a relational database, a fork of MySQL",
            PostgreSql => "a relational database",
            MongoDb => "a document database",
            Redis => "an in-memory key-value store",
            Keepalived => "a VRRP daemon that moves a virtual IP to a healthy member",
            Pacemaker => "a cluster resource manager that moves services and addresses on failure",
            Orchestrator => {
                "a MySQL failover manager that promotes a replica when the primary dies"
            }
            Patroni => {
                "a PostgreSQL failover manager that promotes a standby when the primary dies"
            }
        }
    }

    /// Where a web-facing server counts the requests it handles, for a request-rate
    /// (QPS) metric.
    pub fn request_counter(self) -> Option<Spans> {
        use Software::*;
        Some(match self {
            Nginx => spans![
                "Nginx's ",
                code("stub_status"),
                " page (its running total of requests) or its access log"
            ],
            Apache => spans![
                "Apache's ",
                code("mod_status"),
                " page (",
                code("/server-status?auto"),
                ": total accesses and requests per second) or its access log"
            ],
            Caddy => spans![
                "Caddy's metrics endpoint (",
                code("/metrics"),
                ", Prometheus format: requests by server and status) or its access log"
            ],
            Lighttpd => spans!["lighttpd's ", code("mod_status"), " page or its access log"],
            HAProxy => spans![
                "HAProxy's stats page, or ",
                code("show stat"),
                " on its stats socket, which gives the request rate of every frontend and \
                 backend"
            ],
            Traefik => spans![
                "Traefik's Prometheus metrics (",
                code("traefik_entrypoint_requests_total"),
                ")"
            ],
            Envoy => spans![
                "Envoy's admin ",
                code("/stats"),
                " page (",
                code("downstream_rq_total"),
                ")"
            ],
            _ => return None,
        })
    }

    /// How a primary hands its changes to its replicas, in a sentence.
    pub fn replication(self) -> Option<Spans> {
        use Software::*;
        Some(match self {
            MySql | MariaDb => spans![
                "The primary records every change in its binary log (binlog); each replica's I/O thread copies it into a relay log and its \
                 SQL thread replays it, by default asynchronously, so a replica can lag a \
                 little behind."
            ],
            PostgreSql => spans![
                "The primary writes every change to its write-ahead log (WAL) before \
                 applying it; each standby streams the WAL over a replication connection \
                 (streaming replication) and replays it, answering read-only queries \
                 meanwhile (hot standby). It is asynchronous unless ",
                code("synchronous_standby_names"),
                " makes the primary wait for a standby."
            ],
            MongoDb => spans![
                "The primary records every write in its ",
                code("oplog"),
                "; the other members of the replica set tail it and apply it, and if the \
                 primary fails they elect a new one among themselves."
            ],
            Redis => spans![
                "A replica (",
                code("replicaof"),
                ") first loads a snapshot of the primary's data, then receives the stream \
                 of every write command; Redis Sentinel can promote a replica when the \
                 primary fails."
            ],
            _ => return None,
        })
    }
}

/// Software as a reader should see it: the usual spelling, else as written.
pub fn display(raw: &str) -> String {
    Software::of(raw).map_or_else(|| raw.trim().to_string(), |s| s.display().to_string())
}
