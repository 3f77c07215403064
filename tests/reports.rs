//! Output formats and run controls of `infrac check`, through the binary.

mod common;
use common::{Test, root};
use serde_json::Value;

const TODAY: &str = "2026-11-23";
const TASK1: &str = "examples/1-distributed_web_infrastructure.infra";

fn example_text(path: &str) -> String {
    std::fs::read_to_string(root().join(path)).expect("example")
}

fn json(out: &str) -> Value {
    serde_json::from_str(out).expect("valid JSON")
}

/// The official SARIF 2.1.0 schema, with formats checked.
fn sarif_validator() -> jsonschema::Validator {
    let schema: Value = json(
        &std::fs::read_to_string(root().join("tests/schemas/sarif-2.1.0.json")).expect("schema"),
    );
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("schema compiles")
}

/// Every way `log` breaks the schema, each with where, in the failure message.
fn assert_valid(validator: &jsonschema::Validator, log: &Value) {
    let errors: Vec<String> = validator
        .iter_errors(log)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn sarif_follows_the_official_2_1_0_schema() {
    let validator = sarif_validator();
    let out = Test::new()
        .args(["check", "--today", TODAY, "--format", "sarif"])
        .arg(&root().join("examples").display().to_string())
        .arg(&root().join("tests/lint").display().to_string())
        .run();
    assert_eq!(out.status, 1, "{}", out.stderr);
    let log = json(&out.stdout);
    assert_valid(&validator, &log);
    assert!(
        log["runs"][0]["results"]
            .as_array()
            .is_some_and(|r| r.len() > 50)
    );
}

#[test]
fn sarif_results_point_at_the_same_places_as_json() {
    let run = |format: &str| {
        Test::new()
            .write("task1.infra", example_text(TASK1))
            .args(["check", "--today", TODAY, "--format", format, "task1.infra"])
            .run()
            .stdout
    };
    let sarif = json(&run("sarif"));
    let plain = json(&run("json"));
    let results = sarif["runs"][0]["results"].as_array().expect("results");
    let findings = plain["findings"].as_array().expect("findings");
    assert_eq!(results.len(), findings.len());
    let rules = sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .expect("rules");
    for (result, finding) in results.iter().zip(findings) {
        assert_eq!(result["ruleId"], finding["rule"]);
        let index = result["ruleIndex"].as_u64().expect("index") as usize;
        assert_eq!(rules[index]["id"], finding["rule"]);
        assert!(
            rules[index]["help"]["text"]
                .as_str()
                .is_some_and(|t| t.contains("## Why it matters"))
        );
        let region = &result["locations"][0]["physicalLocation"]["region"];
        assert_eq!(region["startLine"], finding["span"]["start"]["line"]);
        assert_eq!(region["startColumn"], finding["span"]["start"]["column"]);
        assert_eq!(region["endLine"], finding["span"]["end"]["line"]);
        assert_eq!(result["level"], finding["severity"]);
    }
}

#[test]
fn json_has_exactly_the_contract_fields() {
    let out = Test::new()
        .write("task1.infra", example_text(TASK1))
        .args(["check", "--today", TODAY, "--format", "json", "task1.infra"])
        .run();
    assert_eq!(out.status, 1);
    let report = json(&out.stdout);
    let keys =
        |v: &Value| -> Vec<String> { v.as_object().expect("object").keys().cloned().collect() };
    assert_eq!(
        keys(&report),
        [
            "availability",
            "errors",
            "files",
            "findings",
            "summary",
            "version"
        ]
    );
    let estimate = &report["availability"][0];
    assert_eq!(
        keys(estimate),
        [
            "availability",
            "downtime_minutes_per_month",
            "exact",
            "file",
            "journey",
            "nines"
        ]
    );
    assert_eq!(estimate["journey"], "requests");
    assert!(
        estimate["availability"]
            .as_f64()
            .is_some_and(|a| a > 0.99 && a < 1.0)
    );
    let finding = &report["findings"][0];
    let mut finding_keys = keys(finding);
    finding_keys.retain(|k| k != "related");
    assert_eq!(
        finding_keys,
        [
            "component",
            "file",
            "help",
            "message",
            "rule",
            "severity",
            "span"
        ]
    );
    assert_eq!(keys(&finding["span"]), ["end", "start"]);
    assert_eq!(keys(&finding["span"]["start"]), ["column", "line"]);
    let summary = &report["summary"];
    let findings = report["findings"].as_array().expect("findings");
    let count = |s: &str| findings.iter().filter(|f| f["severity"] == s).count() as u64;
    assert_eq!(summary["errors"], count("error"));
    assert_eq!(summary["warnings"], count("warning"));
    assert_eq!(summary["notes"], count("note"));
}

#[test]
fn github_format_is_one_workflow_command_per_finding() {
    let out = Test::new()
        .write(
            "task0.infra",
            example_text("examples/0-simple_web_stack.infra"),
        )
        .args([
            "check",
            "--today",
            TODAY,
            "--format",
            "github",
            "task0.infra",
        ])
        .run();
    assert_eq!(out.status, 1);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines.len(), 5, "{}", out.stdout);
    assert!(lines.iter().any(|l| l.starts_with(
        "::error file=task0.infra,line=25,col=1,endLine=25,endColumn=30,title=no-https::users reach `srv1.nginx` over plain http"
    )));
    assert!(
        lines
            .iter()
            .all(|l| l.starts_with("::error ") || l.starts_with("::warning "))
    );
}

#[test]
fn a_design_that_does_not_compile_gets_no_lint_noise() {
    let out = Test::new()
        .write(
            "bad.infra",
            "server srv1 { web_server nginx {} }\ninternet -> srv1 : htp\n",
        )
        .args(["check", "--format", "json", "bad.infra"])
        .run();
    assert_eq!(out.status, 2);
    let report = json(&out.stdout);
    assert_eq!(report["findings"], serde_json::json!([]));
    assert_eq!(
        report["errors"][0]["code"],
        "infrac::model::unknown_protocol"
    );
}

fn rules_fired(out: &common::Output) -> Vec<String> {
    let report = json(&out.stdout);
    let mut rules: Vec<String> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            format!(
                "{}:{}",
                f["rule"].as_str().unwrap_or(""),
                f["severity"].as_str().unwrap_or("")
            )
        })
        .collect();
    rules.sort();
    rules.dedup();
    rules
}

#[test]
fn severities_can_be_raised_lowered_and_switched_off() {
    let run = |extra: &[&str]| {
        let mut test = Test::new()
            .write("t.infra", example_text("examples/0-simple_web_stack.infra"))
            .args(["check", "--today", TODAY, "--format", "json", "t.infra"]);
        for e in extra {
            test = test.arg(e);
        }
        test.run()
    };
    let default = run(&[]);
    assert_eq!(default.status, 1);
    assert!(rules_fired(&default).contains(&"no-monitoring:warning".to_string()));

    // Everything an error is downgraded or off: only warnings remain, exit 0.
    let relaxed = run(&[
        "--warn",
        "no-https",
        "--warn",
        "no-firewall",
        "--allow",
        "single-point-of-failure",
    ]);
    assert_eq!(relaxed.status, 0, "{}", relaxed.stdout);
    assert_eq!(
        rules_fired(&relaxed),
        [
            "cannot-scale-horizontally:warning",
            "no-firewall:warning",
            "no-https:warning",
            "no-monitoring:warning"
        ]
    );

    // ...but `--deny warnings` makes them fail the run again.
    let strict = run(&[
        "--warn",
        "no-https",
        "--warn",
        "no-firewall",
        "--allow",
        "single-point-of-failure",
        "--deny",
        "warnings",
    ]);
    assert_eq!(strict.status, 1);

    // `--deny RULE` raises one rule.
    let denied = run(&["--deny", "no-monitoring"]);
    assert!(rules_fired(&denied).contains(&"no-monitoring:error".to_string()));
}

#[test]
fn unknown_rule_names_are_usage_errors_with_a_hint() {
    let out = Test::new()
        .write("t.infra", "server a {}\n")
        .args(["check", "--allow", "no-monitorin", "t.infra"])
        .run();
    assert_eq!(out.status, 3);
    assert_eq!(
        out.stderr.trim(),
        "error: unknown rule `no-monitorin`; did you mean `no-monitoring`?"
    );
}

#[test]
fn today_decides_certificate_expiry() {
    let design = "certificate c { domains = [\"www.foobar.com\"], expires = 2027-01-10 }\n";
    let fired = |today: &str| {
        let out = Test::new()
            .write("c.infra", design)
            .args(["check", "--format", "json", "--today", today, "c.infra"])
            .run();
        rules_fired(&out)
    };
    assert_eq!(fired("2026-11-23"), Vec::<String>::new());
    assert_eq!(fired("2026-12-11"), ["certificate-expiring:warning"]);
    assert_eq!(fired("2027-01-11"), ["certificate-expired:error"]);
    let bad = Test::new()
        .write("c.infra", design)
        .args(["check", "--today", "2027-13-01", "c.infra"])
        .run();
    assert_eq!(bad.status, 3);
}

#[test]
fn infrac_toml_sets_levels_today_and_deny_warnings() {
    let design = "certificate c { domains = [\"www.foobar.com\"], expires = 2027-01-10 }\nserver a { web_server w {} }\n";
    let config = "today = 2026-12-20\ndeny-warnings = true\n\n[rules]\nno-monitoring = \"allow\"\n";
    let out = Test::new()
        .write("c.infra", design)
        .write("infrac.toml", config)
        .args([
            "check",
            "--format",
            "json",
            "--allow",
            "unreachable-component",
            "c.infra",
        ])
        .run();
    assert_eq!(rules_fired(&out), ["certificate-expiring:warning"]);
    assert_eq!(out.status, 1, "deny-warnings makes a warning fail the run");

    // The command line wins over the file.
    let out = Test::new()
        .write("c.infra", design)
        .write("infrac.toml", config)
        .args([
            "check",
            "--format",
            "json",
            "--today",
            "2026-11-23",
            "--deny",
            "no-monitoring",
            "c.infra",
        ])
        .run();
    assert_eq!(
        rules_fired(&out),
        ["no-monitoring:error", "unreachable-component:warning"]
    );

    let out = Test::new()
        .write("c.infra", design)
        .write("other.toml", "[rules]\nno-such-rule = \"allow\"\n")
        .args(["check", "--config", "other.toml", "c.infra"])
        .run();
    assert_eq!(out.status, 3);
    assert!(
        out.stderr
            .contains("other.toml: unknown rule `no-such-rule`"),
        "{}",
        out.stderr
    );
}

#[test]
fn inline_suppressions_silence_one_item_and_stale_ones_are_reported() {
    let design = "\
# infrac: allow(no-monitoring) a lab box nobody watches
server lab { web_server nginx {} }
server prod { web_server nginx {} }
# infrac: allow(no-firewall) nothing to silence here
server quiet {}
";
    let out = Test::new()
        .write("s.infra", design)
        .args(["check", "--format", "json", "s.infra"])
        .run();
    let report = json(&out.stdout);
    let got: Vec<(String, String, u64)> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap_or("").to_string(),
                f["component"].as_str().unwrap_or("").to_string(),
                f["span"]["start"]["line"].as_u64().unwrap_or(0),
            )
        })
        .filter(|(rule, ..)| rule == "no-monitoring" || rule == "unused-suppression")
        .collect();
    assert_eq!(
        got,
        [
            ("no-monitoring".to_string(), "prod".to_string(), 3),
            ("unused-suppression".to_string(), String::new(), 4),
            ("no-monitoring".to_string(), "quiet".to_string(), 5),
        ]
    );
}

#[test]
fn rules_lists_the_catalogue_and_prints_one_rules_docs() {
    let out = Test::new().args(["rules"]).run();
    assert_eq!(out.status, 0);
    assert_eq!(out.stdout.lines().count(), infrac::lint::rules::RULES.len());
    assert!(
        out.stdout
            .lines()
            .any(|l| l.starts_with("single-point-of-failure") && l.contains("error"))
    );

    let out = Test::new().args(["rules", "no-https"]).run();
    assert_eq!(out.status, 0);
    assert!(out.stdout.starts_with("# no-https (error by default)\n"));
    for heading in [
        "## What it does",
        "## Why it matters",
        "## Example",
        "## Fix",
    ] {
        assert!(out.stdout.contains(heading));
    }

    let out = Test::new().args(["rules", "no-http"]).run();
    assert_eq!(out.status, 3);
    assert!(out.stderr.contains("did you mean `no-https`?"));
}

/// A run that could not compile or read an input is no clean run (issue 13, item 13):
/// the SARIF still follows the schema, says `executionSuccessful: false`, has the compile
/// error as a located result and the unreadable file as a notification; JSON lists both.
#[test]
fn failed_runs_are_reported_in_sarif_and_json() {
    let validator = sarif_validator();
    let run = |format: &str| {
        Test::new()
            .write("bad.infra", "server a { bogus }\n")
            .write("latin1.infra", b"title = \"caf\xe9\"\n")
            .args(["check", "--format", format, "bad.infra", "latin1.infra"])
            .run()
    };
    let out = run("sarif");
    assert_eq!(out.status, 3, "{}", out.stderr);
    let log = json(&out.stdout);
    assert_valid(&validator, &log);
    let run0 = &log["runs"][0];
    assert_eq!(run0["invocations"][0]["executionSuccessful"], false);
    let result = &run0["results"][0];
    assert_eq!(result["ruleId"], "infrac::syntax::unexpected");
    assert_eq!(result["level"], "error");
    let at = &result["locations"][0]["physicalLocation"];
    // Placed as findings are: outside a repository, by its absolute file:// URI.
    let uri = at["artifactLocation"]["uri"].as_str().expect("uri");
    assert!(
        uri.starts_with("file:///") && uri.ends_with("/bad.infra"),
        "{uri}"
    );
    assert_eq!(at["region"]["startLine"], 1);
    assert_eq!(at["region"]["startColumn"], 18);
    let notice = &run0["invocations"][0]["toolExecutionNotifications"][0];
    assert_eq!(notice["level"], "error");
    let text = notice["message"]["text"].as_str().expect("text");
    assert!(
        text.starts_with("latin1.infra: not valid UTF-8 at line 1, column 13"),
        "{text}"
    );
    // The place the text breaks off, as a region code scanning can show.
    let region = &notice["locations"][0]["physicalLocation"]["region"];
    assert_eq!(region["startLine"], 1, "{notice}");
    assert_eq!(region["startColumn"], 13, "{notice}");

    let out = run("json");
    assert_eq!(out.status, 3);
    let report = json(&out.stdout);
    let codes: Vec<&str> = report["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .filter_map(|e| e["code"].as_str())
        .collect();
    assert_eq!(codes, ["infrac::syntax::unexpected", "infrac::io"]);
    let span = &report["errors"][1]["span"];
    assert_eq!(span["start"]["line"], 1, "{span}");
    assert_eq!(span["start"]["column"], 13, "{span}");
    assert_eq!(span["end"]["column"], 14, "{span}");

    let out = run("github");
    assert_eq!(out.status, 3);
    let line = out
        .stdout
        .lines()
        .find(|l| l.contains("not valid UTF-8"))
        .expect("an annotation for the unreadable file");
    assert!(
        line.starts_with("::error file=") && line.contains("latin1.infra,line=1,col=13::"),
        "{line}"
    );
}

#[test]
fn a_clean_sarif_run_says_it_succeeded() {
    let out = Test::new()
        .args(["check", "--format", "sarif"])
        .arg(
            &root()
                .join("examples/highly_available.infra")
                .display()
                .to_string(),
        )
        .run();
    assert_eq!(out.status, 0, "{}", out.stderr);
    let log = json(&out.stdout);
    assert_eq!(
        log["runs"][0]["invocations"][0]["executionSuccessful"],
        true
    );
    assert!(log["runs"][0]["invocations"][0]["toolExecutionNotifications"].is_null());
}
