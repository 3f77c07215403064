//! Pass 1: every block becomes a node with a unique dotted path.

use super::Lowerer;
use crate::model::design::{Edge, Node, NodeId};
use crate::model::error::{ModelError, did_you_mean, span};
use crate::model::kind::{Kind, Place};
use crate::model::value::Attrs;
use crate::suggest;
use crate::syntax::ast::{Block, Statement, ValueKind};

impl<'a> Lowerer<'a> {
    pub(super) fn declare_body(&mut self, parent: Option<NodeId>, body: &'a [Statement]) {
        let place = match parent {
            None => Place::TopLevel,
            Some(id) => Place::In(self.graph[id].kind),
        };
        let mut anonymous = 0;
        for statement in body {
            match statement {
                Statement::Block(block) => {
                    if let Some(id) = self.declare_block(parent, place, block, &mut anonymous) {
                        self.bodies.push((id, &block.body));
                        self.declare_body(Some(id), &block.body);
                    }
                }
                Statement::Attribute(attribute) if parent.is_none() => {
                    self.top_attributes.push(attribute);
                }
                Statement::Attribute(_) => {} // typed in pass 2
                Statement::Flow(flow) if parent.is_none() => self.flows.push(flow),
                Statement::Flow(flow) => self.error(ModelError::MisplacedStatement {
                    what: "a flow",
                    place: "inside a block",
                    at: span(flow.span),
                    hint: Some(
                        "write flows at the top level and name both ends: \
                         `srv1.nginx -> srv1.app : http`"
                            .into(),
                    ),
                }),
            }
        }
    }

    fn declare_block(
        &mut self,
        parent: Option<NodeId>,
        place: Place,
        block: &'a Block,
        anonymous: &mut usize,
    ) -> Option<NodeId> {
        let Some(kind) = Kind::from_keyword(&block.kind.name) else {
            let keywords = Kind::DECLARABLE.iter().map(|k| k.keyword());
            self.error(ModelError::UnknownKind {
                kind: block.kind.name.clone(),
                at: span(block.kind.span),
                hint: did_you_mean(suggest::closest(&block.kind.name, keywords)),
            });
            return None;
        };
        if !kind.places().contains(&place) {
            self.error(misplaced(kind, place, block));
        } else if place == Place::TopLevel && kind.is_component() && !says_managed(block) {
            self.error(unmanaged_at_top_level(kind, block));
        }
        let name = self.block_name(kind, block, anonymous)?;
        // Pushed, not `format!`ed: this runs once per block, 120k times at 10k servers.
        let path = match parent {
            Some(p) => {
                let parent_path = &self.graph[p].path;
                let mut path = String::with_capacity(parent_path.len() + 1 + name.len());
                path.push_str(parent_path);
                path.push('.');
                path.push_str(&name);
                path
            }
            None => name.clone(),
        };
        let name_span = block.name.as_ref().map_or(block.kind.span, |n| n.span);
        if let Some(first) = self.names.path(&path) {
            self.error(ModelError::DuplicateName {
                name: path,
                at: span(name_span),
                first: span(self.graph[first].name_span),
            });
            return None;
        }
        let id = self.graph.add_node(Node {
            kind,
            name,
            path: path.clone(),
            label: block.label.as_ref().map(|l| l.value.clone()),
            attrs: Attrs::default(),
            parent,
            span: block.span,
            name_span,
        });
        if let Some(parent) = parent {
            self.graph.add_edge(parent, id, Edge::Contains);
        }
        self.names
            .insert(path, &self.graph[id].name, id, block.name.is_some());
        Some(id)
    }

    /// The block's local name, checked; anonymous firewall rules are numbered.
    fn block_name(&mut self, kind: Kind, block: &Block, anonymous: &mut usize) -> Option<String> {
        let Some(name) = &block.name else {
            if kind.needs_name() {
                self.error(ModelError::MissingName {
                    noun: kind.noun(),
                    kind: kind.keyword(),
                    at: span(block.kind.span),
                });
                return None;
            }
            *anonymous += 1;
            return Some(format!("{}#{}", kind.keyword(), anonymous));
        };
        let problem = if name.name == "internet" {
            self.error(ModelError::ReservedName {
                name: name.name.clone(),
                at: span(name.span),
            });
            return None;
        } else if name.name == "@" && kind != Kind::Record {
            Some("`@` names a zone's apex record; only a `record` can use it")
        } else if name.name == "*" && kind != Kind::Record {
            Some("`*` names a wildcard record; only a `record` can use it")
        } else if name.name.contains('.') && kind != Kind::Domain {
            Some("only a domain's name may contain dots")
        } else if name.name.starts_with(|c: char| c.is_ascii_digit())
            && !matches!(kind, Kind::Domain | Kind::Record)
        {
            Some(
                "only a domain or a DNS record may be named starting with a digit \
                 (`1password.com`); other names start with a letter or `_`",
            )
        } else {
            None
        };
        if let Some(reason) = problem {
            self.error(ModelError::BadName {
                name: name.name.clone(),
                at: span(name.span),
                reason: reason.into(),
            });
            return None;
        }
        Some(name.name.clone())
    }
}

fn misplaced(kind: Kind, place: Place, block: &Block) -> ModelError {
    let allowed: Vec<String> = kind.places().iter().map(|p| p.describe()).collect();
    ModelError::Misplaced {
        noun: kind.noun(),
        place: place.describe(),
        at: span(block.kind.span),
        hint: Some(format!(
            "{} belongs {}",
            capitalize(kind.noun()),
            allowed.join(" or ")
        )),
    }
}

/// Whether a block says `managed = true`: a component at the top level is a provider's
/// service only when it says so (read from the syntax: attributes are typed later).
fn says_managed(block: &Block) -> bool {
    block.body.iter().any(|s| {
        matches!(s, Statement::Attribute(a)
            if a.key.name == "managed" && a.value.kind == ValueKind::Bool(true))
    })
}

fn unmanaged_at_top_level(kind: Kind, block: &Block) -> ModelError {
    ModelError::Misplaced {
        noun: kind.noun(),
        place: Place::TopLevel.describe(),
        at: span(block.kind.span),
        hint: Some(format!(
            "{} belongs inside a server, or at the top level as a provider's managed \
             service: add `managed = true`",
            capitalize(kind.noun())
        )),
    }
}

fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}
