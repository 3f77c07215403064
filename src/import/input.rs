//! What one design is read from: the texts, their format, and for a draw.io file of
//! several pages, which page.

use super::format::Format;
use crate::source::{Source, Sources};

#[derive(Debug, Clone)]
pub struct Input {
    pub sources: Sources,
    /// `None`: told from the content ([`Format::detect`]).
    pub format: Option<Format>,
    /// The page of a draw.io file with several (`None`: the only or first one).
    pub page: Option<Page>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    pub index: usize,
    pub name: String,
}

impl Input {
    pub fn new(sources: Sources, format: Option<Format>) -> Input {
        Input {
            sources,
            format,
            page: None,
        }
    }

    pub fn format(&self) -> Format {
        self.format.unwrap_or_else(|| Format::detect(&self.sources))
    }

    /// The input's name, with the page when there are several: `arch.drawio#Prod`.
    pub fn name(&self) -> String {
        match &self.page {
            Some(page) if !self.sources.name().ends_with(&format!("#{}", page.name)) => {
                format!("{}#{}", self.sources.name(), page.name)
            }
            _ => self.sources.name().to_string(),
        }
    }
}

impl From<Sources> for Input {
    fn from(sources: Sources) -> Self {
        Input::new(sources, None)
    }
}

impl From<&Sources> for Input {
    fn from(sources: &Sources) -> Self {
        Input::new(sources.clone(), None)
    }
}

impl From<Source> for Input {
    fn from(source: Source) -> Self {
        Input::new(Sources::one(source), None)
    }
}

impl From<&Source> for Input {
    fn from(source: &Source) -> Self {
        Input::new(Sources::one(source.clone()), None)
    }
}

impl From<&Input> for Input {
    fn from(input: &Input) -> Self {
        input.clone()
    }
}
