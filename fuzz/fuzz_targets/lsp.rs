//! The language server's message loop on arbitrary input bytes: framing, JSON-RPC,
//! lifecycle and every handler. It must neither panic nor stop before the input ends
//! (only `exit` ends it early), and everything it writes must be framed JSON.

#![no_main]

use infrac::lint::Config;
use infrac::lsp::transport::{Frame, Reader};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut output = Vec::new();
    // The server reads on a thread of its own, so it owns its input.
    let input = std::io::Cursor::new(data.to_vec());
    let ending = infrac::lsp::serve(input, &mut output, &Config::default());
    assert!(ending.is_ok(), "writing to memory cannot fail");
    let mut replies = Reader::new(output.as_slice());
    loop {
        match replies.next_frame() {
            Ok(Frame::Body(body)) => {
                let value: Result<serde_json::Value, _> = serde_json::from_slice(&body);
                assert!(value.is_ok(), "a reply is not JSON: {body:?}");
            }
            Ok(Frame::End) => break,
            other => panic!("a reply is not framed: {other:?}"),
        }
    }
});
