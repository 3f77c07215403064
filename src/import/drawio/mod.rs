//! draw.io diagrams: every encoding draw.io writes, several pages as several designs,
//! shapes from the AWS, Cisco, Kubernetes and network libraries or plain shapes read by
//! their labels, and geometry where the file says nothing (free text beside a shape, a
//! rectangle drawn around servers, an edge whose end is next to a shape).
//!
//! ```text
//! text ─► decode (pages) ─► cells (geometry, labels) ─► read (roles, containers, text)
//!      ─► map (servers, components, flows, firewalls, DNS) ─► Builder + Report
//! ```

mod cells;
mod decode;
mod label;
mod map;
pub mod png;
mod read;
mod shape;
mod style;
mod traffic;
pub(crate) mod words;

use super::{ImportError, Imported, Input, Report};
use crate::model::Builder;
use crate::source::Source;

/// The names of the pages of a draw.io input.
pub fn page_names(input: &Input) -> Result<Vec<String>, ImportError> {
    let text = input.sources.primary().map_or("", |s| &s.text);
    Ok(decode::pages(text)?.into_iter().map(|p| p.name).collect())
}

/// Import one page (the input's, or the first) of a draw.io file.
pub fn import(input: &Input) -> Result<Imported, ImportError> {
    let file = input
        .sources
        .primary()
        .cloned()
        .unwrap_or_else(|| Source::new(input.sources.name(), ""));
    let pages = decode::pages(&file.text)?;
    let index = input.page.as_ref().map_or(0, |p| p.index);
    let Some(raw) = pages.into_iter().nth(index) else {
        return Err(ImportError::new(
            super::ImportErrorKind::Empty,
            "a draw.io file with no pages",
        ));
    };
    let mut sources = input.sources.clone();
    let (page, base) = match &raw.decoded {
        None => (cells::read(&file.text, raw.model.clone(), 0)?, 0),
        Some(text) => {
            // A compressed page's cells point into its decoded XML, kept beside the file
            // under the file's own name (the cell ids and labels say which shape).
            let base = sources.add(Source::new(file.name.clone(), text.clone()));
            (cells::read(text, raw.model.clone(), base)?, base)
        }
    };
    let _ = base;
    let mut report = Report::new(super::Format::Drawio, input.name());
    let shapes_count = page.cells.iter().filter(|c| c.vertex).count();
    let edges = page.cells.iter().filter(|c| c.edge).count();
    report.contents = format!(
        "page \"{}\" with {} and {}",
        raw.name,
        super::report::count(shapes_count, "shape"),
        super::report::count(edges, "edge")
    );
    let shapes = read::shapes(&page, &mut report);
    let mut mapper = map::Mapper::new(&page, &shapes, Builder::new(sources), &mut report);
    mapper.run();
    let builder = mapper.b;
    Ok(Imported { builder, report })
}
