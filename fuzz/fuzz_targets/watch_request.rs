//! The preview server's request handling on arbitrary bytes: the head parser, the
//! loopback policy and the routes. Beyond "never panic": the design is never served to
//! a request whose Host is not a loopback name on the server's port.

#![no_main]

use infrac::watch::Page;
use infrac::watch::http::{Status, head, policy};
use infrac::watch::routes::{Site, answer_bytes};
use infrac::watch::state::Shared;
use libfuzzer_sys::fuzz_target;
use std::time::Duration;

const PORT: u16 = 4000;

fuzz_target!(|data: &[u8]| {
    let shared = Shared::new(Page {
        title: "secret design".into(),
        html: "<p>secret design</p>".into(),
    });
    let site = Site {
        shared: &shared,
        port: PORT,
        long_poll: Duration::ZERO,
        present: &|| true,
    };
    let Some((response, _head_only)) = answer_bytes(data, &site) else {
        return;
    };
    let bytes = response.to_bytes(false);
    assert!(bytes.starts_with(b"HTTP/1.1 "));
    if response.status == Status::Ok {
        let head = head::parse(data).ok().flatten();
        let host = head.as_ref().and_then(|h| h.host.as_deref()).unwrap_or("");
        assert!(policy::is_loopback_host(host, PORT), "served to Host {host:?}");
    }
});
