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

/// Send raw bytes and read whatever comes back until the server closes (errors included:
/// a server that stops reading may reset the connection).
fn raw(address: &str, request: &[u8]) -> String {
    let mut stream = TcpStream::connect(address).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .expect("timeout");
    let _ = stream.write_all(request);
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    String::from_utf8_lossy(&response).into_owned()
}

fn status_of(response: &str) -> &str {
    response.split(' ').nth(1).unwrap_or("")
}

fn preview_of_example() -> (tempfile::TempDir, Watch) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("shop.infra");
    std::fs::copy(
        common::root().join("examples/0-simple_web_stack.infra"),
        &path,
    )
    .expect("copy example");
    let watch = start(&path);
    (dir, watch)
}

fn still_serves(watch: &Watch) {
    let page = get(&watch.address, "/");
    assert_eq!(status_of(&page), "200", "{page}");
    assert!(page.contains("<svg"), "{page}");
}

#[test]
fn only_loopback_hosts_and_origins_get_the_design() {
    let (_dir, watch) = preview_of_example();
    let a = &watch.address;
    let port = a.rsplit(':').next().unwrap_or_default();
    let asks = [
        (
            format!("GET / HTTP/1.1\r\nHost: localhost:{port}\r\n\r\n"),
            "200",
        ),
        (
            format!("GET / HTTP/1.1\r\nHost: [::1]:{port}\r\n\r\n"),
            "200",
        ),
        // DNS rebinding: another site's name pointed at 127.0.0.1.
        (
            "GET / HTTP/1.1\r\nHost: evil.example\r\n\r\n".to_string(),
            "403",
        ),
        (
            format!("GET /state HTTP/1.1\r\nHost: evil.example:{port}\r\n\r\n"),
            "403",
        ),
        (
            format!("GET / HTTP/1.1\r\nHost: {a}\r\nOrigin: http://evil.example\r\n\r\n"),
            "403",
        ),
        ("GET / HTTP/1.0\r\n\r\n".to_string(), "400"),
        (format!("POST / HTTP/1.1\r\nHost: {a}\r\n\r\n"), "405"),
        (format!("DELETE / HTTP/1.1\r\nHost: {a}\r\n\r\n"), "405"),
        (format!("OPTIONS / HTTP/1.1\r\nHost: {a}\r\n\r\n"), "405"),
        ("\u{0}\u{1}garbage\r\n\r\n".to_string(), "400"),
    ];
    for (request, expected) in asks {
        let response = raw(a, request.as_bytes());
        assert_eq!(status_of(&response), expected, "{request:?} → {response}");
        if expected != "200" {
            assert!(!response.contains("<svg"), "{request:?} leaked the design");
        }
    }
    let head = raw(
        a,
        format!("HEAD / HTTP/1.1\r\nHost: {a}\r\n\r\n").as_bytes(),
    );
    assert_eq!(status_of(&head), "200");
    assert!(head.ends_with("\r\n\r\n"), "HEAD has no body: {head}");
}

#[test]
fn oversized_heads_and_bodies_are_refused_without_reading_them() {
    let (_dir, watch) = preview_of_example();
    let a = &watch.address;
    // A body claimed at 100 TB is neither read nor allocated.
    for method in ["GET", "POST"] {
        let request =
            format!("{method} / HTTP/1.1\r\nHost: {a}\r\nContent-Length: 99999999999999\r\n\r\nxy");
        let response = raw(a, request.as_bytes());
        assert!(response.starts_with("HTTP/1.1 "), "{method}: {response}");
    }
    still_serves(&watch);

    // A 64 MiB header: refused after the first 16 KiB, never buffered whole.
    let mut stream = TcpStream::connect(a).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .expect("timeout");
    let _ = write!(stream, "GET / HTTP/1.1\r\nHost: {a}\r\nX-Big: ");
    let chunk = vec![b'a'; 1 << 20];
    let mut sent = 0;
    while sent < 64 && stream.write_all(&chunk).is_ok() {
        sent += 1;
    }
    assert!(sent < 64, "the server read a 64 MiB header to the end");
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    let response = String::from_utf8_lossy(&response);
    assert!(
        response.is_empty() || status_of(&response) == "431",
        "{response}"
    );
    assert!(
        resident_kib(&watch) < 200 * 1024,
        "{} KiB resident",
        resident_kib(&watch)
    );
    still_serves(&watch);
}

#[test]
fn a_flood_of_long_polls_is_bounded_and_answered_503_beyond_the_bound() {
    let (_dir, watch) = preview_of_example();
    let a = &watch.address;
    // Long polls that wait: version 1 is current, so `since=1` holds the connection.
    let request = format!("GET /state?since=1 HTTP/1.1\r\nHost: {a}\r\n\r\n");
    let mut held = Vec::new();
    for _ in 0..300 {
        let mut stream = TcpStream::connect(a).expect("connect");
        stream.write_all(request.as_bytes()).expect("request");
        held.push(stream);
    }
    // Give the server a moment to take them all, then count.
    std::thread::sleep(Duration::from_millis(500));
    let threads = threads_of(&watch);
    assert!(threads <= 64 + 8, "{threads} threads for 300 long polls");
    let resident = resident_kib(&watch);
    assert!(resident < 100 * 1024, "{resident} KiB for 300 long polls");
    let busy = raw(a, format!("GET / HTTP/1.1\r\nHost: {a}\r\n\r\n").as_bytes());
    assert_eq!(status_of(&busy), "503", "{busy}");
    assert!(busy.contains("Retry-After"), "{busy}");
    drop(held);
    // Once the clients are gone, their places come back well before the 20 s poll ends.
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let page = raw(a, format!("GET / HTTP/1.1\r\nHost: {a}\r\n\r\n").as_bytes());
        if status_of(&page) == "200" {
            break;
        }
        assert!(Instant::now() < deadline, "still busy: {page}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn a_design_that_once_broke_the_preview_shows_its_error_and_the_next_save_works() {
    let (dir, watch) = preview_of_example();
    let path = dir.path().join("shop.infra");
    // An error past column 65,535 made the report renderer panic in the watcher thread,
    // which left the page empty until restart.
    let long = format!("title = \"{}\" bogus\n", "A".repeat(65_600));
    std::fs::write(&path, long).expect("write");
    let state = wait_for(&watch.address, 1, "does not compile");
    assert!(
        state.contains("shop.infra"),
        "{}",
        &state[..state.len().min(500)]
    );
    let text = std::fs::read_to_string(common::root().join("examples/0-simple_web_stack.infra"))
        .expect("example");
    std::fs::write(&path, text.replace("srv1", "after9")).expect("write");
    wait_for(&watch.address, 2, "after9");
    still_serves(&watch);
}

fn proc_status(watch: &Watch, field: &str) -> u64 {
    let status =
        std::fs::read_to_string(format!("/proc/{}/status", watch.child.id())).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix(field))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

fn threads_of(watch: &Watch) -> u64 {
    proc_status(watch, "Threads:")
}

fn resident_kib(watch: &Watch) -> u64 {
    proc_status(watch, "VmRSS:")
}

/// The JSON body of a `/state` answer.
fn state(address: &str, query: &str) -> serde_json::Value {
    let response = get(address, &format!("/state?{query}"));
    let body = response.split("\r\n\r\n").nth(1).unwrap_or_default();
    serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {response}"))
}

#[test]
fn a_save_that_changes_nothing_is_said_at_once_not_waited_out() {
    let (dir, watch) = preview_of_example();
    let path = dir.path().join("shop.infra");
    let text = std::fs::read_to_string(&path).expect("read");
    let before = state(&watch.address, "since=0");
    assert_eq!(before["version"], 1, "{before}");
    let build = before["build"].as_u64().expect("build");
    // The page's own poll: up to date at version 1 and build `build`.
    let address = watch.address.clone();
    let poll = std::thread::spawn(move || {
        let started = Instant::now();
        let answer = state(&address, &format!("since=1&build={build}"));
        (answer, started.elapsed())
    });
    std::thread::sleep(Duration::from_millis(200));
    std::fs::write(&path, &text).expect("save the same text");
    let (answer, waited) = poll.join().expect("the poll");
    assert_eq!(answer["unchanged"], true, "{answer}");
    assert_eq!(answer["version"], 1, "{answer}");
    assert!(answer.get("html").is_none(), "nothing to swap in: {answer}");
    // Answered by the build, not by the 20 s timeout of a poll.
    assert!(waited < Duration::from_secs(15), "{waited:?}");
}

#[test]
fn a_burst_of_writes_is_built_once_and_shows_the_last() {
    let (dir, watch) = preview_of_example();
    let path = dir.path().join("shop.infra");
    let text = std::fs::read_to_string(&path).expect("read");
    let build = state(&watch.address, "since=0")["build"]
        .as_u64()
        .expect("build");
    // Five writes in a row, as an editor's save (truncate, write, write…) makes events.
    for i in 0..5 {
        let content = if i == 4 {
            text.replace("srv1", "burst7")
        } else {
            format!("{} oops {i}", &text[..text.len() / 2])
        };
        std::fs::write(&path, content).expect("write");
    }
    let shown = wait_for(&watch.address, 1, "burst7");
    let shown: serde_json::Value =
        serde_json::from_str(shown.split("\r\n\r\n").nth(1).unwrap_or_default()).expect("JSON");
    let builds = shown["build"].as_u64().expect("build") - build;
    assert!(builds < 5, "{builds} builds for one burst of five writes");
    assert!(shown["version"].as_u64() < Some(1 + 5), "{shown}");
}
