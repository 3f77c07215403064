//! `infrac fmt`: canonical layout, every comment kept, a fixed point.

use infrac::syntax::{format, parse};

fn fmt(text: &str) -> String {
    let file = parse(text).unwrap_or_else(|e| panic!("parse failed: {e:?}"));
    let once = format(text, &file);
    let again = format(&once, &parse(&once).expect("formatted output parses"));
    assert_eq!(again, once, "formatting is not idempotent for:\n{text}");
    once
}

#[test]
fn one_statement_per_line_with_two_space_indent() {
    assert_eq!(
        fmt("server a{ip=10.0.0.1,os=linux\nweb_server w{software=nginx}}\ninternet->a.w:http"),
        "server a {\n  ip = 10.0.0.1\n  os = linux\n  web_server w { software = nginx }\n}\ninternet -> a.w : http\n"
    );
}

#[test]
fn attributes_align_their_equals_signs_within_a_run() {
    assert_eq!(
        fmt(
            "certificate c {\n  domains = [\"a.com\"]\n  issuer = \"LE\"\n\n  expires = 2027-01-01\n}\n"
        ),
        "certificate c {\n  domains = [\"a.com\"]\n  issuer  = \"LE\"\n\n  expires = 2027-01-01\n}\n"
    );
}

#[test]
fn one_line_blocks_align_kind_and_name_columns() {
    assert_eq!(
        fmt(
            "server s {\n  web_server nginx { software = nginx }\n  app_server app { runtime = node }\n  database db { engine = mysql }\n}\n"
        ),
        "server s {\n  web_server nginx { software = nginx }\n  app_server app   { runtime = node }\n  database   db    { engine = mysql }\n}\n"
    );
}

#[test]
fn a_block_written_over_lines_stays_over_lines() {
    let text = "server s {\n  web_server w {\n    software = nginx\n  }\n}\n";
    assert_eq!(fmt(text), text);
}

#[test]
fn empty_blocks_collapse() {
    assert_eq!(fmt("server s {\n\n}\n"), "server s {}\n");
}

#[test]
fn a_one_line_block_that_is_too_wide_is_broken_up() {
    let long = "x".repeat(90);
    assert_eq!(
        fmt(&format!("server s {{ os = \"{long}\", ip = 10.0.0.1 }}\n")),
        format!("server s {{\n  os = \"{long}\"\n  ip = 10.0.0.1\n}}\n")
    );
}

#[test]
fn long_lists_go_one_item_per_line_with_trailing_commas() {
    let items: Vec<String> = (1..=12).map(|i| format!("web{i:02}")).collect();
    let text = format!("cluster c {{\n  members = [{}]\n}}\n", items.join(", "));
    let expected_items: String = items.iter().map(|i| format!("    {i},\n")).collect();
    assert_eq!(
        fmt(&text),
        format!("cluster c {{\n  members = [\n{expected_items}  ]\n}}\n")
    );
}

#[test]
fn short_lists_written_over_lines_are_joined() {
    assert_eq!(fmt("x = [\n  1,\n  2\n]\n"), "x = [1, 2]\n");
}

#[test]
fn blank_lines_are_kept_but_never_doubled() {
    assert_eq!(fmt("a = 1\n\n\n\nb = 2\n"), "a = 1\n\nb = 2\n");
    assert_eq!(fmt("\n\na = 1\n"), "a = 1\n");
}

#[test]
fn comments_keep_their_place() {
    let text = "\
# header comment

# about a
server a {  # opening
  ip = 10.0.0.1  # trailing
  # dangling at the end of the block
}  # after the block
// slashes too
internet -> a : ssh  # trailing on a flow
# at the end of the file
";
    assert_eq!(fmt(text), text);
}

#[test]
fn trailing_comments_align_across_consecutive_lines() {
    assert_eq!(
        fmt("a = 1 # one\nbbb = 22 # two\nc = 3\n"),
        "a   = 1   # one\nbbb = 22  # two\nc   = 3\n"
    );
}

#[test]
fn a_trailing_comment_belongs_to_the_last_statement_on_its_line() {
    assert_eq!(fmt("a = 1, b = 2 # about b\n"), "a = 1\nb = 2  # about b\n");
}

#[test]
fn comments_inside_lists_are_kept_with_their_items() {
    assert_eq!(
        fmt("m = [\n  qps, # requests per second\n  # errors matter\n  errors\n]\n"),
        "m = [\n  qps,  # requests per second\n  # errors matter\n  errors,\n]\n"
    );
}

#[test]
fn a_comment_with_no_line_of_its_own_moves_before_its_statement() {
    assert_eq!(
        fmt("[a, # first\n b] -> c : http\n"),
        "# first\n[a, b] -> c : http\n"
    );
}

#[test]
fn values_print_canonically() {
    assert_eq!(
        fmt("a = \"tab\\there \\u{e9}\"\nb = 2001:0db8:0000::0001\nc = 1.50\nd = 90d\n"),
        "a = \"tab\\there é\"\nb = 2001:db8::1\nc = 1.50\nd = 90d\n"
    );
}

#[test]
fn flow_bodies_follow_the_block_rules() {
    assert_eq!(
        fmt("a -> b : mysql {access=read}\nc -> d {\naccess = read\n}\n"),
        "a -> b : mysql { access = read }\nc -> d {\n  access = read\n}\n"
    );
}

#[test]
fn comment_only_files_keep_their_comments() {
    assert_eq!(fmt("# nothing yet\n"), "# nothing yet\n");
}

#[test]
fn domains_that_start_with_a_digit_round_trip() {
    let text = "domain 1password.com {\n  record 9gag { type = CNAME, value = 9gag.com }\n}\n";
    assert_eq!(fmt(text), text);
}
