//! A written explanation as data: sections of paragraphs, lists and tables. Writers turn
//! it into Markdown or HTML; a section with nothing to say is never written.

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A paragraph of Markdown inline text (names already quoted with [`code`]).
    Para(String),
    Bullets(Vec<String>),
    /// Numbered steps.
    Steps(Vec<String>),
    Table {
        head: Vec<String>,
        rows: Vec<Vec<String>>,
    },
    Image {
        alt: String,
        src: String,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    /// A stable anchor (`request-path`), also what tests look for.
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

    pub fn para(&mut self, text: impl Into<String>) -> &mut Self {
        self.blocks.push(Block::Para(text.into()));
        self
    }

    pub fn bullets(&mut self, items: Vec<String>) -> &mut Self {
        if !items.is_empty() {
            self.blocks.push(Block::Bullets(items));
        }
        self
    }

    pub fn steps(&mut self, items: Vec<String>) -> &mut Self {
        if !items.is_empty() {
            self.blocks.push(Block::Steps(items));
        }
        self
    }

    pub fn table(&mut self, head: Vec<String>, rows: Vec<Vec<String>>) -> &mut Self {
        if !rows.is_empty() {
            self.blocks.push(Block::Table { head, rows });
        }
        self
    }

    /// Whether the section (or one of its subsections) says anything.
    pub fn is_empty(&self) -> bool {
        self.blocks.is_empty() && self.subsections.iter().all(Section::is_empty)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub title: String,
    pub sections: Vec<Section>,
}

/// Text shown as code: a name, a path, an address. Backticks inside get a longer fence.
pub fn code(text: &str) -> String {
    let clean: String = text.chars().filter(|c| !c.is_control()).collect();
    let longest = clean.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    if longest > 0 || clean.starts_with(' ') || clean.ends_with(' ') {
        format!("{fence} {clean} {fence}")
    } else {
        format!("{fence}{clean}{fence}")
    }
}

/// Free text from the design (labels, descriptions) made inert in Markdown: every
/// punctuation character that could start markup is escaped.
pub fn text(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars().filter(|c| !c.is_control()) {
        if c.is_ascii_punctuation()
            && !matches!(
                c,
                '.' | ',' | ':' | ';' | '\'' | '"' | '/' | '-' | '?' | '%' | '=' | '@'
            )
        {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// "a", "a and b", "a, b and c".
pub fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// "1 server", "3 servers".
pub fn count(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("one {one}")
    } else {
        format!("{n} {many}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_spans_survive_backticks_and_text_is_inert() {
        assert_eq!(code("web1"), "`web1`");
        assert_eq!(code("a`b"), "`` a`b ``");
        assert_eq!(
            text("*bold* <b> [x](y) # h"),
            "\\*bold\\* \\<b\\> \\[x\\]\\(y\\) \\# h"
        );
        assert_eq!(
            and_list(&["a".into(), "b".into(), "c".into()]),
            "a, b and c"
        );
    }
}
