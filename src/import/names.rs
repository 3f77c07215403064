//! `.infra` names for things that were never named in `.infra`: a shape labelled
//! "Web Server 1", a resource `aws_instance.web[0]`.

use rustc_hash::FxHashMap;

/// Hands out names that are valid identifiers and unique within one scope.
#[derive(Debug, Default, Clone)]
pub struct Names {
    taken: FxHashMap<(String, String), usize>,
}

impl Names {
    /// A fresh name in `scope` (a parent's path; `""` for the top level) made from `wish`.
    pub fn unique(&mut self, scope: &str, wish: &str, fallback: &str) -> String {
        let base = {
            let s = slug(wish);
            if s.is_empty() { slug(fallback) } else { s }
        };
        let base = if base.is_empty() {
            "item".to_string()
        } else {
            base
        };
        let mut name = base.clone();
        let mut n = 1;
        while self.taken.contains_key(&(scope.to_string(), name.clone())) || reserved(&name) {
            n += 1;
            name = format!("{base}_{n}");
        }
        self.taken.insert((scope.to_string(), name.clone()), 1);
        name
    }

    /// Whether `name` is handed out in `scope` already.
    pub fn is_taken(&self, scope: &str, name: &str) -> bool {
        self.taken
            .contains_key(&(scope.to_string(), name.to_string()))
    }

    /// Mark a name as used (one the input gave verbatim).
    pub fn take(&mut self, scope: &str, name: &str) {
        self.taken.insert((scope.to_string(), name.to_string()), 1);
    }
}

/// Words that mean something else in `.infra`.
fn reserved(name: &str) -> bool {
    matches!(name, "internet" | "true" | "false")
}

/// `Web Server #1` → `web_server_1`: lowercase ASCII letters, digits and `_`, starting
/// with a letter, at most 40 characters.
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    let mut gap = false;
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            if gap && !out.is_empty() {
                out.push('_');
            }
            gap = false;
            out.push(c.to_ascii_lowercase());
        } else {
            gap = true;
        }
        if out.len() >= 40 {
            break;
        }
    }
    let out = out.trim_end_matches('_').to_string();
    match out.chars().next() {
        Some(c) if c.is_ascii_digit() => format!("n{out}"),
        _ => out,
    }
}

/// Whether `name` is an identifier `.infra` accepts as written.
pub fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        && !reserved(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_identifiers_and_unique_per_scope() {
        let mut names = Names::default();
        assert_eq!(names.unique("", "Web Server #1", "server"), "web_server_1");
        assert_eq!(names.unique("", "web server 1", "server"), "web_server_1_2");
        assert_eq!(
            names.unique("web", "web server 1", "server"),
            "web_server_1"
        );
        assert_eq!(names.unique("", "  ", "server"), "server");
        assert_eq!(names.unique("", "8.8.8.8", "server"), "n8_8_8_8");
        assert_eq!(names.unique("", "Internet", "users"), "internet_2");
        assert!(is_identifier("web-1") && !is_identifier("1web") && !is_identifier("a.b"));
    }
}
