//! Stage 0 for the files people already have: draw.io diagrams and Terraform.
//!
//! ```text
//! Input (Sources + Format) ─► drawio::import    ─┐
//!                          ─► terraform::import ─┴─► model::Builder + Report
//!                                                   ─► settle (drop what does not compile) ─► Design
//! ```
//!
//! Each importer reads its format into the statements a `.infra` file would hold and
//! hands them to the [`Builder`], which lowers them with the same passes as `.infra`
//! text: an imported design is checked exactly like a written one, and every item points
//! at the cell or block the user made. Beside the builder, every importer fills a
//! [`Report`]: what it understood, what it guessed (and from what), and everything it
//! could not map, each with a reason — never a silently smaller design. What an importer
//! hands on always compiles (`settle`): a design the user did not write cannot fail as
//! if they had.

pub mod drawio;
mod error;
mod format;
mod input;
pub mod names;
mod report;
mod settle;
pub mod terraform;

pub use error::{ImportError, ImportErrorKind};
pub use format::Format;
pub use input::{Input, Page};
pub use names::Names;
pub use report::{Entry, Report};

use crate::diagnostics::Diagnostics;
use crate::model::Builder;

/// An importer's result: the statements, ready to lower, and what it made of the input.
pub struct Imported {
    pub builder: Builder,
    pub report: Report,
}

/// An imported design: compiled, with the statements it was lowered from (what `infrac
/// import` prints), the sources its origins point into, and the import's report.
pub struct ImportedDesign {
    pub file: crate::syntax::ast::File,
    pub design: crate::model::Design,
    pub sources: crate::source::Sources,
    pub report: Report,
}

/// Read an input in a non-`.infra` format into a design. Either it compiles, or the
/// error is an [`ImportError`]: what an importer made never fails as a design would.
pub fn import(input: &Input) -> Result<ImportedDesign, Diagnostics> {
    let Imported {
        builder,
        mut report,
    } = read(input)?;
    let file = builder.file();
    let sources = builder.sources().clone();
    let (file, design) = settle::settle(file, &sources, &mut report)
        .map_err(|e| Diagnostics::import(&sources, vec![e]))?;
    if design
        .nodes()
        .all(|(_, n)| n.kind == crate::model::Kind::Internet)
    {
        return Err(Diagnostics::import(
            &sources,
            vec![nothing_recognised(&report)],
        ));
    }
    report.count(&design);
    Ok(ImportedDesign {
        file,
        design,
        sources,
        report,
    })
}

/// Read an input in a non-`.infra` format into a builder.
fn read(input: &Input) -> Result<Imported, Diagnostics> {
    let imported = match input.format() {
        Format::Drawio => drawio::import(input),
        Format::Terraform => terraform::hcl::import(input),
        Format::TerraformJson => terraform::json::import(input),
        Format::Infra => Err(ImportError::new(
            ImportErrorKind::Unreadable,
            ".infra text is compiled, not imported",
        )),
    };
    let imported = imported.map_err(|e| Diagnostics::import(&input.sources, vec![e]))?;
    if imported.builder.is_empty() {
        return Err(Diagnostics::import(
            &input.sources,
            vec![nothing_recognised(&imported.report)],
        ));
    }
    Ok(imported)
}

/// One input per design it holds: a draw.io file of several pages is several designs.
pub fn designs(input: Input) -> Result<Vec<Input>, Diagnostics> {
    if input.format() != Format::Drawio || input.page.is_some() {
        return Ok(vec![input]);
    }
    let pages =
        drawio::page_names(&input).map_err(|e| Diagnostics::import(&input.sources, vec![e]))?;
    if pages.len() <= 1 {
        return Ok(vec![input]);
    }
    Ok(pages
        .into_iter()
        .enumerate()
        .map(|(index, name)| {
            let page = Page { index, name };
            let named = Input {
                page: Some(page.clone()),
                ..input.clone()
            };
            // Each page is its own design, reported under its own name.
            Input {
                sources: input.sources.clone().renamed(named.name()),
                page: Some(page),
                format: input.format,
            }
        })
        .collect())
}

/// The text an input file holds: its UTF-8 text, or for a `.drawio.png` the diagram in
/// its `mxfile` text chunk. Errors are one line (the CLI adds the file name).
pub fn text_of(bytes: Vec<u8>) -> Result<String, crate::decode::DecodeError> {
    if bytes.starts_with(drawio::png::SIGNATURE) {
        return drawio::png::diagram(&bytes).map_err(crate::decode::DecodeError::Png);
    }
    crate::decode::decode(bytes)
}

/// The error for an input in which nothing maps to a design: what it held instead.
fn nothing_recognised(report: &Report) -> ImportError {
    let mut help = format!("it holds {}", report.contents);
    let reasons: Vec<String> = report
        .not_mapped
        .iter()
        .take(8)
        .map(|e| format!("{}: {}", e.describe(), e.reason))
        .collect();
    if !reasons.is_empty() {
        help.push_str("; not mapped: ");
        help.push_str(&reasons.join("; "));
        if report.not_mapped.len() > reasons.len() {
            help.push_str(&format!(
                "; and {} more",
                report.not_mapped.len() - reasons.len()
            ));
        }
    }
    ImportError::new(
        ImportErrorKind::Empty,
        format!(
            "nothing in this {} input maps to a design",
            report.format.describe()
        ),
    )
    .help(help)
}
