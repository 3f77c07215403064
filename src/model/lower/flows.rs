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

impl<'a> Lowerer<'a> {
    pub(super) fn lower_flows(&mut self) {
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
                    let edge = Flow {
                        protocol: protocol.clone(),
                        access,
                        attrs: attrs.clone(),
                        span: flow.span,
                        from_span,
                        to_span,
                    };
                    self.graph.add_edge(from, to, Edge::Flow(edge));
                }
            }
        }
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
