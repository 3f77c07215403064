//! A named source text: what every stage points into.

use std::sync::Arc;

/// One input file (or standard input), already decoded as UTF-8.
#[derive(Debug, Clone)]
pub struct Source {
    /// The name shown in diagnostics: the path as given, or `<stdin>`.
    pub name: String,
    pub text: Arc<str>,
}

impl Source {
    pub fn new(name: impl Into<String>, text: impl Into<Arc<str>>) -> Self {
        Source {
            name: name.into(),
            text: text.into(),
        }
    }

    /// The source as miette wants it for rendering snippets.
    pub fn named(&self) -> miette::NamedSource<Arc<str>> {
        miette::NamedSource::new(&self.name, Arc::clone(&self.text)).with_language("infra")
    }
}
