//! The one guard for characters that markup cannot carry.
//!
//! XML 1.0 has no way to write most C0 controls, U+FFFE or U+FFFF — not even as a
//! character reference — so one of them in a label makes an SVG that no XML parser
//! opens (Chromium: "Invalid character"), and resvg refuses the PNG. The language lets
//! a string hold any character (`"\u{FFFE}"`), so every writer of markup or of text
//! that tools turn into markup (SVG, HTML, SARIF, JUnit) passes its output through
//! [`xml_safe`] last: each such character becomes U+FFFD, visibly, in its place.
//!
//! Also replaced, though XML only discourages them: DEL and the C1 controls, and the
//! Unicode noncharacters (U+FDD0–U+FDEF and the last two code points of every plane),
//! which are never text.

use std::borrow::Cow;

/// `text` with every character markup cannot carry replaced by U+FFFD.
pub fn xml_safe(text: &str) -> Cow<'_, str> {
    if all_safe(text) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| if is_safe(c) { c } else { '\u{FFFD}' })
            .collect(),
    )
}

/// Whether every character of `text` is safe. Runs of printable ASCII are skipped and
/// only the other characters decoded: a diagram's markup is almost all ASCII, and
/// decoding every char was 8 % of a 100-server render's instructions. Whole blocks of
/// 64 bytes are tested at once first (a branch-free fold the compiler vectorises);
/// skipping a byte at a time was still 4 % (callgrind).
fn all_safe(text: &str) -> bool {
    let plain = |b: &u8| (0x20..0x7F).contains(b) || matches!(b, b'\t' | b'\n' | b'\r');
    let bytes = text.as_bytes();
    let mut at = 0;
    loop {
        while let Some(block) = bytes.get(at..at + 64)
            && block.iter().fold(true, |all, b| all & plain(b))
        {
            at += 64;
        }
        at += bytes[at..].iter().take_while(|b| plain(b)).count();
        // `at` follows whole characters, so it is a character boundary.
        match text.get(at..).and_then(|rest| rest.chars().next()) {
            None => return true,
            Some(c) if is_safe(c) => at += c.len_utf8(),
            Some(_) => return false,
        }
    }
}

/// [`xml_safe`] for an owned string: no copy when nothing is wrong.
pub fn xml_safe_string(text: String) -> String {
    match xml_safe(&text) {
        Cow::Borrowed(_) => text,
        Cow::Owned(safe) => safe,
    }
}

/// `value` as pretty JSON with every string made [`xml_safe`] as it is written — also
/// the controls JSON would escape (`\u0001`, `\b`, `\f`), which decode to characters
/// markup cannot carry. Field order is the value's own.
pub fn to_xml_safe_json<T: serde::Serialize>(value: &T) -> serde_json::Result<String> {
    let mut out = Vec::new();
    let formatter = SafeFormatter(serde_json::ser::PrettyFormatter::new());
    value.serialize(&mut serde_json::Serializer::with_formatter(
        &mut out, formatter,
    ))?;
    // The formatter writes only what it was given (valid UTF-8) and U+FFFD.
    Ok(String::from_utf8(out).unwrap_or_default())
}

/// serde_json's pretty formatter, with strings passed through [`xml_safe`].
struct SafeFormatter<'a>(serde_json::ser::PrettyFormatter<'a>);

impl serde_json::ser::Formatter for SafeFormatter<'_> {
    fn write_string_fragment<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> std::io::Result<()> {
        writer.write_all(xml_safe(fragment).as_bytes())
    }

    fn write_char_escape<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        escape: serde_json::ser::CharEscape,
    ) -> std::io::Result<()> {
        use serde_json::ser::CharEscape;
        match escape {
            CharEscape::Backspace | CharEscape::FormFeed | CharEscape::AsciiControl(_) => {
                writer.write_all("\u{FFFD}".as_bytes())
            }
            other => self.0.write_char_escape(writer, other),
        }
    }

    fn begin_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_array(w)
    }

    fn end_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_array(w)
    }

    fn begin_array_value<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.0.begin_array_value(w, first)
    }

    fn end_array_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_array_value(w)
    }

    fn begin_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_object(w)
    }

    fn end_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_object(w)
    }

    fn begin_object_key<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.0.begin_object_key(w, first)
    }

    fn begin_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_object_value(w)
    }

    fn end_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_object_value(w)
    }
}

/// Whether `c` is a character XML 1.0 allows and that is meant as text.
pub fn is_safe(c: char) -> bool {
    let code = c as u32;
    let xml_char = matches!(c, '\t' | '\n' | '\r')
        || (0x20..0x7F).contains(&code)
        || (0xA0..=0xD7FF).contains(&code)
        || (0xE000..=0xFFFD).contains(&code)
        || code >= 0x10000;
    let noncharacter = (0xFDD0..=0xFDEF).contains(&code) || code & 0xFFFE == 0xFFFE;
    xml_char && !noncharacter
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn forbidden_characters_become_replacement_characters() {
        assert_eq!(
            xml_safe("a\u{FFFE}b\u{FFFF}c\u{1}d"),
            "a\u{FFFD}b\u{FFFD}c\u{FFFD}d"
        );
        assert_eq!(
            xml_safe("\u{7F}\u{85}\u{FDD0}\u{1FFFF}\u{10FFFE}"),
            "\u{FFFD}".repeat(5)
        );
    }

    #[test]
    fn the_xml_parser_the_tests_use_refuses_what_is_replaced() {
        for c in ['\u{1}', '\u{FFFE}', '\u{FFFF}'] {
            assert!(
                roxmltree::Document::parse(&format!("<t>{c}</t>")).is_err(),
                "{c:?}"
            );
        }
    }

    #[test]
    fn text_is_borrowed_when_nothing_is_wrong() {
        let text = "Shop — café 😀\ttab\nline";
        assert!(matches!(xml_safe(text), Cow::Borrowed(_)));
    }

    #[test]
    fn json_strings_and_keys_are_made_safe_in_their_order() {
        let value =
            serde_json::json!({"z\u{FFFF}": ["x\u{2}\u{8}\u{c}\n", {"k": "\u{FFFE}\"\\"}], "a": 1});
        let text = to_xml_safe_json(&value).unwrap_or_default();
        let back: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
        assert_eq!(
            back,
            serde_json::json!({"z\u{FFFD}": ["x\u{FFFD}\u{FFFD}\u{FFFD}\n", {"k": "\u{FFFD}\"\\"}], "a": 1})
        );
        let plain = serde_json::to_string_pretty(&serde_json::json!({"b": [1, {"c": "d"}]}));
        let safe = to_xml_safe_json(&serde_json::json!({"b": [1, {"c": "d"}]}));
        assert_eq!(
            safe.ok(),
            plain.ok(),
            "the same layout as serde_json's pretty printer"
        );
    }

    proptest! {
        /// Whatever goes in, what comes out is text an XML 1.0 parser accepts.
        #[test]
        fn every_output_is_well_formed_xml(text in any::<String>()) {
            let safe = xml_safe(&text);
            let escaped = safe.replace('&', "&amp;").replace('<', "&lt;");
            let document = format!("<t>{escaped}</t>");
            prop_assert!(roxmltree::Document::parse(&document).is_ok(), "{document:?}");
            prop_assert_eq!(safe.chars().count(), text.chars().count());
        }

        /// The ASCII fast path answers as decoding every character would.
        #[test]
        fn the_fast_check_agrees_with_every_character(
            text in "([ -~\t\n\r]{0,8}|\\PC|[\u{0}-\u{1f}\u{7f}-\u{a0}\u{fdd0}\u{fffe}\u{ffff}]){0,12}",
        ) {
            prop_assert_eq!(all_safe(&text), text.chars().all(is_safe), "{:?}", text);
        }
    }
}
