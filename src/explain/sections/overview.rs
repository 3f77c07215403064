//! The overview: what the design is, in one paragraph, how many issues it has, and its
//! diagram.

use super::super::context::Writeup;
use super::super::document::{
    Block, Section, Spans, and_list, capitalized, code, count, link, spans,
};
use super::super::facts::{components, counted, known, product, role};
use super::super::software;
use super::issues;
use crate::lint::Severity;
use crate::model::Kind;

pub fn section(w: &Writeup) -> Section {
    let d = w.design;
    let mut s = Section::new("overview", "Overview");
    let mut text = Spans::new();
    if let Some(description) = d.attrs.text("description") {
        let description = description.trim();
        text.push(description);
        if !description.ends_with(['.', '!', '?']) {
            text.push(".");
        }
        text.push(" ");
    }
    let served: Vec<Spans> = w.answers.iter().map(|a| code(a.name.clone())).collect();
    let servers = w.of(Kind::Server);
    let groups = servers.iter().filter(|&&id| d.is_group(id)).count();
    text.push(if served.is_empty() {
        spans!["This design"]
    } else {
        spans!["This design serves ", and_list(served)]
    });
    text.push(match (servers.len(), groups) {
        (0, _) => " but has no servers yet".to_string(),
        (n, 0) => format!(" with {}", count(n, "server", "servers")),
        // An instance group is one block for several servers: say both.
        (n, g) => {
            let least: u32 = servers.iter().map(|&id| d.instances(id)).sum();
            let blocks = match n - g {
                0 => count(g, "instance group", "instance groups"),
                plain => format!(
                    "{} and {}",
                    count(plain, "server", "servers"),
                    count(g, "instance group", "instance groups")
                ),
            };
            format!(
                " with {blocks} (at least {})",
                count(least as usize, "server", "servers")
            )
        }
    });
    // What runs on the design's servers; providers' services are named apart.
    let kinds: Vec<Spans> = [
        Kind::LoadBalancer,
        Kind::WebServer,
        Kind::AppServer,
        Kind::Database,
        Kind::Cache,
        Kind::Queue,
        Kind::ObjectStore,
        Kind::Tunnel,
        Kind::MonitoringAgent,
        Kind::Firewall,
        Kind::Certificate,
    ]
    .into_iter()
    .filter_map(|k| {
        let n = w.of(k).into_iter().filter(|&id| !d.is_managed(id)).count();
        (n > 0).then(|| counted(n, k).into())
    })
    .collect();
    let running = !kinds.is_empty();
    if running {
        text.push(spans![" running ", and_list(kinds)]);
    }
    let managed: Vec<Spans> = d
        .nodes()
        .filter(|&(id, _)| d.is_managed(id))
        .map(|(_, n)| spans![code(n.path.clone()), format!(" ({})", role(n.kind))])
        .collect();
    if !managed.is_empty() {
        text.push(spans![
            if running { ", and using " } else { ", using " },
            if managed.len() == 1 {
                "a provider's service: "
            } else {
                "providers' services: "
            },
            and_list(managed)
        ]);
    }
    text.push(".");
    if let Some(stack) = stack(w) {
        text.push(" ");
        text.push(stack);
    }
    s.para(text);
    s.para(summary(w));
    s.blocks.push(Block::Diagram {
        alt: "Diagram of the design".into(),
        src: w.diagram.clone(),
    });
    s
}

/// How many issues, how serious, and where they are explained.
fn summary(w: &Writeup) -> Spans {
    let shown: Vec<_> = w
        .findings
        .iter()
        .filter(|f| issues::shown(f.rule))
        .collect();
    if shown.is_empty() {
        return "Nothing in it needs fixing.".into();
    }
    let by = |sev: Severity| shown.iter().filter(|f| f.severity == sev).count();
    let (must, should) = (
        by(Severity::Error),
        by(Severity::Warning) + by(Severity::Note),
    );
    let parts: Vec<Spans> = [
        (must, "needs fixing", "need fixing"),
        (should, "is worth improving", "are worth improving"),
    ]
    .into_iter()
    .filter(|(n, _, _)| *n > 0)
    .map(|(n, one, many)| {
        format!(
            "{} {}",
            count(n, "issue", "issues"),
            if n == 1 { one } else { many }
        )
        .into()
    })
    .collect();
    spans![
        capitalized(and_list(parts)),
        "; ",
        link("Issues", "issues"),
        if shown.len() == 1 {
            " explains it and how to fix it."
        } else {
            " explains each and how to fix it."
        }
    ]
}

/// Servers that run a web server, an application server and a database hold the classic
/// LAMP-style stack; say so, with this design's own software.
fn stack(w: &Writeup) -> Option<Spans> {
    let d = w.design;
    let full = |server| {
        let parts = components(d, server);
        let find = |k: Kind| parts.iter().copied().find(|&c| d.node(c).kind == k);
        Some((
            find(Kind::WebServer)?,
            find(Kind::AppServer)?,
            find(Kind::Database)?,
        ))
    };
    let servers: Vec<_> = w
        .of(Kind::Server)
        .into_iter()
        .filter(|&s| full(s).is_some())
        .collect();
    let first = *servers.first()?;
    let (web, app, db) = full(first)?;
    let soft =
        |id, kind| product(d, id).map_or_else(|| format!("a {}", role(kind)), software::display);
    let os = d
        .node(first)
        .attrs
        .text("os")
        .filter(|_| servers.len() == 1)
        .map(|os| spans![" on ", os.trim().to_string()])
        .unwrap_or_default();
    let apache = known(d, web) == Some(software::Software::Apache);
    let names = and_list(servers.iter().map(|&s| code(d.node(s).name.clone())));
    Some(spans![
        names,
        if servers.len() == 1 {
            " holds"
        } else {
            " each hold"
        },
        " a whole ",
        if apache { "LAMP" } else { "LAMP-style" },
        " stack on one machine",
        os,
        ": ",
        soft(web, Kind::WebServer),
        ", ",
        soft(app, Kind::AppServer),
        " and ",
        soft(db, Kind::Database),
        "."
    ])
}
