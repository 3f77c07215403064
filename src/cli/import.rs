//! `infrac import`: a draw.io diagram or a Terraform configuration as `.infra` text,
//! formatted, each item under a comment naming the cell or block it came from — so users
//! can switch to the language and keep what they drew.

use super::args::ImportArgs;
use super::exit::Exit;
use super::input::{self, Unit};
use super::output::{Outputs, emit, usage};
use super::stdio;
use crate::diagnostics::Style;
use crate::source::Sources;
use crate::syntax::ast::Block;

pub fn run(args: &ImportArgs, style: Style) -> Exit {
    let inputs = match input::collect_designs(std::slice::from_ref(&args.input), true) {
        Ok(inputs) => inputs,
        Err(e) => return usage(&e.to_string()),
    };
    let units = input::units(&inputs, args.from.format());
    let outputs = match Outputs::new(args.output.as_deref(), units.len(), ".infra files") {
        Ok(outputs) => outputs,
        Err(e) => return usage(&e),
    };
    units
        .into_iter()
        .map(|unit| import_one(unit, &outputs, style))
        .max()
        .unwrap_or(Exit::Ok)
}

fn import_one(unit: Unit, outputs: &Outputs, style: Style) -> Exit {
    let stem = unit.stem();
    let input = match unit {
        Unit::Ready { input, .. } => *input,
        Unit::Unreadable { error, .. } => return usage(&error),
        Unit::Failed(diagnostics) => {
            stdio::err(&diagnostics.render(style));
            return Exit::Compile;
        }
    };
    if input.format() == crate::Format::Infra {
        return usage(&format!(
            "{}: this is .infra already (give `--from drawio|terraform|terraform-json` if it is not)",
            input.name()
        ));
    }
    match infra_text(&input) {
        Ok((text, report, sources)) => {
            stdio::err(&report.render(&sources));
            emit(outputs.target(&stem, "infra").as_deref(), text.as_bytes())
        }
        Err(diagnostics) => {
            stdio::err(&diagnostics.render(style));
            Exit::Compile
        }
    }
}

/// The `.infra` text of an imported input, the import's report, and the sources its
/// origins point into. The design is lowered first: text is written only for a design
/// that compiles.
pub fn infra_text(
    input: &crate::Input,
) -> Result<(String, crate::import::Report, Sources), crate::Diagnostics> {
    let crate::import::ImportedDesign {
        file,
        report,
        sources,
        ..
    } = crate::import::import(input)?;
    let comment = |block: &Block| origin_comment(&sources, block);
    let body = crate::syntax::print(&file, &comment)
        .map_err(|errors| crate::Diagnostics::syntax(&sources, errors))?;
    let header = format!(
        "# Imported by infrac from {} ({}): {}\n# Each item names the {} it came from.\n\n",
        report.name,
        report.format.describe(),
        report.summary(),
        match report.format {
            crate::Format::Drawio => "draw.io cell",
            _ => "Terraform block",
        }
    );
    Ok((header + &body, report, sources))
}

/// `from cell 7 "nginx" (arch.drawio:12)`, `from aws_instance.web (main.tf:4)`.
fn origin_comment(sources: &Sources, block: &Block) -> Option<String> {
    let element = sources.element(block.span)?;
    let place = sources
        .line_span(block.span)
        .map(|(file, at)| format!(" ({file}:{})", at.start.line))
        .unwrap_or_default();
    let label = element
        .label
        .as_ref()
        .filter(|l| !l.is_empty() && **l != element.id)
        .map(|l| {
            format!(
                " \"{}\"",
                l.split_whitespace().collect::<Vec<_>>().join(" ")
            )
        })
        .unwrap_or_default();
    Some(format!("from {}{label}{place}", element.id))
}
