//! `infrac rules [NAME]`: the rule catalogue, from each rule's own documentation.

use super::args::RulesArgs;
use super::exit::Exit;
use super::output::{emit, usage};
use crate::lint::config::check_rule_name;
use crate::lint::rules::{self, RULES};

pub fn run(args: &RulesArgs) -> Exit {
    match &args.name {
        None => emit(None, catalogue().as_bytes()),
        Some(name) => match rules::docs(name) {
            Some(docs) => {
                let severity = rules::find(name).map_or("", |r| r.default_severity().name());
                emit(
                    None,
                    format!("# {name} ({severity} by default)\n\n{docs}\n").as_bytes(),
                )
            }
            None => usage(&check_rule_name(name).err().unwrap_or_default()),
        },
    }
}

/// One line per rule: its name, default severity and summary, in columns.
fn catalogue() -> String {
    let width = RULES.iter().map(|r| r.name().len()).max().unwrap_or(0);
    RULES
        .iter()
        .map(|rule| {
            format!(
                "{:width$}  {:7}  {}\n",
                rule.name(),
                rule.default_severity().name(),
                rules::summary(rule.name())
            )
        })
        .collect()
}
