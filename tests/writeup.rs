//! Write-ups a student can hand in: the four seed tasks as a series, checked item by item
//! against the exercise's own lists; random designs on which the write-up must never
//! contradict the analysis and the findings; every lint fixture explained; `--series`
//! and `--handin` through the command.

mod common;

use common::Test;
use common::markdown::{check_structure, texts};
use infrac::analysis::pools::Pool;
use infrac::analysis::resolution;
use infrac::explain::diff::Side;
use infrac::explain::{self, Context, Document, Previous};
use infrac::lint::Config;
use infrac::lint::rules::*;
use infrac::{Checked, Source};
use proptest::prelude::*;

fn today() -> time::Date {
    time::macros::date!(2026 - 11 - 23)
}

fn checked(text: &str) -> Checked {
    let config = Config {
        today: today(),
        ..Config::default()
    };
    infrac::check(Source::new("t.infra", text), &config).expect("compiles")
}

fn context(c: &Checked) -> Context<'_> {
    Context {
        design: &c.design,
        analysis: &c.analysis,
        findings: &c.findings,
        today: today(),
        diagram: None,
    }
}

/// The write-up of `c`, after `previous` when it is a step of a series.
fn writeup(c: &Checked, previous: Option<&Checked>) -> (Document, String) {
    let cx = context(c);
    let previous = previous.map(|p| Previous {
        side: Side {
            design: &p.design,
            analysis: &p.analysis,
            findings: &p.findings,
        },
        title: p
            .design
            .title()
            .unwrap_or("the previous design")
            .to_string(),
    });
    let doc = explain::explain_after(&cx, "t", previous.as_ref());
    let md = explain::markdown::markdown(&doc);
    (doc, md)
}

/// A section's text as a reader sees it (without markup).
fn plain(doc: &Document, id: &str) -> String {
    doc.section(id)
        .unwrap_or_else(|| {
            panic!(
                "no section {id}: {:?}",
                doc.sections.iter().map(|s| s.id).collect::<Vec<_>>()
            )
        })
        .plain()
}

/// The Markdown must say what the document says: every paragraph, item and cell reads
/// back, through a real parser, as the document's own text.
fn reads_back(doc: &Document, md: &str) -> Result<(), String> {
    let parsed = texts(md);
    let mut expected: Vec<String> = Vec::new();
    for s in &doc.sections {
        expected.extend(s.spans().into_iter().map(|spans| spans.plain()));
    }
    let mut at = 0;
    for e in expected.iter().filter(|e| !e.trim().is_empty()) {
        match parsed[at..].iter().position(|p| p == e) {
            Some(i) => at += i + 1,
            None => return Err(format!("the Markdown does not read back {e:?}")),
        }
    }
    Ok(())
}

/// Words about the tool that checked the design have no place in a write-up.
fn no_tool_talk(md: &str) -> Result<(), String> {
    let lower = md.to_lowercase();
    for word in ["infrac", "linter", "lint ", "finding", "suppress"] {
        if lower.contains(word) {
            return Err(format!("the write-up talks about the tool: {word:?}"));
        }
    }
    Ok(())
}

/// Sentences that cannot be right in any design.
fn reads_well(md: &str) -> Result<(), String> {
    for bad in [
        "one servers",
        "one backends",
        "one load balancers",
        "1 servers",
        "these servers is",
        "  ",
        " ,",
        " .",
        "()",
        ",,",
        " : ",
        "the the ",
        "a an ",
        "all 2 ",
    ] {
        // A word is bad where it starts a word: "101 servers" is not "1 servers".
        let starts_word = |at: usize| {
            !bad.starts_with(|c: char| c.is_alphanumeric())
                || !md[..at].ends_with(|c: char| c.is_alphanumeric())
        };
        if let Some((at, _)) = md.match_indices(bad).find(|&(at, _)| starts_word(at)) {
            let from = md[..at].rfind('\n').map_or(0, |i| i + 1);
            let to = md[at..].find('\n').map_or(md.len(), |i| at + i);
            return Err(format!("{bad:?} in: {}", &md[from..to]));
        }
    }
    Ok(())
}

// ---- the exercise, task by task ----

fn example(prefix: &str) -> String {
    common::example_text(prefix)
}

/// One item of the exercise's lists (`004_*.txt`), where the write-up answers it, and
/// what the answer must name from this design.
struct Item {
    asks: &'static str,
    section: &'static str,
    says: &'static [&'static str],
}

const TASK_0: &[Item] = &[
    Item {
        asks: "Explain: What is a server?",
        section: "servers",
        says: &["A server is a computer", "srv1", "8.8.8.8", "TCP/IP"],
    },
    Item {
        asks: "Explain: Role of the domain name.",
        section: "dns",
        says: &[
            "Its role is to let people reach the site",
            "www.foobar.com",
            "foobar.com is the registered domain",
        ],
    },
    Item {
        asks: "Explain: Type of DNS record used.",
        section: "dns",
        says: &[
            "www.foobar.com is an A record",
            "Why an A record for www.foobar.com, and not a CNAME",
            "CNAME —",
            "MX —",
            "TXT —",
        ],
    },
    Item {
        asks: "Explain: Roles of web server, application server, and database.",
        section: "components",
        says: &[
            "Web server — srv1.nginx (Nginx)",
            "Application server — srv1.app (Gunicorn running foobar)",
            "Database — srv1.mysql (MySQL, primary)",
        ],
    },
    Item {
        asks: "Explain: Communication process between the server and the user's computer.",
        section: "request-path",
        says: &[
            "http://www.foobar.com",
            "answers 8.8.8.8, the address of srv1",
            "TCP/IP connection to 8.8.8.8 on port 80",
            "srv1.nginx",
            "srv1.app",
            "srv1.mysql",
        ],
    },
    Item {
        asks: "Identify issues: SPOF.",
        section: "issues",
        says: &[
            "Single point of failure (SPOF)",
            "The server srv1 (web server, application server and database) carries every request",
        ],
    },
    Item {
        asks: "Identify issues: Downtime during maintenance.",
        section: "deployment",
        says: &[
            "every request goes through srv1",
            "maintenance means downtime",
        ],
    },
    Item {
        asks: "Identify issues: Inability to scale under heavy traffic.",
        section: "issues",
        says: &[
            "Cannot scale with more traffic",
            "srv1 runs the only instance of the web tier and the application tier",
        ],
    },
];

const TASK_1: &[Item] = &[
    Item {
        asks: "Explain: Role of each additional element.",
        section: "changes",
        says: &[
            "srv1 is now web1",
            "Added 2 servers: lb1 (load balancer) and web2",
            "lb1: a load balancer, spreading requests over web1 and web2",
            "web2: another instance of the web tier",
            "for redundancy",
        ],
    },
    Item {
        asks: "Explain: Load Balancer's distribution algorithm (e.g., Round Robin).",
        section: "load-balancing",
        says: &[
            "lb1.haproxy (HAProxy) spreads requests over 2 backends, web1 and web2, by round robin",
            "the second to web2",
        ],
    },
    Item {
        asks: "Explain: Active-Active vs. Active-Passive setup for the Load Balancer.",
        section: "active-active-passive",
        says: &[
            "Active-active: every instance serves",
            "Active-passive: one instance serves",
            "sends requests to both its backends, web1 and web2, at the same time: the pool is active-active",
            "The load balancer itself has no partner: lb1.haproxy",
        ],
    },
    Item {
        asks: "Explain: How the Primary-Replica cluster works.",
        section: "replication",
        says: &[
            "web1.mysql (MySQL, primary) is the primary",
            "web2.mysql is its replica",
            "binary log (binlog)",
        ],
    },
    Item {
        asks: "Explain: Differences between Primary and Replica.",
        section: "replication",
        says: &[
            "the primary accepts reads and writes",
            "a replica accepts only reads",
            "web2.app reads from web2.mysql",
        ],
    },
    Item {
        asks: "Identify issues: SPOFs.",
        section: "issues",
        says: &[
            "Single points of failure (SPOF)",
            "The load balancer lb1.haproxy carries every request",
            "The database web1.mysql is the only place writes can go",
        ],
    },
    Item {
        asks: "Identify issues: Security issues (no HTTPS, no firewalls).",
        section: "issues",
        says: &[
            "No HTTPS",
            "Users reach lb1.haproxy over plain HTTP",
            "No firewall",
            "lb1 is reachable from the internet and no firewall protects it",
        ],
    },
    Item {
        asks: "Identify issues: No monitoring in place.",
        section: "issues",
        says: &[
            "No monitoring",
            "lb1, web1 and web2 run no monitoring agent",
        ],
    },
];

const TASK_2: &[Item] = &[
    Item {
        asks: "Explain: Purpose of each added element (firewalls, SSL, monitoring tools).",
        section: "changes",
        says: &[
            "fw_lb, fw_web1 and fw_web2: firewalls in front of lb1, web1 and web2",
            "www_cert: a TLS certificate, so lb1.haproxy can serve HTTPS",
            "lb1.sumo, web1.sumo and web2.sumo: monitoring on lb1, web1 and web2",
        ],
    },
    Item {
        asks: "Explain: Why HTTPS is important.",
        section: "https",
        says: &[
            "confidentiality",
            "integrity",
            "authentication",
            "TLS ends at lb1.haproxy (HAProxy) with the certificate www_cert",
        ],
    },
    Item {
        asks: "Explain: How monitoring collects data.",
        section: "monitoring",
        says: &[
            "Sumo Logic agents run on lb1, web1 and web2 and send their data to sumo_logic",
            "How the data is collected",
        ],
    },
    Item {
        asks: "Explain: How to monitor web server QPS.",
        section: "monitoring",
        says: &[
            "QPS (queries, or requests, per second) is monitored on lb1, web1 and web2",
            "on web1.nginx and web2.nginx, Nginx's stub_status page",
        ],
    },
    Item {
        asks: "Identify issues: Why SSL termination at the Load Balancer is problematic.",
        section: "issues",
        says: &[
            "SSL termination at the load balancer",
            "TLS ends at lb1.haproxy (HAProxy), and its requests to web1.nginx and web2.nginx cross the internal network in plain text",
        ],
    },
    Item {
        asks: "Identify issues: Single point of failure in the MySQL Primary server.",
        section: "issues",
        says: &[
            "The database web1.mysql is the only place writes can go",
            "let web2.mysql take over automatically",
        ],
    },
    Item {
        asks: "Identify issues: Challenges with all servers having the same components (web/app/db).",
        section: "issues",
        says: &[
            "Every tier on the same servers",
            "web1 and web2 each run their web server, application server and database on one machine",
        ],
    },
];

const TASK_3: &[Item] = &[
    Item {
        asks: "Explain: Why each new element was added.",
        section: "changes",
        says: &[
            "lbs and lb2: a cluster of lb1 and lb2",
            "they remove lb1.haproxy as a single point of failure",
            "app1 and db1: the application tier and the database tier each on a server of its own",
            "scaled alone",
            "tiers sharing web1 and web2",
        ],
    },
    Item {
        asks: "Explain: Differences between web servers and application servers.",
        section: "components",
        says: &[
            "Web server or application server",
            "A web server handles HTTP and HTTPS",
            "An application server runs the application's code",
            "web1.nginx → app1.app",
            "a web server delivers what already exists",
        ],
    },
];

#[test]
fn each_seed_task_answers_every_item_of_the_exercise_with_its_own_facts() {
    let tasks = [
        ("0-", TASK_0),
        ("1-", TASK_1),
        ("2-", TASK_2),
        ("3-", TASK_3),
    ];
    let designs: Vec<Checked> = tasks.iter().map(|(p, _)| checked(&example(p))).collect();
    let mut unanswered = Vec::new();
    for (i, (prefix, items)) in tasks.iter().enumerate() {
        let previous = i.checked_sub(1).map(|p| &designs[p]);
        let (doc, md) = writeup(&designs[i], previous);
        check_structure(&md).unwrap_or_else(|e| panic!("task {prefix}: {e}"));
        for item in *items {
            let text = plain(&doc, item.section);
            for needle in item.says {
                if !text.contains(needle) {
                    unanswered.push(format!(
                        "task {prefix} {:?}: {:?} missing from section {}",
                        item.asks, needle, item.section
                    ));
                }
            }
        }
    }
    assert!(unanswered.is_empty(), "{}", unanswered.join("\n"));
}

#[test]
fn the_seed_series_reads_well_and_talks_about_the_design_only() {
    let designs: Vec<Checked> = ["0-", "1-", "2-", "3-"]
        .iter()
        .map(|p| checked(&example(p)))
        .collect();
    for (i, c) in designs.iter().enumerate() {
        let (doc, md) = writeup(c, i.checked_sub(1).map(|p| &designs[p]));
        no_tool_talk(&md).unwrap_or_else(|e| panic!("task {i}: {e}"));
        reads_well(&md).unwrap_or_else(|e| panic!("task {i}: {e}"));
        reads_back(&doc, &md).unwrap_or_else(|e| panic!("task {i}: {e}"));
        // Identical members are described once: no paragraph twice.
        let paragraphs: Vec<String> = doc
            .sections
            .iter()
            .flat_map(|s| s.spans().into_iter().map(|p| p.plain()))
            .filter(|p| p.len() > 60)
            .collect();
        for (j, p) in paragraphs.iter().enumerate() {
            assert!(
                !paragraphs[..j].contains(p),
                "task {i} says this twice: {p}"
            );
        }
    }
}

// ---- every lint fixture ----

#[test]
fn every_lint_fixture_is_explained_with_one_subsection_per_kind_of_issue() {
    let dir = common::root().join("tests/lint");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect("fixtures")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "infra"))
        .collect();
    paths.sort();
    assert!(paths.len() > 40, "the fixtures are there");
    for path in paths {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(&path).expect("read");
        let c = checked(&text);
        let (doc, md) = writeup(&c, None);
        check_structure(&md).unwrap_or_else(|e| panic!("{name}: {e}\n{md}"));
        no_tool_talk(&md).unwrap_or_else(|e| panic!("{name}: {e}"));
        reads_well(&md).unwrap_or_else(|e| panic!("{name}: {e}"));
        reads_back(&doc, &md).unwrap_or_else(|e| panic!("{name}: {e}"));
        let issues = doc.section("issues").expect("issues");
        let kinds: std::collections::BTreeSet<&str> = c
            .findings
            .iter()
            .map(|f| f.rule)
            .filter(|r| *r != unused_suppression::NAME)
            .collect();
        assert_eq!(
            issues.subsections.len(),
            kinds.len(),
            "{name}: one subsection per kind of issue: {kinds:?}"
        );
        for sub in &issues.subsections {
            assert_eq!(
                sub.blocks.len(),
                1,
                "{name}: one paragraph for {:?}",
                sub.title
            );
        }
    }
}

// ---- random designs: never contradict the analysis ----

#[derive(Debug, Clone)]
struct Spec {
    balancers: usize,
    cluster: Option<(Option<&'static str>, bool)>,
    lb_mode: Option<&'static str>,
    health: bool,
    algorithm: Option<&'static str>,
    webs: usize,
    web_software: Option<&'static str>,
    apps: usize,
    dbs: usize,
    tls: u8,
    record: u8,
    agents: Option<&'static str>,
    firewalls: bool,
}

fn spec() -> impl Strategy<Value = Spec> {
    (
        (
            0usize..=2,
            proptest::option::of((
                proptest::option::of(prop_oneof![Just("active_passive"), Just("active_active")]),
                any::<bool>(),
            )),
            proptest::option::of(prop_oneof![Just("active_active"), Just("active_passive")]),
            any::<bool>(),
            proptest::option::of(prop_oneof![
                Just("round_robin"),
                Just("least_conn"),
                Just("source")
            ]),
        ),
        (
            0usize..=3,
            proptest::option::of(prop_oneof![Just("nginx"), Just("apache"), Just("caddy")]),
            0usize..=2,
            0usize..=2,
            0u8..3,
            0u8..5,
            proptest::option::of(prop_oneof![Just("qps"), Just("requests"), Just("cpu")]),
            any::<bool>(),
        ),
    )
        .prop_map(
            |(
                (balancers, cluster, lb_mode, health, algorithm),
                (webs, web_software, apps, dbs, tls, record, agents, firewalls),
            )| Spec {
                balancers,
                cluster: if balancers == 2 { cluster } else { None },
                lb_mode,
                health,
                algorithm,
                webs: if webs + apps == 0 { 1 } else { webs },
                web_software,
                apps,
                dbs,
                tls,
                record,
                agents,
                firewalls,
            },
        )
}

/// A design in `.infra` text from a spec.
fn design(s: &Spec) -> String {
    let mut out = String::from("title = \"Random design\"\n");
    let agent = |out: &mut String| {
        if let Some(metric) = s.agents {
            out.push_str(&format!(
                "  monitoring_agent agent {{ vendor = \"Datadog\", metrics = [{metric}] }}\n"
            ));
        }
    };
    let entry = match (s.balancers, s.cluster) {
        (0, _) => {
            if s.webs > 0 {
                "web1".to_string()
            } else {
                "app1".to_string()
            }
        }
        (2, Some(_)) => "lbs".to_string(),
        (1, _) => "lb1".to_string(),
        _ => "[lb1, lb2]".to_string(),
    };
    let record_target = if s.balancers == 2 && s.cluster.is_some_and(|c| c.1) {
        "203.0.113.10".to_string()
    } else {
        "203.0.113.1".to_string()
    };
    match s.record {
        0 => {}
        1 => out.push_str(&format!(
            "domain example.com {{ record www {{ type = A, value = {record_target} }} }}\n"
        )),
        2 => out.push_str(
            "domain example.com {\n  record www { type = CNAME, value = 203.0.113.1 }\n}\n",
        ),
        3 => out.push_str(&format!(
            "domain example.com {{\n  record www {{ type = CNAME, value = example.com }}\n  record @ {{ type = A, value = {record_target} }}\n}}\n"
        )),
        _ => out.push_str(
            "domain example.com { record www { type = A, value = 198.51.100.7 } }\n",
        ),
    }
    if s.tls > 0 {
        out.push_str("certificate cert { domains = [\"www.example.com\"] }\n");
    }
    let front_proto = if s.tls > 0 { "https" } else { "http" };
    for i in 1..=s.balancers {
        let ip = if i == 1 && !s.cluster.is_some_and(|c| c.1) {
            "public_ip = 203.0.113.1".to_string()
        } else {
            format!("ip = 10.0.0.{i}")
        };
        let mut attrs = vec!["software = haproxy".to_string()];
        if let Some(m) = s.lb_mode {
            attrs.push(format!("mode = {m}"));
        }
        if s.health {
            attrs.push("health_check = \"/health\"".into());
        }
        if let Some(a) = s.algorithm {
            attrs.push(format!("algorithm = {a}"));
        }
        if s.tls == 1 {
            attrs.push("tls = cert".into());
        }
        out.push_str(&format!(
            "server lb{i} {{\n  {ip}\n  load_balancer haproxy {{ {} }}\n",
            attrs.join(", ")
        ));
        agent(&mut out);
        out.push_str("}\n");
    }
    if let Some((mode, vip)) = s.cluster {
        let mut attrs = vec!["members = [lb1, lb2]".to_string()];
        if let Some(m) = mode {
            attrs.push(format!("mode = {m}"));
        }
        if vip {
            attrs.push("vip = 203.0.113.10".into());
        }
        out.push_str(&format!("cluster lbs {{ {} }}\n", attrs.join(", ")));
    }
    for i in 1..=s.webs {
        let ip = if s.balancers == 0 && i == 1 {
            "public_ip = 203.0.113.1".to_string()
        } else {
            format!("ip = 10.0.1.{i}")
        };
        let mut attrs = Vec::new();
        if let Some(sw) = s.web_software {
            attrs.push(format!("software = {sw}"));
        }
        if s.tls == 2 || (s.tls == 1 && s.balancers == 0) {
            attrs.push("tls = cert".into());
        }
        out.push_str(&format!(
            "server web{i} {{\n  {ip}\n  web_server w {{ {} }}\n",
            attrs.join(", ")
        ));
        agent(&mut out);
        out.push_str("}\n");
    }
    for i in 1..=s.apps {
        let ip = if s.balancers == 0 && s.webs == 0 && i == 1 {
            "public_ip = 203.0.113.1".to_string()
        } else {
            format!("ip = 10.0.2.{i}")
        };
        out.push_str(&format!(
            "server app{i} {{\n  {ip}\n  app_server a {{ runtime = gunicorn }}\n"
        ));
        agent(&mut out);
        out.push_str("}\n");
    }
    for i in 1..=s.dbs {
        let role = if i == 1 {
            "role = primary".to_string()
        } else {
            "role = replica, replica_of = db1.d".to_string()
        };
        out.push_str(&format!(
            "server db{i} {{\n  ip = 10.0.3.{i}\n  database d {{ engine = postgres, {role} }}\n}}\n"
        ));
    }
    if s.firewalls {
        out.push_str(&format!(
            "firewall edge {{\n  protects = {}\n  default = deny\n  allow {{ proto = [http, https], from = internet }}\n}}\n",
            if s.balancers > 0 {
                "[lb1".to_string() + if s.balancers == 2 { ", lb2]" } else { "]" }
            } else if s.webs > 0 {
                "web1".into()
            } else {
                "app1".into()
            }
        ));
    }
    out.push_str(&format!("internet -> {entry} : {front_proto}\n"));
    let webs: Vec<String> = (1..=s.webs).map(|i| format!("web{i}")).collect();
    let apps: Vec<String> = (1..=s.apps).map(|i| format!("app{i}")).collect();
    let behind_lb = if !webs.is_empty() { &webs } else { &apps };
    if s.balancers > 0 {
        let from = if s.cluster.is_some() {
            "lbs".to_string()
        } else {
            (1..=s.balancers)
                .map(|i| format!("lb{i}"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let from = if from.contains(',') {
            format!("[{from}]")
        } else {
            from
        };
        let proto = if s.tls == 2 { "https" } else { "http" };
        out.push_str(&format!("{from} -> [{}] : {proto}\n", behind_lb.join(", ")));
    }
    if !webs.is_empty() && !apps.is_empty() {
        out.push_str(&format!(
            "[{}] -> [{}] : http\n",
            webs.iter()
                .map(|w| format!("{w}.w"))
                .collect::<Vec<_>>()
                .join(", "),
            apps.iter()
                .map(|a| format!("{a}.a"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    let clients = if !apps.is_empty() { &apps } else { &webs };
    let comp = if !apps.is_empty() { "a" } else { "w" };
    if s.dbs > 0 {
        out.push_str(&format!(
            "[{}] -> db1 : postgres\n",
            clients
                .iter()
                .map(|c| format!("{c}.{comp}"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
        if s.dbs > 1 {
            out.push_str(&format!(
                "[{}] -> db2 : postgres {{ access = read }}\n",
                clients
                    .iter()
                    .map(|c| format!("{c}.{comp}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
    }
    out
}

/// Code spans in a line of Markdown, in order.
fn code_spans(line: &str) -> Vec<&str> {
    line.split('`').skip(1).step_by(2).collect()
}

fn agrees(c: &Checked) -> Result<(), String> {
    let (doc, md) = writeup(c, None);
    check_structure(&md)?;
    no_tool_talk(&md)?;
    reads_well(&md)?;
    reads_back(&doc, &md)?;
    let d = &c.design;
    let fired = |rule: &str, path: &str| {
        c.findings
            .iter()
            .any(|f| f.rule == rule && f.component == path)
    };
    // VIP present: never a virtual IP for a cluster that has none.
    for (_, node) in d.nodes_of(infrac::model::Kind::Cluster) {
        let name = &node.path;
        if node.attrs.ip("vip").is_none() {
            for claim in [
                format!("virtual IP of the cluster `{name}`"),
                format!("member of `{name}` holds the virtual IP"),
            ] {
                if md.contains(&claim) {
                    return Err(format!("{name} has no VIP, yet: {claim}"));
                }
            }
            let paragraph = md
                .lines()
                .find(|l| l.starts_with(&format!("The cluster `{name}` groups")))
                .unwrap_or_default();
            if paragraph.contains("behind the virtual IP") {
                return Err(format!("{name} has no VIP: {paragraph}"));
            }
            if fired(active_passive_without_vip::NAME, name)
                && !paragraph.contains("declares no virtual IP")
            {
                return Err(format!("active-passive {name} without VIP: {paragraph}"));
            }
        }
    }
    // What a record resolves to.
    for answer in resolution::answers(d) {
        let row = md
            .lines()
            .find(|l| l.starts_with(&format!("| `{}` |", answer.name)))
            .unwrap_or_default()
            .to_string();
        let last = row
            .trim_end_matches(" |")
            .rsplit(" | ")
            .next()
            .unwrap_or_default();
        let cname_to_ip = c
            .findings
            .iter()
            .any(|f| f.rule == cname_to_ip::NAME && f.node == Some(answer.record));
        if cname_to_ip && answer.resolves() {
            return Err(format!(
                "{}: a CNAME holding an IP cannot resolve",
                answer.name
            ));
        }
        if !answer.resolves() && answer.users.outside.is_none() {
            if last != "nothing" {
                return Err(format!(
                    "{} resolves to nothing, yet the table says {last:?}",
                    answer.name
                ));
            }
            let request = doc
                .section("request-path")
                .map(|s| s.plain())
                .unwrap_or_default();
            if request.contains("record answers") {
                return Err(format!(
                    "{} resolves to nothing, yet: {request}",
                    answer.name
                ));
            }
        } else if answer.resolves() {
            for host in &answer.users.hosts {
                let path = &d.node(*host).path;
                if !last.contains(&format!("`{path}`")) && answer.users.vip_of.is_none() {
                    return Err(format!(
                        "{} leads to {path}, the table says {last:?}",
                        answer.name
                    ));
                }
            }
        }
    }
    // Where TLS ends: only at the components the analysis names.
    let ends: Vec<String> = c
        .analysis
        .tls
        .terminations
        .iter()
        .map(|t| d.node(t.component).path.clone())
        .collect();
    for line in md.lines().filter(|l| l.starts_with("TLS ends at ")) {
        let end = [" with", ":", ", and", " without"]
            .iter()
            .filter_map(|d| line.find(d))
            .min()
            .unwrap_or(line.len());
        let head = &line[..end];
        for named in code_spans(head) {
            if !ends.iter().any(|e| e == named) {
                return Err(format!("TLS does not end at {named}: {line}"));
            }
        }
    }
    for t in &ends {
        if !md.contains(&format!("`{t}`")) || !md.contains("TLS ends at ") {
            return Err(format!("TLS ends at {t}, the write-up does not say so"));
        }
    }
    if c.findings
        .iter()
        .any(|f| f.rule == plaintext_behind_tls_termination::NAME)
        && !md.contains("**unencrypted**")
    {
        return Err("plain text behind TLS, not said".into());
    }
    // Which mode applies, with how many backends.
    for (lb, _) in d.nodes_of(infrac::model::Kind::LoadBalancer) {
        let pool = Pool::of(d, &c.analysis.traffic, lb);
        let path = &d.node(lb).path;
        let single = fired(single_backend::NAME, path);
        if single != (pool.backends.len() == 1) {
            return Err(format!(
                "{path}: single-backend {single}, the pool has {} backends",
                pool.backends.len()
            ));
        }
        let modes: Vec<&str> = md
            .lines()
            .filter(|l| {
                l.starts_with(&format!("`{path}`"))
                    && (l.contains(" backend") || l.contains("backends"))
            })
            .collect();
        for line in modes {
            let one = line.contains("one backend");
            if pool.backends.len() == 1
                && (line.contains("**active-active**")
                    || line.contains("both")
                    || line.contains("all "))
                && line.contains("at the same time")
            {
                return Err(format!("{path} has one backend: {line}"));
            }
            if pool.backends.len() > 1 && one {
                return Err(format!(
                    "{path} has {} backends: {line}",
                    pool.backends.len()
                ));
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]
    #[test]
    fn the_writeup_never_contradicts_the_analysis(s in spec()) {
        let text = design(&s);
        let c = checked(&text);
        if let Err(e) = agrees(&c) {
            return Err(TestCaseError::fail(format!("{e}\n--- design:\n{text}")));
        }
    }
}

// ---- the commands ----

fn seeds(test: Test) -> Test {
    test.write("0-simple_web_stack.infra", example("0-"))
        .write("1-distributed_web_infrastructure.infra", example("1-"))
        .write(
            "2-secured_and_monitored_web_infrastructure.infra",
            example("2-"),
        )
        .write("3-scale_up.infra", example("3-"))
}

const SERIES: [&str; 4] = [
    "0-simple_web_stack.infra",
    "1-distributed_web_infrastructure.infra",
    "2-secured_and_monitored_web_infrastructure.infra",
    "3-scale_up.infra",
];

#[test]
fn a_series_says_what_each_step_added_and_why() {
    let out = seeds(Test::new())
        .arg("explain")
        .arg("--series")
        .args(SERIES)
        .args(["-o", "out", "--today", "2026-11-23"])
        .run();
    assert_eq!(out.status, 0, "{}", out.stderr);
    let first = out.read("out/0-simple_web_stack.md");
    assert!(
        !first.contains("## What changed"),
        "the first step has no previous one"
    );
    assert!(first.contains("![Diagram of the design](0-simple_web_stack.svg)"));
    assert!(out.read("out/0-simple_web_stack.svg").starts_with("<svg"));
    let second = out.read("out/1-distributed_web_infrastructure.md");
    assert!(
        second.contains("## What changed since Simple web stack for www.foobar.com"),
        "{second}"
    );
    assert!(second.contains("Why each new element was added:"));
    let last = out.read("out/3-scale_up.md");
    assert!(
        last.contains("`lbs` and `lb2`: a cluster of `lb1` and `lb2`"),
        "{last}"
    );
    let out = seeds(Test::new())
        .arg("explain")
        .arg("--series")
        .args(SERIES)
        .run();
    assert_eq!(out.status, 3, "a series needs -o DIR: {}", out.stderr);
    assert!(out.stderr.contains("-o DIR"), "{}", out.stderr);
}

#[test]
fn the_handin_writes_the_exercise_answer_files_with_their_diagrams() {
    let out = seeds(Test::new())
        .args(["explain", "--series", "--handin"])
        .args(SERIES)
        .args(["-o", "web_infrastructure_design", "--today", "2026-11-23"])
        .run();
    assert_eq!(out.status, 0, "{}", out.stderr);
    for name in [
        "0-simple_web_stack",
        "1-distributed_web_infrastructure",
        "2-secured_and_monitored_web_infrastructure",
        "3-scale_up",
    ] {
        let text = out.read(&format!("web_infrastructure_design/{name}"));
        assert!(
            text.contains(&format!("![Diagram of the design]({name}.png)")),
            "{name} links its diagram"
        );
        let png = std::fs::read(
            out.dir
                .join(format!("web_infrastructure_design/{name}.png")),
        )
        .expect("the PNG beside it");
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "{name}.png is a PNG");
        no_tool_talk(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        check_structure(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
    // Without numbered file names, the names come from the step and the title.
    let out = Test::new()
        .write("a.infra", example("0-"))
        .write("b.infra", example("1-"))
        .args([
            "explain", "--series", "--handin", "a.infra", "b.infra", "-o", "hand",
        ])
        .run();
    assert_eq!(out.status, 0, "{}", out.stderr);
    assert!(
        out.read("hand/0-simple_web_stack")
            .contains("# Simple web stack")
    );
    assert!(
        out.dir
            .join("hand/1-distributed_web_infrastructure.png")
            .is_file()
    );
    let out = Test::new()
        .write("a.infra", example("0-"))
        .args(["explain", "--handin", "a.infra"])
        .run();
    assert_ne!(out.status, 0, "--handin needs --series");
}

/// `shards` sharded stacks behind one load balancer: a web server, an app server and a
/// primary-replica pair each.
fn fleet(shards: usize) -> String {
    let mut text = String::from(
        "title = \"Fleet\"\n\
         server lb { load_balancer haproxy { software = haproxy } }\n\
         internet -> lb : http\n",
    );
    for i in 0..shards {
        text.push_str(&format!(
            "server web{i} {{ web_server nginx {{ software = nginx }} }}\n\
             server app{i} {{ app_server app {{ runtime = gunicorn }} }}\n\
             server db{i}p {{ database mysql {{ engine = mysql, role = primary }} }}\n\
             server db{i}r {{ database mysql {{ engine = mysql, role = replica, replica_of = db{i}p.mysql }} }}\n\
             lb -> web{i} : http\n\
             web{i} -> app{i} : http\n\
             app{i} -> db{i}p : mysql\n\
             app{i} -> db{i}r : mysql {{ access = read }}\n"
        ));
    }
    text
}

#[test]
fn a_large_design_is_summarised_not_listed() {
    let c = checked(&fleet(25));
    let (doc, md) = writeup(&c, None);
    let servers = plain(&doc, "servers");
    assert!(
        servers.contains("This design has 101 servers."),
        "{servers}"
    );
    assert!(
        servers.contains("servers that run the same components share a row (5 rows)"),
        "{servers}"
    );
    // One row per kind of server, naming ten of the 25 web servers and counting the rest.
    let row = md
        .lines()
        .find(|l| l.starts_with("| `web0`"))
        .unwrap_or_else(|| panic!("no web row: {md}"));
    assert!(row.contains("`web9` and 15 others | 25 |"), "{row}");
    assert!(row.contains("web server `nginx` (Nginx)"), "{row}");
    assert!(!md.contains("`web10`,"), "web10 is counted, not named");

    let replication = plain(&doc, "replication");
    assert!(
        replication.contains("This design has 25 primaries"),
        "{replication}"
    );
    assert_eq!(
        replication.matches("If the primary fails").count()
            + replication.matches("if one of them fails").count(),
        1,
        "the failure is explained once for the 25 alike primaries: {replication}"
    );
    assert!(
        replication.contains("and 15 others: if one of them fails"),
        "{replication}"
    );
    reads_back(&doc, &md).unwrap_or_else(|e| panic!("{e}"));
    reads_well(&md).unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn a_small_design_lists_every_server_and_primary() {
    let c = checked(&fleet(3));
    let (doc, md) = writeup(&c, None);
    assert!(md.contains("| server | IP address | runs |"), "{md}");
    for name in ["`web2`", "`db2p`", "`db2r`"] {
        assert!(
            md.contains(&format!("| {name} |")),
            "{name} has its row: {md}"
        );
    }
    let replication = plain(&doc, "replication");
    assert_eq!(
        replication.matches("If the primary fails").count(),
        3,
        "each of three primaries has its own paragraphs: {replication}"
    );
}

#[test]
fn a_wide_cluster_s_hops_are_said_of_every_member() {
    // Three clustered load balancers, each to the same twenty web servers: the hops are
    // worked out once, for the first balancer, and said of all three.
    let mut text = String::from("title = \"Wide\"\n");
    for i in 0..3 {
        text.push_str(&format!(
            "server lb{i} {{ load_balancer haproxy {{ software = haproxy }} }}\n"
        ));
    }
    text.push_str("cluster lbs { members = [lb0, lb1, lb2], mode = active_active }\n");
    text.push_str("internet -> lbs : http\n");
    for i in 0..20 {
        text.push_str(&format!(
            "server web{i} {{ web_server nginx {{ software = nginx }}, \
             app_server app {{ runtime = gunicorn }} }}\n\
             lbs -> web{i}.nginx : http\nweb{i}.nginx -> web{i}.app : http\n"
        ));
    }
    let c = checked(&text);
    let (doc, _) = writeup(&c, None);
    let path = plain(&doc, "request-path");
    assert!(
        path.contains(
            "The active load balancer, lb0.haproxy, lb1.haproxy or lb2.haproxy, picks a \
             backend by round robin — web0.nginx, web1.nginx,"
        ),
        "every member is named as a sender: {path}"
    );
    assert!(path.contains("web9.nginx or 10 others"), "{path}");
    assert!(
        path.contains(
            "Each web server passes the dynamic part of the request to the \
             application server on its own machine"
        ),
        "the walk goes on past the balancers: {path}"
    );
}
