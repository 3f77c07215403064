//! `infrac rules [NAME]`: the rule catalogue, from each rule's own documentation.

use super::args::RulesArgs;
use super::exit::Exit;
use crate::lint::config::check_rule_name;
use crate::lint::rules::{self, RULES};

pub fn run(args: &RulesArgs) -> Exit {
    match &args.name {
        None => {
            let width = RULES.iter().map(|r| r.name().len()).max().unwrap_or(0);
            for rule in RULES {
                println!(
                    "{:width$}  {:7}  {}",
                    rule.name(),
                    rule.default_severity().name(),
                    rules::summary(rule.name())
                );
            }
            Exit::Ok
        }
        Some(name) => match rules::docs(name) {
            Some(docs) => {
                let severity = rules::find(name).map_or("", |r| r.default_severity().name());
                println!("# {name} ({severity} by default)\n\n{docs}");
                Exit::Ok
            }
            None => {
                eprintln!("error: {}", check_rule_name(name).err().unwrap_or_default());
                Exit::Usage
            }
        },
    }
}
