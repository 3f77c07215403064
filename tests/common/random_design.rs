//! Random designs of every shape the analysis has to get right: servers running any mix
//! of components (colocated tiers, several components receiving the same flow), clusters
//! of servers or of components in either mode, DNS records pointing at servers or VIPs or
//! nothing, flows between any two items in any protocol, read-only flows, ssh to hosts,
//! cycles. For property tests that compare two ways of computing the same answer.

use proptest::prelude::*;
use std::fmt::Write;

const COMPONENTS: [(&str, &str, &str); 6] = [
    ("load_balancer", "lb", "algorithm = round_robin"),
    ("web_server", "web", "software = nginx"),
    ("app_server", "app", "runtime = gunicorn"),
    ("database", "db", "engine = mysql, role = primary"),
    ("database", "replica", "engine = mysql, role = replica"),
    ("monitoring_agent", "agent", "vendor = \"Datadog\""),
];

const PROTOCOLS: [&str; 6] = ["http", "https", "mysql", "ssh", "tcp/9000", ""];

#[derive(Debug, Clone)]
pub struct Spec {
    /// Each server's components, as indexes into `COMPONENTS`.
    servers: Vec<Vec<usize>>,
    /// Members (servers, or a component on each) and whether active-passive.
    clusters: Vec<(Vec<usize>, bool, Option<usize>)>,
    /// What the DNS record points at: a server's IP, a cluster's VIP, or no record.
    record: Option<usize>,
    /// From, to (indexes into the design's endpoints), protocol, read-only.
    flows: Vec<(usize, usize, usize, bool)>,
}

pub fn spec() -> impl Strategy<Value = Spec> {
    (
        proptest::collection::vec(
            proptest::sample::subsequence((0..COMPONENTS.len()).collect::<Vec<_>>(), 0..=3),
            1..7,
        ),
        proptest::collection::vec(
            (
                proptest::collection::vec(0usize..7, 2..4),
                any::<bool>(),
                proptest::option::of(0usize..COMPONENTS.len()),
            ),
            0..3,
        ),
        proptest::option::of(0usize..20),
        proptest::collection::vec(
            (
                0usize..40,
                0usize..40,
                0usize..PROTOCOLS.len(),
                proptest::bool::weighted(0.2),
            ),
            1..14,
        ),
    )
        .prop_map(|(servers, clusters, record, flows)| Spec {
            servers,
            clusters,
            record,
            flows,
        })
}

/// The spec as `.infra` text.
pub fn render(spec: &Spec) -> String {
    let mut out = String::from("title = \"random\"\n");
    let mut endpoints: Vec<String> = vec!["internet".into()];
    let mut hosts_ips: Vec<String> = Vec::new();
    for (i, components) in spec.servers.iter().enumerate() {
        let _ = writeln!(out, "server s{i} {{\n  ip = 198.51.100.{}", i + 1);
        hosts_ips.push(format!("198.51.100.{}", i + 1));
        endpoints.push(format!("s{i}"));
        for &c in components {
            let (kind, name, attrs) = COMPONENTS[c];
            let _ = writeln!(out, "  {kind} {name} {{ {attrs} }}");
            endpoints.push(format!("s{i}.{name}"));
        }
        out.push_str("}\n");
    }
    let mut cluster_count = 0;
    for (members, passive, on) in &spec.clusters {
        let mut names: Vec<String> = Vec::new();
        for &m in members {
            let m = m % spec.servers.len();
            let name = match on {
                Some(c) if spec.servers[m].contains(c) => format!("s{m}.{}", COMPONENTS[*c].1),
                _ => format!("s{m}"),
            };
            if !names.contains(&name) {
                names.push(name);
            }
        }
        if names.len() < 2 {
            continue;
        }
        let k = cluster_count;
        cluster_count += 1;
        let mode = if *passive {
            "active_passive"
        } else {
            "active_active"
        };
        let _ = writeln!(
            out,
            "cluster c{k} {{ members = [{}], mode = {mode}, vip = 203.0.113.{} }}",
            names.join(", "),
            k + 1
        );
        hosts_ips.push(format!("203.0.113.{}", k + 1));
        endpoints.push(format!("c{k}"));
    }
    if let Some(r) = spec.record {
        let ip = &hosts_ips[r % hosts_ips.len()];
        let _ = writeln!(
            out,
            "domain example.com {{\n  record www {{ type = A, value = {ip} }}\n}}"
        );
    }
    for (i, &(from, to, protocol, read)) in spec.flows.iter().enumerate() {
        // The first flow comes from the internet, so most designs have users to lose.
        let from = if i == 0 { 0 } else { from };
        let (from, to) = (
            &endpoints[from % endpoints.len()],
            &endpoints[to % endpoints.len()],
        );
        let protocol = PROTOCOLS[protocol];
        if from == to || to == "internet" || within(from, to) || within(to, from) {
            continue;
        }
        // A bare server receives only ssh: any other protocol has to name what on it
        // receives the flow, which is a compile error this generator would waste cases on.
        if is_server(to) && protocol != "ssh" {
            continue;
        }
        let mut line = format!("{from} -> {to}");
        if !protocol.is_empty() {
            let _ = write!(line, " : {protocol}");
        }
        if read {
            line.push_str(" { access = read }");
        }
        let _ = writeln!(out, "{line}");
    }
    out
}

/// `inner` is an item on the server `outer` (`s1.web` on `s1`).
fn within(inner: &str, outer: &str) -> bool {
    inner
        .strip_prefix(outer)
        .is_some_and(|rest| rest.starts_with('.'))
}

/// `name` is a bare server, `s<number>`.
fn is_server(name: &str) -> bool {
    name.strip_prefix('s')
        .is_some_and(|rest| !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_digit()))
}
