//! What `-o` may and may not replace (issue 13, items 11 and 12): never an input of the
//! run, however it is named; devices, pipes and links to them are written to, not
//! replaced; a symlink keeps pointing where it did; a failed run leaves earlier outputs
//! as they were; no temporary file outlives a run.

#![cfg(unix)]

mod common;

use common::Test;
use std::path::Path;
use std::process::Stdio;

const GOOD: &str = "server a {\n  web_server w { software = nginx }\n}\ninternet -> a : http\n";
const BROKEN: &str = "server a { bogus }\n";

fn temp_files(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .expect("read dir")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".infrac-"))
        .collect()
}

#[test]
fn an_output_over_an_input_is_refused_however_it_is_named() {
    for (output, stdin) in [
        ("same.infra", false),
        ("sub/../same.infra", false),
        ("./link.infra", false),
        ("hard.infra", false),
        ("same.infra", true),
    ] {
        let test = Test::new().write("same.infra", GOOD).write("sub/x", "");
        std::os::unix::fs::symlink("same.infra", test.path().join("link.infra")).expect("link");
        std::fs::hard_link(
            test.path().join("same.infra"),
            test.path().join("hard.infra"),
        )
        .expect("hard link");
        let input = if stdin { "-" } else { "same.infra" };
        let dir = test.path().to_path_buf();
        let test = test.args(["render", "--format", "dot", input, "-o", output]);
        let mut command = test.command();
        if stdin {
            command.stdin(std::fs::File::open(dir.join("same.infra")).expect("open"));
        }
        let out = command.output().expect("run infrac");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(3), "{output}: {stderr}");
        assert_eq!(
            stderr,
            format!("error: {output}: is an input of this run; refusing to write over it\n")
        );
        let design = std::fs::read_to_string(dir.join("same.infra")).expect("read");
        assert_eq!(design, GOOD, "{output}");
    }
}

#[test]
fn the_configuration_file_is_an_input_too() {
    let out = Test::new()
        .write("a.infra", GOOD)
        .write("infrac.toml", "deny_warnings = false\n")
        .args(["render", "--format", "dot", "a.infra", "-o", "infrac.toml"])
        .run();
    assert_eq!(out.status, 3, "{}", out.stderr);
    assert_eq!(out.read("infrac.toml"), "deny_warnings = false\n");
}

#[test]
fn a_failed_run_leaves_the_earlier_output_as_it_was() {
    let out = Test::new()
        .write("a.infra", BROKEN)
        .write("a.svg", "earlier")
        .args(["render", "a.infra", "-o", "a.svg"])
        .run();
    assert_eq!(out.status, 2);
    assert_eq!(out.read("a.svg"), "earlier");
    assert_eq!(temp_files(&out.dir), Vec::<String>::new());
}

#[test]
fn one_broken_design_of_several_keeps_its_earlier_output() {
    let out = Test::new()
        .write("d/a.infra", GOOD)
        .write("d/b.infra", BROKEN)
        .write("out/a.svg", "earlier a")
        .write("out/b.svg", "earlier b")
        .args(["render", "d", "-o", "out"])
        .run();
    assert_eq!(out.status, 2);
    assert!(out.read("out/a.svg").starts_with("<svg"));
    assert_eq!(out.read("out/b.svg"), "earlier b");
}

#[test]
fn a_symlink_keeps_pointing_at_the_replaced_file() {
    let test = Test::new()
        .write("a.infra", GOOD)
        .write("real/a.svg", "earlier");
    std::os::unix::fs::symlink("real/a.svg", test.path().join("a.svg")).expect("link");
    let out = test.args(["render", "a.infra", "-o", "a.svg"]).run();
    assert_eq!(out.status, 0, "{}", out.stderr);
    let link = std::fs::symlink_metadata(out.dir.join("a.svg")).expect("link");
    assert!(link.file_type().is_symlink());
    assert!(out.read("real/a.svg").starts_with("<svg"));
    assert_eq!(temp_files(&out.dir.join("real")), Vec::<String>::new());
}

#[test]
fn a_symlink_to_nothing_is_refused() {
    let test = Test::new().write("a.infra", GOOD);
    std::os::unix::fs::symlink("missing/a.svg", test.path().join("a.svg")).expect("link");
    let out = test.args(["render", "a.infra", "-o", "a.svg"]).run();
    assert_eq!(out.status, 3);
    assert_eq!(
        out.stderr,
        "error: a.svg: is a symlink to a file that does not exist; give the path to write\n"
    );
}

/// A link to the process's own standard output (what `-o /dev/stdout` is) and a FIFO
/// are written to; replacing them with a file would lose the output.
#[test]
fn pipes_and_links_to_standard_output_get_the_bytes() {
    let test = Test::new().write("a.infra", GOOD);
    std::os::unix::fs::symlink("/proc/self/fd/1", test.path().join("out.dot")).expect("link");
    let out = test
        .args(["render", "--format", "dot", "a.infra", "-o", "out.dot"])
        .run();
    assert_eq!(out.status, 0, "{}", out.stderr);
    assert!(out.stdout.starts_with("digraph"), "{}", out.stdout);
    let link = std::fs::symlink_metadata(out.dir.join("out.dot")).expect("link");
    assert!(link.file_type().is_symlink());
}

/// `-o -` is standard output for every command that writes one, never a file called `-`;
/// several designs still need a directory.
#[test]
fn a_dash_output_is_standard_output() {
    for args in [
        ["render", "--format", "dot", "a.infra", "-o", "-"].as_slice(),
        ["explain", "a.infra", "-o", "-"].as_slice(),
        [
            "check",
            "--exit-zero",
            "--format",
            "json",
            "a.infra",
            "-o",
            "-",
        ]
        .as_slice(),
        ["graph", "a.infra", "-o", "-"].as_slice(),
    ] {
        let mut test = Test::new().write("a.infra", GOOD);
        for arg in args {
            test = test.arg(arg);
        }
        let out = test.run();
        assert_eq!(out.status, 0, "{args:?}: {}", out.stderr);
        assert!(
            !out.stdout.is_empty(),
            "{args:?} wrote nothing to standard output"
        );
        assert!(
            !out.dir.join("-").exists(),
            "{args:?} wrote a file called -"
        );
    }
    let out = Test::new()
        .write("a.infra", GOOD)
        .write("b.infra", GOOD)
        .args(["render", "a.infra", "b.infra", "-o", "-"])
        .run();
    assert_eq!(out.status, 3, "{}", out.stdout);
    assert!(out.stderr.contains("need `-o DIR`"), "{}", out.stderr);
    let out = Test::new()
        .write("a.infra", GOOD)
        .write("b.infra", GOOD)
        .args(["explain", "--series", "a.infra", "b.infra", "-o", "-"])
        .run();
    assert_eq!(out.status, 3, "{}", out.stdout);
    assert!(out.stderr.contains("give a directory"), "{}", out.stderr);
    assert!(
        !out.dir.join("-").exists(),
        "--series made a directory called -"
    );
}

/// Markdown written through a pipe (`-o /dev/stdout`, here a link to it) has no folder to
/// keep its picture in: nothing is saved beside the link (once, `/dev/stdout.svg`).
#[test]
fn an_explanation_through_a_pipe_saves_no_picture_beside_it() {
    let test = Test::new().write("a.infra", GOOD);
    std::os::unix::fs::symlink("/proc/self/fd/1", test.path().join("out.md")).expect("link");
    let out = test.args(["explain", "a.infra", "-o", "out.md"]).run();
    assert_eq!(out.status, 0, "{}", out.stderr);
    assert!(out.stdout.starts_with("# "), "{}", out.stdout);
    assert!(!out.stdout.contains("out.svg"), "{}", out.stdout);
    assert!(
        !out.dir.join("out.svg").exists(),
        "a picture was saved beside the pipe"
    );
}

#[test]
fn a_fifo_is_written_to_and_stays_a_fifo() {
    let test = Test::new().write("a.infra", GOOD);
    let fifo = test.path().join("out.dot");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo");
    assert!(made.success());
    let reader = std::thread::spawn({
        let fifo = fifo.clone();
        move || std::fs::read_to_string(fifo).expect("read fifo")
    });
    let test = test.args(["render", "--format", "dot", "a.infra", "-o", "out.dot"]);
    let out = test
        .command()
        .stdout(Stdio::null())
        .output()
        .expect("run infrac");
    assert_eq!(out.status.code(), Some(0));
    assert!(reader.join().expect("reader").starts_with("digraph"));
    let meta = std::fs::symlink_metadata(&fifo).expect("fifo");
    assert!(!meta.is_file(), "the FIFO was replaced by a file");
}

#[test]
fn a_failed_write_removes_its_temporary_file() {
    // A folder where the file should go: the rename fails after the bytes are written.
    let out = Test::new()
        .write("a.infra", GOOD)
        .write("a.svg/keep", "")
        .args(["render", "a.infra", "-o", "a.svg"])
        .run();
    assert_eq!(out.status, 3);
    assert!(
        out.stderr.starts_with("error: a.svg: cannot write: "),
        "{}",
        out.stderr
    );
    assert_eq!(temp_files(&out.dir), Vec::<String>::new());
}

#[test]
fn temporary_files_a_killed_run_left_are_removed_by_the_next_write() {
    let test = Test::new()
        .write("a.infra", GOOD)
        .write(".infrac-AbC123.tmp", "half a diagram")
        .write(".infrac-XyZ789.tmp", "a write under way");
    let old = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    std::fs::File::options()
        .write(true)
        .open(test.path().join(".infrac-AbC123.tmp"))
        .and_then(|f| f.set_modified(old))
        .expect("age the file");
    let out = test.args(["render", "a.infra", "-o", "a.svg"]).run();
    assert_eq!(out.status, 0, "{}", out.stderr);
    assert_eq!(temp_files(&out.dir), vec![".infrac-XyZ789.tmp".to_string()]);
}

#[test]
fn fmt_rewrites_a_linked_design_and_keeps_the_link() {
    let test = Test::new().write("real/a.infra", "server a {web_server w {software=nginx}}\n");
    std::os::unix::fs::symlink("real/a.infra", test.path().join("a.infra")).expect("link");
    let out = test.args(["fmt", "a.infra"]).run();
    assert_eq!(out.status, 0, "{}", out.stderr);
    let link = std::fs::symlink_metadata(out.dir.join("a.infra")).expect("link");
    assert!(link.file_type().is_symlink());
    assert!(out.read("real/a.infra").contains("software = nginx"));
}
