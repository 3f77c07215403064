//! Import arbitrary bytes as a draw.io diagram (any encoding, a .drawio.png's bytes too); the checks are those of every importer
//! (import_common.rs).

#![no_main]

#[path = "import_common.rs"]
mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| common::import(data, infrac::Format::Drawio));
