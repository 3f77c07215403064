//! An error or finding far into a long line (past column 65,535, where miette's report
//! renderer panicked) is reported by every command as usual (issue 13, item 1).

mod common;

use common::Test;

/// The reproduction: a syntax error at column 65,612.
fn long_error() -> String {
    format!("title = \"{}\" bogus\n", "A".repeat(65_600))
}

/// A design that compiles, with a finding whose label sits past column 65,535: a
/// server declared at the end of a very long line.
fn long_finding() -> String {
    let pad = " ".repeat(70_000);
    format!(
        "title = \"x\"{pad}, server web1 {{ web_server nginx {{ software = nginx }} }}\ninternet -> web1.nginx : http\n"
    )
}

#[test]
fn every_command_reports_an_error_past_column_65535() {
    let runs: [&[&str]; 8] = [
        &["check", "c.infra"],
        &["fmt", "c.infra"],
        &["graph", "c.infra"],
        &["render", "c.infra"],
        &["explain", "c.infra"],
        &["whatif", "c.infra", "--fail", "web1"],
        &["diff", "c.infra", "c.infra"],
        &["check", "--format", "github", "c.infra"],
    ];
    for args in runs {
        let mut test = Test::new().write("c.infra", long_error());
        for a in args {
            test = test.arg(a);
        }
        let out = test.run();
        let what = args.join(" ");
        assert_eq!(out.status, 2, "{what}: {}", out.stderr);
        assert!(!out.stderr.contains("panicked"), "{what}: {}", out.stderr);
        let report = format!("{}{}", out.stdout, out.stderr);
        assert!(report.contains("bogus"), "{what}: {report:.300}");
    }
}

#[test]
fn the_human_report_shows_the_true_column_and_a_cut_line() {
    let out = Test::new()
        .write("c.infra", long_error())
        .args(["check", "c.infra"])
        .run();
    assert!(
        out.stdout.contains("[c.infra:1:65612]"),
        "{:.400}",
        out.stdout
    );
    assert!(out.stdout.contains('…'), "the long line is cut");
    assert!(
        out.stdout.lines().all(|l| l.chars().count() < 400),
        "no line of 65,000 characters"
    );
}

#[test]
fn a_finding_past_column_65535_is_reported() {
    let out = Test::new()
        .write("f.infra", long_finding())
        .args(["check", "f.infra"])
        .run();
    assert!(!out.stderr.contains("panicked"), "{}", out.stderr);
    // check's report is on standard output.
    assert!(matches!(out.status, 0 | 1), "{}", out.stdout);
    assert!(out.stdout.contains("`web1` cannot scale"), "{}", out.stdout);
    assert!(out.stdout.contains("[f.infra:1:70021]"), "{}", out.stdout);
    // Also where the long line is only the context of a finding on the next line.
    assert!(
        out.stdout.lines().all(|l| l.chars().count() < 400),
        "no line of 70,000 characters"
    );
}
