//! What every importer's fuzz target checks, whatever the format: arbitrary bytes never
//! panic and take bounded time (collections, decompression, nesting and module depth are
//! capped); an import fails only as an import, never as a compile error of the design the
//! importer made; whatever imports prints as `.infra`, is linted and drawn.

use infrac::{Format, Input, Source, Sources};

pub fn import(data: &[u8], format: Format) {
    let Ok(text) = infrac::import::text_of(data.to_vec()) else {
        return;
    };
    // Terraform reads a directory of `.tf` files (`.tf.json` for its JSON syntax, told
    // from the name as Terraform does); the others take any name.
    let name = match format {
        Format::Terraform if text.trim_start().starts_with('{') => "fuzz/main.tf.json",
        Format::Terraform => "fuzz/main.tf",
        _ => "fuzz.input",
    };
    let input = Input::new(Sources::one(Source::new(name, text)), Some(format));
    let Ok(pages) = infrac::import::designs(input) else {
        return;
    };
    for page in pages.into_iter().take(4) {
        let imported = match infrac::import::import(&page) {
            Ok(imported) => imported,
            Err(diagnostics) => {
                assert!(
                    diagnostics.errors.iter().all(|e| e.code().starts_with("infrac::import::")),
                    "{:?}",
                    diagnostics.errors
                );
                continue;
            }
        };
        let printed = infrac::syntax::print(&imported.file, &|_| None);
        assert!(printed.is_ok(), "a built design prints as .infra: {printed:?}");
        let checked = infrac::Checked::of(imported.design, imported.sources, &infrac::lint::Config::default());
        let diagram = checked.diagram("fuzz", infrac::render::Options::default());
        assert!(infrac::render::svg(&diagram, infrac::render::ThemeName::Light).starts_with("<svg"));
    }
}
