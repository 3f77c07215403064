//! Name resolution in lowering: [`Names::lookup`], with errors for the user.

use super::Lowerer;
use crate::model::design::NodeId;
use crate::model::error::{ModelError, did_you_mean, span};
pub(super) use crate::model::names::Lookup;
use crate::suggest;
use crate::syntax::ast::Path;

impl Lowerer<'_> {
    pub(super) fn lookup(&self, path: &Path) -> Lookup {
        self.names
            .lookup(path.dotted(), |id| self.graph[id].path.as_str())
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
        let hint = did_you_mean(suggest::closest(dotted, self.names.all())).or(fallback);
        ModelError::Unresolved {
            name: dotted.to_string(),
            at: span(path.span),
            hint,
        }
    }
}
