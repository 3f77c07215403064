//! Stage 5: written explanations, generated from the model, the analysis and the
//! findings — never canned: every sentence names this design's servers, addresses,
//! software, counts and issues, and a section exists only when the design has its topic.
//!
//! ```text
//! Context (design, analysis, findings) ─► sections::* ─► Document ─► markdown / html
//! two designs ─► diff ─► what changed, as a story (Markdown or JSON)
//! ```

pub mod context;
pub mod diff;
pub mod document;
pub mod facts;
pub mod html;
pub mod markdown;
pub mod sections;

pub use context::Context;
pub use document::Document;

use sections::*;

/// The explanation of one design.
pub fn explain(cx: &Context, title: &str) -> Document {
    let mut sections = vec![overview::section(cx)];
    let optional: [fn(&Context) -> Option<document::Section>; 12] = [
        servers::section,
        dns::section,
        components::section,
        request::section,
        load_balancing::section,
        redundancy::section,
        replication::section,
        firewalls::section,
        https::section,
        monitoring::section,
        availability::section,
        capacity::section,
    ];
    sections.extend(optional.iter().filter_map(|section| section(cx)));
    sections.push(issues::section(cx));
    let mut doc = Document {
        title: cx.design.title().unwrap_or(title).to_string(),
        sections,
    };
    if let Some(glossary) = glossary::section(&markdown::markdown(&doc)) {
        doc.sections.push(glossary);
    }
    doc
}
