//! The encodings draw.io writes a page in: plain XML inside `<diagram>`, a compressed
//! `<diagram>` (URL-encoded, raw-deflated, base64), the `content` attribute of a
//! `.drawio.svg`, and a bare `<mxGraphModel>`.

use crate::import::{ImportError, ImportErrorKind};
use crate::span::Span;
use base64::Engine as _;
use std::io::Read;

/// Decoded pages are bounded: a small base64 blob cannot inflate into gigabytes.
const INFLATED_LIMIT: u64 = 32 << 20;
/// More XML nodes than any real diagram; bounds work on hostile input.
const NODES_LIMIT: u32 = 2_000_000;

/// One page: where its `<mxGraphModel>` is.
#[derive(Debug, Clone)]
pub struct RawPage {
    pub name: String,
    /// `None`: the model is in the file's own text; otherwise the decoded text it is in.
    pub decoded: Option<String>,
    /// The `<mxGraphModel>` element's byte range in that text.
    pub model: std::ops::Range<usize>,
}

pub fn parse(text: &str) -> Result<roxmltree::Document<'_>, ImportError> {
    let options = roxmltree::ParsingOptions {
        allow_dtd: external_doctype_only(text),
        nodes_limit: NODES_LIMIT,
        ..roxmltree::ParsingOptions::default()
    };
    roxmltree::Document::parse_with_options(text, options).map_err(|e| {
        let pos = e.pos();
        let offset = offset_of(text, pos.row as usize, pos.col as usize);
        ImportError::new(ImportErrorKind::Unreadable, format!("not valid XML: {e}"))
            .at(Span::new(offset, offset), "here")
    })
}

/// Whether the document type declaration, if any, only names an external DTD — as
/// every `.drawio.svg` draw.io exports does (`<!DOCTYPE svg PUBLIC "…" "…">`). That
/// one is harmless (nothing is fetched); an internal subset (`[ … ]`) could define
/// entities that expand without bound, so it stays refused.
fn external_doctype_only(text: &str) -> bool {
    let Some(start) = text.find("<!DOCTYPE") else {
        return false;
    };
    // Only in the prolog: before the first element.
    let before = &text[..start];
    if before
        .match_indices('<')
        .any(|(i, _)| !before[i..].starts_with("<?") && !before[i..].starts_with("<!--"))
    {
        return false;
    }
    let declaration = &text[start..];
    match declaration.find('>') {
        Some(end) => !declaration[..end].contains('['),
        None => false,
    }
}

/// The byte offset of a 1-based row and column (in characters).
fn offset_of(text: &str, row: usize, col: usize) -> usize {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(row.saturating_sub(1))
        .map(str::len)
        .sum();
    let line = &text[line_start.min(text.len())..];
    line_start
        + line
            .char_indices()
            .nth(col.saturating_sub(1))
            .map_or(line.len(), |(i, _)| i)
}

/// Every page of a draw.io file's text.
pub fn pages(text: &str) -> Result<Vec<RawPage>, ImportError> {
    let doc = parse(text)?;
    let root = doc.root_element();
    let whole = Span::new(0, text.len());
    match root.tag_name().name() {
        "mxfile" => mxfile(root, None, whole),
        "mxGraphModel" => Ok(vec![RawPage {
            name: "Page-1".into(),
            decoded: None,
            model: root.range(),
        }]),
        "svg" => {
            let content = root.attribute("content").ok_or_else(|| {
                ImportError::new(
                    ImportErrorKind::Unreadable,
                    "an SVG without an embedded draw.io diagram (no `content` attribute)",
                )
                .help("export it from draw.io as SVG with \"Include a copy of my diagram\"")
            })?;
            let span = root.attribute_node("content").map_or(whole, |a| {
                Span::new(a.range_value().start, a.range_value().end)
            });
            let content = content.trim();
            let content = if content.starts_with('<') {
                content.to_string()
            } else {
                inflate_page(content).map_err(|e| unreadable(&e, span))?
            };
            let inner = parse(&content).map_err(|e| ImportError {
                span: Some(span),
                ..e
            })?;
            let inner_root = inner.root_element();
            let pages = match inner_root.tag_name().name() {
                "mxfile" => mxfile(inner_root, Some(&content), span)?,
                "mxGraphModel" => vec![RawPage {
                    name: "Page-1".into(),
                    decoded: Some(content.clone()),
                    model: inner_root.range(),
                }],
                other => return Err(not_a_diagram(other, span)),
            };
            Ok(pages)
        }
        other => Err(not_a_diagram(other, whole)),
    }
}

/// The pages of an `<mxfile>`; `text` is the decoded text it is in, if not the file.
fn mxfile(
    root: roxmltree::Node,
    text: Option<&String>,
    outer: Span,
) -> Result<Vec<RawPage>, ImportError> {
    let mut pages = Vec::new();
    for (i, diagram) in root
        .children()
        .filter(|n| n.has_tag_name("diagram"))
        .enumerate()
    {
        let name = diagram
            .attribute("name")
            .map_or_else(|| format!("Page-{}", i + 1), str::to_string);
        let span = if text.is_some() {
            outer
        } else {
            Span::new(diagram.range().start, diagram.range().end)
        };
        if let Some(model) = diagram.children().find(|n| n.has_tag_name("mxGraphModel")) {
            pages.push(RawPage {
                name,
                decoded: text.cloned(),
                model: model.range(),
            });
            continue;
        }
        let blob: String = diagram
            .children()
            .filter(|n| n.is_text())
            .filter_map(|n| n.text())
            .collect();
        if blob.trim().is_empty() {
            continue;
        }
        let xml = inflate_page(blob.trim()).map_err(|e| unreadable(&e, span))?;
        let inner = parse(&xml).map_err(|e| ImportError {
            span: Some(span),
            ..e
        })?;
        let model = inner.root_element();
        if !model.has_tag_name("mxGraphModel") {
            return Err(not_a_diagram(model.tag_name().name(), span));
        }
        let range = model.range();
        drop(inner);
        pages.push(RawPage {
            name,
            decoded: Some(xml),
            model: range,
        });
    }
    Ok(pages)
}

/// A compressed page: base64 of raw deflate of the URL-encoded XML (older files: of the
/// XML itself); a URL-encoded page that is not compressed.
pub fn inflate_page(blob: &str) -> Result<String, String> {
    if blob.starts_with('%') {
        return Ok(unescape_url(blob));
    }
    let compact: String = blob.chars().filter(|c| !c.is_whitespace()).collect();
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(compact.as_bytes())
        .map_err(|e| format!("a compressed page that is not base64: {e}"))?;
    let mut inflated = Vec::new();
    flate2::read::DeflateDecoder::new(&bytes[..])
        .take(INFLATED_LIMIT)
        .read_to_end(&mut inflated)
        .or_else(|_| {
            inflated.clear();
            flate2::read::ZlibDecoder::new(&bytes[..])
                .take(INFLATED_LIMIT)
                .read_to_end(&mut inflated)
        })
        .map_err(|e| format!("a compressed page that does not inflate: {e}"))?;
    let text = String::from_utf8(inflated)
        .map_err(|_| "a compressed page that is not UTF-8 text".to_string())?;
    let text = text.trim();
    Ok(if text.starts_with('%') {
        unescape_url(text)
    } else {
        text.to_string()
    })
}

/// `%3CmxGraphModel%3E` → `<mxGraphModel>` (invalid UTF-8 is replaced, not an error).
pub fn unescape_url(text: &str) -> String {
    percent_encoding::percent_decode_str(text)
        .decode_utf8_lossy()
        .into_owned()
}

fn unreadable(reason: &str, span: Span) -> ImportError {
    ImportError::new(ImportErrorKind::Unreadable, reason.to_string()).at(span, "this page")
}

fn not_a_diagram(root: &str, span: Span) -> ImportError {
    ImportError::new(
        ImportErrorKind::Unreadable,
        format!("XML whose root is <{root}>, not a draw.io diagram"),
    )
    .at(span, "here")
    .help("draw.io files start with <mxfile> or <mxGraphModel>")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    /// What draw.io does to a page: URL-encode, raw-deflate, base64.
    pub fn compress(xml: &str) -> String {
        let encoded =
            percent_encoding::utf8_percent_encode(xml, percent_encoding::NON_ALPHANUMERIC)
                .to_string();
        let mut deflater =
            flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::default());
        deflater.write_all(encoded.as_bytes()).expect("in memory");
        let bytes = deflater.finish().expect("in memory");
        base64::engine::general_purpose::STANDARD.encode(bytes)
    }

    #[test]
    fn every_encoding_of_a_page_decodes_to_its_model() {
        let model = "<mxGraphModel><root><mxCell id=\"0\"/></root></mxGraphModel>";
        let plain = format!("<mxfile><diagram name=\"A\">{model}</diagram></mxfile>");
        let compressed = format!(
            "<mxfile><diagram name=\"B\">{}</diagram></mxfile>",
            compress(model)
        );
        let svg = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" content=\"{}\"/>",
            compressed
                .replace('<', "&lt;")
                .replace('>', "&gt;")
                .replace('"', "&quot;")
        );
        for text in [plain.as_str(), compressed.as_str(), svg.as_str(), model] {
            let pages = pages(text).unwrap_or_else(|e| panic!("{e}: {text}"));
            assert_eq!(pages.len(), 1);
            let page = &pages[0];
            let source = page.decoded.as_deref().unwrap_or(text);
            assert_eq!(&source[page.model.clone()], model, "{text}");
        }
    }

    #[test]
    fn broken_pages_are_errors_not_panics() {
        for text in [
            "<mxfile><diagram>!!!notbase64</diagram></mxfile>",
            "<mxfile><diagram>AAAA</diagram></mxfile>",
            "<html/>",
            "<mxfile",
            "<svg/>",
        ] {
            assert!(pages(text).is_err(), "{text}");
        }
    }

    /// draw.io's SVG export starts with a DOCTYPE naming the SVG DTD: read it; a DTD
    /// with an internal subset (entities) stays refused.
    #[test]
    fn an_exported_svg_with_its_doctype_is_read() {
        let model = "<mxGraphModel><root><mxCell id=\"0\"/></root></mxGraphModel>";
        let content = format!("<mxfile><diagram name=\"p\">{model}</diagram></mxfile>")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;");
        let svg = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- Do not edit -->\n<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" \"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd\">\n<svg xmlns=\"http://www.w3.org/2000/svg\" content=\"{content}\"/>"
        );
        assert_eq!(pages(&svg).map(|p| p.len()).ok(), Some(1), "{svg}");
        let bomb =
            "<?xml version=\"1.0\"?><!DOCTYPE svg [<!ENTITY a \"aaaa\">]><svg content=\"&a;\"/>";
        assert!(pages(bomb).is_err());
        let late = "<svg><x/><!DOCTYPE svg></svg>";
        assert!(pages(late).is_err());
    }
}
