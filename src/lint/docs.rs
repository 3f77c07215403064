//! The rule documentation pages, `docs/rules/NAME.md` and their index
//! `docs/rules/README.md`: made from each rule's own `//!` comment, so the pages,
//! `infrac rules NAME` and the help in SARIF say the same thing. The pages are committed
//! (they are what SARIF's `helpUri` links to); `tests/rule_docs.rs` fails when one is
//! stale and rewrites them with `INFRAC_UPDATE_DOCS=1`.

use super::rule::{Rule, Security};
use super::rules::{self, RULES};

/// Where the committed pages are published: the repository's `docs/rules/` folder.
const PAGES: &str = concat!(env!("CARGO_PKG_REPOSITORY"), "/blob/main/docs/rules/");

/// The page of a rule, for SARIF's `helpUri`.
pub fn help_uri(name: &str) -> String {
    format!("{PAGES}{name}.md")
}

/// The file a rule's page is written to, under `docs/rules/`.
pub fn file_name(rule: &dyn Rule) -> String {
    format!("{}.md", rule.name())
}

/// GitHub's wording for a security severity score.
pub fn security_rating(security: &Security) -> &'static str {
    match security.severity {
        s if s >= 9.0 => "critical",
        s if s >= 7.0 => "high",
        s if s >= 4.0 => "medium",
        _ => "low",
    }
}

/// One rule's page: what it does, why, an example, the fix, and how to configure it.
pub fn page(rule: &dyn Rule) -> String {
    let name = rule.name();
    let mut facts = vec![format!(
        "**Default severity:** {}",
        rule.default_severity().name()
    )];
    if let Some(security) = rule.security() {
        facts.push(format!(
            "**Security:** [CWE-{cwe}](https://cwe.mitre.org/data/definitions/{cwe}.html), \
             severity {score:.1} ({rating})",
            cwe = security.cwe,
            score = security.severity,
            rating = security_rating(&security),
        ));
    }
    facts.push("[all rules](README.md)".to_string());
    format!(
        "{header}\n# `{name}`\n\n{facts}\n\n{docs}\n## Configure\n\n\
         Change its severity for one run with `--deny {name}`, `--warn {name}` or \
         `--allow {name}`, or for the project in `infrac.toml`:\n\n\
         ```toml\n[rules]\n{name} = \"{other}\"   # error | warning | note | allow\n```\n\n\
         Accept one finding on one item with a comment on the line before it; the reason \
         is for the reader:\n\n\
         ```infra\n# infrac: allow({name}) the reason it is fine here\n```\n",
        header = generated_from(&format!("src/lint/rules/{}.rs", name.replace('-', "_"))),
        facts = facts.join(" · "),
        docs = rules::docs(name).unwrap_or_default(),
        other = match rule.default_severity().name() {
            "error" => "warning",
            _ => "error",
        },
    )
}

/// The index: every rule with its default severity and what it does.
pub fn index() -> String {
    let mut text = format!(
        "{}\n# infrac's lint rules\n\n\
         Each rule's page says what it finds, why it matters, an example and the fix. \
         `infrac rules NAME` prints the same in the terminal.\n\n\
         | rule | default | security | what it does |\n|---|---|---|---|\n",
        generated_from("src/lint/rules/")
    );
    for rule in RULES {
        let security = rule.security().map_or_else(String::new, |s| {
            format!("CWE-{}, {}", s.cwe, security_rating(&s))
        });
        text.push_str(&format!(
            "| [`{name}`]({file}) | {severity} | {security} | {summary} |\n",
            name = rule.name(),
            file = file_name(*rule),
            severity = rule.default_severity().name(),
            summary = rules::summary(rule.name()),
        ));
    }
    text
}

fn generated_from(source: &str) -> String {
    format!(
        "<!-- Generated from {source} by `INFRAC_UPDATE_DOCS=1 cargo test --test rule_docs`. \
         Edit the rule's doc comment, not this page. -->"
    )
}
