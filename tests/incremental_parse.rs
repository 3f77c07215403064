//! The language server's incremental parse (`syntax::incremental`) against a whole parse
//! of the same text: after every edit of a random sequence — insertions, deletions,
//! replacements, brackets opened and closed again, edits at the very start and end —
//! of random designs and of the repository's examples, the statements, spans, comments
//! and errors must be exactly those `syntax::parse` gives.

mod common;

use infrac::syntax::incremental::{Reparser, Reuse};
use infrac::syntax::parse;
use proptest::prelude::*;

/// Pieces an edit inserts: what typing, pasting and deleting around a design produce.
const PIECES: [&str; 22] = [
    "{",
    "}",
    "[",
    "]",
    "\n",
    "\"",
    "# a comment\n",
    "// {\n",
    " ",
    "x",
    ".",
    "=",
    ",",
    "server extra { ip = 10.9.9.9 }\n",
    "server open {\n",
    "\n}\n",
    "internet -> s0 : https\n",
    "a -> [b, c] : http {\n  access = read\n}\n",
    "  database db { engine = mysql }\n",
    "label = \"é😀\"\n",
    "ip = 10.0.0.300\n",
    "-> ",
];

#[derive(Debug, Clone)]
enum Insert {
    Piece(usize),
    /// A copy of `len` bytes of the text from a position (a paste of a nearby part).
    Copy(f64, usize),
}

#[derive(Debug, Clone)]
struct Edit {
    /// Where, as a fraction of the text's length: 0 and 1 are the ends.
    at: f64,
    delete: usize,
    insert: Option<Insert>,
}

fn edit() -> impl Strategy<Value = Edit> {
    let at = prop_oneof![1 => Just(0.0), 1 => Just(1.0), 8 => 0.0..=1.0f64];
    let delete = prop_oneof![3 => Just(0usize), 2 => 1usize..4, 1 => 4usize..200];
    let insert = prop_oneof![
        1 => Just(None),
        4 => (0..PIECES.len()).prop_map(|i| Some(Insert::Piece(i))),
        1 => (0.0..=1.0f64, 1usize..120).prop_map(|(at, len)| Some(Insert::Copy(at, len))),
    ];
    (at, delete, insert).prop_map(|(at, delete, insert)| Edit { at, delete, insert })
}

fn floor(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn apply(text: &str, edit: &Edit) -> String {
    let at = floor(text, (edit.at * text.len() as f64) as usize);
    let end = floor(text, at + edit.delete).max(at);
    let inserted = match &edit.insert {
        None => String::new(),
        Some(Insert::Piece(i)) => PIECES[*i].to_string(),
        Some(Insert::Copy(from, len)) => {
            let from = floor(text, (from * text.len() as f64) as usize);
            text[from..floor(text, from + len).max(from)].to_string()
        }
    };
    format!("{}{inserted}{}", &text[..at], &text[end..])
}

/// One test parses at a time: describing a parse error switches pest's error detail on
/// and off again for the whole process (`pest::set_error_detail`), so a concurrent
/// parse can describe the same error with fewer alternatives.
static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Parse `text` then each edit of it in turn, comparing with a whole parse every time.
fn check_edits(text: &str, edits: &[Edit]) -> Result<(), TestCaseError> {
    let _alone = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let mut reparser = Reparser::default();
    let mut text = text.to_string();
    let (first, _) = reparser.parse(&text);
    prop_assert_eq!(first.cloned(), parse(&text));
    for edit in edits {
        text = apply(&text, edit);
        let (file, _) = reparser.parse(&text);
        prop_assert_eq!(file.cloned(), parse(&text), "after {:?}: {:?}", edit, text);
    }
    Ok(())
}

fn examples() -> Vec<String> {
    let mut texts: Vec<String> = std::fs::read_dir("examples")
        .expect("the examples folder")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "infra"))
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .collect();
    texts.sort();
    texts
}

/// 200 cases from a fixed seed, so CI passes or fails the same way everywhere;
/// `PROPTEST_RNG_SEED` (and `PROPTEST_CASES`) explore others.
fn edits_config() -> ProptestConfig {
    let mut config = ProptestConfig::default();
    if std::env::var_os("PROPTEST_CASES").is_none() {
        config.cases = 200;
    }
    if std::env::var_os("PROPTEST_RNG_SEED").is_none() {
        config.rng_seed = proptest::test_runner::RngSeed::Fixed(20);
    }
    config
}

proptest! {
    #![proptest_config(edits_config())]

    #[test]
    fn edits_of_random_designs_reparse_as_a_whole_parse_does(
        spec in common::random_design::spec(),
        edits in proptest::collection::vec(edit(), 1..8),
    ) {
        check_edits(&common::random_design::render(&spec), &edits)?;
    }

    #[test]
    fn edits_of_the_examples_reparse_as_a_whole_parse_does(
        which in 0usize..64,
        edits in proptest::collection::vec(edit(), 1..8),
    ) {
        let examples = examples();
        prop_assert!(!examples.is_empty());
        check_edits(&examples[which % examples.len()], &edits)?;
    }
}

#[test]
fn one_edit_of_a_large_design_parses_one_statement_again() {
    let servers: String = (0..2000)
        .map(|i| {
            format!(
                "server s{i} {{\n  ip = 10.0.{}.{}\n}}\n",
                i / 250,
                i % 250 + 1
            )
        })
        .collect();
    let text = format!("title = \"big\"\n{servers}internet -> s0 : ssh\n");
    let mut reparser = Reparser::default();
    assert_eq!(reparser.parse(&text).1, Reuse::Whole);
    let edited = text.replacen("ip = 10.0.0.1\n", "ip = 10.0.0.100\n", 1);
    let (file, reuse) = reparser.parse(&edited);
    assert_eq!(file.cloned(), parse(&edited));
    let one = "server s0 {\n  ip = 10.0.0.100\n}\n".len();
    assert_eq!(reuse, Reuse::Partial { bytes: one });
}
