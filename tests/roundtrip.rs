//! Property tests: `fmt` never changes what a design means, keeps every comment, and is a
//! fixed point; no input, however broken, makes the compiler panic.

mod common;
use infrac::Source;
use infrac::model::graph_json::graph_json;
use infrac::syntax::{format, parse};
use proptest::prelude::*;

#[derive(Debug, Clone)]
struct ServerSpec {
    ip: Option<(u8, u8)>,
    components: Vec<usize>, // indexes into COMPONENTS
    firewall: bool,
}

const COMPONENTS: [(&str, &str, &str); 5] = [
    (
        "load_balancer",
        "lb",
        "algorithm = round_robin, health_check = \"/health\"",
    ),
    (
        "web_server",
        "web",
        "software = nginx, listen = [http/8080, https]",
    ),
    ("app_server", "app", "runtime = gunicorn, code = \"shop\""),
    ("database", "db", "engine = mysql, role = primary"),
    (
        "monitoring_agent",
        "agent",
        "vendor = \"Sumo Logic\", metrics = [qps, latency]",
    ),
];

#[derive(Debug, Clone)]
struct DesignSpec {
    servers: Vec<ServerSpec>,
    flows: Vec<(usize, usize, bool)>,
    cluster: bool,
    /// Zones in a region, servers spread over them, and a wildcard DNS record.
    zoned: bool,
}

fn server_spec() -> impl Strategy<Value = ServerSpec> {
    (
        proptest::option::of((0u8..=255, 1u8..=254)),
        proptest::sample::subsequence((0..5).collect::<Vec<_>>(), 1..=5),
        any::<bool>(),
    )
        .prop_map(|(ip, components, firewall)| ServerSpec {
            ip,
            components,
            firewall,
        })
}

fn design_spec() -> impl Strategy<Value = DesignSpec> {
    (
        proptest::collection::vec(server_spec(), 1..6),
        proptest::collection::vec((0usize..100, 0usize..100, any::<bool>()), 0..8),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(servers, flows, cluster, zoned)| DesignSpec {
            servers,
            flows,
            cluster,
            zoned,
        })
}

/// Random layout decisions, consumed in order.
struct Style {
    bytes: Vec<u8>,
    at: usize,
}

impl Style {
    fn pick(&mut self, n: u8) -> u8 {
        let b = self
            .bytes
            .get(self.at % self.bytes.len().max(1))
            .copied()
            .unwrap_or(0);
        self.at += 1;
        b % n
    }
    fn sep(&mut self) -> &'static str {
        [",", "\n", " ,  ", "\n\n"][self.pick(4) as usize]
    }
    fn space(&mut self) -> &'static str {
        ["", " ", "  ", "\t"][self.pick(4) as usize]
    }
    fn comment(&mut self, out: &mut String, n: usize) {
        match self.pick(5) {
            0 => out.push_str(&format!("  # note {n}\n")),
            1 => out.push_str(&format!("\n// remark {n}\n")),
            _ => out.push('\n'),
        }
    }
}

/// Every component path of the design, with its kind index.
fn components(spec: &DesignSpec) -> Vec<(String, usize)> {
    spec.servers
        .iter()
        .enumerate()
        .flat_map(|(i, s)| {
            s.components
                .iter()
                .map(move |&c| (format!("s{i}.{}", COMPONENTS[c].1), c))
        })
        .collect()
}

fn render(spec: &DesignSpec, style: &mut Style) -> String {
    let mut out = String::from("title = \"generated\"\n");
    if spec.zoned {
        out.push_str("region eu-west-1 {\n  zone a {}\n  zone b {}\n}\n");
        out.push_str(
            "domain gen.example {\n  record * { type = CNAME, value = gen.example.net }\n}\n",
        );
    }
    for (i, server) in spec.servers.iter().enumerate() {
        out.push_str(&format!("server s{i}{}{{{}", style.space(), style.space()));
        if spec.zoned {
            out.push_str(&format!("zone = {}{}", ["a", "b"][i % 2], style.sep()));
        }
        if let Some((a, b)) = server.ip {
            out.push_str(&format!(
                "ip{}={}10.{a}.{b}.{i}{}",
                style.space(),
                style.space(),
                style.sep()
            ));
        }
        for &c in &server.components {
            let (kind, name, attrs) = COMPONENTS[c];
            let attrs = attrs.replace(", ", style.sep());
            out.push_str(&format!("{kind} {name} {{ {attrs} }}"));
            out.push_str(style.sep());
        }
        out.push('}');
        style.comment(&mut out, i);
        if server.firewall {
            out.push_str(&format!(
                "firewall fw{i} {{\n protects = s{i}\n default = deny\n allow {{ proto = [http, https], from = internet }}\n}}\n"
            ));
        }
    }
    let all = components(spec);
    for (n, &(from, to, read)) in spec.flows.iter().enumerate() {
        let (from, _) = &all[from % all.len()];
        let (to, kind) = &all[to % all.len()];
        if from == to {
            continue;
        }
        let protocol = match kind {
            3 => "mysql",
            4 => continue, // agents receive nothing
            _ => "http",
        };
        let body = if read && *kind == 3 {
            " { access = read }"
        } else {
            ""
        };
        out.push_str(&format!(
            "{from}{}->{}{to} : {protocol}{body}",
            style.space(),
            style.space()
        ));
        style.comment(&mut out, n);
    }
    if spec.cluster && spec.servers.len() >= 2 {
        out.push_str(
            "cluster pair {\n  members = [\n    s0,\n    s1\n  ]\n  mode = active_passive\n}\n",
        );
    }
    out
}

fn model_json(text: &str) -> Result<String, String> {
    let design = infrac::compile(Source::new("t.infra", text))
        .map_err(|d| d.render(infrac::diagnostics::Style::PLAIN))?;
    serde_json::to_string_pretty(&graph_json(&design, "t.infra", None)).map_err(|e| e.to_string())
}

fn comment_texts(text: &str) -> Vec<String> {
    let mut texts: Vec<String> = parse(text)
        .expect("parses")
        .comments
        .into_iter()
        .map(|c| c.text)
        .collect();
    texts.sort();
    texts
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn fmt_preserves_the_model_and_comments_and_is_idempotent(
        spec in design_spec(),
        style in proptest::collection::vec(any::<u8>(), 1..64),
    ) {
        let text = render(&spec, &mut Style { bytes: style, at: 0 });
        let before = model_json(&text);
        prop_assert!(before.is_ok(), "generated design does not compile:\n{text}\n{:?}", before);
        let file = parse(&text).expect("parses");
        let formatted = format(&text, &file);
        prop_assert_eq!(model_json(&formatted), before, "fmt changed the model:\n{}\n---\n{}", text, formatted);
        prop_assert_eq!(comment_texts(&formatted), comment_texts(&text));
        let again = format(&formatted, &parse(&formatted).expect("formatted parses"));
        prop_assert_eq!(&again, &formatted);
        // The analysis and every rule run on any design without panicking, and
        // deterministically.
        let config = infrac::lint::Config::default();
        let first = infrac::check(Source::new("t.infra", text.as_str()), &config).map(|c| c.findings);
        let second = infrac::check(Source::new("t.infra", text.as_str()), &config).map(|c| c.findings);
        prop_assert!(first.is_ok());
        prop_assert_eq!(first.ok(), second.ok());
    }

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,200}") {
        let _ = infrac::check(Source::new("t.infra", text.as_str()), &infrac::lint::Config::default());
    }

    #[test]
    fn mutated_examples_never_panic(
        example in 0usize..4,
        edits in proptest::collection::vec((any::<usize>(), any::<u8>()), 1..8),
    ) {
        let paths = common::examples();
        let mut bytes = std::fs::read(&paths[example % paths.len()]).expect("read");
        for (at, byte) in edits {
            let at = at % bytes.len();
            match byte % 3 {
                0 => { bytes.remove(at); }
                1 => bytes.insert(at, b"{}[]=,:->\"#.\n a1"[byte as usize % 16]),
                _ => bytes[at] = byte,
            }
        }
        if let Ok(text) = String::from_utf8(bytes) {
            if let Ok(file) = parse(&text) {
                // Whatever parses must format to something that parses to the same comments.
                let formatted = format(&text, &file);
                prop_assert_eq!(comment_texts(&formatted), comment_texts(&text));
            }
            let _ = infrac::check(Source::new("t.infra", text), &infrac::lint::Config::default());
        }
    }
}

/// Every example and every lint fixture: the designs that use the language's newer
/// constructs (zones, managed services, groups, caches, CDNs, tunnels, listeners,
/// backups, proxied and multi-value records, egress rules).
fn every_design() -> Vec<std::path::PathBuf> {
    let mut paths = common::examples();
    let mut fixtures: Vec<_> = std::fs::read_dir(common::root().join("tests/lint"))
        .expect("fixtures")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "infra"))
        .collect();
    fixtures.sort();
    paths.extend(fixtures);
    paths
}

#[test]
fn fmt_keeps_every_example_and_fixture_and_is_a_fixed_point() {
    let paths = every_design();
    assert!(paths.len() > 50, "found {}", paths.len());
    for path in paths {
        let text = std::fs::read_to_string(&path).expect("read");
        let name = path.display();
        let formatted = format(&text, &parse(&text).expect("parses"));
        assert_eq!(
            model_json(&formatted),
            model_json(&text),
            "{name}: fmt changed the model"
        );
        assert_eq!(comment_texts(&formatted), comment_texts(&text), "{name}");
        let again = format(&formatted, &parse(&formatted).expect("formatted parses"));
        assert_eq!(again, formatted, "{name}: fmt is not idempotent");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Indentation and spaces around `=` and `,` mean nothing: however a real design is
    /// spaced, fmt prints the same text.
    #[test]
    fn fmt_of_a_respaced_design_is_the_same(
        pick in any::<usize>(),
        spaces in proptest::collection::vec(0usize..4, 1..32),
    ) {
        let paths = every_design();
        let path = &paths[pick % paths.len()];
        let text = std::fs::read_to_string(path).expect("read");
        let mut respaced = String::new();
        for (n, line) in text.lines().enumerate() {
            let body = line.trim_start();
            // Lines with comments or strings keep their text; only the indentation varies.
            let body = if body.contains(['#', '"']) {
                body.to_string()
            } else {
                let (before, after) = (spaces[n % spaces.len()], spaces[(n + 1) % spaces.len()]);
                body.replace(" = ", &format!("{}= {}", " ".repeat(before), " ".repeat(after)))
                    .replace(", ", &format!(",{}", " ".repeat(after + 1)))
            };
            respaced.push_str(&" ".repeat(spaces[n % spaces.len()] * 2));
            respaced.push_str(&body);
            respaced.push('\n');
        }
        let expected = format(&text, &parse(&text).expect("parses"));
        let file = parse(&respaced);
        prop_assert!(file.is_ok(), "{}: respaced text does not parse:\n{respaced}", path.display());
        let got = format(&respaced, &file.expect("parses"));
        prop_assert_eq!(got, expected, "{}", path.display());
    }
}
