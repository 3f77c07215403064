//! Import arbitrary bytes as Terraform JSON (show -json, .tfstate): never a panic, and bounded time
//! (collections, decompression, nesting and module depth are capped). Whatever imports
//! is lowered, linted and drawn, and the .infra that `infrac import` would print parses.

#![no_main]

use infrac::{Format, Input, Source, Sources};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = infrac::import::text_of(data.to_vec()) else {
        return;
    };
    let name = if matches!(Format::TerraformJson, Format::Terraform) { "fuzz/main.tf" } else { "fuzz.input" };
    let input = Input::new(Sources::one(Source::new(name, text)), Some(Format::TerraformJson));
    let Ok(pages) = infrac::import::designs(input) else {
        return;
    };
    for page in pages.into_iter().take(4) {
        let imported = match infrac::import::import(&page) {
            Ok(imported) => imported,
            Err(diagnostics) => {
                // An import fails only as an import: never as a compile error of the
                // design the importer made.
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
});
