//! Import arbitrary bytes as a Terraform file (HCL): never a panic, and bounded time
//! (collections, decompression, nesting and module depth are capped). Whatever imports
//! is lowered, linted and drawn, and the .infra that `infrac import` would print parses.

#![no_main]

use infrac::{Format, Input, Source, Sources};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = infrac::import::text_of(data.to_vec()) else {
        return;
    };
    let name = if matches!(Format::Terraform, Format::Terraform) { "fuzz/main.tf" } else { "fuzz.input" };
    let input = Input::new(Sources::one(Source::new(name, text)), Some(Format::Terraform));
    let Ok(pages) = infrac::import::designs(input) else {
        return;
    };
    for page in pages.into_iter().take(4) {
        let Ok(imported) = infrac::import::import(&page) else {
            continue;
        };
        let file = imported.builder.file();
        if let Ok((design, sources)) = imported.builder.build() {
            let printed = infrac::syntax::print(&file, &|_| None);
            assert!(printed.is_ok(), "a built design prints as .infra: {printed:?}");
            let checked = infrac::Checked::of(design, sources, &infrac::lint::Config::default());
            let diagram = checked.diagram("fuzz", infrac::render::Options::default());
            assert!(infrac::render::svg(&diagram, infrac::render::ThemeName::Light).starts_with("<svg"));
        }
    }
});
