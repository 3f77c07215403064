//! Characters XML cannot carry (U+FFFE, U+FFFF, C0 controls) in a design's strings:
//! every markup output stays well-formed and the PNG is drawn (issue 13, item 9).

mod common;

use common::Test;

/// A design whose title, names' labels and messages carry forbidden characters, raw and
/// as escapes.
const DESIGN: &str = "title = \"Shop \u{FFFE}\u{FFFF} \u{1} \\u{FFFE} end\"\n\
server web1 {\n  ip = 10.0.0.1\n  web_server nginx { software = \"nginx\u{FFFF}\\u{7}\" }\n}\n\
internet -> web1.nginx : http\n";

fn forbidden(c: char) -> bool {
    !infrac::xml_text::is_safe(c)
}

fn assert_clean(what: &str, text: &str) {
    let bad: Vec<char> = text.chars().filter(|&c| forbidden(c)).collect();
    assert!(bad.is_empty(), "{what} carries {bad:?}");
}

#[test]
fn svg_is_well_formed_and_png_is_drawn() {
    let out = Test::new()
        .write("shop.infra", DESIGN)
        .args(["render", "shop.infra", "-o", "shop.svg"])
        .run();
    assert_eq!(out.status, 0, "{}", out.stderr);
    let svg = out.read("shop.svg");
    assert_clean("the SVG", &svg);
    assert!(
        roxmltree::Document::parse(&svg).is_ok(),
        "not well-formed XML"
    );
    assert!(
        svg.contains("Shop \u{FFFD}\u{FFFD}"),
        "replaced in place, visibly"
    );

    let png = Test::new()
        .write("shop.infra", DESIGN)
        .args(["render", "shop.infra", "-o", "shop.png"])
        .run();
    assert_eq!(png.status, 0, "{}", png.stderr);
}

#[test]
fn html_report_and_sarif_carry_no_forbidden_character() {
    let html = Test::new()
        .write("shop.infra", DESIGN)
        .args([
            "explain",
            "shop.infra",
            "--format",
            "html",
            "-o",
            "shop.html",
        ])
        .run();
    assert_eq!(html.status, 0, "{}", html.stderr);
    assert_clean("the HTML report", &html.read("shop.html"));

    let sarif = Test::new()
        .write("shop.infra", DESIGN)
        .args(["check", "shop.infra", "--format", "sarif"])
        .run();
    assert!(sarif.stdout.contains("\"results\""), "{}", sarif.stderr);
    assert_clean("the SARIF log", &sarif.stdout);
    let log: serde_json::Value = serde_json::from_str(&sarif.stdout).expect("SARIF is JSON");
    assert_clean("the SARIF log's decoded strings", &log.to_string());
    assert!(
        !log.to_string().contains("\\u0007"),
        "an escaped control survived"
    );
}
