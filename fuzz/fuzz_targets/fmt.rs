//! What `infrac fmt` does with the bytes of a file: decode them (size, UTF-8, BOM), parse,
//! and either render the errors as the terminal shows them or format. The formatter's
//! contract holds on everything that parses: the output parses again, keeps every
//! comment, and formatting it once more changes nothing.

#![no_main]

use infrac::diagnostics::{Diagnostics, Style};
use infrac::syntax::{format, parse};
use infrac::{Source, Sources};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = match infrac::decode::decode(data.to_vec()) {
        Ok(text) => text,
        Err(e) => {
            let _ = e.to_string();
            return;
        }
    };
    let source = Source::new("fuzz.infra", text.as_str());
    let file = match parse(&text) {
        Ok(file) => file,
        Err(errors) => {
            let report = Diagnostics::syntax(&Sources::one(source), errors).render(Style::PLAIN);
            assert!(!report.is_empty());
            return;
        }
    };
    let formatted = format(&text, &file);
    let reparsed = match parse(&formatted) {
        Ok(file) => file,
        Err(e) => panic!("formatted output does not parse: {e:?}\n{formatted}"),
    };
    assert_eq!(reparsed.comments.len(), file.comments.len(), "comments lost");
    assert_eq!(format(&formatted, &reparsed), formatted, "fmt is not idempotent");
});
