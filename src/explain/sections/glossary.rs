//! A glossary of the acronyms the explanation used — only those.

use super::super::document::{Section, Spans, spans, strong};

const TERMS: &[(&str, &str)] = &[
    (
        "DNS",
        "Domain Name System: turns names like www.example.com into IP addresses.",
    ),
    (
        "HTTP",
        "HyperText Transfer Protocol: how browsers and web servers talk.",
    ),
    (
        "HTTPS",
        "HTTP inside TLS: encrypted and authenticated HTTP.",
    ),
    (
        "IP",
        "Internet Protocol; an IP address identifies a machine on a network.",
    ),
    (
        "LAMP",
        "Linux, Apache (or Nginx), MySQL and PHP (or Python): the classic one-server web stack.",
    ),
    (
        "QPS",
        "Queries (requests) per second: the rate of traffic a server handles.",
    ),
    (
        "SPOF",
        "Single point of failure: a part whose failure alone stops the whole service.",
    ),
    (
        "SSL",
        "Secure Sockets Layer, the old name of TLS; \"SSL certificate\" still means a TLS certificate.",
    ),
    (
        "TCP",
        "Transmission Control Protocol: the reliable connection HTTP runs over.",
    ),
    (
        "TLS",
        "Transport Layer Security: encrypts and authenticates a connection.",
    ),
    ("TTL", "Time to live: how long a DNS answer may be cached."),
    (
        "URL",
        "Uniform Resource Locator: a web address such as https://www.example.com/.",
    ),
    (
        "VIP",
        "Virtual IP: an address that moves between the members of a cluster.",
    ),
];

/// The terms that appear as whole words in `prose` (the write-up's text, without its
/// code spans: `http` in a flow label is not the acronym).
pub fn section(prose: &str) -> Option<Section> {
    let words: std::collections::BTreeSet<&str> = prose
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let used: Vec<Spans> = TERMS
        .iter()
        .filter(|(term, _)| words.contains(term))
        .map(|(term, meaning)| spans![strong(*term), " — ", *meaning])
        .collect();
    if used.is_empty() {
        return None;
    }
    let mut s = Section::new("glossary", "Glossary");
    s.bullets(used);
    Some(s)
}
