//! The linter, rule by rule: every fixture under `tests/lint/` declares the rules it
//! tests and the exact findings (rule + component) they must produce; the seed examples
//! produce exactly the findings the exercise asks students to identify; every rule's
//! documented example fires it.

mod common;
use infrac::Source;
use infrac::lint::rules::{self, RULES};
use infrac::lint::{Config, Finding};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn today() -> time::Date {
    time::macros::date!(2026 - 11 - 23)
}

fn lint(name: &str, text: &str, today: time::Date) -> Vec<Finding> {
    let config = Config {
        today,
        ..Config::default()
    };
    match infrac::check(Source::new(name, text), &config) {
        Ok(checked) => checked.findings,
        Err(d) => panic!(
            "{name} does not compile:\n{}",
            d.render(infrac::diagnostics::Style::PLAIN)
        ),
    }
}

/// `rule component` pairs, `-` for findings about no item.
fn pairs(findings: &[Finding], rules: Option<&[String]>) -> Vec<String> {
    let mut pairs: Vec<String> = findings
        .iter()
        .filter(|f| rules.is_none_or(|r| r.iter().any(|r| r == f.rule)))
        .map(|f| {
            let component = if f.component.is_empty() {
                "-"
            } else {
                &f.component
            };
            format!("{} {component}", f.rule)
        })
        .collect();
    pairs.sort();
    pairs
}

struct Fixture {
    path: PathBuf,
    text: String,
    rules: Vec<String>,
    expected: Vec<String>,
    today: time::Date,
}

fn fixtures() -> Vec<Fixture> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(common::root().join("tests/lint"))
        .expect("tests/lint")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "infra"))
        .collect();
    paths.sort();
    paths.into_iter().map(|path| fixture(&path)).collect()
}

fn fixture(path: &Path) -> Fixture {
    let text = std::fs::read_to_string(path).expect("read fixture");
    let mut rules = Vec::new();
    let mut expected = Vec::new();
    let mut today = today();
    for line in text.lines().take_while(|l| l.starts_with('#')) {
        let line = line.trim_start_matches('#').trim();
        if let Some(list) = line.strip_prefix("rule:") {
            rules.extend(list.split(',').map(|r| r.trim().to_string()));
        } else if let Some(pair) = line.strip_prefix("expect:") {
            expected.push(pair.trim().to_string());
        } else if let Some(date) = line.strip_prefix("today:") {
            today = infrac::lint::config::parse_date(date.trim()).expect("fixture date");
        }
    }
    assert!(!rules.is_empty(), "{} names no rule", path.display());
    expected.sort();
    Fixture {
        path: path.to_path_buf(),
        text,
        rules,
        expected,
        today,
    }
}

#[test]
fn every_fixture_produces_exactly_its_expected_findings() {
    let mut failures = Vec::new();
    for f in fixtures() {
        let name = f
            .path
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        let got = pairs(&lint(&name, &f.text, f.today), Some(&f.rules));
        if got != f.expected {
            failures.push(format!(
                "{name}:\n  expected {:?}\n  got      {:?}",
                f.expected, got
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn every_rule_has_a_firing_and_a_clean_fixture() {
    let fixtures = fixtures();
    assert!(fixtures.len() >= 30, "only {} fixtures", fixtures.len());
    for rule in RULES {
        let tested: Vec<&Fixture> = fixtures
            .iter()
            .filter(|f| f.rules.first().is_some_and(|r| r == rule.name()))
            .collect();
        let fires = tested.iter().any(|f| {
            f.expected
                .iter()
                .any(|e| e.starts_with(&format!("{} ", rule.name())))
        });
        let clean = tested.iter().any(|f| f.expected.is_empty());
        assert!(fires, "no fixture where `{}` fires", rule.name());
        assert!(clean, "no clean fixture for `{}`", rule.name());
    }
}

fn example(prefix: &str) -> Vec<String> {
    let path = common::examples()
        .into_iter()
        .find(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with(prefix))
        })
        .expect("example");
    let text = std::fs::read_to_string(&path).expect("read");
    pairs(&lint(&path.display().to_string(), &text, today()), None)
}

fn assert_has(findings: &[String], wanted: &[&str]) {
    for w in wanted {
        assert!(
            findings.iter().any(|f| f == w),
            "missing `{w}` in {findings:#?}"
        );
    }
}

fn assert_lacks_rule(findings: &[String], rule: &str) {
    assert!(
        !findings.iter().any(|f| f.starts_with(&format!("{rule} "))),
        "unexpected `{rule}` in {findings:#?}"
    );
}

#[test]
fn task_0_one_server_is_the_textbook_list_of_problems() {
    let findings = example("0-");
    assert_eq!(
        findings,
        [
            "cannot-scale-horizontally srv1",
            "no-firewall srv1",
            "no-https srv1.nginx",
            "no-monitoring srv1",
            "single-point-of-failure srv1",
        ]
    );
}

#[test]
fn task_1_spofs_are_the_load_balancer_and_the_primary_not_the_web_servers() {
    let findings = example("1-");
    assert_has(
        &findings,
        &[
            "single-point-of-failure lb1.haproxy",
            "single-point-of-failure web1.mysql",
            "no-https lb1.haproxy",
            "no-firewall lb1",
            "no-monitoring lb1",
            "no-monitoring web1",
            "no-monitoring web2",
        ],
    );
    let spofs: Vec<&String> = findings
        .iter()
        .filter(|f| f.starts_with("single-point-of-failure"))
        .collect();
    assert_eq!(spofs.len(), 2, "{spofs:?}");
}

#[test]
fn task_2_is_secured_but_terminates_tls_early_and_keeps_its_spofs() {
    let findings = example("2-");
    assert_has(
        &findings,
        &[
            "plaintext-behind-tls-termination lb1.haproxy",
            "single-point-of-failure lb1.haproxy",
            "single-point-of-failure web1.mysql",
            "colocated-tiers web1",
            "colocated-tiers web2",
        ],
    );
    for rule in [
        "no-https",
        "no-firewall",
        "no-monitoring",
        "flow-blocked-by-firewall",
        "certificate-mismatch",
    ] {
        assert_lacks_rule(&findings, rule);
    }
}

#[test]
fn task_3_has_no_load_balancer_spof_only_single_instance_tiers() {
    let findings = example("3-");
    let spofs: Vec<&str> = findings
        .iter()
        .filter_map(|f| f.strip_prefix("single-point-of-failure "))
        .collect();
    assert_eq!(spofs, ["app1.app", "db1.mysql", "web1.nginx"]);
    for rule in [
        "no-https",
        "no-firewall",
        "no-monitoring",
        "flow-blocked-by-firewall",
        "colocated-tiers",
    ] {
        assert_lacks_rule(&findings, rule);
    }
}

#[test]
fn the_seed_findings_are_pinned() {
    insta::with_settings!({ snapshot_path => "../snapshots/lint", prepend_module_to_snapshot => false }, {
        for path in common::examples() {
            let text = std::fs::read_to_string(&path).expect("read");
            let name = path.file_stem().expect("stem").to_string_lossy().into_owned();
            let source = Source::new(format!("examples/{name}.infra"), text.clone());
            let config = Config { today: today(), ..Config::default() };
            let checked = infrac::check(source, &config).expect("compiles");
            let outcomes = [checked.into_outcome()];
            insta::assert_snapshot!(format!("{name}.json"), infrac::report::json::render(&outcomes));
            insta::assert_snapshot!(format!("{name}.human"), infrac::report::human::render(&outcomes, infrac::diagnostics::Style::PLAIN));
        }
    });
}

/// The ```infra block under a doc's "## Example" heading.
fn doc_example(docs: &str) -> Option<String> {
    let after = docs.split("## Example").nth(1)?;
    let block = after.split("```infra\n").nth(1)?;
    Some(block.split("```").next()?.to_string())
}

#[test]
fn every_rules_documented_example_fires_it() {
    for rule in RULES {
        let docs = rules::docs(rule.name()).expect("docs");
        for heading in [
            "## What it does",
            "## Why it matters",
            "## Example",
            "## Fix",
        ] {
            assert!(
                docs.contains(heading),
                "`{}` docs lack {heading}",
                rule.name()
            );
        }
        let example =
            doc_example(&docs).unwrap_or_else(|| panic!("`{}` has no example", rule.name()));
        let findings = lint(rule.name(), &example, today());
        assert!(
            findings.iter().any(|f| f.rule == rule.name()),
            "the example of `{}` does not fire it:\n{example}",
            rule.name()
        );
    }
}

#[test]
fn rule_names_are_unique_kebab_case() {
    let names: BTreeSet<&str> = RULES.iter().map(|r| r.name()).collect();
    assert_eq!(names.len(), RULES.len());
    for name in names {
        assert!(
            name.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
            "{name}"
        );
    }
}

#[test]
fn the_readme_lists_every_rule() {
    let readme = std::fs::read_to_string(common::root().join("README.md")).expect("README");
    for rule in RULES {
        assert!(
            readme.contains(&format!("| `{}` |", rule.name())),
            "README does not list `{}`",
            rule.name()
        );
    }
}

#[test]
fn the_highly_available_example_has_nothing_to_report() {
    let text = std::fs::read_to_string(common::root().join("examples/highly_available.infra"))
        .expect("read");
    assert_eq!(
        pairs(&lint("highly_available.infra", &text, today()), None),
        Vec::<String>::new()
    );
    // ...and it is not vacuous: drop the second web server's flows and the first becomes a SPOF.
    let degraded = text.replace("lbs -> [web1, web2] : https", "lbs -> web1 : https");
    let findings = pairs(&lint("degraded.infra", &degraded, today()), None);
    assert!(
        findings.contains(&"single-point-of-failure web1.nginx".to_string()),
        "{findings:?}"
    );
}
