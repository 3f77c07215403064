//! Cells that say exactly what they are: infrac's own draw.io export (and anyone who
//! fills in the same properties in draw.io's "Edit Data") carries each item's kind, name
//! and attributes as `<object>` properties, so reading it back needs no guessing:
//! `infrac_kind`, `infrac_name`, `infrac_label`, `infrac_parent`, `infrac_rule_N`, and
//! every other property an attribute in `.infra` syntax. Edges with `infrac_flow` are
//! flows (`protocol`, `port` and flow attributes).

use super::{Mapper, Placed, Server};
use crate::import::names::is_identifier;
use crate::model::Kind;
use crate::model::builder::{ItemId, Value};
use crate::syntax::ast::Statement;

impl Mapper<'_> {
    /// Declare every exact item, in page order; true when the design's own attributes
    /// (the title) came with them.
    pub(super) fn exact_items(&mut self) -> bool {
        let mut design_attributes = false;
        for (i, cell) in self.page.cells.iter().enumerate() {
            if cell.parent.is_none() && cell.data("infrac_design").is_some() {
                let at = self.origin(i);
                for (key, raw) in attributes(&cell.data) {
                    self.b.attribute(None, key, value(raw), &at);
                    design_attributes |= key == "title";
                }
                continue;
            }
            let Some(kind) = cell.data("infrac_kind") else {
                continue;
            };
            if kind == "internet" {
                self.exact.insert(i, "internet".into());
                continue;
            }
            let parent = self.exact_parent(i);
            let scope = parent
                .as_ref()
                .map_or(String::new(), |(_, path)| path.clone());
            let wanted = cell.data("infrac_name").unwrap_or("");
            let name = if is_identifier(wanted)
                || (kind == "domain" && !wanted.is_empty())
                || wanted == "@"
            {
                self.names.take(&scope, wanted);
                wanted.to_string()
            } else {
                self.names.unique(
                    &scope,
                    if wanted.is_empty() {
                        &cell.label
                    } else {
                        wanted
                    },
                    kind,
                )
            };
            let at = self.origin(i);
            let id = self
                .b
                .item(parent.as_ref().map(|(id, _)| *id), kind, &name, &at);
            if let Some(label) = cell.data("infrac_label") {
                self.b.label(id, label);
            }
            for (key, raw) in attributes(&cell.data) {
                self.b.attribute(Some(id), key, value(raw), &at);
            }
            let mut rules: Vec<(usize, &str)> = cell
                .data
                .iter()
                .filter_map(|(k, v)| {
                    Some((k.strip_prefix("infrac_rule_")?.parse().ok()?, v.as_str()))
                })
                .collect();
            rules.sort();
            for (_, rule) in rules {
                self.exact_rule(id, rule, i);
            }
            let path = if scope.is_empty() {
                name.clone()
            } else {
                format!("{scope}.{name}")
            };
            self.exact.insert(i, path.clone());
            self.exact_ids.insert(path.clone(), id);
            self.register(i, kind, id, &path, parent.as_ref());
        }
        design_attributes
    }

    /// Exact servers and their components are known to the rest of the mapper, so shapes
    /// a user adds inside them in draw.io land on them.
    fn register(
        &mut self,
        i: usize,
        kind: &str,
        id: ItemId,
        path: &str,
        parent: Option<&(ItemId, String)>,
    ) {
        let cell = &self.page.cells[i];
        match Kind::from_keyword(kind) {
            Some(Kind::Server) => {
                self.servers.insert(
                    i,
                    Server {
                        id,
                        path: path.to_string(),
                        components: Vec::new(),
                    },
                );
            }
            Some(k) if k.is_component() => {
                let Some((parent_id, _)) = parent else { return };
                let host = self.servers.iter_mut().find(|(_, s)| s.id == *parent_id);
                if let Some((_, server)) = host {
                    server.components.push(Placed {
                        kind: k,
                        path: path.to_string(),
                        id,
                        engine: cell.data("engine").map(str::to_string),
                        role: match cell.data("role") {
                            Some("primary") => Some("primary"),
                            Some("replica") => Some("replica"),
                            _ => None,
                        },
                        cell: i,
                    });
                }
            }
            Some(Kind::Cluster) => {
                self.clusters.insert(i, path.to_string());
            }
            Some(Kind::Service) => {
                self.services.insert(i, path.to_string());
            }
            _ => {}
        }
    }

    /// The exact item a cell sits in: its nearest exact ancestor cell, or the path its
    /// `infrac_parent` names.
    fn exact_parent(&self, i: usize) -> Option<(ItemId, String)> {
        let cell = &self.page.cells[i];
        if let Some(path) = cell.data("infrac_parent") {
            return self.exact_ids.get(path).map(|id| (*id, path.to_string()));
        }
        let mut at = cell.parent.clone();
        let mut steps = 0;
        while let Some(p) = at {
            steps += 1;
            let j = self.page.position(&p)?;
            if let Some(path) = self.exact.get(&j).filter(|p| *p != "internet") {
                return self.exact_ids.get(path).map(|id| (*id, path.clone()));
            }
            if steps > 64 {
                return None;
            }
            at = self.page.cells[j].parent.clone();
        }
        None
    }

    /// `allow { proto = https, from = internet }`, as the export writes a rule.
    fn exact_rule(&mut self, firewall: ItemId, rule: &str, cell: usize) {
        let at = self.origin(cell);
        let parsed = crate::syntax::parse(&format!("firewall f {{\n{rule}\n}}\n")).ok();
        let block = parsed.as_ref().and_then(|f| match f.statements.as_slice() {
            [Statement::Block(fw)] => match fw.body.as_slice() {
                [Statement::Block(rule)] => Some(rule.clone()),
                _ => None,
            },
            _ => None,
        });
        let Some(block) = block else {
            let c = &self.page.cells[cell];
            self.report.not_mapped(
                super::element(c),
                Some(c.span),
                format!(
                    "the firewall rule `{rule}`: not an `allow {{ … }}` or `deny {{ … }}` block"
                ),
            );
            return;
        };
        let attributes: Vec<(String, Value)> = block
            .body
            .iter()
            .filter_map(|s| match s {
                Statement::Attribute(a) => Some((a.key.name.clone(), Value::from_ast(&a.value))),
                _ => None,
            })
            .collect();
        let attributes = attributes
            .iter()
            .map(|(k, v)| (k.as_str(), v.clone()))
            .collect();
        self.b.rule(firewall, &block.kind.name, attributes, &at);
    }

    /// Flows on exact edges, in page order.
    pub(super) fn exact_flows(&mut self) {
        for (e, cell) in self.page.cells.iter().enumerate() {
            if !cell.edge || cell.data("infrac_flow").is_none() {
                continue;
            }
            self.exact.insert(e, String::new());
            let end = |id: &Option<String>| {
                let i = self.page.position(id.as_deref()?)?;
                self.exact.get(&i).cloned()
            };
            let (Some(from), Some(to)) = (end(&cell.source), end(&cell.target)) else {
                self.report.not_mapped(
                    super::element(cell),
                    Some(cell.span),
                    "a flow whose ends are not both items infrac exported",
                );
                continue;
            };
            let protocol = cell.data("protocol").map(|p| {
                let port = cell.data("port").and_then(|p| p.parse::<u16>().ok());
                (p.to_string(), port)
            });
            let attributes: Vec<(String, Value)> = attributes(&cell.data)
                .filter(|(k, _)| *k != "protocol" && *k != "port")
                .map(|(k, v)| (k.to_string(), value(v)))
                .collect();
            let at = self.origin(e);
            let attributes = attributes
                .iter()
                .map(|(k, v)| (k.as_str(), v.clone()))
                .collect();
            let proto = protocol.as_ref().map(|(p, port)| (p.as_str(), *port));
            self.b
                .flow_with(&[from.as_str()], &[to.as_str()], proto, attributes, &at);
        }
    }
}

/// The properties that are attributes: all but infrac's own, with the keys draw.io
/// keeps for itself (`label`) stored as `infrac_attr_label`.
fn attributes(data: &[(String, String)]) -> impl Iterator<Item = (&str, &str)> {
    data.iter()
        .filter_map(|(k, v)| match k.strip_prefix("infrac_attr_") {
            Some(key) => Some((key, v.as_str())),
            None if k.starts_with("infrac_") => None,
            None => Some((k.as_str(), v.as_str())),
        })
}

/// A property's value: `.infra` syntax when it is one value, else the text itself.
fn value(raw: &str) -> Value {
    Value::parse(raw).unwrap_or_else(|| Value::text(raw))
}
