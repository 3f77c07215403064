//! Name resolution (LANGUAGE.md §1).
//!
//! A dotted path names the item at that path (`srv1.nginx`, and a top-level item's path
//! is its name). Otherwise a bare name names the one item anywhere in the file with that
//! name; two or more is an ambiguity, listed for the user. `a.b` also resolves when `a`
//! is a bare name for an item that contains `b`.

use super::Lowerer;
use crate::model::design::NodeId;
use crate::model::error::{ModelError, did_you_mean, span};
use crate::suggest;
use crate::syntax::ast::Path;

pub(super) enum Lookup {
    Found(NodeId),
    Ambiguous(Vec<NodeId>),
    /// Nothing has this name. `parent` is the item the first segment names, if any: when
    /// it can hold items (`srv1.ngnix`), the name is a typo, not a host name.
    Missing {
        parent: Option<NodeId>,
    },
}

impl Lowerer<'_> {
    pub(super) fn lookup(&self, path: &Path) -> Lookup {
        let dotted = path.dotted();
        if let Some(&id) = self.by_path.get(dotted) {
            return Lookup::Found(id);
        }
        let (first, rest) = dotted.split_once('.').unwrap_or((dotted, ""));
        let head = match self.by_name.get(first).map(Vec::as_slice) {
            Some([one]) => *one,
            Some([]) | None => return Lookup::Missing { parent: None },
            Some(many) if rest.is_empty() => return Lookup::Ambiguous(many.to_vec()),
            Some(many) => {
                return Lookup::Missing {
                    parent: Some(many[0]),
                };
            }
        };
        if rest.is_empty() {
            return Lookup::Found(head);
        }
        let full = format!("{}.{}", self.graph[head].path, rest);
        match self.by_path.get(&full) {
            Some(&id) => Lookup::Found(id),
            None => Lookup::Missing { parent: Some(head) },
        }
    }

    /// Resolve a reference, reporting an error when it does not name exactly one item.
    pub(super) fn resolve(&mut self, path: &Path) -> Option<NodeId> {
        match self.lookup(path) {
            Lookup::Found(id) => Some(id),
            Lookup::Ambiguous(ids) => {
                self.error(self.ambiguous(path, &ids));
                None
            }
            Lookup::Missing { .. } => {
                self.error(self.unresolved(path, None));
                None
            }
        }
    }

    pub(super) fn ambiguous(&self, path: &Path, ids: &[NodeId]) -> ModelError {
        let candidates: Vec<String> = ids
            .iter()
            .map(|&id| format!("`{}`", self.graph[id].path))
            .collect();
        ModelError::Ambiguous {
            name: path.dotted().to_string(),
            candidates: candidates.join(", "),
            at: span(path.span),
            count: ids.len(),
        }
    }

    pub(super) fn unresolved(&self, path: &Path, fallback: Option<String>) -> ModelError {
        let dotted = path.dotted();
        let names = self
            .by_path
            .keys()
            .chain(self.by_name.keys())
            .map(String::as_str);
        let hint = did_you_mean(suggest::closest(dotted, names)).or(fallback);
        ModelError::Unresolved {
            name: dotted.to_string(),
            at: span(path.span),
            hint,
        }
    }
}
