//! Every kind of bad input gets a precise diagnostic: the table pins each error's code,
//! line, column and width; the snapshots pin what the user reads.

use infrac::Source;
use infrac::diagnostics::Style;
use infrac::span::LineIndex;

/// (name, source, error code, line, column, width of the primary label)
const CASES: &[(&str, &str, &str, usize, usize, usize)] = &[
    ("unknown_kind", "sever srv1 {}\n", "unknown_kind", 1, 1, 5),
    (
        "unknown_attribute",
        "server s { ipp = 1.2.3.4 }\n",
        "unknown_attribute",
        1,
        12,
        3,
    ),
    (
        "unknown_top_attribute",
        "titel = \"x\"\n",
        "unknown_attribute",
        1,
        1,
        5,
    ),
    (
        "duplicate_name",
        "server a {}\nserver a {}\n",
        "duplicate_name",
        2,
        8,
        1,
    ),
    (
        "duplicate_attribute",
        "server a {\n  ip = 10.0.0.1\n  ip = 10.0.0.2\n}\n",
        "duplicate_attribute",
        3,
        3,
        2,
    ),
    (
        "database_at_top_level",
        "database db { engine = mysql }\n",
        "misplaced",
        1,
        1,
        8,
    ),
    (
        "server_in_server",
        "server a {\n  server b {}\n}\n",
        "misplaced",
        2,
        3,
        6,
    ),
    (
        "record_at_top_level",
        "record www { type = A }\n",
        "misplaced",
        1,
        1,
        6,
    ),
    ("missing_name", "server {}\n", "missing_name", 1, 1, 6),
    ("dotted_name", "server a.b {}\n", "bad_name", 1, 8, 3),
    ("apex_name_on_server", "server @ {}\n", "bad_name", 1, 8, 1),
    (
        "reserved_name",
        "server internet {}\n",
        "reserved_name",
        1,
        8,
        8,
    ),
    (
        "string_for_ip",
        "server a { ip = \"10.0.0.1\" }\n",
        "wrong_type",
        1,
        17,
        10,
    ),
    (
        "unknown_algorithm",
        "server a {\n  load_balancer lb { algorithm = roundrobin }\n}\n",
        "wrong_type",
        2,
        34,
        10,
    ),
    (
        "unknown_record_type",
        "domain d.com {\n  record www { type = CNAMEE }\n}\n",
        "wrong_type",
        2,
        23,
        6,
    ),
    (
        "members_not_a_list",
        "server lb1 {}\ncluster c { members = lb1 }\n",
        "wrong_type",
        2,
        23,
        3,
    ),
    (
        "unresolved_reference",
        "server a { firewall = fw }\n",
        "unresolved",
        1,
        23,
        2,
    ),
    (
        "unresolved_path_typo",
        "server a { database db {} }\nserver b { database r { replica_of = a.bd } }\n",
        "unresolved",
        2,
        38,
        4,
    ),
    (
        "ambiguous_reference",
        "server a { web_server nginx {} }\nserver b { web_server nginx {} }\ninternet -> nginx : http\n",
        "ambiguous",
        3,
        13,
        5,
    ),
    (
        "tls_is_not_a_certificate",
        "server a {\n  web_server w { tls = a }\n}\n",
        "wrong_kind",
        2,
        24,
        1,
    ),
    (
        "replica_of_an_app_server",
        "server a {\n  app_server app {}\n  database db { role = replica, replica_of = a.app }\n}\n",
        "wrong_kind",
        3,
        46,
        5,
    ),
    (
        "flow_to_nothing",
        "server a {}\ninternet -> a : http\n",
        "flow_to_nothing",
        2,
        13,
        1,
    ),
    (
        "ambiguous_receiver",
        "server a {\n  web_server one {}\n  web_server two {}\n}\ninternet -> a : http\n",
        "ambiguous_receiver",
        5,
        13,
        1,
    ),
    (
        "unknown_protocol",
        "server a { web_server w {} }\ninternet -> a : htp\n",
        "unknown_protocol",
        2,
        17,
        3,
    ),
    (
        "self_flow",
        "server a { web_server w {} }\na.w -> a.w : http\n",
        "self_flow",
        2,
        1,
        10,
    ),
    (
        "certificate_as_endpoint",
        "certificate c {}\ninternet -> c : https\n",
        "not_an_endpoint",
        2,
        13,
        1,
    ),
    (
        "flow_inside_block",
        "server a {\n  web_server w {}\n  internet -> w : http\n}\n",
        "misplaced_statement",
        3,
        3,
        20,
    ),
    (
        "block_inside_flow_body",
        "server a { web_server w {} }\ninternet -> a.w : http { server x {} }\n",
        "misplaced_statement",
        2,
        26,
        11,
    ),
    (
        "unknown_flow_attribute",
        "server a { web_server w {} }\ninternet -> a.w : http { acess = read }\n",
        "unknown_attribute",
        2,
        26,
        5,
    ),
    (
        "record_value_without_dot",
        "domain d.com {\n  record www { type = A, value = lb }\n}\n",
        "unresolved",
        2,
        34,
        2,
    ),
    (
        "short_ip",
        "server s {\n  ip = 8.8.8\n}\n",
        "unexpected",
        2,
        8,
        5,
    ),
    (
        "ip_octet_too_large",
        "server s { ip = 300.1.1.1 }\n",
        "bad_ip",
        1,
        17,
        9,
    ),
    (
        "cidr_prefix_too_long",
        "firewall f { allow { from = 10.0.0.0/33 } }\n",
        "bad_ip",
        1,
        29,
        11,
    ),
    (
        "impossible_date",
        "certificate c { expires = 2027-02-30 }\n",
        "bad_date",
        1,
        27,
        10,
    ),
    (
        "port_out_of_range",
        "server a { web_server w {} }\ninternet -> a.w : http/70000\n",
        "bad_port",
        2,
        24,
        5,
    ),
    (
        "unterminated_string",
        "title = \"Simple web stack\n",
        "unterminated_string",
        1,
        9,
        17,
    ),
    ("bad_escape", "title = \"a\\qb\"\n", "bad_escape", 1, 11, 2),
    ("single_quotes", "title = 'x'\n", "unexpected", 1, 9, 1),
    (
        "brace_on_next_line",
        "server s\n{\n}\n",
        "unexpected",
        1,
        9,
        0,
    ),
    (
        "missing_separator",
        "server s { ip = 10.0.0.1 os = linux }\n",
        "unexpected",
        1,
        26,
        2,
    ),
    (
        "unclosed_block",
        "server s {\n  ip = 10.0.0.1\n",
        "unexpected",
        3,
        1,
        0,
    ),
    (
        "protocol_before_last_target",
        "a -> b : http -> c\n",
        "unexpected",
        1,
        15,
        2,
    ),
    (
        "nesting_too_deep",
        "a = [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]\n",
        "too_deep",
        1,
        37,
        1,
    ),
    (
        "number_too_large",
        "domain d.com {\n  record www { ttl = 99999999999999999999 }\n}\n",
        "number_out_of_range",
        2,
        22,
        20,
    ),
    // Misuse of the real-infrastructure constructs (LANGUAGE.md "Failure domains" onwards).
    (
        "zone_on_component",
        "zone a {}\nserver s {\n  web_server w { zone = a }\n}\n",
        "zone_on_component",
        3,
        18,
        8,
    ),
    (
        "managed_in_server",
        "server s { database d { managed = true } }\n",
        "managed_in_server",
        1,
        25,
        14,
    ),
    (
        "unmanaged_cache_at_top_level",
        "cache sessions { engine = redis }\n",
        "misplaced",
        1,
        1,
        5,
    ),
    (
        "min_above_max",
        "server web {\n  min = 4\n  max = 2\n}\n",
        "group_size",
        2,
        3,
        7,
    ),
    (
        "count_and_min",
        "server web { count = 2, min = 1 }\n",
        "conflicting_attributes",
        1,
        25,
        7,
    ),
    (
        "desired_outside_range",
        "server web { min = 2, max = 4, desired = 6 }\n",
        "group_size",
        1,
        32,
        11,
    ),
    (
        "zero_servers",
        "server web { count = 0 }\n",
        "group_size",
        1,
        14,
        9,
    ),
    (
        "zones_on_one_server",
        "zone a {}\nzone b {}\nserver s { zones = [a, b] }\n",
        "not_a_group",
        3,
        12,
        14,
    ),
    (
        "zone_and_zones",
        "zone a {}\nserver s { count = 2, zone = a, zones = [a] }\n",
        "conflicting_attributes",
        2,
        33,
        11,
    ),
    (
        "ip_on_group",
        "server web { count = 3, ip = 10.0.0.1 }\n",
        "address_on_group",
        1,
        25,
        13,
    ),
    (
        "zone_not_in_region",
        "region eu { zone a {} }\nregion us { zone b {} }\nserver s { zone = a, region = us }\n",
        "zone_not_in_region",
        3,
        22,
        11,
    ),
    (
        "backup_not_a_backend",
        "server lb { load_balancer h { backends = [web1], backup = [web2] } }\nserver web1 { web_server n {} }\nserver web2 { web_server n {} }\n",
        "not_a_backend",
        1,
        50,
        15,
    ),
    (
        "proxied_without_edge",
        "server s { public_ip = 8.8.8.8 }\ndomain d.com {\n  record www { type = A, value = 8.8.8.8, proxied = true }\n}\n",
        "proxied_without_edge",
        3,
        43,
        14,
    ),
    (
        "failover_without_health_check",
        "server a { public_ip = 1.1.1.1 }\nserver b { public_ip = 2.2.2.2 }\ndomain d.com {\n  record www { type = A, value = [a, b], routing = failover }\n}\n",
        "bad_routing",
        4,
        42,
        18,
    ),
    (
        "port_taken",
        "server s {\n  web_server a { port = 8080 }\n  app_server b { listen = [http/8080] }\n}\n",
        "port_taken",
        3,
        18,
        20,
    ),
    (
        "unknown_listener_protocol",
        "server s { app_server a { listen = [htps] } }\n",
        "unknown_protocol",
        1,
        37,
        4,
    ),
    (
        "flow_into_tunnel",
        "cdn cf {}\nserver s { tunnel t {} }\ncf -> s.t : http\n",
        "wrong_direction",
        3,
        7,
        3,
    ),
    (
        "flow_into_network",
        "network office { cidr = 203.0.113.0/24 }\nserver s { web_server w {} }\ns.w -> office : https\n",
        "wrong_direction",
        3,
        8,
        6,
    ),
    (
        "consumes_from_a_database",
        "server a { app_server w {} }\nserver b { database d {} }\na.w -> b.d : mysql { consumes = true }\n",
        "wrong_direction",
        3,
        8,
        3,
    ),
    (
        "rule_with_from_and_to",
        "firewall f { allow { from = internet, to = internet } }\n",
        "conflicting_attributes",
        1,
        39,
        13,
    ),
    (
        "wildcard_name_on_server",
        "server * {}\n",
        "bad_name",
        1,
        8,
        1,
    ),
];

fn compile_errors(source: &str) -> infrac::Diagnostics {
    match infrac::compile(Source::new("input.infra", source)) {
        Ok(_) => panic!("expected an error for:\n{source}"),
        Err(diagnostics) => diagnostics,
    }
}

#[test]
fn each_bad_input_has_its_exact_error_and_span() {
    let mut failures = Vec::new();
    for &(name, source, code, line, column, width) in CASES {
        let diagnostics = compile_errors(source);
        let first = &diagnostics.errors[0];
        let span = first.span().expect("a span");
        let position = LineIndex::new(source).position(span.start());
        let got = (first.code(), position.line, position.column, span.len());
        let want = (
            format!("infrac::{}::{code}", stage_of(code)),
            line,
            column,
            width,
        );
        if got != want {
            failures.push(format!("{name}: got {got:?}, want {want:?}"));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn every_case_renders_with_source_and_caret() {
    insta::with_settings!({ snapshot_path => "../snapshots/diagnostics", prepend_module_to_snapshot => false }, {
        for &(name, source, ..) in CASES {
            let rendered = compile_errors(source).render(Style::PLAIN);
            insta::assert_snapshot!(name, rendered);
        }
    });
}

#[test]
fn there_are_many_distinct_cases() {
    let names: std::collections::BTreeSet<_> = CASES.iter().map(|c| c.0).collect();
    assert_eq!(names.len(), CASES.len(), "case names must be unique");
    assert!(CASES.len() >= 25);
}

#[test]
fn all_errors_in_a_file_are_reported_in_source_order() {
    let source = "sever a {}\nserver b { ipp = 1.2.3.4 }\nserver b {}\nb -> nowhere : http\n";
    let diagnostics = compile_errors(source);
    let codes: Vec<String> = diagnostics.errors.iter().map(|e| e.code()).collect();
    assert_eq!(
        codes,
        [
            "infrac::model::unknown_kind",
            "infrac::model::unknown_attribute",
            "infrac::model::duplicate_name",
            "infrac::model::unresolved",
        ]
    );
}

#[test]
fn duplicate_names_point_at_both_declarations() {
    let diagnostics = compile_errors("server a {}\nserver a {}\n");
    let labels: Vec<_> = miette::Diagnostic::labels(&diagnostics.errors[0])
        .expect("labels")
        .map(|l| (l.offset(), l.label().map(str::to_string)))
        .collect();
    assert_eq!(
        labels,
        [
            (19, Some("declared again here".to_string())),
            (7, Some("first declared here".to_string())),
        ]
    );
}

fn stage_of(code: &str) -> &'static str {
    const SYNTAX: &[&str] = &[
        "unexpected",
        "unterminated_string",
        "bad_escape",
        "bad_ip",
        "bad_date",
        "number_out_of_range",
        "bad_port",
        "too_deep",
        "too_large",
    ];
    if SYNTAX.contains(&code) {
        "syntax"
    } else {
        "model"
    }
}

#[test]
fn several_syntax_errors_are_reported_in_one_run() {
    let source = "server a {\n  ip = 8.8.8\n}\n\nx y z\nserver c { ip = 10.0.0.1 os = linux }\ntitle = \"fine\"\nserver d {\n";
    let diagnostics = compile_errors(source);
    let lines = LineIndex::new(source);
    let found: Vec<(String, usize)> = diagnostics
        .errors
        .iter()
        .map(|e| (e.code(), lines.line(e.span().expect("span").start())))
        .collect();
    let unexpected = "infrac::syntax::unexpected".to_string();
    assert_eq!(
        found,
        [
            (unexpected.clone(), 2),
            (unexpected.clone(), 5),
            (unexpected.clone(), 6),
            (unexpected, 9)
        ]
    );
}

#[test]
fn statements_that_only_fail_together_still_get_an_error() {
    // Each line parses alone; the missing separator is only visible in context.
    let diagnostics = compile_errors("server a {} server b {}\n");
    assert_eq!(diagnostics.errors.len(), 1);
    assert_eq!(diagnostics.errors[0].code(), "infrac::syntax::unexpected");
}

#[test]
fn large_files_parse_in_batches_with_exact_spans() {
    // ~400 KB: several parsing batches, spread over threads.
    let mut text = infrac::synth::tiered_design(2_000);
    assert!(text.len() > 4 * infrac::syntax::BATCH_BYTES);
    let file = infrac::syntax::parse(&text).expect("parses");
    // Every block's span starts with its kind and ends with its closing brace.
    let mut blocks = 0;
    for statement in &file.statements {
        if let infrac::syntax::ast::Statement::Block(b) = statement {
            let source = &text[b.span.range()];
            assert!(source.starts_with(&b.kind.name), "{source:.40}");
            assert!(source.ends_with('}'), "{source:.40}");
            blocks += 1;
        }
    }
    assert!(blocks > 2_000);
    // Errors in two different batches are both found, at their exact places.
    let first_bad = text.len() / 3;
    let line_start = text[..first_bad].rfind('\n').map_or(0, |i| i + 1);
    text.insert_str(line_start, "sever x {}\n");
    text.push_str("server broken {\n  ip = 10.0.0\n}\n");
    let errors = compile_errors(&text).errors;
    let lines = LineIndex::new(&text);
    let found: Vec<(String, usize)> = errors
        .iter()
        .map(|e| (e.code(), lines.line(e.span().expect("span").start())))
        .collect();
    let last_line = text.lines().count() - 1;
    assert_eq!(
        found,
        [("infrac::syntax::unexpected".to_string(), last_line)]
    );
    let text = text.replace("server broken {\n  ip = 10.0.0\n}\n", "");
    let errors = compile_errors(&text).errors;
    assert_eq!(errors[0].code(), "infrac::model::unknown_kind");
    assert_eq!(
        lines.line(errors[0].span().expect("span").start()),
        lines.line(line_start)
    );
}
