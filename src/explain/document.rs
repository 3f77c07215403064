//! A written explanation as data: sections of blocks (paragraphs, lists, tables, the
//! diagram), blocks of inline spans (text, code, emphasis, links to sections). Sections
//! build it; [`markdown`](super::markdown) and [`html`](super::html) are two writers of
//! it, so neither format is ever made by searching the other. Text is stored as written
//! and escaped by each writer for its own format.

/// One piece of inline content.
#[derive(Debug, Clone, PartialEq)]
pub enum Inline {
    /// Prose, or free text from the design: the writers escape it.
    Plain(String),
    /// A name, a path, an address, a keyword: shown as code.
    Code(String),
    Strong(Spans),
    Emphasis(Spans),
    /// A link to another section of the same document, by the section's id.
    Section {
        text: Spans,
        id: &'static str,
    },
}

/// A run of inline content: a sentence, a list item, a table cell.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Spans(pub Vec<Inline>);

impl Spans {
    pub fn new() -> Spans {
        Spans(Vec::new())
    }

    /// Append anything that reads as spans; adjacent plain text is merged.
    pub fn push(&mut self, more: impl Into<Spans>) -> &mut Self {
        for inline in more.into().0 {
            match (self.0.last_mut(), inline) {
                (Some(Inline::Plain(last)), Inline::Plain(next)) => last.push_str(&next),
                (_, Inline::Plain(next)) if next.is_empty() => {}
                (_, inline) => self.0.push(inline),
            }
        }
        self
    }

    /// The text a reader sees, without any markup.
    pub fn plain(&self) -> String {
        let mut out = String::new();
        for inline in &self.0 {
            match inline {
                Inline::Plain(t) | Inline::Code(t) => out.push_str(t),
                Inline::Strong(s) | Inline::Emphasis(s) | Inline::Section { text: s, .. } => {
                    out.push_str(&s.plain())
                }
            }
        }
        out
    }

    /// Only the prose: plain text, emphasised or not, without the code spans.
    pub fn prose(&self) -> String {
        let mut out = String::new();
        for inline in &self.0 {
            match inline {
                Inline::Plain(t) => out.push_str(t),
                Inline::Code(_) => out.push(' '),
                Inline::Strong(s) | Inline::Emphasis(s) | Inline::Section { text: s, .. } => {
                    out.push_str(&s.prose())
                }
            }
        }
        out
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl From<&str> for Spans {
    fn from(text: &str) -> Spans {
        Spans(vec![Inline::Plain(text.to_string())])
    }
}

impl From<String> for Spans {
    fn from(text: String) -> Spans {
        Spans(vec![Inline::Plain(text)])
    }
}

impl From<&String> for Spans {
    fn from(text: &String) -> Spans {
        Spans::from(text.as_str())
    }
}

impl From<Inline> for Spans {
    fn from(inline: Inline) -> Spans {
        Spans(vec![inline])
    }
}

impl From<&Spans> for Spans {
    fn from(spans: &Spans) -> Spans {
        spans.clone()
    }
}

/// Spans from parts, each anything that converts: `spans!["TLS ends at ", code(path), "."]`.
#[macro_export]
macro_rules! spans {
    ($($part:expr),* $(,)?) => {{
        #[allow(unused_mut)]
        let mut spans = $crate::explain::document::Spans::new();
        $(spans.push($part);)*
        spans
    }};
}
pub use crate::numbers::thousands;
pub use crate::spans;

/// Text shown as code: a name, a path, an address.
pub fn code(text: impl Into<String>) -> Spans {
    Spans(vec![Inline::Code(text.into())])
}

/// Strong emphasis: the key word of a sentence.
pub fn strong(content: impl Into<Spans>) -> Spans {
    Spans(vec![Inline::Strong(content.into())])
}

/// Emphasis: a lead-in ("*Fix.*").
pub fn emph(content: impl Into<Spans>) -> Spans {
    Spans(vec![Inline::Emphasis(content.into())])
}

/// A link to the section with `id`.
pub fn link(text: impl Into<Spans>, id: &'static str) -> Spans {
    Spans(vec![Inline::Section {
        text: text.into(),
        id,
    }])
}

/// A list of at most this many items is written out whole…
const NAMED_IN_FULL: usize = 15;
/// …a longer one names this many and counts the rest ("… and 9,982 others"), so a
/// write-up of ten thousand servers stays a text someone reads, the way the diagram
/// stacks identical servers.
const NAMED_OF_MANY: usize = 10;

/// "a", "a and b", "a, b and c"; "a, b, … j and 90 others" past [`NAMED_IN_FULL`].
pub fn and_list(items: impl IntoIterator<Item = Spans>) -> Spans {
    joined(items, " and ")
}

/// "a", "a or b", "a, b or c"; "a, b, … j or 90 others" past [`NAMED_IN_FULL`].
pub fn or_list(items: impl IntoIterator<Item = Spans>) -> Spans {
    joined(items, " or ")
}

/// Items joined by commas and `last` before the final one. Items past the first
/// [`NAMED_IN_FULL`] + 1 are counted, not kept.
fn joined(items: impl IntoIterator<Item = Spans>, last: &str) -> Spans {
    let mut items = items.into_iter();
    let mut shown: Vec<Spans> = items.by_ref().take(NAMED_IN_FULL + 1).collect();
    let others = if shown.len() > NAMED_IN_FULL {
        let others = shown.len() - NAMED_OF_MANY + items.count();
        shown.truncate(NAMED_OF_MANY);
        Some(others)
    } else {
        None
    };
    let mut out = Spans::new();
    let n = shown.len();
    for (i, item) in shown.into_iter().enumerate() {
        if i > 0 {
            out.push(if i + 1 == n && others.is_none() {
                last
            } else {
                ", "
            });
        }
        out.push(item);
    }
    if let Some(others) = others {
        out.push(format!("{last}{} others", thousands(others)));
    }
    out
}

/// "one server", "3 servers".
pub fn count(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("one {one}")
    } else {
        format!("{} {many}", thousands(n))
    }
}

/// Spans whose first letter (when it is plain text) is a capital.
pub fn capitalized(content: impl Into<Spans>) -> Spans {
    let mut spans = content.into();
    if let Some(Inline::Plain(first)) = spans.0.first_mut() {
        let mut chars = first.chars();
        if let Some(c) = chars.next() {
            *first = c.to_uppercase().chain(chars).collect();
        }
    }
    spans
}

/// A sentence made of spans: its first letter capitalised, a full stop at the end.
pub fn sentence(content: impl Into<Spans>) -> Spans {
    let mut spans = capitalized(content);
    let ends = spans.plain();
    let ends = ends.trim_end();
    if !ends.is_empty() && !ends.ends_with(['.', '!', '?', ':']) {
        spans.push(".");
    }
    spans
}

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Para(Spans),
    Bullets(Vec<Spans>),
    /// Numbered steps.
    Steps(Vec<Spans>),
    Table {
        head: Vec<String>,
        rows: Vec<Vec<Spans>>,
    },
    /// The design's diagram: a picture file beside a Markdown file (`src`), inline SVG
    /// in HTML. Without a file, Markdown leaves it out.
    Diagram {
        alt: String,
        src: Option<String>,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    /// A stable identifier (`request-path`), what tests and links look for.
    pub id: &'static str,
    pub title: String,
    pub blocks: Vec<Block>,
    pub subsections: Vec<Section>,
}

impl Section {
    pub fn new(id: &'static str, title: impl Into<String>) -> Section {
        Section {
            id,
            title: title.into(),
            blocks: Vec::new(),
            subsections: Vec::new(),
        }
    }

    pub fn para(&mut self, text: impl Into<Spans>) -> &mut Self {
        let text = text.into();
        if !text.is_empty() {
            self.blocks.push(Block::Para(text));
        }
        self
    }

    pub fn bullets(&mut self, items: Vec<Spans>) -> &mut Self {
        if !items.is_empty() {
            self.blocks.push(Block::Bullets(items));
        }
        self
    }

    pub fn steps(&mut self, items: Vec<Spans>) -> &mut Self {
        if !items.is_empty() {
            self.blocks.push(Block::Steps(items));
        }
        self
    }

    pub fn table(&mut self, head: Vec<&str>, rows: Vec<Vec<Spans>>) -> &mut Self {
        if !rows.is_empty() {
            self.blocks.push(Block::Table {
                head: head.into_iter().map(String::from).collect(),
                rows,
            });
        }
        self
    }

    pub fn sub(&mut self, section: Section) -> &mut Self {
        if !section.is_empty() {
            self.subsections.push(section);
        }
        self
    }

    /// Whether the section (or one of its subsections) says anything.
    pub fn is_empty(&self) -> bool {
        self.blocks.is_empty() && self.subsections.iter().all(Section::is_empty)
    }

    /// Every inline run in the section and its subsections, in reading order.
    pub fn spans(&self) -> Vec<&Spans> {
        let mut out = Vec::new();
        for block in &self.blocks {
            match block {
                Block::Para(s) => out.push(s),
                Block::Bullets(items) | Block::Steps(items) => out.extend(items),
                Block::Table { rows, .. } => out.extend(rows.iter().flatten()),
                Block::Diagram { .. } => {}
            }
        }
        for sub in &self.subsections {
            out.extend(sub.spans());
        }
        out
    }

    /// The titles of the section and of its subsections, in reading order.
    pub fn titles(&self) -> Vec<&str> {
        let mut out = vec![self.title.as_str()];
        for sub in &self.subsections {
            out.extend(sub.titles());
        }
        out
    }

    /// The section's text as a reader sees it, without markup: for tests and searches.
    pub fn plain(&self) -> String {
        let mut out = self.title.clone();
        for block in &self.blocks {
            let runs: Vec<&Spans> = match block {
                Block::Para(s) => vec![s],
                Block::Bullets(items) | Block::Steps(items) => items.iter().collect(),
                Block::Table { rows, .. } => rows.iter().flatten().collect(),
                Block::Diagram { .. } => Vec::new(),
            };
            for spans in runs {
                out.push('\n');
                out.push_str(&spans.plain());
            }
        }
        for sub in &self.subsections {
            out.push('\n');
            out.push_str(&sub.plain());
        }
        out
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub title: String,
    pub sections: Vec<Section>,
}

impl Document {
    /// The top-level section with this id.
    pub fn section(&self, id: &str) -> Option<&Section> {
        self.sections.iter().find(|s| s.id == id)
    }

    /// The title a section is shown under, for links to it.
    pub fn title_of(&self, id: &str) -> Option<&str> {
        fn find<'a>(sections: &'a [Section], id: &str) -> Option<&'a str> {
            sections.iter().find_map(|s| {
                if s.id == id {
                    Some(s.title.as_str())
                } else {
                    find(&s.subsections, id)
                }
            })
        }
        find(&self.sections, id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_merge_plain_text_and_lists_read_naturally() {
        let s = spans!["a", "b", code("c"), ""];
        assert_eq!(s.0, [Inline::Plain("ab".into()), Inline::Code("c".into())]);
        let list = and_list(["x", "y", "z"].map(Spans::from));
        assert_eq!(list.plain(), "x, y and z");
        assert_eq!(or_list(["x", "y"].map(Spans::from)).plain(), "x or y");
        assert_eq!(sentence("it works").plain(), "It works.");
        assert_eq!(sentence(spans!["see ", code("a")]).plain(), "See a.");
    }

    fn letters(n: usize) -> Vec<Spans> {
        (0..n).map(|i| Spans::from(format!("s{i}"))).collect()
    }

    #[test]
    fn a_long_list_names_ten_and_counts_the_others() {
        let full = and_list(letters(15)).plain();
        assert!(full.ends_with("s13 and s14"), "{full}");
        assert_eq!(full.matches(", ").count(), 13);
        let long = and_list(letters(16)).plain();
        assert_eq!(long, "s0, s1, s2, s3, s4, s5, s6, s7, s8, s9 and 6 others");
        let many = or_list(letters(10_010)).plain();
        assert!(many.ends_with("s9 or 10,000 others"), "{many}");
    }

    #[test]
    fn thousands_are_separated() {
        let cases = [
            (0, "0"),
            (999, "999"),
            (1000, "1,000"),
            (123_456, "123,456"),
        ];
        for (n, text) in cases {
            assert_eq!(thousands(n), text);
        }
        assert_eq!(thousands(1_234_567), "1,234,567");
    }
}
