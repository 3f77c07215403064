//! The HTML writer of a [`Document`]: one self-contained page — the diagram inline where
//! the document places it, followed by a findings table, then the rest of the text.
//! Opens offline; every piece of text is escaped, and no markup is ever parsed back.

use super::document::{Block, Document, Inline, Section, Spans};
use super::markdown::slug;
use crate::lint::Finding;
use std::collections::BTreeMap;
use std::fmt::Write;

const STYLE: &str = "body{font-family:'DejaVu Sans',Verdana,Arial,sans-serif;max-width:60rem;\
margin:2rem auto;padding:0 1rem;color:#1f2933;line-height:1.5}\
h1{font-size:1.8rem}h2{border-bottom:1px solid #d9e2ec;padding-bottom:.2rem;margin-top:2rem}\
code{background:#f0f4f8;padding:0 .25rem;border-radius:3px}\
table{border-collapse:collapse;margin:1rem 0}td,th{border:1px solid #d9e2ec;padding:.3rem .6rem;\
text-align:left;vertical-align:top}th{background:#f0f4f8}\
.diagram{overflow-x:auto;border:1px solid #d9e2ec;border-radius:6px;margin:1rem 0}\
.diagram svg{display:block;max-width:100%;height:auto}\
.zoom{display:flex;gap:.4rem;align-items:center;font-size:.9rem;margin-top:1rem}\
.figure>input{position:absolute;opacity:0;pointer-events:none}\
.zoom label{border:1px solid #d9e2ec;border-radius:4px;padding:0 .5rem;cursor:pointer}\
#zoom-fit:checked~.zoom [for=zoom-fit],#zoom-100:checked~.zoom [for=zoom-100],\
#zoom-150:checked~.zoom [for=zoom-150],#zoom-200:checked~.zoom [for=zoom-200]\
{background:#1f2933;color:#fff}\
.figure>input:focus-visible~.zoom{outline:2px solid #2563eb}\
.figure>input:not(#zoom-fit):checked~.diagram{max-height:90vh;overflow:auto}\
#zoom-100:checked~.diagram svg{max-width:none;width:var(--w)}\
#zoom-150:checked~.diagram svg{max-width:none;width:calc(var(--w) * 1.5)}\
#zoom-200:checked~.diagram svg{max-width:none;width:calc(var(--w) * 2)}\
.error{color:#d32f2f;font-weight:bold}.warning{color:#b45309;font-weight:bold}.note{color:#2563eb}";

/// Escape text for HTML element content and attribute values; characters markup
/// cannot carry become U+FFFD (the same guard as the whole page's, see xml_text).
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            c if !crate::xml_text::is_safe(c) => out.push('\u{FFFD}'),
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// The whole report as one HTML page.
pub fn html(doc: &Document, findings: &[Finding], svg: &str) -> String {
    page(&doc.title, &body(doc, findings, svg), "")
}

/// An HTML page around `body`, with the report's style and `head` extras.
pub fn page(title: &str, body: &str, head: &str) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>{STYLE}</style>\n{head}</head>\n<body>\n{body}</body>\n</html>\n",
        escape(title)
    );
    crate::xml_text::xml_safe_string(out)
}

/// The report's content: the explanation, with the diagram and the findings table where
/// the document places its diagram (or first, if it places none).
pub fn body(doc: &Document, findings: &[Finding], svg: &str) -> String {
    let (order, targets) = anchors(doc);
    let mut writer = Writer {
        figure: format!("{}\n{}", figure(svg), findings_table(findings)),
        placed: false,
        anchors: order.into_iter(),
        targets,
        out: String::new(),
    };
    let _ = writeln!(writer.out, "<h1>{}</h1>", escape(&doc.title));
    for section in &doc.sections {
        writer.section(section, 2);
    }
    let body = if writer.placed {
        writer.out
    } else {
        format!("{}{}", writer.figure, writer.out)
    };
    crate::xml_text::xml_safe_string(body)
}

/// The diagram fitted into the column, with sizes to pick: fitted, a large diagram's
/// edge labels come out at a few pixels, so the reader can set it at its own size or
/// larger and scroll it. Radio buttons and CSS only — the page runs no script, so a
/// hostile label has nothing to run in.
fn figure(svg: &str) -> String {
    let svg = svg.trim_end();
    let width = svg_width(svg);
    let mut out = String::from("<div class=\"figure\"");
    if let Some(w) = width {
        let _ = write!(out, " style=\"--w:{w}px\"");
    }
    out.push_str(">\n");
    let sizes = [
        ("fit", "Fit"),
        ("100", "100 %"),
        ("150", "150 %"),
        ("200", "200 %"),
    ];
    if width.is_some() {
        for (i, (id, _)) in sizes.iter().enumerate() {
            let checked = if i == 0 { " checked" } else { "" };
            let _ = writeln!(
                out,
                "<input type=\"radio\" name=\"zoom\" id=\"zoom-{id}\"{checked}>"
            );
        }
        out.push_str(
            "<div class=\"zoom\" role=\"group\" aria-label=\"Diagram size\">Diagram size:",
        );
        for (id, text) in sizes {
            let _ = write!(out, " <label for=\"zoom-{id}\">{text}</label>");
        }
        out.push_str("</div>\n");
    }
    let _ = writeln!(out, "<div class=\"diagram\">{svg}</div>\n</div>");
    out
}

/// The width in pixels the SVG declares on its root element.
fn svg_width(svg: &str) -> Option<u32> {
    let start = svg.find("<svg")?;
    let tag = &svg[start..start + svg[start..].find('>')?];
    let at = tag.find(" width=\"")? + " width=\"".len();
    let value = &tag[at..at + tag[at..].find('"')?];
    value
        .parse::<f64>()
        .ok()
        .filter(|w| w.is_finite() && *w > 0.0)
        .map(|w| w.ceil() as u32)
}

/// Each written section's element id, in reading order: the GitHub slug of its title,
/// numbered when repeated; and the element id of the first section with each id.
fn anchors(doc: &Document) -> (Vec<String>, BTreeMap<&'static str, String>) {
    fn walk(
        sections: &[Section],
        used: &mut BTreeMap<String, usize>,
        order: &mut Vec<String>,
        by_id: &mut BTreeMap<&'static str, String>,
    ) {
        for s in sections.iter().filter(|s| !s.is_empty()) {
            let base = slug(&s.title);
            let n = used.entry(base.clone()).or_insert(0);
            let anchor = if *n == 0 {
                base.clone()
            } else {
                format!("{base}-{n}")
            };
            *n += 1;
            by_id.entry(s.id).or_insert_with(|| anchor.clone());
            order.push(anchor);
            walk(&s.subsections, used, order, by_id);
        }
    }
    let (mut order, mut by_id) = (Vec::new(), BTreeMap::new());
    walk(&doc.sections, &mut BTreeMap::new(), &mut order, &mut by_id);
    (order, by_id)
}

struct Writer {
    figure: String,
    placed: bool,
    /// Element ids of the sections still to write, in reading order.
    anchors: std::vec::IntoIter<String>,
    targets: BTreeMap<&'static str, String>,
    out: String,
}

impl Writer {
    fn section(&mut self, section: &Section, level: usize) {
        if section.is_empty() {
            return;
        }
        let level = level.min(6);
        let id = self.anchors.next().unwrap_or_default();
        let _ = writeln!(
            self.out,
            "<h{level} id=\"{}\">{}</h{level}>",
            escape(&id),
            escape(&section.title)
        );
        for block in &section.blocks {
            self.block(block);
        }
        for sub in &section.subsections {
            self.section(sub, level + 1);
        }
    }

    fn block(&mut self, block: &Block) {
        match block {
            Block::Para(spans) => {
                let text = self.spans(spans);
                let _ = writeln!(self.out, "<p>{text}</p>");
            }
            Block::Bullets(items) | Block::Steps(items) => {
                let tag = if matches!(block, Block::Steps(_)) {
                    "ol"
                } else {
                    "ul"
                };
                let _ = writeln!(self.out, "<{tag}>");
                for item in items {
                    let text = self.spans(item);
                    let _ = writeln!(self.out, "<li>{text}</li>");
                }
                let _ = writeln!(self.out, "</{tag}>");
            }
            Block::Table { head, rows } => {
                self.out.push_str("<table>\n<thead><tr>");
                for h in head {
                    let _ = write!(self.out, "<th>{}</th>", escape(h));
                }
                self.out.push_str("</tr></thead>\n<tbody>\n");
                for row in rows {
                    self.out.push_str("<tr>");
                    for cell in row {
                        let text = self.spans(cell);
                        let _ = write!(self.out, "<td>{text}</td>");
                    }
                    self.out.push_str("</tr>\n");
                }
                self.out.push_str("</tbody>\n</table>\n");
            }
            Block::Diagram { .. } => {
                if !self.placed {
                    self.placed = true;
                    self.out.push_str(&self.figure);
                }
            }
        }
    }

    fn spans(&self, spans: &Spans) -> String {
        let mut out = String::new();
        for inline in &spans.0 {
            match inline {
                Inline::Plain(t) => out.push_str(&escape(t)),
                Inline::Code(t) => {
                    let _ = write!(out, "<code>{}</code>", escape(t));
                }
                Inline::Strong(s) => {
                    let _ = write!(out, "<strong>{}</strong>", self.spans(s));
                }
                Inline::Emphasis(s) => {
                    let _ = write!(out, "<em>{}</em>", self.spans(s));
                }
                Inline::Section { text, id } => match self.targets.get(id) {
                    Some(anchor) => {
                        let _ = write!(
                            out,
                            "<a href=\"#{}\">{}</a>",
                            escape(anchor),
                            self.spans(text)
                        );
                    }
                    None => out.push_str(&self.spans(text)),
                },
            }
        }
        out
    }
}

fn findings_table(findings: &[Finding]) -> String {
    if findings.is_empty() {
        return "<p>No findings.</p>\n".to_string();
    }
    let mut out = String::from(
        "<table class=\"findings\">\n<thead><tr><th>#</th><th>severity</th><th>rule</th><th>where</th><th>finding</th></tr></thead>\n<tbody>\n",
    );
    for (i, f) in findings.iter().enumerate() {
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td class=\"{}\">{}</td><td><code>{}</code></td><td><code>{}</code></td><td>{}</td></tr>",
            i + 1,
            f.severity.name(),
            f.severity.name(),
            escape(f.rule),
            escape(&f.component),
            escape(&f.message.replace('`', ""))
        );
    }
    out.push_str("</tbody>\n</table>\n");
    out
}
