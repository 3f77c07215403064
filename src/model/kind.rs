//! The kinds of things a design is made of, and where each may be declared.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Built in: the users' side of the design.
    Internet,
    Server,
    WebServer,
    AppServer,
    Database,
    LoadBalancer,
    MonitoringAgent,
    Firewall,
    /// A firewall rule admitting traffic (`allow { ... }` inside a firewall).
    Allow,
    /// A firewall rule refusing traffic.
    Deny,
    Certificate,
    Cluster,
    Domain,
    Record,
    Service,
}

/// Where a block can be declared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    TopLevel,
    In(Kind),
}

impl Kind {
    /// Every kind a user can declare, in the order `infrac` documents them.
    pub const DECLARABLE: [Kind; 14] = [
        Kind::Server,
        Kind::WebServer,
        Kind::AppServer,
        Kind::Database,
        Kind::LoadBalancer,
        Kind::MonitoringAgent,
        Kind::Firewall,
        Kind::Allow,
        Kind::Deny,
        Kind::Certificate,
        Kind::Cluster,
        Kind::Domain,
        Kind::Record,
        Kind::Service,
    ];

    pub fn keyword(self) -> &'static str {
        match self {
            Kind::Internet => "internet",
            Kind::Server => "server",
            Kind::WebServer => "web_server",
            Kind::AppServer => "app_server",
            Kind::Database => "database",
            Kind::LoadBalancer => "load_balancer",
            Kind::MonitoringAgent => "monitoring_agent",
            Kind::Firewall => "firewall",
            Kind::Allow => "allow",
            Kind::Deny => "deny",
            Kind::Certificate => "certificate",
            Kind::Cluster => "cluster",
            Kind::Domain => "domain",
            Kind::Record => "record",
            Kind::Service => "service",
        }
    }

    pub fn from_keyword(word: &str) -> Option<Kind> {
        Kind::DECLARABLE.into_iter().find(|k| k.keyword() == word)
    }

    /// What an item of this kind is, as a bare noun: "web server", "application server".
    /// The one wording of each concept — messages, lint findings and write-ups all use it.
    pub fn role(self) -> &'static str {
        match self {
            Kind::Internet => "internet",
            Kind::Server => "server",
            Kind::WebServer => "web server",
            Kind::AppServer => "application server",
            Kind::Database => "database",
            Kind::LoadBalancer => "load balancer",
            Kind::MonitoringAgent => "monitoring agent",
            Kind::Firewall => "firewall",
            Kind::Allow => "allow rule",
            Kind::Deny => "deny rule",
            Kind::Certificate => "certificate",
            Kind::Cluster => "cluster",
            Kind::Domain => "domain",
            Kind::Record => "DNS record",
            Kind::Service => "service",
        }
    }

    /// Words for messages, with the article: "a web server", "an application server".
    pub fn noun(self) -> &'static str {
        match self {
            Kind::Internet => "the internet",
            Kind::Server => "a server",
            Kind::WebServer => "a web server",
            Kind::AppServer => "an application server",
            Kind::Database => "a database",
            Kind::LoadBalancer => "a load balancer",
            Kind::MonitoringAgent => "a monitoring agent",
            Kind::Firewall => "a firewall",
            Kind::Allow => "an allow rule",
            Kind::Deny => "a deny rule",
            Kind::Certificate => "a certificate",
            Kind::Cluster => "a cluster",
            Kind::Domain => "a domain",
            Kind::Record => "a DNS record",
            Kind::Service => "a service",
        }
    }

    /// Software that runs on a server and handles traffic.
    pub fn is_component(self) -> bool {
        matches!(
            self,
            Kind::WebServer
                | Kind::AppServer
                | Kind::Database
                | Kind::LoadBalancer
                | Kind::MonitoringAgent
        )
    }

    /// Where a block of this kind may sit.
    pub fn places(self) -> &'static [Place] {
        use Place::*;
        match self {
            Kind::Server | Kind::Certificate | Kind::Cluster | Kind::Domain | Kind::Service => {
                &[TopLevel]
            }
            Kind::WebServer
            | Kind::AppServer
            | Kind::Database
            | Kind::LoadBalancer
            | Kind::MonitoringAgent => &[In(Kind::Server)],
            Kind::Firewall => &[TopLevel, In(Kind::Server)],
            Kind::Allow | Kind::Deny => &[In(Kind::Firewall)],
            Kind::Record => &[In(Kind::Domain)],
            Kind::Internet => &[],
        }
    }

    /// Kinds whose blocks hold other items, so `name.child` paths go through them.
    pub fn is_container(self) -> bool {
        matches!(self, Kind::Server | Kind::Firewall | Kind::Domain)
    }

    /// Firewall rules are anonymous by default; everything else needs a name.
    pub fn needs_name(self) -> bool {
        !matches!(self, Kind::Allow | Kind::Deny)
    }

    /// Whether traffic can start or end at an item of this kind.
    pub fn is_flow_endpoint(self) -> bool {
        self.is_component()
            || matches!(
                self,
                Kind::Internet | Kind::Server | Kind::Cluster | Kind::Service
            )
    }
}

impl Place {
    pub fn describe(self) -> String {
        match self {
            Place::TopLevel => "at the top level".to_string(),
            Place::In(kind) => format!("inside {}", kind.noun()),
        }
    }
}

impl std::fmt::Display for Kind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.keyword())
    }
}
