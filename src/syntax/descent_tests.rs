//! The fast path against pest, the grammar of record: wherever the fast path accepts a
//! text, pest must accept it too and build the same AST (spans included); on the designs
//! people write it must accept (or it would not be fast); and `parse` as a whole — fast
//! path, pest where it gives up, errors — must answer exactly as pest alone.

use super::statements;
use crate::syntax::limits::Scan;
use crate::syntax::{parse, parse_reference};
use proptest::prelude::*;

/// Compare the fast path with pest on one text. Returns whether the fast path accepted.
fn agrees(text: &str) -> Result<bool, TestCaseError> {
    prop_assert_eq!(
        parse(text),
        parse_reference(text),
        "parse differs on {:?}",
        text
    );
    if Scan::new(text).check().is_err() {
        return Ok(false);
    }
    let Some(fast) = statements(text, 0..text.len()) else {
        return Ok(false);
    };
    match parse_reference(text) {
        Ok(file) => prop_assert_eq!(&fast, &file.statements, "AST differs on {:?}", text),
        Err(e) => prop_assert!(false, "fast path accepted {:?}; pest: {:?}", text, e),
    }
    Ok(true)
}

/// Tokens of every kind the grammar knows, good and bad, to be strung together at random.
const TOKENS: &[&str] = &[
    "a",
    "srv1",
    "web-1",
    "_x",
    "lb1.haproxy",
    "foo.bar.baz",
    "x.",
    "a-",
    "server",
    "domain",
    "true",
    "false",
    "truex",
    "fe80",
    "ab",
    "cafe",
    "=",
    "{",
    "}",
    "[",
    "]",
    ",",
    "->",
    "-",
    ">",
    ":",
    "/",
    ".",
    "@",
    "*",
    "\n",
    "\r\n",
    "\r",
    "\n\n",
    "# c",
    "// c",
    "#",
    "/ /",
    "\"s\"",
    "\"a\\\"b\"",
    "\"bad\\q\"",
    "\"\\u{41}\"",
    "\"é\"",
    "\"",
    "1",
    "-2",
    "3.5",
    "0",
    "10.0.0.1",
    "10.0.0.0/8",
    "10.0.0.1/",
    "300.1.1.1",
    "1.2.3",
    "1.2.3.4.5",
    "2027-03-01",
    "2027-02-30",
    "2027-03-011",
    "30s",
    "5ms",
    "5m",
    "5mx",
    "90d",
    "1w",
    "::1",
    "fe80::1",
    "2001:db8::/32",
    "1::",
    "99999",
    "http",
    "https/8443",
    "http/0",
    "mysql+tls",
    "é",
    "1.",
    "a->b",
    "a ->b",
    "->>",
    "grpc/9000",
    "h2-c/80",
    "grpc/",
    "grpc/0",
    "x/1a",
    "1password.com",
    "9gag.co.uk",
    "1.2.3a",
    "1a.2",
    "1-2.x->",
];

fn soup() -> impl Strategy<Value = String> {
    proptest::collection::vec((0..TOKENS.len(), 0usize..4), 0..40).prop_map(|picks| {
        let mut out = String::new();
        for (token, blank) in picks {
            out.push_str(TOKENS[token]);
            out.push_str(["", " ", "\t", ""][blank]);
        }
        out
    })
}

/// Random choices, consumed in order, for building a valid design.
struct Choices {
    bytes: Vec<u8>,
    at: usize,
}

impl Choices {
    fn pick(&mut self, n: usize) -> usize {
        let b = self.bytes.get(self.at).copied().unwrap_or(0);
        self.at += 1;
        b as usize % n
    }

    fn one<'a>(&mut self, of: &[&'a str]) -> &'a str {
        of[self.pick(of.len())]
    }

    fn blank(&mut self) -> &'static str {
        self.one(&["", " ", "  ", "\t"])
    }

    /// A line break, maybe with a comment before it.
    fn newline(&mut self) -> &'static str {
        self.one(&["\n", "\r\n", "  # note\n", "// remark\n", "\n\n", "\r"])
    }

    fn sep(&mut self) -> String {
        match self.pick(4) {
            0 => format!("{},{}", self.blank(), self.blank()),
            1 => format!("{}{}", self.blank(), self.newline()),
            2 => format!(",{}", self.newline()),
            _ => "\n".to_string(),
        }
    }

    fn name(&mut self) -> &'static str {
        self.one(&[
            "a", "srv1", "web-1", "_x", "lb_2", "nginx", "server", "db-01",
        ])
    }

    fn path(&mut self) -> String {
        match self.pick(3) {
            0 => format!("{}.{}", self.name(), self.name()),
            1 => format!(
                "{}.{}.{}",
                self.name(),
                self.name(),
                self.one(&["com", "1a", "_"])
            ),
            _ => self.name().to_string(),
        }
    }

    fn scalar(&mut self) -> String {
        let fixed = [
            "\"text\"",
            "\"a \\\"quoted\\\" \\u{1F600}\"",
            "\"é\"",
            "42",
            "-7",
            "1.50",
            "0",
            "10.0.0.1",
            "203.0.113.0/24",
            "2001:db8::1",
            "fe80::/10",
            "::1",
            "2027-03-01",
            "30s",
            "250ms",
            "5m",
            "90d",
            "2w",
            "1h",
            "true",
            "false",
            "truthy",
            "fe80",
            "grpc/9000",
            "h2-c/80",
            "1password.com",
            "9gag.co.uk",
        ];
        match self.pick(fixed.len() + 2) {
            i if i < fixed.len() => fixed[i].to_string(),
            _ => self.path(),
        }
    }

    /// A list, across lines or not, maybe nested, maybe with a trailing comma.
    fn list(&mut self, depth: usize) -> String {
        let n = self.pick(4);
        let mut out = String::from("[");
        if self.pick(3) == 0 {
            out.push_str(self.newline());
        }
        for i in 0..n {
            if i > 0 {
                out.push_str(&match self.pick(3) {
                    0 => format!(",{}", self.blank()),
                    1 => self.newline().to_string(),
                    _ => format!("{},{}", self.newline(), self.newline()),
                });
            }
            out.push_str(&self.value(depth + 1));
        }
        if n > 0 && self.pick(3) == 0 {
            out.push(',');
        }
        if self.pick(3) == 0 {
            out.push_str(self.newline());
        }
        out.push(']');
        out
    }

    fn value(&mut self, depth: usize) -> String {
        if depth < 2 && self.pick(4) == 0 {
            self.list(depth)
        } else {
            self.scalar()
        }
    }

    fn attribute(&mut self) -> String {
        format!(
            "{}{}={}{}",
            self.name(),
            self.blank(),
            self.blank(),
            self.value(0)
        )
    }

    fn target(&mut self) -> String {
        if self.pick(3) > 0 {
            return self.path();
        }
        let n = 1 + self.pick(3);
        let paths: Vec<String> = (0..n).map(|_| self.path()).collect();
        let sep = self.one(&[", ", ",", "\n", " ,\n  "]);
        format!("[{}{}]", paths.join(sep), self.one(&["", ",", "\n"]))
    }

    fn flow(&mut self) -> String {
        let hops = 2 + self.pick(2);
        let targets: Vec<String> = (0..hops).map(|_| self.target()).collect();
        let arrow = format!("{}->{}", self.blank(), self.blank());
        let mut out = targets.join(&arrow);
        if self.pick(2) == 0 {
            let protocol = self.one(&["http", "https", "mysql+tls", "h2-c", "tcp"]);
            out.push_str(&format!("{}:{}{protocol}", self.blank(), self.blank()));
            if self.pick(2) == 0 {
                out.push_str(&format!(
                    "{}/{}{}",
                    self.blank(),
                    self.blank(),
                    1 + self.pick(9000)
                ));
            }
        }
        if self.pick(3) == 0 {
            out.push_str(&format!("{}{{ {} }}", self.blank(), self.attribute()));
        }
        out
    }

    fn block(&mut self, depth: usize) -> String {
        let kind = self.one(&[
            "server",
            "web_server",
            "domain",
            "record",
            "firewall",
            "allow",
        ]);
        let mut out = kind.to_string();
        // A name is a word of its own: glued to the kind, it would be part of it.
        match self.pick(6) {
            0 => out.push_str(&format!("{}@ ", self.blank())),
            1 => out.push_str(&format!("{}* ", self.blank())),
            2 => out.push_str(self.blank()),
            3 => out.push_str(&format!(" {} ", self.one(&["1password.com", "10", "2a"]))),
            _ => out.push_str(&format!("{}{} ", self.one(&[" ", "\t"]), self.path())),
        }
        if self.pick(3) == 0 {
            out.push_str("\"a label\" ");
        }
        out.push('{');
        out.push_str(&self.body(depth + 1));
        out.push('}');
        out
    }

    fn statement(&mut self, depth: usize) -> String {
        match self.pick(if depth < 3 { 3 } else { 2 }) {
            0 => self.attribute(),
            1 => self.flow(),
            _ => self.block(depth),
        }
    }

    fn body(&mut self, depth: usize) -> String {
        let n = self.pick(if depth == 0 { 8 } else { 4 });
        let mut out = String::new();
        if self.pick(2) == 0 {
            out.push_str(&self.sep());
        }
        for i in 0..n {
            if i > 0 {
                out.push_str(&self.sep());
            }
            out.push_str(self.blank());
            out.push_str(&self.statement(depth));
        }
        if self.pick(2) == 0 {
            out.push_str(&self.sep());
        }
        out
    }
}

fn design() -> impl Strategy<Value = String> {
    proptest::collection::vec(any::<u8>(), 0..300).prop_map(|bytes| {
        let mut choices = Choices { bytes, at: 0 };
        let mut text = choices.body(0);
        if choices.pick(4) == 0 {
            text.push_str("# the end, no line break");
        }
        text
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    #[test]
    fn agrees_with_pest_on_token_soup(text in soup()) {
        agrees(&text)?;
    }

    #[test]
    fn agrees_with_pest_on_random_designs(text in design()) {
        let accepted = agrees(&text)?;
        // Every literal the generator writes checks, so pest accepts every design and the
        // fast path must too: giving up there would only be slow, not wrong, so say so.
        prop_assert!(accepted, "the fast path gave up on a valid design: {:?}", text);
    }
}

/// Every design in the repository, and the generated benchmark designs.
#[test]
fn accepts_every_design_in_the_repository_as_pest_does() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut checked = 0;
    for folder in ["examples", "tests/lint", "fuzz/corpus/compile"] {
        let Ok(entries) = std::fs::read_dir(root.join(folder)) else {
            continue;
        };
        for entry in entries.flatten() {
            let Ok(text) = std::fs::read_to_string(entry.path()) else {
                continue;
            };
            let accepted = agrees(&text).map_err(|e| format!("{:?}: {e}", entry.path()));
            let accepted = accepted.unwrap_or_else(|e| panic!("{e}"));
            let valid = parse_reference(&text).is_ok();
            if folder != "fuzz/corpus/compile" {
                assert!(accepted, "the fast path gave up on {:?}", entry.path());
            }
            if valid {
                checked += 1;
            }
        }
    }
    assert!(checked > 60, "only {checked} designs found");
    for servers in [10, 3_000] {
        let text = crate::synth::tiered_design(servers);
        assert!(agrees(&text).is_ok_and(|accepted| accepted));
    }
}
