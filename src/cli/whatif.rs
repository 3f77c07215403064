//! `infrac whatif`: failure simulation from the command line. The simulation is data;
//! this file is its writer — the text report, and JSON with each cause also in words.

use super::args::{DiffFormat, WhatifArgs};
use super::exit::Exit;
use super::input;
use super::output::{emit, usage};
use crate::analysis::blast::Pair;
use crate::analysis::whatif::{Blast, Cause, Simulation, Task, TaskOutcome};
use crate::diagnostics::Style;
use std::fmt::Write;

pub fn run(args: &WhatifArgs, style: Style) -> Exit {
    let checked = match input::check_one(&args.input, "whatif", &args.from, style) {
        Ok(checked) => checked,
        Err(exit) => return exit,
    };
    if args.fail_each {
        let blasts = checked.fail_each();
        let text = match (args.format, args.pairs) {
            (DiffFormat::Json, false) => json(&blasts),
            (DiffFormat::Md, false) => table(&blasts),
            (format, true) => {
                let pairs = checked.fail_pairs();
                match format {
                    DiffFormat::Json => json(&WithPairs {
                        items: &blasts,
                        pairs: &pairs,
                    }),
                    DiffFormat::Md => table(&blasts) + "\n" + &pair_table(&pairs),
                }
            }
        };
        return emit(None, text.as_bytes());
    }
    if args.fail.iter().all(|n| n.trim().is_empty()) {
        return usage("name something to fail: `--fail lb1` or `--fail web` (a tier)");
    }
    let names: Vec<&str> = args.fail.iter().map(String::as_str).collect();
    let sim = match checked.simulate(&names) {
        Ok(sim) => sim,
        Err(e) => return usage(&e),
    };
    let text = match args.format {
        DiffFormat::Json => json(&Worded::of(&sim)),
        DiffFormat::Md => report(&sim),
    };
    let exit = emit(None, text.as_bytes());
    if exit == Exit::Ok && sim.broken().next().is_some() {
        Exit::Findings
    } else {
        exit
    }
}

fn json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string_pretty(value)
        .map_or_else(|e| format!("{{\"error\": \"{e}\"}}\n"), |s| s + "\n")
}

/// The simulation as JSON: its data, and each cause also as a sentence (`why`).
#[derive(serde::Serialize)]
struct Worded<'a> {
    failed: &'a [String],
    down: &'a [String],
    tasks: Vec<WordedTask<'a>>,
    cut_off: &'a [String],
}

#[derive(serde::Serialize)]
struct WordedTask<'a> {
    #[serde(flatten)]
    outcome: &'a TaskOutcome,
    #[serde(skip_serializing_if = "Option::is_none")]
    why: Option<String>,
}

impl Worded<'_> {
    fn of(sim: &Simulation) -> Worded<'_> {
        Worded {
            failed: &sim.failed,
            down: &sim.down,
            cut_off: &sim.cut_off,
            tasks: sim
                .tasks
                .iter()
                .map(|t| WordedTask {
                    outcome: t,
                    why: t.cause.as_ref().map(|c| why(t.task, c)),
                })
                .collect(),
        }
    }
}

/// A cause in a sentence: "writes fail: `web1.mysql` itself is down, and nothing else
/// can do its job".
pub fn why(task: Task, cause: &Cause) -> String {
    let quoted = |items: &[String]| {
        items
            .iter()
            .map(|i| format!("`{i}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let what = match cause {
        Cause::ItselfDown { item } => {
            format!("`{item}` itself is down, and nothing else can do its job")
        }
        Cause::LastAlternative { item, targets } => format!(
            "every path from the users to {} went through `{item}`, its last alternative",
            quoted(targets)
        ),
        Cause::Together { failed, targets } => format!(
            "no single failure breaks them, but {} together cut every path to {}",
            failed
                .iter()
                .map(|i| format!("`{i}`"))
                .collect::<Vec<_>>()
                .join(" and "),
            quoted(targets)
        ),
    };
    format!("{} fail: {what}", task.name())
}

fn report(sim: &Simulation) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "If {} fail{}:",
        sim.failed.join(", "),
        if sim.failed.len() == 1 { "s" } else { "" }
    );
    let _ = writeln!(out, "  down: {}", sim.down.join(", "));
    for t in &sim.tasks {
        let state = match (t.worked, t.works) {
            (false, _) => "n/a     (the design has none)",
            (true, true) => "works",
            (true, false) => "BROKEN",
        };
        let _ = writeln!(out, "  {:<13} {state}", t.task.name());
        if let Some(cause) = &t.cause {
            let _ = writeln!(
                out,
                "                {}",
                why(t.task, cause).replace('`', "")
            );
        }
    }
    if !sim.cut_off.is_empty() {
        let _ = writeln!(
            out,
            "  cut off (up, but unreachable): {}",
            sim.cut_off.join(", ")
        );
    }
    out
}

/// `--fail-each --pairs` as JSON: the single failures and the pairs.
#[derive(serde::Serialize)]
struct WithPairs<'a> {
    items: &'a [Blast],
    pairs: &'a [Pair],
}

fn pair_table(pairs: &[Pair]) -> String {
    if pairs.is_empty() {
        return "No two servers break anything together that neither breaks alone.\n".into();
    }
    let mut out = String::from("| servers together | break |\n|---|---|\n");
    for p in pairs {
        let breaks: Vec<&str> = p.breaks.iter().map(|t| t.name()).collect();
        let _ = writeln!(
            out,
            "| {} + {} | {} |",
            p.items[0],
            p.items[1],
            breaks.join(", ")
        );
    }
    out
}

fn table(blasts: &[Blast]) -> String {
    let mut out = String::from("| item | kind | breaks | cut off |\n|---|---|---|---|\n");
    for b in blasts {
        let breaks: Vec<&str> = b.breaks.iter().map(|t| t.name()).collect();
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} |",
            b.item,
            b.kind,
            if breaks.is_empty() {
                "nothing".to_string()
            } else {
                breaks.join(", ")
            },
            b.cut_off
        );
    }
    out
}
