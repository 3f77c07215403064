//! Stable fingerprints of findings: the same problem gets the same fingerprint after
//! lines move, the file is reformatted, or the day changes (messages that count days
//! are left out). SARIF's `partialFingerprints` and baselines share them.
//!
//! A fingerprint hashes the rule, the item's dotted path, and the source text of what
//! the finding points at (an item's name, or a whole flow) with every blank removed;
//! when that is the same for several findings of a file, the occurrence number tells
//! them apart. The hash is 64-bit FNV-1a, written out here so it never changes with a
//! dependency.

use crate::lint::Finding;
use crate::source::Sources;
use rustc_hash::FxHashMap;

/// The version of the fingerprint scheme, as SARIF names the fingerprint.
pub const SCHEME: &str = "infrac/v1";

/// One fingerprint per finding, in order, as 16 hex digits.
pub fn fingerprints(findings: &[Finding], sources: &Sources) -> Vec<String> {
    let mut seen: FxHashMap<u64, u32> = FxHashMap::default();
    findings
        .iter()
        .map(|finding| {
            let key = hash(&subject(finding, sources));
            let occurrence = seen.entry(key).or_insert(0);
            *occurrence += 1;
            let text = if *occurrence == 1 {
                key
            } else {
                hash(&format!("{key:016x}#{occurrence}"))
            };
            format!("{text:016x}")
        })
        .collect()
}

/// What identifies a finding regardless of where it sits and how it is laid out.
fn subject(finding: &Finding, sources: &Sources) -> String {
    let span = finding.focus.unwrap_or(finding.span);
    let text = sources
        .locate(span)
        .map(|at| at.source.text[at.span.range()].to_string())
        .unwrap_or_default();
    let text: String = text.split_whitespace().collect();
    format!("{}\0{}\0{}", finding.rule, finding.component, text)
}

fn hash(text: &str) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in text.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Source;

    fn of(text: &str) -> Vec<(String, String)> {
        let checked = crate::check(
            Source::new("a.infra", text),
            &crate::lint::Config::default(),
        )
        .expect("compiles");
        let prints = fingerprints(&checked.findings, &checked.sources);
        let mut pairs: Vec<(String, String)> = checked
            .findings
            .iter()
            .map(|f| f.rule.to_string())
            .zip(prints)
            .collect();
        pairs.sort();
        pairs
    }

    const DESIGN: &str = "server srv1 {\n  web_server nginx { software = nginx }\n}\ninternet -> srv1.nginx : http\n";

    #[test]
    fn moving_lines_and_reformatting_keep_fingerprints() {
        let moved = format!("\n\n# a comment\n{DESIGN}");
        let reformatted =
            "server srv1 { web_server nginx {software=nginx} }\n\ninternet->srv1.nginx:http\n";
        assert_eq!(of(DESIGN), of(&moved));
        assert_eq!(of(DESIGN), of(reformatted));
    }

    #[test]
    fn fingerprints_differ_between_findings_and_change_with_the_subject() {
        let prints = of(DESIGN);
        let mut unique: Vec<&String> = prints.iter().map(|(_, p)| p).collect();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), prints.len(), "{prints:?}");
        let renamed = DESIGN.replace("srv1", "srv2");
        assert_ne!(of(DESIGN), of(&renamed));
    }

    #[test]
    fn the_hash_is_fnv1a() {
        assert_eq!(hash(""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(hash("a"), 0xaf63_dc4c_8601_ec8c);
    }
}
