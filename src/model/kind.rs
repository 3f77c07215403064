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
    /// A cache (Redis, Memcached): a component, or a provider's managed cache.
    Cache,
    /// A message queue or log (RabbitMQ, Kafka, SQS).
    Queue,
    /// Object storage (S3, GCS, MinIO).
    ObjectStore,
    /// A content delivery network or edge proxy in front of the design (Cloudflare,
    /// CloudFront): a provider's service on the internet that terminates TLS.
    Cdn,
    /// A tunnel the host opens outbound to an edge (cloudflared, ngrok): requests come
    /// back through it, so the host needs no inbound port.
    Tunnel,
    /// A named range of addresses traffic comes from (an office, a VPN, a bastion's net).
    Network,
    /// A provider region: a failure domain holding zones.
    Region,
    /// An availability zone: a failure domain above the server.
    Zone,
}

/// Where a block can be declared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    TopLevel,
    In(Kind),
}

impl Kind {
    /// Every kind a user can declare, in the order `infrac` documents them.
    pub const DECLARABLE: [Kind; 22] = [
        Kind::Server,
        Kind::WebServer,
        Kind::AppServer,
        Kind::Database,
        Kind::LoadBalancer,
        Kind::MonitoringAgent,
        Kind::Cache,
        Kind::Queue,
        Kind::ObjectStore,
        Kind::Tunnel,
        Kind::Firewall,
        Kind::Allow,
        Kind::Deny,
        Kind::Certificate,
        Kind::Cluster,
        Kind::Domain,
        Kind::Record,
        Kind::Service,
        Kind::Cdn,
        Kind::Network,
        Kind::Region,
        Kind::Zone,
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
            Kind::Cache => "cache",
            Kind::Queue => "queue",
            Kind::ObjectStore => "object_store",
            Kind::Cdn => "cdn",
            Kind::Tunnel => "tunnel",
            Kind::Network => "network",
            Kind::Region => "region",
            Kind::Zone => "zone",
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
            Kind::Cache => "cache",
            Kind::Queue => "queue",
            Kind::ObjectStore => "object store",
            Kind::Cdn => "CDN",
            Kind::Tunnel => "tunnel",
            Kind::Network => "network",
            Kind::Region => "region",
            Kind::Zone => "zone",
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
            Kind::Cache => "a cache",
            Kind::Queue => "a queue",
            Kind::ObjectStore => "an object store",
            Kind::Cdn => "a CDN",
            Kind::Tunnel => "a tunnel",
            Kind::Network => "a network",
            Kind::Region => "a region",
            Kind::Zone => "a zone",
        }
    }

    /// Software that runs on a server and handles traffic (or, declared at the top level
    /// with `managed = true`, the same thing run by a provider).
    pub fn is_component(self) -> bool {
        matches!(
            self,
            Kind::WebServer
                | Kind::AppServer
                | Kind::Database
                | Kind::LoadBalancer
                | Kind::MonitoringAgent
                | Kind::Cache
                | Kind::Queue
                | Kind::ObjectStore
                | Kind::Tunnel
        )
    }

    /// Components a provider can run for you: declared at the top level with
    /// `managed = true`.
    pub fn can_be_managed(self) -> bool {
        matches!(
            self,
            Kind::AppServer
                | Kind::Database
                | Kind::LoadBalancer
                | Kind::Cache
                | Kind::Queue
                | Kind::ObjectStore
        )
    }

    /// Where a block of this kind may sit. Managed components sit at the top level only
    /// with `managed = true` (checked by lowering).
    pub fn places(self) -> &'static [Place] {
        use Place::*;
        match self {
            Kind::Server
            | Kind::Certificate
            | Kind::Cluster
            | Kind::Domain
            | Kind::Service
            | Kind::Cdn
            | Kind::Network
            | Kind::Region => &[TopLevel],
            k if k.can_be_managed() => &[In(Kind::Server), TopLevel],
            Kind::WebServer | Kind::MonitoringAgent | Kind::Tunnel => &[In(Kind::Server)],
            Kind::Firewall => &[TopLevel, In(Kind::Server)],
            Kind::Allow | Kind::Deny => &[In(Kind::Firewall)],
            Kind::Record => &[In(Kind::Domain)],
            Kind::Zone => &[TopLevel, In(Kind::Region)],
            _ => &[],
        }
    }

    /// Kinds whose blocks hold other items, so `name.child` paths go through them.
    pub fn is_container(self) -> bool {
        matches!(
            self,
            Kind::Server | Kind::Firewall | Kind::Domain | Kind::Region
        )
    }

    /// Failure domains above the server: zones and regions.
    pub fn is_failure_domain(self) -> bool {
        matches!(self, Kind::Zone | Kind::Region)
    }

    /// Firewall rules are anonymous by default; everything else needs a name.
    pub fn needs_name(self) -> bool {
        !matches!(self, Kind::Allow | Kind::Deny)
    }

    /// Whether traffic can start or end at an item of this kind (a network only sends).
    pub fn is_flow_endpoint(self) -> bool {
        self.is_component()
            || matches!(
                self,
                Kind::Internet
                    | Kind::Server
                    | Kind::Cluster
                    | Kind::Service
                    | Kind::Cdn
                    | Kind::Network
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
