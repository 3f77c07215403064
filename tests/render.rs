//! The renderer: pinned SVG/DOT/Mermaid of every example, geometry that holds for any
//! graph (no overlapping boxes, no line through a box, labels clear of boxes and of each
//! other), escaping, and the `render` command's contract.

mod common;

use common::Test;
use infrac::Source;
use infrac::lint::Config;
use infrac::render::layout::{self, Graph, Layout, Net, Owner, Point, Port, Rect};
use infrac::render::{self, Diagram, ThemeName};
use proptest::prelude::*;

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

#[test]
fn the_examples_lay_out_cleanly() {
    for path in common::examples() {
        let (name, diagram) = example(&path);
        check_geometry(&diagram.scene.graph, &diagram.layout)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
    }
}

#[test]
fn a_large_generated_design_lays_out_cleanly() {
    let text = infrac::synth::tiered_design(120);
    let diagram = diagram_with("synthetic", &text, true);
    assert!(diagram.layout.nodes.len() >= 120);
    check_geometry(&diagram.scene.graph, &diagram.layout).unwrap_or_else(|e| panic!("{e}"));
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
    check_geometry(&stacked.scene.graph, &stacked.layout).unwrap_or_else(|e| panic!("{e}"));
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
            .children()
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

fn overlaps(a: &Rect, b: &Rect) -> bool {
    const E: f64 = 0.5;
    a.x + E < b.right() && b.x + E < a.right() && a.y + E < b.bottom() && b.y + E < a.bottom()
}

fn inside(inner: &Rect, outer: &Rect) -> bool {
    inner.x >= outer.x - 1e-6
        && inner.y >= outer.y - 1e-6
        && inner.right() <= outer.right() + 1e-6
        && inner.bottom() <= outer.bottom() + 1e-6
}

/// Whether the segment a–b (axis-parallel) enters the interior of `r`.
fn cuts(a: Point, b: Point, r: &Rect) -> bool {
    const E: f64 = 0.5;
    let (x0, x1) = (a.x.min(b.x), a.x.max(b.x));
    let (y0, y1) = (a.y.min(b.y), a.y.max(b.y));
    x0 < r.right() - E && x1 > r.x + E && y0 < r.bottom() - E && y1 > r.y + E
}

fn on_edge(p: Point, r: &Rect) -> bool {
    let e = 0.01;
    ((p.x - r.x).abs() < e || (p.x - r.right()).abs() < e)
        && p.y >= r.y - e
        && p.y <= r.bottom() + e
}

fn owner_rect(layout: &Layout, owner: Owner) -> Rect {
    match owner {
        Owner::Node(n) => layout.nodes[n],
        Owner::Group(g) => layout.groups[g],
    }
}

fn check_geometry(graph: &Graph, layout: &Layout) -> Result<(), String> {
    let nodes = &layout.nodes;
    for i in 0..nodes.len() {
        for j in i + 1..nodes.len() {
            if overlaps(&nodes[i], &nodes[j]) {
                return Err(format!(
                    "boxes {i} and {j} overlap: {:?} {:?}",
                    nodes[i], nodes[j]
                ));
            }
        }
        match graph.nodes[i].group {
            Some(g) if !inside(&nodes[i], &layout.groups[g]) => {
                return Err(format!("box {i} sticks out of its group {g}"));
            }
            _ => {}
        }
        for (g, frame) in layout.groups.iter().enumerate() {
            if graph.nodes[i].group != Some(g) && overlaps(&nodes[i], frame) {
                return Err(format!("box {i} overlaps group {g}"));
            }
        }
    }
    for a in 0..layout.groups.len() {
        for b in a + 1..layout.groups.len() {
            if overlaps(&layout.groups[a], &layout.groups[b]) {
                return Err(format!("groups {a} and {b} overlap"));
            }
        }
    }
    let labels: Vec<Rect> = layout.routes.iter().filter_map(|r| r.label).collect();
    for (i, l) in labels.iter().enumerate() {
        if let Some(n) = nodes.iter().position(|n| overlaps(l, n)) {
            return Err(format!("label {i} {l:?} covers box {n} {:?}", nodes[n]));
        }
        if let Some(j) = labels[i + 1..].iter().position(|m| overlaps(l, m)) {
            return Err(format!("labels {i} and {} overlap", i + 1 + j));
        }
    }
    for (i, (net, route)) in graph.nets.iter().zip(&layout.routes).enumerate() {
        if route.paths.len() != net.spokes.len() {
            return Err(format!(
                "net {i}: {} paths for {} spokes",
                route.paths.len(),
                net.spokes.len()
            ));
        }
        for (spoke, path) in net.spokes.iter().zip(&route.paths) {
            let (from, to) = if net.hub_is_source {
                (net.hub, *spoke)
            } else {
                (*spoke, net.hub)
            };
            check_path(i, path, from, to, layout)?;
        }
    }
    Ok(())
}

fn check_path(
    i: usize,
    path: &[Point],
    from: Port,
    to: Port,
    layout: &Layout,
) -> Result<(), String> {
    let (Some(&first), Some(&last)) = (path.first(), path.last()) else {
        return Err(format!("net {i}: empty path"));
    };
    let (src, dst) = (owner_rect(layout, from.owner), owner_rect(layout, to.owner));
    if !on_edge(first, &src) || (first.y - (src.y + from.y)).abs() > 0.01 {
        return Err(format!(
            "net {i}: starts at {first:?}, not on its source's edge {src:?} at {}",
            from.y
        ));
    }
    if !on_edge(last, &dst) || (last.y - (dst.y + to.y)).abs() > 0.01 {
        return Err(format!(
            "net {i}: ends at {last:?}, not on its target's edge {dst:?} at {}",
            to.y
        ));
    }
    for w in path.windows(2) {
        let (a, b) = (w[0], w[1]);
        if (a.x - b.x).abs() > 1e-6 && (a.y - b.y).abs() > 1e-6 {
            return Err(format!("net {i}: diagonal segment {a:?} → {b:?}"));
        }
        for (n, r) in layout.nodes.iter().enumerate() {
            if cuts(a, b, r) {
                return Err(format!(
                    "net {i}: segment {a:?} → {b:?} crosses box {n} {r:?}"
                ));
            }
        }
    }
    Ok(())
}

/// Random layered graphs: nodes in ranks, some in groups, nets between rows.
fn graphs() -> impl Strategy<Value = Graph> {
    let node = (40.0f64..200.0, 30.0f64..120.0, 0usize..6);
    (
        prop::collection::vec(node, 1..24),
        prop::collection::vec(
            (
                any::<u32>(),
                prop::collection::vec(any::<u32>(), 1..5),
                any::<bool>(),
                any::<bool>(),
                any::<u32>(),
            ),
            0..30,
        ),
        0usize..4,
    )
        .prop_map(|(nodes, nets, groups)| {
            let mut graph = Graph::default();
            for (w, h, rank) in nodes {
                graph.nodes.push(layout::Node {
                    width: w.round(),
                    height: h.round(),
                    rank,
                    group: None,
                });
            }
            // Groups: runs of up to three nodes of one rank.
            for g in 0..groups {
                let free: Vec<usize> = (0..graph.nodes.len())
                    .filter(|&n| graph.nodes[n].group.is_none())
                    .collect();
                let Some(&first) = free.get(g * 2) else { break };
                let rank = graph.nodes[first].rank;
                let members: Vec<usize> = free
                    .iter()
                    .copied()
                    .filter(|&n| graph.nodes[n].rank == rank)
                    .take(3)
                    .collect();
                let gi = graph.groups.len();
                graph.groups.push(layout::Group {
                    header: 30.0,
                    min_width: 80.0,
                });
                for m in members {
                    graph.nodes[m].group = Some(gi);
                }
            }
            let n = graph.nodes.len() as u32;
            let port = |graph: &Graph, pick: u32, y: u32, group_port: bool| {
                let node = (pick % n) as usize;
                match graph.nodes[node].group {
                    Some(g) if group_port => Port {
                        owner: Owner::Group(g),
                        y: 15.0,
                    },
                    _ => Port {
                        owner: Owner::Node(node),
                        y: 5.0 + f64::from(y % 20) * (graph.nodes[node].height - 10.0) / 20.0,
                    },
                }
            };
            for (hub, spokes, hub_is_source, group_port, label) in nets {
                let hub = port(&graph, hub, label, group_port);
                let spokes: Vec<Port> = spokes
                    .iter()
                    .map(|&s| port(&graph, s, s >> 8, false))
                    .collect();
                let label = (label % 3 != 0).then(|| (f64::from(20 + label % 60), 14.0));
                graph.nets.push(Net {
                    hub,
                    spokes,
                    hub_is_source,
                    label,
                    weight: 1.0,
                });
            }
            graph
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]
    #[test]
    fn any_layered_graph_lays_out_without_overlaps_or_lines_through_boxes(graph in graphs()) {
        let layout = layout::layout(&graph);
        prop_assert_eq!(layout.nodes.len(), graph.nodes.len());
        if let Err(e) = check_geometry(&graph, &layout) {
            return Err(TestCaseError::fail(e));
        }
    }
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
        check_geometry(&diagram.scene.graph, &diagram.layout).unwrap_or_else(|e| panic!("{e}"));
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
