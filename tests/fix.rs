//! Mechanical fixes (`lint::fix`, the language server's quick fixes): on every lint
//! fixture and example, each fix offered, once applied, makes its finding go away, and
//! the file still compiles and formats.

mod common;
use infrac::Source;
use infrac::lint::fix::{apply, fix};
use infrac::lint::{Config, Finding};
use std::collections::BTreeSet;
use std::path::PathBuf;

fn config(text: &str) -> Config {
    let today = text
        .lines()
        .take_while(|l| l.starts_with('#'))
        .find_map(|l| l.trim_start_matches('#').trim().strip_prefix("today:"))
        .and_then(|d| infrac::lint::config::parse_date(d.trim()).ok())
        .unwrap_or(time::macros::date!(2026 - 11 - 23));
    Config {
        today,
        ..Config::default()
    }
}

fn designs() -> Vec<(PathBuf, String)> {
    let mut paths = Vec::new();
    for dir in ["tests/lint", "examples"] {
        for entry in std::fs::read_dir(common::root().join(dir)).expect("dir") {
            let path = entry.expect("entry").path();
            if path.extension().is_some_and(|e| e == "infra") {
                paths.push(path);
            }
        }
    }
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).expect("read");
            (p, text)
        })
        .collect()
}

fn key(f: &Finding) -> (String, String, String) {
    (f.rule.to_string(), f.component.clone(), f.message.clone())
}

#[test]
fn every_fix_makes_its_finding_go_away_and_the_file_still_formats() {
    let mut fixed_rules = BTreeSet::new();
    for (path, text) in designs() {
        let config = config(&text);
        let Ok(checked) = infrac::check(Source::new("t", text.as_str()), &config) else {
            continue; // fixtures of compile errors
        };
        for finding in &checked.findings {
            let Some(fix) = fix(finding, &checked, &text) else {
                continue;
            };
            let what = format!(
                "{}: {} on {}",
                path.display(),
                finding.rule,
                finding.component
            );
            assert!(!fix.edits.is_empty() && !fix.title.is_empty(), "{what}");
            let fixed = apply(&text, &fix.edits);
            let after =
                infrac::check(Source::new("t", fixed.as_str()), &config).unwrap_or_else(|d| {
                    panic!(
                        "{what}: the fixed file does not compile:\n{fixed}\n{}",
                        d.render(infrac::diagnostics::Style::PLAIN)
                    )
                });
            let before = checked
                .findings
                .iter()
                .filter(|f| key(f) == key(finding))
                .count();
            let left = after
                .findings
                .iter()
                .filter(|f| key(f) == key(finding))
                .count();
            assert!(left < before, "{what}: still reported after\n{fixed}");
            let file = infrac::syntax::parse(&fixed).expect("parses");
            let formatted = infrac::syntax::format(&fixed, &file);
            let again = infrac::syntax::parse(&formatted).expect("the formatted file parses");
            assert_eq!(
                infrac::syntax::format(&formatted, &again),
                formatted,
                "{what}: formatting is stable"
            );
            fixed_rules.insert(finding.rule);
        }
    }
    let expected = [
        "cname-to-ip",
        "no-health-check",
        "no-https",
        "no-qps-metric",
        "public-object-store",
        "unused-suppression",
    ];
    assert_eq!(
        fixed_rules.into_iter().collect::<Vec<_>>(),
        expected,
        "each rule with a mechanical fix is exercised"
    );
}

#[test]
fn an_added_attribute_takes_the_block_layout() {
    let cases = [
        (
            "server lb1 { load_balancer haproxy {} }\n",
            "server lb1 { load_balancer haproxy { health_check = \"/health\" } }\n",
        ),
        (
            "server lb1 { load_balancer haproxy { algorithm = round_robin } }\n",
            "server lb1 { load_balancer haproxy { algorithm = round_robin, health_check = \"/health\" } }\n",
        ),
        (
            "server lb1 {\n  load_balancer haproxy {\n    algorithm = round_robin\n  }\n}\n",
            "server lb1 {\n  load_balancer haproxy {\n    algorithm = round_robin\n    health_check = \"/health\"\n  }\n}\n",
        ),
        (
            "server lb1 { load_balancer haproxy { health_check = false } }\n",
            "server lb1 { load_balancer haproxy { health_check = \"/health\" } }\n",
        ),
    ];
    for (text, want) in cases {
        let checked = infrac::check(Source::new("t", text), &Config::default()).expect("compiles");
        let finding = checked
            .findings
            .iter()
            .find(|f| f.rule == "no-health-check")
            .expect("fires");
        let fix = fix(finding, &checked, text).expect("a fix");
        assert_eq!(apply(text, &fix.edits), want);
    }
}
