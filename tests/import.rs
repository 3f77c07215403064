//! Importing what people already have: draw.io diagrams in every encoding and shape
//! style, Terraform as HCL and as JSON — through the library and the real binary.

mod common;

use common::imported::{
    assert_all, assert_line, flows, guesses, items, model, node, not_mapped, report,
};
use common::{Test, root};
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
    let replica = node(&model(input("drawio/distributed.drawio")), "server_2.mysql");
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

/// An instance icon inside an auto scaling group says nothing of what runs on it; traffic
/// into the group is traffic into an app server on each member, guessed and reported —
/// never a design that fails with "nothing receives http".
#[test]
fn a_server_that_receives_traffic_and_runs_nothing_gets_a_guessed_component() {
    let fixture = input("drawio/asg_attachment.drawio");
    let flows = flows(fixture.clone());
    assert!(
        flows.contains(&"shop_elb -> auto_scaling_group : http".to_string()),
        "{flows:#?}"
    );
    assert!(
        flows.contains(&"shop_vm.app -> shop_db : mysql".to_string()),
        "{flows:#?}"
    );
    assert_line(
        &guesses(&report(&fixture)),
        &["runs nothing drawn: an application server assumed"],
    );
}

#[test]
fn every_guess_and_every_gap_is_reported() {
    let distributed = report(&input("drawio/distributed.drawio"));
    let guessed = guesses(&distributed);
    assert_line(&guessed, &["free target end", "Server 2"]);
    assert_line(&guessed, &["free text attached to the nearest shape"]);
    assert_line(
        &not_mapped(&distributed),
        &["Coffee maker", "unknown shape"],
    );
    // The S3 icon is AWS's object store now, not a gap.
    let aws = pages(input("drawio/two_pages.drawio")).remove(0);
    assert_line(
        &not_mapped(&report(&aws)),
        &["AWS Cloud", "account boundary"],
    );
    assert!(items(aws).iter().any(|i| i == "object_store static_assets"));
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
    assert_all(
        &items(terraform("terraform/three_tier")),
        &[
            "load_balancer shop_alb",
            "server web_1",
            "server web_2",
            // The auto scaling group is one instance group.
            "server shop_app",
            // RDS instances are named by their `identifier`.
            "database shop_db",
            "database shop_db_replica",
            "object_store shop_assets",
            "certificate www",
            "record example.com.shop",
            "firewall db_sg",
        ],
    );
    assert_all(
        &flows(terraform("terraform/three_tier")),
        &[
            "internet -> shop_alb : https",
            "shop_alb -> web_1.nginx : http",
            "web_1.nginx -> shop_app.gunicorn : http",
            "shop_app.gunicorn -> shop_db : mysql",
        ],
    );
    let report = report(&terraform("terraform/three_tier"));
    assert_eq!(
        report.skipped_line().as_deref(),
        // The subnets say no availability zone: nothing of them is in the design.
        Some(
            "4 resources that hold no topology (permissions, keys, logs, settings): aws_iam_role ×2, aws_subnet ×2"
        )
    );
    assert!(
        !not_mapped(&report)
            .iter()
            .any(|m| m.contains("aws_iam_role")),
        "{report:#?}"
    );
}

/// `infrac import envs/site` reads the modules it calls wherever they are (`../app`,
/// and from there `./../db`), as Terraform does, and the directory given is the root
/// even where a called module's directory is as shallow and sorts first.
#[test]
fn local_modules_outside_the_given_directory_are_read() {
    let out = Test::new()
        .args(["import"])
        .arg(fixture("terraform/outside/site").to_str().unwrap())
        .run();
    assert_eq!(out.status, 0, "{}", out.stderr);
    assert!(!out.stderr.contains("has no .tf files"), "{}", out.stderr);
    for line in [
        "internet -> shop_front : http",
        "shop_front -> shop_web_0.nginx : http/8080",
        "shop_front -> shop_web_1.nginx : http/8080",
        "database shop_db {",
        "# from module.app.module.db.aws_db_instance.main",
    ] {
        assert!(out.stdout.contains(line), "{line}\n{}", out.stdout);
    }
    // The same sources named by the directory given: that is the root, not `app`.
    let mut sources = Sources::named("outside/site");
    for (name, file) in [
        ("outside/app/main.tf", "terraform/outside/app/main.tf"),
        ("outside/db/main.tf", "terraform/outside/db/main.tf"),
        ("outside/site/main.tf", "terraform/outside/site/main.tf"),
    ] {
        let text = std::fs::read_to_string(fixture(file)).expect("fixture");
        sources.add(Source::new(name, text));
    }
    let flows = flows(Input::new(sources, None));
    assert!(
        flows.contains(&"shop_front -> shop_web_1.nginx : http".to_string()),
        "{flows:#?}"
    );
}

/// Classic ELBs reach their backends every way Terraform attaches them: `instances`,
/// `aws_elb_attachment`, an auto scaling group's `load_balancers`, and
/// `aws_autoscaling_attachment` with `elb`; target groups by attachment too.
#[test]
fn every_kind_of_attachment_sends_traffic() {
    let hcl = |text: &str| {
        let mut sources = Sources::named("x");
        sources.add(Source::new("x/main.tf", text));
        Input::new(sources, None)
    };
    let elb = "resource \"aws_elb\" \"lb\" {\n  listener {\n    lb_port = 80\n    lb_protocol = \"http\"\n    instance_port = 80\n    instance_protocol = \"http\"\n  }\n}\n";
    let instance = "resource \"aws_instance\" \"web\" {\n  user_data = \"nginx\"\n}\n";
    let group = "resource \"aws_launch_template\" \"t\" {\n  user_data = \"nginx\"\n}\nresource \"aws_autoscaling_group\" \"g\" {\n  min_size = 1\n  launch_template {\n    id = aws_launch_template.t.id\n  }\n";
    for (what, text, to) in [
        (
            "instances",
            format!("{elb}{instance}").replace(
                "instance_protocol = \"http\"\n  }",
                "instance_protocol = \"http\"\n  }\n  instances = [aws_instance.web.id]",
            ),
            "web.nginx",
        ),
        (
            "aws_elb_attachment",
            format!(
                "{elb}{instance}resource \"aws_elb_attachment\" \"a\" {{\n  elb = aws_elb.lb.id\n  instance = aws_instance.web.id\n}}\n"
            ),
            "web.nginx",
        ),
        (
            "load_balancers",
            format!("{elb}{group}  load_balancers = [aws_elb.lb.name]\n}}\n"),
            "g.nginx",
        ),
        (
            "aws_autoscaling_attachment",
            format!(
                "{elb}{group}}}\nresource \"aws_autoscaling_attachment\" \"a\" {{\n  autoscaling_group_name = aws_autoscaling_group.g.id\n  elb = aws_elb.lb.id\n}}\n"
            ),
            "g.nginx",
        ),
        (
            "aws_lb_target_group_attachment",
            format!(
                "resource \"aws_lb\" \"lb\" {{}}\nresource \"aws_lb_target_group\" \"tg\" {{\n  port = 80\n  protocol = \"HTTP\"\n}}\nresource \"aws_lb_listener\" \"l\" {{\n  load_balancer_arn = aws_lb.lb.arn\n  port = 80\n  protocol = \"HTTP\"\n  default_action {{\n    type = \"forward\"\n    target_group_arn = aws_lb_target_group.tg.arn\n  }}\n}}\n{instance}resource \"aws_lb_target_group_attachment\" \"a\" {{\n  target_group_arn = aws_lb_target_group.tg.arn\n  target_id = aws_instance.web.id\n}}\n"
            ),
            "web.nginx",
        ),
    ] {
        let flows = flows(hcl(&text));
        assert!(
            flows
                .iter()
                .any(|f| f.starts_with("lb -> ") && f.contains(to)),
            "{what}: {flows:#?}\n{text}"
        );
        let missing = not_mapped(&report(&hcl(&text)));
        assert!(
            !missing.iter().any(|e| e.contains("not supported")),
            "{what}: {missing:#?}"
        );
    }
}

#[test]
fn terraform_json_plans_and_states_map_like_hcl() {
    let flows = flows(input("terraform/json/terraform.tfstate"));
    assert!(
        flows.contains(&"front -> web_b.nginx : http".to_string()),
        "{flows:#?}"
    );
    let flows = flows_of_plan();
    assert!(
        flows.contains(&"front -> app_2.gunicorn : http".to_string()),
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
    assert_line(
        &not_mapped(&report(&Input::new(sources, None))),
        &["aws_lb_listener.x: ", "unresolved reference"],
    );
}

/// AWS's managed services become the language's managed items: a load balancer over
/// its subnets' zones, an instance group, RDS Multi-AZ and Single-AZ, ElastiCache,
/// SQS, Amazon MQ, MSK, S3 (public by policy, private by a public access block) and
/// CloudFront in front of its origins, with Route 53 aliases onto the edge.
#[test]
fn terraform_managed_services_are_managed_items() {
    let services = terraform("terraform/services");
    assert_all(
        &items(services.clone()),
        &[
            "region eu-west-1",
            "zone eu-west-1.eu-west-1a",
            "zone eu-west-1.eu-west-1b",
            "load_balancer shop_alb",
            "load_balancer shop_nlb",
            "server shop_app",
            "server bastion",
            "database shop_orders",
            "database shop_reports",
            "cache shop_sessions",
            "cache shop_fragments",
            "queue shop_jobs",
            "queue shop_events",
            "queue shop_clicks",
            "object_store shop_assets",
            "object_store shop_uploads",
            "cdn cdn",
            "record shop.example.www",
        ],
    );
    assert_all(
        &flows(services.clone()),
        &[
            "internet -> cdn : https",
            "cdn -> shop_alb : https",
            "cdn -> shop_assets : https",
            "internet -> shop_alb : https",
            "internet -> shop_nlb : tcp",
            "shop_nlb -> shop_app.nginx : http",
            "shop_alb -> shop_app.nginx : http",
            "shop_app.app -> shop_orders : postgres",
            "shop_app.app -> shop_sessions : redis",
            "shop_app.app -> shop_events : amqps",
            "shop_app.app -> shop_clicks : kafka",
        ],
    );
    let json = model(services.clone());
    let attributes = |path: &str| node(&json, path)["attributes"].clone();
    let zones =
        serde_json::json!([{ "ref": "eu-west-1.eu-west-1a" }, { "ref": "eu-west-1.eu-west-1b" }]);
    assert_eq!(attributes("shop_alb")["managed"], true);
    assert_eq!(attributes("shop_alb")["zones"], zones);
    assert_eq!(
        attributes("shop_nlb")["zone"]["ref"],
        "eu-west-1.eu-west-1a"
    );
    assert_eq!(attributes("shop_orders")["zones"], zones, "Multi-AZ");
    assert_eq!(
        attributes("shop_reports")["zone"]["ref"],
        "eu-west-1.eu-west-1b"
    );
    assert_eq!(attributes("shop_sessions")["zones"], zones);
    assert_eq!(attributes("shop_events")["zones"], zones);
    assert_eq!(attributes("bastion")["zone"]["ref"], "eu-west-1.eu-west-1b");
    let app = attributes("shop_app");
    assert_eq!(
        (&app["min"], &app["max"], &app["desired"]),
        (&2.into(), &6.into(), &3.into())
    );
    assert_eq!(app["zones"], zones);
    assert_eq!(
        attributes("shop_assets")["public"],
        true,
        "a policy for principal *"
    );
    assert_eq!(
        attributes("shop_uploads")["public"],
        false,
        "the public access block wins"
    );
    assert_eq!(attributes("shop.example.www")["value"]["ref"], "cdn");
    assert_eq!(attributes("shop.example.api")["value"]["ref"], "shop_alb");
    let report = report(&services);
    assert_eq!(
        report.skipped_line().as_deref(),
        Some(
            "8 resources that hold no topology (permissions, keys, logs, settings): \
             aws_cloudwatch_log_group ×1, aws_iam_role ×1, aws_iam_role_policy_attachment ×1, \
             aws_kms_key ×1, aws_ssm_parameter ×1, aws_vpc ×1, null_resource ×1, random_id ×1"
        )
    );
    let missing = not_mapped(&report);
    assert_line(&missing, &["aws_sns_topic.alerts", "notification topic"]);
    assert!(
        !missing.iter().any(|m| m.contains("not supported")),
        "{missing:#?}"
    );
}

/// One mapping for every way Terraform is read: the state of a configuration maps as
/// its HCL does, zones and managed services alike.
/// A machine named a bastion (jump) host runs nothing of the design: guessing an app
/// server on it made a false "no flow reaches `bastion.app`". Its SSH exposure is still
/// judged by its security group.
#[test]
fn terraform_bastion_hosts_run_nothing() {
    let mut sources = Sources::named("x");
    sources.add(Source::new(
        "x/main.tf",
        "resource \"aws_instance\" \"bastion\" {\n  ami = \"ami-1\"\n}\n\
         resource \"aws_instance\" \"api\" {\n  ami = \"ami-2\"\n}\n",
    ));
    let input = Input::new(sources, None);
    let items = items(input.clone());
    assert!(items.contains(&"server bastion".to_string()), "{items:#?}");
    assert!(
        !items.iter().any(|i| i.contains("bastion.")),
        "nothing runs on the bastion: {items:#?}"
    );
    assert!(
        items.iter().any(|i| i.starts_with("app_server api.")),
        "{items:#?}"
    );
    assert_line(
        &guesses(&report(&input)),
        &["aws_instance.bastion", "bastion (jump) host"],
    );
}

#[test]
fn terraform_state_maps_managed_services_like_hcl() {
    let state = input("terraform/json/services.tfstate");
    assert_eq!(state.format(), Format::TerraformJson);
    assert_all(
        &items(state.clone()),
        &[
            "zone eu-west-1.eu-west-1a",
            "zone eu-west-1.eu-west-1b",
            "load_balancer shop_alb",
            "server shop_app",
            "database shop_orders",
            "cache shop_sessions",
            "cdn cdn",
        ],
    );
    assert_all(
        &flows(state.clone()),
        &[
            "internet -> cdn : https",
            "cdn -> shop_alb : https",
            "shop_alb -> shop_app.nginx : http",
        ],
    );
    let json = model(state);
    let zones =
        serde_json::json!([{ "ref": "eu-west-1.eu-west-1a" }, { "ref": "eu-west-1.eu-west-1b" }]);
    assert_eq!(node(&json, "shop_alb")["attributes"]["zones"], zones);
    assert_eq!(node(&json, "shop_orders")["attributes"]["zones"], zones);
    assert_eq!(node(&json, "shop_app")["attributes"]["zones"], zones);
    assert_eq!(
        node(&json, "shop.example.www")["attributes"]["value"]["ref"],
        "cdn"
    );
}

/// Through the CLI: the import report names the guesses once and counts the resources
/// that hold no topology in one line; `check` judges the managed design (a Multi-AZ
/// database is no single point of failure, a single-AZ one is).
#[test]
fn the_cli_reports_managed_services_and_judges_them() {
    let out = Test::new()
        .args(["import"])
        .arg(fixture("terraform/services").to_str().unwrap())
        .run();
    assert_eq!(out.status, 0, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("  left out   8 resources that hold no topology"),
        "{}",
        out.stderr
    );
    assert_eq!(
        out.stderr.matches("aws_iam_role").count(),
        2,
        "one line names them (aws_iam_role and its attachment): {}",
        out.stderr
    );
    for line in [
        "region eu-west-1 {",
        "zone eu-west-1a {}",
        "load_balancer shop_alb {",
        "managed  = true",
        "database shop_orders {",
        "cdn cdn {",
    ] {
        assert!(out.stdout.contains(line), "{line}\n{}", out.stdout);
    }
    let json = Test::new()
        .args(["check", "--format", "json"])
        .arg(fixture("terraform/services").to_str().unwrap())
        .run()
        .json();
    let rules_on = |component: &str| -> Vec<String> {
        json["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .filter(|f| f["component"] == component)
            .map(|f| f["rule"].as_str().unwrap_or("").to_string())
            .collect()
    };
    assert!(
        !rules_on("shop_orders").contains(&"single-point-of-failure".to_string()),
        "{:#?}",
        rules_on("shop_orders")
    );
    assert!(
        rules_on("shop_assets").contains(&"public-object-store".to_string()),
        "{:#?}",
        rules_on("shop_assets")
    );
}

/// draw.io's AWS groups: availability zone frames (the plain dashed box and the
/// `group_availability_zone` icon) are zones, a region frame holds them, and the
/// subnets — drawn with the security group's icon — are not security groups: the
/// servers in them run in the zone the subnet sits in.
#[test]
fn drawio_availability_zones_are_zones() {
    let page = input("drawio/aws_zones.drawio");
    let items = items(page.clone());
    assert_all(
        &items,
        &[
            "region us-east-1",
            "zone us-east-1.az_a",
            "zone us-east-1.us-east-1b",
        ],
    );
    assert!(
        !items.iter().any(|i| i.starts_with("firewall")),
        "subnets are not security groups: {items:#?}"
    );
    let json = model(page.clone());
    let zone = |path: &str| node(&json, path)["attributes"]["zone"]["ref"].clone();
    assert_eq!(zone("web1_nginx"), "us-east-1.az_a");
    assert_eq!(zone("web2_nginx"), "us-east-1.us-east-1b");
    assert_eq!(zone("mysql_primary"), "us-east-1.az_a");
    assert_eq!(zone("mysql_replica"), "us-east-1.us-east-1b");
    let missing = not_mapped(&report(&page));
    assert!(
        !missing.iter().any(|m| m.contains("security group")),
        "{missing:#?}"
    );
    let out = Test::new()
        .args(["whatif", "--fail", "zone:az_a"])
        .arg(fixture("drawio/aws_zones.drawio").to_str().unwrap())
        .run();
    assert!(
        out.stdout.contains("web1"),
        "{}\n{}",
        out.stdout,
        out.stderr
    );
}

/// Two frames side by side, both labelled "Availability Zone" (as draw.io's plain
/// frames often are), are two zones: merged into one, every server would seem to run in
/// the same zone and the import would invent a single-zone finding.
#[test]
fn drawio_zone_frames_with_one_label_are_distinct_zones() {
    let zone = |id: &str, x: u32| {
        format!(
            "<mxCell id=\"{id}\" value=\"Availability Zone\" style=\"fillColor=none;dashed=1;verticalAlign=top;\" vertex=\"1\" parent=\"1\"><mxGeometry x=\"{x}\" y=\"0\" width=\"300\" height=\"300\" as=\"geometry\"/></mxCell>"
        )
    };
    let web = |id: &str, x: u32| {
        format!(
            "<mxCell id=\"{id}\" value=\"nginx\" style=\"rounded=0;\" vertex=\"1\" parent=\"1\"><mxGeometry x=\"{x}\" y=\"100\" width=\"80\" height=\"40\" as=\"geometry\"/></mxCell>"
        )
    };
    let page = format!(
        "<mxGraphModel><root><mxCell id=\"0\"/><mxCell id=\"1\" parent=\"0\"/>{}{}{}{}</root></mxGraphModel>",
        zone("a", 0),
        zone("b", 400),
        web("w1", 100),
        web("w2", 500),
    );
    let zones: Vec<String> = items(Source::new("zones.drawio", page.clone()))
        .into_iter()
        .filter(|i| i.starts_with("zone "))
        .collect();
    assert_eq!(zones.len(), 2, "{zones:?}");
    let json = model(Source::new("zones.drawio", page));
    let placed: Vec<String> = json["nodes"]
        .as_array()
        .expect("nodes")
        .iter()
        .filter_map(|n| n["attributes"]["zone"]["ref"].as_str().map(str::to_string))
        .collect();
    assert_eq!(placed.len(), 2, "{placed:?}");
    assert_ne!(placed[0], placed[1], "each server in its own frame's zone");
}

#[test]
fn check_points_findings_at_cells_and_resource_blocks() {
    let out = Test::new()
        .args(["check", "--format", "json"])
        .arg(fixture("drawio/distributed.drawio").to_str().unwrap())
        .run();
    assert_eq!(out.status, 1, "{}", out.stderr);
    let json = out.json();
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
    let json = out.json();
    let finding = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["component"] == "shop_alb" && f["rule"] == "plaintext-behind-tls-termination")
        .expect("plain text behind the load balancer's TLS");
    assert_eq!(finding["origin"]["id"], "aws_lb.front");
    assert!(
        finding["file"]
            .as_str()
            .unwrap()
            .ends_with("three_tier/main.tf"),
        "{finding}"
    );
    assert_eq!(finding["span"]["start"]["line"], 6);

    let out = Test::new()
        .args(["check", "--format", "sarif"])
        .arg(fixture("terraform/three_tier").to_str().unwrap())
        .run();
    let sarif = out.json();
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
    let json = out.json();
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
        ("terraform/services", "services"),
        ("drawio/aws_zones.drawio", "aws_zones"),
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
        let imported = if path.starts_with("terraform/three") || path == "terraform/services" {
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

    /// Shape styles people draw with: AWS icons and groups, network symbols, plain
    /// shapes, text.
    const STYLES: &[&str] = &[
        "sketch=0;outlineConnect=0;shape=mxgraph.aws4.resourceIcon;resIcon=mxgraph.aws4.ec2;",
        "outlineConnect=0;shape=mxgraph.aws4.instance2;",
        "shape=mxgraph.aws4.resourceIcon;resIcon=mxgraph.aws4.elastic_load_balancing;",
        "shape=mxgraph.aws4.resourceIcon;resIcon=mxgraph.aws4.rds;",
        "shape=mxgraph.aws4.resourceIcon;resIcon=mxgraph.aws4.elasticache;",
        "shape=mxgraph.aws4.resourceIcon;resIcon=mxgraph.aws4.route_53;",
        "shape=mxgraph.aws4.resourceIcon;resIcon=mxgraph.aws4.cloudwatch;",
        "shape=mxgraph.aws4.resourceIcon;resIcon=mxgraph.aws4.simple_storage_service;",
        "shape=mxgraph.aws4.group;grIcon=mxgraph.aws4.group_auto_scaling_group;container=1;",
        "shape=mxgraph.aws4.group;grIcon=mxgraph.aws4.group_security_group;container=1;",
        "shape=mxgraph.aws4.group;grIcon=mxgraph.aws4.group_vpc;container=1;",
        "shape=mxgraph.aws4.groupCenter;grIcon=mxgraph.aws4.group_availability_zone;container=1;",
        "fillColor=none;strokeColor=#147EBA;dashed=1;verticalAlign=top;fontStyle=0;fontColor=#147EBA;",
        "shape=mxgraph.aws4.group;grIcon=mxgraph.aws4.group_region;container=1;dashed=1;",
        "shape=mxgraph.aws4.group;grIcon=mxgraph.aws4.group_security_group;grStroke=0;fillColor=#E9F3E6;container=1;",
        "shape=mxgraph.aws4.group;grIcon=mxgraph.aws4.group_subnet;container=1;",
        "shape=mxgraph.aws3.ec2;",
        "shape=mxgraph.cisco.servers.fileserver;",
        "shape=mxgraph.cisco.security.firewall;",
        "shape=mxgraph.networks.firewall;",
        "shape=cylinder3;whiteSpace=wrap;",
        "rounded=0;whiteSpace=wrap;html=1;",
        "rounded=1;whiteSpace=wrap;html=1;container=1;",
        "ellipse;whiteSpace=wrap;",
        "shape=umlActor;",
        "text;html=1;",
        "swimlane;",
        "group",
    ];

    const LABELS: &[&str] = &[
        "",
        "nginx",
        "web server",
        "app",
        "gunicorn",
        "mysql",
        "MySQL primary",
        "replica",
        "postgres",
        "load balancer",
        "laod balancer",
        "haproxy",
        "HAProxy cluster",
        "firewall",
        "SSL certificate",
        "www.shop.com",
        "users",
        "internet",
        "Auto Scaling group",
        "webapp-vm",
        "web1 10.0.0.1",
        "monitoring",
        "Datadog",
        "Sumo Logic",
        "redis",
        "bucket",
        "node",
        "&lt;b&gt;api&lt;/b&gt;",
        "cluster",
        "security group",
        "DNS",
        "Availability Zone A",
        "us-east-1a",
        "AZ 2",
        "Public subnet",
        "Region us-west-2",
        "europe-west1-b",
    ];

    const EDGE_LABELS: &[&str] = &[
        "",
        "http",
        "https",
        "HTTPS 443",
        "mysql",
        ":3306",
        "ssh",
        "attachment",
        "8080",
        "replication",
        "read",
        "metrics",
        "tcp/9000",
        "redis",
        "postgres",
        "dns",
        "grpc",
    ];

    /// A random draw.io page: shapes of random styles and labels, some inside others,
    /// edges between random shapes (some with a free end), random labels on all.
    fn diagram() -> impl Strategy<Value = String> {
        let shape = (
            0..STYLES.len(),
            0..LABELS.len(),
            0usize..8,
            (0u16..800, 0u16..600, 20u16..400, 20u16..300),
        );
        let edge = (0usize..10, 0usize..10, 0..EDGE_LABELS.len(), any::<bool>());
        (prop::collection::vec(shape, 1..9), prop::collection::vec(edge, 0..9)).prop_map(
            |(shapes, edges)| {
                let mut out = String::from("<mxGraphModel><root><mxCell id=\"0\"/><mxCell id=\"1\" parent=\"0\"/>");
                for (i, (style, label, parent, (x, y, w, h))) in shapes.iter().enumerate() {
                    // A parent drawn earlier, or the page.
                    let parent = if *parent < i && parent % 2 == 0 { format!("s{parent}") } else { "1".to_string() };
                    out.push_str(&format!(
                        "<mxCell id=\"s{i}\" value=\"{}\" style=\"{}\" vertex=\"1\" parent=\"{parent}\"><mxGeometry x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"{h}\" as=\"geometry\"/></mxCell>",
                        LABELS[*label], STYLES[*style]
                    ));
                }
                for (i, (from, to, label, free)) in edges.iter().enumerate() {
                    let end = |n: usize, side: &str| {
                        if n < shapes.len() { format!(" {side}=\"s{n}\"") } else { String::new() }
                    };
                    let point = if *free { "<mxPoint x=\"100\" y=\"100\" as=\"targetPoint\"/>" } else { "" };
                    out.push_str(&format!(
                        "<mxCell id=\"e{i}\" value=\"{}\" style=\"edgeStyle=orthogonalEdgeStyle;\" edge=\"1\" parent=\"1\"{}{}><mxGeometry relative=\"1\" as=\"geometry\">{point}</mxGeometry></mxCell>",
                        EDGE_LABELS[*label], end(*from, "source"), end(*to, "target")
                    ));
                }
                out.push_str("</root></mxGraphModel>");
                out
            },
        )
    }

    /// Resource blocks a web configuration holds, referring to each other by the names
    /// `a` and `b` (which may or may not exist).
    const RESOURCES: &[&str] = &[
        "resource \"aws_instance\" \"{n}\" {\n  count = {c}\n  ami = \"ami-1\"\n  vpc_security_group_ids = [aws_security_group.a.id]\n}\n",
        "resource \"aws_lb\" \"{n}\" {\n  load_balancer_type = \"application\"\n  security_groups = [aws_security_group.b.id]\n}\n",
        "resource \"aws_lb_listener\" \"{n}\" {\n  load_balancer_arn = aws_lb.a.arn\n  port = 80\n  protocol = \"HTTP\"\n  default_action {\n    type = \"forward\"\n    target_group_arn = aws_lb_target_group.a.arn\n  }\n}\n",
        "resource \"aws_lb_target_group\" \"{n}\" {\n  port = 8080\n  protocol = \"HTTP\"\n}\n",
        "resource \"aws_lb_target_group_attachment\" \"{n}\" {\n  count = {c}\n  target_group_arn = aws_lb_target_group.a.arn\n  target_id = aws_instance.b[count.index].id\n}\n",
        "resource \"aws_autoscaling_group\" \"{n}\" {\n  min_size = {c}\n  max_size = 4\n  target_group_arns = [aws_lb_target_group.b.arn]\n  launch_template {\n    id = aws_launch_template.a.id\n  }\n}\n",
        "resource \"aws_launch_template\" \"{n}\" {\n  image_id = \"ami-1\"\n  user_data = \"apt-get install -y nginx\"\n}\n",
        "resource \"aws_db_instance\" \"{n}\" {\n  engine = \"postgres\"\n  multi_az = true\n  vpc_security_group_ids = [aws_security_group.b.id]\n}\n",
        "resource \"aws_elasticache_cluster\" \"{n}\" {\n  engine = \"redis\"\n  security_group_ids = [aws_security_group.a.id]\n}\n",
        "resource \"aws_security_group\" \"{n}\" {\n  ingress {\n    from_port = {p}\n    to_port = {p}\n    protocol = \"tcp\"\n    security_groups = [aws_security_group.b.id]\n  }\n  ingress {\n    from_port = 443\n    to_port = 443\n    protocol = \"tcp\"\n    cidr_blocks = [\"0.0.0.0/0\"]\n  }\n}\n",
        "resource \"aws_elb\" \"{n}\" {\n  instances = aws_instance.a[*].id\n  listener {\n    lb_port = 80\n    lb_protocol = \"http\"\n    instance_port = {p}\n    instance_protocol = \"http\"\n  }\n}\n",
        "resource \"aws_elb_attachment\" \"{n}\" {\n  elb = aws_elb.a.id\n  instance = aws_instance.b[0].id\n}\n",
        "resource \"aws_autoscaling_attachment\" \"{n}\" {\n  autoscaling_group_name = aws_autoscaling_group.a.id\n  lb_target_group_arn = aws_lb_target_group.b.arn\n}\n",
        "resource \"aws_route53_record\" \"{n}\" {\n  name = \"www.shop.com\"\n  type = \"A\"\n  alias {\n    name = aws_lb.a.dns_name\n    zone_id = aws_lb.a.zone_id\n  }\n}\n",
        "resource \"aws_ecs_service\" \"{n}\" {\n  desired_count = {c}\n  load_balancer {\n    target_group_arn = aws_lb_target_group.a.arn\n    container_port = {p}\n  }\n}\n",
        "resource \"aws_security_group_rule\" \"{n}\" {\n  type = \"ingress\"\n  from_port = {p}\n  to_port = {p}\n  protocol = \"tcp\"\n  security_group_id = aws_security_group.a.id\n  source_security_group_id = aws_security_group.b.id\n}\n",
        "resource \"aws_subnet\" \"{n}\" {\n  count = {c}\n  availability_zone = [\"us-east-1a\", \"us-east-1b\", \"zone-x\"][count.index]\n}\n",
        "resource \"aws_lb\" \"{n}\" {\n  load_balancer_type = \"network\"\n  subnets = aws_subnet.a[*].id\n}\n",
        "resource \"aws_db_subnet_group\" \"{n}\" {\n  subnet_ids = aws_subnet.b[*].id\n}\n",
        "resource \"aws_db_instance\" \"{n}\" {\n  identifier = \"orders\"\n  engine = \"mysql\"\n  multi_az = {b}\n  availability_zone = \"us-east-1a\"\n  db_subnet_group_name = aws_db_subnet_group.a.name\n  replicate_source_db = aws_db_instance.b.identifier\n}\n",
        "resource \"aws_elasticache_replication_group\" \"{n}\" {\n  replication_group_id = \"orders\"\n  num_cache_clusters = {c}\n  automatic_failover_enabled = {b}\n  subnet_group_name = aws_db_subnet_group.b.name\n  security_group_ids = [aws_security_group.b.id]\n}\n",
        "resource \"aws_elasticache_cluster\" \"{n}\" {\n  cluster_id = \"orders\"\n  replication_group_id = aws_elasticache_replication_group.a.id\n}\n",
        "resource \"aws_sqs_queue\" \"{n}\" {\n  name = \"orders\"\n}\n",
        "resource \"aws_mq_broker\" \"{n}\" {\n  broker_name = \"orders\"\n  engine_type = \"ActiveMQ\"\n  deployment_mode = \"ACTIVE_STANDBY_MULTI_AZ\"\n  subnet_ids = aws_subnet.a[*].id\n  security_groups = [aws_security_group.a.id]\n}\n",
        "resource \"aws_msk_cluster\" \"{n}\" {\n  cluster_name = \"orders\"\n  broker_node_group_info {\n    client_subnets = aws_subnet.b[*].id\n  }\n}\n",
        "resource \"aws_s3_bucket\" \"{n}\" {\n  bucket = \"orders\"\n  acl = \"public-read\"\n}\n",
        "resource \"aws_s3_bucket_policy\" \"{n}\" {\n  bucket = aws_s3_bucket.a.id\n  policy = jsonencode({ Statement = [{ Effect = \"Allow\", Principal = \"*\" }] })\n}\n",
        "resource \"aws_s3_bucket_public_access_block\" \"{n}\" {\n  bucket = aws_s3_bucket.b.id\n  block_public_policy = {b}\n}\n",
        "resource \"aws_cloudfront_distribution\" \"{n}\" {\n  origin {\n    domain_name = aws_lb.a.dns_name\n    custom_origin_config {\n      origin_protocol_policy = \"http-only\"\n      http_port = {p}\n    }\n  }\n  origin {\n    domain_name = aws_s3_bucket.b.bucket_regional_domain_name\n  }\n  default_cache_behavior {\n    viewer_protocol_policy = \"allow-all\"\n  }\n}\n",
        "resource \"aws_route53_record\" \"{n}\" {\n  name = \"cdn.shop.com\"\n  type = \"A\"\n  alias {\n    name = aws_cloudfront_distribution.b.domain_name\n  }\n}\n",
        "resource \"aws_autoscaling_group\" \"{n}\" {\n  min_size = {c}\n  max_size = {c}\n  desired_capacity = 5\n  vpc_zone_identifier = aws_subnet.b[*].id\n}\n",
        "resource \"aws_iam_role\" \"{n}\" {\n  name = \"r\"\n}\nresource \"random_id\" \"{n}\" {}\n",
    ];

    /// A random Terraform configuration from those blocks, named `a` or `b`.
    fn configuration() -> impl Strategy<Value = String> {
        let block = (
            0..RESOURCES.len(),
            any::<bool>(),
            0u8..3,
            prop::sample::select(vec![22u16, 80, 443, 3306, 5432, 6379, 5671, 9092, 8080]),
        );
        prop::collection::vec(block, 1..10).prop_map(|blocks| {
            let mut seen = std::collections::BTreeSet::new();
            let mut out = String::new();
            for (r, a, count, port) in blocks {
                let name = if a { "a" } else { "b" };
                if !seen.insert((r, name)) {
                    continue; // Terraform rejects duplicate addresses
                }
                out.push_str(
                    &RESOURCES[r]
                        .replace("{n}", name)
                        .replace("{c}", &count.to_string())
                        .replace("{p}", &port.to_string())
                        .replace(
                            "{b}",
                            if a == (count % 2 == 0) {
                                "true"
                            } else {
                                "false"
                            },
                        ),
                );
            }
            out
        })
    }

    /// `PROPTEST_CASES` when set (for long runs: `PROPTEST_CASES=3000 cargo test --test
    /// import every_`), else `default`: `with_cases` alone would ignore the variable.
    fn cases(default: u32) -> u32 {
        std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    }

    /// An import ends as a design that compiles or as an import error: never as a
    /// compile error of a design the user did not write.
    fn compiles_or_import_error(input: Input) -> Result<(), TestCaseError> {
        let Ok(pages) = infrac::import::designs(input) else {
            return Ok(());
        };
        for page in pages {
            match infrac::compile(page) {
                Ok(_) => {}
                Err(d) => {
                    let codes: Vec<String> = d.errors.iter().map(|e| e.code()).collect();
                    prop_assert!(
                        codes
                            .iter()
                            .all(|c| c == "infrac::import::nothing_recognised"),
                        "{}",
                        d.render(infrac::diagnostics::Style::PLAIN)
                    );
                }
            }
        }
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(cases(200)))]
        #[test]
        fn every_drawio_import_compiles_or_is_an_import_error(page in diagram()) {
            compiles_or_import_error(Input::new(Sources::one(Source::new("p.drawio", page)), Some(Format::Drawio)))?;
        }

        #[test]
        fn every_terraform_import_compiles_or_is_an_import_error(text in configuration()) {
            let mut sources = Sources::named("p");
            sources.add(Source::new("p/main.tf", text));
            compiles_or_import_error(Input::new(sources, Some(Format::Terraform)))?;
        }
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

/// A Route 53 zone whose name no `.infra` domain can have (`.ci/fuzz` found one holding
/// NUL bytes: the import printed a design that did not parse). The zone and its records
/// are reported, the rest imports, and what is printed compiles again.
#[test]
fn terraform_zone_names_that_are_no_domain_names_are_reported() {
    let hcl = |text: &str| {
        let mut sources = Sources::named("x");
        sources.add(Source::new("x/main.tf", text));
        Input::new(sources, None)
    };
    let text = "resource \"aws_instance\" \"web\" {\n  ami = \"ami-1\"\n}\n\
                resource \"aws_route53_zone\" \"main\" {\n  name = \"bad\\u0000zone.com\"\n}\n\
                resource \"aws_route53_record\" \"www\" {\n  zone_id = aws_route53_zone.main.zone_id\n  name = \"www.bad\\u0000zone.com\"\n  type = \"A\"\n  records = [\"203.0.113.7\"]\n}\n";
    assert_line(&not_mapped(&report(&hcl(text))), &["not a domain name"]);
    let items = items(hcl(text));
    assert!(!items.iter().any(|i| i.starts_with("domain")), "{items:#?}");
    let imported = infrac::import::import(&hcl(text)).expect("imports");
    let printed = infrac::syntax::print(&imported.file, &|_| None).expect("prints as .infra");
    infrac::compile(Source::new("again.infra", printed.as_str()))
        .unwrap_or_else(|d| panic!("{}", d.render(infrac::diagnostics::Style::PLAIN)));
}

/// A word taken from outside that `.infra` cannot write bare (`.ci/fuzz` found an
/// `engine_type` holding control characters) is printed as quoted text, and the printed
/// design compiles again.
#[test]
fn words_infra_cannot_write_bare_are_printed_quoted() {
    let mut sources = Sources::named("x");
    sources.add(Source::new(
        "x/main.tf",
        "resource \"aws_mq_broker\" \"events\" {\n  broker_name = \"events\"\n  engine_type = \"\\u0016MQ x\"\n}\n",
    ));
    let imported = infrac::import::import(&Input::new(sources, None)).expect("imports");
    let printed = infrac::syntax::print(&imported.file, &|_| None).expect("prints as .infra");
    assert!(
        printed
            .lines()
            .any(|l| l.trim_start().starts_with("engine") && l.ends_with("mq x\"")),
        "{printed}"
    );
    infrac::compile(Source::new("again.infra", printed.as_str()))
        .unwrap_or_else(|d| panic!("{}", d.render(infrac::diagnostics::Style::PLAIN)));
}

/// Cells that are each other's parents (a region frame inside a VPC frame inside the
/// region, as `.ci/fuzz` once built) end the walk: the import finishes, and the server
/// inside them is still read.
#[test]
fn drawio_frames_that_are_each_others_parents_end() {
    let group = |icon: &str| {
        format!("shape=mxgraph.aws4.group;grIcon=mxgraph.aws4.{icon};container=1;dashed=1;")
    };
    let page = format!(
        "<mxGraphModel><root><mxCell id=\"0\"/><mxCell id=\"1\" parent=\"0\"/>\
         <mxCell id=\"region\" value=\"us-east-1\" style=\"{}\" vertex=\"1\" parent=\"vpc\"><mxGeometry x=\"0\" y=\"0\" width=\"400\" height=\"300\" as=\"geometry\"/></mxCell>\
         <mxCell id=\"vpc\" value=\"VPC\" style=\"{}\" vertex=\"1\" parent=\"region\"><mxGeometry x=\"10\" y=\"10\" width=\"380\" height=\"280\" as=\"geometry\"/></mxCell>\
         <mxCell id=\"web\" value=\"nginx\" style=\"rounded=0;\" vertex=\"1\" parent=\"vpc\"><mxGeometry x=\"40\" y=\"40\" width=\"80\" height=\"40\" as=\"geometry\"/></mxCell>\
         </root></mxGraphModel>",
        group("group_region"),
        group("group_vpc"),
    );
    let (done, finished) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = done.send(infrac::import::import(&Input::new(
            Sources::one(Source::new("cycle.drawio", page)),
            None,
        )));
    });
    let imported = finished
        .recv_timeout(std::time::Duration::from_secs(60))
        .expect("the import ends")
        .expect("imports");
    let printed = infrac::syntax::print(&imported.file, &|_| None).expect("prints as .infra");
    assert!(printed.contains("nginx"), "{printed}");
}

/// Terraform's JSON configuration syntax (`*.tf.json`, `cdk.tf.json`, `*.tfvars.json`):
/// read into the same evaluation as HCL, so a configuration imports to the same design
/// in either syntax. The JSON twins are made by hcl-rs (an HCL reader of its own that
/// writes Terraform's JSON syntax), not by the importer under test.
mod tf_json {
    use super::*;
    use proptest::prelude::*;

    /// An HCL configuration file as Terraform's JSON syntax. `spell` may respell the JSON
    /// as Terraform also reads it (a one-block array, comments) before it is written.
    fn json_of(hcl_text: &str, spell: &dyn Fn(&mut hcl::Value)) -> String {
        let mut value: hcl::Value = hcl::from_str(hcl_text).expect("hcl-rs reads the fixture");
        spell(&mut value);
        serde_json::to_string_pretty(&value).expect("json")
    }

    /// The same files, each `.tf` as `.tf.json` and each `.tfvars` as `.tfvars.json`.
    fn twin(input: &Input, spell: &dyn Fn(&mut hcl::Value)) -> Input {
        let mut sources = Sources::named(input.sources.name());
        for file in input.sources.files() {
            sources.add(Source::new(
                format!("{}.json", file.name),
                json_of(&file.text, spell),
            ));
        }
        Input::new(sources, None)
    }

    /// What a design is, whatever order its blocks were read in: the printed `.infra`
    /// lines and the report's entries, sorted (JSON groups blocks by type).
    fn imported(input: &Input) -> (Vec<String>, Vec<String>) {
        let imported = infrac::import::import(input)
            .unwrap_or_else(|d| panic!("{}", d.render(infrac::diagnostics::Style::PLAIN)));
        let printed = infrac::syntax::print(&imported.file, &|_| None).expect("prints");
        let mut lines: Vec<String> = printed.lines().map(str::to_string).collect();
        lines.sort();
        let report = &imported.report;
        let mut entries: Vec<String> = guesses(report)
            .into_iter()
            .chain(not_mapped(report))
            .chain(report.skipped_line())
            .collect();
        entries.sort();
        (lines, entries)
    }

    fn assert_same(hcl: &Input, json: &Input) {
        let (hcl_lines, hcl_report) = imported(hcl);
        let (json_lines, json_report) = imported(json);
        assert_eq!(hcl_lines, json_lines, "the same .infra from HCL and JSON");
        assert_eq!(hcl_report, json_report, "the same report from HCL and JSON");
    }

    fn as_is(_: &mut hcl::Value) {}

    /// Every HCL fixture — modules, `count`, `dynamic` blocks, templates, `.tfvars` —
    /// imports to the same design from its JSON twin.
    #[test]
    fn hcl_fixtures_in_json_import_the_same() {
        for dir in [
            "terraform/three_tier",
            "terraform/services",
            "terraform/outside",
        ] {
            let hcl = terraform(dir);
            assert_same(&hcl, &twin(&hcl, &as_is));
        }
    }

    /// Terraform reads a nested block as an object or as an array of objects, and
    /// ignores `"//"` properties in a body: respelled so, the design stays the same.
    #[test]
    fn blocks_as_arrays_and_comments_import_the_same() {
        let hcl = terraform("terraform/three_tier");
        assert_same(&hcl, &twin(&hcl, &|v| respell(v, 0, true, true)));
    }

    /// Wrap every one-block object (a nested block's body) in an array and add a
    /// `"//"` comment to every object at block depth (root, type, name, body).
    fn respell(value: &mut hcl::Value, depth: usize, arrays: bool, comments: bool) {
        let hcl::Value::Object(map) = value else {
            return;
        };
        for (key, inner) in map.iter_mut() {
            let nested_block = depth >= 3
                && matches!(inner, hcl::Value::Object(o) if o.values().any(|x| !x.is_object()))
                && !matches!(key.as_str(), "tags" | "dynamic" | "for_each");
            respell(inner, depth + 1, arrays, comments);
            if arrays && nested_block {
                *inner = hcl::Value::Array(vec![inner.clone()]);
            }
        }
        if comments && depth <= 3 {
            map.insert(
                "//".into(),
                hcl::Value::String("generated by a test".into()),
            );
        }
    }

    /// A random configuration: variables and locals, counted instances behind a load
    /// balancer, for_each security groups with nested and dynamic ingress blocks, a
    /// database, and templates that build names from all of them.
    fn configuration() -> impl Strategy<Value = (String, String)> {
        (
            1usize..4,
            0usize..3,
            any::<bool>(),
            prop::collection::vec(1u16..9000, 1..4),
            "[a-z]{1,6}",
            any::<bool>(),
        )
            .prop_map(|(webs, extra, tls, ports, name, tfvars)| {
                let mut tf = format!(
                    "variable \"name\" {{\n  default = \"{name}\"\n}}\nvariable \"webs\" {{\n  default = {webs}\n}}\nvariable \"ports\" {{\n  default = {ports:?}\n}}\nlocals {{\n  prefix = \"${{var.name}}-shop\"\n  tags   = {{ Project = var.name }}\n}}\n"
                );
                tf.push_str("resource \"aws_instance\" \"web\" {\n  count = var.webs\n  ami = \"ami-1\"\n  user_data = \"apt-get install -y nginx\"\n  vpc_security_group_ids = [aws_security_group.web[\"main\"].id]\n  tags = merge(local.tags, { Name = \"${local.prefix}-web-${count.index + 1}\" })\n}\n");
                tf.push_str("resource \"aws_lb\" \"front\" {\n  name = \"${local.prefix}-lb\"\n  load_balancer_type = \"application\"\n}\n");
                tf.push_str("resource \"aws_lb_target_group\" \"web\" {\n  port = var.ports[0]\n  protocol = \"HTTP\"\n  health_check {\n    path = \"/health\"\n  }\n}\n");
                let (port, proto) = if tls { (443, "HTTPS") } else { (80, "HTTP") };
                tf.push_str(&format!("resource \"aws_lb_listener\" \"front\" {{\n  load_balancer_arn = aws_lb.front.arn\n  port = {port}\n  protocol = \"{proto}\"\n  default_action {{\n    type = \"forward\"\n    target_group_arn = aws_lb_target_group.web.arn\n  }}\n}}\n"));
                tf.push_str("resource \"aws_lb_target_group_attachment\" \"web\" {\n  count = var.webs\n  target_group_arn = aws_lb_target_group.web.arn\n  target_id = aws_instance.web[count.index].id\n  port = var.ports[0]\n}\n");
                tf.push_str("resource \"aws_security_group\" \"web\" {\n  for_each = toset([\"main\", \"spare\"])\n  name = \"${each.key}-web\"\n  ingress {\n    from_port = 22\n    to_port = 22\n    protocol = \"tcp\"\n    cidr_blocks = [\"10.0.0.0/8\"]\n  }\n  dynamic \"ingress\" {\n    for_each = var.ports\n    content {\n      from_port = ingress.value\n      to_port = ingress.value\n      protocol = \"tcp\"\n      cidr_blocks = [\"0.0.0.0/0\"]\n    }\n  }\n}\n");
                for i in 0..extra {
                    tf.push_str(&format!("resource \"aws_db_instance\" \"db{i}\" {{\n  identifier = \"${{local.prefix}}-db{i}\"\n  engine = \"postgres\"\n  multi_az = {}\n  depends_on = [aws_instance.web]\n}}\n", i == 0));
                }
                let vars = if tfvars { format!("webs = {}\n", webs + 1) } else { String::new() };
                (tf, vars)
            })
    }

    fn input_of(files: &[(&str, &str)]) -> Input {
        let mut sources = Sources::named("cfg");
        for (name, text) in files {
            if !text.is_empty() {
                sources.add(Source::new(format!("cfg/{name}"), *text));
            }
        }
        Input::new(sources, None)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(super::property_cases(48)))]

        /// Generated configurations import to the same design in either syntax, with
        /// nested blocks spelled as objects or arrays and with or without comments.
        #[test]
        fn generated_configurations_import_the_same(
            (tf, vars) in configuration(),
            arrays in any::<bool>(),
            comments in any::<bool>(),
        ) {
            let hcl = input_of(&[("main.tf", &tf), ("terraform.tfvars", &vars)]);
            let json = twin(&hcl, &|v| respell(v, 0, arrays, comments));
            let (hcl_lines, hcl_report) = imported(&hcl);
            let (json_lines, json_report) = imported(&json);
            prop_assert_eq!(hcl_lines, json_lines);
            prop_assert_eq!(hcl_report, json_report);
        }

        /// Whatever bytes a `.tf.json` holds, the import ends with a design or an
        /// import error (no panic, no compile error of what the importer made).
        #[test]
        fn any_json_ends_in_a_design_or_an_import_error(text in json_text()) {
            let input = input_of(&[("main.tf.json", &text)]);
            if let Err(d) = infrac::import::import(&input) {
                prop_assert!(d.errors.iter().all(|e| e.code().starts_with("infrac::import::")), "{:?}", d.errors);
            }
        }
    }

    /// JSON in the shape of a configuration, with broken templates, wrong types and
    /// truncations among it.
    fn json_text() -> impl Strategy<Value = String> {
        let leaf = prop_oneof![
            Just("\"${var.x}\"".to_string()),
            Just("\"${\"".to_string()),
            Just("\"%{ if true }x\"".to_string()),
            Just("\"${aws_instance.web[0].id}\"".to_string()),
            Just("null".to_string()),
            Just("1e400".to_string()),
            Just("[]".to_string()),
            Just("\"web\"".to_string()),
            Just("2".to_string()),
        ];
        let key = prop_oneof![
            Just("resource"),
            Just("aws_instance"),
            Just("web"),
            Just("count"),
            Just("for_each"),
            Just("dynamic"),
            Just("//"),
            Just("variable"),
            Just("locals"),
            Just("module"),
            Just("source"),
            Just("depends_on"),
            Just("tags"),
        ];
        let value = leaf.prop_recursive(5, 40, 4, move |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..3)
                    .prop_map(|v| format!("[{}]", v.join(","))),
                prop::collection::vec((key.clone(), inner), 0..4).prop_map(|v| {
                    let props: Vec<String> =
                        v.into_iter().map(|(k, v)| format!("\"{k}\":{v}")).collect();
                    format!("{{{}}}", props.join(","))
                }),
            ]
        });
        (value, 0usize..3).prop_map(|(v, cut)| match cut {
            0 => v.clone(),
            _ => v.chars().take(v.chars().count() * cut / 3).collect(),
        })
    }

    /// `infrac import DIR` of a directory that holds only `.tf.json` files reads them
    /// (it said "directory contains no .infra files").
    #[test]
    fn the_cli_imports_a_directory_of_tf_json() {
        let out = Test::new()
            .write(
                "x/main.tf.json",
                r#"{"resource":{"aws_instance":{"web":{"ami":"x","instance_type":"t2.micro"}}}}"#,
            )
            .args(["import", "x"])
            .run();
        assert_eq!(out.status, 0, "{}", out.stderr);
        assert!(out.stdout.contains("server web {"), "{}", out.stdout);
        assert!(out.stdout.contains("(Terraform)"), "{}", out.stdout);
        assert!(out.stdout.contains("(x/main.tf.json:1)"), "{}", out.stdout);
    }

    /// `infrac import main.tf.json` is a Terraform configuration (it said "this is
    /// .infra already"), and so is one piped in.
    #[test]
    fn the_cli_imports_one_tf_json_file_and_standard_input() {
        let text =
            r#"{"resource":{"aws_instance":{"web":{"ami":"x","instance_type":"t2.micro"}}}}"#;
        let out = Test::new()
            .write("main.tf.json", text)
            .args(["import", "main.tf.json"])
            .run();
        assert_eq!(out.status, 0, "{}", out.stderr);
        assert!(out.stdout.contains("server web {"), "{}", out.stdout);
        let out = Test::new().args(["import", "-"]).stdin(text).run();
        assert_eq!(out.status, 0, "{}", out.stderr);
        assert!(out.stdout.contains("server web {"), "{}", out.stdout);
    }

    /// A directory mixing `.tf` and `.tf.json` is one module, as Terraform reads it:
    /// references cross between the files, and a local module written in JSON is read
    /// too, with the root's `.tfvars.json`.
    #[test]
    fn the_cli_reads_tf_and_tf_json_as_one_module() {
        let out = Test::new()
            .write(
                "site/main.tf",
                "resource \"aws_lb\" \"front\" {\n  name = \"front\"\n}\nresource \"aws_lb_target_group\" \"web\" {\n  port = 80\n  protocol = \"HTTP\"\n}\nresource \"aws_lb_listener\" \"http\" {\n  load_balancer_arn = aws_lb.front.arn\n  port = 80\n  protocol = \"HTTP\"\n  default_action {\n    type = \"forward\"\n    target_group_arn = aws_lb_target_group.web.arn\n  }\n}\n",
            )
            .write(
                "site/web.tf.json",
                r#"{
  "variable": {"webs": {"default": 1}},
  "module": {"web": {"source": "../modules/web", "count": "${var.webs}", "target_group": "${aws_lb_target_group.web.arn}", "index": "${count.index}"}}
}"#,
            )
            .write("site/terraform.tfvars.json", r#"{"webs": 2}"#)
            .write(
                "modules/web/main.tf.json",
                r#"{
  "variable": {"target_group": {}, "index": {}},
  "resource": {
    "aws_instance": {"this": {"ami": "x", "user_data": "apt-get install -y nginx", "tags": {"Name": "web-${var.index + 1}"}}},
    "aws_lb_target_group_attachment": {"this": {"target_group_arn": "${var.target_group}", "target_id": "${aws_instance.this.id}", "port": 80}}
  }
}"#,
            )
            .args(["import", "site"])
            .run();
        assert_eq!(out.status, 0, "{}", out.stderr);
        for expected in ["front -> web_1.nginx", "front -> web_2.nginx"] {
            assert!(
                out.stdout.contains(expected),
                "{expected} in {}",
                out.stdout
            );
        }
        assert!(
            out.stdout.contains("modules/web/main.tf.json:4)"),
            "{}",
            out.stdout
        );
    }

    /// Broken JSON is an import error naming the file, with the line and a caret.
    #[test]
    fn broken_json_is_an_error_at_its_place() {
        let out = Test::new()
            .write(
                "x/main.tf.json",
                "{\"resource\": {\"aws_instance\": {\"web\": {\n  \"ami\": \"x\",\n  \"instance_type\": t2\n}}}}",
            )
            .args(["import", "x"])
            .run();
        assert_eq!(out.status, 2, "{}", out.stderr);
        assert!(
            out.stderr.contains("x/main.tf.json: not valid JSON"),
            "{}",
            out.stderr
        );
        assert!(out.stderr.contains("x/main.tf.json:3:"), "{}", out.stderr);
        assert!(
            out.stderr.contains('▲') || out.stderr.contains('^'),
            "{}",
            out.stderr
        );
        for (text, says) in [
            ("[1, 2]", "holds one object"),
            (
                "{\"resource\": {\"aws_instance\": [1]}}",
                "an object (or an array of objects) of names",
            ),
            ("{\"locals\": {\"a\": \"${\"}}", "not a valid template"),
        ] {
            let input = input_of(&[("main.tf.json", text)]);
            let Err(d) = infrac::import::import(&input) else {
                panic!("{text} imports");
            };
            let rendered = d.render(infrac::diagnostics::Style::PLAIN);
            assert!(rendered.contains(says), "{text}: {rendered}");
            assert!(
                rendered.contains("cfg/main.tf.json:1:"),
                "{text}: {rendered}"
            );
        }
    }

    /// `terraform show -json` output stays a plan (not a configuration), even where a
    /// configuration names a variable like one of its keys.
    #[test]
    fn show_json_and_configurations_are_told_apart() {
        assert_eq!(
            input("terraform/json/plan.json").format(),
            Format::TerraformJson
        );
        let config = Source::new(
            "<stdin>",
            "{\"variable\": {\"format_version\": {}}, \"resource\": {}}",
        );
        assert_eq!(Input::from(config).format(), Format::Terraform);
    }

    /// A load balancer in front of counted instances, reduced from a public project's
    /// `.tf.json` (a betting site's ALB, target group with a `health_check` written as
    /// one object, and HTTPS listener; the counted instances and their attachments are
    /// added here so the target group has backends). Findings and origins point at the
    /// line of each resource's name.
    #[test]
    fn a_real_load_balancer_tf_json_imports() {
        let alb = terraform("terraform/tf_json/alb");
        assert_all(
            &flows(alb.clone()),
            &[
                "internet -> marabet_alb : https",
                "marabet_alb -> marabet_api_1.app : http",
                "marabet_alb -> marabet_api_2.app : http",
            ],
        );
        let json = model(alb.clone());
        assert_eq!(
            node(&json, "marabet_alb")["attributes"]["health_check"],
            "/api/health",
            "{json:#}"
        );
        let out = Test::new()
            .args(["import"])
            .arg(fixture("terraform/tf_json/alb").to_str().unwrap())
            .run();
        assert_eq!(out.status, 0, "{}", out.stderr);
        assert!(
            out.stdout
                .contains("from aws_lb.marabet_alb \"MaraBet ALB\" ("),
            "{}",
            out.stdout
        );
        assert!(out.stdout.contains("alb/main.tf.json:4)"), "{}", out.stdout);
        assert!(
            out.stdout.contains("alb/main.tf.json:44)"),
            "{}",
            out.stdout
        );
        assert!(
            out.stdout.contains("marabet_api_1.app : http/5000"),
            "{}",
            out.stdout
        );
    }

    /// CDK for Terraform's output, reduced from aws-samples/ec2RuntimeMonitor's
    /// `cdk.tf.json`: `"//"` metadata at the root and in every block, a variable used
    /// in templates, `lifecycle` blocks, and policies that are JSON text with
    /// interpolations in them.
    #[test]
    fn cdk_for_terraform_output_imports() {
        let cdk = terraform("terraform/tf_json/cdktf");
        assert_all(&items(cdk.clone()), &["queue ec2_runtime_monitor_dlq"]);
        let report = report(&cdk);
        assert_line(
            &not_mapped(&report),
            &["aws_sns_topic.snsTopic", "notification topic"],
        );
        let out = Test::new()
            .args(["import"])
            .arg(fixture("terraform/tf_json/cdktf").to_str().unwrap())
            .run();
        assert_eq!(out.status, 0, "{}", out.stderr);
        assert!(
            out.stderr
                .contains("aws_sns_topic.snsTopic \"ec2-runtime-monitor-notifications\" ("),
            "{}",
            out.stderr
        );
        assert!(out.stderr.contains("cdk.tf.json:47)"), "{}", out.stderr);
        assert_eq!(
            report.skipped_line().as_deref(),
            Some(
                "2 resources that hold no topology (permissions, keys, logs, settings): aws_iam_policy ×1, data.aws_caller_identity ×1"
            )
        );
    }
}

/// Property test cases: `PROPTEST_CASES` or the default.
fn property_cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// A draw.io page as hand-made mxfile XML: `(id, value, style, x)` vertices on one row
/// and `(source, target, value)` edges.
fn mxfile(vertices: &[(&str, &str, &str, u32)], edges: &[(&str, &str, &str)]) -> Input {
    let mut cells = String::from("<mxCell id=\"0\"/><mxCell id=\"1\" parent=\"0\"/>");
    for (id, value, style, x) in vertices {
        cells.push_str(&format!(
            "<mxCell id=\"{id}\" value=\"{value}\" style=\"{style}\" vertex=\"1\" parent=\"1\">\
             <mxGeometry x=\"{x}\" y=\"100\" width=\"60\" height=\"60\" as=\"geometry\"/></mxCell>"
        ));
    }
    for (n, (source, target, value)) in edges.iter().enumerate() {
        cells.push_str(&format!(
            "<mxCell id=\"e{n}\" value=\"{value}\" style=\"endArrow=classic;\" edge=\"1\" parent=\"1\" \
             source=\"{source}\" target=\"{target}\"><mxGeometry relative=\"1\" as=\"geometry\"/></mxCell>"
        ));
    }
    let xml = format!(
        "<mxfile><diagram name=\"p\"><mxGraphModel><root>{cells}</root></mxGraphModel></diagram></mxfile>"
    );
    Input::from(Source::new("aws.drawio", xml))
}

/// AWS's own icons for its services — the load balancers (ALB, NLB, classic ELB, in
/// the aws4 library as resource icons and as shapes, and in the older aws3 one), RDS,
/// ElastiCache, SQS, S3 and CloudFront — are managed items of AWS, not servers.
#[test]
fn drawio_aws_service_icons_are_managed_items() {
    let res = |icon: &str| format!("shape=mxgraph.aws4.resourceIcon;resIcon=mxgraph.aws4.{icon};");
    let input = mxfile(
        &[
            ("u", "Users", "shape=mxgraph.aws4.users;", 0),
            ("cf", "CloudFront", &res("cloudfront"), 100),
            ("alb", "front ALB", &res("application_load_balancer"), 200),
            (
                "nlb",
                "NLB",
                "shape=mxgraph.aws4.network_load_balancer;",
                300,
            ),
            (
                "elb",
                "Classic ELB",
                "shape=mxgraph.aws3.elastic_load_balancing;",
                400,
            ),
            ("web", "web1", "shape=mxgraph.aws4.instance2;", 500),
            ("rds", "RDS PostgreSQL", &res("rds"), 600),
            ("ec", "sessions", &res("elasticache"), 700),
            ("sqs", "orders", &res("sqs"), 800),
            ("s3", "uploads", &res("s3"), 900),
        ],
        &[
            ("u", "cf", "https"),
            ("cf", "alb", "https"),
            ("alb", "web", "http"),
            ("web", "rds", ""),
            ("web", "ec", ""),
            ("web", "sqs", ""),
            ("web", "s3", ""),
        ],
    );
    let json = model(input.clone());
    for (path, kind) in [
        ("cloudfront", "cdn"),
        ("front_alb", "load_balancer"),
        ("nlb", "load_balancer"),
        ("classic_elb", "load_balancer"),
        ("rds_postgresql", "database"),
        ("sessions", "cache"),
        ("orders", "queue"),
        ("uploads", "object_store"),
    ] {
        let n = node(&json, path);
        assert_eq!(n["kind"], kind, "{n:#}");
        assert_eq!(n["attributes"]["provider"], "aws", "{n:#}");
        if kind != "cdn" {
            assert_eq!(n["attributes"]["managed"], true, "{n:#}");
        }
    }
    assert_eq!(node(&json, "front_alb")["attributes"]["software"], "alb");
    assert_eq!(node(&json, "nlb")["attributes"]["software"], "nlb");
    assert_eq!(node(&json, "classic_elb")["attributes"]["software"], "elb");
    assert_eq!(
        node(&json, "rds_postgresql")["attributes"]["engine"],
        "postgres"
    );
    assert_eq!(node(&json, "sessions")["attributes"]["engine"], "redis");
    assert_eq!(node(&json, "orders")["attributes"]["engine"], "sqs");
    let all = items(input.clone());
    assert!(
        !all.iter()
            .any(|i| i.starts_with("server") && !i.ends_with("web1")),
        "only web1 is a server: {all:#?}"
    );
    let flows = flows(input.clone());
    for expected in [
        "internet -> cloudfront : https",
        "cloudfront -> front_alb : https",
        "web1.app -> rds_postgresql : postgres",
        "web1.app -> sessions : redis",
        "web1.app -> orders : https",
        "web1.app -> uploads : https",
    ] {
        assert!(
            flows.iter().any(|f| f == expected),
            "{expected} in {flows:#?}"
        );
    }
    // What is printed compiles again.
    let imported = infrac::import::import(&input).expect("imports");
    let printed = infrac::syntax::print(&imported.file, &|_| None).expect("prints as .infra");
    infrac::compile(Source::new("again.infra", printed.as_str()))
        .unwrap_or_else(|d| panic!("{}", d.render(infrac::diagnostics::Style::PLAIN)));
}

fn hcl(text: &str) -> Input {
    let mut sources = Sources::named("x");
    sources.add(Source::new("x/main.tf", text));
    Input::new(sources, None)
}

/// A key written twice in one object constructor (terraform-aws-alb's complete-alb
/// example): Terraform keeps the last, and so does the import, saying so with the key's
/// span. An attribute set twice in one block is Terraform's own error: reported, the
/// first kept, the rest of the file imported.
#[test]
fn terraform_keys_written_twice_do_not_stop_the_import() {
    let text = "resource \"aws_instance\" \"web\" {\n  ami = \"ami-1\"\n  tags = {\n    Name = \"first\"\n    Name = \"web-server\"\n  }\n}\n\
                resource \"aws_instance\" \"db\" {\n  ami = \"ami-1\"\n  ami = \"ami-2\"\n  tags = { Name = \"db\" }\n}\n";
    let r = report(&hcl(text));
    assert_line(
        &guesses(&r),
        &[
            "`Name`",
            "written twice in one object",
            "the last value is kept",
        ],
    );
    assert_line(
        &not_mapped(&r),
        &["`ami`: set twice in one block, which Terraform refuses"],
    );
    let entry = r
        .guesses
        .iter()
        .find(|e| e.reason.contains("written twice"))
        .expect("entry");
    let span = entry.span.expect("span");
    assert_eq!(&text[span.range()], "Name");
    assert_eq!(
        text[..span.start()].lines().count(),
        5,
        "the second Name, line 5"
    );
    // The last Name names the server.
    let all = items(hcl(text));
    assert!(all.iter().any(|i| i == "server web_server"), "{all:#?}");
    // Through the CLI: the import succeeds and prints the report.
    let out = Test::new()
        .write("tf/main.tf", text)
        .args(["import", "tf"])
        .run();
    assert_eq!(out.status, 0, "{}", out.stderr);
    assert!(out.stdout.contains("server web_server {"), "{}", out.stdout);
    assert!(
        out.stderr.contains("Attribute redefined") && out.stderr.contains("tf/main.tf:10"),
        "{}",
        out.stderr
    );
}

/// A domain whose first label starts with a digit (`1password.com`) imports as written,
/// its records too, and what is printed compiles again.
#[test]
fn terraform_domains_starting_with_a_digit_are_kept() {
    let text = "resource \"aws_instance\" \"web\" {\n  ami = \"ami-1\"\n  associate_public_ip_address = true\n}\n\
                resource \"aws_route53_zone\" \"main\" {\n  name = \"1password.com\"\n}\n\
                resource \"aws_route53_record\" \"www\" {\n  zone_id = aws_route53_zone.main.zone_id\n  name = \"9gag.1password.com\"\n  type = \"CNAME\"\n  records = [\"9gag.com\"]\n}\n";
    let all = items(hcl(text));
    assert!(all.iter().any(|i| i == "domain 1password.com"), "{all:#?}");
    assert!(
        all.iter().any(|i| i == "record 1password.com.9gag"),
        "{all:#?}"
    );
    let imported = infrac::import::import(&hcl(text)).expect("imports");
    let printed = infrac::syntax::print(&imported.file, &|_| None).expect("prints as .infra");
    assert!(printed.contains("domain 1password.com {"), "{printed}");
    assert!(printed.contains("record 9gag {"), "{printed}");
    infrac::compile(Source::new("again.infra", printed.as_str()))
        .unwrap_or_else(|d| panic!("{}", d.render(infrac::diagnostics::Style::PLAIN)));
}

/// A module from the registry or a repository is not fetched: one finding per call says
/// what was skipped and how to include it, at the call's span.
#[test]
fn terraform_remote_modules_are_reported_one_by_one() {
    let text = "module \"vpc\" {\n  source = \"terraform-aws-modules/vpc/aws\"\n}\n\
                module \"alb\" {\n  source = \"git::https://example.com/alb.git\"\n}\n\
                resource \"aws_instance\" \"web\" {\n  ami = \"ami-1\"\n}\n";
    let r = report(&hcl(text));
    let lines = not_mapped(&r);
    assert_line(
        &lines,
        &[
            "module.vpc",
            "the Terraform Registry (terraform-aws-modules/vpc/aws), not read",
            "terraform show -json",
        ],
    );
    assert_line(
        &lines,
        &[
            "module.alb",
            "a repository (git::https://example.com/alb.git)",
        ],
    );
    let spans: Vec<&str> = r
        .not_mapped
        .iter()
        .filter_map(|e| e.span)
        .map(|s| text[s.range()].lines().next().unwrap_or(""))
        .collect();
    assert_eq!(spans, ["module \"vpc\" {", "module \"alb\" {"]);
}
