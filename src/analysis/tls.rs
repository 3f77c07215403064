//! Where TLS ends, which hops behind it run in plain text, and which names each
//! certificate has to cover.

use super::dns::Dns;
use super::traffic::{Hop, Traffic};
use crate::model::protocol::Family;
use crate::model::{Design, Edge, EdgeId, Kind, NodeId};
use petgraph::Direction;
use petgraph::graph::NodeIndex;
use rustc_hash::FxHashMap as HashMap;
use std::sync::Arc;

#[derive(Debug, Clone)]
pub struct Termination {
    /// What decrypts: a component, a CDN, or an outside proxy service.
    pub component: NodeId,
    pub certificate: Option<NodeId>,
    /// A provider's service (a CDN, a managed load balancer or queue, an outside proxy)
    /// that names no certificate serves the provider's own, issued for its names: none
    /// is missing.
    pub provider_certificate: bool,
    /// Encrypted flows arriving at it.
    pub inbound: Vec<EdgeId>,
    /// Unencrypted hops leaving it for another host: (receiver, flow), in flow order.
    /// The members of a cluster that send through its junction share one list.
    pub plaintext_out: Arc<[(NodeId, EdgeId)]>,
    /// DNS names that lead users to it.
    pub names: Vec<String>,
}

#[derive(Debug, Clone, Default)]
pub struct Tls {
    pub terminations: Vec<Termination>,
}

impl Tls {
    pub fn new(design: &Design, traffic: &Traffic, dns: &Dns) -> Tls {
        let mut terminations = Vec::new();
        let mut through: HashMap<NodeIndex, Arc<[(NodeId, EdgeId)]>> = HashMap::default();
        let clusters = clusters_by_member(design);
        for (id, node) in design.nodes() {
            // Anything that terminates TLS and forwards is judged alike: a load balancer,
            // a web server, a CDN, an outside proxy.
            if !(node.kind.is_component() || matches!(node.kind, Kind::Cdn | Kind::Service)) {
                continue;
            }
            let Some(ix) = traffic.index_of(id) else {
                continue;
            };
            // TLS ends where the connection is accepted: a hop's receiver, or its sender
            // when the receiver opened the connection (a consumer reading a queue, a
            // tunnel to an edge).
            let mut inbound: Vec<EdgeId> = Vec::new();
            for (direction, reversed) in [(Direction::Incoming, false), (Direction::Outgoing, true)]
            {
                traffic.visit_flows(ix, direction, &mut |hop| {
                    if hop.reversed == reversed && hop.encrypted && is_web(design, hop.flow) {
                        inbound.push(hop.flow);
                    }
                });
            }
            if inbound.is_empty() {
                continue;
            }
            let certificate = node.attrs.reference("tls");
            let host = design.host(id).or(Some(id));
            let plaintext_out = match traffic.only_junction(ix, Direction::Outgoing) {
                // The junction's far side holds no member's host (see `traffic`): every
                // plain hop through it leaves the host.
                Some(junction) => through
                    .entry(junction)
                    .or_insert_with(|| plain(traffic.outgoing_at(junction)))
                    .clone(),
                None => plain(
                    traffic
                        .outgoing(id)
                        .into_iter()
                        .filter(|(to, _)| design.host(*to).or(Some(*to)) != host)
                        .collect(),
                ),
            };
            let forwards = traffic.has_outgoing(id);
            // Without a certificate and with everything re-encrypted, TLS passes through;
            // an outside service that forwards nothing is just the far end.
            // A provider's service (a CDN, a managed balancer) always ends TLS: it
            // serves the provider's certificate when the design names none.
            let managed = design.is_managed(id);
            if certificate.is_none() && !managed && plaintext_out.is_empty() && forwards
                || (node.kind == Kind::Service && !forwards)
            {
                continue;
            }
            terminations.push(Termination {
                component: id,
                certificate,
                provider_certificate: certificate.is_none()
                    && (design.is_managed(id) || node.kind == Kind::Service),
                inbound: dedup(inbound),
                plaintext_out,
                names: host
                    .map(|h| names_leading_to(dns, &clusters, h))
                    .unwrap_or_default(),
            });
        }
        Tls { terminations }
    }
}

/// The unencrypted ones of these hops, as (receiver, flow).
fn plain(hops: Vec<(NodeId, Hop)>) -> Arc<[(NodeId, EdgeId)]> {
    hops.into_iter()
        .filter(|(_, hop)| !hop.encrypted)
        .map(|(to, hop)| (to, hop.flow))
        .collect()
}

fn dedup(mut flows: Vec<EdgeId>) -> Vec<EdgeId> {
    flows.sort();
    flows.dedup();
    flows
}

fn is_web(design: &Design, flow: EdgeId) -> bool {
    match &design.graph[flow] {
        Edge::Flow(f) => f.protocol.as_ref().is_some_and(|p| p.family == Family::Web),
        _ => false,
    }
}

/// The clusters each item is a member of, in declaration order: one pass over the
/// clusters, not one per termination.
fn clusters_by_member(design: &Design) -> HashMap<NodeId, Vec<NodeId>> {
    let mut by_member: HashMap<NodeId, Vec<NodeId>> = HashMap::default();
    for (cluster, _) in design.nodes_of(Kind::Cluster) {
        let mut members = design.members(cluster);
        members.sort();
        members.dedup();
        for member in members {
            by_member.entry(member).or_default().push(cluster);
        }
    }
    by_member
}

/// Names of `host` and of every cluster it belongs to.
fn names_leading_to(
    dns: &Dns,
    clusters: &HashMap<NodeId, Vec<NodeId>>,
    host: NodeId,
) -> Vec<String> {
    let mut names: Vec<String> = dns.names_of(host).into_iter().map(str::to_string).collect();
    for &cluster in clusters.get(&host).into_iter().flatten() {
        names.extend(dns.names_of(cluster).into_iter().map(str::to_string));
    }
    names.sort();
    names.dedup();
    names
}

/// Whether a certificate name (`www.foobar.com`, `*.foobar.com`) covers a host name.
/// A wildcard covers exactly one label: `*.foobar.com` covers `www.foobar.com`, not
/// `foobar.com` nor `a.b.foobar.com`.
pub fn covers(pattern: &str, name: &str) -> bool {
    let pattern = pattern.trim_end_matches('.').to_ascii_lowercase();
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    match pattern.strip_prefix("*.") {
        Some(parent) => name
            .split_once('.')
            .is_some_and(|(label, rest)| !label.is_empty() && rest == parent),
        None => pattern == name,
    }
}

/// The certificate's names.
pub fn certificate_names(design: &Design, certificate: NodeId) -> Vec<String> {
    design
        .node(certificate)
        .attrs
        .get("domains")
        .map(|v| {
            v.items()
                .iter()
                .filter_map(|d| d.as_text().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::covers;

    #[test]
    fn wildcards_cover_one_label() {
        assert!(covers("*.foobar.com", "www.foobar.com"));
        assert!(covers("www.foobar.com", "WWW.foobar.com."));
        assert!(!covers("*.foobar.com", "foobar.com"));
        assert!(!covers("*.foobar.com", "a.b.foobar.com"));
        assert!(!covers("foobar.com", "www.foobar.com"));
    }

    #[test]
    fn tls_ends_where_the_connection_is_accepted_not_where_the_work_goes() {
        // The worker opens the connection to the queue and reads work from it: the
        // queue ends TLS (with its provider's certificate), the worker does not.
        let design = crate::compile(crate::source::Source::new(
            "t",
            "queue jobs { managed = true, provider = aws, engine = sqs }\n\
             server worker { app_server runner {} }\n\
             worker.runner -> jobs : https { consumes = true }\n",
        ))
        .expect("compiles");
        let analysis = crate::analysis::analyze(&design);
        let ends: Vec<&str> = analysis
            .tls
            .terminations
            .iter()
            .map(|t| design.node(t.component).path.as_str())
            .collect();
        assert_eq!(ends, ["jobs"]);
        assert!(analysis.tls.terminations[0].provider_certificate);
    }
}
