//! infrac — an infrastructure-as-code diagram compiler.
//!
//! ```text
//! source ─► syntax::parse ─► AST ─► model::lower ─► Design
//!                  │                                   │
//!                  └─► syntax::format (fmt)            └─► model::graph_json (infrac graph)
//! ```
//!
//! Each arrow is a public function taking the previous stage's output by reference.
//! [`compile`] runs the front half of the pipeline for one source.

pub mod cli;
pub mod diagnostics;
pub mod model;
pub mod source;
pub mod span;
mod suggest;
pub mod syntax;
pub mod synth;

pub use diagnostics::Diagnostics;
pub use model::Design;
pub use source::Source;

/// Parse and lower one source into a [`Design`], or every error found in it.
pub fn compile(source: &Source) -> Result<Design, Diagnostics> {
    let file = syntax::parse(&source.text).map_err(|errors| Diagnostics::syntax(source, errors))?;
    model::lower(&file).map_err(|errors| Diagnostics::model(source, errors))
}
