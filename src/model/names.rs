//! Names of a design's items, and how a name written by a user finds its item
//! (LANGUAGE.md §1).
//!
//! A dotted path names the item at that path (`srv1.nginx`; a top-level item's path is
//! its name). Otherwise a bare name names the one item anywhere with that name; two or
//! more is an ambiguity, listed for the user. `a.b` also resolves when `a` is a bare
//! name for an item that contains `b`. Lowering resolves references with this, and so do
//! `whatif` and the language server: one rule for what a name means.

use super::design::NodeId;
use rustc_hash::FxHashMap;

/// What a name finds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup {
    Found(NodeId),
    Ambiguous(Vec<NodeId>),
    /// Nothing has this name. `parent` is the item the first segment names, if any: when
    /// it can hold items (`srv1.ngnix`), the name is a typo, not a host name.
    Missing {
        parent: Option<NodeId>,
    },
}

/// Every item by dotted path, and every named item by its local name.
#[derive(Debug, Clone, Default)]
pub struct Names {
    by_path: FxHashMap<String, NodeId>,
    by_name: FxHashMap<String, Vec<NodeId>>,
}

impl Names {
    /// The item at exactly this dotted path.
    pub fn path(&self, path: &str) -> Option<NodeId> {
        self.by_path.get(path).copied()
    }

    /// Record an item; `named` is false for anonymous items (firewall rules), which
    /// only their path finds.
    pub fn insert(&mut self, path: String, name: &str, id: NodeId, named: bool) {
        self.by_path.insert(path, id);
        if named {
            self.by_name.entry(name.to_string()).or_default().push(id);
        }
    }

    /// Every item called `name`, in declaration order.
    pub fn named(&self, name: &str) -> &[NodeId] {
        self.by_name.get(name).map_or(&[], Vec::as_slice)
    }

    /// Resolve a written name; `path_of` gives an item's dotted path.
    pub fn lookup<'a>(&self, dotted: &str, path_of: impl Fn(NodeId) -> &'a str) -> Lookup {
        if let Some(id) = self.path(dotted) {
            return Lookup::Found(id);
        }
        let (first, rest) = dotted.split_once('.').unwrap_or((dotted, ""));
        let head = match self.named(first) {
            [one] => *one,
            [] => return Lookup::Missing { parent: None },
            many if rest.is_empty() => return Lookup::Ambiguous(many.to_vec()),
            many => {
                return Lookup::Missing {
                    parent: Some(many[0]),
                };
            }
        };
        if rest.is_empty() {
            return Lookup::Found(head);
        }
        match self.path(&format!("{}.{rest}", path_of(head))) {
            Some(id) => Lookup::Found(id),
            None => Lookup::Missing { parent: Some(head) },
        }
    }

    /// Every path and every name, for "did you mean" hints.
    pub fn all(&self) -> impl Iterator<Item = &str> {
        self.by_path
            .keys()
            .chain(self.by_name.keys())
            .map(String::as_str)
    }
}

/// Whether `name` is a domain name `.infra` can write bare, as a `domain`'s name and as
/// a record's value (`foobar.com`, `shop-1.example.org`, `1password.com`): dotted DNS
/// labels of letters, digits, `_` and `-`, none empty or ending in `-`. The first label
/// may start with a digit only when the last starts with a letter, which is what tells
/// `9gag.com` from a number or an address in the grammar (`digit_path`). The one owner
/// of this question: the builder prints such names bare, importers refuse the others.
pub fn is_domain_name(name: &str) -> bool {
    let labels: Vec<&str> = name.split('.').collect();
    let starts = |l: &str, test: fn(char) -> bool| l.chars().next().is_some_and(test);
    let (Some(first), Some(last)) = (labels.first(), labels.last()) else {
        return false;
    };
    let digit_led = starts(first, |c| c.is_ascii_digit());
    labels.iter().all(|l| is_dns_label(l))
        && !starts(first, |c| c == '-')
        && (!digit_led || (labels.len() > 1 && starts(last, |c| c.is_ascii_alphabetic())))
}

/// Whether `label` is one label of a domain name as `.infra` writes it (a record's
/// name, `9gag`): letters, digits, `_` and `-`, not starting or ending with `-`.
pub fn is_dns_label(label: &str) -> bool {
    !label.is_empty()
        && label
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        && !label.starts_with('-')
        && !label.ends_with('-')
}

#[cfg(test)]
mod domain_tests {
    use super::*;

    #[test]
    fn domain_names_are_the_ones_infra_can_write() {
        for ok in [
            "foobar.com",
            "shop-1.example.org",
            "_dmarc.example.com",
            "a.1b.io",
            "1password.com",
            "9gag.com",
            "1.example.com",
        ] {
            assert!(is_domain_name(ok), "{ok}");
        }
        for bad in [
            "",
            "\0\0example.com",
            "my shop.com",
            "a..com",
            "a-.com",
            "a.com-",
            "-a.com",
            "10.0.0.1",
            "1.5",
            "1password",
            "1.2.3",
        ] {
            assert!(!is_domain_name(bad), "{bad:?}");
        }
        assert!(is_dns_label("9gag") && is_dns_label("www") && !is_dns_label("a-"));
    }
}
