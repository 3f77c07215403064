//! `infrac whatif`: failures simulated on the seeds and on hand-made designs whose
//! answers are known, through the library and the command.

mod common;

use common::Test;
use infrac::analysis::whatif::{self, Cause, Simulation, Task};
use infrac::{Source, analysis};

fn simulate(text: &str, names: &[&str]) -> Simulation {
    let design = infrac::compile(Source::new("t.infra", text)).expect("compiles");
    let analysis = analysis::analyze(&design);
    let failed: Vec<_> = names
        .iter()
        .flat_map(|n| whatif::resolve(&design, n).expect("resolves"))
        .collect();
    whatif::simulate(&design, &analysis, &failed)
}

fn example(prefix: &str) -> String {
    common::example_text(prefix)
}

fn broken(sim: &Simulation) -> Vec<Task> {
    sim.broken().map(|t| t.task).collect()
}

#[test]
fn the_single_server_takes_everything_with_it() {
    let sim = simulate(&example("0-"), &["srv1"]);
    assert_eq!(broken(&sim), Task::ALL);
    assert!(sim.down.contains(&"srv1.mysql".to_string()));
}

#[test]
fn losing_the_primary_stops_writes_but_the_replica_keeps_reads() {
    let sim = simulate(&example("1-"), &["web1.mysql"]);
    assert_eq!(broken(&sim), [Task::Writes]);
    let cause = sim
        .tasks
        .iter()
        .find(|t| t.task == Task::Writes)
        .and_then(|t| t.cause.clone());
    assert_eq!(
        cause,
        Some(Cause::ItselfDown {
            item: "web1.mysql".into()
        })
    );
    assert!(
        broken(&simulate(&example("1-"), &["web2"])).is_empty(),
        "web2 is redundant for every journey"
    );
}

#[test]
fn the_load_balancer_is_the_path_that_lost_its_last_alternative() {
    let sim = simulate(&example("1-"), &["lb1"]);
    assert_eq!(broken(&sim), Task::ALL);
    assert!(
        matches!(&sim.tasks[0].cause, Some(Cause::LastAlternative { item, .. }) if item == "lb1.haproxy"),
        "{:?}",
        sim.tasks[0].cause
    );
    assert_eq!(sim.cut_off.len(), 6, "{:?}", sim.cut_off);
}

#[test]
fn a_clustered_pair_survives_one_member_but_not_both() {
    assert!(broken(&simulate(&example("3-"), &["lb1"])).is_empty());
    assert_eq!(broken(&simulate(&example("3-"), &["lbs"])), Task::ALL);
    let both = simulate(&example("3-"), &["lb1", "lb2"]);
    assert_eq!(broken(&both), Task::ALL);
    assert!(
        matches!(&both.tasks[0].cause, Some(Cause::Together { failed, .. }) if failed == &["lb1", "lb2"]),
        "no single member breaks it: {:?}",
        both.tasks[0].cause
    );
}

const TWO_APPS: &str = "
server lb { load_balancer h { health_check = true } }
server a1 { app_server app {} }
server a2 { app_server app {} }
server db { database d { engine = postgres } }
internet -> lb : https
lb -> [a1, a2] : http
[a1.app, a2.app] -> db : postgres
";

#[test]
fn hand_made_two_paths_break_only_together_and_tiers_fail_whole() {
    assert!(broken(&simulate(TWO_APPS, &["a1"])).is_empty());
    let both = simulate(TWO_APPS, &["a1", "a2"]);
    assert_eq!(
        broken(&both),
        [Task::Requests, Task::Writes, Task::Reads, Task::StaticPages]
    );
    let tier = simulate(TWO_APPS, &["app"]);
    assert_eq!(
        tier.down,
        ["a1.app", "a2.app"],
        "the word app fails the whole application tier"
    );
    assert_eq!(broken(&tier), broken(&both));
    let db = simulate(TWO_APPS, &["db"]);
    assert_eq!(
        broken(&db),
        [Task::Writes, Task::Reads],
        "requests still reach the apps"
    );
}

#[test]
fn fail_each_ranks_the_worst_first() {
    let design = infrac::compile(Source::new("t", example("highly_available"))).expect("compiles");
    let analysis = analysis::analyze(&design);
    let blasts = whatif::fail_each(&design, &analysis);
    assert_eq!(blasts[0].item, "lbs");
    assert_eq!(blasts[0].breaks.len(), 4);
    assert!(
        blasts
            .windows(2)
            .all(|w| w[0].breaks.len() >= w[1].breaks.len())
    );
    let web1 = blasts
        .iter()
        .find(|b| b.item == "web1")
        .expect("web1 listed");
    assert!(web1.breaks.is_empty(), "a redundant server breaks nothing");
}

#[test]
fn fail_each_with_pairs_names_the_two_app_servers_and_needs_fail_each() {
    let out = Test::new()
        .write("a.infra", TWO_APPS)
        .args(["whatif", "a.infra", "--fail-each", "--pairs"])
        .run();
    assert_eq!(out.status, 0, "{}", out.stderr);
    assert!(
        out.stdout
            .contains("| a1 + a2 | requests, writes, reads, static pages |"),
        "{}",
        out.stdout
    );
    let out = Test::new()
        .write("a.infra", TWO_APPS)
        .args([
            "whatif",
            "a.infra",
            "--fail-each",
            "--pairs",
            "--format",
            "json",
        ])
        .run();
    let json: serde_json::Value = serde_json::from_str(&out.stdout).expect("json");
    assert_eq!(json["pairs"][0]["items"], serde_json::json!(["a1", "a2"]));
    assert!(json["items"].as_array().is_some_and(|a| !a.is_empty()));
    let out = Test::new()
        .write("a.infra", TWO_APPS)
        .args(["whatif", "a.infra", "--pairs"])
        .run();
    assert_eq!(
        out.status, 3,
        "--pairs alone is a usage error: {}",
        out.stderr
    );
}

#[test]
fn the_command_reports_exits_and_speaks_json() {
    let out = Test::new()
        .write("a.infra", example("1-"))
        .args(["whatif", "a.infra", "--fail", "lb1"])
        .run();
    assert_eq!(
        out.status, 1,
        "a broken journey fails the run: {}",
        out.stderr
    );
    assert!(
        out.stdout.contains("requests      BROKEN"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("every path from the users to web1.app, web2.app went through lb1.haproxy, its last alternative"),
        "{}",
        out.stdout
    );
    let out = Test::new()
        .write("a.infra", example("1-"))
        .args(["whatif", "a.infra", "--fail", "web2"])
        .run();
    assert_eq!(out.status, 0, "{}", out.stdout);
    let out = Test::new()
        .write("a.infra", example("1-"))
        .args([
            "whatif",
            "a.infra",
            "--fail",
            "web1.mysql",
            "--format",
            "json",
        ])
        .run();
    let json: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON");
    assert_eq!(json["failed"][0], "web1.mysql");
    assert_eq!(json["tasks"][1]["task"], "writes");
    assert_eq!(json["tasks"][1]["works"], false);
    assert_eq!(json["tasks"][1]["cause"]["kind"], "itself_down");
    assert_eq!(json["tasks"][1]["cause"]["item"], "web1.mysql");
    assert_eq!(
        json["tasks"][1]["why"],
        "writes fail: `web1.mysql` itself is down, and nothing else can do its job",
        "the cause in words, for people reading the JSON"
    );
    let out = Test::new()
        .write("a.infra", example("1-"))
        .args(["whatif", "a.infra", "--fail-each"])
        .run();
    assert!(
        out.stdout.starts_with("| item | kind | breaks | cut off |"),
        "{}",
        out.stdout
    );
    let out = Test::new()
        .write("a.infra", example("1-"))
        .args(["whatif", "a.infra", "--fail", "nginx"])
        .run();
    assert_eq!(out.status, 3);
    assert!(
        out.stderr.contains("ambiguous") && out.stderr.contains("web1.nginx"),
        "{}",
        out.stderr
    );
    let out = Test::new()
        .write("a.infra", example("1-"))
        .args(["whatif", "a.infra"])
        .run();
    assert_eq!(out.status, 3, "a scenario is required: {}", out.stderr);
}

#[test]
fn on_task_1_the_load_balancer_and_the_primary_are_the_worst_single_failures() {
    let out = Test::new()
        .write("a.infra", example("1-"))
        .args(["whatif", "a.infra", "--fail-each", "--format", "json"])
        .run();
    assert_eq!(out.status, 0, "{}", out.stderr);
    let blasts: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON");
    let items: Vec<&str> = blasts
        .as_array()
        .expect("list")
        .iter()
        .filter_map(|b| b["item"].as_str())
        .collect();
    assert_eq!(
        &items[..2],
        ["lb1", "lb1.haproxy"],
        "the load balancer first: {items:?}"
    );
    assert_eq!(
        &items[2..4],
        ["web1", "web1.mysql"],
        "then the primary database and its server: {items:?}"
    );
    assert!(
        blasts[4]["breaks"].as_array().is_some_and(|b| b.is_empty()),
        "nothing else breaks a journey alone"
    );
}

fn availability(prefix: &str) -> serde_json::Value {
    let out = Test::new()
        .write("a.infra", example(prefix))
        .args([
            "check",
            "a.infra",
            "--format",
            "json",
            "--today",
            "2026-11-23",
        ])
        .run();
    let report: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON");
    report["availability"].clone()
}

#[test]
fn availability_of_task_0_and_task_3_matches_the_hand_computation() {
    let requests = |v: &serde_json::Value| v[0]["availability"].as_f64().expect("a number");
    // Task 0: srv1 (99.9 %) carries Nginx (99.95 %) and the app (99.9 %), in series.
    let task0 = 0.999 * 0.9995 * 0.999;
    // Task 3: two load balancers in parallel (each its server 99.9 % × HAProxy 99.99 %),
    // the keepalived failover (99.99 %), then web1 and app1 in series, each server and
    // component.
    let lb = 0.999 * 0.9999;
    let task3 = (1.0 - (1.0 - lb) * (1.0 - lb)) * 0.9999 * (0.999 * 0.9995) * (0.999 * 0.999);
    let (got0, got3) = (requests(&availability("0-")), requests(&availability("3-")));
    assert!((got0 - task0).abs() < 1e-12, "task 0: {got0} vs {task0}");
    assert!((got3 - task3).abs() < 1e-12, "task 3: {got3} vs {task3}");
    assert!(
        got3 < got0 + 0.001,
        "splitting the tiers adds servers in series"
    );
    let minutes = availability("0-")[0]["downtime_minutes_per_month"]
        .as_f64()
        .expect("minutes");
    assert!((minutes - (1.0 - task0) * 43_200.0).abs() < 1e-6);
}

#[test]
fn the_sized_shop_example_reports_its_overloaded_server() {
    let out = Test::new()
        .write(
            "shop.infra",
            std::fs::read_to_string(common::root().join("examples/sized_shop.infra"))
                .expect("example"),
        )
        .args([
            "check",
            "shop.infra",
            "--format",
            "json",
            "--today",
            "2026-11-23",
        ])
        .run();
    let report: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON");
    let rules: Vec<(&str, &str)> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|f| Some((f["rule"].as_str()?, f["component"].as_str()?)))
        .collect();
    assert_eq!(
        rules,
        [("over-capacity", "app3.app")],
        "only the small server, nothing else"
    );
    let out = Test::new()
        .write(
            "shop.infra",
            std::fs::read_to_string(common::root().join("examples/sized_shop.infra"))
                .expect("example"),
        )
        .args(["explain", "shop.infra", "--today", "2026-11-23"])
        .run();
    assert!(out.stdout.contains("| application tier | `app1.app`, `app2.app` and `app3.app` | 800 each (even split) | 3000 | -25 % |"), "{}", out.stdout);
}

mod from_dominators {
    use super::common::random_design;
    use infrac::analysis::blast::{self, Pair};
    use infrac::analysis::whatif::{self, Task};
    use infrac::model::Kind;
    use infrac::{Source, analysis};
    use proptest::prelude::*;
    use proptest::strategy::ValueTree;

    fn compiled(text: &str) -> Option<(infrac::model::Design, analysis::Analysis)> {
        let design = infrac::compile(Source::new("r.infra", text)).ok()?;
        let analysis = analysis::analyze(&design);
        Some((design, analysis))
    }

    /// Pairs by their definition: every two servers simulated together, against each
    /// simulated alone.
    fn pairs_by_simulation(
        design: &infrac::model::Design,
        analysis: &analysis::Analysis,
    ) -> Vec<Pair> {
        let servers: Vec<_> = design.nodes_of(Kind::Server).map(|(id, _)| id).collect();
        let broken = |failed: &[_]| -> Vec<Task> {
            whatif::simulate(design, analysis, failed)
                .broken()
                .map(|t| t.task)
                .collect()
        };
        let alone: Vec<Vec<Task>> = servers.iter().map(|&s| broken(&[s])).collect();
        let mut pairs = Vec::new();
        for i in 0..servers.len() {
            for j in i + 1..servers.len() {
                let breaks: Vec<Task> = broken(&[servers[i], servers[j]])
                    .into_iter()
                    .filter(|t| !alone[i].contains(t) && !alone[j].contains(t))
                    .collect();
                if !breaks.is_empty() {
                    let mut items = [
                        design.node(servers[i]).path.clone(),
                        design.node(servers[j]).path.clone(),
                    ];
                    items.sort();
                    pairs.push(Pair { items, breaks });
                }
            }
        }
        pairs.sort_by(|a, b| {
            b.breaks
                .len()
                .cmp(&a.breaks.len())
                .then_with(|| a.items.cmp(&b.items))
        });
        pairs
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1500))]

        #[test]
        fn fail_each_is_the_simulation_of_each_item(spec in random_design::spec()) {
            let text = random_design::render(&spec);
            let Some((design, analysis)) = compiled(&text) else {
                return Ok(());
            };
            prop_assert_eq!(
                whatif::fail_each(&design, &analysis),
                whatif::fail_each_by_simulation(&design, &analysis),
                "{}",
                text
            );
        }

        #[test]
        fn pairs_are_the_simulation_of_each_pair(spec in random_design::spec()) {
            let text = random_design::render(&spec);
            let Some((design, analysis)) = compiled(&text) else {
                return Ok(());
            };
            prop_assert_eq!(
                blast::pairs(&design, &analysis),
                pairs_by_simulation(&design, &analysis),
                "{}",
                text
            );
        }
    }

    /// Every bundled example and lint fixture, both ways, with `--pairs` too.
    #[test]
    fn fail_each_is_the_simulation_on_every_example_and_lint_fixture() {
        let mut paths = super::common::examples();
        let lint = super::common::root().join("tests/lint");
        let mut fixtures: Vec<_> = std::fs::read_dir(lint)
            .expect("lint fixtures")
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "infra"))
            .collect();
        fixtures.sort();
        paths.extend(fixtures);
        let mut compared = 0;
        for path in &paths {
            let text = std::fs::read_to_string(path).expect("read design");
            let Some((design, analysis)) = compiled(&text) else {
                continue;
            };
            compared += 1;
            assert_eq!(
                whatif::fail_each(&design, &analysis),
                whatif::fail_each_by_simulation(&design, &analysis),
                "{}",
                path.display()
            );
            assert_eq!(
                blast::pairs(&design, &analysis),
                pairs_by_simulation(&design, &analysis),
                "{}",
                path.display()
            );
        }
        assert!(compared > 50, "only {compared} designs compiled");
    }

    /// The generator is only useful if most of what it writes compiles and has journeys
    /// that can break.
    #[test]
    fn the_random_designs_mostly_compile() {
        let mut runner = proptest::test_runner::TestRunner::deterministic();
        let (mut compiled_count, mut breaking) = (0, 0);
        for _ in 0..400 {
            let spec = random_design::spec()
                .new_tree(&mut runner)
                .expect("a spec")
                .current();
            let text = random_design::render(&spec);
            if let Some((design, analysis)) = compiled(&text) {
                compiled_count += 1;
                if whatif::fail_each(&design, &analysis)
                    .iter()
                    .any(|b| !b.breaks.is_empty())
                {
                    breaking += 1;
                }
            }
        }
        assert!(compiled_count > 300, "{compiled_count} of 400 compiled");
        assert!(breaking > 100, "{breaking} of 400 had something to break");
    }
}
