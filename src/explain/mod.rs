//! Stage 5: written explanations, generated from the model, the analysis and the
//! findings — never canned: every sentence names this design's servers, addresses,
//! software, counts and issues, and states only what the analysis establishes; a section
//! exists only when the design has its topic.
//!
//! ```text
//! Context (design, analysis, findings) ─► Writeup (+ derived facts) ─► sections::*
//!     ─► Document (typed blocks and spans) ─► markdown | html
//! two designs ─► diff (data) ─► changes (the story) ─► infrac diff, a series' write-ups
//! ```

pub mod changes;
pub mod context;
pub mod diff;
pub mod document;
pub mod facts;
pub mod html;
pub mod markdown;
pub mod sections;
pub mod software;

pub use context::{Context, Writeup};
pub use document::Document;

use document::Section;
use sections::*;

/// The design before this one, for a write-up that is part of a series.
pub struct Previous<'a> {
    pub side: diff::Side<'a>,
    /// How the write-up refers to it: its title.
    pub title: String,
}

/// The explanation of one design.
pub fn explain(cx: &Context, title: &str) -> Document {
    explain_after(cx, title, None)
}

/// The explanation of one design; after `previous`, it also says what changed since it
/// and why.
pub fn explain_after(cx: &Context, title: &str, previous: Option<&Previous>) -> Document {
    let w = Writeup::new(cx);
    let mut sections = vec![overview::section(&w)];
    if let Some(p) = previous {
        let now = diff::Side {
            design: cx.design,
            analysis: cx.analysis,
            findings: cx.findings,
        };
        let d = diff::diff(&p.side, &now);
        let remains = cx.findings.iter().any(|f| issues::shown(f.rule));
        sections.push(changes::since(
            &d,
            p.side.design,
            cx.design,
            &p.title,
            remains,
        ));
    }
    let optional: [fn(&Writeup) -> Option<Section>; 13] = [
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
        deployment::section,
        availability::section,
        capacity::section,
    ];
    sections.extend(optional.iter().filter_map(|section| section(&w)));
    sections.push(issues::section(&w));
    let mut doc = Document {
        title: cx.design.title().unwrap_or(title).to_string(),
        sections,
    };
    let prose: String = doc
        .sections
        .iter()
        .flat_map(|s| {
            let mut titles: Vec<String> = s.titles().into_iter().map(String::from).collect();
            titles.extend(s.spans().into_iter().map(|sp| sp.prose()));
            titles
        })
        .collect::<Vec<_>>()
        .join("\n");
    if let Some(glossary) = glossary::section(&format!("{}\n{prose}", doc.title)) {
        doc.sections.push(glossary);
    }
    doc
}
