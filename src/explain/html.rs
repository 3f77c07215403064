//! A self-contained HTML report: the diagram inline, a findings table, and the
//! explanation (its Markdown turned into HTML by pulldown-cmark). Opens offline.

use super::document::Document;
use super::markdown::markdown;
use crate::lint::Finding;
use std::fmt::Write;

const STYLE: &str = "body{font-family:'DejaVu Sans',Verdana,Arial,sans-serif;max-width:60rem;\
margin:2rem auto;padding:0 1rem;color:#1f2933;line-height:1.5}\
h1{font-size:1.8rem}h2{border-bottom:1px solid #d9e2ec;padding-bottom:.2rem;margin-top:2rem}\
code{background:#f0f4f8;padding:0 .25rem;border-radius:3px}\
table{border-collapse:collapse;margin:1rem 0}td,th{border:1px solid #d9e2ec;padding:.3rem .6rem;\
text-align:left;vertical-align:top}th{background:#f0f4f8}\
.diagram{overflow-x:auto;border:1px solid #d9e2ec;border-radius:6px;margin:1rem 0}\
.diagram svg{display:block;max-width:100%;height:auto}\
.error{color:#d32f2f;font-weight:bold}.warning{color:#b45309;font-weight:bold}.note{color:#2563eb}";

/// Escape text for HTML element content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().filter(|c| !c.is_control() || *c == '\n') {
        match c {
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
    out
}

/// The report's content: the explanation, with the diagram and the findings table after
/// the overview.
pub fn body(doc: &Document, findings: &[Finding], svg: &str) -> String {
    let body_md = markdown(doc);
    // Raw HTML cannot come out of the Markdown (names are code spans, free text is
    // escaped), but drop it all the same.
    let parser = pulldown_cmark::Parser::new_ext(&body_md, pulldown_cmark::Options::ENABLE_TABLES)
        .filter(|e| {
            !matches!(
                e,
                pulldown_cmark::Event::Html(_) | pulldown_cmark::Event::InlineHtml(_)
            )
        });
    let mut body = String::new();
    pulldown_cmark::html::push_html(&mut body, parser);
    let diagram = format!("<div class=\"diagram\">{}</div>", svg.trim_end());
    match body.find("<h2>") {
        Some(first) => match body[first + 4..].find("<h2>") {
            Some(second) => {
                let at = first + 4 + second;
                format!(
                    "{}{diagram}\n{}{}",
                    &body[..at],
                    findings_table(findings),
                    &body[at..]
                )
            }
            None => format!("{body}{diagram}{}", findings_table(findings)),
        },
        None => format!("{diagram}{}{body}", findings_table(findings)),
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
