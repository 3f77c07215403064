//! `infrac watch`: the live preview recompiles on save and the page's state follows —
//! through the real binary and real HTTP.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct Watch {
    child: Child,
    address: String,
}

impl Drop for Watch {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(path: &std::path::Path) -> Watch {
    let mut child = Command::new(env!("CARGO_BIN_EXE_infrac"))
        .args(["watch", "--port", "0", "--today", "2026-11-23"])
        .arg(path)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn infrac watch");
    let stdout = child.stdout.take().expect("stdout");
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .expect("first line");
    let address = line
        .split("http://")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .unwrap_or_else(|| panic!("no address in {line:?}"))
        .to_string();
    Watch { child, address }
}

fn get(address: &str, path: &str) -> String {
    let mut stream = TcpStream::connect(address).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .expect("timeout");
    write!(stream, "GET {path} HTTP/1.0\r\nHost: {address}\r\n\r\n").expect("request");
    let mut response = String::new();
    stream.read_to_string(&mut response).expect("response");
    response
}

/// Wait until `/state` shows something newer than `since` containing `needle`.
fn wait_for(address: &str, since: u64, needle: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(20);
    while Instant::now() < deadline {
        let body = get(address, &format!("/state?since={since}"));
        if body.contains(needle) {
            return body;
        }
    }
    panic!("no state with {needle:?} within 20 s");
}

#[test]
fn the_preview_follows_every_save_and_shows_errors_with_their_source() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("shop.infra");
    let text = std::fs::read_to_string(common::root().join("examples/0-simple_web_stack.infra"))
        .expect("example");
    std::fs::write(&path, &text).expect("write");
    let watch = start(&path);

    let page = get(&watch.address, "/");
    assert!(
        page.starts_with("HTTP/1.") && page.contains("200"),
        "{page}"
    );
    assert!(page.contains("<svg") && page.contains("Simple web stack for www.foobar.com"));
    assert!(
        page.contains("data-version=\"1\""),
        "the page knows its version"
    );

    // Saved by replacing the file, as editors do.
    let renamed = text.replace("srv1", "frontend9");
    let temp = dir.path().join(".shop.infra.tmp");
    std::fs::write(&temp, &renamed).expect("write temp");
    std::fs::rename(&temp, &path).expect("replace");
    let state = wait_for(&watch.address, 1, "frontend9");
    assert!(state.contains("\"version\":"), "{state}");

    std::fs::write(
        &path,
        renamed.replace("server frontend9 {", "server frontend9 { oops"),
    )
    .expect("break it");
    // The excerpt shows the broken line (an empty file mid-write is an error too).
    let state = wait_for(&watch.address, 2, "oops");
    assert!(state.contains("does not compile"), "{state}");
    assert!(
        state.contains("shop.infra:"),
        "errors carry file and line: {state}"
    );

    assert!(get(&watch.address, "/nothing").contains("404"));
}

#[test]
fn watch_refuses_what_it_cannot_watch() {
    let out = Command::new(env!("CARGO_BIN_EXE_infrac"))
        .args(["watch", "no-such-file.infra", "--port", "0"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a file"));
}
