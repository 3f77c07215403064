//! docs/rules/ holds one page per rule and an index, generated from the rules' doc
//! comments (`infrac::lint::docs`). This test fails when a page is stale, missing or left
//! over from a removed rule; `INFRAC_UPDATE_DOCS=1 cargo test --test rule_docs` rewrites
//! them.

mod common;

use infrac::lint::docs;
use infrac::lint::rules::RULES;
use std::collections::BTreeMap;
use std::path::Path;

fn expected() -> BTreeMap<String, String> {
    let mut pages: BTreeMap<String, String> = RULES
        .iter()
        .map(|rule| (docs::file_name(*rule), docs::page(*rule)))
        .collect();
    pages.insert("README.md".to_string(), docs::index());
    pages
}

fn committed(dir: &Path) -> BTreeMap<String, String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return BTreeMap::new();
    };
    entries
        .map(|e| e.expect("read docs/rules").path())
        .map(|path| {
            let name = path
                .file_name()
                .expect("file name")
                .to_string_lossy()
                .into_owned();
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            (name, text)
        })
        .collect()
}

#[test]
fn rule_pages_are_current() {
    let dir = common::root().join("docs/rules");
    let expected = expected();
    if std::env::var_os("INFRAC_UPDATE_DOCS").is_some() {
        std::fs::create_dir_all(&dir).expect("create docs/rules");
        for stale in committed(&dir)
            .keys()
            .filter(|k| !expected.contains_key(*k))
        {
            std::fs::remove_file(dir.join(stale)).expect("remove a stale page");
        }
        for (name, text) in &expected {
            std::fs::write(dir.join(name), text).expect("write a page");
        }
        return;
    }
    let committed = committed(&dir);
    let mut problems = Vec::new();
    for (name, text) in &expected {
        match committed.get(name) {
            None => problems.push(format!("docs/rules/{name} is missing")),
            Some(old) if old != text => problems.push(format!("docs/rules/{name} is stale")),
            Some(_) => {}
        }
    }
    for name in committed.keys().filter(|k| !expected.contains_key(*k)) {
        problems.push(format!("docs/rules/{name} documents no rule"));
    }
    assert!(
        problems.is_empty(),
        "{}\nregenerate with: INFRAC_UPDATE_DOCS=1 cargo test --test rule_docs",
        problems.join("\n")
    );
}

#[test]
fn every_page_has_the_four_sections_and_an_infra_example() {
    for rule in RULES {
        let page = docs::page(*rule);
        for heading in [
            "## What it does",
            "## Why it matters",
            "## Example",
            "## Fix",
        ] {
            assert!(page.contains(heading), "{} lacks {heading}", rule.name());
        }
        assert!(page.contains("```infra"), "{} has no example", rule.name());
    }
}

#[test]
fn help_uris_are_absolute_and_name_the_page() {
    for rule in RULES {
        let uri = docs::help_uri(rule.name());
        assert!(uri.starts_with("https://"), "{uri}");
        assert!(
            uri.ends_with(&format!("/docs/rules/{}", docs::file_name(*rule))),
            "{uri}"
        );
    }
}
