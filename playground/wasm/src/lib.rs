//! infrac's core for the browser: a WebAssembly module with plain C-ABI exports that
//! take and return JSON text.
//!
//! ```text
//! JS: p = input(n); write n bytes of JSON at p; m = preview(n); read m bytes at output()
//! ```
//!
//! Why not wasm-bindgen: every call here already is "a string in, a string out" (the
//! whole preview is one JSON object, see `infrac::preview`), which is all that
//! wasm-bindgen's glue would generate, and it would tie the build to a
//! `wasm-bindgen-cli` of exactly the crate's version, compiled from source in CI. The
//! glue for two byte buffers is a few lines of hand-written JavaScript
//! (`playground/web/src/wasm.js`).
//!
//! One input and one output buffer live in the module; a call reads the input, replaces
//! the output and returns its length. The module is single-threaded, so a
//! `thread_local` is the whole synchronisation.

use infrac::completion;
use infrac::preview::{self, Request};
use infrac::render::ThemeName;
use serde::Deserialize;
use serde_json::json;
use std::cell::RefCell;

thread_local! {
    static INPUT: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
    static OUTPUT: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// Make room for an `len`-byte request and return where to write it.
#[unsafe(no_mangle)]
pub extern "C" fn input(len: usize) -> *mut u8 {
    INPUT.with_borrow_mut(|buf| {
        buf.clear();
        buf.resize(len, 0);
        buf.as_mut_ptr()
    })
}

/// Where the last call's answer is (its length is what the call returned).
#[unsafe(no_mangle)]
pub extern "C" fn output() -> *const u8 {
    OUTPUT.with_borrow(|buf| buf.as_ptr())
}

/// The whole picture of a design: `{name, text, today, theme, fail, expand}` →
/// `infrac::preview::Preview` as JSON (or `{status: "bad_request", message}`).
#[unsafe(no_mangle)]
pub extern "C" fn preview(len: usize) -> usize {
    answer(len, |request: PreviewRequest| {
        let today = parse_date(&request.today)?;
        let config = infrac::lint::Config {
            today,
            ..infrac::lint::Config::default()
        };
        let fail: Vec<&str> = request.fail.iter().map(String::as_str).collect();
        let preview = preview::preview(&Request {
            name: &request.name,
            text: &request.text,
            config: &config,
            theme: match request.theme.as_str() {
                "dark" => ThemeName::Dark,
                _ => ThemeName::Light,
            },
            fail: &fail,
            expand: request.expand,
        });
        serde_json::to_value(preview).map_err(|e| e.to_string())
    })
}

/// Completion candidates: `{text, offset}` (a byte offset) → `[{label, kind, detail}]`.
#[unsafe(no_mangle)]
pub extern "C" fn complete(len: usize) -> usize {
    answer(len, |request: CompleteRequest| {
        serde_json::to_value(completion::completions(&request.text, request.offset))
            .map_err(|e| e.to_string())
    })
}

/// `infrac fmt`: `{name, text}` → `{status: "formatted", text}` or
/// `{status: "failed", errors}` (a text that does not parse cannot be laid out).
#[unsafe(no_mangle)]
pub extern "C" fn format(len: usize) -> usize {
    answer(len, |request: FormatRequest| {
        Ok(match infrac::syntax::parse(&request.text) {
            Ok(file) => json!({
                "status": "formatted",
                "text": infrac::syntax::format(&request.text, &file),
            }),
            Err(errors) => {
                let sources = infrac::Sources::one(infrac::Source::new(
                    request.name.as_str(),
                    request.text.as_str(),
                ));
                let diagnostics = infrac::Diagnostics::syntax(&sources, errors);
                json!({ "status": "failed", "errors": diagnostics.to_json() })
            }
        })
    })
}

/// The bytes of embedded font `index` (0 regular, 1 bold), so the page draws the
/// diagram with the font its text was measured with, without downloading it again.
#[unsafe(no_mangle)]
pub extern "C" fn font(index: usize) -> *const u8 {
    font_file(index).as_ptr()
}

#[unsafe(no_mangle)]
pub extern "C" fn font_len(index: usize) -> usize {
    font_file(index).len()
}

fn font_file(index: usize) -> &'static [u8] {
    let [regular, bold] = infrac::render::text::font_files();
    if index == 0 { regular } else { bold }
}

#[derive(Deserialize)]
struct PreviewRequest {
    #[serde(default = "default_name")]
    name: String,
    text: String,
    /// YYYY-MM-DD: the page's date (a browser module has no clock of its own).
    today: String,
    #[serde(default)]
    theme: String,
    #[serde(default)]
    fail: Vec<String>,
    #[serde(default)]
    expand: bool,
}

#[derive(Deserialize)]
struct CompleteRequest {
    text: String,
    offset: usize,
}

#[derive(Deserialize)]
struct FormatRequest {
    #[serde(default = "default_name")]
    name: String,
    text: String,
}

fn default_name() -> String {
    "design.infra".into()
}

/// Read the input as a `T`, run `f`, write its answer (or why the request was bad).
fn answer<T: for<'de> Deserialize<'de>>(
    len: usize,
    f: impl FnOnce(T) -> Result<serde_json::Value, String>,
) -> usize {
    let request = INPUT.with_borrow(|buf| serde_json::from_slice::<T>(&buf[..len.min(buf.len())]));
    let value = match request.map_err(|e| e.to_string()).and_then(f) {
        Ok(value) => value,
        Err(message) => json!({ "status": "bad_request", "message": message }),
    };
    write(&value);
    OUTPUT.with_borrow(Vec::len)
}

fn write(value: &serde_json::Value) {
    OUTPUT.with_borrow_mut(|buf| {
        buf.clear();
        // Writing JSON values into a Vec cannot fail.
        let _ = serde_json::to_writer(&mut *buf, value);
    });
}

fn parse_date(text: &str) -> Result<time::Date, String> {
    let bad = || format!("`today` must be a date as YYYY-MM-DD, not `{text}`");
    let mut parts = text.splitn(3, '-').map(|p| p.parse::<u16>().ok());
    let (Some(Some(year)), Some(Some(month)), Some(Some(day))) =
        (parts.next(), parts.next(), parts.next())
    else {
        return Err(bad());
    };
    let month = u8::try_from(month)
        .ok()
        .and_then(|m| time::Month::try_from(m).ok())
        .ok_or_else(bad)?;
    let day = u8::try_from(day).map_err(|_| bad())?;
    time::Date::from_calendar_date(i32::from(year), month, day).map_err(|_| bad())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(export: extern "C" fn(usize) -> usize, request: &str) -> serde_json::Value {
        let ptr = input(request.len());
        // SAFETY: `input` made room for exactly this many bytes.
        unsafe { std::ptr::copy_nonoverlapping(request.as_ptr(), ptr, request.len()) };
        let len = export(request.len());
        // SAFETY: the export wrote `len` bytes at `output()`.
        let bytes = unsafe { std::slice::from_raw_parts(output(), len) };
        serde_json::from_slice(bytes).expect("JSON out")
    }

    #[test]
    fn a_design_previews_with_its_findings_and_a_failure() {
        let text = include_str!("../../../examples/1-distributed_web_infrastructure.infra");
        let request =
            json!({"name": "1.infra", "text": text, "today": "2026-11-23", "fail": ["lb1"]});
        let out = call(preview, &request.to_string());
        assert_eq!(out["status"], "checked");
        assert!(out["svg"].as_str().unwrap().starts_with("<svg"));
        assert!(
            out["findings"]
                .as_array()
                .unwrap()
                .iter()
                .any(|f| f["rule"] == "single-point-of-failure" && f["component"] == "lb1.haproxy")
        );
        assert!(out["whatif"]["summary"].as_str().unwrap().contains("lb1"));
    }

    #[test]
    fn bad_requests_and_bad_designs_are_answers() {
        assert_eq!(call(preview, "{")["status"], "bad_request");
        let bad_date = json!({"text": "", "today": "2026-13-01"}).to_string();
        assert_eq!(call(preview, &bad_date)["status"], "bad_request");
        let typo = json!({"text": "server a { colour = red }", "today": "2026-01-01"});
        let out = call(preview, &typo.to_string());
        assert_eq!(out["status"], "failed");
        assert_eq!(out["errors"][0]["span"]["start"]["line"], 1);
    }

    #[test]
    fn format_lays_out_or_says_why_not() {
        let out = call(format, &json!({"text": "server a{os=x}"}).to_string());
        assert_eq!(out["status"], "formatted");
        let out = call(format, &json!({"text": "server a {"}).to_string());
        assert_eq!(out["status"], "failed");
    }

    #[test]
    fn completion_answers_a_list() {
        let out = call(
            complete,
            &json!({"text": "server a {\n", "offset": 11}).to_string(),
        );
        assert!(
            out.as_array()
                .unwrap()
                .iter()
                .any(|c| c["label"] == "web_server")
        );
    }
}
