//! The bundled examples and every complete example of LANGUAGE.md compile, are formatted,
//! and encode what the seed tasks ask for.

mod common;
use common::{Test, examples, root};
use infrac::Source;
use infrac::model::graph_json::graph_json;
use infrac::model::{Design, Edge, Kind};

fn compile_file(path: &std::path::Path) -> Design {
    let text = std::fs::read_to_string(path).expect("read example");
    match infrac::compile(Source::new(path.display().to_string(), text)) {
        Ok(design) => design,
        Err(d) => panic!("{}", d.render(infrac::diagnostics::Style::PLAIN)),
    }
}

fn example(prefix: &str) -> Design {
    let path = examples()
        .into_iter()
        .find(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with(prefix))
        })
        .expect("example exists");
    compile_file(&path)
}

#[test]
fn the_four_seed_tasks_are_bundled() {
    let names: Vec<String> = examples()
        .iter()
        .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .collect();
    for expected in [
        "0-simple_web_stack.infra",
        "1-distributed_web_infrastructure.infra",
        "2-secured_and_monitored_web_infrastructure.infra",
        "3-scale_up.infra",
    ] {
        assert!(names.iter().any(|n| n == expected), "missing {expected}");
    }
}

#[test]
fn every_example_compiles_and_is_formatted() {
    let examples = root().join("examples").display().to_string();
    // The seed designs have error-level findings on purpose (exit 1); 2 would mean they
    // do not compile.
    let out = Test::new()
        .args(["check", "--today", "2026-11-23", &examples])
        .run();
    assert_eq!(out.status, 1, "{}", out.stderr);
    assert!(
        !out.stderr.contains("could not be checked"),
        "{}",
        out.stderr
    );
    let out = Test::new().args(["fmt", "--check", &examples]).run();
    assert_eq!(out.status, 0, "{}", out.stderr);
}

/// ```infra blocks of a Markdown file, except those that call themselves fragments.
fn infra_blocks(doc: &str) -> Vec<String> {
    let doc = std::fs::read_to_string(root().join(doc)).expect("doc exists");
    doc.split("```infra\n")
        .skip(1)
        .filter_map(|rest| rest.split("```").next())
        .filter(|block| !block.lines().next().unwrap_or("").contains("fragment"))
        .map(str::to_string)
        .collect()
}

#[test]
fn language_doc_and_readme_examples_compile() {
    let language = infra_blocks("docs/LANGUAGE.md");
    assert!(language.len() >= 2, "found {} examples", language.len());
    let readme = infra_blocks("README.md");
    assert!(!readme.is_empty());
    for block in language.into_iter().chain(readme) {
        if let Err(d) = infrac::compile(Source::new("LANGUAGE.md", block.clone())) {
            panic!("{block}\n{}", d.render(infrac::diagnostics::Style::PLAIN));
        }
    }
}

#[test]
fn the_language_doc_keeps_every_section_and_example_of_the_shared_contract() {
    // docs/LANGUAGE.md is the full reference; the team's v1 contract is its first part.
    // Where the contract is at hand, every heading of it stays, in order, and every
    // example stays word for word.
    let shared = root().join("../shared/LANGUAGE.md");
    let Ok(contract) = std::fs::read_to_string(shared) else {
        return;
    };
    let doc = std::fs::read_to_string(root().join("docs/LANGUAGE.md")).expect("doc");
    let mut lines = doc.lines();
    for heading in contract.lines().filter(|l| l.starts_with('#')) {
        assert!(
            lines.any(|l| l == heading),
            "docs/LANGUAGE.md lost or reordered `{heading}`"
        );
    }
    for block in contract.split("```infra\n").skip(1) {
        let block = block.split("```").next().unwrap_or("");
        assert!(
            doc.contains(block),
            "docs/LANGUAGE.md changed a contract example:\n{block}"
        );
    }
}

#[test]
fn the_contract_examples_keep_their_findings() {
    // The v1 part of docs/LANGUAGE.md (sections 1-5, the shared contract) must mean what
    // it meant: its complete examples' findings are pinned.
    let doc = std::fs::read_to_string(root().join("docs/LANGUAGE.md")).expect("doc");
    let v1 = doc.split("\n## 6.").next().unwrap_or("");
    let config = infrac::lint::Config {
        today: time::macros::date!(2026 - 11 - 23),
        ..infrac::lint::Config::default()
    };
    let mut out = String::new();
    for (i, block) in v1
        .split("```infra\n")
        .skip(1)
        .filter_map(|rest| rest.split("```").next())
        .filter(|b| !b.lines().next().unwrap_or("").contains("fragment"))
        .enumerate()
    {
        let title = block.lines().next().unwrap_or("");
        out.push_str(&format!("example {i}: {title}\n"));
        let checked = infrac::check(Source::new("LANGUAGE.md", block), &config)
            .unwrap_or_else(|d| panic!("{}", d.render(infrac::diagnostics::Style::PLAIN)));
        let mut pairs: Vec<String> = checked
            .findings
            .iter()
            .map(|f| format!("  {} {}", f.rule, f.component))
            .collect();
        pairs.sort();
        for p in pairs {
            out.push_str(&p);
            out.push('\n');
        }
    }
    insta::with_settings!({ snapshot_path => "../snapshots/language", prepend_module_to_snapshot => false }, {
        insta::assert_snapshot!("contract_findings", out);
    });
}

#[test]
fn resolved_models_of_the_examples_are_pinned() {
    insta::with_settings!({ snapshot_path => "../snapshots/graph", prepend_module_to_snapshot => false }, {
        for path in examples() {
            let design = compile_file(&path);
            let name = path.file_stem().expect("stem").to_string_lossy().into_owned();
            let json = graph_json(&design, &format!("examples/{name}.infra"), None);
            insta::assert_json_snapshot!(name, json);
        }
    });
}

fn count(design: &Design, kind: Kind) -> usize {
    design.nodes_of(kind).count()
}

#[test]
fn task_0_is_one_server_with_the_whole_stack() {
    let design = example("0-");
    assert_eq!(count(&design, Kind::Server), 1);
    let srv = design.find("srv1").expect("srv1");
    let kinds: Vec<Kind> = design
        .children(srv)
        .iter()
        .map(|&c| design.node(c).kind)
        .collect();
    assert_eq!(kinds, [Kind::WebServer, Kind::AppServer, Kind::Database]);
    let www = design.find("foobar.com.www").expect("www record");
    assert_eq!(design.node(www).attrs.text("type"), Some("A"));
    assert_eq!(design.related(www, |e| matches!(e, Edge::PointsTo)), [srv]);
}

#[test]
fn task_1_has_three_servers_a_round_robin_lb_and_primary_replica() {
    let design = example("1-");
    assert_eq!(count(&design, Kind::Server), 3);
    let lb = design.find("lb1.haproxy").expect("haproxy");
    assert_eq!(design.node(lb).attrs.text("algorithm"), Some("round_robin"));
    let replica = design.find("web2.mysql").expect("replica");
    let primary = design.find("web1.mysql").expect("primary");
    assert_eq!(
        design.related(replica, |e| matches!(e, Edge::ReplicaOf)),
        [primary]
    );
    assert_eq!(design.node(primary).attrs.text("role"), Some("primary"));
}

#[test]
fn task_2_has_three_firewalls_one_certificate_and_three_agents_to_sumo_logic() {
    let design = example("2-");
    assert_eq!(count(&design, Kind::Server), 3);
    assert_eq!(count(&design, Kind::Firewall), 3);
    assert_eq!(count(&design, Kind::Certificate), 1);
    let agents: Vec<_> = design
        .nodes_of(Kind::MonitoringAgent)
        .map(|(id, _)| id)
        .collect();
    assert_eq!(agents.len(), 3);
    let sumo = design.find("sumo_logic").expect("service");
    for agent in agents {
        assert_eq!(design.node(agent).attrs.text("vendor"), Some("Sumo Logic"));
        assert_eq!(
            design.related(agent, |e| matches!(e, Edge::SendsTo)),
            [sumo]
        );
    }
    // every server is protected by exactly one firewall
    for (server, _) in design.nodes_of(Kind::Server) {
        let protectors = design
            .nodes_of(Kind::Firewall)
            .filter(|(fw, _)| {
                design
                    .related(*fw, |e| matches!(e, Edge::Protects))
                    .contains(&server)
            })
            .count();
        assert_eq!(protectors, 1);
    }
    // HTTPS enters at the load balancer, which holds the certificate
    let haproxy = design.find("lb1.haproxy").expect("haproxy");
    let entry = design
        .flows()
        .find(|(_, from, _, _)| *from == design.internet)
        .expect("entry flow");
    assert_eq!(entry.2, haproxy);
    assert_eq!(entry.3.protocol.as_ref().map(|p| p.encrypted), Some(true));
}

#[test]
fn task_3_clusters_two_load_balancers_and_splits_the_tiers() {
    let design = example("3-");
    let (cluster, node) = design.nodes_of(Kind::Cluster).next().expect("a cluster");
    assert_eq!(node.attrs.text("mode"), Some("active_passive"));
    assert!(node.attrs.ip("vip").is_some());
    let members = design.related(cluster, |e| matches!(e, Edge::Member));
    assert_eq!(members.len(), 2);
    for member in members {
        let lbs = design
            .children(member)
            .iter()
            .filter(|&&c| design.node(c).kind == Kind::LoadBalancer)
            .count();
        assert_eq!(lbs, 1);
    }
    // web, app and database each on a server of their own
    for kind in [Kind::WebServer, Kind::AppServer, Kind::Database] {
        for (component, _) in design.nodes_of(kind) {
            let host = design.host(component).expect("host");
            let tiers = design
                .children(host)
                .iter()
                .filter(|&&c| {
                    matches!(
                        design.node(c).kind,
                        Kind::WebServer | Kind::AppServer | Kind::Database
                    )
                })
                .count();
            assert_eq!(
                tiers,
                1,
                "{} shares its server",
                design.node(component).path
            );
        }
    }
}

#[test]
fn synthetic_designs_compile_at_every_size() {
    for servers in [1, 4, 37, 400] {
        let text = infrac::synth::tiered_design(servers);
        let design = match infrac::compile(Source::new("synth.infra", text)) {
            Ok(design) => design,
            Err(d) => panic!("{}", d.render(infrac::diagnostics::Style::PLAIN)),
        };
        let servers_made = design.nodes_of(Kind::Server).count();
        assert!(servers_made >= servers, "{servers_made} < {servers}");
    }
}
