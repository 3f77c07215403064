//! Lone UTF-16 surrogate escapes in JSON text. JavaScript strings may hold half of a
//! surrogate pair, and `JSON.stringify` writes it as `\udXXX`; serde_json rightly
//! refuses that as Unicode. An editor can send one for a document with a broken
//! character, and the user is better served by U+FFFD in that place (one UTF-16 unit,
//! so every position after it stays right) than by a dropped document.

/// The JSON text with every lone surrogate escape replaced by `\ufffd`, or `None` when
/// it has none.
pub fn repair_lone_surrogates(json: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(json.len());
    let mut repaired = false;
    let mut i = 0;
    while i < json.len() {
        if json[i] != b'\\' {
            out.push(json[i]);
            i += 1;
            continue;
        }
        let Some(unit) = escape_at(json, i) else {
            // Any other escape: copy it whole, so `\\u` is not read as `\u`.
            out.extend_from_slice(&json[i..(i + 2).min(json.len())]);
            i += 2;
            continue;
        };
        let high = (0xD800..0xDC00).contains(&unit);
        let low = (0xDC00..0xE000).contains(&unit);
        let paired = high && escape_at(json, i + 6).is_some_and(|u| (0xDC00..0xE000).contains(&u));
        if paired {
            out.extend_from_slice(&json[i..i + 12]);
            i += 12;
        } else if high || low {
            out.extend_from_slice(b"\\ufffd");
            repaired = true;
            i += 6;
        } else {
            out.extend_from_slice(&json[i..i + 6]);
            i += 6;
        }
    }
    repaired.then_some(out)
}

/// The code unit of a `\uXXXX` escape starting at `at`.
fn escape_at(json: &[u8], at: usize) -> Option<u32> {
    let escape = json.get(at..at + 6)?;
    if escape[0] != b'\\' || escape[1] != b'u' {
        return None;
    }
    let hex = std::str::from_utf8(&escape[2..]).ok()?;
    u32::from_str_radix(hex, 16).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn repaired(json: &str) -> Option<String> {
        repair_lone_surrogates(json.as_bytes()).map(|b| String::from_utf8_lossy(&b).into_owned())
    }

    #[test]
    fn lone_halves_are_replaced_and_pairs_kept() {
        assert_eq!(repaired(r#""\ud800""#).as_deref(), Some(r#""\ufffd""#));
        assert_eq!(
            repaired(r#""\udc00x\ud83d""#).as_deref(),
            Some(r#""\ufffdx\ufffd""#)
        );
        assert_eq!(repaired(r#""\ud83d\ude00""#), None);
        assert_eq!(
            repaired(r#""\ud83d\ude00\ud800""#).as_deref(),
            Some(r#""\ud83d\ude00\ufffd""#)
        );
    }

    #[test]
    fn an_escaped_backslash_is_not_an_escape() {
        assert_eq!(repaired(r#""\\ud800""#), None);
        assert_eq!(repaired(r#""\\\ud800""#).as_deref(), Some(r#""\\\ufffd""#));
    }

    #[test]
    fn truncated_escapes_do_not_panic() {
        for text in ["\\", "\\u", "\\ud8", "\"\\ud800\\u", "\\ud800\\udc"] {
            let _ = repair_lone_surrogates(text.as_bytes());
        }
    }
}
