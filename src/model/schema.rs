//! The schema: which attributes each kind takes, and the type of each.
//!
//! Lowering is driven by these tables; adding an attribute is adding a row. The docs
//! strings are what `infrac` shows in "did you mean" hints and, later, hover help.

use super::kind::Kind;
use super::word::{Access, Algorithm, Mode, Policy, RecordType, Role, Routing, Word};

/// The type an attribute's value must have.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Ty {
    /// A string, or a bare word (`software = nginx`).
    Text,
    /// One of these words (bare or quoted); matched case-insensitively when `fold` is set.
    Word {
        words: &'static [&'static str],
        fold: bool,
    },
    Int,
    /// An integer or a decimal number.
    Number,
    Bool,
    Ip,
    /// An IP address or a CIDR block.
    IpOrCidr,
    Date,
    Duration,
    Port,
    /// A reference to an item of one of these kinds (empty: any kind).
    Ref(&'static [Kind]),
    /// A DNS name: a string or a dotted bare name.
    Hostname,
    /// A protocol name: `https`, `mysql`.
    Protocol,
    /// A protocol a component listens on, with an optional port: `https`, `grpc/9000`.
    Listener,
    /// The value of a DNS record: an IP, a hostname, or a reference.
    RecordValue,
    /// Where traffic comes from: `internet`, an item, an IP or a CIDR block.
    Source,
    /// A list of values of the inner type.
    List(&'static Ty),
    /// One value of the inner type, or a list of them (stored as a list).
    OneOrList(&'static Ty),
    /// Any one of the alternatives, tried in order.
    Either(&'static [Ty]),
}

impl Ty {
    /// "an IP address", "a reference to a certificate", for error messages.
    pub fn describe(&self) -> String {
        match self {
            Ty::Text => "a string".into(),
            Ty::Word { words, .. } => format!("one of {}", quoted_list(words)),
            Ty::Int => "a whole number".into(),
            Ty::Number => "a number".into(),
            Ty::Bool => "`true` or `false`".into(),
            Ty::Ip => "an IP address".into(),
            Ty::IpOrCidr => "an IP address or CIDR block".into(),
            Ty::Date => "a date (YYYY-MM-DD)".into(),
            Ty::Duration => "a duration (30s, 5m, 2h, 90d)".into(),
            Ty::Port => "a port number (1-65535)".into(),
            Ty::Ref([]) => "a reference to an item".into(),
            Ty::Ref(kinds) => format!("a reference to {}", nouns(kinds)),
            Ty::Hostname => "a host name".into(),
            Ty::Protocol => "a protocol name".into(),
            Ty::Listener => "a protocol, with an optional port (`grpc/9000`)".into(),
            Ty::RecordValue => "an IP address, a host name or a reference".into(),
            Ty::Source => "`internet`, a reference, an IP address or a CIDR block".into(),
            Ty::List(inner) => format!("a list of {}", plural(&inner.describe())),
            Ty::OneOrList(inner) => format!("{}, or a list of them", inner.describe()),
            Ty::Either(alts) => alts
                .iter()
                .map(Ty::describe)
                .collect::<Vec<_>>()
                .join(" or "),
        }
    }
}

/// "a server or a cluster"; the five component kinds together read "a component".
fn nouns(kinds: &[Kind]) -> String {
    let all_components = COMPONENTS.iter().all(|c| kinds.contains(c));
    let mut words: Vec<&str> = kinds
        .iter()
        .filter(|k| !(all_components && k.is_component()))
        .map(|k| k.noun())
        .collect();
    if all_components {
        words.push("a component");
    }
    match words.as_slice() {
        [one, two] => format!("{one} or {two}"),
        [init @ .., last] if !init.is_empty() => format!("{}, or {last}", init.join(", ")),
        _ => words.join(""),
    }
}

fn plural(noun_phrase: &str) -> String {
    if let Some(rest) = noun_phrase.strip_prefix("a reference to ") {
        return format!("references to {rest}");
    }
    noun_phrase
        .strip_prefix("a ")
        .or_else(|| noun_phrase.strip_prefix("an "))
        .map_or(noun_phrase.to_string(), |rest| format!("{rest}s"))
}

pub fn quoted_list(words: &[&str]) -> String {
    let quoted: Vec<String> = words.iter().map(|w| format!("`{w}`")).collect();
    match quoted.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {}", init.join(", "), last),
    }
}

#[derive(Debug, Clone, Copy)]
pub struct AttrSpec {
    pub key: &'static str,
    pub ty: Ty,
    pub doc: &'static str,
}

/// Attributes only a provider's service declared at the top level may set: a component
/// inside a server runs where its server runs, and is not a provider's.
pub const SERVICE_ONLY: &[&str] = &["managed", "zone", "zones", "region"];

/// Values worth offering for a free-text attribute (any other text is accepted too).
pub fn suggested(kind: Kind, key: &str) -> &'static [&'static str] {
    match (kind, key) {
        (Kind::Database, "engine") => &["postgres", "mysql", "mariadb", "mongodb"],
        (Kind::Cache, "engine") => &["redis", "memcached", "valkey"],
        (Kind::Queue, "engine") => &["rabbitmq", "kafka", "sqs", "nats"],
        (Kind::Tunnel, "software") => &["cloudflared", "ngrok", "tailscale"],
        (_, "provider") => &["aws", "gcp", "azure", "cloudflare", "backblaze"],
        _ => &[],
    }
}

const fn attr(key: &'static str, ty: Ty, doc: &'static str) -> AttrSpec {
    AttrSpec { key, ty, doc }
}

const fn words(words: &'static [&'static str]) -> Ty {
    Ty::Word { words, fold: false }
}

const COMPONENTS: &[Kind] = &[
    Kind::WebServer,
    Kind::AppServer,
    Kind::Database,
    Kind::LoadBalancer,
    Kind::MonitoringAgent,
    Kind::Cache,
    Kind::Queue,
    Kind::ObjectStore,
    Kind::Tunnel,
];
const HOSTS: &[Kind] = &[
    Kind::Server,
    Kind::Cluster,
    Kind::WebServer,
    Kind::AppServer,
    Kind::Database,
    Kind::LoadBalancer,
    Kind::MonitoringAgent,
    Kind::Cache,
    Kind::Queue,
    Kind::ObjectStore,
    Kind::Tunnel,
];
const SERVERS_AND_COMPONENTS: &[Kind] = &[
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
];
const CLUSTER_MODES: Ty = words(Mode::WORDS);
const HEALTH_CHECK: Ty = Ty::Either(&[Ty::Bool, Ty::Text]);
const DESCRIPTION: AttrSpec = attr("description", Ty::Text, "free text shown in explanations");
const CAPACITY: AttrSpec = attr(
    "capacity_qps",
    Ty::Number,
    "requests per second one instance can take, for capacity checks",
);
const AVAILABILITY: AttrSpec = attr(
    "availability",
    Ty::Number,
    "expected uptime in percent (99.95), overriding the default for availability estimates",
);
const PORT: AttrSpec = attr("port", Ty::Port, "port it listens on");
const LISTEN: AttrSpec = attr(
    "listen",
    Ty::OneOrList(&Ty::Listener),
    "protocols it listens on, with a port where it is not the default: [https, grpc/9000]",
);
const TLS: AttrSpec = attr(
    "tls",
    Ty::Ref(&[Kind::Certificate]),
    "certificate it terminates TLS with",
);
const REDIRECT: AttrSpec = attr(
    "redirect_to_https",
    Ty::Bool,
    "redirects plain http to https",
);
const ZONE: AttrSpec = attr(
    "zone",
    Ty::Ref(&[Kind::Zone]),
    "the availability zone it runs in",
);
const ZONES: AttrSpec = attr(
    "zones",
    Ty::List(&Ty::Ref(&[Kind::Zone])),
    "the zones its instances are spread over",
);
const REGION: AttrSpec = attr(
    "region",
    Ty::Ref(&[Kind::Region]),
    "the region it runs in (implied by its zone)",
);
const MANAGED: AttrSpec = attr(
    "managed",
    Ty::Bool,
    "`true`: a provider runs it (declared at the top level, not in a server)",
);
const PROVIDER: AttrSpec = attr(
    "provider",
    Ty::Text,
    "who runs it: aws, gcp, azure, cloudflare…",
);

/// Attributes of the design itself (top-level `key = value`).
pub const DESIGN: &[AttrSpec] = &[
    attr("title", Ty::Text, "the design's title, shown on diagrams"),
    DESCRIPTION,
    attr(
        "expected_qps",
        Ty::Number,
        "requests per second users are expected to send, for capacity checks",
    ),
    attr(
        "entry",
        Ty::Ref(&[]),
        "where users come from (default: internet)",
    ),
];

/// Attributes a flow may carry in its `{ ... }`.
pub const FLOW: &[AttrSpec] = &[
    attr(
        "access",
        words(Access::WORDS),
        "read_write (default) or read; write paths must end at a primary",
    ),
    DESCRIPTION,
    attr("label", Ty::Text, "text drawn on the flow"),
    attr(
        "consumes",
        Ty::Bool,
        "`true`: the sender takes messages off the queue it connects to (work flows back)",
    ),
];

/// Attributes a block of `kind` may carry.
pub fn attributes(kind: Kind) -> &'static [AttrSpec] {
    match kind {
        Kind::Server => {
            const SPECS: &[AttrSpec] = &[
                attr("ip", Ty::Ip, "private IP address"),
                attr("public_ip", Ty::Ip, "public IP address"),
                attr("os", Ty::Text, "operating system"),
                attr(
                    "firewall",
                    Ty::Ref(&[Kind::Firewall]),
                    "the firewall protecting this server",
                ),
                ZONE,
                REGION,
                attr(
                    "count",
                    Ty::Int,
                    "run this many identical servers: an instance group",
                ),
                attr(
                    "min",
                    Ty::Int,
                    "autoscaling: the fewest instances the group runs",
                ),
                attr(
                    "max",
                    Ty::Int,
                    "autoscaling: the most instances the group runs",
                ),
                attr(
                    "desired",
                    Ty::Int,
                    "autoscaling: the instances it runs now (between min and max)",
                ),
                ZONES,
                AVAILABILITY,
                DESCRIPTION,
            ];
            SPECS
        }
        Kind::WebServer => {
            const SPECS: &[AttrSpec] = &[
                attr("software", Ty::Text, "nginx, apache, caddy…"),
                TLS,
                attr("static", Ty::Bool, "serves static files itself"),
                PORT,
                LISTEN,
                REDIRECT,
                CAPACITY,
                AVAILABILITY,
                DESCRIPTION,
            ];
            SPECS
        }
        Kind::AppServer => {
            const SPECS: &[AttrSpec] = &[
                attr("software", Ty::Text, "gunicorn, puma, tomcat…"),
                attr("runtime", Ty::Text, "gunicorn, node, php-fpm…"),
                attr("code", Ty::Text, "the application it runs"),
                PORT,
                LISTEN,
                TLS,
                CAPACITY,
                AVAILABILITY,
                MANAGED,
                PROVIDER,
                ZONE,
                ZONES,
                REGION,
                DESCRIPTION,
            ];
            SPECS
        }
        Kind::Database => {
            const SPECS: &[AttrSpec] = &[
                attr("engine", Ty::Text, "mysql, postgres…"),
                attr("role", words(Role::WORDS), "primary or replica"),
                attr(
                    "replica_of",
                    Ty::Ref(&[Kind::Database]),
                    "the primary this replica copies",
                ),
                PORT,
                LISTEN,
                CAPACITY,
                AVAILABILITY,
                MANAGED,
                PROVIDER,
                ZONE,
                attr(
                    "zones",
                    Ty::List(&Ty::Ref(&[Kind::Zone])),
                    "managed: the primary's zone, then the standby's (multi-AZ)",
                ),
                REGION,
                DESCRIPTION,
            ];
            SPECS
        }
        Kind::LoadBalancer => {
            const SPECS: &[AttrSpec] = &[
                attr("software", Ty::Text, "haproxy, nginx, elb…"),
                attr(
                    "algorithm",
                    words(Algorithm::WORDS),
                    "how requests are spread over backends",
                ),
                attr(
                    "health_check",
                    HEALTH_CHECK,
                    "`true` or the health-check path",
                ),
                TLS,
                attr(
                    "backends",
                    Ty::List(&Ty::Ref(HOSTS)),
                    "servers or clusters it spreads requests over",
                ),
                attr(
                    "backup",
                    Ty::OneOrList(&Ty::Ref(HOSTS)),
                    "backends that get traffic only when the others fail their health checks",
                ),
                attr(
                    "mode",
                    CLUSTER_MODES,
                    "active_active: every backend serves; active_passive: backups wait",
                ),
                PORT,
                LISTEN,
                REDIRECT,
                CAPACITY,
                AVAILABILITY,
                MANAGED,
                PROVIDER,
                ZONE,
                ZONES,
                REGION,
                DESCRIPTION,
            ];
            SPECS
        }
        Kind::MonitoringAgent => {
            const SPECS: &[AttrSpec] = &[
                attr("vendor", Ty::Text, "Sumo Logic, Datadog, Prometheus…"),
                attr(
                    "metrics",
                    Ty::List(&Ty::Text),
                    "what it collects: qps, latency, cpu…",
                ),
                attr("sends_to", Ty::Ref(&[Kind::Service]), "where it sends data"),
                attr("interval", Ty::Duration, "collection interval"),
                DESCRIPTION,
            ];
            SPECS
        }
        Kind::Cache => {
            const SPECS: &[AttrSpec] = &[
                attr("engine", Ty::Text, "redis, memcached, valkey…"),
                attr(
                    "software",
                    Ty::Text,
                    "the server software, if not the engine",
                ),
                attr("role", words(Role::WORDS), "primary or replica"),
                attr(
                    "replica_of",
                    Ty::Ref(&[Kind::Cache]),
                    "the primary this replica copies",
                ),
                PORT,
                LISTEN,
                CAPACITY,
                AVAILABILITY,
                MANAGED,
                PROVIDER,
                ZONE,
                attr(
                    "zones",
                    Ty::List(&Ty::Ref(&[Kind::Zone])),
                    "managed: the primary's zone, then its replicas' (multi-AZ)",
                ),
                REGION,
                DESCRIPTION,
            ];
            SPECS
        }
        Kind::Queue => {
            const SPECS: &[AttrSpec] = &[
                attr("engine", Ty::Text, "rabbitmq, kafka, sqs, nats…"),
                attr(
                    "software",
                    Ty::Text,
                    "the broker software, if not the engine",
                ),
                PORT,
                LISTEN,
                CAPACITY,
                AVAILABILITY,
                MANAGED,
                PROVIDER,
                ZONE,
                ZONES,
                REGION,
                DESCRIPTION,
            ];
            SPECS
        }
        Kind::ObjectStore => {
            const SPECS: &[AttrSpec] = &[
                attr("software", Ty::Text, "s3, gcs, minio…"),
                attr(
                    "public",
                    Ty::Bool,
                    "`true`: anyone on the internet may read it",
                ),
                PORT,
                LISTEN,
                AVAILABILITY,
                MANAGED,
                PROVIDER,
                ZONE,
                ZONES,
                REGION,
                DESCRIPTION,
            ];
            SPECS
        }
        Kind::Tunnel => {
            const SPECS: &[AttrSpec] = &[
                attr("software", Ty::Text, "cloudflared, ngrok, tailscale…"),
                AVAILABILITY,
                DESCRIPTION,
            ];
            SPECS
        }
        Kind::Cdn => {
            const SPECS: &[AttrSpec] = &[
                PROVIDER,
                attr(
                    "tls",
                    Ty::Ref(&[Kind::Certificate]),
                    "the edge certificate (default: the provider's own)",
                ),
                REDIRECT,
                CAPACITY,
                AVAILABILITY,
                DESCRIPTION,
            ];
            SPECS
        }
        Kind::Network => {
            const SPECS: &[AttrSpec] = &[
                attr(
                    "cidr",
                    Ty::OneOrList(&Ty::IpOrCidr),
                    "its address ranges: 203.0.113.0/24",
                ),
                DESCRIPTION,
            ];
            SPECS
        }
        Kind::Region => {
            const SPECS: &[AttrSpec] = &[PROVIDER, AVAILABILITY, DESCRIPTION];
            SPECS
        }
        Kind::Zone => {
            const SPECS: &[AttrSpec] = &[AVAILABILITY, DESCRIPTION];
            SPECS
        }
        Kind::Firewall => {
            const SPECS: &[AttrSpec] = &[
                attr(
                    "protects",
                    Ty::OneOrList(&Ty::Ref(HOSTS)),
                    "hosts whose inbound traffic it filters",
                ),
                attr(
                    "default",
                    words(Policy::WORDS),
                    "what happens to unmatched traffic",
                ),
                attr(
                    "default_out",
                    words(Policy::WORDS),
                    "what happens to unmatched outbound traffic (default: allow)",
                ),
                attr(
                    "software",
                    Ty::Text,
                    "ufw, iptables, a cloud security group…",
                ),
                DESCRIPTION,
            ];
            SPECS
        }
        Kind::Allow | Kind::Deny => {
            const SPECS: &[AttrSpec] = &[
                attr(
                    "proto",
                    Ty::OneOrList(&Ty::Protocol),
                    "protocols the rule matches",
                ),
                attr(
                    "from",
                    Ty::OneOrList(&Ty::Source),
                    "sources the rule matches",
                ),
                attr("port", Ty::OneOrList(&Ty::Port), "ports the rule matches"),
                attr(
                    "to",
                    Ty::OneOrList(&Ty::Source),
                    "destinations of an outbound rule (a rule with `to` filters egress)",
                ),
                DESCRIPTION,
            ];
            SPECS
        }
        Kind::Certificate => {
            const SPECS: &[AttrSpec] = &[
                attr(
                    "domains",
                    Ty::OneOrList(&Ty::Hostname),
                    "names it covers; `*.` for wildcards",
                ),
                attr("issuer", Ty::Text, "who signed it"),
                attr("expires", Ty::Date, "expiry date"),
                DESCRIPTION,
            ];
            SPECS
        }
        Kind::Cluster => {
            const SPECS: &[AttrSpec] = &[
                attr(
                    "members",
                    Ty::List(&Ty::Ref(SERVERS_AND_COMPONENTS)),
                    "the redundant servers or components",
                ),
                attr("mode", CLUSTER_MODES, "active_active or active_passive"),
                attr("vip", Ty::Ip, "virtual IP that moves between members"),
                attr("software", Ty::Text, "keepalived, pacemaker…"),
                AVAILABILITY,
                DESCRIPTION,
            ];
            SPECS
        }
        Kind::Domain => {
            const SPECS: &[AttrSpec] = &[
                attr("registrar", Ty::Text, "where the domain is registered"),
                DESCRIPTION,
            ];
            SPECS
        }
        Kind::Record => {
            const SPECS: &[AttrSpec] = &[
                attr(
                    "type",
                    Ty::Word {
                        words: RecordType::WORDS,
                        fold: true,
                    },
                    "the record type",
                ),
                attr(
                    "value",
                    Ty::Either(&[Ty::RecordValue, Ty::List(&Ty::RecordValue)]),
                    "an IP, a host name or an item; a list for round robin or failover",
                ),
                attr("ttl", Ty::Either(&[Ty::Duration, Ty::Int]), "time to live"),
                attr("priority", Ty::Int, "MX priority"),
                attr(
                    "proxied",
                    Ty::Bool,
                    "`true`: answered with the edge's address; users reach the CDN, which fetches from the value",
                ),
                attr(
                    "via",
                    Ty::Ref(&[Kind::Cdn]),
                    "the CDN a proxied record sends users to",
                ),
                attr(
                    "routing",
                    words(Routing::WORDS),
                    "how several values are answered: round_robin (default) or failover",
                ),
                attr(
                    "health_check",
                    HEALTH_CHECK,
                    "`true` or the path the DNS provider checks before answering a value",
                ),
                DESCRIPTION,
            ];
            SPECS
        }
        Kind::Service => {
            const SPECS: &[AttrSpec] = &[
                attr("label", Ty::Text, "display name"),
                attr("external", Ty::Bool, "outside the design (SaaS, CDN…)"),
                attr("url", Ty::Text, "where it lives"),
                TLS,
                AVAILABILITY,
                DESCRIPTION,
            ];
            SPECS
        }
        Kind::Internet => &[],
    }
}

pub fn find(specs: &'static [AttrSpec], key: &str) -> Option<&'static AttrSpec> {
    specs.iter().find(|s| s.key == key)
}

/// Kinds that may be referenced as components of a server.
pub fn component_kinds() -> &'static [Kind] {
    COMPONENTS
}
