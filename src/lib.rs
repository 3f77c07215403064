//! infrac — an infrastructure-as-code diagram compiler.
//!
//! ```text
//! Sources ─► compile ──────────────────────────────────► Design
//!   .infra:      syntax::parse ─► AST ─► model::lower ──┘  ▲
//!   other files: an importer ─► model::Builder ────────────┘
//! Design ─► analysis::analyze ─► Analysis ─► lint::check ─► Findings      (check ─► Checked)
//! Checked ─► diagram ─► render::svg | render::png | render::export (DOT, Mermaid)
//!         ─► explain ─► explain::markdown | explain::html
//!         ─► simulate (what if these fail?)
//! Outcomes ─► report (human | json | sarif | github)
//! ```
//!
//! Each arrow is a public function taking the previous stage's output by reference. The
//! command line, `watch`, the language server and the browser playground all go through
//! [`check`] and the methods of [`Checked`]; they only read inputs and write outputs.
//!
//! The core (everything but the front ends) builds with `--no-default-features`: no
//! threads, no file system, no terminal — the build WebAssembly uses.

// Outside data never panics the library, and the library never writes to the terminal:
// front ends decide where output goes (unit tests may unwrap; see clippy.toml).
#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::print_stdout,
    clippy::print_stderr
)]

pub mod analysis;
#[cfg(feature = "cli")]
pub mod cli;
pub mod completion;
pub mod decode;
pub mod diagnostics;
pub mod explain;
pub mod import;
pub mod lint;
#[cfg(feature = "lsp")]
pub mod lsp;
pub mod model;
pub mod numbers;
pub mod preview;
pub mod render;
pub mod report;
pub mod snippet;
pub mod source;
pub mod span;
mod suggest;
pub mod syntax;
pub mod synth;
#[cfg(feature = "watch")]
pub mod watch;
pub mod xml_text;

pub use diagnostics::Diagnostics;
pub use import::{Format, Input};
pub use model::Design;
pub use source::{Source, Sources};

use analysis::Analysis;
use lint::Finding;

/// Compile one input into a [`Design`], or every error found in it. The input is
/// `.infra` text, a draw.io diagram or Terraform, told from its content unless
/// [`Input::format`] says.
pub fn compile(input: impl Into<Input>) -> Result<Design, Diagnostics> {
    compile_sources(input.into()).map(|compiled| compiled.design)
}

/// Compile one input, keeping the texts its spans point into and, for an imported
/// design, the importer's report.
pub fn compile_with_report(
    input: impl Into<Input>,
) -> Result<(Design, Sources, Option<import::Report>), Diagnostics> {
    compile_sources(input.into()).map(|c| (c.design, c.sources, c.import))
}

/// A design that compiled, with what lint needs from its text.
struct Compiled {
    design: Design,
    /// The texts its spans point into (an importer may add decoded ones).
    sources: Sources,
    /// Comments of `.infra` text: they carry the inline lint suppressions.
    comments: Vec<syntax::ast::Comment>,
    /// What an importer made of a non-`.infra` input.
    import: Option<import::Report>,
}

fn compile_sources(input: Input) -> Result<Compiled, Diagnostics> {
    if input.format() != Format::Infra {
        let import::ImportedDesign {
            design,
            sources,
            report,
            ..
        } = import::import(&input)?;
        return Ok(Compiled {
            design,
            sources,
            comments: Vec::new(),
            import: Some(report),
        });
    }
    let sources = input.sources;
    let text = sources.primary().map_or("", |s| &s.text);
    let file = syntax::parse(text).map_err(|errors| Diagnostics::syntax(&sources, errors))?;
    let design = model::lower(&file).map_err(|errors| Diagnostics::model(&sources, errors))?;
    drop_in_background(file.statements, text.len());
    Ok(Compiled {
        design,
        sources,
        comments: file.comments,
        import: None,
    })
}

/// A linted design: what every back half of the pipeline starts from.
pub struct Checked {
    /// The texts every span of the design and its findings points into.
    pub sources: Sources,
    pub design: Design,
    pub analysis: Analysis,
    pub findings: Vec<Finding>,
    /// For an imported design: what the importer understood, guessed and left out.
    pub import: Option<import::Report>,
}

/// Compile, analyse and lint one input. A design that does not compile yields only its
/// compile errors: no lint noise about a half-understood design.
///
/// ```
/// use infrac::{Source, lint::Config, render};
///
/// let text = "server web1 { web_server nginx {} }\ninternet -> web1 : http\n";
/// let checked = infrac::check(Source::new("shop.infra", text), &Config::default())
///     .map_err(|d| d.render(infrac::diagnostics::Style::PLAIN))?;
/// assert!(checked.findings.iter().any(|f| f.rule == "no-https"));
/// let svg = render::svg(&checked.diagram("shop", Default::default()), render::ThemeName::Light);
/// assert!(svg.starts_with("<svg"));
/// let today = time::macros::date!(2026 - 12 - 01);
/// let write_up = infrac::explain::markdown::markdown(&checked.explain("shop", today, None));
/// assert!(write_up.contains("web1"));
/// # Ok::<(), String>(())
/// ```
pub fn check(input: impl Into<Input>, config: &lint::Config) -> Result<Checked, Diagnostics> {
    let Compiled {
        design,
        sources,
        comments,
        import,
    } = compile_sources(input.into())?;
    let mut checked = Checked::lint(sources, design, &comments, config);
    checked.import = import;
    Ok(checked)
}

/// [`check`] of `.infra` text that is already parsed: the language server parses only
/// what an edit changed (see [`syntax::incremental`]). `sources` hold the text parsed.
pub fn check_parsed(
    file: &syntax::ast::File,
    sources: Sources,
    config: &lint::Config,
) -> Result<Checked, Diagnostics> {
    let design = model::lower(file).map_err(|errors| Diagnostics::model(&sources, errors))?;
    Ok(Checked::lint(sources, design, &file.comments, config))
}

impl Checked {
    /// Analyse and lint a design built some other way than from `.infra` text (with
    /// [`model::Builder`]); `sources` are the texts its origins point into.
    pub fn of(design: Design, sources: Sources, config: &lint::Config) -> Checked {
        Checked::lint(sources, design, &[], config)
    }

    fn lint(
        sources: Sources,
        design: Design,
        comments: &[syntax::ast::Comment],
        config: &lint::Config,
    ) -> Checked {
        let analysis = analysis::analyze(&design);
        let text = sources.primary().map_or("", |s| &s.text);
        let findings = lint::check(&design, &analysis, comments, text, config);
        Checked {
            sources,
            design,
            analysis,
            findings,
            import: None,
        }
    }

    /// The diagram, laid out; `name` titles a design that has no title. With
    /// `hide_findings` the picture shows the bare design.
    pub fn diagram(&self, name: &str, options: render::Options) -> render::Diagram {
        let findings = if options.hide_findings {
            &[]
        } else {
            &self.findings[..]
        };
        render::diagram(&self.design, &self.analysis, findings, name, options)
    }

    /// What every explanation section reads. `diagram` is where the picture is, if the
    /// write-up should show one.
    pub fn context(&self, today: time::Date, diagram: Option<String>) -> explain::Context<'_> {
        explain::Context {
            design: &self.design,
            analysis: &self.analysis,
            findings: &self.findings,
            today,
            diagram,
        }
    }

    /// The written explanation; `name` titles a design that has no title.
    pub fn explain(
        &self,
        name: &str,
        today: time::Date,
        diagram: Option<String>,
    ) -> explain::Document {
        explain::explain(&self.context(today, diagram), name)
    }

    /// Take the named items down (servers, components, clusters, tier words) and see
    /// which journeys still work; an unknown name is an error saying what is known.
    pub fn simulate(&self, names: &[&str]) -> Result<analysis::whatif::Simulation, String> {
        let mut failed = Vec::new();
        for name in names.iter().map(|n| n.trim()).filter(|n| !n.is_empty()) {
            failed.extend(analysis::whatif::resolve(&self.design, name)?);
        }
        Ok(analysis::whatif::simulate(
            &self.design,
            &self.analysis,
            &failed,
        ))
    }

    /// Every item failed alone: what each breaks and cuts off (`whatif --fail-each`).
    pub fn fail_each(&self) -> Vec<analysis::whatif::Blast> {
        analysis::whatif::fail_each(&self.design, &self.analysis)
    }

    /// The pairs of servers that break a journey together though neither breaks it
    /// alone (`whatif --fail-each --pairs`).
    pub fn fail_pairs(&self) -> Vec<analysis::blast::Pair> {
        analysis::blast::pairs(&self.design, &self.analysis)
    }

    /// Each journey's estimated availability.
    pub fn availability(&self) -> &[analysis::availability::Estimate] {
        self.analysis.availability(&self.design)
    }

    /// The check as a report outcome, for the `report` writers; the design and its
    /// analysis are freed (in the background when they are large).
    pub fn into_outcome(self) -> report::Outcome {
        let availability = self.availability().to_vec();
        drop_in_background((self.design, self.analysis), self.sources.len());
        report::Outcome::Checked {
            sources: self.sources,
            findings: self.findings,
            availability,
        }
    }
}

/// Inputs larger than this free their big structures on another thread.
#[cfg(feature = "threads")]
const BACKGROUND_DROP_BYTES: usize = 1 << 20;

/// Free `value` on another thread when the input was large: freeing a big tree is pure
/// overhead on the critical path, and the second core is idle during analysis. Without
/// threads (WebAssembly), it is simply dropped.
pub fn drop_in_background<T: Send + 'static>(value: T, input_bytes: usize) {
    #[cfg(feature = "threads")]
    if input_bytes >= BACKGROUND_DROP_BYTES {
        // If the thread cannot be spawned, the closure — and the value — is dropped here.
        let _ = std::thread::Builder::new().spawn(move || drop(value));
        return;
    }
    let _ = input_bytes;
    drop(value);
}
