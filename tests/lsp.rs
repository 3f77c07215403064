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

impl Client {
    fn send_raw(&mut self, bytes: &[u8]) {
        self.stdin.write_all(bytes).expect("write");
        self.stdin.flush().expect("flush");
    }

    fn initialized() -> Client {
        let mut c = Client::start();
        let init = c.request(1, "initialize", json!({"capabilities": {}}));
        assert!(init.get("result").is_some(), "{init}");
        c.notify("initialized", json!({}));
        c
    }

    /// The next message, which must be an error reply with `code` to id `null`.
    fn expect_error(&mut self, code: i64, what: &str) {
        let reply = self.receive();
        assert_eq!(reply["error"]["code"], code, "{what}: {reply}");
        assert_eq!(reply["id"], Value::Null, "{what}: {reply}");
    }

    /// The session still answers: a request gets its own reply.
    fn still_answers(&mut self, id: u64) {
        let reply = self.request(id, "textDocument/hover", at(0, 0));
        assert!(reply.get("result").is_some(), "{reply}");
    }

    fn resident_kib(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .unwrap_or_default();
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.split_whitespace().next())
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    }
}

fn framed(body: &[u8]) -> Vec<u8> {
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body);
    out
}

#[test]
fn a_malformed_message_gets_its_json_rpc_error_and_the_session_goes_on() {
    let mut c = Client::initialized();
    let bodies: [(&[u8], i64, &str); 5] = [
        (b"this is not json", -32700, "not JSON"),
        (b"null", -32600, "null"),
        (
            br#"[{"jsonrpc":"2.0","id":50,"method":"shutdown"}]"#,
            -32600,
            "a batch",
        ),
        (
            b"{\"jsonrpc\":\"2.0\",\"id\":51,\"method\":\"\xff\xfe\"}",
            -32700,
            "invalid UTF-8",
        ),
        (
            br#"{"jsonrpc":"2.0","id":{"x":1},"method":"shutdown"}"#,
            -32600,
            "an object id",
        ),
    ];
    for (i, (body, code, what)) in bodies.into_iter().enumerate() {
        c.send_raw(&framed(body));
        c.expect_error(code, what);
        c.still_answers(100 + i as u64);
    }
}

#[test]
fn broken_framing_is_answered_and_the_next_message_is_found() {
    let mut c = Client::initialized();
    let good = br#"{"jsonrpc":"2.0","id":7,"method":"textDocument/hover","params":{"textDocument":{"uri":"file:///x.infra"},"position":{"line":0,"character":0}}}"#;
    let headers: [&[u8]; 6] = [
        b"Content-Length: -5\r\n\r\n{}",
        b"Content-Length: many\r\n\r\n{}",
        b"Content-Type: application/json\r\n\r\n{}",
        b"Content-Length: 99999999999999\r\n\r\n{}",
        b"Content-Length: 1000000000\r\n\r\n{}",
        b"Content-Length: 5\r\n\r\n{\"jsonrpc\":\"2.0\",\"id\":3}",
    ];
    for header in headers {
        c.send_raw(header);
        c.send_raw(&framed(good));
        let what = String::from_utf8_lossy(header).into_owned();
        let mut reply = c.receive();
        // A short length yields a parse error for its cut body and then one for the rest.
        while reply.get("error").is_some() && reply["id"].is_null() {
            reply = c.receive();
        }
        assert_eq!(reply["id"], 7, "after {what:?}: {reply}");
    }
    assert!(
        c.resident_kib() < 100 * 1024,
        "{} KiB after a claimed 10^14-byte message",
        c.resident_kib()
    );
}

#[test]
fn a_lone_surrogate_in_a_document_is_checked_not_fatal() {
    let mut c = Client::initialized();
    let body = format!(
        r#"{{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{{"textDocument":{{"uri":"{URI}","languageId":"infra","version":1,"text":"title = \"a\ud800b\"\nbogus"}}}}}}"#
    );
    c.send_raw(&framed(body.as_bytes()));
    let diags = c.wait(|m| m["method"] == "textDocument/publishDiagnostics");
    assert_eq!(
        diags["params"]["diagnostics"][0]["range"]["start"]["line"], 1,
        "{diags}"
    );
    c.still_answers(2);
}

#[test]
fn the_lifecycle_is_kept_without_ending_the_session_early() {
    let mut c = Client::start();
    let early = c.request(1, "textDocument/hover", at(0, 0));
    assert_eq!(early["error"]["code"], -32002, "before initialize: {early}");
    c.request(2, "initialize", json!({"capabilities": {}}));
    let again = c.request(3, "initialize", json!({"capabilities": {}}));
    assert_eq!(again["error"]["code"], -32600, "{again}");
    let bad = c.request(4, "textDocument/hover", json!({"textDocument": 5}));
    assert_eq!(bad["error"]["code"], -32602, "invalid params: {bad}");
    let unknown = c.request(5, "workspace/symbol", json!({"query": ""}));
    assert_eq!(unknown["error"]["code"], -32601, "{unknown}");
    c.request(6, "shutdown", Value::Null);
    let late = c.request(7, "textDocument/hover", at(0, 0));
    assert_eq!(late["error"]["code"], -32600, "after shutdown: {late}");
    c.notify("exit", Value::Null);
    assert_eq!(c.child.wait().expect("exits").code(), Some(0));
}

#[test]
fn exit_without_shutdown_exits_1() {
    let mut c = Client::initialized();
    c.notify("exit", Value::Null);
    assert_eq!(c.child.wait().expect("exits").code(), Some(1));
}

fn open(c: &mut Client, version: i32, text: &str) -> Value {
    c.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": URI, "languageId": "infra", "version": version, "text": text}}),
    );
    c.wait(|m| m["method"] == "textDocument/publishDiagnostics")
}

fn labels(reply: &Value) -> Vec<String> {
    reply["result"]
        .as_array()
        .map(|items| {
            items
                .iter()
                .filter_map(|i| i["label"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn completion_hover_and_definition_keep_working_while_the_file_has_errors() {
    // `web_sever` does not compile; the rest of the file still answers.
    let text = "server web1 {\n  web_sever x {}\n  database db { engine = mysql,  }\n}\ninternet -> web1 : http\n";
    let mut c = Client::initialized();
    let diags = open(&mut c, 1, text);
    assert_eq!(diags["params"]["version"], 1, "versioned: {diags}");
    // In the one-line database block, after `engine = mysql, `: its other attributes.
    let got = labels(&c.request(2, "textDocument/completion", at(2, 32)));
    assert!(got.contains(&"role".to_string()), "{got:?}");
    assert!(!got.contains(&"engine".to_string()), "already set: {got:?}");
    assert!(!got.contains(&"ip".to_string()), "a server's: {got:?}");
    let mut unique = got.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), got.len(), "no duplicates: {got:?}");
    // The values of an attribute, from the schema.
    let with_role = text.replace("mysql,  }", "mysql, role =  }");
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": URI, "version": 2}, "contentChanges": [{"text": with_role}]}),
    );
    assert_eq!(
        labels(&c.request(3, "textDocument/completion", at(2, 40))),
        ["primary", "replica"]
    );
    let hover = c.request(4, "textDocument/hover", at(4, 13));
    assert!(
        hover["result"]["contents"]["value"]
            .as_str()
            .is_some_and(|v| v.contains("web1")),
        "{hover}"
    );
    let def = c.request(5, "textDocument/definition", at(4, 13));
    assert_eq!(def["result"]["range"]["start"]["line"], 0, "{def}");
}

#[test]
fn a_did_you_mean_error_has_a_quick_fix_that_replaces_the_word() {
    let text = "server web1 {\n  web_sever nginx {}\n}\n";
    let mut c = Client::initialized();
    let diags = open(&mut c, 7, text);
    let first = diags["params"]["diagnostics"][0].clone();
    assert_eq!(first["data"]["replace"], "web_server", "{diags}");
    let actions = c.request(
        2,
        "textDocument/codeAction",
        json!({
            "textDocument": {"uri": URI},
            "range": first["range"],
            "context": {"diagnostics": [first]},
        }),
    );
    let action = &actions["result"][0];
    assert_eq!(action["kind"], "quickfix", "{actions}");
    let edit = &action["edit"]["changes"][URI][0];
    assert_eq!(edit["newText"], "web_server", "{actions}");
    assert_eq!(edit["range"]["start"], json!({"line": 1, "character": 2}));
    assert_eq!(edit["range"]["end"], json!({"line": 1, "character": 11}));
}

#[test]
fn formatting_and_the_outline_come_through_the_protocol() {
    let text = "server web1 {\nweb_server nginx {   }\n}\nserver db { database pg { engine = postgres } }\n";
    let mut c = Client::initialized();
    open(&mut c, 1, text);
    let caps = c.request(9, "initialize", json!({"capabilities": {}}));
    assert!(caps.get("error").is_some(), "initialized once");
    let document = json!({"textDocument": {"uri": URI}});
    let edits = c.request(
        2,
        "textDocument/formatting",
        json!({"textDocument": {"uri": URI}, "options": {"tabSize": 2, "insertSpaces": true}}),
    );
    let new_text = edits["result"][0]["newText"].as_str().unwrap_or_default();
    assert!(new_text.contains("\n  web_server nginx {}\n"), "{edits}");
    assert_eq!(
        edits["result"][0]["range"]["start"],
        json!({"line": 0, "character": 0})
    );
    assert_eq!(
        edits["result"][0]["range"]["end"],
        json!({"line": 4, "character": 0})
    );
    let outline = c.request(3, "textDocument/documentSymbol", document);
    let names: Vec<&str> = outline["result"]
        .as_array()
        .expect("symbols")
        .iter()
        .filter_map(|s| s["name"].as_str())
        .collect();
    assert_eq!(names, ["web1", "db"], "{outline}");
    assert_eq!(
        outline["result"][1]["children"][0]["name"], "pg",
        "{outline}"
    );
}

#[test]
fn a_burst_of_queued_changes_is_checked_once_for_the_last_version() {
    let mut c = Client::initialized();
    open(&mut c, 1, GOOD);
    // Ten changes in one write, as an editor queues them while a check runs.
    let mut burst = Vec::new();
    for version in 2..=11 {
        let text = format!("{GOOD}# edit {version}\n");
        let body = json!({"jsonrpc": "2.0", "method": "textDocument/didChange",
            "params": {"textDocument": {"uri": URI, "version": version},
                       "contentChanges": [{"text": text}]}})
        .to_string();
        burst.extend(framed(body.as_bytes()));
    }
    c.send_raw(&burst);
    let mut published = Vec::new();
    loop {
        let m = c.receive();
        if m["method"] == "textDocument/publishDiagnostics" {
            published.push(m["params"]["version"].clone());
            if m["params"]["version"] == 11 {
                break;
            }
        }
    }
    // One check, for version 11 (a machine busy enough to pause the reader between two
    // frames for the quiet period may split the burst; never into ten).
    assert!(published.len() < 10, "{published:?}");
    assert_eq!(published.last(), Some(&json!(11)));
}

fn change(c: &mut Client, version: i32, text: &str) -> Value {
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": URI, "version": version}, "contentChanges": [{"text": text}]}),
    );
    c.wait(|m| {
        m["method"] == "textDocument/publishDiagnostics" && m["params"]["version"] == version
    })
}

fn codes(diags: &Value) -> Vec<String> {
    diags["params"]["diagnostics"]
        .as_array()
        .map(|ds| {
            ds.iter()
                .filter_map(|d| d["code"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn hover_definition_and_completion_answer_from_the_last_good_design_while_the_file_does_not_parse()
{
    let mut c = Client::initialized();
    let diags = open(&mut c, 1, GOOD);
    assert!(
        codes(&diags).contains(&"single-point-of-failure".to_string()),
        "it compiles: {diags}"
    );
    // A flow being typed at the top, and an unclosed block at the end: nothing parses.
    let typing = format!("internet -> \n{GOOD}server oops {{\n  web_server\n");
    let diags = change(&mut c, 2, &typing);
    assert_eq!(
        diags["params"]["diagnostics"][0]["severity"], 1,
        "the error is shown: {diags}"
    );
    // `web1.nginx` in the flow, one line further down than when it compiled.
    let hover = c.request(2, "textDocument/hover", at(4, 14));
    assert!(
        hover["result"]["contents"]["value"]
            .as_str()
            .is_some_and(|v| v.contains("web1.nginx")),
        "{hover}"
    );
    let def = c.request(3, "textDocument/definition", at(4, 14));
    assert_eq!(
        def["result"]["range"]["start"],
        json!({"line": 2, "character": 13}),
        "{def}"
    );
    // Items declared below the cursor come from the last good design.
    let got = labels(&c.request(4, "textDocument/completion", at(0, 12)));
    assert!(got.contains(&"web1.nginx".to_string()), "{got:?}");
    assert!(got.contains(&"web1".to_string()), "{got:?}");
}

const SHOP: &str = "server web1 {\n  database mysql { engine = mysql, role = primary }\n  web_server nginx { software = nginx }\n}\nserver web2 {\n  database mysql { engine = mysql, role = replica, replica_of = web1.mysql }\n}\ninternet -> web1.nginx : http\nweb1.nginx -> web1.mysql : mysql\n";

/// `text` with LSP text edits applied (ASCII text: characters are bytes).
fn apply_edits(text: &str, edits: &Value) -> String {
    let offset = |p: &Value| -> usize {
        let line = p["line"].as_u64().unwrap_or(0) as usize;
        let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
        start + p["character"].as_u64().unwrap_or(0) as usize
    };
    let mut edits: Vec<(usize, usize, String)> = edits
        .as_array()
        .expect("edits")
        .iter()
        .map(|e| {
            (
                offset(&e["range"]["start"]),
                offset(&e["range"]["end"]),
                e["newText"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    edits.sort_by_key(|e| std::cmp::Reverse(e.0));
    let mut out = text.to_string();
    for (start, end, new) in edits {
        out.replace_range(start..end, &new);
    }
    out
}

#[test]
fn references_and_rename_follow_the_design_s_names() {
    let mut c = Client::initialized();
    open(&mut c, 1, SHOP);
    let caps = c.request(9, "initialize", json!({"capabilities": {}}));
    assert!(caps.get("error").is_some());
    // On `mysql` of `replica_of = web1.mysql` (line 5): web1's database.
    let refs = c.request(
        2,
        "textDocument/references",
        json!({"textDocument": {"uri": URI}, "position": {"line": 5, "character": 71},
               "context": {"includeDeclaration": true}}),
    );
    let lines: Vec<u64> = refs["result"]
        .as_array()
        .expect("locations")
        .iter()
        .filter_map(|l| l["range"]["start"]["line"].as_u64())
        .collect();
    assert_eq!(
        lines,
        [1, 5, 8],
        "declaration, replica_of, the flow; not web2's: {refs}"
    );

    let prepare = c.request(3, "textDocument/prepareRename", at(5, 71));
    assert_eq!(
        prepare["result"],
        json!({"start": {"line": 5, "character": 69}, "end": {"line": 5, "character": 74}}),
        "{prepare}"
    );
    let refused = c.request(4, "textDocument/prepareRename", at(7, 3));
    assert!(
        refused.get("error").is_some(),
        "internet is built in: {refused}"
    );

    let rename = c.request(
        5,
        "textDocument/rename",
        json!({"textDocument": {"uri": URI}, "position": {"line": 5, "character": 71}, "newName": "primary_db"}),
    );
    let renamed = apply_edits(SHOP, &rename["result"]["changes"][URI]);
    assert!(
        renamed.contains("replica_of = web1.primary_db"),
        "{renamed}"
    );
    assert!(
        renamed.contains("web1.nginx -> web1.primary_db : mysql"),
        "{renamed}"
    );
    assert!(
        renamed.contains("  database mysql { engine = mysql, role = replica"),
        "{renamed}"
    );
    let diags = change(&mut c, 2, &renamed);
    assert!(
        codes(&diags).contains(&"no-https".to_string()),
        "the renamed design compiles (lint runs): {diags}"
    );
    let clash = c.request(
        6,
        "textDocument/rename",
        json!({"textDocument": {"uri": URI}, "position": {"line": 1, "character": 12}, "newName": "nginx"}),
    );
    assert!(
        clash.get("error").is_some(),
        "web1 already holds an nginx: {clash}"
    );
}

#[test]
fn a_finding_with_a_mechanical_fix_has_a_quick_fix_that_removes_it() {
    let text = "server lb1 {\n  load_balancer haproxy {\n    algorithm = round_robin\n  }\n}\n";
    let mut c = Client::initialized();
    let diags = open(&mut c, 1, text);
    let finding = diags["params"]["diagnostics"]
        .as_array()
        .expect("list")
        .iter()
        .find(|d| d["code"] == "no-health-check")
        .cloned()
        .unwrap_or_else(|| panic!("no-health-check fires: {diags}"));
    let actions = c.request(
        2,
        "textDocument/codeAction",
        json!({"textDocument": {"uri": URI}, "range": finding["range"],
               "context": {"diagnostics": [finding]}}),
    );
    let action = &actions["result"][0];
    assert_eq!(action["kind"], "quickfix", "{actions}");
    let fixed = apply_edits(text, &action["edit"]["changes"][URI]);
    assert!(
        fixed.contains("    algorithm = round_robin\n    health_check = \"/health\"\n"),
        "{fixed}"
    );
    let diags = change(&mut c, 2, &fixed);
    assert!(
        !codes(&diags).contains(&"no-health-check".to_string()),
        "{diags}"
    );
    let edits = c.request(
        3,
        "textDocument/formatting",
        json!({"textDocument": {"uri": URI}, "options": {"tabSize": 2, "insertSpaces": true}}),
    );
    // The fixed file formats (the formatter lines up the `=` of the block).
    let formatted = edits["result"][0]["newText"].as_str().unwrap_or_default();
    assert!(
        formatted.contains("    algorithm    = round_robin\n    health_check = \"/health\"\n"),
        "{edits}"
    );
}

/// The diagnostics one session publishes for an edit must be exactly those a session
/// that opens the edited text fresh publishes: whatever the server reuses from check to
/// check (the kept parse, the kept scan, the last good design) must not show.
#[test]
fn diagnostics_after_each_edit_are_those_of_a_fresh_check() {
    let base = include_str!("../examples/1-distributed_web_infrastructure.infra");
    let edits: Vec<String> = vec![
        base.replace("10.0.0.11", "10.0.0.13"),
        base.replace("10.0.0.11", "10.0.0.300"),
        base.replace("server web2 {", "server web2 {{"),
        base.replace(
            "# Two more",
            "# infrac: allow(no-firewall) on purpose\n# Two more",
        ),
        base.replace("lb1 -> [web1, web2] : http\n", ""),
        base.replace(
            "server lb1 {",
            "server web3 { ip = 10.0.0.14 }\nserver lb1 {",
        ),
        base.replace("web2.app -> web2.mysql", "web2.app -> web9.mysql"),
        base.replace("role = replica,", "role = replica, bogus = 1,"),
        base.replace("\"/health\"", "\"/health"),
        format!("{base}\n# a comment at the end\n"),
        base.replace("record www { type = A, value = lb1 }", ""),
        base.to_string(),
        String::new(),
        base.to_string(),
    ];
    let mut editing = Client::initialized();
    let first = open(&mut editing, 1, base);
    let mut fresh = Client::initialized();
    assert_eq!(open(&mut fresh, 1, base)["params"], first["params"]);
    for (i, text) in edits.iter().enumerate() {
        let version = i as i32 + 2;
        let edited = change(&mut editing, version, text);
        let mut fresh = Client::initialized();
        let expected = open(&mut fresh, version, text);
        assert_eq!(
            edited["params"], expected["params"],
            "edit {i} differs from a fresh check of its text"
        );
    }
}
