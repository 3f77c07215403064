//! Importing what people already have: draw.io diagrams in every encoding and shape
//! style, Terraform as HCL and as JSON — through the library and the real binary.

mod common;

use common::{Test, root};
use infrac::model::graph_json::graph_json;
use infrac::{Format, Input, Source, Sources};
use std::path::Path;

fn fixture(path: &str) -> std::path::PathBuf {
    root().join("tests/import").join(path)
}

/// A draw.io or Terraform JSON fixture as the CLI reads it (PNG: its text chunk).
fn input(path: &str) -> Input {
    let bytes = std::fs::read(fixture(path)).expect("fixture");
    let text = infrac::import::text_of(bytes).expect("text");
    Input::from(Source::new(path, text))
}

/// A Terraform directory fixture: every .tf and .tfvars file under it.
fn terraform(dir: &str) -> Input {
    let mut sources = Sources::named(dir);
    let mut files: Vec<_> = walk(&fixture(dir));
    files.sort();
    for file in files {
        let name = file
            .strip_prefix(root().join("tests/import"))
            .expect("under")
            .display()
            .to_string();
        sources.add(Source::new(
            name,
            std::fs::read_to_string(&file).expect("read"),
        ));
    }
    Input::new(sources, None)
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("dir").flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else if infrac::import::terraform::is_configuration(&path.display().to_string()) {
            out.push(path);
        }
    }
    out
}

/// The design as graph JSON without positions or file name: what "the same model" means.
fn model(input: impl Into<Input>) -> serde_json::Value {
    let design = infrac::compile(input)
        .unwrap_or_else(|d| panic!("{}", d.render(infrac::diagnostics::Style::PLAIN)));
    let mut json = serde_json::to_value(graph_json(&design, "", None)).expect("json");
    json["file"] = serde_json::Value::Null;
    json
}

fn pages(input: Input) -> Vec<Input> {
    infrac::import::designs(input)
        .unwrap_or_else(|d| panic!("{}", d.render(infrac::diagnostics::Style::PLAIN)))
}

#[test]
fn every_encoding_of_a_page_is_the_same_design() {
    let two = pages(input("drawio/two_pages.drawio"));
    assert_eq!(two.len(), 2, "two pages, two designs");
    let aws = model(two[0].clone());
    let edge = model(two[1].clone());
    assert_eq!(
        model(input("drawio/aws_compressed.drawio")),
        aws,
        "compressed page"
    );
    assert_eq!(
        model(input("drawio/aws.drawio.svg")),
        aws,
        ".drawio.svg content attribute"
    );
    assert_eq!(
        model(input("drawio/network.xml")),
        edge,
        "bare mxGraphModel"
    );
    assert_eq!(
        model(input("drawio/network.drawio.png")),
        edge,
        ".drawio.png text chunk"
    );
    assert_ne!(aws, edge);
}

#[test]
fn formats_are_told_from_content() {
    assert_eq!(input("drawio/aws.drawio.svg").format(), Format::Drawio);
    assert_eq!(input("drawio/network.drawio.png").format(), Format::Drawio);
    assert_eq!(
        input("terraform/json/plan.json").format(),
        Format::TerraformJson
    );
    assert_eq!(
        input("terraform/json/terraform.tfstate").format(),
        Format::TerraformJson
    );
    assert_eq!(
        terraform("terraform/three_tier").format(),
        Format::Terraform
    );
}

/// The paths and kinds of a design, for asserting what was understood.
fn items(input: impl Into<Input>) -> Vec<String> {
    let json = model(input);
    json["nodes"]
        .as_array()
        .expect("nodes")
        .iter()
        .map(|n| {
            format!(
                "{} {}",
                n["kind"].as_str().unwrap_or(""),
                n["path"].as_str().unwrap_or("")
            )
        })
        .collect()
}

fn flows(input: impl Into<Input>) -> Vec<String> {
    let json = model(input);
    json["edges"]
        .as_array()
        .expect("edges")
        .iter()
        .filter(|e| e["kind"] == "flow")
        .map(|e| {
            format!(
                "{} -> {} : {}",
                e["from"].as_str().unwrap_or(""),
                e["to"].as_str().unwrap_or(""),
                e["protocol"].as_str().unwrap_or("-")
            )
        })
        .collect()
}

#[test]
fn plain_shapes_are_read_by_their_labels_and_geometry() {
    let items = items(input("drawio/distributed.drawio"));
    for expected in [
        "server haproxy",
        "load_balancer haproxy.haproxy",
        "web_server server_1.nginx",
        "app_server server_1.gunicorn",
        "database server_1.mysql",
        // The cylinder had no label; the text beside it named it.
        "database server_2.mysql",
        "record foobar.com.www",
    ] {
        assert!(
            items.contains(&expected.to_string()),
            "{expected} in {items:#?}"
        );
    }
    let json = model(input("drawio/distributed.drawio"));
    let replica = json["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["path"] == "server_2.mysql")
        .unwrap();
    assert_eq!(replica["attributes"]["role"], "replica");
    assert_eq!(replica["attributes"]["replica_of"]["ref"], "server_1.mysql");
    let flows = flows(input("drawio/distributed.drawio"));
    // The edge with a free end reached Server 2 and went to the component taking http.
    assert!(
        flows.contains(&"haproxy.haproxy -> server_2.nginx : http".to_string()),
        "{flows:#?}"
    );
    assert!(
        flows.contains(&"internet -> haproxy.haproxy : http".to_string()),
        "{flows:#?}"
    );
}

#[test]
fn every_guess_and_every_gap_is_reported() {
    let imported = infrac::import::import(&input("drawio/distributed.drawio")).expect("imports");
    let report = &imported.report;
    let guessed: Vec<&str> = report.guesses.iter().map(|e| e.reason.as_str()).collect();
    assert!(
        guessed
            .iter()
            .any(|r| r.contains("free target end") && r.contains("Server 2")),
        "{guessed:#?}"
    );
    assert!(
        guessed
            .iter()
            .any(|r| r.contains("free text attached to the nearest shape")),
        "{guessed:#?}"
    );
    let missing: Vec<String> = report
        .not_mapped
        .iter()
        .map(|e| format!("{}: {}", e.describe(), e.reason))
        .collect();
    assert!(
        missing
            .iter()
            .any(|m| m.contains("Coffee maker") && m.contains("unknown shape")),
        "{missing:#?}"
    );

    let aws = pages(input("drawio/two_pages.drawio")).remove(0);
    let imported = infrac::import::import(&aws).expect("imports");
    let missing: Vec<String> = imported
        .report
        .not_mapped
        .iter()
        .map(|e| e.reason.clone())
        .collect();
    assert!(
        missing.iter().any(|m| m.contains("availability zone")),
        "{missing:#?}"
    );
    assert!(
        missing.iter().any(|m| m.contains("object store")),
        "{missing:#?}"
    );
}

#[test]
fn library_shapes_map_to_kinds() {
    let two = pages(input("drawio/two_pages.drawio"));
    let aws = items(two[0].clone());
    for expected in [
        "load_balancer",
        "cluster auto_scaling_group",
        "firewall security_group",
        "certificate acm",
    ] {
        assert!(
            aws.iter().any(|i| i.starts_with(expected)),
            "{expected} in {aws:#?}"
        );
    }
    let edge = items(two[1].clone());
    for expected in [
        "web_server vps1.apache",
        "app_server vps1.php_fpm",
        "database vps1.mariadb",
        "service datadog",
        "firewall firewall",
    ] {
        assert!(
            edge.iter().any(|i| i.starts_with(expected)),
            "{expected} in {edge:#?}"
        );
    }
}

#[test]
fn terraform_modules_counts_and_references_are_resolved() {
    let items = items(terraform("terraform/three_tier"));
    for expected in [
        "server shop_alb",
        "server web_1",
        "server web_2",
        "server shop_app_1",
        "server shop_app_2",
        "cluster shop_app",
        "database replica.mysql",
        "certificate www",
        "record example.com.shop",
        "firewall db_sg",
    ] {
        assert!(
            items.iter().any(|i| i == expected),
            "{expected} in {items:#?}"
        );
    }
    let flows = flows(terraform("terraform/three_tier"));
    for expected in [
        "internet -> shop_alb.lb : https",
        "shop_alb.lb -> web_1.nginx : http",
        "web_1.nginx -> shop_app_1.gunicorn : http",
        "shop_app_2.gunicorn -> main.mysql : mysql",
    ] {
        assert!(
            flows.contains(&expected.to_string()),
            "{expected} in {flows:#?}"
        );
    }
    let imported = infrac::import::import(&terraform("terraform/three_tier")).expect("imports");
    let missing: Vec<String> = imported
        .report
        .not_mapped
        .iter()
        .map(|e| format!("{}: {}", e.describe(), e.reason))
        .collect();
    assert!(
        missing.iter().any(|m| m.starts_with("aws_iam_role ×2")),
        "{missing:#?}"
    );
    assert!(
        missing.iter().any(|m| m.contains("multi_az")),
        "{missing:#?}"
    );
}

#[test]
fn terraform_json_plans_and_states_map_like_hcl() {
    let flows = flows(input("terraform/json/terraform.tfstate"));
    assert!(
        flows.contains(&"front.lb -> web_b.nginx : http".to_string()),
        "{flows:#?}"
    );
    let flows = flows_of_plan();
    assert!(
        flows.contains(&"front.lb -> app_2.gunicorn : http".to_string()),
        "{flows:#?}"
    );
}

fn flows_of_plan() -> Vec<String> {
    flows(input("terraform/json/plan.json"))
}

#[test]
fn unresolvable_references_are_reported_not_guessed() {
    let mut sources = Sources::named("infra");
    sources.add(Source::new(
        "infra/main.tf",
        "resource \"aws_lb\" \"front\" {\n  name = \"front\"\n}\n\nresource \"aws_lb_listener\" \"x\" {\n  load_balancer_arn = var.lb\n  port = 80\n  protocol = \"HTTP\"\n}\n",
    ));
    let imported = infrac::import::import(&Input::new(sources, None)).expect("imports");
    let entry = imported
        .report
        .not_mapped
        .iter()
        .find(|e| e.element.id == "aws_lb_listener.x")
        .expect("the listener is reported");
    assert!(
        entry.reason.contains("unresolved reference"),
        "{}",
        entry.reason
    );
}

#[test]
fn check_points_findings_at_cells_and_resource_blocks() {
    let out = Test::new()
        .args(["check", "--format", "json"])
        .arg(fixture("drawio/distributed.drawio").to_str().unwrap())
        .run();
    assert_eq!(out.status, 1, "{}", out.stderr);
    let json: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON");
    let finding = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["component"] == "haproxy" && f["rule"] == "no-firewall")
        .expect("finding");
    assert_eq!(finding["origin"]["id"], "cell lb");
    assert!(
        finding["origin"]["label"]
            .as_str()
            .unwrap()
            .starts_with("HAProxy")
    );
    assert_eq!(finding["span"]["start"]["line"], 16);
    assert!(
        out.stderr.contains("imported"),
        "the import report is on stderr: {}",
        out.stderr
    );

    let out = Test::new()
        .args(["check", "--format", "json"])
        .arg(fixture("terraform/three_tier").to_str().unwrap())
        .run();
    let json: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON");
    let spof = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["component"] == "main.mysql" && f["rule"] == "single-point-of-failure")
        .expect("a SPOF on the database");
    assert_eq!(spof["origin"]["id"], "aws_db_instance.main");
    assert!(
        spof["file"]
            .as_str()
            .unwrap()
            .ends_with("three_tier/main.tf"),
        "{spof}"
    );
    assert_eq!(spof["span"]["start"]["line"], 90);

    let out = Test::new()
        .args(["check", "--format", "sarif"])
        .arg(fixture("terraform/three_tier").to_str().unwrap())
        .run();
    let sarif: serde_json::Value = serde_json::from_str(&out.stdout).expect("SARIF");
    let uris: Vec<&str> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].as_str())
        .collect();
    assert!(
        uris.iter().any(|u| u.ends_with("three_tier/main.tf")),
        "{uris:?}"
    );
    assert!(
        uris.iter().any(|u| u.ends_with("modules/app/main.tf")),
        "{uris:?}"
    );

    let out = Test::new()
        .args(["check", "--format", "github"])
        .arg(fixture("drawio/distributed.drawio").to_str().unwrap())
        .run();
    assert!(
        out.stdout.contains("distributed.drawio,line=16"),
        "{}",
        out.stdout
    );
}

#[test]
fn several_pages_are_several_designs() {
    let out = Test::new()
        .args(["check", "--format", "json"])
        .arg(fixture("drawio/two_pages.drawio").to_str().unwrap())
        .run();
    let json: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON");
    let files: Vec<&str> = json["files"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f.as_str())
        .collect();
    assert_eq!(files.len(), 2, "{files:?}");
    assert!(
        files[0].ends_with("two_pages.drawio#AWS") && files[1].ends_with("two_pages.drawio#Edge"),
        "{files:?}"
    );
    let test = Test::new();
    let dir = test.path().join("out");
    let out = test
        .args(["render"])
        .arg(fixture("drawio/two_pages.drawio").to_str().unwrap())
        .arg("-o")
        .arg(dir.to_str().unwrap())
        .run();
    assert_eq!(out.status, 0, "{}", out.stderr);
    assert!(
        out.dir.join("out/two_pages-aws.svg").is_file()
            && out.dir.join("out/two_pages-edge.svg").is_file()
    );
}

#[test]
fn nothing_recognisable_is_an_error_that_says_what_was_there() {
    // A design that does not compile is part of check's report, on standard output.
    let out = Test::new()
        .args(["check"])
        .arg(fixture("drawio/nothing.drawio").to_str().unwrap())
        .run();
    assert_eq!(out.status, 2, "{}", out.stderr);
    assert!(
        out.stdout
            .contains("nothing in this draw.io input maps to a design"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("2 shapes and 1 edge") && out.stdout.contains("Coffee maker"),
        "{}",
        out.stdout
    );
    let out = Test::new()
        .write("x.tf", "resource \"aws_instance\" \"x\" {\n  ami = \n}\n")
        .args(["check", "x.tf"])
        .run();
    assert_eq!(out.status, 2, "{}", out.stderr);
    assert!(
        out.stdout.contains("not valid HCL") && out.stdout.contains("x.tf:"),
        "{}",
        out.stdout
    );
    let out = Test::new()
        .write(
            "a.drawio",
            "<mxfile><diagram>bm90IGRlZmxhdGU=</diagram></mxfile>",
        )
        .args(["check", "a.drawio"])
        .run();
    assert_eq!(out.status, 2, "{}", out.stderr);
}

#[test]
fn from_overrides_the_content() {
    let out = Test::new()
        .write("design.txt", "<mxGraphModel><root/></mxGraphModel>")
        .args(["check", "--from", "infra", "design.txt"])
        .run();
    assert_eq!(
        out.status, 2,
        "read as .infra, it is a syntax error: {}",
        out.stderr
    );
    assert!(!out.stderr.contains("draw.io"), "{}", out.stderr);
}

/// `infrac import` writes `.infra` that compiles to the same design, is formatted, and
/// names where every item came from.
#[test]
fn import_writes_formatted_infra_naming_each_origin() {
    for (path, snapshot) in [
        ("drawio/distributed.drawio", "distributed"),
        ("drawio/network.drawio.png", "network_png"),
        ("terraform/three_tier", "three_tier"),
        ("terraform/json/terraform.tfstate", "tfstate"),
    ] {
        let out = Test::new()
            .args(["import"])
            .arg(fixture(path).to_str().unwrap())
            .run();
        assert_eq!(out.status, 0, "{path}: {}", out.stderr);
        let text = out.stdout.replace(&root().display().to_string(), "");
        let file = infrac::syntax::parse(&out.stdout)
            .unwrap_or_else(|e| panic!("{path}: {e:?}\n{}", out.stdout));
        assert_eq!(
            infrac::syntax::format(&out.stdout, &file),
            out.stdout,
            "{path}: a fixed point of fmt"
        );
        let imported = if path.starts_with("terraform/three") {
            terraform(path)
        } else {
            input(path)
        };
        assert_eq!(
            model(Source::new("x.infra", out.stdout.clone())),
            model(imported),
            "{path}: the same design"
        );
        assert!(text.contains("# from "), "{path}: origins named");
        insta::with_settings!({ snapshot_path => "../snapshots/import", prepend_module_to_snapshot => false }, {
            insta::assert_snapshot!(snapshot, text);
        });
    }
}

#[test]
fn render_drawio_round_trips_every_example() {
    for path in common::examples().into_iter().chain(walk_lint()) {
        let text = std::fs::read_to_string(&path).expect("read");
        let source = Source::new(path.display().to_string(), text);
        let checked =
            infrac::check(&source, &infrac::lint::Config::default()).expect("example compiles");
        let diagram = checked.diagram(
            "x",
            infrac::render::Options {
                expand: true,
                ..Default::default()
            },
        );
        let drawio = infrac::render::export::drawio::drawio(&checked.design, &diagram);
        assert_eq!(
            model(Source::new("x.drawio", drawio)),
            model(&source),
            "{}",
            path.display()
        );
    }
}

fn walk_lint() -> Vec<std::path::PathBuf> {
    let mut out: Vec<_> = std::fs::read_dir(root().join("tests/lint"))
        .expect("lint fixtures")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "infra"))
        .collect();
    out.sort();
    out
}

#[test]
fn shapes_added_in_drawio_land_on_the_exported_design() {
    let source = Source::new(
        "x.infra",
        "server web { web_server nginx {} }\ninternet -> web : http\n",
    );
    let checked = infrac::check(&source, &infrac::lint::Config::default()).expect("compiles");
    let diagram = checked.diagram(
        "x",
        infrac::render::Options {
            expand: true,
            ..Default::default()
        },
    );
    let drawio = infrac::render::export::drawio::drawio(&checked.design, &diagram);
    // A student draws a MySQL cylinder inside the server box, and an arrow to it.
    let server = checked.design.find("web").expect("web");
    let nginx = checked.design.find("web.nginx").expect("nginx");
    let added = format!(
        "<mxCell id=\"db\" value=\"MySQL\" style=\"shape=cylinder3;\" vertex=\"1\" parent=\"n{}\"><mxGeometry x=\"10\" y=\"80\" width=\"60\" height=\"40\" as=\"geometry\"/></mxCell>\
         <mxCell id=\"e\" value=\"\" edge=\"1\" parent=\"1\" source=\"n{}\" target=\"db\"><mxGeometry relative=\"1\" as=\"geometry\"/></mxCell></root>",
        server.index(),
        nginx.index()
    );
    let edited = drawio.replacen("</root>", &added, 1);
    let flows = flows(Source::new("x.drawio", edited.clone()));
    assert!(
        flows.contains(&"web.nginx -> web.mysql : mysql".to_string()),
        "{flows:#?}\n{edited}"
    );
}

mod property {
    use super::*;
    use proptest::prelude::*;

    /// A random design: tiers of servers with components, flows down the tiers,
    /// replication, a cluster, a firewall with rules, a certificate, a domain.
    fn design() -> impl Strategy<Value = String> {
        (1usize..4, 1usize..4, 0usize..3, any::<bool>(), any::<bool>(), 0u8..3, "[a-z]{1,8}")
            .prop_map(|(lbs, webs, dbs, tls, cluster, rules, label)| {
                let mut out = format!("title = \"Design {label}\"\n");
                out.push_str(&format!("certificate cert {{ domains = [\"www.{label}.com\"], issuer = \"Let's Encrypt\", expires = 2030-01-01 }}\n"));
                out.push_str(&format!("domain {label}.com {{ record www {{ type = A, value = lb1 }} }}\n"));
                for i in 1..=lbs {
                    let tls = if tls { ", tls = cert" } else { "" };
                    out.push_str(&format!("server lb{i} {{ ip = 10.0.0.{i}\n load_balancer haproxy {{ algorithm = round_robin, health_check = \"/health\"{tls} }} }}\n"));
                }
                for i in 1..=webs {
                    out.push_str(&format!("server web{i} \"Web {i}\" {{ web_server nginx {{ software = nginx, capacity_qps = 1.5 }}\n app_server app {{ runtime = gunicorn, code = \"shop\" }}\n monitoring_agent agent {{ vendor = \"Sumo Logic\", metrics = [qps, cpu], interval = 30s }} }}\n"));
                }
                for i in 1..=dbs {
                    let role = if i == 1 { "role = primary".to_string() } else { "role = replica, replica_of = db1.mysql".to_string() };
                    out.push_str(&format!("server db{i} {{ database mysql {{ engine = mysql, {role} }} }}\n"));
                }
                if cluster && lbs >= 2 {
                    out.push_str("cluster lbs { members = [lb1, lb2], mode = active_passive, vip = 8.8.8.8 }\n");
                }
                out.push_str("service sumo { label = \"Sumo Logic\", external = true }\n");
                out.push_str("firewall fw { protects = [web1], default = deny\n");
                for r in 0..rules {
                    out.push_str(if r == 0 { " allow { proto = http, from = [lb1] }\n" } else { " allow { port = [22, 443], from = 10.0.0.0/8 }\n" });
                }
                out.push_str("}\n");
                let proto = if tls { "https" } else { "http" };
                out.push_str(&format!("internet -> lb1 : {proto}\n"));
                for i in 1..=lbs {
                    for w in 1..=webs {
                        out.push_str(&format!("lb{i} -> web{w}.nginx : http/8080 {{ label = \"to web\" }}\n"));
                    }
                }
                for w in 1..=webs {
                    out.push_str(&format!("web{w}.nginx -> web{w}.app : http\nweb{w}.agent -> sumo : https\n"));
                    for d in 1..=dbs {
                        let access = if d > 1 { " { access = read }" } else { "" };
                        out.push_str(&format!("web{w}.app -> db{d}.mysql : mysql{access}\n"));
                    }
                }
                out
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]
        #[test]
        fn random_designs_survive_the_drawio_round_trip(text in design()) {
            let source = Source::new("r.infra", text.clone());
            let checked = infrac::check(&source, &infrac::lint::Config::default());
            prop_assume!(checked.is_ok());
            let checked = checked.expect("checked");
            let diagram = checked.diagram("r", infrac::render::Options { expand: true, ..Default::default() });
            let drawio = infrac::render::export::drawio::drawio(&checked.design, &diagram);
            prop_assert_eq!(model(Source::new("r.drawio", drawio)), model(&source), "{}", text);
        }
    }
}

/// Inputs built to blow up: each ends (with an error or a report), none hangs or panics.
#[test]
fn hostile_inputs_end() {
    let hcl = |text: &str| {
        let mut sources = Sources::named("x");
        sources.add(Source::new("x/main.tf", text));
        Input::new(sources, None)
    };
    for text in [
        // Nested `for` over large ranges: bounded by the evaluation budget.
        "locals { big = [for a in range(100000) : [for b in range(100000) : b]] }\nresource \"aws_instance\" \"x\" { count = length(local.big) }\n",
        // A module that calls itself, counted.
        "module \"me\" {\n  source = \"./\"\n  count = 50\n}\nresource \"aws_instance\" \"x\" { count = 1000 }\n",
        // Locals that refer to each other.
        "locals {\n  a = local.b\n  b = local.a\n}\nresource \"aws_instance\" \"x\" { count = local.a }\n",
        "resource \"aws_instance\" \"x\" { count = 1e12 }\n",
    ] {
        let _ = infrac::import::import(&hcl(text));
    }
    let deep = format!("{}{}", "{\"a\":".repeat(5000), "}".repeat(5000));
    let _ = infrac::compile(Input::new(
        Sources::one(Source::new("x.json", deep)),
        Some(Format::TerraformJson),
    ));
    let many = format!(
        "<mxGraphModel><root><mxCell id=\"0\"/><mxCell id=\"1\" parent=\"0\"/>{}</root></mxGraphModel>",
        (0..12_000)
            .map(|i| format!("<mxCell id=\"c{i}\" value=\"nginx\" vertex=\"1\" parent=\"1\"/>"))
            .collect::<String>()
    );
    assert!(
        infrac::compile(Source::new("x.drawio", many)).is_err(),
        "too many cells is an error"
    );
    let bomb = {
        use std::io::Write;
        let mut z = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::best());
        z.write_all(&vec![b'a'; 200 << 20]).expect("in memory");
        use base64::Engine as _;
        base64::engine::general_purpose::STANDARD.encode(z.finish().expect("in memory"))
    };
    let text = format!("<mxfile><diagram>{bomb}</diagram></mxfile>");
    assert!(
        infrac::compile(Source::new("bomb.drawio", text)).is_err(),
        "a deflate bomb is cut and rejected"
    );
}
