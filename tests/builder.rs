//! Designs built without `.infra` text: the builder's items point into the files an
//! importer read, and every report format points there too — file, line, column, and the
//! element the format calls the item.

use infrac::diagnostics::Style;
use infrac::lint::Config;
use infrac::model::builder::{Builder, Origin, Value};
use infrac::report::{self, Outcome};
use infrac::{Checked, Source, Sources};

/// Two Terraform-like files; the design is built from their blocks by hand, as an
/// importer would.
const MAIN_TF: &str = "\
# the front door
resource \"aws_lb\" \"front\" {
  name = \"front\"
}

resource \"aws_instance\" \"web\" {
  ami = \"ami-123\"
}
";
const DB_TF: &str = "\
resource \"aws_db_instance\" \"db\" {
  engine = \"mysql\"
}
";

/// The origin of the block that starts with `needle` in the file at `base`.
fn block(text: &str, base: usize, needle: &str, address: &str) -> Origin {
    let start = text.find(needle).expect("block in fixture");
    let end = start + text[start..].find("\n}").expect("block end") + 2;
    Origin::span(base + start, base + end).element(address, Some(address.replace('.', " ")))
}

fn built() -> Checked {
    let mut sources = Sources::named("infra/");
    let main = sources.add(Source::new("infra/main.tf", MAIN_TF));
    let db = sources.add(Source::new("infra/db.tf", DB_TF));
    let lb_at = block(MAIN_TF, main, "resource \"aws_lb\"", "aws_lb.front");
    let web_at = block(
        MAIN_TF,
        main,
        "resource \"aws_instance\"",
        "aws_instance.web",
    );
    let db_at = block(DB_TF, db, "resource \"aws_db", "aws_db_instance.db");

    let mut b = Builder::new(sources);
    b.attribute(None, "title", Value::text("built"), &lb_at);
    let lb = b.item(None, "server", "front", &lb_at);
    let haproxy = b.item(Some(lb), "load_balancer", "lb", &lb_at);
    b.attribute(
        Some(haproxy),
        "algorithm",
        Value::word("round_robin"),
        &lb_at,
    );
    let web = b.item(None, "server", "web", &web_at);
    b.item(Some(web), "web_server", "nginx", &web_at);
    let app = b.item(Some(web), "app_server", "app", &web_at);
    b.attribute(Some(app), "runtime", Value::word("gunicorn"), &web_at);
    let db_host = b.item(None, "server", "db", &db_at);
    let mysql = b.item(Some(db_host), "database", "mysql", &db_at);
    b.attribute(Some(mysql), "engine", Value::word("mysql"), &db_at);
    b.attribute(Some(mysql), "role", Value::word("primary"), &db_at);
    b.flow(&["internet"], &["front.lb"], Some(("http", None)), &lb_at);
    b.flow(&["front.lb"], &["web.nginx"], Some(("http", None)), &lb_at);
    b.flow(&["web.nginx"], &["web.app"], Some(("http", None)), &web_at);
    b.flow(&["web.app"], &["db.mysql"], Some(("mysql", None)), &db_at);
    assert_eq!(b.path(mysql), "db.mysql");
    let (design, sources) = b.build().expect("the built design is valid");
    Checked::of(design, sources, &Config::default())
}

fn outcomes() -> Vec<Outcome> {
    vec![built().into_outcome()]
}

#[test]
fn findings_point_into_the_files_the_design_came_from() {
    let checked = built();
    let spof = checked
        .findings
        .iter()
        .find(|f| f.rule == "single-point-of-failure" && f.component == "db.mysql")
        .expect("the one database is a single point of failure");
    let (file, lines) = checked.sources.line_span(spof.span).expect("located");
    assert_eq!(
        (file, lines.start.line, lines.start.column),
        ("infra/db.tf", 1, 1)
    );
    let element = checked.sources.element(spof.span).expect("named");
    assert_eq!(element.id, "aws_db_instance.db");
}

#[test]
fn json_names_the_file_the_line_and_the_element() {
    let json: serde_json::Value =
        serde_json::from_str(&report::json::render(&outcomes())).expect("JSON");
    let findings = json["findings"].as_array().expect("findings");
    let on = |component: &str| {
        findings
            .iter()
            .find(|f| f["component"] == component)
            .unwrap_or_else(|| panic!("a finding on {component}: {json}"))
    };
    let db = on("db.mysql");
    assert_eq!(db["file"], "infra/db.tf");
    assert_eq!(db["span"]["start"]["line"], 1);
    assert_eq!(db["span"]["end"]["line"], 3);
    assert_eq!(db["origin"]["id"], "aws_db_instance.db");
    assert_eq!(db["origin"]["label"], "aws_db_instance db");
    let web = on("web");
    assert_eq!(web["file"], "infra/main.tf");
    assert_eq!(web["span"]["start"]["line"], 6);
    assert_eq!(web["origin"]["id"], "aws_instance.web");
    assert_eq!(json["files"][0], "infra/");
}

#[test]
fn sarif_points_at_the_real_artifact_with_a_logical_location() {
    let sarif: serde_json::Value =
        serde_json::from_str(&report::sarif::render(&outcomes())).expect("SARIF");
    let results = sarif["runs"][0]["results"].as_array().expect("results");
    let db = results
        .iter()
        .find(|r| {
            r["locations"][0]["logicalLocations"][0]["fullyQualifiedName"] == "aws_db_instance.db"
        })
        .expect("a result on the database resource");
    let physical = &db["locations"][0]["physicalLocation"];
    assert_eq!(physical["artifactLocation"]["uri"], "infra/db.tf");
    assert_eq!(physical["region"]["startLine"], 1);
    assert_eq!(
        physical["region"]["snippet"]["text"],
        DB_TF.trim_end_matches('\n')
    );
}

#[test]
fn human_output_shows_the_snippet_from_each_file() {
    let text = report::human::render(&outcomes(), Style::PLAIN);
    assert!(text.contains("[infra/db.tf:1:1]"), "{text}");
    assert!(text.contains("[infra/main.tf:6:1]"), "{text}");
    assert!(
        text.contains("resource \"aws_db_instance\" \"db\" {"),
        "{text}"
    );
    assert!(
        text.contains("db.mysql (single-point-of-failure) — aws_db_instance.db"),
        "{text}"
    );
}

#[test]
fn a_bad_reference_is_a_compile_error_at_its_origin() {
    let mut sources = Sources::named("x.tf");
    let base = sources.add(Source::new("x.tf", MAIN_TF));
    let at = block(
        MAIN_TF,
        base,
        "resource \"aws_instance\"",
        "aws_instance.web",
    );
    let mut b = Builder::new(sources);
    let web = b.item(None, "server", "web", &at);
    b.item(Some(web), "web_server", "nginx", &at);
    b.flow(&["internet"], &["web.ngnix"], Some(("http", None)), &at);
    let diagnostics = b.build().expect_err("an unresolved reference");
    let errors = diagnostics.to_json();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].file, "x.tf");
    assert_eq!(errors[0].span.map(|s| s.start.line), Some(6));
    assert!(
        errors[0]
            .help
            .as_deref()
            .unwrap_or("")
            .contains("web.nginx"),
        "{errors:?}"
    );
    let rendered = diagnostics.render(Style::PLAIN);
    assert!(rendered.contains("[x.tf:6:1]"), "{rendered}");
}

#[test]
fn the_built_file_prints_as_infra_that_compiles_to_the_same_design() {
    let mut sources = Sources::named("x.tf");
    let base = sources.add(Source::new("x.tf", MAIN_TF));
    let at = Origin::span(base, base + 10);
    let mut b = Builder::new(sources);
    let web = b.item(None, "server", "web", &at);
    b.attribute(
        Some(web),
        "ip",
        Value::Ip("10.0.0.1".parse().expect("ip")),
        &at,
    );
    b.item(Some(web), "web_server", "nginx", &at);
    let fw = b.item(None, "firewall", "fw", &at);
    b.attribute(Some(fw), "protects", Value::word("web"), &at);
    b.rule(
        fw,
        "allow",
        vec![
            ("proto", Value::word("https")),
            ("from", Value::word("internet")),
        ],
        &at,
    );
    b.flow(&["internet"], &["web"], Some(("https", Some(8443))), &at);
    let file = b.file();
    let built = b.build().expect("valid").0;
    // The tree prints through the formatter's value printer; parse it back.
    let text = print(&file);
    let reparsed = infrac::compile(Source::new("printed.infra", text.clone()))
        .unwrap_or_else(|d| panic!("{}\n{text}", d.render(Style::PLAIN)));
    let shape = |d: &infrac::Design| {
        let mut paths: Vec<String> = d.nodes().map(|(_, n)| n.path.clone()).collect();
        paths.sort();
        (paths, d.flows().count())
    };
    assert_eq!(shape(&built), shape(&reparsed));
}

/// A plain printer of the builder's tree, enough to check it reads as `.infra`.
fn print(file: &infrac::syntax::ast::File) -> String {
    use infrac::syntax::ast::{Statement, Target, ValueKind};
    fn value(v: &infrac::syntax::ast::Value) -> String {
        match &v.kind {
            ValueKind::String(s) => format!("{s:?}"),
            ValueKind::Path(p) => p.text.clone(),
            ValueKind::Ip(ip) => ip.to_string(),
            ValueKind::List(items) => {
                format!(
                    "[{}]",
                    items.iter().map(value).collect::<Vec<_>>().join(", ")
                )
            }
            other => format!("{other:?}"),
        }
    }
    fn statements(list: &[Statement], out: &mut String) {
        for s in list {
            match s {
                Statement::Attribute(a) => {
                    out.push_str(&format!("{} = {}\n", a.key.name, value(&a.value)))
                }
                Statement::Block(b) => {
                    let name = b.name.as_ref().map_or("", |n| n.name.as_str());
                    out.push_str(&format!("{} {name} {{\n", b.kind.name));
                    statements(&b.body, out);
                    out.push_str("}\n");
                }
                Statement::Flow(f) => {
                    let hops: Vec<String> = f
                        .hops
                        .iter()
                        .map(|t| match t {
                            Target::Path(p) => p.text.clone(),
                            Target::List { paths, .. } => format!(
                                "[{}]",
                                paths
                                    .iter()
                                    .map(|p| p.text.as_str())
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            ),
                        })
                        .collect();
                    let protocol = f.protocol.as_ref().map_or(String::new(), |p| {
                        let port = p
                            .port
                            .map_or(String::new(), |port| format!("/{}", port.number));
                        format!(" : {}{port}", p.name.name)
                    });
                    out.push_str(&format!("{}{protocol}\n", hops.join(" -> ")));
                }
            }
        }
    }
    let mut out = String::new();
    statements(&file.statements, &mut out);
    out
}

#[test]
fn a_listener_value_reads_as_a_protocol_on_a_port_and_builds_a_listener() {
    let parsed = Value::parse("[grpc/9000, https]").expect("one value");
    assert_eq!(
        parsed,
        Value::List(vec![
            Value::Protocol {
                name: "grpc".into(),
                port: 9000
            },
            Value::word("https"),
        ])
    );
    let mut sources = Sources::named("x.tf");
    let base = sources.add(Source::new("x.tf", MAIN_TF));
    let at = Origin::span(base, base + 10);
    let mut b = Builder::new(sources);
    let app = b.item(None, "server", "app", &at);
    let api = b.item(Some(app), "app_server", "api", &at);
    b.attribute(Some(api), "listen", parsed, &at);
    let design = b.build().expect("valid").0;
    let (_, api) = design
        .nodes()
        .find(|(_, n)| n.path == "app.api")
        .expect("app.api");
    let ports: Vec<_> = api
        .attrs
        .get("listen")
        .expect("listen")
        .items()
        .iter()
        .map(|v| match v {
            infrac::model::value::AttrValue::Listener(p) => (p.name.clone(), p.port),
            other => panic!("not a listener: {other:?}"),
        })
        .collect();
    assert_eq!(
        ports,
        vec![("grpc".into(), Some(9000)), ("https".into(), Some(443))]
    );
}
