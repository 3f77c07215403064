//! `infrac::preview` and `infrac::completion`: what the browser playground gets per edit,
//! through the library (the playground's WebAssembly exports only pass JSON through).

use infrac::completion::{CompletionKind, completions};
use infrac::preview::{Preview, Request, Shown, preview};
use infrac::render::ThemeName;
use proptest::prelude::*;

const TASK1: &str = include_str!("../examples/1-distributed_web_infrastructure.infra");

fn config() -> infrac::lint::Config {
    infrac::lint::Config {
        today: time::macros::date!(2026 - 11 - 23),
        ..Default::default()
    }
}

fn shown(text: &str, fail: &[&str]) -> Box<Shown> {
    let config = config();
    match preview(&Request {
        name: "examples/task1.infra",
        text,
        config: &config,
        theme: ThemeName::Light,
        fail,
        expand: false,
    }) {
        Preview::Checked(shown) => shown,
        Preview::Failed { text, .. } => panic!("does not compile:\n{text}"),
    }
}

#[test]
fn a_preview_has_every_pane_of_the_design() {
    let s = shown(TASK1, &[]);
    assert_eq!(s.title, "Distributed web infrastructure for www.foobar.com");
    assert!(s.svg.starts_with("<svg"));
    let spof = s
        .findings
        .iter()
        .find(|f| f.rule == "single-point-of-failure" && f.component == "lb1.haproxy")
        .expect("lb1.haproxy is a single point of failure");
    assert_eq!((spof.span.start.line, spof.span.start.column), (20, 3));
    let focus = spof.focus.expect("the name to underline");
    assert_eq!((focus.start.line, focus.start.column), (20, 17));
    assert_eq!((focus.end.line, focus.end.column), (20, 24));
    assert_eq!(s.summary.errors + s.summary.warnings, s.findings.len());
    assert!(s.explanation.contains("<h2>"), "{}", s.explanation);
    assert!(
        !s.explanation.contains("<img"),
        "the page shows the diagram itself"
    );
    assert!(
        s.markdown.contains("(task1.svg)"),
        "the Markdown's picture is beside it"
    );
    let failable: Vec<&str> = s.failable.iter().map(|f| f.path.as_str()).collect();
    assert!(failable.contains(&"lb1") && failable.contains(&"web1.mysql"));
    assert!(s.whatif.is_none());
}

/// The page marks the SVG's groups clickable by position: there must be one target per
/// painted cluster, box and row, in the painter's order.
#[test]
fn targets_line_up_with_the_painted_groups() {
    for text in [
        TASK1,
        include_str!("../examples/3-scale_up.infra"),
        include_str!("../examples/highly_available.infra"),
    ] {
        let s = shown(text, &[]);
        let count = |classes: &[&str]| {
            classes
                .iter()
                .map(|class| s.svg.matches(&format!("<g class=\"{class}\"")).count())
                .sum::<usize>()
        };
        assert_eq!(s.targets.clusters.len(), count(&["cluster"]));
        assert_eq!(s.targets.boxes.len(), count(&["node", "node down"]));
        let rows: usize = s.targets.rows.iter().map(Vec::len).sum();
        let painted = count(&["component", "component down", "component cut-off"]);
        assert_eq!(rows, painted);
    }
    let s = shown(TASK1, &[]);
    let lb1 = s
        .targets
        .boxes
        .iter()
        .position(|b| b.as_deref() == Some("lb1"));
    let lb1 = lb1.expect("lb1's box is a target");
    assert_eq!(s.targets.rows[lb1], [Some("lb1.haproxy".to_string())]);
    assert!(
        s.targets.boxes.contains(&None),
        "the users' box cannot fail"
    );
}

#[test]
fn a_failure_is_simulated_and_drawn() {
    let s = shown(TASK1, &["lb1"]);
    let whatif = s.whatif.expect("a what-if");
    assert_eq!(
        whatif.summary,
        "Simulated failure of lb1: requests, writes, reads, static pages break"
    );
    let simulation = whatif.simulation.expect("a simulation");
    assert!(simulation.down.contains(&"lb1.haproxy".to_string()));
    assert!(s.svg.contains("class=\"node down\""));
    assert!(s.svg.contains(&whatif.summary));
}

#[test]
fn an_unknown_failure_is_an_answer_not_an_error() {
    let s = shown(TASK1, &["lb9"]);
    let whatif = s.whatif.expect("a what-if");
    assert_eq!(whatif.error.as_deref(), Some("nothing is called `lb9`"));
    assert!(whatif.simulation.is_none());
    assert!(!s.svg.contains("node down"));
}

#[test]
fn compile_errors_come_with_places_and_did_you_mean() {
    let config = config();
    let answer = preview(&Request {
        name: "t.infra",
        text: "server a {\n  pubic_ip = 8.8.4.4\n}\n",
        config: &config,
        theme: ThemeName::Dark,
        fail: &["a"],
        expand: false,
    });
    let Preview::Failed { errors, text } = answer else {
        panic!("a typo must not compile");
    };
    assert_eq!(errors.len(), 1);
    let span = errors[0].span.expect("a place");
    assert_eq!((span.start.line, span.start.column), (2, 3));
    assert_eq!((span.end.line, span.end.column), (2, 11));
    assert_eq!(errors[0].help.as_deref(), Some("did you mean `public_ip`?"));
    assert!(text.contains("t.infra:2:3"), "{text}");
}

#[test]
fn the_preview_is_json_with_a_status() {
    let config = config();
    let json = |text: &str| {
        serde_json::to_value(preview(&Request {
            name: "t.infra",
            text,
            config: &config,
            theme: ThemeName::Light,
            fail: &[],
            expand: false,
        }))
        .expect("JSON")
    };
    assert_eq!(json(TASK1)["status"], "checked");
    let findings = json(TASK1)["findings"].clone();
    assert!(findings[0]["span"]["start"]["line"].is_u64());
    assert!(
        findings[0]["rule"].is_string(),
        "the report's fields, flattened"
    );
    assert_eq!(json("server {")["status"], "failed");
}

#[test]
fn completion_follows_the_block_the_cursor_is_in() {
    let at = |text: &str| {
        let offset = text.find('|').expect("cursor");
        completions(&text.replacen('|', "", 1), offset)
    };
    let in_lb = at("server lb1 {\n  load_balancer h {\n    |\n  }\n}\n");
    assert!(
        in_lb
            .iter()
            .any(|c| c.label == "algorithm" && c.kind == CompletionKind::Attribute)
    );
    assert!(!in_lb.iter().any(|c| c.kind == CompletionKind::Kind));
    let backends = at(&format!(
        "{TASK1}\nserver lb2 {{ load_balancer h {{ backends = [|"
    ));
    let labels: Vec<&str> = backends.iter().map(|c| c.label.as_str()).collect();
    assert!(
        labels.contains(&"web1") && labels.contains(&"web1.nginx"),
        "{labels:?}"
    );
    assert!(!labels.contains(&"lb2"), "{labels:?}");
}

proptest! {
    #[test]
    fn completion_never_panics(text in "[a-z_ {}=\\->:\"#\\[\\],.\n\u{e9}]{0,80}", offset in 0usize..90) {
        let _ = completions(&text, offset);
    }
}
