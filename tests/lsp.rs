//! `infrac lsp` driven by a scripted client over stdio, as an editor would.

use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

struct Client {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
}

impl Client {
    fn start() -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_infrac"))
            .args(["lsp", "--today", "2026-11-23"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn infrac lsp");
        let stdin = child.stdin.take().expect("stdin");
        let stdout = BufReader::new(child.stdout.take().expect("stdout"));
        Client {
            child,
            stdin,
            stdout,
        }
    }

    fn send(&mut self, message: Value) {
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).expect("write");
        self.stdin.flush().expect("flush");
    }

    fn receive(&mut self) -> Value {
        let mut length = 0;
        loop {
            let mut line = String::new();
            self.stdout.read_line(&mut line).expect("header");
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some(n) = line.strip_prefix("Content-Length: ") {
                length = n.parse().expect("length");
            }
        }
        let mut body = vec![0; length];
        self.stdout.read_exact(&mut body).expect("body");
        serde_json::from_slice(&body).expect("JSON")
    }

    /// The next message that is not a notification of another kind.
    fn wait(&mut self, pick: impl Fn(&Value) -> bool) -> Value {
        for _ in 0..20 {
            let m = self.receive();
            if pick(&m) {
                return m;
            }
        }
        panic!("no matching message");
    }

    fn request(&mut self, id: u64, method: &str, params: Value) -> Value {
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        self.wait(|m| m["id"] == id)
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

const URI: &str = "file:///tmp/shop.infra";
const BROKEN: &str = "server web1 {\n  ip = 10.0.0.300\n}\n";
const GOOD: &str =
    "server web1 {\n  web_server nginx { software = nginx }\n}\ninternet -> web1.nginx : http\n";

fn at(line: u32, character: u32) -> Value {
    json!({"textDocument": {"uri": URI}, "position": {"line": line, "character": character}})
}

#[test]
fn an_editor_session_gets_diagnostics_definitions_hovers_and_completions() {
    let mut c = Client::start();
    let init = c.request(1, "initialize", json!({"capabilities": {}}));
    let caps = &init["result"]["capabilities"];
    assert_eq!(caps["hoverProvider"], true);
    assert_eq!(caps["definitionProvider"], true);
    c.notify("initialized", json!({}));

    c.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": URI, "languageId": "infra", "version": 1, "text": BROKEN}}),
    );
    let diags = c.wait(|m| m["method"] == "textDocument/publishDiagnostics");
    let first = &diags["params"]["diagnostics"][0];
    assert_eq!(first["severity"], 1, "an error: {diags}");
    assert_eq!(
        first["range"]["start"]["line"], 1,
        "on the IP's line: {diags}"
    );
    assert!(
        first["message"].as_str().is_some_and(|m| m.contains("300")),
        "{diags}"
    );

    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": URI, "version": 2}, "contentChanges": [{"text": GOOD}]}),
    );
    let diags = c.wait(|m| m["method"] == "textDocument/publishDiagnostics");
    let codes: Vec<&str> = diags["params"]["diagnostics"]
        .as_array()
        .expect("list")
        .iter()
        .filter_map(|d| d["code"].as_str())
        .collect();
    assert!(
        codes.contains(&"single-point-of-failure"),
        "lint findings once it compiles: {codes:?}"
    );

    // `web1.nginx` on line 3 is a reference; its declaration is `nginx` on line 1.
    let def = c.request(2, "textDocument/definition", at(3, 14));
    assert_eq!(def["result"]["range"]["start"]["line"], 1, "{def}");
    assert_eq!(def["result"]["range"]["start"]["character"], 13, "{def}");

    let hover = c.request(3, "textDocument/hover", at(3, 14));
    let text = hover["result"]["contents"]["value"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(
        text.contains("web1.nginx") && text.contains("web server") && text.contains("Nginx"),
        "{text}"
    );

    // Inside the server block: component kinds and server attributes, not top-level kinds.
    let completion = c.request(4, "textDocument/completion", at(1, 2));
    let labels: Vec<&str> = completion["result"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|i| i["label"].as_str())
        .collect();
    for expected in ["web_server", "database", "ip", "public_ip"] {
        assert!(
            labels.contains(&expected),
            "{expected} missing from {labels:?}"
        );
    }
    assert!(
        !labels.contains(&"domain"),
        "a domain cannot be declared in a server: {labels:?}"
    );

    let shutdown = c.request(5, "shutdown", Value::Null);
    assert!(shutdown.get("error").is_none(), "{shutdown}");
    c.notify("exit", Value::Null);
    let status = c.child.wait().expect("exits");
    assert!(status.success());
}
