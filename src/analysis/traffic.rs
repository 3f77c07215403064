//! The traffic graph: every flow expanded to the components that really carry it.
//!
//! A flow into a cluster reaches each member's receiving component (the members are
//! alternatives); a flow into a server that lowering could not pin to one component
//! reaches every component on it. Nodes are design items; edges remember the flow they
//! came from and its access mode.
//!
//! A cluster is one node of the graph on each side it is used from, its *junction*:
//! `lbs -> web1 : http` is `lb1.haproxy → (lbs out) → web1.nginx`, and the members' edges
//! into the junction are shared by every flow out of the cluster with the same protocol
//! and access. Expanding each flow per member would make members × backends hops, and
//! every pass that walks the graph would pay that product. A hop between two items is
//! therefore either an edge or a path through at most two junctions; [`Traffic::incoming`]
//! and [`Traffic::outgoing`] see through junctions, passes that walk the graph treat a
//! junction as a node that cannot fail and is no item of the design. Flows whose hops
//! differ per member pair — from the entry (which first hops users may take depends on
//! the member), consumed or tunnelled ones (the work runs against the arrow), or with a
//! member on the other end's host — are expanded per member as before.

use crate::model::endpoint::{Role, best_components};
use crate::model::protocol::{Family, Protocol};
use crate::model::{Access, Design, EdgeId, Kind, NodeId};
use petgraph::Direction;
use petgraph::graph::{DiGraph, EdgeReference, NodeIndex};
use petgraph::visit::EdgeRef;
// Fx, not SipHash: keys are the design's own node ids, looked up on every hop.
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

#[derive(Debug, Clone, Copy)]
pub struct Hop {
    /// The design flow this hop expands. On an edge between a member and its cluster's
    /// junction (`shared`), only the first of the flows that share it.
    pub flow: EdgeId,
    pub access: Access,
    pub encrypted: bool,
    /// The connection goes the other way: the hop's receiver opened it (a tunnel to an
    /// edge, a consumer reading a queue), so the work comes back against the arrow.
    pub reversed: bool,
    /// The edge joins a cluster member to the cluster's junction: it carries every flow
    /// through the junction, which the junction's other edges name.
    pub shared: bool,
}

impl Hop {
    /// Who opens the connection and who accepts it, for a hop from `from` to `to`.
    pub fn connection(&self, from: NodeId, to: NodeId) -> (NodeId, NodeId) {
        if self.reversed {
            (to, from)
        } else {
            (from, to)
        }
    }
}

/// Which side of a cluster a junction stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Side {
    /// Flows into the cluster: the junction fans out to the members' receivers.
    In,
    /// Flows out of the cluster: the members' senders gather at the junction.
    Out,
}

/// A cluster as a node of the traffic graph (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Junction {
    pub cluster: NodeId,
    pub side: Side,
}

#[derive(Debug, Clone, Default)]
pub struct Traffic {
    /// Node weights are design items, or for a junction its cluster.
    pub graph: DiGraph<NodeId, Hop>,
    index: HashMap<NodeId, NodeIndex>,
    /// The junction each graph node is, by node index (`None` for items).
    junctions: Vec<Option<Junction>>,
}

/// The members' items a cluster's junction joins, for one protocol and access.
#[derive(Debug, Clone, PartialEq)]
struct JunctionKey {
    cluster: NodeId,
    side: Side,
    protocol: Option<Protocol>,
    access: Access,
}

/// One end of a flow: items, or a cluster whose members' items meet at a junction.
enum End {
    Items(Vec<NodeId>),
    Cluster(NodeId),
}

/// The members' items on one side of a cluster, per protocol.
type SideItems = Vec<(Option<Protocol>, MemberItems)>;

/// Building state: junctions made so far and the members' items of each cluster side.
#[derive(Default)]
struct Junctions {
    made: Vec<(JunctionKey, NodeIndex)>,
    by_cluster: HashMap<(NodeId, Side), Vec<usize>>,
    /// Items and their hosts, per (cluster, role, protocol), computed once.
    items: HashMap<(NodeId, Side), SideItems>,
}

#[derive(Clone)]
struct MemberItems {
    items: Vec<NodeId>,
    hosts: HashSet<NodeId>,
    tunnels: bool,
}

impl Junctions {
    fn members(
        &mut self,
        design: &Design,
        cluster: NodeId,
        side: Side,
        protocol: Option<&Protocol>,
    ) -> &MemberItems {
        let entries = self.items.entry((cluster, side)).or_default();
        let at = match entries.iter().position(|(p, _)| p.as_ref() == protocol) {
            Some(at) => at,
            None => {
                let role = match side {
                    Side::In => Role::Receiver,
                    Side::Out => Role::Sender,
                };
                let items = expand(design, cluster, role, protocol);
                let hosts = items.iter().map(|&i| design.host(i).unwrap_or(i)).collect();
                let tunnels = items.iter().any(|&i| design.node(i).kind == Kind::Tunnel);
                entries.push((
                    protocol.cloned(),
                    MemberItems {
                        items,
                        hosts,
                        tunnels,
                    },
                ));
                entries.len() - 1
            }
        };
        &entries[at].1
    }
}

impl Traffic {
    pub fn new(design: &Design) -> Traffic {
        let mut traffic = Traffic::default();
        traffic.node(design.entry);
        let mut junctions = Junctions::default();
        // An entry that is itself a cluster must stay one item users start from.
        let junctions_allowed = design.node(design.entry).kind != Kind::Cluster;
        for (flow, from, to, f) in design.flows() {
            let protocol = f.protocol.as_ref();
            let consumes = f.attrs.bool("consumes") == Some(true);
            let hop = Hop {
                flow,
                access: f.access,
                encrypted: protocol.is_some_and(|p| p.encrypted),
                reversed: false,
                shared: false,
            };
            let clustered = [from, to]
                .iter()
                .any(|&id| design.node(id).kind == Kind::Cluster);
            if junctions_allowed
                && !consumes
                && clustered
                && let Some((senders, receivers)) =
                    traffic.through_junctions(design, &mut junctions, from, to, hop, protocol)
            {
                for &s in &senders {
                    for &r in &receivers {
                        traffic.graph.add_edge(s, r, hop);
                    }
                }
                continue;
            }
            let senders = expand(design, from, Role::Sender, protocol);
            let receivers = expand(design, to, Role::Receiver, protocol);
            for &s in &senders {
                for &r in &receivers {
                    if s == r {
                        continue;
                    }
                    let reversed = consumes || opens_tunnel(design, s, r);
                    let hop = Hop { reversed, ..hop };
                    // The work travels from the queue to its consumer, from the edge into
                    // the tunnel: the traffic graph follows the work.
                    let (from, to) = if reversed { (r, s) } else { (s, r) };
                    let (a, b) = (traffic.node(from), traffic.node(to));
                    traffic.graph.add_edge(a, b, hop);
                }
            }
        }
        traffic
    }

    /// The graph nodes a flow with a cluster on one end joins, through the clusters'
    /// junctions; `None` when the flow's hops must be expanded per member (see the
    /// module docs).
    fn through_junctions(
        &mut self,
        design: &Design,
        junctions: &mut Junctions,
        from: NodeId,
        to: NodeId,
        hop: Hop,
        protocol: Option<&Protocol>,
    ) -> Option<(Vec<NodeIndex>, Vec<NodeIndex>)> {
        let end = |id: NodeId, side: Side, junctions: &mut Junctions| {
            if design.node(id).kind == Kind::Cluster {
                let members = junctions.members(design, id, side, protocol).clone();
                (End::Cluster(id), members)
            } else {
                let role = match side {
                    Side::In => Role::Receiver,
                    Side::Out => Role::Sender,
                };
                let items = expand(design, id, role, protocol);
                let members = MemberItems {
                    hosts: items.iter().map(|&i| design.host(i).unwrap_or(i)).collect(),
                    tunnels: items.iter().any(|&i| design.node(i).kind == Kind::Tunnel),
                    items: items.clone(),
                };
                (End::Items(items), members)
            }
        };
        let (sending, senders) = end(from, Side::Out, junctions);
        let (receiving, receivers) = end(to, Side::In, junctions);
        if senders.items.is_empty() || receivers.items.is_empty() {
            return Some((Vec::new(), Vec::new()));
        }
        let (small, large) = if senders.hosts.len() <= receivers.hosts.len() {
            (&senders.hosts, &receivers.hosts)
        } else {
            (&receivers.hosts, &senders.hosts)
        };
        if senders.tunnels
            || senders.items.contains(&design.entry)
            || small.iter().any(|h| large.contains(h))
        {
            return None;
        }
        let access = hop.access;
        let mut nodes = |end: End, side: Side, traffic: &mut Traffic| match end {
            End::Items(items) => items.into_iter().map(|i| traffic.node(i)).collect(),
            End::Cluster(cluster) => {
                let key = JunctionKey {
                    cluster,
                    side,
                    protocol: protocol.cloned(),
                    access,
                };
                let members = match side {
                    Side::Out => &senders.items,
                    Side::In => &receivers.items,
                };
                vec![traffic.junction(junctions, key, members, hop)]
            }
        };
        let s = nodes(sending, Side::Out, self);
        let r = nodes(receiving, Side::In, self);
        Some((s, r))
    }

    /// The junction for `key`, made with its members' edges on first use.
    fn junction(
        &mut self,
        junctions: &mut Junctions,
        key: JunctionKey,
        members: &[NodeId],
        hop: Hop,
    ) -> NodeIndex {
        let made = junctions
            .by_cluster
            .entry((key.cluster, key.side))
            .or_default();
        if let Some(&at) = made.iter().find(|&&at| junctions.made[at].0 == key) {
            return junctions.made[at].1;
        }
        let shared = Hop {
            shared: true,
            ..hop
        };
        let mut ends: Vec<NodeIndex> = Vec::with_capacity(members.len());
        if key.side == Side::Out {
            ends.extend(members.iter().map(|&m| self.node(m)));
        }
        let junction = self.graph.add_node(key.cluster);
        self.junctions.push(Some(Junction {
            cluster: key.cluster,
            side: key.side,
        }));
        if key.side == Side::In {
            ends.extend(members.iter().map(|&m| self.node(m)));
        }
        for end in ends {
            match key.side {
                Side::Out => self.graph.add_edge(end, junction, shared),
                Side::In => self.graph.add_edge(junction, end, shared),
            };
        }
        made.push(junctions.made.len());
        junctions.made.push((key, junction));
        junction
    }

    fn node(&mut self, id: NodeId) -> NodeIndex {
        if let Some(&ix) = self.index.get(&id) {
            return ix;
        }
        let ix = self.graph.add_node(id);
        self.junctions.push(None);
        self.index.insert(id, ix);
        ix
    }

    /// The graph node of a design item (never a junction).
    pub fn index_of(&self, id: NodeId) -> Option<NodeIndex> {
        self.index.get(&id).copied()
    }

    /// The junction a graph node is, if it is one.
    pub fn junction_at(&self, ix: NodeIndex) -> Option<Junction> {
        self.junctions.get(ix.index()).copied().flatten()
    }

    pub fn is_junction(&self, ix: NodeIndex) -> bool {
        self.junction_at(ix).is_some()
    }

    /// Items that send traffic straight to `id`, with the hop, in flow order.
    pub fn incoming(&self, id: NodeId) -> Vec<(NodeId, Hop)> {
        self.hops(id, Direction::Incoming)
    }

    /// Items `id` sends traffic straight to, with the hop, in flow order.
    pub fn outgoing(&self, id: NodeId) -> Vec<(NodeId, Hop)> {
        self.hops(id, Direction::Outgoing)
    }

    /// Whether anything sends traffic to `id` (every junction has members on both sides,
    /// so an edge from one is traffic).
    pub fn has_incoming(&self, id: NodeId) -> bool {
        self.index_of(id).is_some_and(|ix| {
            self.graph
                .edges_directed(ix, Direction::Incoming)
                .next()
                .is_some()
        })
    }

    /// Whether `id` sends traffic anywhere.
    pub fn has_outgoing(&self, id: NodeId) -> bool {
        self.index_of(id).is_some_and(|ix| {
            self.graph
                .edges_directed(ix, Direction::Outgoing)
                .next()
                .is_some()
        })
    }

    /// The junction all of item `ix`'s hops in `direction` go through, when they all go
    /// through one: then what lies beyond is the same for every member, and can be
    /// worked out once (see [`Traffic::outgoing_at`]).
    pub fn only_junction(&self, ix: NodeIndex, direction: Direction) -> Option<NodeIndex> {
        let mut edges = self.graph.edges_directed(ix, direction);
        let first = edges.next()?;
        let junction = far_end(first, direction);
        (first.weight().shared && edges.all(|e| far_end(e, direction) == junction))
            .then_some(junction)
    }

    /// What a member whose traffic all leaves through `junction` sends to, as
    /// [`Traffic::outgoing`] lists it.
    pub fn outgoing_at(&self, junction: NodeIndex) -> Vec<(NodeId, Hop)> {
        let mut hops = Vec::new();
        for flow in self.graph.edges_directed(junction, Direction::Outgoing) {
            for to in self.items_at(flow.target(), Direction::Outgoing) {
                hops.push((self.graph[to], *flow.weight()));
            }
        }
        hops.sort_by_key(|(n, h)| (h.flow, *n));
        hops
    }

    /// Calls `visit` with the hop of every flow arriving at (or leaving) item `ix`,
    /// once per flow and far junction rather than once per far member: for questions
    /// about the flows, not about who is at the other end.
    pub fn visit_flows(&self, ix: NodeIndex, direction: Direction, visit: &mut dyn FnMut(Hop)) {
        for e in self.graph.edges_directed(ix, direction) {
            if e.weight().shared {
                let junction = far_end(e, direction);
                for flow in self.graph.edges_directed(junction, direction) {
                    visit(*flow.weight());
                }
            } else {
                visit(*e.weight());
            }
        }
    }

    /// The other end of each hop at `id` in `direction`, seen through junctions.
    fn hops(&self, id: NodeId, direction: Direction) -> Vec<(NodeId, Hop)> {
        let Some(ix) = self.index_of(id) else {
            return Vec::new();
        };
        let mut hops = Vec::new();
        self.visit_hops(ix, direction, &mut |other, hop| {
            hops.push((self.graph[other], hop))
        });
        hops.sort_by_key(|(n, h)| (h.flow, *n));
        hops
    }

    /// Calls `visit` with the far item and the flow's hop of every hop at item `ix`.
    pub fn visit_hops(
        &self,
        ix: NodeIndex,
        direction: Direction,
        visit: &mut dyn FnMut(NodeIndex, Hop),
    ) {
        for e in self.graph.edges_directed(ix, direction) {
            let other = far_end(e, direction);
            if !self.is_junction(other) {
                visit(other, *e.weight());
            } else if e.weight().shared {
                // A member: every flow through its junction, and across a second
                // junction on the far side of a flow between two clusters.
                for flow in self.graph.edges_directed(other, direction) {
                    let beyond = far_end(flow, direction);
                    if self.is_junction(beyond) {
                        for shared in self.graph.edges_directed(beyond, direction) {
                            visit(far_end(shared, direction), *flow.weight());
                        }
                    } else {
                        visit(beyond, *flow.weight());
                    }
                }
            } else {
                for shared in self.graph.edges_directed(other, direction) {
                    visit(far_end(shared, direction), *e.weight());
                }
            }
        }
    }

    /// The items a graph node stands for on the side `direction` looks from: a
    /// junction's members, else the node itself.
    pub fn items_at(&self, ix: NodeIndex, direction: Direction) -> Vec<NodeIndex> {
        if !self.is_junction(ix) {
            return vec![ix];
        }
        self.graph
            .edges_directed(ix, direction)
            .map(|e| far_end(e, direction))
            .collect()
    }
}

/// The end of `edge` away from the node it was reached from in `direction`.
fn far_end(edge: EdgeReference<'_, Hop>, direction: Direction) -> NodeIndex {
    match direction {
        Direction::Incoming => edge.source(),
        Direction::Outgoing => edge.target(),
    }
}

/// Whether the flow from `sender` to `receiver` is a tunnel being opened: a tunnel
/// connecting out of its host to an edge, which then sends requests back through it.
fn opens_tunnel(design: &Design, sender: NodeId, receiver: NodeId) -> bool {
    design.node(sender).kind == Kind::Tunnel && design.host(sender) != design.host(receiver)
}

/// The items that actually send or receive a flow written against `id`.
pub fn expand(design: &Design, id: NodeId, role: Role, protocol: Option<&Protocol>) -> Vec<NodeId> {
    let node = design.node(id);
    match node.kind {
        Kind::Cluster => design
            .members(id)
            .into_iter()
            .flat_map(|member| expand(design, member, role, protocol))
            .collect(),
        // ssh and the like reach the host itself.
        Kind::Server if protocol.is_some_and(|p| p.family == Family::Shell) => vec![id],
        Kind::Server => {
            let best = protocol
                .map(|p| best_components(&design.graph, id, role, p))
                .unwrap_or_default();
            if best.len() == 1 {
                return best;
            }
            let components: Vec<NodeId> = design
                .children(id)
                .into_iter()
                .filter(|&c| {
                    design.node(c).kind.is_component()
                        && design.node(c).kind != Kind::MonitoringAgent
                })
                .collect();
            if components.is_empty() {
                vec![id]
            } else {
                components
            }
        }
        _ => vec![id],
    }
}

/// Whether `id` serves the web: it receives HTTP-family traffic, or declares a web
/// listener, or (declaring neither) is a load balancer or web server nothing reaches
/// yet. A TCP load balancer or a database pooler in front of databases is not: no
/// request-rate metric or HTTP health check is asked of it.
pub fn web_facing(design: &Design, traffic: &Traffic, id: NodeId) -> bool {
    use crate::model::Edge;
    use crate::model::value::AttrValue;
    let node = design.node(id);
    if let Some(listeners) = node.attrs.get("listen") {
        return listeners
            .items()
            .iter()
            .any(|l| matches!(l, AttrValue::Listener(p) if p.family == Family::Web));
    }
    if !traffic.has_incoming(id) {
        return matches!(node.kind, Kind::LoadBalancer | Kind::WebServer);
    }
    // The flows arriving, not every member that sends them.
    let mut web = false;
    if let Some(ix) = traffic.index_of(id) {
        traffic.visit_flows(ix, Direction::Incoming, &mut |hop| {
            web |= match &design.graph[hop.flow] {
                Edge::Flow(f) => f.protocol.as_ref().is_none_or(|p| p.family == Family::Web),
                _ => false,
            };
        });
    }
    web
}
