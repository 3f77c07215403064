//! `infrac diff OLD NEW`: what changed between two designs.

use super::args::{DiffArgs, DiffFormat};
use super::check::config;
use super::exit::Exit;
use super::input;
use super::output::{emit, usage};
use super::stdio;
use crate::diagnostics::Style;
use crate::explain::changes;
use crate::explain::diff::{self, Side};
use crate::explain::document::Document;
use crate::explain::markdown::markdown;
use serde::Serialize;

/// The diff as JSON: its data, and the story in sentences for people reading it.
#[derive(Serialize)]
struct Json<'a> {
    old: &'a str,
    new: &'a str,
    #[serde(flatten)]
    diff: &'a diff::Diff,
    story: Vec<String>,
}

pub fn run(args: &DiffArgs, style: Style) -> Exit {
    let config = match config(&args.lint) {
        Ok(config) => config,
        Err(e) => return usage(&e),
    };
    let mut checked = Vec::new();
    for path in [&args.old, &args.new] {
        let source = match input::read_one(path, "diff") {
            Ok(source) => source,
            Err(e) => return usage(&e.to_string()),
        };
        match crate::check(&source, &config) {
            Ok(c) => checked.push((source.name.clone(), c)),
            Err(diagnostics) => {
                stdio::err(&diagnostics.render(style));
                return Exit::Compile;
            }
        }
    }
    let [(old_name, old), (new_name, new)] = &checked[..] else {
        return usage("diff compares two designs");
    };
    let result = diff::diff(
        &Side {
            design: &old.design,
            analysis: &old.analysis,
            findings: &old.findings,
        },
        &Side {
            design: &new.design,
            analysis: &new.analysis,
            findings: &new.findings,
        },
    );
    let out = match args.format {
        DiffFormat::Md => {
            let title = |d: &crate::model::Design, n: &str| d.title().unwrap_or(n).to_string();
            let doc = Document {
                title: format!(
                    "{} → {}",
                    title(&old.design, old_name),
                    title(&new.design, new_name)
                ),
                sections: vec![changes::section(&result, &old.design, &new.design)],
            };
            markdown(&doc)
        }
        DiffFormat::Json => {
            let json = Json {
                old: old_name,
                new: new_name,
                diff: &result,
                story: changes::story(&result, &old.design, &new.design)
                    .iter()
                    .map(|p| p.plain())
                    .collect(),
            };
            match serde_json::to_string_pretty(&json) {
                Ok(mut s) => {
                    s.push('\n');
                    s
                }
                Err(e) => return usage(&format!("cannot encode JSON: {e}")),
            }
        }
    };
    emit(args.output.as_deref(), out.as_bytes())
}
