//! Keys written twice. hcl-edit refuses a file with a key given twice in one object
//! constructor (`{ a = 1, a = 2 }`) or an attribute given twice in one block; Terraform
//! differs on the two. HCL's object constructor keeps the last value of a key (HCL
//! relaxed the rule for Terraform 0.11 compatibility — hashicorp/terraform#28727), so
//! configurations written that way apply, and the import reads them the same way. An
//! attribute set twice in one block is Terraform's "Attribute redefined" error: the
//! import reports it and keeps the first, rather than failing on the whole file.
//!
//! The file is parsed again with the later key renamed to a placeholder of the same
//! length (spans stay true); the placeholder names its original, so evaluation stores
//! the later value under the original key, over the earlier one.

use std::collections::{BTreeMap, BTreeSet};

/// Files with more keys written twice than this are refused as written.
const MAX_RENAMED: usize = 200;

/// A later key that repeats an earlier one, renamed for hcl-edit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repeated {
    /// Byte range of the key in the file.
    pub start: usize,
    pub end: usize,
    /// The key as Terraform reads it.
    pub key: String,
    pub attribute: bool,
}

/// A file's text, parsed, and the keys renamed to parse it.
pub struct Parsed {
    pub body: hcl_edit::structure::Body,
    pub repeated: Vec<Repeated>,
    /// Placeholder → the key it stands for.
    pub aliases: BTreeMap<String, String>,
}

/// Parse `text`, renaming repeated keys until hcl-edit accepts it; the error is the
/// first one that is not a repeated key (or the one past [`MAX_RENAMED`]). `taken`
/// holds the placeholders other files of the import already use.
pub fn parse(
    text: &str,
    taken: &BTreeMap<String, String>,
) -> Result<Parsed, hcl_edit::parser::Error> {
    let mut text = text.to_string();
    let mut repeated = Vec::new();
    let mut aliases = BTreeMap::new();
    let mut placeholders = BTreeSet::new();
    loop {
        let error = match hcl_edit::parser::parse_body(&text) {
            Ok(body) => {
                return Ok(Parsed {
                    body,
                    repeated,
                    aliases,
                });
            }
            Err(e) => e,
        };
        let attribute = error.message().contains("redefined attribute");
        if !(attribute || error.message().contains("redefined object key"))
            || repeated.len() >= MAX_RENAMED
        {
            return Err(error);
        }
        let start = error.location().offset();
        let Some((end, key)) = key_at(&text, start) else {
            return Err(error);
        };
        let used =
            |c: &str| placeholders.contains(c) || aliases.contains_key(c) || taken.contains_key(c);
        let Some(placeholder) = placeholder(&text, end - start, used) else {
            return Err(error);
        };
        text.replace_range(start..end, &placeholder);
        // Only an object's key stands for its original: a repeated attribute is dropped.
        if !attribute {
            aliases.insert(placeholder.clone(), key.clone());
        }
        placeholders.insert(placeholder);
        repeated.push(Repeated {
            start,
            end,
            key,
            attribute,
        });
    }
}

/// The key written at `start`: an identifier, or a quoted string without
/// interpolation. Returns where it ends and the key it names.
fn key_at(text: &str, start: usize) -> Option<(usize, String)> {
    let rest = text.get(start..)?;
    if let Some(quoted) = rest.strip_prefix('"') {
        let close = quoted.find('"')?;
        let inner = &quoted[..close];
        if inner.contains(['\\', '$', '%']) {
            return None;
        }
        return Some((start + close + 2, inner.to_string()));
    }
    let len = rest
        .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
        .unwrap_or(rest.len());
    (len > 0).then(|| (start + len, rest[..len].to_string()))
}

/// An identifier `len` bytes long that appears nowhere in `text` as a word and is not
/// already a placeholder.
fn placeholder(text: &str, len: usize, used: impl Fn(&str) -> bool) -> Option<String> {
    let candidates: Box<dyn Iterator<Item = String>> = if len == 1 {
        Box::new("ZQXJKVWYzqxjkvwy".chars().map(String::from))
    } else {
        let width = len - 1;
        let most = 10usize
            .checked_pow(width.min(6) as u32)
            .unwrap_or(1_000_000);
        Box::new((0..most).map(move |n| format!("_{n:0>width$}")))
    };
    candidates
        .take(100_000)
        .find(|c| !used(c) && !appears(text, c))
}

/// Whether `word` appears in `text` with no identifier character on either side.
fn appears(text: &str, word: &str) -> bool {
    let ident = |c: char| c.is_alphanumeric() || c == '_' || c == '-';
    text.match_indices(word).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        !before.is_some_and(ident) && !after.is_some_and(ident)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_repeated_object_key_is_renamed_in_place() {
        let text = "locals {\n  tags = { Name = \"a\", Name = \"b\" }\n}\n";
        let parsed = parse(text, &BTreeMap::new()).expect("parses");
        assert_eq!(parsed.repeated.len(), 1);
        let r = &parsed.repeated[0];
        assert_eq!(&text[r.start..r.end], "Name");
        assert!(!r.attribute);
        assert_eq!(parsed.aliases.get("_000").map(String::as_str), Some("Name"));
    }

    #[test]
    fn quoted_keys_and_attributes_are_renamed_too() {
        let text = "a = 1\na = 2\nb = { \"x\" = 1, \"x\" = 2 }\n";
        let parsed = parse(text, &BTreeMap::new()).expect("parses");
        let keys: Vec<(&str, bool)> = parsed
            .repeated
            .iter()
            .map(|r| (r.key.as_str(), r.attribute))
            .collect();
        assert_eq!(keys, [("a", true), ("x", false)]);
    }

    #[test]
    fn other_errors_stay_errors() {
        assert!(parse("a = {", &BTreeMap::new()).is_err());
        assert!(parse("a = { (x) = 1, (x) = 2 }", &BTreeMap::new()).is_err());
    }
}
