//! Every command that writes, with its output on a full disk and into a closed pipe
//! (issue 13, item 2). `print!` panicked on both (exit 101); now a failed write is one
//! line and exit 3, and a closed pipe (`infrac graph big.infra | head -c1`) a quiet end
//! with the run's own exit code.

#![cfg(target_os = "linux")]

mod common;

use common::Test;
use std::fs::File;
use std::io::Read;
use std::process::{Output, Stdio};

/// A design with findings (the single server is a SPOF, no monitoring, ...).
const ONE_SERVER: &str = include_str!("../examples/0-simple_web_stack.infra");
const THREE_SERVERS: &str = include_str!("../examples/1-distributed_web_infrastructure.infra");
const DRAWIO: &[u8] = include_bytes!("import/drawio/distributed.drawio");

/// Each command that writes to standard output, with what it needs on standard input.
const COMMANDS: &[(&[&str], &str)] = &[
    (&["check", "a.infra"], ""),
    (&["check", "--format", "json", "a.infra"], ""),
    (&["check", "--format", "sarif", "a.infra"], ""),
    (&["check", "--format", "github", "a.infra"], ""),
    (&["graph", "a.infra"], ""),
    (&["render", "a.infra"], ""),
    (&["render", "--format", "dot", "a.infra"], ""),
    (&["render", "--format", "mermaid", "a.infra"], ""),
    (&["render", "--format", "drawio", "a.infra"], ""),
    (&["render", "--format", "png", "a.infra"], ""),
    (&["explain", "a.infra"], ""),
    (&["explain", "--format", "html", "a.infra"], ""),
    (&["diff", "a.infra", "b.infra"], ""),
    (&["diff", "--format", "json", "a.infra", "b.infra"], ""),
    (&["whatif", "a.infra", "--fail", "srv1"], ""),
    (
        &["whatif", "a.infra", "--fail-each", "--format", "json"],
        "",
    ),
    (&["fmt", "-"], ONE_SERVER),
    (&["import", "d.drawio"], ""),
    (&["rules"], ""),
    (&["rules", "single-point-of-failure"], ""),
    (&["completions", "bash"], ""),
    (&["man"], ""),
    (&["man", "check"], ""),
    (&["--help"], ""),
    (&["check", "--help"], ""),
    (&["--version"], ""),
];

fn test(args: &[&str]) -> Test {
    let mut test = Test::new()
        .write("a.infra", ONE_SERVER)
        .write("b.infra", THREE_SERVERS)
        .write("d.drawio", DRAWIO);
    for arg in args {
        test = test.arg(arg);
    }
    test
}

/// Run with standard output (`stdout`) or standard error connected to `stream`.
fn run_with(args: &[&str], stdin: &str, stdout: Option<Stdio>, stderr: Option<Stdio>) -> Output {
    let test = test(args);
    let mut command = test.command();
    if let Some(stdout) = stdout {
        command.stdout(stdout);
    }
    if let Some(stderr) = stderr {
        command.stderr(stderr);
    }
    let mut child = command.spawn().expect("spawn infrac");
    if let Some(mut input) = child.stdin.take() {
        use std::io::Write;
        input.write_all(stdin.as_bytes()).expect("write stdin");
    }
    child.wait_with_output().expect("run infrac")
}

fn dev_full() -> Stdio {
    Stdio::from(
        File::options()
            .write(true)
            .open("/dev/full")
            .expect("open /dev/full"),
    )
}

/// A pipe whose reading end is already closed: the first write fails with EPIPE.
fn closed_pipe() -> Stdio {
    let (reader, writer) = std::io::pipe().expect("pipe");
    drop(reader);
    Stdio::from(writer)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn every_command_says_so_in_one_line_when_standard_output_is_full() {
    for (args, stdin) in COMMANDS {
        let what = args.join(" ");
        let out = run_with(args, stdin, Some(dev_full()), None);
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(3), "{what}: {stderr}");
        assert!(
            stderr.ends_with(
                "error: cannot write to standard output: No space left on device (os error 28)\n"
            ),
            "{what}: {stderr}"
        );
        assert!(!stderr.contains("panicked"), "{what}: {stderr}");
    }
}

#[test]
fn every_command_ends_quietly_with_its_own_exit_code_into_a_closed_pipe() {
    for (args, stdin) in COMMANDS {
        let what = args.join(" ");
        let normal = run_with(args, stdin, None, None);
        assert!(
            !normal.stdout.is_empty(),
            "{what} writes to standard output"
        );
        let out = run_with(args, stdin, Some(closed_pipe()), None);
        assert_eq!(
            out.status.code(),
            normal.status.code(),
            "{what}: {}",
            text(&out.stderr)
        );
        assert_eq!(text(&out.stderr), text(&normal.stderr), "{what}");
    }
}

/// `infrac graph big.infra | head -c1`: the reader takes one byte and goes, while the
/// output is far larger than a pipe holds.
#[test]
fn a_reader_that_leaves_after_one_byte_ends_the_run_quietly() {
    let mut big = String::new();
    for i in 0..400 {
        big.push_str(&format!(
            "server s{i} {{\n  web_server w {{ software = nginx }}\n}}\ninternet -> s{i}.w : http\n"
        ));
    }
    let test = Test::new()
        .write("big.infra", &big)
        .args(["graph", "big.infra"]);
    let mut command = test.command();
    let mut child = command.spawn().expect("spawn infrac");
    let mut stdout = child.stdout.take().expect("stdout");
    let mut byte = [0u8; 1];
    stdout.read_exact(&mut byte).expect("one byte");
    drop(stdout);
    let out = child.wait_with_output().expect("run infrac");
    assert_eq!(byte, *b"{");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stderr), "");
}

/// The human `check` report is the command's output on standard output; with standard
/// error gone, the run keeps its own exit code.
#[test]
fn the_human_check_report_does_not_need_standard_error() {
    let normal = run_with(&["check", "a.infra"], "", None, None);
    assert!(!normal.stdout.is_empty());
    for stderr in [dev_full(), closed_pipe()] {
        let out = run_with(&["check", "a.infra"], "", None, Some(stderr));
        assert_eq!(out.status.code(), normal.status.code());
        assert_eq!(out.stdout, normal.stdout);
    }
}

/// Messages on standard error are best effort: with nowhere to say them, the run still
/// ends with its own code instead of a panic.
#[test]
fn a_diagnostic_with_standard_error_gone_keeps_the_exit_code() {
    for stderr in [dev_full(), closed_pipe()] {
        let test = Test::new()
            .write("c.infra", "server a { bogus }\n")
            .args(["render", "c.infra"]);
        let out = test.command().stderr(stderr).output().expect("run infrac");
        assert_eq!(out.status.code(), Some(2));
    }
}

#[test]
fn the_language_server_stops_with_exit_3_when_the_editor_cannot_be_written() {
    let body = r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}"#;
    let message = format!("Content-Length: {}\r\n\r\n{body}", body.len());
    let out = run_with(&["lsp"], &message, Some(dev_full()), None);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    assert!(
        stderr.starts_with("error: cannot write to the editor"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
}
