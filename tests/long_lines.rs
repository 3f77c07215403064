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

/// One wide active-active cluster declared mid-file (as bench/wide_cluster.py's, with
/// the load balancers between the web and the app servers): 700 web servers, so the
/// cluster's backend list is one line of 5 KB, thousands of lines below the members.
fn wide_cluster_mid_file() -> String {
    let mut text = String::from("title = \"wide\"\n");
    for i in 0..700 {
        text.push_str(&format!(
            "server web{i} {{ ip = 10.0.{}.{}\n  web_server nginx {{ software = nginx }}\n}}\n",
            i / 200,
            i % 200 + 1
        ));
    }
    for i in 0..4 {
        text.push_str(&format!(
            "server lb{i} {{ ip = 10.2.0.{}\n  load_balancer haproxy {{ algorithm = round_robin }}\n}}\n",
            i + 1
        ));
    }
    for i in 0..100 {
        text.push_str(&format!(
            "server app{i} {{ ip = 10.1.0.{}\n  app_server app {{ runtime = gunicorn }}\n}}\n",
            i + 1
        ));
    }
    text.push_str("cluster lbs { members = [lb0, lb1, lb2, lb3], mode = active_active }\n");
    text.push_str("internet -> lbs : https\n");
    let webs: Vec<String> = (0..700).map(|i| format!("web{i}")).collect();
    text.push_str(&format!("lbs -> [{}] : http\n", webs.join(", ")));
    for i in 0..700 {
        text.push_str(&format!("web{i}.nginx -> app{}.app : http\n", i % 100));
    }
    text
}

/// Each finding's report draws the lines around its labels, not the lines between a
/// member's and the cluster's: miette joined excerpts in the second half of a file
/// however far apart (328 lines for one finding here), and the cut copy of the file
/// held every line between them (issue 20).
#[test]
fn a_wide_cluster_s_findings_draw_only_the_lines_around_their_labels() {
    let out = Test::new()
        .write("w.infra", wide_cluster_mid_file())
        .args(["check", "w.infra"])
        .run();
    assert!(matches!(out.status, 0 | 1), "{:.2000}", out.stdout);
    // A report starts with its rule's code alone on a line.
    let starts_report =
        |l: &str| !l.is_empty() && l.chars().all(|c| c.is_ascii_lowercase() || c == '-');
    let mut sizes = Vec::new();
    for line in out.stdout.lines() {
        if starts_report(line) {
            sizes.push(0);
        }
        if let Some(size) = sizes.last_mut() {
            *size += 1;
        }
    }
    let tls = out
        .stdout
        .matches("crosses the network unencrypted")
        .count();
    assert!(
        tls >= 4,
        "one plain-text finding per member: {:.2000}",
        out.stdout
    );
    assert!(sizes.len() > 700, "{} reports", sizes.len());
    let largest = sizes.iter().max().copied().unwrap_or(0);
    assert!(largest <= 25, "a report of {largest} lines");
}
