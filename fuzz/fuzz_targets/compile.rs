//! Parse, lower, analyse, lint, draw and format arbitrary bytes. Beyond "never panic", it
//! checks the formatter's contract on everything that parses: the output parses again,
//! and formatting it once more changes nothing.

#![no_main]

use infrac::syntax::{format, parse};
use infrac::Source;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // Whatever compiles is analysed, linted and drawn too: no design may crash the linter
    // or the renderer.
    let source = Source::new("fuzz.infra", text);
    if let Ok(c) = infrac::check(&source, &infrac::lint::Config::default()) {
        for expand in [false, true] {
            let options = infrac::render::Options { expand, ..Default::default() };
            let diagram = infrac::render::diagram(&c.design, &c.analysis, &c.findings, "fuzz", options);
            let svg = infrac::render::svg(&diagram, infrac::render::ThemeName::Light);
            assert!(svg.starts_with("<svg"));
        }
    }
    if let Ok(file) = parse(text) {
        let formatted = format(text, &file);
        let reparsed = match parse(&formatted) {
            Ok(file) => file,
            Err(e) => panic!("formatted output does not parse: {e:?}\n{formatted}"),
        };
        assert_eq!(reparsed.comments.len(), file.comments.len(), "comments lost");
        assert_eq!(format(&formatted, &reparsed), formatted, "fmt is not idempotent");
    }
});
