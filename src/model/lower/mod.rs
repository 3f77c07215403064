//! Lowering: AST → [`Design`], in four passes over the file.
//!
//! 1. [`declare`]: every block becomes a node with a unique path (so later passes can
//!    resolve references to items declared further down the file);
//! 2. [`typing`]: every attribute is checked against the schema and given a typed value;
//! 3. [`relations`]: references become edges (tls, replica_of, members, protects…), and
//!    [`validate`] rejects attributes that are wrong together (`min` above `max`, a zone
//!    on a component, a proxied record with no edge);
//! 4. [`flows`]: flow statements become flow edges between resolved endpoints, and a load
//!    balancer's backups must be among its backends.
//!
//! Each pass records errors and carries on, so one run reports every problem in a file.

mod declare;
mod flows;
mod relations;
mod resolve;
mod typing;
mod validate;

use super::design::{Design, Edge, Node, NodeId};
use super::error::ModelError;
use super::kind::Kind;
use super::names::Names;
use super::value::Attrs;
use crate::span::Span;
use crate::syntax::ast;
use petgraph::stable_graph::StableDiGraph;

/// Lower a parsed file into a design, or return every error found.
pub fn lower(file: &ast::File) -> Result<Design, Vec<ModelError>> {
    let mut lowerer = Lowerer::new(blocks(&file.statements));
    lowerer.declare_body(None, &file.statements);
    lowerer.type_attributes();
    lowerer.relate();
    lowerer.validate();
    lowerer.lower_flows();
    lowerer.check_backups();
    lowerer.finish()
}

/// How many blocks a body declares at any depth: each becomes at most one node. Counted
/// first so the node list is allocated once at its size; grown by doubling, it held room
/// for up to twice the design's nodes (~150 bytes each).
fn blocks(body: &[ast::Statement]) -> usize {
    body.iter()
        .map(|s| match s {
            ast::Statement::Block(b) => 1 + blocks(&b.body),
            _ => 0,
        })
        .sum()
}

struct Lowerer<'a> {
    graph: StableDiGraph<Node, Edge>,
    internet: NodeId,
    names: Names,
    errors: Vec<ModelError>,
    /// Each declared node with the body its attributes are read from.
    bodies: Vec<(NodeId, &'a [ast::Statement])>,
    top_attributes: Vec<&'a ast::Attribute>,
    design_attrs: Attrs,
    flows: Vec<&'a ast::Flow>,
}

impl<'a> Lowerer<'a> {
    /// A lowerer for a file of `blocks` blocks.
    fn new(blocks: usize) -> Self {
        // The blocks and the internet.
        let mut graph = StableDiGraph::with_capacity(blocks + 1, 0);
        let internet = graph.add_node(Node {
            kind: Kind::Internet,
            name: "internet".into(),
            path: "internet".into(),
            label: None,
            attrs: Attrs::default(),
            parent: None,
            span: Span::default(),
            name_span: Span::default(),
        });
        let mut names = Names::default();
        names.insert("internet".to_string(), "internet", internet, true);
        Lowerer {
            graph,
            internet,
            names,
            errors: Vec::new(),
            bodies: Vec::new(),
            top_attributes: Vec::new(),
            design_attrs: Attrs::default(),
            flows: Vec::new(),
        }
    }

    fn error(&mut self, error: ModelError) {
        self.errors.push(error);
    }

    fn finish(mut self) -> Result<Design, Vec<ModelError>> {
        if !self.errors.is_empty() {
            // Source order, so the report reads top to bottom.
            self.errors.sort_by_key(|e| e.span().start());
            return Err(self.errors);
        }
        let entry = self
            .design_attrs
            .reference("entry")
            .unwrap_or(self.internet);
        Ok(Design {
            graph: self.graph,
            internet: self.internet,
            entry,
            attrs: self.design_attrs,
            names: self.names,
        })
    }
}
