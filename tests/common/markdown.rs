//! Markdown as a real parser (pulldown-cmark) reads it: the heading structure, and the
//! text of every paragraph, list item and table cell.

use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};

/// Headings go down one level at a time, and none is empty.
pub fn check_structure(md: &str) -> Result<(), String> {
    let mut last: Option<usize> = None;
    let mut open: Option<(usize, String)> = None;
    let mut content_since_heading = true;
    let mut in_heading = false;
    let mut heading_text = String::new();
    for event in Parser::new_ext(md, pulldown_cmark::Options::ENABLE_TABLES) {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                let level = match level {
                    HeadingLevel::H1 => 1,
                    HeadingLevel::H2 => 2,
                    HeadingLevel::H3 => 3,
                    HeadingLevel::H4 => 4,
                    HeadingLevel::H5 => 5,
                    HeadingLevel::H6 => 6,
                };
                match last {
                    None if level != 1 => return Err(format!("first heading is h{level}")),
                    Some(prev) if level > prev + 1 => return Err(format!("h{prev} then h{level}")),
                    _ => {}
                }
                if let Some((open_level, title)) = &open
                    && !content_since_heading
                    && level <= *open_level
                {
                    return Err(format!("empty section {title:?}"));
                }
                last = Some(level);
                in_heading = true;
                heading_text.clear();
                content_since_heading = false;
                open = Some((level, String::new()));
            }
            Event::End(TagEnd::Heading(_)) => {
                in_heading = false;
                if let Some((l, _)) = open {
                    open = Some((l, heading_text.clone()));
                }
            }
            Event::Html(_) | Event::InlineHtml(_) => return Err("raw HTML".into()),
            Event::Text(t) | Event::Code(t) if in_heading => heading_text.push_str(&t),
            Event::Text(_) | Event::Code(_) => content_since_heading = true,
            _ => {}
        }
    }
    if !content_since_heading {
        return Err(format!("the last section {open:?} is empty"));
    }
    Ok(())
}

/// The text a reader sees in each paragraph, list item and table cell, in order (code
/// spans included, markup and images left out).
pub fn texts(md: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Option<String> = None;
    let mut image = 0;
    for event in Parser::new_ext(md, pulldown_cmark::Options::ENABLE_TABLES) {
        match event {
            Event::Start(Tag::Paragraph | Tag::Item | Tag::TableCell) => {
                if let Some(open) = current.take()
                    && !open.trim().is_empty()
                {
                    out.push(open);
                }
                current = Some(String::new());
            }
            Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell) => {
                if let Some(done) = current.take()
                    && !done.trim().is_empty()
                {
                    out.push(done);
                }
            }
            Event::Start(Tag::Image { .. }) => image += 1,
            Event::End(TagEnd::Image) => image -= 1,
            Event::Text(t) | Event::Code(t) if image == 0 => {
                if let Some(c) = current.as_mut() {
                    c.push_str(&t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(c) = current.as_mut() {
                    c.push(' ');
                }
            }
            _ => {}
        }
    }
    out
}
