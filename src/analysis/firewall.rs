//! Firewall evaluation: for each hop that crosses hosts, which firewall rules let it in.
//!
//! Rules are read in order and the first that matches decides (as in iptables, ufw and
//! most appliances); unmatched traffic gets the firewall's `default`, which is `deny`
//! when not written — a firewall exists to refuse things. Only inbound traffic of the
//! protected hosts is filtered, and traffic inside one host never crosses a firewall.
//!
//! [`decide`] is the one evaluator: declared flows go through it here, and rules that
//! ask "what would this firewall do with ssh from the internet?" ask it the same way.

use super::traffic::Traffic;
use crate::model::protocol::Protocol;
use crate::model::value::AttrValue;
use crate::model::word::Policy;
use crate::model::{Design, Edge, EdgeId, Kind, NodeId};
use petgraph::visit::EdgeRef;
use std::collections::HashMap;
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

#[derive(Debug, Clone)]
pub struct Check {
    pub flow: EdgeId,
    pub sender: NodeId,
    pub receiver: NodeId,
    pub host: NodeId,
    pub firewall: NodeId,
    pub verdict: Verdict,
}

/// Every firewall decision on every hop into a protected host, in flow order.
pub fn evaluate(design: &Design, traffic: &Traffic, protection: &Protection) -> Vec<Check> {
    let mut checks = Vec::new();
    for edge in traffic.graph.edge_references() {
        let sender = traffic.graph[edge.source()];
        let receiver = traffic.graph[edge.target()];
        let Some(host) = design.host(receiver) else {
            continue;
        };
        let sender_host = design.host(sender).unwrap_or(sender);
        if sender_host == host {
            continue;
        }
        let Edge::Flow(flow) = &design.graph[edge.weight().flow] else {
            continue;
        };
        let connection = Connection {
            sender,
            sender_host,
            protocol: flow.protocol.as_ref(),
        };
        for &firewall in protection.of(host) {
            let verdict = decide(design, firewall, &connection);
            checks.push(Check {
                flow: edge.weight().flow,
                sender,
                receiver,
                host,
                firewall,
                verdict,
            });
        }
    }
    checks.sort_by_key(|c| (c.flow, c.sender, c.receiver, c.firewall));
    checks
}

/// Which firewalls filter traffic into each host: those protecting it, one of its
/// components, or a cluster it belongs to. Built once per design.
#[derive(Debug, Clone, Default)]
pub struct Protection {
    by_host: HashMap<NodeId, Vec<NodeId>>,
}

impl Protection {
    pub fn new(design: &Design) -> Protection {
        let mut by_host: HashMap<NodeId, Vec<NodeId>> = HashMap::new();
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
                    }
                }
            }
        }
        for list in by_host.values_mut() {
            list.sort();
        }
        Protection { by_host }
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

/// What `firewall` does with `connection`: the first matching rule decides, else the
/// default policy.
pub fn decide(design: &Design, firewall: NodeId, connection: &Connection) -> Verdict {
    for rule in design.children(firewall) {
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
    let protocol = connection.protocol;
    let proto_ok = attrs.get("proto").is_none_or(|protos| {
        protocol.is_some_and(|p| {
            let base = p.name.trim_end_matches("+tls");
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
    let from_ok = attrs.get("from").is_none_or(|sources| {
        sources
            .items()
            .iter()
            .any(|s| source_matches(design, s, connection.sender, connection.sender_host))
    });
    proto_ok && port_ok && from_ok
}

fn source_matches(
    design: &Design,
    source: &AttrValue,
    sender: NodeId,
    sender_host: NodeId,
) -> bool {
    let from_internet = design.node(sender).kind == Kind::Internet;
    match source {
        AttrValue::Ref(id) => {
            *id == sender || *id == sender_host || is_member(design, *id, sender_host)
        }
        AttrValue::Ip(ip) => host_ips(design, sender_host).contains(ip),
        AttrValue::Cidr(net) => {
            (from_internet && net.prefix_len() == 0)
                || host_ips(design, sender_host)
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
