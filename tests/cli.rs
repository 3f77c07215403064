//! The binary's contract: inputs, outputs, exit codes (LANGUAGE.md §5).

mod common;
use common::Test;

const GOOD: &str = "server a {\n  web_server w { software = nginx }\n}\ninternet -> a : http\n";
/// A design with no findings at all.
const CLEAN: &str = include_str!("../examples/highly_available.infra");
const BAD: &str = "server a {\n  web_server w { sofware = nginx }\n}\n";

#[test]
fn check_passes_a_clean_file() {
    let out = Test::new()
        .write("a.infra", CLEAN)
        .args(["check", "a.infra"])
        .run();
    assert_eq!(out.status, 0, "{}", out.stdout);
    assert!(
        out.stdout.ends_with("checked 1 file: no findings\n"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.starts_with(
            "a.infra: estimated availability: requests 99.989 % (4.0 nines, 5 min/month down)"
        ),
        "{}",
        out.stdout
    );
}

#[test]
fn check_exits_2_with_a_located_diagnostic() {
    let out = Test::new()
        .write("a.infra", BAD)
        .args(["check", "a.infra"])
        .run();
    assert_eq!(out.status, 2);
    assert!(
        out.stdout
            .contains("unknown attribute `sofware` for a web server")
    );
    assert!(out.stdout.contains("a.infra:2:18"), "{}", out.stdout);
    assert!(out.stdout.contains("did you mean `software`?"));
}

#[test]
fn check_reads_standard_input() {
    let out = Test::new().args(["check", "-"]).stdin(BAD).run();
    assert_eq!(out.status, 2);
    assert!(out.stdout.contains("<stdin>:2:18"), "{}", out.stdout);
}

#[test]
fn check_walks_directories_in_name_order() {
    let out = Test::new()
        .write("d/b.infra", BAD)
        .write("d/sub/a.infra", BAD)
        .write("d/notes.txt", "not a design")
        .args(["check", "--format", "json", "d"])
        .run();
    assert_eq!(out.status, 2);
    let json: serde_json::Value = serde_json::from_str(&out.stdout).expect("json");
    assert_eq!(
        json["files"],
        serde_json::json!(["d/b.infra", "d/sub/a.infra"])
    );
    assert_eq!(json["errors"].as_array().map(Vec::len), Some(2));
    assert_eq!(
        json["errors"][0]["code"],
        "infrac::model::unknown_attribute"
    );
    assert_eq!(
        json["errors"][0]["span"]["start"],
        serde_json::json!({"line": 2, "column": 18})
    );
}

#[test]
fn check_json_for_clean_files_has_the_contract_shape() {
    let out = Test::new()
        .write("a.infra", CLEAN)
        .args(["check", "--format", "json", "a.infra"])
        .run();
    assert_eq!(out.status, 0);
    let json: serde_json::Value = serde_json::from_str(&out.stdout).expect("json");
    assert_eq!(json["version"], 1);
    assert_eq!(json["files"], serde_json::json!(["a.infra"]));
    assert_eq!(json["findings"], serde_json::json!([]));
    assert_eq!(
        json["summary"],
        serde_json::json!({"errors": 0, "warnings": 0, "notes": 0})
    );
}

#[test]
fn one_bad_file_does_not_hide_the_others() {
    let out = Test::new()
        .write("a.infra", BAD)
        .write("b.infra", CLEAN)
        .write("c.infra", BAD)
        .args(["check", "a.infra", "b.infra", "c.infra"])
        .run();
    assert_eq!(out.status, 2);
    assert_eq!(out.stdout.matches("unknown attribute").count(), 2);
    assert!(
        out.stdout
            .ends_with("checked 3 files: 2 files could not be checked\n"),
        "{}",
        out.stdout
    );
}

#[test]
fn unusable_inputs_are_one_line_errors_with_exit_3() {
    let cases: [(&str, &[u8], &str); 3] = [
        ("empty.infra", b"", "empty.infra: file is empty"),
        ("blank.infra", b"  \n\n", "blank.infra: file is empty"),
        (
            "latin1.infra",
            b"title = \"caf\xe9\"\n",
            "latin1.infra: not valid UTF-8 at line 1, column 13 (byte 0xe9 at offset 12)",
        ),
    ];
    for (name, contents, message) in cases {
        let out = Test::new()
            .write(name, contents)
            .args(["check", name])
            .run();
        assert_eq!(out.status, 3, "{name}");
        // On standard error, with the report's summary on standard output.
        assert_eq!(
            out.stderr.lines().next(),
            Some(format!("error: {message}").as_str())
        );
        assert!(out.stdout.contains("1 file could not be checked"), "{name}");
    }
}

#[test]
fn missing_paths_and_empty_directories_exit_3() {
    let out = Test::new().args(["check", "nope.infra"]).run();
    assert_eq!(out.status, 3);
    assert_eq!(
        out.stderr.trim(),
        "error: nope.infra: no such file or directory"
    );

    let test = Test::new().write("d/readme.md", "x");
    let out = test.args(["check", "d"]).run();
    assert_eq!(out.status, 3);
    assert_eq!(
        out.stderr.trim(),
        "error: d: directory contains no .infra files"
    );
}

#[test]
fn a_directory_that_cannot_be_read_as_a_file_exits_3() {
    let out = Test::new()
        .write("d.infra/inner.txt", "x")
        .args(["graph", "d.infra"])
        .run();
    assert_eq!(out.status, 3, "{}", out.stderr);
}

#[test]
fn a_byte_order_mark_is_ignored() {
    let out = Test::new()
        .write("a.infra", format!("\u{feff}{CLEAN}"))
        .args(["check", "a.infra"])
        .run();
    assert_eq!(out.status, 0, "{}", out.stderr);
}

#[test]
fn usage_errors_exit_3_and_help_exits_0() {
    assert_eq!(Test::new().args(["check"]).run().status, 3);
    assert_eq!(Test::new().args(["frobnicate"]).run().status, 3);
    assert_eq!(
        Test::new()
            .args(["check", "--format", "xml", "a"])
            .run()
            .status,
        3
    );
    let help = Test::new().args(["--help"]).run();
    assert_eq!(help.status, 0);
    assert!(help.stdout.contains("check"));
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let piped = Test::new()
        .write("a.infra", BAD)
        .args(["check", "a.infra"])
        .run();
    assert!(!piped.stdout.contains('\u{1b}'), "no escapes when piped");
    let forced = Test::new()
        .write("a.infra", BAD)
        .args(["--color", "always", "check", "a.infra"])
        .run();
    assert!(forced.stdout.contains('\u{1b}'));
    let no_color = Test::new()
        .write("a.infra", BAD)
        .env("NO_COLOR", "1")
        .args(["check", "a.infra"])
        .run();
    assert!(!no_color.stdout.contains('\u{1b}'));
}

#[test]
fn fmt_rewrites_in_place_and_check_then_passes() {
    let messy = "server a {web_server w {software=nginx}}\ninternet->a:http\n";
    let test = Test::new().write("a.infra", messy);
    let out = test.args(["fmt", "a.infra"]).run();
    assert_eq!(out.status, 0, "{}", out.stderr);
    assert_eq!(
        out.read("a.infra"),
        "server a {\n  web_server w { software = nginx }\n}\ninternet -> a : http\n"
    );
}

#[test]
fn fmt_check_reports_without_writing() {
    let messy = "title=\"x\"\n";
    let out = Test::new()
        .write("a.infra", messy)
        .args(["fmt", "--check", "a.infra"])
        .run();
    assert_eq!(out.status, 1);
    assert!(out.stderr.contains("would reformat a.infra"));
    assert_eq!(out.read("a.infra"), messy);
}

#[test]
fn fmt_leaves_a_file_with_syntax_errors_untouched() {
    let broken = "server a {\n  ip = 8.8.8\n}\n";
    let out = Test::new()
        .write("a.infra", broken)
        .args(["fmt", "a.infra"])
        .run();
    assert_eq!(out.status, 2);
    assert_eq!(out.read("a.infra"), broken);
    let leftovers: Vec<_> = std::fs::read_dir(&out.dir)
        .expect("dir")
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "no temp files left behind");
}

#[test]
fn fmt_formats_standard_input_to_standard_output() {
    let out = Test::new().args(["fmt", "-"]).stdin("a=1,b=2").run();
    assert_eq!(out.status, 0);
    assert_eq!(out.stdout, "a = 1\nb = 2\n");
}

#[test]
fn fmt_keeps_file_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let test = Test::new().write("a.infra", "title=\"x\"\n");
    let path = test.path().join("a.infra");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).expect("chmod");
    let out = test.args(["fmt", "a.infra"]).run();
    assert_eq!(out.status, 0);
    let mode = std::fs::metadata(out.dir.join("a.infra"))
        .expect("meta")
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o640);
}

#[test]
fn graph_dumps_resolved_flows_as_json() {
    let out = Test::new()
        .write("a.infra", GOOD)
        .args(["graph", "a.infra"])
        .run();
    assert_eq!(out.status, 0, "{}", out.stderr);
    let json: serde_json::Value = serde_json::from_str(&out.stdout).expect("json");
    let flow = &json["edges"]
        .as_array()
        .expect("edges")
        .iter()
        .find(|e| e["kind"] == "flow")
        .cloned();
    let flow = flow.as_ref().expect("a flow");
    assert_eq!(flow["from"], "internet");
    assert_eq!(
        flow["to"], "a.w",
        "server-level target resolved to its web server"
    );
    assert_eq!(flow["port"], 80);
    assert_eq!(flow["encrypted"], false);
}

#[test]
fn graph_writes_output_atomically_and_keeps_it_on_failure() {
    let test = Test::new()
        .write("good.infra", GOOD)
        .write("bad.infra", BAD);
    let dir = test.path().to_path_buf();
    let out = test.args(["graph", "good.infra", "-o", "model.json"]).run();
    assert_eq!(out.status, 0);
    let first = out.read("model.json");
    assert!(first.contains("\"version\": 1"));
    // A failing run must not touch the earlier output.
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_infrac"))
        .args(["graph", "bad.infra", "-o", "model.json"])
        .current_dir(&dir)
        .output()
        .expect("run");
    assert_eq!(status.status.code(), Some(2));
    assert_eq!(
        std::fs::read_to_string(dir.join("model.json")).expect("read"),
        first
    );
    drop(out);
}

#[test]
fn hostile_nesting_is_an_error_not_a_stack_overflow() {
    let deep = format!("a = {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
    let out = Test::new()
        .write("deep.infra", &deep)
        .args(["check", "deep.infra"])
        .run();
    assert_eq!(out.status, 2, "{}", out.stdout);
    assert!(out.stdout.contains("nesting deeper than 32 levels"));
    let blocks = format!("{}{}", "server a { ".repeat(50_000), "}".repeat(50_000));
    let out = Test::new()
        .write("deep.infra", &blocks)
        .args(["fmt", "deep.infra"])
        .run();
    assert_eq!(out.status, 2);
}

#[test]
fn endless_inputs_stop_at_the_size_limit_while_reading() {
    // /dev/zero never ends: the read stops one byte past 256 MiB, not at memory's end.
    let out = Test::new().args(["check", "/dev/zero"]).run();
    assert_eq!(out.status, 3, "{}", out.stderr);
    assert!(
        out.stderr.contains("larger than the limit of 256 MiB"),
        "{}",
        out.stderr
    );
    // A regular file over the limit is refused from its size, before reading.
    let test = Test::new();
    let big = std::fs::File::create(test.path().join("big.infra")).expect("create");
    big.set_len(300 * 1024 * 1024).expect("sparse file");
    let out = test.args(["check", "big.infra"]).run();
    assert_eq!(out.status, 3, "{}", out.stderr);
    assert!(
        out.stderr.contains("big.infra: larger than the limit"),
        "{}",
        out.stderr
    );
}

#[test]
fn endless_standard_input_stops_at_the_size_limit() {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_infrac"))
        .args(["check", "-"])
        .stdin(std::fs::File::open("/dev/zero").expect("/dev/zero"))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut stderr = String::new();
    use std::io::Read as _;
    child
        .stderr
        .take()
        .expect("stderr")
        .read_to_string(&mut stderr)
        .expect("read");
    assert_eq!(child.wait().expect("wait").code(), Some(3), "{stderr}");
    assert!(
        stderr.contains("<stdin>: larger than the limit"),
        "{stderr}"
    );
}

#[test]
fn invalid_utf8_is_shown_with_its_line_and_a_caret() {
    let out = Test::new()
        .write("bad.infra", b"title = \"x\"\nserver w\xffb {}\n")
        .args(["check", "bad.infra"])
        .run();
    assert_eq!(out.status, 3);
    assert!(
        out.stderr.contains(
            "bad.infra: not valid UTF-8 at line 2, column 9 (byte 0xff at offset 20)\n  |\n2 | server w\u{FFFD}b {}\n  |         ^"
        ),
        "{}",
        out.stderr
    );
}
