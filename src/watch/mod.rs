//! `infrac watch`: a live preview. The design is recompiled whenever its file changes
//! and a page on 127.0.0.1 shows the diagram, the findings and the explanation — or the
//! compile errors with their source excerpt — refreshing itself without a reload.
//!
//! ```text
//! file ─notify─► rebuild ─► Snapshot (version, html) ─► /state long-poll ─► page script
//! ```

mod page;
mod server;

pub use server::serve;

use crate::diagnostics::Style;
use crate::explain::html::{body, escape};
use crate::lint::Config;
use crate::render::{self, ThemeName};
use crate::source::Source;
use std::path::Path;

/// What the page shows now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snapshot {
    /// Bumped on every rebuild, so the page knows it is behind.
    pub version: u64,
    pub title: String,
    pub html: String,
}

/// Compile the file and turn it into the page's content.
pub fn build(path: &Path, config: &Config, version: u64) -> Snapshot {
    let name = path.display().to_string();
    let text = match std::fs::read(path).map(String::from_utf8) {
        Ok(Ok(text)) => text,
        Ok(Err(_)) => return error(version, &name, "the file is not UTF-8"),
        Err(e) => return error(version, &name, &format!("cannot read it: {e}")),
    };
    let checked = match crate::check(Source::new(name.clone(), text), config) {
        Ok(checked) => checked,
        Err(diagnostics) => return error(version, &name, &diagnostics.render(Style::PLAIN)),
    };
    let stem = path
        .file_stem()
        .map_or("design".into(), |s| s.to_string_lossy().into_owned());
    let diagram = checked.diagram(&stem, render::Options::default());
    let svg = render::svg(&diagram, ThemeName::Light);
    let doc = checked.explain(&stem, config.today, None);
    Snapshot {
        version,
        title: doc.title.clone(),
        html: body(&doc, &checked.findings, &svg),
    }
}

fn error(version: u64, name: &str, message: &str) -> Snapshot {
    Snapshot {
        version,
        title: format!("{name}: errors"),
        html: format!(
            "<h1>{} does not compile</h1>\n<pre class=\"errors\">{}</pre>\n",
            escape(name),
            escape(message)
        ),
    }
}
