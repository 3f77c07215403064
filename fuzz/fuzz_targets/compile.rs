//! Parse, lower, analyse, lint and format arbitrary bytes. Beyond "never panic", it checks the
//! formatter's contract on everything that parses: the output parses again, and
//! formatting it once more changes nothing.

#![no_main]

use infrac::syntax::{format, parse};
use infrac::Source;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // Whatever compiles is analysed and linted too: no design may crash the linter.
    let _ = infrac::check(&Source::new("fuzz.infra", text), &infrac::lint::Config::default());
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
