//! `infrac watch`: a live preview. The design is recompiled whenever its file changes
//! and a page on 127.0.0.1 shows the diagram, the findings and the explanation — or the
//! compile errors with their source excerpt — refreshing itself without a reload.
//!
//! ```text
//! file ─notify─► rebuild (debounced) ─► Page ─► state (versioned) ─► /state long-poll ─► page script
//!                                                    └──► /  (page::shell)
//! ```
//!
//! The server speaks only to loopback (http::policy) and bounds everything a client can
//! make it hold: head size, connections, time (http::head, server).

pub mod http;
mod page;
mod rebuild;
pub mod routes;
mod server;
pub mod state;

pub use server::{MAX_CONNECTIONS, serve};

use crate::diagnostics::Style;
use crate::explain::html::{body, escape};
use crate::lint::Config;
use crate::render::{self, ThemeName};
use crate::source::Source;
use std::path::Path;

/// Say on standard error what the server could not do, and go on. Not `eprintln!`: it
/// panics when standard error is gone, and a log line must not kill the watcher thread.
fn log(line: &str) {
    use std::io::Write as _;
    let _ = writeln!(std::io::stderr(), "infrac watch: {line}");
}

/// One build's content of the page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Page {
    pub title: String,
    pub html: String,
}

/// What the page shows now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snapshot {
    /// Bumped on every change, so the page knows it is behind.
    pub version: u64,
    /// Bumped on every build, changed or not, so a long poll can answer "your save
    /// changed nothing" instead of waiting for a change that is not coming.
    pub builds: u64,
    pub page: Page,
}

/// Compile the file and turn it into the page's content.
pub fn build(path: &Path, config: &Config) -> Page {
    let name = path.display().to_string();
    let text = match crate::decode::read_file(path) {
        Ok(text) => text,
        Err(crate::decode::DecodeError::Io(e)) => {
            return error_page(&name, &format!("cannot read it: {e}"));
        }
        Err(e) => return error_page(&name, &e.to_string()),
    };
    let checked = match crate::check(Source::new(name.clone(), text), config) {
        Ok(checked) => checked,
        Err(diagnostics) => return error_page(&name, &diagnostics.render(Style::PLAIN)),
    };
    let stem = path
        .file_stem()
        .map_or("design".into(), |s| s.to_string_lossy().into_owned());
    let diagram = checked.diagram(&stem, render::Options::default());
    let svg = render::svg(&diagram, ThemeName::Light);
    let doc = checked.explain(&stem, config.today, None);
    Page {
        title: doc.title.clone(),
        html: body(&doc, &checked.findings, &svg),
    }
}

/// The page for a design that cannot be shown: what went wrong, with its source excerpt.
pub fn error_page(name: &str, message: &str) -> Page {
    Page {
        title: format!("{name}: errors"),
        html: format!(
            "<h1>{} does not compile</h1>\n<pre class=\"errors\">{}</pre>\n",
            escape(name),
            escape(message)
        ),
    }
}
