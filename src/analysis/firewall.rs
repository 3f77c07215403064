//! Firewall evaluation: for each hop that crosses hosts, which firewall rules let it in.
//!
//! Rules are read in order and the first that matches decides (as in iptables, ufw and
//! most appliances); unmatched traffic gets the firewall's `default`, which is `deny`
//! when not written — a firewall exists to refuse things. Only inbound traffic of the
//! protected hosts is filtered, and traffic inside one host never crosses a firewall.
//!
//! [`decide`] is the one evaluator: declared flows go through it here, and rules that
//! ask "what would this firewall do with ssh from the internet?" ask it the same way.

use super::traffic::{Side, Traffic};
use crate::model::protocol::Protocol;
use crate::model::value::AttrValue;
use crate::model::word::Policy;
use crate::model::{Design, Edge, EdgeId, Kind, NodeId};
use ipnet::IpNet;
use petgraph::Direction;
use petgraph::graph::NodeIndex;
use petgraph::visit::EdgeRef;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::net::IpAddr;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Allowed {
        rule: NodeId,
    },
    /// Refused by a deny rule, or by the default policy (`rule` is `None`).
    Denied {
        rule: Option<NodeId>,
    },
    AllowedByDefault,
}

/// Where a connection the firewalls judge comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Origin {
    /// A declared flow.
    Flow(EdgeId),
    /// The connection a replica opens to its primary to copy it (`replica_of`), which
    /// the design implies without a flow.
    Replication { replica: NodeId },
}

/// Which way a connection crosses the firewall of the host it judges.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Way {
    /// Into the protected host (rules with `from`, policy `default`).
    Inbound,
    /// Out of the protected host (rules with `to`, policy `default_out`).
    Outbound,
}

#[derive(Debug, Clone)]
pub struct Check {
    pub origin: Origin,
    /// Who opens the connection.
    pub sender: NodeId,
    /// Who accepts it.
    pub receiver: NodeId,
    /// The protected host whose firewall judges it: the receiver's for inbound, the
    /// sender's for outbound.
    pub host: NodeId,
    pub firewall: NodeId,
    pub way: Way,
    pub verdict: Verdict,
}

/// Every firewall decision on every connection into (and, where a firewall filters
/// egress, out of) a protected host, in flow order. A connection is opened by the hop's
/// sender unless the hop is reversed (a tunnel, a consumer): a host that opens a tunnel
/// outbound needs no inbound rule for the requests that come back through it.
pub fn evaluate(design: &Design, traffic: &Traffic, protection: &Protection) -> Vec<Check> {
    let mut checks = Vec::new();
    // Only a connection with a guarded end gets a verdict. A junction stands for all its
    // members; its guarded ones are listed once, so a flow through a cluster costs its
    // members only where a firewall judges them.
    let guarded = |ix: NodeIndex| {
        let id = traffic.graph[ix];
        !protection.of(design.host(id).unwrap_or(id)).is_empty()
    };
    let guarded_members: HashMap<NodeIndex, Vec<NodeIndex>> = traffic
        .graph
        .node_indices()
        .filter(|&ix| traffic.is_junction(ix))
        .map(|ix| {
            let direction = match traffic.junction_at(ix).map(|j| j.side) {
                Some(Side::Out) => Direction::Incoming,
                _ => Direction::Outgoing,
            };
            let members = traffic.items_at(ix, direction);
            (ix, members.into_iter().filter(|&m| guarded(m)).collect())
        })
        .collect();
    let guarded_at = |ix: NodeIndex| -> Vec<NodeIndex> {
        match guarded_members.get(&ix) {
            Some(members) => members.clone(),
            None if guarded(ix) => vec![ix],
            None => Vec::new(),
        }
    };
    for edge in traffic.graph.edge_references() {
        let hop = edge.weight();
        if hop.shared {
            continue; // judged with the flows through its junction
        }
        let Edge::Flow(flow) = &design.graph[hop.flow] else {
            continue;
        };
        let origin = Origin::Flow(hop.flow);
        let (a, b) = (edge.source(), edge.target());
        let (guarded_a, guarded_b) = (guarded_at(a), guarded_at(b));
        if guarded_a.is_empty() && guarded_b.is_empty() {
            continue;
        }
        let mut judge_pair = |s: NodeIndex, r: NodeIndex| {
            let (opener, acceptor) = hop.connection(traffic.graph[s], traffic.graph[r]);
            judge(
                design,
                protection,
                origin,
                opener,
                acceptor,
                flow.protocol.as_ref(),
                &mut checks,
            );
        };
        let receivers = if guarded_a.is_empty() {
            Vec::new()
        } else {
            traffic.items_at(b, Direction::Outgoing)
        };
        for &s in &guarded_a {
            for &r in &receivers {
                judge_pair(s, r);
            }
        }
        if guarded_b.is_empty() {
            continue;
        }
        for s in traffic.items_at(a, Direction::Incoming) {
            if !guarded_a.contains(&s) {
                for &r in &guarded_b {
                    judge_pair(s, r);
                }
            }
        }
    }
    for (replica, primary, protocol) in replication_connections(design) {
        let origin = Origin::Replication { replica };
        judge(
            design,
            protection,
            origin,
            replica,
            primary,
            Some(&protocol),
            &mut checks,
        );
    }
    checks.sort_by_key(|c| (c.origin, c.sender, c.receiver, c.way, c.firewall));
    checks
}

/// The firewalls' verdicts on one connection from `opener` to `acceptor`.
fn judge(
    design: &Design,
    protection: &Protection,
    origin: Origin,
    opener: NodeId,
    acceptor: NodeId,
    protocol: Option<&Protocol>,
    checks: &mut Vec<Check>,
) {
    let opener_host = design.host(opener).unwrap_or(opener);
    let acceptor_host = design.host(acceptor).unwrap_or(acceptor);
    if opener_host == acceptor_host {
        return; // inside one host: no firewall in between
    }
    let connection = Connection {
        sender: opener,
        sender_host: opener_host,
        protocol,
    };
    if design.host(acceptor).is_some() {
        for &firewall in protection.of(acceptor_host) {
            checks.push(Check {
                origin,
                sender: opener,
                receiver: acceptor,
                host: acceptor_host,
                firewall,
                way: Way::Inbound,
                verdict: decide(design, firewall, &connection),
            });
        }
    }
    for &firewall in protection.of(opener_host) {
        if filters_egress(design, firewall) {
            checks.push(Check {
                origin,
                sender: opener,
                receiver: acceptor,
                host: opener_host,
                firewall,
                way: Way::Outbound,
                verdict: decide_out(design, firewall, acceptor, protocol),
            });
        }
    }
}

/// Connections replicas open to their primaries to copy them, on the engine's protocol,
/// where the design declares no flow between the two (a declared flow says which way the
/// connection goes, and is judged as written). Between two provider-managed services
/// there is none to judge: the provider replicates on its own network (an RDS or
/// ElastiCache replica is fed outside the customer's security groups).
pub fn replication_connections(design: &Design) -> Vec<(NodeId, NodeId, Protocol)> {
    let hosts = |id: NodeId| design.host(id).unwrap_or(id);
    let mut declared: HashSet<(NodeId, NodeId)> = HashSet::default();
    for (_, from, to, _) in design.flows() {
        let (a, b) = (hosts(from), hosts(to));
        declared.insert((a.min(b), a.max(b)));
    }
    let mut out = Vec::new();
    for (replica, node) in design.nodes() {
        if !matches!(node.kind, Kind::Database | Kind::Cache) {
            continue;
        }
        let Some(primary) = node.attrs.reference("replica_of") else {
            continue;
        };
        let (a, b) = (hosts(replica), hosts(primary));
        if design.is_managed(replica) && design.is_managed(primary) {
            continue;
        }
        if a == b || declared.contains(&(a.min(b), a.max(b))) {
            continue;
        }
        let engine = node
            .attrs
            .text("engine")
            .or_else(|| design.node(primary).attrs.text("engine"));
        // Without an engine, the port is unknown: nothing to judge.
        let Some(engine) = engine else { continue };
        let protocols = Protocol::for_engine(Some(engine));
        let known = protocols.len() < Protocol::for_engine(None).len();
        if let Some(protocol) = protocols.into_iter().next().filter(|_| known) {
            out.push((replica, primary, protocol));
        }
    }
    out
}

/// Which firewalls filter traffic into each host: those protecting it, one of its
/// components, or a cluster it belongs to. Built once per design.
#[derive(Debug, Clone, Default)]
pub struct Protection {
    by_host: HashMap<NodeId, Vec<NodeId>>,
    /// The other way round: the hosts each firewall filters traffic into.
    by_firewall: HashMap<NodeId, Vec<NodeId>>,
}

impl Protection {
    pub fn new(design: &Design) -> Protection {
        let mut by_host: HashMap<NodeId, Vec<NodeId>> = HashMap::default();
        let mut by_firewall: HashMap<NodeId, Vec<NodeId>> = HashMap::default();
        for (firewall, _) in design.nodes_of(Kind::Firewall) {
            for protected in design.related(firewall, |e| matches!(e, Edge::Protects)) {
                let hosts = match design.node(protected).kind {
                    Kind::Cluster => design
                        .members(protected)
                        .into_iter()
                        .filter_map(|m| design.host(m))
                        .collect(),
                    _ => design.host(protected).into_iter().collect::<Vec<_>>(),
                };
                for host in hosts {
                    let list = by_host.entry(host).or_default();
                    if !list.contains(&firewall) {
                        list.push(firewall);
                        by_firewall.entry(firewall).or_default().push(host);
                    }
                }
            }
        }
        for list in by_host.values_mut().chain(by_firewall.values_mut()) {
            list.sort();
        }
        Protection {
            by_host,
            by_firewall,
        }
    }

    /// Hosts `firewall` filters traffic into, in declaration order.
    pub fn hosts(&self, firewall: NodeId) -> &[NodeId] {
        self.by_firewall.get(&firewall).map_or(&[], Vec::as_slice)
    }

    /// Firewalls filtering traffic into `host`, in declaration order.
    pub fn of(&self, host: NodeId) -> &[NodeId] {
        self.by_host.get(&host).map_or(&[], Vec::as_slice)
    }
}

fn is_member(design: &Design, cluster: NodeId, host: NodeId) -> bool {
    design.node(cluster).kind == Kind::Cluster && design.members(cluster).contains(&host)
}

/// A connection as a firewall sees it: who opens it, and with what protocol and port.
#[derive(Debug, Clone, Copy)]
pub struct Connection<'a> {
    /// The sending item (the internet, a component, a server).
    pub sender: NodeId,
    /// The sender's host (the sender itself for the internet or a server).
    pub sender_host: NodeId,
    /// `None` when the flow names no protocol: only rules without `proto`/`port` match.
    pub protocol: Option<&'a Protocol>,
}

impl<'a> Connection<'a> {
    /// A connection from anywhere on the internet.
    pub fn from_internet(design: &Design, protocol: &'a Protocol) -> Self {
        Connection {
            sender: design.internet,
            sender_host: design.internet,
            protocol: Some(protocol),
        }
    }
}

/// Whether a firewall filters what its hosts send: it has a rule with `to`, or
/// `default_out = deny`.
pub fn filters_egress(design: &Design, firewall: NodeId) -> bool {
    design.node(firewall).attrs.word::<Policy>("default_out") == Some(Policy::Deny)
        || design
            .children(firewall)
            .into_iter()
            .any(|r| is_egress_rule(design, r))
}

fn is_egress_rule(design: &Design, rule: NodeId) -> bool {
    design.node(rule).attrs.get("to").is_some()
}

/// What `firewall` does with a connection its host opens to `receiver`: the first
/// matching outbound rule decides, else `default_out` (allow unless written).
pub fn decide_out(
    design: &Design,
    firewall: NodeId,
    receiver: NodeId,
    protocol: Option<&Protocol>,
) -> Verdict {
    for rule in design.children(firewall) {
        if !is_egress_rule(design, rule) {
            continue;
        }
        let attrs = &design.node(rule).attrs;
        let to_ok = attrs.get("to").is_none_or(|targets| {
            targets
                .items()
                .iter()
                .any(|t| destination_matches(design, t, receiver))
        });
        if to_ok && protocol_matches(attrs, protocol) {
            return match design.node(rule).kind {
                Kind::Deny => Verdict::Denied { rule: Some(rule) },
                _ => Verdict::Allowed { rule },
            };
        }
    }
    match design.node(firewall).attrs.word::<Policy>("default_out") {
        Some(Policy::Deny) => Verdict::Denied { rule: None },
        Some(Policy::Allow) | None => Verdict::AllowedByDefault,
    }
}

/// What `firewall` does with `connection`: the first matching rule decides, else the
/// default policy. Outbound rules (with `to`) do not judge inbound traffic.
pub fn decide(design: &Design, firewall: NodeId, connection: &Connection) -> Verdict {
    for rule in design.children(firewall) {
        if is_egress_rule(design, rule) {
            continue;
        }
        if matches(design, rule, connection) {
            return match design.node(rule).kind {
                Kind::Deny => Verdict::Denied { rule: Some(rule) },
                _ => Verdict::Allowed { rule },
            };
        }
    }
    match design.node(firewall).attrs.word::<Policy>("default") {
        Some(Policy::Allow) => Verdict::AllowedByDefault,
        Some(Policy::Deny) | None => Verdict::Denied { rule: None },
    }
}

fn matches(design: &Design, rule: NodeId, connection: &Connection) -> bool {
    let attrs = &design.node(rule).attrs;
    let from_ok = attrs.get("from").is_none_or(|sources| {
        sources
            .items()
            .iter()
            .any(|s| source_matches(design, s, connection.sender, connection.sender_host))
    });
    protocol_matches(attrs, connection.protocol) && from_ok
}

/// A rule's `proto` and `port` against a connection's protocol (`None`: only a rule
/// with neither matches).
fn protocol_matches(attrs: &crate::model::value::Attrs, protocol: Option<&Protocol>) -> bool {
    let proto_ok = attrs.get("proto").is_none_or(|protos| {
        protocol.is_some_and(|p| {
            let base = p.base();
            protos
                .items()
                .iter()
                .any(|q| q.as_text().is_some_and(|q| q == p.name || q == base))
        })
    });
    let port_ok = attrs.get("port").is_none_or(|ports| {
        protocol
            .and_then(|p| p.port)
            .is_some_and(|port| ports.items().contains(&AttrValue::Port(port)))
    });
    proto_ok && port_ok
}

/// Whether `id` is on the public internet, as a firewall's `from = internet` sees it:
/// the users, a CDN or an outside service (they connect from public addresses), a
/// network with a public range.
pub fn on_internet(design: &Design, id: NodeId) -> bool {
    let node = design.node(id);
    match node.kind {
        Kind::Internet | Kind::Cdn | Kind::Service => true,
        Kind::Network => network_ranges(design, id)
            .iter()
            .any(|net| !is_private(net)),
        _ => false,
    }
}

/// A network's address ranges (single addresses as /32 or /128).
fn network_ranges(design: &Design, network: NodeId) -> Vec<IpNet> {
    design
        .node(network)
        .attrs
        .get("cidr")
        .map(|v| {
            v.items()
                .iter()
                .filter_map(|item| match item {
                    AttrValue::Cidr(net) => Some(*net),
                    AttrValue::Ip(ip) => Some(IpNet::from(*ip)),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Private, shared (CGNAT) and unique-local ranges: not reachable from the internet.
fn is_private(net: &IpNet) -> bool {
    match net.network() {
        IpAddr::V4(ip) => {
            ip.is_private()
                || ip.is_loopback()
                || (ip.octets()[0] == 100 && (ip.octets()[1] & 0xc0) == 64)
        }
        IpAddr::V6(ip) => ip.is_loopback() || (ip.segments()[0] & 0xfe00) == 0xfc00,
    }
}

fn source_matches(
    design: &Design,
    source: &AttrValue,
    sender: NodeId,
    sender_host: NodeId,
) -> bool {
    let from_network = design.node(sender).kind == Kind::Network;
    match source {
        AttrValue::Ref(id) if *id == design.internet => on_internet(design, sender),
        AttrValue::Ref(id) if design.node(*id).kind == Kind::Network => {
            *id == sender
                || network_ranges(design, *id).iter().any(|net| {
                    host_ips(design, sender_host)
                        .iter()
                        .any(|ip| net.contains(ip))
                        || (from_network
                            && network_ranges(design, sender)
                                .iter()
                                .all(|s| net.contains(s)))
                })
        }
        AttrValue::Ref(id) => {
            *id == sender || *id == sender_host || is_member(design, *id, sender_host)
        }
        AttrValue::Ip(ip) => host_ips(design, sender_host).contains(ip),
        AttrValue::Cidr(net) => {
            (net.prefix_len() == 0 && on_internet(design, sender))
                || host_ips(design, sender_host)
                    .iter()
                    .any(|ip| net.contains(ip))
                || (from_network
                    && !network_ranges(design, sender).is_empty()
                    && network_ranges(design, sender)
                        .iter()
                        .all(|s| net.contains(s)))
        }
        _ => false,
    }
}

/// An outbound rule's `to` against the item a connection goes to.
fn destination_matches(design: &Design, target: &AttrValue, receiver: NodeId) -> bool {
    let receiver_host = design.host(receiver).unwrap_or(receiver);
    match target {
        AttrValue::Ref(id) if *id == design.internet => on_internet(design, receiver),
        AttrValue::Ref(id) => {
            *id == receiver || *id == receiver_host || is_member(design, *id, receiver_host)
        }
        AttrValue::Ip(ip) => host_ips(design, receiver_host).contains(ip),
        AttrValue::Cidr(net) => {
            (net.prefix_len() == 0 && on_internet(design, receiver))
                || host_ips(design, receiver_host)
                    .iter()
                    .any(|ip| net.contains(ip))
        }
        _ => false,
    }
}

fn host_ips(design: &Design, host: NodeId) -> Vec<IpAddr> {
    let attrs = &design.node(host).attrs;
    ["ip", "public_ip", "vip"]
        .iter()
        .filter_map(|k| attrs.ip(k))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Source;

    /// `hosts` is `of` read the other way round: a firewall on a cluster filters into its
    /// members' hosts, one on a component into that component's server.
    #[test]
    fn hosts_is_the_inverse_of_of() {
        let design = crate::compile(Source::new(
            "t",
            "server a { web_server w {} }\nserver b { web_server w {} }\n\
             server c { database d { engine = mysql } }\n\
             cluster ab { members = [a, b] }\n\
             firewall edge { protects = [ab] }\nfirewall inner { protects = [c.d, a] }\n",
        ))
        .expect("compiles");
        let protection = Protection::new(&design);
        let id = |path: &str| design.find(path).expect(path);
        let paths = |hosts: &[NodeId]| -> Vec<String> {
            hosts.iter().map(|&h| design.node(h).path.clone()).collect()
        };
        assert_eq!(paths(protection.hosts(id("edge"))), ["a", "b"]);
        assert_eq!(paths(protection.hosts(id("inner"))), ["a", "c"]);
        for (host, _) in design.nodes_of(Kind::Server) {
            for &firewall in protection.of(host) {
                assert!(protection.hosts(firewall).contains(&host));
            }
        }
    }
}
