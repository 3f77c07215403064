//! Name resolution and lowering rules (LANGUAGE.md §1–3), through the library.

use infrac::Source;
use infrac::model::{Access, Design, Edge, Kind};

fn compile(text: &str) -> Design {
    match infrac::compile(Source::new("t.infra", text)) {
        Ok(design) => design,
        Err(d) => panic!("{}", d.render(infrac::diagnostics::Style::PLAIN)),
    }
}

fn error_codes(text: &str) -> Vec<String> {
    match infrac::compile(Source::new("t.infra", text)) {
        Ok(_) => Vec::new(),
        Err(d) => d.errors.iter().map(|e| e.code()).collect(),
    }
}

/// Every flow as "from -> to proto/port".
fn flows(design: &Design) -> Vec<String> {
    design
        .flows()
        .map(|(_, from, to, flow)| {
            let proto = flow.protocol.as_ref().map_or("-".to_string(), |p| {
                format!(
                    "{}/{}",
                    p.name,
                    p.port.map_or("-".into(), |n| n.to_string())
                )
            });
            format!(
                "{} -> {} {proto}",
                design.node(from).path,
                design.node(to).path
            )
        })
        .collect()
}

const FULL_STACK: &str = "
server s {
  load_balancer lb {}
  web_server web {}
  app_server app {}
  database db { engine = postgres }
  database cache { engine = redis }
  monitoring_agent agent {}
}
";

#[test]
fn a_server_target_resolves_to_the_frontmost_component_for_the_protocol() {
    let design = compile(&format!(
        "{FULL_STACK}\ninternet -> s : https\ninternet -> s : postgres\ninternet -> s : redis\ninternet -> s : ssh\n"
    ));
    assert_eq!(
        flows(&design),
        [
            "internet -> s.lb https/443",
            "internet -> s.db postgres/5432",
            "internet -> s.cache redis/6379",
            "internet -> s ssh/22",
        ]
    );
}

#[test]
fn a_database_only_receives_its_engines_protocol() {
    let codes =
        error_codes("server s { database db { engine = postgres } }\ninternet -> s : mysql\n");
    assert_eq!(codes, ["infrac::model::flow_to_nothing"]);
}

#[test]
fn a_declared_port_picks_the_component() {
    let design = compile(
        "server s {\n  web_server web {}\n  app_server app { port = 8000 }\n}\ninternet -> s : http/8000\n",
    );
    assert_eq!(flows(&design), ["internet -> s.app http/8000"]);
}

#[test]
fn a_sending_server_resolves_to_the_component_that_originates_the_protocol() {
    let design = compile(
        "server web1 {\n  web_server nginx {}\n  app_server app {}\n}\nserver db1 { database mysql { engine = mysql } }\nweb1 -> db1 : mysql\n",
    );
    assert_eq!(flows(&design), ["web1.app -> db1.mysql mysql/3306"]);
}

#[test]
fn fan_out_and_chains_expand_to_every_hop() {
    let design = compile(
        "server a { web_server w {} }\nserver b { web_server w {} }\nserver c { app_server x {} }\nserver d { app_server x {} }\n\
         [a, b] -> [c, d] : http\ninternet -> a -> c : http\n",
    );
    assert_eq!(
        flows(&design),
        [
            "a.w -> c.x http/80",
            "a.w -> d.x http/80",
            "b.w -> c.x http/80",
            "b.w -> d.x http/80",
            "internet -> a.w http/80",
            "a.w -> c.x http/80",
        ]
    );
}

#[test]
fn flows_carry_access_and_encryption() {
    let design = compile(
        "server a { app_server app {} }\nserver b { database db { engine = mysql } }\n\
         a -> b : mysql+tls { access = read }\n",
    );
    let (_, _, _, flow) = design.flows().next().expect("flow");
    assert_eq!(flow.access, Access::Read);
    let protocol = flow.protocol.as_ref().expect("protocol");
    assert!(protocol.encrypted);
    assert_eq!(protocol.port, Some(3306));
}

#[test]
fn a_custom_protocol_needs_a_port() {
    assert_eq!(
        error_codes("server a { app_server x { port = 9000 } }\ninternet -> a : thrift\n"),
        ["infrac::model::unknown_protocol"]
    );
    let design =
        compile("server a { app_server x { port = 9000 } }\ninternet -> a : thrift/9000\n");
    assert_eq!(flows(&design), ["internet -> a.x thrift/9000"]);
}

#[test]
fn a_top_level_name_wins_over_a_nested_namesake() {
    // `mysql` is the path of the top-level server, and also a bare name inside `web`.
    let design = compile(
        "server mysql { database db { engine = mysql } }\nserver web {\n  app_server app {}\n  database mysql { engine = mysql }\n}\nweb.app -> mysql : mysql\n",
    );
    assert_eq!(flows(&design), ["web.app -> mysql.db mysql/3306"]);
}

#[test]
fn a_bare_name_with_a_known_head_resolves_below_it() {
    let design = compile(
        "server s {\n  app_server app {}\n  database db { engine = mysql }\n}\nservice ext { external = true }\napp -> ext : https\n",
    );
    assert_eq!(flows(&design), ["s.app -> ext https/443"]);
}

#[test]
fn records_point_at_whoever_owns_their_ip() {
    let design = compile(
        "domain example.com {\n  record www { type = A, value = 203.0.113.5 }\n  record api { type = A, value = 10.9.9.9 }\n  record docs { type = CNAME, value = readthedocs.io }\n}\n\
         server a { public_ip = 203.0.113.5 }\ncluster c { members = [a], vip = 203.0.113.5 }\n",
    );
    let www = design.find("example.com.www").expect("www");
    let targets: Vec<&str> = design
        .related(www, |e| matches!(e, Edge::PointsTo))
        .iter()
        .map(|&id| design.node(id).path.as_str())
        .collect();
    assert_eq!(targets, ["a", "c"]);
    let api = design.find("example.com.api").expect("api");
    assert!(
        design
            .related(api, |e| matches!(e, Edge::PointsTo))
            .is_empty(),
        "dangling"
    );
    let docs = design.find("example.com.docs").expect("docs");
    assert_eq!(
        design.node(docs).attrs.text("value"),
        Some("readthedocs.io")
    );
}

#[test]
fn record_types_are_case_insensitive_and_normalised() {
    let design = compile(
        "domain d.com {\n  record www { type = cname, value = d.com }\n  record @ { type = a, value = 1.2.3.4 }\n}\n",
    );
    let www = design.find("d.com.www").expect("www");
    assert_eq!(design.node(www).attrs.text("type"), Some("CNAME"));
    assert!(design.find("d.com.@").is_some(), "the apex record");
}

#[test]
fn a_firewall_inside_a_server_protects_it() {
    let design = compile(
        "server s {\n  firewall fw {\n    default = deny\n    allow { proto = [http, https], from = internet }\n    deny { from = 10.0.0.0/8 }\n  }\n}\n",
    );
    let fw = design.find("s.fw").expect("fw");
    let s = design.find("s").expect("s");
    assert_eq!(design.related(fw, |e| matches!(e, Edge::Protects)), [s]);
    let rules: Vec<&str> = design
        .children(fw)
        .iter()
        .map(|&r| design.node(r).name.as_str())
        .collect();
    assert_eq!(rules, ["allow#1", "deny#2"]);
    assert_eq!(design.node(design.children(fw)[0]).kind, Kind::Allow);
}

#[test]
fn a_servers_firewall_attribute_and_protects_make_one_edge() {
    let design = compile("server s { firewall = fw }\nfirewall fw { protects = s }\n");
    let fw = design.find("fw").expect("fw");
    assert_eq!(design.related(fw, |e| matches!(e, Edge::Protects)).len(), 1);
}

#[test]
fn commas_and_newlines_both_separate() {
    let a = compile("server s { ip = 10.0.0.1, os = linux, web_server w { static = true } }");
    let b = compile(
        "server s {\n  ip = 10.0.0.1\n  os = linux\n  web_server w {\n    static = true\n  }\n}\n",
    );
    let dump = |d: &Design| {
        serde_json::to_string(&infrac::model::graph_json::graph_json(d, "x", None)).expect("json")
    };
    assert_eq!(dump(&a), dump(&b));
}

#[test]
fn entry_defaults_to_the_internet_and_can_be_set() {
    assert_eq!(
        compile("server a {}").entry,
        compile("server a {}").internet
    );
    let design = compile("entry = users\nservice users { label = \"Office\" }\n");
    assert_eq!(design.node(design.entry).path, "users");
}

#[test]
fn values_of_every_form_are_typed() {
    let design = compile(
        "certificate c { domains = [\"*.example.com\", example.com], expires = 2027-01-31 }\n\
         server s {\n  ip = 2001:db8::1\n  monitoring_agent m { interval = 30s, metrics = [qps, \"p99 latency\"] }\n}\n",
    );
    let json = infrac::model::graph_json::graph_json(&design, "x", None);
    let text = serde_json::to_string(&json).expect("json");
    assert!(
        text.contains(r#""domains":["*.example.com","example.com"]"#),
        "{text}"
    );
    assert!(text.contains(r#""expires":"2027-01-31""#));
    assert!(text.contains(r#""ip":"2001:db8::1""#));
    assert!(text.contains(r#""interval":"30s""#));
    assert!(text.contains(r#""metrics":["qps","p99 latency"]"#));
}

#[test]
fn misplaced_items_are_still_declared_so_errors_do_not_cascade() {
    // The database is in the wrong place, but references to it still resolve.
    let codes = error_codes(
        "database db { engine = mysql }\nserver s { app_server a {} }\ns.a -> db : mysql\n",
    );
    assert_eq!(codes, ["infrac::model::misplaced"]);
}

/// A domain whose first label starts with a digit is written bare where a domain is
/// (its `domain` block, a record's name and value); numbers and addresses stay what they
/// were, and any other item named so is an error with its span.
#[test]
fn domains_may_start_with_a_digit_where_a_domain_is_written() {
    let design = compile(
        "domain 1password.com {\n  record @ { type = A, value = 8.8.8.8 }\n  record 9gag { type = CNAME, value = 9gag.com }\n}\n\
         server web { public_ip = 8.8.8.8, web_server nginx { capacity_qps = 1.5 } }\n\
         internet -> web : http\n",
    );
    let path = |p: &str| {
        design
            .nodes()
            .find(|(_, n)| n.path == p)
            .map(|(id, _)| id)
            .unwrap_or_else(|| panic!("no {p}"))
    };
    assert_eq!(design.node(path("1password.com")).kind, Kind::Domain);
    let record = design.node(path("1password.com.9gag"));
    assert_eq!(
        record.attrs.get("value"),
        Some(&infrac::model::value::AttrValue::Hostname(
            "9gag.com".into()
        ))
    );
    assert_eq!(
        design.node(path("web.nginx")).attrs.get("capacity_qps"),
        Some(&infrac::model::value::AttrValue::Number(1.5))
    );
    assert_eq!(error_codes("server 1web {}\n"), ["infrac::model::bad_name"]);
    assert_eq!(
        error_codes("server web { web_server 9gag {} }\n"),
        ["infrac::model::bad_name"]
    );
    // `1.5.6` is no domain (its last label is a number), and not a value either.
    assert!(!error_codes("server web { ip = 1.5.6 }\n").is_empty());
}
