//! Pass 4: flow statements become flow edges between resolved endpoints.
//!
//! A flow may name a server instead of a component: `lb1 -> web1 : http` means the
//! component on `web1` that receives http. Receivers are chosen by protocol family
//! (a load balancer before a web server before an app server for http; the database
//! whose engine speaks the protocol for mysql), and a component whose `port` matches the
//! flow's port wins outright. A sending server resolves the same way when one component
//! clearly originates the protocol, and otherwise stays the server.

use super::Lowerer;
use super::typing::unknown_protocol;
use crate::model::design::{Access, Edge, Flow, NodeId};
use crate::model::endpoint::{Role, best_components};
use crate::model::error::{ModelError, span};
use crate::model::kind::Kind;
use crate::model::protocol::{Family, Protocol};
use crate::model::schema;
use crate::model::value::Attrs;
use crate::span::Span;
use crate::syntax::ast::{self, Statement};
use petgraph::visit::EdgeRef;

impl<'a> Lowerer<'a> {
    pub(super) fn lower_flows(&mut self) {
        // Room for the flow edges, allocated once: grown by doubling, the edge list (32
        // bytes an edge) held room for up to twice the design's edges, and each growth
        // copied it while both copies were alive, at the peak of `check`. Exact where no
        // hop fans out both ways (`[a, b] -> c`, `a -> [b, c]`); a many-to-many hop
        // grows the list as before. Linear in the paths written, so a hostile fan-out
        // cannot make it reserve more than the text could ever fill.
        let edges: usize = self
            .flows
            .iter()
            .flat_map(|flow| flow.hops.windows(2))
            .map(|pair| pair[0].paths().len().max(pair[1].paths().len()))
            .sum();
        self.graph.reserve_exact_edges(edges);
        for flow in std::mem::take(&mut self.flows) {
            self.lower_flow(flow);
        }
    }

    fn lower_flow(&mut self, flow: &'a ast::Flow) {
        let protocol = match &flow.protocol {
            None => None,
            Some(p) => match self.protocol_of(p) {
                Some(protocol) => Some(protocol),
                None => return,
            },
        };
        let attrs = self.flow_attrs(flow);
        let access = attrs.word::<Access>("access").unwrap_or(Access::ReadWrite);
        // Each hop's endpoints, resolved once: the first hop sends, the others receive
        // (and forward, for the middle ones).
        let hops: Vec<Vec<(NodeId, Span)>> = flow
            .hops
            .iter()
            .enumerate()
            .map(|(i, hop)| {
                let role = if i == 0 { Role::Sender } else { Role::Receiver };
                hop.paths()
                    .iter()
                    .filter_map(|p| Some((self.endpoint(p, role, protocol.as_ref())?, p.span)))
                    .collect()
            })
            .collect();
        let consumes = attrs.bool("consumes") == Some(true);
        for pair in hops.windows(2) {
            for &(from, from_span) in &pair[0] {
                for &(to, to_span) in &pair[1] {
                    if from == to {
                        self.error(ModelError::SelfFlow {
                            name: self.graph[from].path.clone(),
                            at: span(from_span.to(to_span)),
                        });
                        continue;
                    }
                    if let Some(error) = self.wrong_direction(from, to, to_span, consumes) {
                        self.error(error);
                        continue;
                    }
                    let edge = Flow {
                        protocol: protocol.clone(),
                        access,
                        attrs: attrs.clone(),
                        span: flow.span,
                        from_span,
                        to_span,
                    };
                    self.graph.add_edge(from, to, Edge::Flow(Box::new(edge)));
                }
            }
        }
    }

    /// A flow that goes against how its ends work: into a network (it only sends), into
    /// a tunnel from outside its host (the tunnel opens the connection itself), or
    /// consuming from something that is not a queue.
    fn wrong_direction(
        &self,
        from: NodeId,
        to: NodeId,
        at: Span,
        consumes: bool,
    ) -> Option<ModelError> {
        let (sender, receiver) = (&self.graph[from], &self.graph[to]);
        let host = |id: NodeId| match self.graph[id].kind {
            Kind::Server => Some(id),
            k if k.is_component() => self.graph[id].parent,
            _ => None,
        };
        if receiver.kind == Kind::Network {
            return Some(ModelError::WrongDirection {
                problem: format!("a flow into the network `{}`", receiver.path),
                at: span(at),
                label: "a network only sends".into(),
                hint: format!(
                    "a network stands for where traffic comes from: write `{} -> {}` the \
                     other way round if `{}` opens the connection",
                    receiver.path, sender.path, receiver.path
                ),
            });
        }
        if receiver.kind == Kind::Tunnel && host(from) != host(to) {
            return Some(ModelError::WrongDirection {
                problem: format!(
                    "a flow into the tunnel `{}` from outside its host",
                    receiver.path
                ),
                at: span(at),
                label: "the tunnel opens this connection itself".into(),
                hint: format!(
                    "write the connection the way it is opened, `{} -> {} : https`; requests \
                     come back through it",
                    receiver.path, sender.path
                ),
            });
        }
        if consumes && receiver.kind != Kind::Queue {
            return Some(ModelError::WrongDirection {
                problem: format!("`consumes` on a flow to {}", receiver.kind.noun()),
                at: span(at),
                label: format!("`{}` is not a queue", receiver.path),
                hint: "`consumes = true` says the sender takes messages off a queue; drop it, \
                       or point the flow at the queue"
                    .into(),
            });
        }
        None
    }

    /// Every `backup` of a load balancer is one of its backends: named in `backends`, or
    /// reached by one of its flows.
    pub(super) fn check_backups(&mut self) {
        let balancers: Vec<NodeId> = self
            .graph
            .node_indices()
            .filter(|&n| self.graph[n].kind == Kind::LoadBalancer)
            .collect();
        for lb in balancers {
            let Some(attr) = self.graph[lb].attrs.attr("backup").cloned() else {
                continue;
            };
            let mut backends = self.graph[lb].attrs.references("backends");
            for sender in self.senders_for(lb) {
                backends.extend(
                    self.graph
                        .edges(sender)
                        .filter(|e| matches!(e.weight(), Edge::Flow(_)))
                        .map(|e| e.target()),
                );
            }
            for backup in attr.value.items().iter().filter_map(|v| v.as_ref_id()) {
                if !backends.iter().any(|&b| self.same_backend(backup, b)) {
                    let listed: Vec<String> = backends
                        .iter()
                        .map(|&b| format!("`{}`", self.graph[b].path))
                        .collect();
                    let hint = if listed.is_empty() {
                        format!(
                            "`{}` has no backends: list them in `backends = [...]` (the \
                             backups with them) or send its traffic to them with a flow",
                            self.graph[lb].path
                        )
                    } else {
                        format!(
                            "a backup takes over from the backends, so it is one of them: add \
                             it to `backends` or to a flow from `{}` (its backends are {})",
                            self.graph[lb].path,
                            listed.join(", ")
                        )
                    };
                    self.error(ModelError::NotABackend {
                        name: self.graph[backup].path.clone(),
                        balancer: self.graph[lb].path.clone(),
                        at: span(attr.span),
                        hint,
                    });
                }
            }
        }
    }

    /// What a flow may name to send a balancer's traffic: the balancer, its server (which
    /// a flow resolves to it), and any cluster either is a member of (`lbs -> web3`
    /// for a keepalived pair).
    fn senders_for(&self, lb: NodeId) -> Vec<NodeId> {
        let mut senders = vec![lb];
        senders.extend(self.graph[lb].parent);
        let clusters: Vec<NodeId> = self
            .graph
            .node_indices()
            .filter(|&c| self.graph[c].kind == Kind::Cluster)
            .filter(|&c| {
                self.graph[c]
                    .attrs
                    .references("members")
                    .iter()
                    .any(|m| senders.contains(m))
            })
            .collect();
        senders.extend(clusters);
        senders
    }

    /// Whether `backup` and `backend` name the same backend: the same item, a server and
    /// its component, or a cluster and one of its members.
    fn same_backend(&self, backup: NodeId, backend: NodeId) -> bool {
        let host = |id: NodeId| match self.graph[id].kind {
            k if k.is_component() => self.graph[id].parent.unwrap_or(id),
            _ => id,
        };
        backup == backend
            || host(backup) == host(backend)
            || (self.graph[backend].kind == Kind::Cluster
                && self.graph[backend]
                    .attrs
                    .references("members")
                    .iter()
                    .any(|&m| host(m) == host(backup)))
    }

    fn protocol_of(&mut self, p: &ast::Protocol) -> Option<Protocol> {
        let port = p.port.map(|port| port.number);
        if let Some(known) = Protocol::known(&p.name.name, port) {
            return Some(known);
        }
        match port {
            Some(port) => Some(Protocol::custom(&p.name.name, port)),
            None => {
                self.error(unknown_protocol(&p.name.name, p.name.span));
                None
            }
        }
    }

    fn flow_attrs(&mut self, flow: &'a ast::Flow) -> Attrs {
        let Some(body) = &flow.body else {
            return Attrs::default();
        };
        let mut attributes = Vec::new();
        for statement in &body.statements {
            match statement {
                Statement::Attribute(a) => attributes.push(a),
                other => self.error(ModelError::MisplacedStatement {
                    what: if matches!(other, Statement::Flow(_)) {
                        "a flow"
                    } else {
                        "a block"
                    },
                    place: "inside a flow's `{ }`",
                    at: span(other.span()),
                    hint: Some("a flow's braces hold attributes such as `access = read`".into()),
                }),
            }
        }
        self.typed_attrs(schema::FLOW, "a flow", attributes.into_iter())
    }

    /// Resolve one end of a flow to the item that sends or receives the traffic.
    fn endpoint(
        &mut self,
        path: &ast::Path,
        role: Role,
        protocol: Option<&Protocol>,
    ) -> Option<NodeId> {
        let id = self.resolve(path)?;
        let node = &self.graph[id];
        if !node.kind.is_flow_endpoint() {
            self.error(ModelError::NotAnEndpoint {
                noun: node.kind.noun(),
                at: span(path.span),
                name: node.path.clone(),
            });
            return None;
        }
        match (node.kind, protocol) {
            (Kind::Server, Some(protocol)) => self.component_on(id, path.span, role, protocol),
            (Kind::Cluster, Some(protocol)) if role == Role::Receiver => {
                self.check_cluster_receives(id, path.span, protocol);
                Some(id)
            }
            _ => Some(id),
        }
    }

    /// The component on `server` that sends or receives `protocol`.
    fn component_on(
        &mut self,
        server: NodeId,
        at: Span,
        role: Role,
        protocol: &Protocol,
    ) -> Option<NodeId> {
        if protocol.family == Family::Shell {
            return Some(server); // ssh reaches the host itself
        }
        let top = best_components(&self.graph, server, role, protocol);
        match (role, top.as_slice()) {
            (_, [one]) => Some(*one),
            (Role::Sender, _) => Some(server),
            (Role::Receiver, []) => {
                self.error(self.flow_to_nothing(server, at, protocol));
                None
            }
            (Role::Receiver, many) => {
                let names: Vec<String> = many
                    .iter()
                    .map(|&id| format!("`{}`", self.graph[id].path))
                    .collect();
                self.error(ModelError::AmbiguousReceiver {
                    server: self.graph[server].path.clone(),
                    protocol: protocol.name.clone(),
                    at: span(at),
                    hint: format!("name the component instead: {}", names.join(" or ")),
                });
                None
            }
        }
    }

    fn flow_to_nothing(&self, server: NodeId, at: Span, protocol: &Protocol) -> ModelError {
        let runs: Vec<String> = self
            .graph
            .neighbors(server)
            .filter(|&c| self.graph[c].kind.is_component())
            .map(|c| format!("`{}` ({})", self.graph[c].name, self.graph[c].kind))
            .collect();
        let mut runs = runs;
        runs.sort();
        let hint = if runs.is_empty() {
            format!(
                "`{}` runs no components; declare one inside it",
                self.graph[server].path
            )
        } else {
            format!(
                "`{}` runs {}; name the component, or use a protocol one of them speaks",
                self.graph[server].path,
                runs.join(", ")
            )
        };
        ModelError::FlowToNothing {
            server: self.graph[server].path.clone(),
            protocol: protocol.name.clone(),
            at: span(at),
            hint,
        }
    }

    /// Every server in a receiving cluster must have something that takes the traffic.
    fn check_cluster_receives(&mut self, cluster: NodeId, at: Span, protocol: &Protocol) {
        for member in self.graph[cluster].attrs.references("members") {
            if self.graph[member].kind == Kind::Server {
                self.component_on(member, at, Role::Receiver, protocol);
            }
        }
    }
}
