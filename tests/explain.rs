//! `infrac explain` and `infrac diff`: each seed task's write-up answers what the task
//! asks, from the design's own facts; sections follow the design; the Markdown is
//! well-formed; names and addresses changed in the input change in the text.

mod common;

use common::Test;
use common::markdown::check_structure;
use infrac::Source;
use infrac::explain::diff::{self, Side};
use infrac::explain::{self, Context, Document};
use infrac::lint::Config;
use proptest::prelude::*;
use pulldown_cmark::{Event, Parser, Tag};

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
            analysis: &old.analysis,
            findings: &old.findings,
        },
        &Side {
            design: &new.design,
            analysis: &new.analysis,
            findings: &new.findings,
        },
    )
}

/// The story of a diff, as plain sentences.
fn story_of(old: &infrac::Checked, new: &infrac::Checked, d: &diff::Diff) -> String {
    infrac::explain::changes::story(d, &old.design, &new.design)
        .iter()
        .map(|p| p.plain())
        .collect::<Vec<_>>()
        .join("\n")
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
            "### Single point of failure (SPOF)",
            "The server `srv1` (web server, application server and database) carries every request",
            "rebooting it takes the site down",
            "### Cannot scale with more traffic",
            "cannot scale horizontally",
        ],
    );
    has(
        &section(&doc, "deployment"),
        &[
            "every request goes through `srv1`",
            "maintenance means downtime",
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
            "`lb1.haproxy` (HAProxy) sends requests to both its backends, `web1` and `web2`, at the same time: the pool is **active-active**.",
        ],
    );
    has(
        &section(&doc, "replication"),
        &[
            "`web1.mysql`",
            "**primary**",
            "`web2.mysql`",
            "**replica**",
            "binary log (binlog)",
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
        &[
            "`fw_lb`",
            "`fw_web1`",
            "`fw_web2`",
            "allow `https` from `internet`",
        ],
    );
    has(
        &section(&doc, "https"),
        &[
            "**confidentiality**",
            "TLS ends at `lb1.haproxy` (HAProxy) with the certificate `www_cert`",
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
            "Nginx's `stub_status` page",
            "HAProxy's stats page",
        ],
    );
    let issues = section(&doc, "issues");
    has(
        &issues,
        &[
            "### SSL termination at the load balancer",
            "The database `web1.mysql` is the only place writes can go",
            "### Every tier on the same servers",
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
            "have one backend, `web1`: there is nothing to share",
        ],
    );
    has(
        &section(&doc, "components"),
        &[
            "### Web server or application server",
            "a web server delivers what already exists; an application server computes what does not",
            "(`web1.nginx` → `app1.app`), each on its own server",
        ],
    );
    let (old, new) = (checked(&example("2-")), checked(&example("3-")));
    let d = diff_of(&old, &new);
    let story = story_of(&old, &new, &d);
    has(
        &story,
        &[
            "a cluster lbs",
            "Removed a server web2 (web server, application server and database)",
            "removed lb1.haproxy as a single point of failure, but web1.nginx and app1.app are now one — with web2 removed, nothing backs them up",
            "web1.app moved to app1.app",
            "The web tier, the application tier and the database tier went from 2 instances to 1 each",
        ],
    );
    assert!(
        !d.moved.iter().any(|m| m.from.ends_with(".sumo")),
        "agents belong to their servers and never move: {:?}",
        d.moved
    );
}

#[test]
fn the_diff_from_one_server_to_three_tells_the_spof_story() {
    let (old, new) = (checked(&example("0-")), checked(&example("1-")));
    let d = diff_of(&old, &new);
    let story = story_of(&old, &new, &d);
    has(
        &story,
        &[
            "srv1 is now web1",
            "Added 2 servers: lb1 (load balancer) and web2 (web server, application server and database)",
            "removed srv1 as a single point of failure, but lb1.haproxy and web1.mysql are now one",
        ],
    );
    // The entry point moved from srv1 to lb1: its issues moved with it.
    for (rule, from, to) in [
        ("no-https", "srv1.nginx", "lb1.haproxy"),
        ("no-firewall", "srv1", "lb1"),
    ] {
        assert!(
            d.moved_findings
                .iter()
                .any(|m| m.rule == rule && m.from == from && m.to == to),
            "{rule} moved from {from} to {to}: {:?}",
            d.moved_findings
        );
        assert!(!d.fixed.iter().any(|f| f.rule == rule), "{rule} not fixed");
        assert!(
            !d.introduced.iter().any(|f| f.rule == rule),
            "{rule} not new"
        );
    }
    assert!(
        d.renamed.iter().any(|m| m.from == "srv1" && m.to == "web1"),
        "srv1 became web1: {:?}",
        d.renamed
    );
    let added: Vec<&str> = d
        .added
        .iter()
        .filter(|i| i.kind == "server")
        .map(|i| i.path.as_str())
        .collect();
    assert_eq!(added, ["lb1", "web2"], "two servers added, not three");
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
            let story = Document {
                title: format!("{a} to {b}"),
                sections: vec![infrac::explain::changes::section(&d, &old.design, &new.design)],
            };
            let md = explain::markdown::markdown(&story);
            check_structure(&md).unwrap_or_else(|e| panic!("diff {a}{b}: {e}"));
            insta::assert_snapshot!(format!("diff-{a}{b}.md"), md);
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
    assert!(html.contains("<h2 id=\"how-a-request-travels\">How a request travels</h2>"));
    // The diagram and the findings table come right after the overview's text, where the
    // document places its diagram — before the next section.
    let (overview, diagram, next) = (
        html.find("<h2 id=\"overview\">").expect("overview"),
        html.find("<div class=\"diagram\">").expect("diagram"),
        html.find("<h2 id=\"servers\">").expect("servers"),
    );
    assert!(overview < diagram && diagram < next);
    assert!(html[diagram..next].contains("<table class=\"findings\">"));
    // Every link inside the page points at an element of the page.
    for link in html.split("href=\"#").skip(1) {
        let id = &link[..link.find('"').expect("closing quote")];
        assert!(
            html.contains(&format!("id=\"{id}\"")),
            "link to #{id} leads nowhere"
        );
    }
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
    assert!(out.stdout.contains("### Why each new element is there"));
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
    assert!(md.contains("Nothing in it needs fixing."), "{md}");
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

/// A design with a cache, a queue and a public object store: the components section says
/// what each is and what it does here, from the traffic (who reads, who puts work, who
/// takes it), the roles (a replica) and the analysis (a single point of failure).
const STORES: &str = r#"
title = "Shop with a cache, a queue and a bucket"
zone a {}
zone b {}
cache sessions { engine = redis, managed = true, provider = aws, zones = [a, b] }
cache sessions_ro { engine = redis, managed = true, provider = aws, zone = b, replica_of = sessions }
server app1 { app_server api { runtime = node } }
server app2 { app_server api { runtime = node } }
server mq { queue rabbit { engine = rabbitmq } }
server worker { app_server jobs { runtime = node } }
server db1 { database pg { engine = postgres } }
object_store media { managed = true, provider = aws, public = true }
internet -> [app1, app2] : https
[app1.api, app2.api] -> sessions : redis
[app1.api, app2.api] -> mq : amqp
[app1.api, app2.api] -> media : https
worker.jobs -> mq : amqp { consumes = true }
worker.jobs -> db1 : postgres
"#;

#[test]
fn caches_queues_and_object_stores_are_explained_from_the_design() {
    let (doc, _) = explain_text(STORES);
    let text = section(&doc, "components");
    has(
        &text,
        &[
            "**Cache** — `sessions` and `sessions_ro` (both Redis), run by aws.",
            "`app1.api` and `app2.api` read from `sessions` before going to the database",
            "`sessions_ro` is a replica of `sessions`",
            "**Queue** — `mq.rabbit` (rabbitmq).",
            "`app1.api` and `app2.api` put work on `mq.rabbit`; `worker.jobs` takes it off and does it.",
            "`mq.rabbit` has no second copy: if it fails, writes fail",
            "**Object store** — `media`, run by aws.",
            "`media` is public: anyone on the internet can read what is in it",
        ],
    );
    insta::with_settings!({ snapshot_path => "../snapshots/explain", prepend_module_to_snapshot => false }, {
        insta::assert_snapshot!("components-stores.md", text);
    });
}

/// Without a tunnel, the CDN forwards to its origin over the network; a firewall whose
/// egress rules stop the tunnel is said to stop it, not to let it through.
#[test]
fn a_cdn_without_a_tunnel_and_a_tunnel_stopped_on_its_way_out_are_said_so() {
    let direct = example("cdn_tunnel_vps").replace(
        "vps.cloudflared -> cloudflare : https\nvps.cloudflared -> vps.nginx : http/8080",
        "cloudflare -> vps.nginx : http/8080",
    );
    let (doc, _) = explain_text(&direct);
    let text = section(&doc, "components");
    has(
        &text,
        &["It forwards requests to `vps.nginx` over `http`, unencrypted"],
    );
    has(
        &text,
        &["`vps.cloudflared` on `vps` connects to no edge yet."],
    );
    let stopped = example("cdn_tunnel_vps").replace(
        "  default  = deny\n",
        "  default  = deny\n  default_out = deny\n",
    );
    let (doc, _) = explain_text(&stopped);
    has(
        &section(&doc, "firewalls"),
        &[
            "`vps.cloudflared` opens its tunnel to `cloudflare` from inside `vps`: the connection goes out, and the outbound rules of `fw` stop it",
        ],
    );
    has(
        &section(&doc, "components"),
        &["an outbound rule of `fw` stops it"],
    );
    let (doc, _) = explain_text(&example("cdn_tunnel_vps"));
    has(
        &section(&doc, "firewalls"),
        &["does not block the tunnel", "no inbound port is open"],
    );
    has(
        &section(&doc, "request-path"),
        &["back through the tunnel opened from `vps`"],
    );
}

/// The replication section pairs each primary with its own replicas and lists each
/// primary's readers in flow order, whatever order primaries, replicas and flows are
/// declared in (the section indexes them once instead of scanning per primary).
#[test]
fn replication_pairs_primaries_with_their_replicas_and_readers_in_flow_order() {
    let (doc, _) = explain_text(
        "server p1 { database a { engine = postgres, role = primary } }\n\
         server p2 { database b { engine = mysql, role = primary } }\n\
         server r2 { database b { engine = mysql, role = replica, replica_of = p2.b } }\n\
         server r1 { database a { engine = postgres, role = replica, replica_of = p1.a } }\n\
         server s1 { database a { engine = postgres, role = replica, replica_of = p1.a } }\n\
         server app { app_server x { runtime = gunicorn } }\n\
         internet -> app.x : https\n\
         app.x -> s1.a : postgres { access = read }\n\
         app.x -> r2.b : mysql { access = read }\n\
         app.x -> r1.a : postgres { access = read }\n\
         app.x -> p1.a : postgres\n\
         app.x -> p2.b : mysql\n",
    );
    let text = section(&doc, "replication");
    let first = text.find("`p1.a`").expect("p1 first");
    let second = text.find("`p2.b`").expect("p2 named");
    assert!(first < second, "primaries in declaration order:\n{text}");
    let (p1, p2) = text.split_at(second);
    assert!(
        p1.contains("`r1.a` and `s1.a` are its **replicas**"),
        "replicas in declaration order:\n{text}"
    );
    let s1 = p1.find("reads from `s1.a`").expect("reader of s1");
    let r1 = p1.find("reads from `r1.a`").expect("reader of r1");
    assert!(s1 < r1, "readers in flow order:\n{text}");
    assert!(!p1.contains("r2.b"), "p2's replica kept to p2:\n{text}");
    assert!(p2.contains("reads from `r2.b`"), "{text}");
}
