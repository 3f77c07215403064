//! Stage 2: the AST lowered into a [`Design`] — a petgraph of items, relations and flows,
//! every reference resolved and every attribute typed against the [`schema`].

pub mod builder;
mod design;
pub mod endpoint;
mod error;
pub mod graph_json;
pub mod kind;
mod lower;
pub(crate) mod names;
pub mod protocol;
pub mod schema;
pub mod value;
pub mod word;

pub use builder::Builder;
pub use design::{Access, Design, Edge, EdgeId, Flow, Node, NodeId};
pub use error::{ModelError, suggestion_in};
pub use kind::Kind;
pub use lower::lower;
pub use names::Lookup;
