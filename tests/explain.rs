//! `infrac explain` and `infrac diff`: each seed task's write-up answers what the task
//! asks, from the design's own facts; sections follow the design; the Markdown is
//! well-formed; names and addresses changed in the input change in the text.

mod common;

use common::Test;
use infrac::Source;
use infrac::explain::diff::{self, Side};
use infrac::explain::{self, Context, Document};
use infrac::lint::Config;
use proptest::prelude::*;
use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};

fn today() -> time::Date {
    time::macros::date!(2026 - 11 - 23)
}

fn checked(text: &str) -> infrac::Checked {
    let config = Config {
        today: today(),
        ..Config::default()
    };
    infrac::check(Source::new("t.infra", text), &config).expect("compiles")
}

fn explain_text(text: &str) -> (Document, String) {
    let c = checked(text);
    let cx = Context {
        design: &c.design,
        analysis: &c.analysis,
        findings: &c.findings,
        today: today(),
        diagram: None,
    };
    let doc = explain::explain(&cx, "t");
    let md = explain::markdown::markdown(&doc);
    (doc, md)
}

fn example(prefix: &str) -> String {
    common::example_text(prefix)
}

/// What changed from one checked design to another.
fn diff_of(old: &infrac::Checked, new: &infrac::Checked) -> diff::Diff {
    diff::diff(
        &Side {
            design: &old.design,
            findings: &old.findings,
        },
        &Side {
            design: &new.design,
            findings: &new.findings,
        },
    )
}

/// The text of one section (with its subsections), found by id.
fn section(doc: &Document, id: &str) -> String {
    let s = doc.sections.iter().find(|s| s.id == id).unwrap_or_else(|| {
        panic!(
            "no section {id}: {:?}",
            doc.sections.iter().map(|s| s.id).collect::<Vec<_>>()
        )
    });
    let single = Document {
        title: String::new(),
        sections: vec![s.clone()],
    };
    explain::markdown::markdown(&single)
}

fn has(text: &str, needles: &[&str]) {
    for n in needles {
        assert!(text.contains(n), "missing {n:?} in:\n{text}");
    }
}

#[test]
fn task_0_explains_server_domain_dns_roles_and_the_request_and_its_issues() {
    let (doc, md) = explain_text(&example("0-"));
    has(
        &section(&doc, "servers"),
        &["A server is", "`srv1`", "`8.8.8.8`"],
    );
    has(
        &section(&doc, "dns"),
        &["domain name", "`foobar.com`", "**A record**", "`8.8.8.8`"],
    );
    has(
        &section(&doc, "components"),
        &[
            "**Web server**",
            "**Application server**",
            "**Database**",
            "`srv1.nginx`",
            "`srv1.mysql`",
        ],
    );
    has(
        &section(&doc, "request-path"),
        &[
            "`http://www.foobar.com`",
            "`8.8.8.8`",
            "`srv1.nginx`",
            "`srv1.app`",
            "`srv1.mysql`",
        ],
    );
    let issues = section(&doc, "issues");
    has(
        &issues,
        &[
            "Single point of failure (SPOF)",
            "`srv1`",
            "*Maintenance.*",
            "Cannot scale horizontally",
            "*Heavy traffic.*",
        ],
    );
    has(&md, &["## Glossary", "**SPOF**", "**LAMP**"]);
}

#[test]
fn task_1_explains_the_load_balancer_its_algorithm_modes_and_replication() {
    let (doc, _) = explain_text(&example("1-"));
    has(
        &section(&doc, "components"),
        &["**Load balancer**", "`lb1.haproxy`"],
    );
    has(
        &section(&doc, "load-balancing"),
        &["**round robin**", "`web1`", "`web2`", "`/health`"],
    );
    has(
        &section(&doc, "active-active-passive"),
        &[
            "**Active-active**",
            "**Active-passive**",
            "**active-active**",
        ],
    );
    has(
        &section(&doc, "replication"),
        &[
            "`web1.mysql`",
            "**primary**",
            "`web2.mysql`",
            "**replica**",
            "The difference",
        ],
    );
    let issues = section(&doc, "issues");
    has(
        &issues,
        &[
            "`lb1.haproxy`",
            "`web1.mysql`",
            "No HTTPS",
            "No firewall",
            "No monitoring",
        ],
    );
}

#[test]
fn task_2_explains_firewalls_https_monitoring_and_qps() {
    let (doc, _) = explain_text(&example("2-"));
    has(
        &section(&doc, "firewalls"),
        &["`fw_lb`", "`fw_web1`", "`fw_web2`", "allow https from"],
    );
    has(
        &section(&doc, "https"),
        &[
            "**confidentiality**",
            "terminated at `lb1.haproxy`",
            "`www_cert`",
            "**unencrypted**",
        ],
    );
    has(
        &section(&doc, "monitoring"),
        &[
            "Sumo Logic",
            "QPS",
            "How the data is collected",
            "`sumo_logic`",
        ],
    );
    let issues = section(&doc, "issues");
    has(
        &issues,
        &[
            "*SSL termination at the load balancer.*",
            "`web1.mysql`",
            "*Every server alike.*",
        ],
    );
}

#[test]
fn task_3_explains_the_cluster_and_web_against_app_servers_and_the_diff_says_why() {
    let (doc, _) = explain_text(&example("3-"));
    has(
        &section(&doc, "active-active-passive"),
        &[
            "`lbs`",
            "**active-passive**",
            "virtual IP `8.8.8.8`",
            "keepalived",
        ],
    );
    has(
        &section(&doc, "components"),
        &["A web server hands out files that already exist; an application server computes"],
    );
    let (old, new) = (checked(&example("2-")), checked(&example("3-")));
    let d = diff_of(&old, &new);
    let story = d.story.join("\n");
    has(
        &story,
        &[
            "a cluster (`lbs`)",
            "removed `lb1.haproxy` as a single point of failure",
            "`web1.app` moved to `app1.app`",
        ],
    );
}

#[test]
fn the_diff_from_one_server_to_three_tells_the_spof_story() {
    let (old, new) = (checked(&example("0-")), checked(&example("1-")));
    let d = diff_of(&old, &new);
    let story = d.story.join("\n");
    has(
        &story,
        &[
            "removed `srv1` as a single point of failure, but `lb1.haproxy` and `web1.mysql` are now one",
        ],
    );
    assert!(
        d.fixed
            .iter()
            .any(|f| f.rule == "no-https" && f.component == "srv1.nginx")
    );
    assert!(
        d.introduced
            .iter()
            .any(|f| f.rule == "no-https" && f.component == "lb1.haproxy")
    );
    assert!(
        d.moved
            .iter()
            .any(|m| m.from == "srv1.nginx" && m.to == "web1.nginx")
    );
}

#[test]
fn sections_appear_only_when_the_design_has_their_topic() {
    let (doc, _) = explain_text(&example("0-"));
    let ids: Vec<&str> = doc.sections.iter().map(|s| s.id).collect();
    for absent in [
        "load-balancing",
        "active-active-passive",
        "replication",
        "firewalls",
        "https",
        "monitoring",
    ] {
        assert!(
            !ids.contains(&absent),
            "{absent} in a one-server design: {ids:?}"
        );
    }
    let (doc, _) = explain_text(&example("2-"));
    let ids: Vec<&str> = doc.sections.iter().map(|s| s.id).collect();
    for present in [
        "load-balancing",
        "active-active-passive",
        "replication",
        "firewalls",
        "https",
        "monitoring",
    ] {
        assert!(ids.contains(&present), "{present} missing: {ids:?}");
    }
    let (doc, _) = explain_text("server a { web_server w { software = caddy } }\n");
    let ids: Vec<&str> = doc.sections.iter().map(|s| s.id).collect();
    assert!(
        !ids.contains(&"dns") && !ids.contains(&"request-path"),
        "{ids:?}"
    );
}

/// Headings go down one level at a time, and none is empty.
fn check_structure(md: &str) -> Result<(), String> {
    let mut last: Option<usize> = None;
    let mut open: Option<(usize, String)> = None;
    let mut content_since_heading = true;
    let mut in_heading = false;
    let mut heading_text = String::new();
    for event in Parser::new_ext(md, pulldown_cmark::Options::ENABLE_TABLES) {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                let level = match level {
                    HeadingLevel::H1 => 1,
                    HeadingLevel::H2 => 2,
                    HeadingLevel::H3 => 3,
                    HeadingLevel::H4 => 4,
                    HeadingLevel::H5 => 5,
                    HeadingLevel::H6 => 6,
                };
                match last {
                    None if level != 1 => return Err(format!("first heading is h{level}")),
                    Some(prev) if level > prev + 1 => return Err(format!("h{prev} then h{level}")),
                    _ => {}
                }
                if let Some((open_level, title)) = &open
                    && !content_since_heading
                    && level <= *open_level
                {
                    return Err(format!("empty section {title:?}"));
                }
                last = Some(level);
                in_heading = true;
                heading_text.clear();
                content_since_heading = false;
                open = Some((level, String::new()));
            }
            Event::End(TagEnd::Heading(_)) => {
                in_heading = false;
                if let Some((l, _)) = open {
                    open = Some((l, heading_text.clone()));
                }
            }
            Event::Html(_) | Event::InlineHtml(_) => return Err("raw HTML".into()),
            Event::Text(t) | Event::Code(t) if in_heading => heading_text.push_str(&t),
            Event::Text(_) | Event::Code(_) => content_since_heading = true,
            _ => {}
        }
    }
    if !content_since_heading {
        return Err(format!("the last section {open:?} is empty"));
    }
    Ok(())
}

#[test]
fn the_markdown_of_every_example_is_well_formed_and_pinned() {
    insta::with_settings!({ snapshot_path => "../snapshots/explain", prepend_module_to_snapshot => false }, {
        for path in common::examples() {
            let name = path.file_stem().expect("stem").to_string_lossy().into_owned();
            let (_, md) = explain_text(&std::fs::read_to_string(&path).expect("read"));
            check_structure(&md).unwrap_or_else(|e| panic!("{name}: {e}"));
            insta::assert_snapshot!(format!("{name}.md"), md);
        }
        for (a, b) in [("0-", "1-"), ("1-", "2-"), ("2-", "3-")] {
            let (old, new) = (checked(&example(a)), checked(&example(b)));
            let d = diff_of(&old, &new);
            insta::assert_json_snapshot!(format!("diff-{a}{b}"), d);
        }
    });
}

#[test]
fn free_text_from_the_design_cannot_inject_markup() {
    let text = "title = \"# not a heading *bold* <script>x</script>\"\n\
                description = \"[link](javascript:alert(1)) <img src=x> | pipe\"\n\
                server s { web_server w { software = \"<b>bold</b>\" } }\n\
                internet -> s : http\n";
    let (_, md) = explain_text(text);
    check_structure(&md).unwrap_or_else(|e| panic!("{e}\n{md}"));
    let links = Parser::new(&md)
        .filter(|e| matches!(e, Event::Start(Tag::Link { .. })))
        .count();
    let internal = md.matches("](#issues)").count();
    assert_eq!(links, internal, "only infrac's own links:\n{md}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(40))]
    #[test]
    fn renamed_servers_and_addresses_show_up_in_the_text(
        name in "zz[a-z0-9]{1,6}",
        a in 1u8..=223, b in 0u8..=255, c in 0u8..=255, d in 1u8..=254,
    ) {
        let ip = format!("{a}.{b}.{c}.{d}");
        let text = example("1-").replace("web1", &name).replace("8.8.8.8", &ip);
        let (_, md) = explain_text(&text);
        let quoted_name = format!("`{name}`");
        let quoted_ip = format!("`{ip}`");
        let quoted_db = format!("`{name}.mysql`");
        prop_assert!(md.contains(&quoted_name));
        prop_assert!(md.contains(&quoted_ip));
        prop_assert!(md.contains(&quoted_db));
        prop_assert!(!md.contains("`web1"));
        prop_assert!(!md.contains("8.8.8.8"));
    }
}

// ---- the commands ----

#[test]
fn explain_writes_markdown_with_its_diagram_beside_it() {
    let out = Test::new()
        .write("a.infra", example("0-"))
        .args([
            "explain",
            "a.infra",
            "-o",
            "docs/a.md",
            "--today",
            "2026-11-23",
        ])
        .run();
    assert_eq!(
        out.status, 3,
        "the docs directory does not exist: {}",
        out.stderr
    );
    let out = Test::new()
        .write("a.infra", example("0-"))
        .write("docs/.keep", "")
        .args([
            "explain",
            "a.infra",
            "-o",
            "docs/a.md",
            "--today",
            "2026-11-23",
        ])
        .run();
    assert_eq!(out.status, 0, "{}", out.stderr);
    assert!(
        out.read("docs/a.md")
            .contains("![Diagram of the design](a.svg)")
    );
    assert!(out.read("docs/a.svg").starts_with("<svg"));
}

#[test]
fn explain_html_is_one_self_contained_page() {
    let out = Test::new()
        .write("a.infra", example("2-"))
        .args([
            "explain",
            "a.infra",
            "--format",
            "html",
            "--today",
            "2026-11-23",
        ])
        .run();
    assert_eq!(out.status, 0, "{}", out.stderr);
    let html = &out.stdout;
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("<svg"), "diagram inline");
    assert!(html.contains("<table class=\"findings\">"));
    assert!(html.contains("<h2>How a request travels</h2>"));
    for external in ["src=\"http", "href=\"http", "<script", "<link"] {
        assert!(!html.contains(external), "loads {external}");
    }
}

#[test]
fn diff_prints_markdown_or_json() {
    let out = Test::new()
        .write("a.infra", example("0-"))
        .write("b.infra", example("1-"))
        .args(["diff", "a.infra", "b.infra", "--today", "2026-11-23"])
        .run();
    assert_eq!(out.status, 0, "{}", out.stderr);
    assert!(out.stdout.contains("## What changed"));
    assert!(out.stdout.contains("single point of failure"));
    let out = Test::new()
        .write("a.infra", example("0-"))
        .write("b.infra", example("1-"))
        .args([
            "diff",
            "a.infra",
            "b.infra",
            "--format",
            "json",
            "--today",
            "2026-11-23",
        ])
        .run();
    let json: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON");
    assert_eq!(json["old"], "a.infra");
    assert!(json["added"].as_array().is_some_and(|a| !a.is_empty()));
    assert!(json["story"].as_array().is_some_and(|a| !a.is_empty()));
    let out = Test::new()
        .write("a.infra", "server {")
        .write("b.infra", example("1-"))
        .args(["diff", "a.infra", "b.infra"])
        .run();
    assert_eq!(out.status, 2, "{}", out.stderr);
}

#[test]
fn the_structure_check_rejects_what_it_should() {
    assert!(check_structure("# T\n\ntext\n\n## A\n\nbody\n").is_ok());
    assert!(
        check_structure("# T\n\n## A\n\n## B\n\nbody\n").is_err(),
        "empty section A"
    );
    assert!(
        check_structure("# T\n\n### deep\n\nbody\n").is_err(),
        "skipped level"
    );
    assert!(check_structure("## T\n\nbody\n").is_err(), "no h1 first");
    assert!(check_structure("# T\n\n<b>x</b>\n").is_err(), "raw HTML");
    assert!(
        check_structure("# T\n\nbody\n\n## Empty\n").is_err(),
        "empty last section"
    );
}

#[test]
fn a_design_without_servers_is_explained_without_empty_claims() {
    let (doc, md) = explain_text("title = \"nothing yet\"\n");
    check_structure(&md).unwrap_or_else(|e| panic!("{e}\n{md}"));
    assert!(md.contains("has no servers yet"), "{md}");
    let ids: Vec<&str> = doc.sections.iter().map(|s| s.id).collect();
    assert_eq!(ids, ["overview", "issues"]);
}

#[test]
fn availability_follows_the_structure_of_the_design() {
    let (doc, _) = explain_text(&example("0-"));
    // srv1 (99.9 %) × nginx (99.95 %) × the app (99.9 %), by hand.
    let expected = 0.999 * 0.9995 * 0.999 * 100.0;
    has(
        &section(&doc, "availability"),
        &[&format!("| requests | {expected:.3} % |"), "Assumptions"],
    );
    // Splitting the tiers onto three servers puts three servers in series: less available.
    let requests = |prefix: &str| {
        let (doc, _) = explain_text(&example(prefix));
        let text = section(&doc, "availability");
        let row = text
            .lines()
            .find(|l| l.starts_with("| requests |"))
            .unwrap_or_default()
            .to_string();
        row.split('|')
            .nth(2)
            .unwrap_or_default()
            .trim()
            .trim_end_matches(" %")
            .parse::<f64>()
            .unwrap_or(0.0)
    };
    assert!(requests("1-") > requests("0-"), "two web servers beat one");
    assert!(
        requests("3-") < requests("2-"),
        "three servers in series are down more often"
    );
    assert!(requests("highly_available") > 99.98);
}

#[test]
fn capacity_appears_with_expected_traffic_and_names_the_bottleneck() {
    let text = std::fs::read_to_string(common::root().join("tests/lint/over_capacity.fires.infra"))
        .expect("fixture");
    let (doc, _) = explain_text(&text);
    has(
        &section(&doc, "capacity"),
        &[
            "3000 requests per second",
            "| web tier | `w1.nginx` and `w2.nginx` | 1500 each (even split) | 3000 | -33 % |",
            "The bottleneck is the web tier",
        ],
    );
    let (doc, _) = explain_text(&example("1-"));
    assert!(
        doc.sections.iter().all(|s| s.id != "capacity"),
        "no expected_qps, no capacity section"
    );
}
