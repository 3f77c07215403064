//! What CI users rely on, through the real binary: JUnit XML valid against a published
//! schema, baselines that survive moved lines and reformatting, `--exit-zero`,
//! `--output` for every format, infrac.toml found from each input, the human report on
//! standard output, and SARIF paths and fingerprints for GitHub code scanning.

mod common;

use common::{Test, example_text, root};
use std::process::Command;

const TODAY: &str = "2026-11-23";
const TASK1: &str = "1-";

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).expect("JSON")
}

/// xmllint (Debian's libxml2-utils) against the Jenkins xunit plugin's junit-10.xsd,
/// vendored under tests/schemas/. CI installs xmllint; elsewhere the test says it skipped.
fn validate_junit(xml: &str) {
    let schema = root().join("tests/schemas/junit-10.xsd");
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("report.xml");
    std::fs::write(&file, xml).expect("write report");
    let out = match Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(&schema)
        .arg(&file)
        .output()
    {
        Ok(out) => out,
        Err(_) if std::env::var_os("CI").is_none() => {
            eprintln!(
                "xmllint not installed (apt-get install libxml2-utils): schema check skipped"
            );
            return;
        }
        Err(e) => panic!("CI needs xmllint: {e}"),
    };
    assert!(
        out.status.success(),
        "junit-10.xsd rejects the report:\n{}\n{xml}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn junit_has_a_case_per_design_and_rule_and_validates_against_the_schema() {
    let out = Test::new()
        .write("task1.infra", example_text(TASK1))
        .write("broken.infra", "server a {\n  web_sever x {}\n}\n")
        .write("infrac.toml", "[rules]\nno-qps-metric = \"allow\"\n")
        .args([
            "check",
            "--today",
            TODAY,
            "--format",
            "junit",
            "task1.infra",
            "broken.infra",
        ])
        .run();
    assert_eq!(out.status, 2, "a design that does not compile: exit 2");
    validate_junit(&out.stdout);
    let doc = roxmltree::Document::parse(&out.stdout).expect("XML");
    let suites: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("testsuite"))
        .collect();
    assert_eq!(suites.len(), 2);
    let task1 = suites[0];
    assert_eq!(task1.attribute("name"), Some("task1.infra"));
    let cases: Vec<_> = task1
        .children()
        .filter(|n| n.has_tag_name("testcase"))
        .collect();
    assert_eq!(
        cases.len(),
        infrac::lint::rules::RULES.len(),
        "one case per rule"
    );
    let case = |name: &str| {
        cases
            .iter()
            .find(|c| c.attribute("name") == Some(name))
            .unwrap_or_else(|| panic!("no case {name}"))
    };
    let spof: Vec<_> = case("single-point-of-failure")
        .children()
        .filter(|n| n.has_tag_name("failure"))
        .collect();
    assert_eq!(spof.len(), 2, "one failure per finding");
    let body = spof[0].text().unwrap_or_default();
    assert!(
        body.starts_with("task1.infra:20:3: error [single-point-of-failure] lb1.haproxy"),
        "{body}"
    );
    assert!(
        body.contains("\nhelp: cluster a second load balancer"),
        "{body}"
    );
    let monitoring = case("no-monitoring");
    assert!(
        monitoring.children().all(|n| !n.has_tag_name("failure")),
        "warnings do not fail"
    );
    assert!(monitoring.children().any(|n| n.has_tag_name("system-out")));
    assert!(
        case("no-qps-metric")
            .children()
            .any(|n| n.has_tag_name("skipped"))
    );
    assert_eq!(task1.attribute("failures"), Some("3"));

    let broken = suites[1];
    let error = broken
        .descendants()
        .find(|n| n.has_tag_name("error"))
        .expect("an error case");
    assert_eq!(
        error.attribute("message"),
        Some("does not compile: unknown kind `web_sever` (did you mean `web_server`?)")
    );
}

#[test]
fn junit_of_every_example_and_fixture_validates() {
    let out = Test::new()
        .args(["check", "--today", TODAY, "--format", "junit"])
        .arg(&root().join("examples").display().to_string())
        .arg(&root().join("tests/lint").display().to_string())
        .run();
    assert_eq!(out.status, 1, "{}", out.stderr);
    validate_junit(&out.stdout);
}

#[test]
fn a_baseline_hides_known_findings_after_lines_move_and_the_file_is_reformatted() {
    let design = example_text(TASK1);
    let test = Test::new().write("infra/shop.infra", &design).args([
        "check",
        "--today",
        TODAY,
        "--write-baseline",
        "infrac-baseline.json",
        "infra",
    ]);
    let out = test.run();
    assert_eq!(
        out.status, 0,
        "writing a baseline accepts the findings: {}",
        out.stderr
    );
    assert_eq!(out.stderr, "wrote 9 findings to infrac-baseline.json\n");
    let baseline = json(&out.read("infrac-baseline.json"));
    assert_eq!(baseline["version"], 1);
    assert_eq!(baseline["findings"][0]["file"], "infra/shop.infra");
    let baseline_text = out.read("infrac-baseline.json");

    // Lines moved, the file reformatted, and checked from inside its folder.
    let moved = format!("# a new comment\n\n\n{}", design.replace("  ", "    "));
    let out = Test::new()
        .write("infrac-baseline.json", &baseline_text)
        .write("infra/shop.infra", &moved)
        .args([
            "check",
            "--today",
            TODAY,
            "--baseline",
            "infrac-baseline.json",
            "infra",
        ])
        .run();
    assert_eq!(out.status, 0, "{}", out.stdout);
    assert!(out.stdout.contains("no findings"), "{}", out.stdout);

    // A new problem is reported, and only it.
    let worse = design.replace("    health_check = \"/health\"\n", "");
    let out = Test::new()
        .write("infrac-baseline.json", &baseline_text)
        .write("infra/shop.infra", &worse)
        .args([
            "check",
            "--today",
            TODAY,
            "--format",
            "json",
            "--baseline",
            "infrac-baseline.json",
            "infra",
        ])
        .run();
    let report = json(&out.stdout);
    let rules: Vec<&str> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| f["rule"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(rules, ["no-health-check"]);
    assert_eq!(out.status, 0, "a new warning does not fail the run");
}

#[test]
fn a_broken_baseline_is_a_usage_error() {
    let out = Test::new()
        .write("a.infra", example_text(TASK1))
        .write("base.json", "{\"version\": 7, \"findings\": []}")
        .args(["check", "--baseline", "base.json", "a.infra"])
        .run();
    assert_eq!(out.status, 3);
    assert!(
        out.stderr.contains("baseline version 7 is not supported"),
        "{}",
        out.stderr
    );
}

#[test]
fn exit_zero_passes_findings_but_not_compile_errors() {
    let out = Test::new()
        .write("a.infra", example_text(TASK1))
        .args(["check", "--exit-zero", "a.infra"])
        .run();
    assert_eq!(out.status, 0);
    assert!(
        out.stdout.contains("single point of failure"),
        "the report is still printed"
    );
    let out = Test::new()
        .write("a.infra", "server {")
        .args(["check", "--exit-zero", "a.infra"])
        .run();
    assert_eq!(out.status, 2);
}

#[test]
fn output_writes_every_format_to_a_file_and_nothing_to_stdout() {
    for format in ["human", "json", "sarif", "github", "junit"] {
        let out = Test::new()
            .write("a.infra", example_text(TASK1))
            .args([
                "check",
                "--today",
                TODAY,
                "--format",
                format,
                "--output",
                "report.out",
                "a.infra",
            ])
            .run();
        assert_eq!(out.status, 1, "{format}: {}", out.stderr);
        assert_eq!(out.stdout, "", "{format}");
        let written = out.read("report.out");
        assert!(
            written.contains("single-point-of-failure") || written.contains("single point"),
            "{format}"
        );
    }
}

#[test]
fn the_human_report_goes_to_stdout() {
    let out = Test::new()
        .write("a.infra", example_text(TASK1))
        .args(["check", "a.infra"])
        .run();
    assert!(out.stdout.contains("checked 1 file"), "{}", out.stdout);
    assert_eq!(out.stderr, "");
}

#[test]
fn infrac_toml_is_found_by_walking_up_from_each_input() {
    let out = Test::new()
        .write("shop/infrac.toml", "[rules]\nno-monitoring = \"error\"\n")
        .write("shop/infra/a.infra", example_text(TASK1))
        .write("lab/b.infra", example_text(TASK1))
        .args([
            "check",
            "--format",
            "json",
            "shop/infra/a.infra",
            "lab/b.infra",
        ])
        .run();
    let report = json(&out.stdout);
    let severity_in = |file: &str| -> Vec<String> {
        report["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .filter(|f| {
                f["rule"] == "no-monitoring"
                    && f["file"].as_str().is_some_and(|n| n.ends_with(file))
            })
            .map(|f| f["severity"].as_str().unwrap_or("").to_string())
            .collect()
    };
    assert!(
        severity_in("a.infra").iter().all(|s| s == "error"),
        "shop/infrac.toml applies"
    );
    assert!(
        severity_in("b.infra").iter().all(|s| s == "warning"),
        "lab has none"
    );
    assert!(!severity_in("b.infra").is_empty());
}

#[test]
fn sarif_places_files_under_srcroot_whatever_the_path_form() {
    let test = Test::new().write(".git/HEAD", "ref: refs/heads/main\n");
    let test = test.write("infra/a.infra", example_text(TASK1));
    let dir = test.path().to_path_buf();
    let absolute = dir.join("infra/a.infra").display().to_string();
    let out = test
        .args(["check", "--today", TODAY, "--format", "sarif"])
        .arg(&absolute)
        .env("GITHUB_WORKSPACE", "")
        .run();
    let log = json(&out.stdout);
    let run = &log["runs"][0];
    let location = &run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"];
    assert_eq!(location["uri"], "infra/a.infra");
    assert_eq!(location["uriBaseId"], "%SRCROOT%");
    let root = run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
        .as_str()
        .expect("root");
    assert!(
        root.starts_with("file:///") && root.ends_with('/'),
        "{root}"
    );
    assert_eq!(run["automationDetails"]["id"], "infrac/");
    let prints: Vec<&str> = run["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|r| {
            r["partialFingerprints"]["infrac/v1"]
                .as_str()
                .expect("fingerprint")
        })
        .collect();
    let mut unique = prints.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(
        unique.len(),
        prints.len(),
        "fingerprints tell results apart"
    );
    let no_https = run["tool"]["driver"]["rules"]
        .as_array()
        .expect("rules")
        .iter()
        .find(|r| r["id"] == "no-https")
        .expect("no-https");
    assert_eq!(no_https["properties"]["security-severity"], "7.5");
    assert_eq!(no_https["properties"]["precision"], "very-high");
    assert!(
        no_https["helpUri"]
            .as_str()
            .is_some_and(|u| u.ends_with("/docs/rules/no-https.md"))
    );
}

#[test]
fn sarif_outside_a_repository_uses_file_uris() {
    let test = Test::new().write("a.infra", example_text(TASK1));
    let out = test
        .args(["check", "--today", TODAY, "--format", "sarif", "a.infra"])
        .env("GITHUB_WORKSPACE", "")
        .run();
    let log = json(&out.stdout);
    let uri = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
        ["uri"]
        .as_str()
        .expect("uri");
    assert!(
        uri.starts_with("file:///") && uri.ends_with("/a.infra"),
        "{uri}"
    );
}

#[test]
fn did_you_mean_is_kept_in_json_and_github_output_of_compile_errors() {
    let typo = "server a {\n  web_sever x {}\n}\n";
    let out = Test::new()
        .write("a.infra", typo)
        .args(["check", "--format", "json", "a.infra"])
        .run();
    assert_eq!(
        json(&out.stdout)["errors"][0]["help"],
        "did you mean `web_server`?"
    );
    let out = Test::new()
        .write("a.infra", typo)
        .args(["check", "--format", "github", "a.infra"])
        .run();
    assert_eq!(
        out.stdout,
        "::error file=a.infra,line=2,col=3,title=infrac%3A%3Amodel%3A%3Aunknown_kind::\
         unknown kind `web_sever`%0Adid you mean `web_server`?\n"
    );
}
