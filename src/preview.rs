//! Everything a live front end shows for one text, in one call: the diagram, the
//! findings and compile errors with line/column places, the explanation (HTML for the
//! page, Markdown to download), a simulated failure drawn on the diagram, and what can
//! be failed and where it is drawn.
//!
//! The browser playground calls [`preview`] once per edit through its WebAssembly
//! exports and gets one JSON object back: one crossing of the boundary per keystroke
//! instead of one per pane. Nothing here knows about WebAssembly; any front end that
//! wants the whole picture of a text at once can use it.

use crate::analysis::whatif::{self, Simulation};
use crate::diagnostics::{ErrorJson, Style};
use crate::explain::markdown::markdown;
use crate::lint;
use crate::model::{Design, NodeId};
use crate::render::{self, ThemeName};
use crate::report::json::{AvailabilityJson, FindingJson};
use crate::report::{self, Summary};
use crate::source::Source;
use crate::span::LineSpan;
use serde::Serialize;

/// What to show and how.
#[derive(Debug, Clone, Copy)]
pub struct Request<'a> {
    /// The file name diagnostics and findings name (`task1.infra`).
    pub name: &'a str,
    pub text: &'a str,
    pub config: &'a lint::Config,
    pub theme: ThemeName,
    /// Items to take down (servers, components, clusters, tier words); empty: none.
    pub fail: &'a [&'a str],
    /// Draw every server instead of stacks of identical ones.
    pub expand: bool,
}

/// The whole picture of one text.
#[derive(Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Preview {
    /// It compiled: everything below was made from it.
    Checked(Box<Shown>),
    /// It did not compile: every error, with its place and its did-you-mean help.
    Failed {
        errors: Vec<ErrorJson>,
        /// The errors as the command line prints them (message, excerpt, caret, help).
        text: String,
    },
}

#[derive(Serialize)]
pub struct Shown {
    pub title: String,
    pub svg: String,
    /// The explanation as HTML, without its diagram (the page shows that beside it).
    pub explanation: String,
    /// The explanation as Markdown; its picture is `{stem}.svg`, a file beside it.
    pub markdown: String,
    pub findings: Vec<Finding>,
    pub summary: Summary,
    pub availability: Vec<AvailabilityJson>,
    /// Everything that can be failed, in design order.
    pub failable: Vec<Failable>,
    /// The item each clickable part of the SVG stands for.
    pub targets: Targets,
    /// The simulated failure, when one was asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub whatif: Option<WhatIf>,
}

/// A finding as `--format json` reports it, and the part of its span to underline.
#[derive(Serialize)]
pub struct Finding {
    #[serde(flatten)]
    pub report: FindingJson,
    /// What the finding is about within its span (an item's name rather than its whole
    /// block), when narrower.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub focus: Option<LineSpan>,
}

impl std::ops::Deref for Finding {
    type Target = FindingJson;
    fn deref(&self) -> &FindingJson {
        &self.report
    }
}

#[derive(Debug, Serialize)]
pub struct Failable {
    pub path: String,
    /// The kind's keyword (`server`, `load_balancer`).
    pub kind: &'static str,
}

/// The item paths of the SVG's parts, in the order the painter writes them: one per
/// `<g class="cluster">`, one per `<g class="node">` (a box), and for each box one per
/// `<g class="component">` (a row). `None` for a part that cannot fail (the users,
/// a DNS record). A stack of identical servers stands for its first one.
#[derive(Debug, Default, Serialize)]
pub struct Targets {
    pub clusters: Vec<Option<String>>,
    pub boxes: Vec<Option<String>>,
    pub rows: Vec<Vec<Option<String>>>,
}

#[derive(Debug, Serialize)]
pub struct WhatIf {
    /// A name that is not in the design (and what is known instead); nothing was failed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub simulation: Option<Simulation>,
    /// The line the diagram's title block shows.
    pub summary: String,
}

/// Check `request.text` and make everything the front end shows from it.
pub fn preview(request: &Request) -> Preview {
    let source = Source::new(request.name, request.text);
    let checked = match crate::check(source, request.config) {
        Ok(checked) => checked,
        Err(diagnostics) => {
            return Preview::Failed {
                errors: diagnostics.to_json(),
                text: diagnostics.render(Style::PLAIN),
            };
        }
    };
    let stem = stem(request.name);
    let whatif = (!request.fail.is_empty()).then(|| simulate(&checked, request.fail));
    let failure = whatif.as_ref().and_then(|(_, failure)| failure.as_ref());
    let diagram = checked.diagram(
        &stem,
        render::Options {
            expand: request.expand,
            failure,
            hide_findings: false,
        },
    );
    let svg = render::svg(&diagram, request.theme);
    let targets = targets(&checked.design, &diagram.scene);
    let doc = checked.explain(&stem, request.config.today, Some(format!("{stem}.svg")));
    let markdown = markdown(&doc);
    let explanation = html_without_images(&markdown);
    let failable = checked
        .design
        .nodes()
        .filter(|(_, n)| whatif::failable(n.kind))
        .map(|(_, n)| Failable {
            path: n.path.clone(),
            kind: n.kind.keyword(),
        })
        .collect();
    let whatif = whatif.map(|(whatif, _)| whatif);
    let index = checked.sources.index();
    let focus: Vec<Option<LineSpan>> = checked
        .findings
        .iter()
        .map(|f| f.focus.and_then(|s| index.line_span(s)).map(|(_, at)| at))
        .collect();
    drop(index);
    let report = report::json::report(&[checked.into_outcome()]);
    let findings = report
        .findings
        .into_iter()
        .zip(focus)
        .map(|(report, focus)| Finding { report, focus })
        .collect();
    Preview::Checked(Box::new(Shown {
        title: doc.title,
        svg,
        explanation,
        markdown,
        findings,
        summary: report.summary,
        availability: report.availability,
        failable,
        targets,
        whatif,
    }))
}

/// `designs/task1.infra` → `task1`.
fn stem(name: &str) -> String {
    let file = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let stem = file.strip_suffix(".infra").unwrap_or(file);
    if stem.is_empty() {
        "design".into()
    } else {
        stem.into()
    }
}

/// Simulate the failure and say what it looks like on the diagram; an unknown name is
/// reported and nothing is drawn failed.
fn simulate(checked: &crate::Checked, names: &[&str]) -> (WhatIf, Option<render::Failure>) {
    match checked.simulate(names) {
        Ok(simulation) => {
            let failure = failure_shown(&simulation);
            let whatif = WhatIf {
                error: None,
                summary: failure.summary.clone(),
                simulation: Some(simulation),
            };
            (whatif, Some(failure))
        }
        Err(error) => (
            WhatIf {
                summary: format!("Cannot simulate: {error}"),
                error: Some(error),
                simulation: None,
            },
            None,
        ),
    }
}

/// A simulation as the diagram draws it: what is down, what is cut off, and one line
/// for the title block (worded as `infrac render --fail` words it).
pub fn failure_shown(simulation: &Simulation) -> render::Failure {
    let broken: Vec<&str> = simulation.broken().map(|t| t.task.name()).collect();
    let summary = format!(
        "Simulated failure of {}: {}",
        simulation.failed.join(", "),
        if broken.is_empty() {
            "every journey still works".to_string()
        } else {
            format!("{} break", broken.join(", "))
        }
    );
    render::Failure {
        down: simulation.down_items.clone(),
        cut_off: simulation.cut_off_items.clone(),
        summary,
    }
}

fn targets(design: &Design, scene: &render::scene::Scene) -> Targets {
    let path = |id: NodeId| {
        let node = design.node(id);
        whatif::failable(node.kind).then(|| node.path.clone())
    };
    Targets {
        clusters: scene.clusters.iter().map(|c| path(c.node)).collect(),
        boxes: scene.items.iter().map(|i| path(i.node)).collect(),
        rows: scene
            .items
            .iter()
            .map(|i| i.rows.iter().map(|r| path(r.node)).collect())
            .collect(),
    }
}

/// The explanation's Markdown as HTML for the page: its picture is left out (the page
/// draws the diagram in its own pane), and so is any raw HTML (none can come out of the
/// Markdown, as names are code spans and free text is escaped, but drop it all the same).
fn html_without_images(markdown: &str) -> String {
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
    let mut in_image = 0usize;
    let events = Parser::new_ext(markdown, Options::ENABLE_TABLES).filter(|event| {
        match event {
            Event::Start(Tag::Image { .. }) => in_image += 1,
            Event::End(TagEnd::Image) => {
                in_image = in_image.saturating_sub(1);
                return false;
            }
            Event::Html(_) | Event::InlineHtml(_) => return false,
            _ => {}
        }
        in_image == 0
    });
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events);
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_drop_folders_and_the_extension() {
        assert_eq!(stem("examples/1-x.infra"), "1-x");
        assert_eq!(stem("C:\\d\\a.infra"), "a");
        assert_eq!(stem(".infra"), "design");
        assert_eq!(stem("notes"), "notes");
    }

    #[test]
    fn images_and_raw_html_are_left_out_of_the_page() {
        let html = html_without_images("# T\n\n![Diagram of it](t.svg)\n\ntext <b>x</b>\n");
        assert!(!html.contains("<img"), "{html}");
        assert!(!html.contains("Diagram of it"), "{html}");
        assert!(!html.contains("<b>"), "{html}");
        assert!(html.contains("<h1>T</h1>"), "{html}");
    }
}
