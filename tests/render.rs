//! The renderer: pinned SVG/DOT/Mermaid of every example, escaping, and the `render`
//! command's contract. The geometry every layout must satisfy is in render_geometry.rs.

mod common;
#[path = "geometry/mod.rs"]
mod geometry;

use common::Test;
use infrac::Source;
use infrac::lint::Config;
use infrac::numbers::thousands;
use infrac::render::{self, Diagram, ThemeName};

fn today() -> time::Date {
    time::macros::date!(2026 - 11 - 23)
}

fn diagram_of(name: &str, text: &str) -> Diagram {
    diagram_with(name, text, false)
}

fn diagram_with(name: &str, text: &str, expand: bool) -> Diagram {
    let source = Source::new(name.to_string(), text.to_string());
    let config = Config {
        today: today(),
        ..Config::default()
    };
    let checked = infrac::check(&source, &config).expect("compiles");
    render::diagram(
        &checked.design,
        &checked.analysis,
        &checked.findings,
        name,
        render::Options {
            expand,
            ..render::Options::default()
        },
    )
}

fn example(path: &std::path::Path) -> (String, Diagram) {
    let text = std::fs::read_to_string(path).expect("read example");
    let name = path
        .file_stem()
        .expect("stem")
        .to_string_lossy()
        .into_owned();
    let diagram = diagram_of(&name, &text);
    (name, diagram)
}

#[test]
fn the_examples_render_to_pinned_svg_dot_and_mermaid() {
    insta::with_settings!({ snapshot_path => "../snapshots/render", prepend_module_to_snapshot => false }, {
        for path in common::examples() {
            let (name, diagram) = example(&path);
            insta::assert_snapshot!(format!("{name}.svg"), render::svg(&diagram, ThemeName::Light));
            insta::assert_snapshot!(format!("{name}.dot"), render::export::dot::dot(&diagram.scene));
            insta::assert_snapshot!(format!("{name}.mmd"), render::export::mermaid::mermaid(&diagram.scene));
        }
        let path = common::root().join("examples/2-secured_and_monitored_web_infrastructure.infra");
        let (name, diagram) = example(&path);
        insta::assert_snapshot!(format!("{name}.dark.svg"), render::svg(&diagram, ThemeName::Dark));
    });
}

fn titles(diagram: &Diagram) -> Vec<String> {
    diagram
        .scene
        .items
        .iter()
        .map(|i| i.title.clone())
        .collect()
}

#[test]
fn identical_servers_are_stacked_unless_expanded() {
    let text = infrac::synth::tiered_design(120);
    let stacked = diagram_of("synthetic", &text);
    let names = titles(&stacked);
    for stack in ["web × 30", "app × 30", "db × 30", "replica × 30"] {
        assert!(
            names.iter().any(|n| n == stack),
            "{stack} missing from {names:?}"
        );
    }
    assert!(stacked.layout.nodes.len() < 12, "{names:?}");
    geometry::check(&stacked.scene.graph, &stacked.layout).unwrap_or_else(|e| panic!("{e}"));
    let svg = render::svg(&stacked, ThemeName::Light);
    assert!(
        svg.contains("122 servers"),
        "the heading counts every server"
    );
    let expanded = diagram_with("synthetic", &text, true);
    assert!(titles(&expanded).iter().all(|n| !n.contains(" × ")));
}

#[test]
fn servers_stack_only_when_their_partners_are_identical_too() {
    let mut text = String::new();
    for i in 1..=4 {
        let runtime = if i == 4 { "node" } else { "gunicorn" };
        text.push_str(&format!(
            "server w{i} {{ web_server nginx {{ software = nginx }} }}\n\
             server a{i} {{ app_server app {{ runtime = {runtime} }} }}\n\
             internet -> w{i} : https\nw{i}.nginx -> a{i}.app : http\n"
        ));
    }
    let names = titles(&diagram_of("partners", &text));
    assert!(names.contains(&"a × 3".to_string()), "{names:?}");
    assert!(names.contains(&"w × 3".to_string()), "{names:?}");
    assert!(
        names.contains(&"a4".to_string()) && names.contains(&"w4".to_string()),
        "{names:?}"
    );
    // Two identical servers are the point of a redundancy picture: never stacked.
    let pair = "server w1 { web_server nginx { software = nginx } }\nserver w2 { web_server nginx { software = nginx } }\ninternet -> [w1, w2] : https\n";
    let names = titles(&diagram_of("pair", pair));
    assert!(
        names.contains(&"w1".to_string()) && names.contains(&"w2".to_string()),
        "{names:?}"
    );
}

#[test]
fn findings_appear_as_numbered_badges_keyed_to_the_legend() {
    let path = common::root().join("examples/0-simple_web_stack.infra");
    let (_, diagram) = example(&path);
    let svg = render::svg(&diagram, ThemeName::Light);
    let doc = roxmltree::Document::parse(&svg).expect("SVG is XML");
    let badges: Vec<String> = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("badge"))
        .filter(|n| {
            n.ancestors()
                .all(|a| a.attribute("class") != Some("legend"))
        })
        .map(|n| text_of(n))
        .collect();
    let markers = &diagram.scene.markers;
    assert!(!markers.is_empty());
    let mut numbers: Vec<String> = (1..=markers.len()).map(|n| n.to_string()).collect();
    let mut sorted = badges.clone();
    sorted.sort();
    numbers.sort();
    assert_eq!(sorted, numbers, "each finding has one badge on the picture");
    let legend = doc
        .descendants()
        .find(|n| n.attribute("class") == Some("legend"))
        .expect("a legend");
    let legend_text = text_of(legend);
    for marker in markers {
        assert!(
            legend_text.contains(marker.rule),
            "{} missing from the legend",
            marker.rule
        );
    }
    assert!(legend_text.contains("single-point-of-failure"));
}

/// Thousands of findings: the legend lists the first 40 with their messages and counts
/// the rest by rule, every finding accounted for, so the key stays shorter than a page.
#[test]
fn a_legend_of_thousands_of_findings_counts_the_rest_by_rule() {
    let diagram = diagram_with("wide", &infrac::synth::wide_cluster(2_000), true);
    let markers = &diagram.scene.markers;
    assert!(markers.len() > 1_000, "{} findings", markers.len());
    let svg = render::svg(&diagram, ThemeName::Light);
    let doc = roxmltree::Document::parse(&svg).expect("SVG is XML");
    let legend = doc
        .descendants()
        .find(|n| n.attribute("class") == Some("legend"))
        .expect("a legend");
    let listed: Vec<String> = legend
        .descendants()
        .filter(|n| n.attribute("class") == Some("badge"))
        .map(|n| text_of(n))
        .collect();
    let first_forty: Vec<String> = (1..=40).map(|n| n.to_string()).collect();
    assert_eq!(listed, first_forty);
    let text = text_of(legend);
    let rest = markers.len() - 40;
    let summary = format!(
        "… and {} more findings (badges 41 to {}): ",
        thousands(rest),
        thousands(markers.len())
    );
    let at = text
        .find(&summary)
        .unwrap_or_else(|| panic!("{summary} in {text}"));
    // The counts by rule add up to the findings not listed.
    let counts: usize = text[at + summary.len()..]
        .split(", ")
        .map(|kind| {
            let number = kind.split(' ').next().unwrap_or("");
            number.replace(',', "").parse::<usize>().unwrap_or(0)
        })
        .sum();
    assert_eq!(counts, rest, "{text}");
    for rule in ["no-monitoring", "no-firewall"] {
        assert!(text[at..].contains(rule), "{rule} not counted: {text}");
    }
}

#[test]
fn a_clean_design_says_it_has_no_findings() {
    let path = common::root().join("examples/highly_available.infra");
    let (_, diagram) = example(&path);
    let svg = render::svg(&diagram, ThemeName::Light);
    assert!(svg.contains("no findings"));
    assert!(!svg.contains("class=\"badge\""));
}

#[test]
fn encrypted_flows_are_solid_and_plain_ones_dashed() {
    let path = common::root().join("examples/2-secured_and_monitored_web_infrastructure.infra");
    let (_, diagram) = example(&path);
    let svg = render::svg(&diagram, ThemeName::Light);
    let doc = roxmltree::Document::parse(&svg).expect("XML");
    let edges: Vec<_> = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("edge"))
        .collect();
    let labels: Vec<String> = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("label"))
        .map(|n| text_of(n))
        .collect();
    assert!(labels.iter().any(|l| l == "https :443"));
    assert!(labels.iter().any(|l| l == "http :80"));
    let dash_of = |i: usize| {
        edges[i]
            .descendants()
            .find(|c| c.has_tag_name("path"))
            .and_then(|p| p.attribute("stroke-dasharray"))
    };
    let style_of = |label: &str| {
        let i = diagram
            .scene
            .links
            .iter()
            .position(|l| l.label == label)
            .expect("link");
        dash_of(i)
    };
    assert_eq!(style_of("https :443"), None);
    assert_eq!(style_of("http :80"), Some("6 4"));
}

#[test]
fn labels_and_names_are_escaped_and_nothing_is_active() {
    let text = r#"
title = "<script>alert(1)</script> & \"quotes\" 'single' </text>"
description = "a <b>bold</b> claim & more"
service evil { label = "</text><script>x()</script>", external = true, url = "javascript:alert(1)" }
server web "<img src=x onerror=alert(1)>" {
  ip = 10.0.0.1
  web_server nginx { software = "ngin<x> & \"co\"" }
  monitoring_agent agent { vendor = "<svg onload=alert(1)>", sends_to = evil }
}
internet -> web : http
web.agent -> evil : https
"#;
    let diagram = diagram_of("evil", text);
    for theme in [ThemeName::Light, ThemeName::Dark] {
        let svg = render::svg(&diagram, theme);
        let doc = roxmltree::Document::parse(&svg).expect("the SVG stays well-formed XML");
        for node in doc.descendants().filter(|n| n.is_element()) {
            let tag = node.tag_name().name();
            assert!(
                !matches!(tag, "script" | "foreignObject" | "iframe" | "img" | "a"),
                "active element <{tag}>"
            );
            for attr in node.attributes() {
                assert!(
                    !attr.name().starts_with("on"),
                    "event handler {}",
                    attr.name()
                );
                assert!(
                    !attr.value().contains("javascript:"),
                    "script URL in {}",
                    attr.name()
                );
            }
        }
        let all = text_of(doc.root());
        assert!(
            all.contains("<script>alert(1)</script> & \"quotes\" 'single' </text>"),
            "the title is shown as written"
        );
        assert!(all.contains("ngin<x> & \"co\""));
    }
    // Mermaid renders labels as HTML: markup must arrive as entity codes.
    let mermaid = render::export::mermaid::mermaid(&diagram.scene);
    assert!(
        !mermaid.contains('<') || !mermaid.replace("<br/>", "").contains('<'),
        "{mermaid}"
    );
    assert!(mermaid.contains("#lt;script#gt;"), "{mermaid}");
}

#[test]
fn the_dot_export_quotes_every_label() {
    let text = r#"
title = "say \"hi\" \\ bye"
server web { web_server nginx { software = "a\"b" } }
internet -> web : http
"#;
    let diagram = diagram_of("quotes", text);
    let dot = render::export::dot::dot(&diagram.scene);
    assert!(dot.contains(r#"label="say \"hi\" \\ bye""#), "{dot}");
    assert!(dot.contains(r#"a\"b"#), "{dot}");
    assert_eq!(dot.matches('{').count(), dot.matches('}').count());
}

#[test]
fn the_png_is_a_png_of_the_diagram_size() {
    let path = common::root().join("examples/0-simple_web_stack.infra");
    let (_, diagram) = example(&path);
    let svg = render::svg(&diagram, ThemeName::Light);
    let png = render::png::png(&svg).expect("rasterises");
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    let width = u32::from_be_bytes([png[16], png[17], png[18], png[19]]);
    let doc = roxmltree::Document::parse(&svg).expect("XML");
    let svg_width: f32 = doc
        .root_element()
        .attribute("width")
        .expect("width")
        .parse()
        .expect("number");
    assert_eq!(width, (svg_width * render::png::SCALE).ceil() as u32);
}

#[test]
fn rendering_is_deterministic() {
    for path in common::examples() {
        let (_, a) = example(&path);
        let (_, b) = example(&path);
        assert_eq!(
            render::svg(&a, ThemeName::Light),
            render::svg(&b, ThemeName::Light)
        );
    }
}

#[test]
fn the_document_is_reserved_once_for_every_example() {
    // Painting reserves the whole document up front; a low estimate would silently go
    // back to copying it as it grows (and faulting in fresh pages each time).
    for path in common::examples() {
        let text = std::fs::read_to_string(&path).expect("read example");
        for expand in [false, true] {
            let diagram = diagram_with("example", &text, expand);
            let written = render::svg(&diagram, ThemeName::Light).len();
            let reserved = render::paint::estimated_bytes(&diagram.scene);
            // Errs high, but within reason: reserved pages cost nothing until written.
            assert!(
                written <= reserved && reserved <= 4 * written,
                "{}: {written} bytes written, {reserved} reserved",
                path.display()
            );
        }
    }
}

// ---- the command ----

const SMALL: &str =
    "server web { web_server nginx { software = nginx } }\ninternet -> web : http\n";

#[test]
fn render_writes_svg_to_standard_output_or_a_file() {
    let out = Test::new()
        .write("a.infra", SMALL)
        .args(["render", "a.infra"])
        .run();
    assert_eq!(out.status, 0, "{}", out.stderr);
    assert!(out.stdout.starts_with("<svg"), "{}", out.stdout);
    roxmltree::Document::parse(&out.stdout).expect("XML");

    let out = Test::new()
        .write("a.infra", SMALL)
        .args(["render", "a.infra", "-o", "a.svg", "--theme", "dark"])
        .run();
    assert_eq!(out.status, 0, "{}", out.stderr);
    assert!(out.stdout.is_empty());
    assert!(out.read("a.svg").contains("#0f172a"), "dark background");
}

#[test]
fn render_exports_dot_mermaid_and_png() {
    let out = Test::new()
        .write("a.infra", SMALL)
        .args(["render", "a.infra", "--format", "dot"])
        .run();
    assert!(out.stdout.starts_with("digraph infrac {"), "{}", out.stdout);
    assert!(out.stdout.contains("->"));
    let out = Test::new()
        .write("a.infra", SMALL)
        .args(["render", "a.infra", "--format", "mermaid"])
        .run();
    assert!(out.stdout.starts_with("flowchart TB\n"), "{}", out.stdout);
    assert!(
        out.stdout.contains("-.->|\"http :80\"|"),
        "plain http is dotted: {}",
        out.stdout
    );
    let out = Test::new()
        .write("a.infra", SMALL)
        .args(["render", "a.infra", "--format", "png", "-o", "a.png"])
        .run();
    assert_eq!(out.status, 0, "{}", out.stderr);
    let png = std::fs::read(out.dir.join("a.png")).expect("png written");
    assert_eq!(&png[..4], b"\x89PNG");
}

#[test]
fn several_designs_go_into_a_directory() {
    let out = Test::new()
        .write("a.infra", SMALL)
        .write("b.infra", SMALL)
        .args(["render", "a.infra", "b.infra"])
        .run();
    assert_eq!(out.status, 3);
    assert!(out.stderr.contains("-o DIR"), "{}", out.stderr);
    let out = Test::new()
        .write("d/a.infra", SMALL)
        .write("d/b.infra", SMALL)
        .args(["render", "d", "-o", "out", "--format", "mermaid"])
        .run();
    assert_eq!(out.status, 0, "{}", out.stderr);
    assert!(out.read("out/a.mmd").starts_with("flowchart"));
    assert!(out.read("out/b.mmd").starts_with("flowchart"));
}

#[test]
fn a_broken_design_reports_errors_and_leaves_the_old_picture() {
    let out = Test::new()
        .write("a.infra", "server web {\n  ip = 10.0.0.300\n}\n")
        .write("a.svg", "old picture")
        .args(["render", "a.infra", "-o", "a.svg"])
        .run();
    assert_eq!(out.status, 2);
    assert!(out.stderr.contains("a.infra:2"), "{}", out.stderr);
    assert_eq!(out.read("a.svg"), "old picture");
}

#[test]
fn no_findings_draws_the_design_alone() {
    let out = Test::new()
        .write("a.infra", SMALL)
        .args(["render", "a.infra", "--no-findings"])
        .run();
    assert_eq!(out.status, 0);
    assert!(!out.stdout.contains("class=\"badge\""));
    // Hidden, not denied: the design has findings, so the picture must neither claim none
    // nor count them; it is the design alone, to hand in.
    let doc = roxmltree::Document::parse(&out.stdout).expect("an SVG");
    let words = text_of(doc.root_element()).to_lowercase();
    for word in ["finding", "error", "warning", "single-point"] {
        assert!(!words.contains(word), "{word:?} in {words}");
    }
    assert!(
        doc.descendants()
            .all(|n| n.attribute("class") != Some("legend") || n.children().count() == 0),
        "no legend without findings or a failure to explain"
    );
    // Through the library: the renderer itself leaves out the findings it is handed.
    let source = Source::new("a.infra".to_string(), SMALL.to_string());
    let checked = infrac::check(&source, &Config::default()).expect("compiles");
    assert!(!checked.findings.is_empty());
    let bare = render::diagram(
        &checked.design,
        &checked.analysis,
        &checked.findings,
        "a",
        render::Options {
            hide_findings: true,
            ..render::Options::default()
        },
    );
    assert!(bare.scene.markers.is_empty());
    let svg = render::svg(&bare, ThemeName::Light);
    assert!(!svg.contains("class=\"badge\"") && !svg.to_lowercase().contains("finding"));
    let out = Test::new()
        .write("a.infra", SMALL)
        .args(["render", "a.infra"])
        .run();
    assert!(
        out.stdout.contains("class=\"badge\""),
        "the single server is a finding"
    );
}

// ---- geometry, for any graph ----

/// The text of an element: its text nodes, without the indentation between elements.
fn text_of(node: roxmltree::Node) -> String {
    node.descendants()
        .filter(|n| n.is_text())
        .filter_map(|n| n.text())
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn a_design_without_servers_still_draws_a_valid_picture() {
    for text in [
        "title = \"nothing yet\"\n",
        "domain x.com { record www { type = CNAME, value = \"other.example.com\" } }\n",
    ] {
        let diagram = diagram_of("empty", text);
        let svg = render::svg(&diagram, ThemeName::Light);
        roxmltree::Document::parse(&svg).expect("XML");
        render::png::png(&svg).expect("rasterises");
        geometry::check(&diagram.scene.graph, &diagram.layout).unwrap_or_else(|e| panic!("{e}"));
    }
}

#[test]
fn a_simulated_failure_greys_out_what_is_down_and_marks_what_is_cut_off() {
    let path = common::root().join("examples/2-secured_and_monitored_web_infrastructure.infra");
    let out = Test::new()
        .write("a.infra", std::fs::read_to_string(path).expect("read"))
        .args([
            "render",
            "a.infra",
            "--fail",
            "lb1",
            "--today",
            "2026-11-23",
        ])
        .run();
    assert_eq!(out.status, 0, "{}", out.stderr);
    let doc = roxmltree::Document::parse(&out.stdout).expect("XML");
    let class = |c: &str| {
        doc.descendants()
            .filter(|n| n.attribute("class") == Some(c))
            .count()
    };
    assert_eq!(class("node down"), 1, "lb1 is down");
    assert_eq!(
        class("component down"),
        0,
        "its components fade with it, not twice"
    );
    assert_eq!(
        class("component cut-off"),
        6,
        "web1 and web2's nginx, app and mysql"
    );
    assert!(
        out.stdout
            .contains("Simulated failure of lb1: requests, writes, reads, static pages break")
    );
    // Hops to and from what is down fade too, and the legend says what the marks mean.
    let broken: Vec<_> = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("hop broken"))
        .collect();
    assert!(!broken.is_empty(), "the hops through lb1 fade");
    for hop in &broken {
        let path = hop
            .children()
            .find(|c| c.has_tag_name("path"))
            .expect("a line");
        let ends = [path.attribute("data-from"), path.attribute("data-to")];
        assert!(
            ends.iter().flatten().any(|e| e.starts_with("lb1")),
            "only hops touching lb1 fade: {ends:?}"
        );
    }
    assert_eq!(
        hop_count(&doc, "hop broken") + hop_count(&doc, "hop"),
        hop_count_all(&doc)
    );
    let legend = text_of(
        doc.descendants()
            .find(|n| n.attribute("class") == Some("legend"))
            .expect("legend"),
    );
    assert!(
        legend.contains("faded: taken down by the simulated failure"),
        "{legend}"
    );
    assert!(legend.contains("red dashed outline: still up, but users can no longer reach it"));
    let out = Test::new()
        .write("a.infra", SMALL)
        .args(["render", "a.infra", "--fail", "nosuch"])
        .run();
    assert_eq!(out.status, 3);
    assert!(
        out.stderr.contains("nothing is called `nosuch`"),
        "{}",
        out.stderr
    );
}

// ---- what a reader must be able to count and find ----

#[test]
fn every_box_component_and_edge_carries_its_design_path() {
    let path = common::root().join("examples/3-scale_up.infra");
    let (_, diagram) = example(&path);
    let svg = render::svg(&diagram, ThemeName::Light);
    let doc = roxmltree::Document::parse(&svg).expect("XML");
    let ids: Vec<&str> = doc
        .descendants()
        .filter_map(|n| n.attribute("id"))
        .collect();
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), ids.len(), "ids are unique: {ids:?}");
    for id in [
        "lbs",
        "lb1",
        "lb2.haproxy",
        "web1.nginx",
        "db1.mysql",
        "www_cert",
        "sumo_logic",
    ] {
        assert!(ids.contains(&id), "{id} missing from {ids:?}");
    }
    let edge = doc
        .descendants()
        .find(|n| n.attribute("id") == Some("web1.nginx->app1.app@http:80"))
        .expect("the nginx -> app edge");
    assert_eq!(edge.attribute("data-from"), Some("web1.nginx"));
    assert_eq!(edge.attribute("data-to"), Some("app1.app"));
    // Every drawn hop names both ends, and each end is an element of the picture.
    let hops: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("path") && n.attribute("data-from").is_some())
        .collect();
    assert!(hops.len() >= 10);
    for hop in hops {
        for end in [hop.attribute("data-from"), hop.attribute("data-to")] {
            let end = end.expect("both ends");
            assert!(ids.contains(&end), "{end} is not on the picture");
        }
    }
}

#[test]
fn the_certificate_is_drawn_with_its_issuer_expiry_and_names_and_linked_to_its_users() {
    let path = common::root().join("examples/2-secured_and_monitored_web_infrastructure.infra");
    let (_, diagram) = example(&path);
    let svg = render::svg(&diagram, ThemeName::Light);
    let doc = roxmltree::Document::parse(&svg).expect("XML");
    let cert = doc
        .descendants()
        .find(|n| n.attribute("id") == Some("www_cert"))
        .expect("the certificate's box");
    let text = text_of(cert);
    for part in [
        "www_cert",
        "for www.foobar.com",
        "issued by Let's Encrypt",
        "expires 2027-03-01",
    ] {
        assert!(text.contains(part), "{part} missing from {text}");
    }
    let link = doc
        .descendants()
        .find(|n| {
            n.attribute("class") == Some("edge") && n.attribute("data-from") == Some("www_cert")
        })
        .expect("a link from the certificate");
    assert_eq!(link.attribute("data-to"), Some("lb1.haproxy"));
}

#[test]
fn exports_keep_every_cluster_members_traffic() {
    let path = common::root().join("examples/3-scale_up.infra");
    let (_, diagram) = example(&path);
    let dot = render::export::dot::dot(&diagram.scene);
    let mermaid = render::export::mermaid::mermaid(&diagram.scene);
    // lb1.haproxy is n2_0, the standby lb2.haproxy n3_0: both receive users and send on.
    for lb in ["n2_0", "n3_0"] {
        assert!(
            dot.contains(&format!("n0 -> {lb} [label=\"https :443\"")),
            "{lb}: {dot}"
        );
        assert!(
            dot.contains(&format!("{lb} -> n4_0 [label=\"http :80\"")),
            "{lb}: {dot}"
        );
        assert!(
            mermaid.contains(&format!("n0 ==>|\"https :443\"| {lb}")),
            "{lb}: {mermaid}"
        );
    }
    assert!(
        dot.contains("label=\"lb2\\n10.0.0.3\\nfirewall fw_lbs\""),
        "lines broken with \\n: {dot}"
    );
}

fn hop_count(doc: &roxmltree::Document, class: &str) -> usize {
    doc.descendants()
        .filter(|n| n.attribute("class") == Some(class))
        .count()
}

fn hop_count_all(doc: &roxmltree::Document) -> usize {
    doc.descendants()
        .filter(|n| n.has_tag_name("path") && n.attribute("data-from").is_some())
        .count()
}

#[test]
fn a_diagram_too_large_for_a_png_is_scaled_down_and_says_so() {
    // Within the limits: full scale, no note.
    assert_eq!(render::png::fit(800.0, 600.0), render::png::SCALE);
    // A side past the limit, or too many pixels: scaled to fit both.
    let s = render::png::fit(40_000.0, 3_000.0);
    assert!(
        s < 1.0 && 40_000.0 * s <= render::png::MAX_SIDE as f32,
        "{s}"
    );
    let s = render::png::fit(12_000.0, 12_000.0);
    assert!(
        f64::from(12_000.0 * s).powi(2) <= render::png::MAX_PIXELS as f64 * 1.001,
        "{s}"
    );
    // Through the command: 300 servers expanded draw a side past 32 000 px at full scale.
    let out = Test::new()
        .write("big.infra", infrac::synth::tiered_design(300))
        .args([
            "render",
            "big.infra",
            "--expand",
            "--format",
            "png",
            "-o",
            "big.png",
        ])
        .run();
    assert_eq!(out.status, 0, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("too large for a PNG at full size; drawn at"),
        "{}",
        out.stderr
    );
    let png = std::fs::read(out.dir.join("big.png")).expect("written");
    let width = u32::from_be_bytes([png[16], png[17], png[18], png[19]]);
    assert!(width <= render::png::MAX_SIDE, "{width}");
}

/// Two load balancers spread over the same two zones in one tier: each crosses the
/// boundary, one below the other (tests/render_geometry.rs checks the geometry).
#[test]
fn two_boxes_spread_over_the_same_zones_are_drawn_one_below_the_other() {
    let text = common::designs::TWO_SPREAD_IN_ONE_RANK;
    let diagram = diagram_of("two_spread.infra", text);
    insta::with_settings!({ snapshot_path => "../snapshots/render", prepend_module_to_snapshot => false }, {
        insta::assert_snapshot!("zones_two_spread_in_one_tier.svg", render::svg(&diagram, ThemeName::Light));
    });
}

/// A narrow Auto Scaling group spread over three zones is widened to cross the middle
/// zone whole.
#[test]
fn a_narrow_box_over_three_zones_crosses_the_middle_one() {
    let text = "region eu {
  provider = aws
  zone eu1a {}
  zone eu1b {}
  zone eu1c {}
}
server web {
  min   = 3
  max   = 6
  zones = [eu1a, eu1b, eu1c]
  web_server nginx {}
}
server db1 { ip = 10.0.1.1, zone = eu1a
  database pg {}
}
internet -> web.nginx : https
web.nginx -> db1.pg : postgres
";
    let diagram = diagram_of("narrow_three_zones.infra", text);
    insta::with_settings!({ snapshot_path => "../snapshots/render", prepend_module_to_snapshot => false }, {
        insta::assert_snapshot!("zones_narrow_over_three.svg", render::svg(&diagram, ThemeName::Light));
    });
}

/// The designs of issue 14's zone defects, pinned (tests/render_geometry.rs checks their
/// geometry): the entry line clear of the zone title it ran through, a box over three
/// zones widened for its middle zone, a box in a zone a spread box crosses below it.
#[test]
fn the_zone_defect_designs_render_to_pinned_svg() {
    insta::with_settings!({ snapshot_path => "../snapshots/render", prepend_module_to_snapshot => false }, {
        for (name, text) in [
            ("zones_entry_clear_of_title", common::designs::ENTRY_THROUGH_ZONE_TITLE),
            ("zones_wide_middle", common::designs::WIDE_MIDDLE_ZONE),
            ("zones_box_in_a_crossed_zone", common::designs::BOX_IN_THE_ZONE_A_SPREAD_BOX_CROSSES),
        ] {
            let diagram = diagram_of(&format!("{name}.infra"), text);
            insta::assert_snapshot!(format!("{name}.svg"), render::svg(&diagram, ThemeName::Light));
        }
    });
}
