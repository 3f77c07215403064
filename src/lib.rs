//! infrac — an infrastructure-as-code diagram compiler.
//!
//! ```text
//! source ─► syntax::parse ─► AST ─► model::lower ─► Design ─► analysis::analyze ─► Analysis
//!                  │                                   │                              │
//!                  └─► syntax::format (fmt)            └─► graph_json (graph)         ▼
//!                                                              lint::check ─► Findings ─► report
//! ```
//!
//! Each arrow is a public function taking the previous stage's output by reference.
//! [`compile`] runs the front half for one source; [`check`] runs it through the linter.

pub mod analysis;
pub mod cli;
pub mod diagnostics;
pub mod explain;
pub mod lint;
pub mod lsp;
pub mod model;
pub mod render;
pub mod report;
pub mod source;
pub mod span;
mod suggest;
pub mod syntax;
pub mod synth;
pub mod watch;

pub use diagnostics::Diagnostics;
pub use model::Design;
pub use source::Source;

/// Parse and lower one source into a [`Design`], or every error found in it.
pub fn compile(source: &Source) -> Result<Design, Diagnostics> {
    let file = syntax::parse(&source.text).map_err(|errors| Diagnostics::syntax(source, errors))?;
    model::lower(&file).map_err(|errors| Diagnostics::model(source, errors))
}

/// A design that compiled, with the syntax tree it came from.
pub struct Compiled {
    pub file: syntax::ast::File,
    pub design: Design,
}

/// Parse and lower, keeping the syntax tree (its comments carry lint suppressions).
pub fn compile_file(source: &Source) -> Result<Compiled, Diagnostics> {
    let file = syntax::parse(&source.text).map_err(|errors| Diagnostics::syntax(source, errors))?;
    let design = model::lower(&file).map_err(|errors| Diagnostics::model(source, errors))?;
    Ok(Compiled { file, design })
}

/// A linted design.
pub struct Checked {
    pub design: Design,
    pub analysis: analysis::Analysis,
    pub findings: Vec<lint::Finding>,
}

/// Compile, analyse and lint one source. A design that does not compile yields only its
/// compile errors: no lint noise about a half-understood design.
pub fn check(source: &Source, config: &lint::Config) -> Result<Checked, Diagnostics> {
    let Compiled { file, design } = compile_file(source)?;
    let comments = file.comments;
    drop_in_background(file.statements, source.text.len());
    let analysis = analysis::analyze(&design);
    let findings = lint::check(&design, &analysis, &comments, &source.text, config);
    Ok(Checked {
        design,
        analysis,
        findings,
    })
}

/// Inputs larger than this free their big structures on another thread.
const BACKGROUND_DROP_BYTES: usize = 1 << 20;

/// Free `value` on another thread when the input was large: freeing a big tree is pure
/// overhead on the critical path, and the second core is idle during analysis.
pub fn drop_in_background<T: Send + 'static>(value: T, input_bytes: usize) {
    if input_bytes < BACKGROUND_DROP_BYTES {
        return drop(value);
    }
    // If the thread cannot be spawned, the closure — and the value — is dropped here.
    let _ = std::thread::Builder::new().spawn(move || drop(value));
}
