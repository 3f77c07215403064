//! The overview: what the design is, in one paragraph, and its diagram.

use super::super::context::Context;
use super::super::document::{Block, Section, and_list, count, text};
use super::super::facts::{components, pretty_name};
use crate::lint::Severity;
use crate::model::Kind;

pub fn section(cx: &Context) -> Section {
    let d = cx.design;
    let mut s = Section::new("overview", "Overview");
    let servers = cx.of(Kind::Server);
    let mut sentence = String::new();
    let names: Vec<String> = cx
        .analysis
        .dns
        .address_records()
        .map(|r| super::super::document::code(&r.fqdn))
        .collect();
    if let Some(description) = d.attrs.text("description") {
        sentence.push_str(&text(description));
        if !description.trim_end().ends_with('.') {
            sentence.push('.');
        }
        sentence.push(' ');
    }
    if names.is_empty() {
        sentence.push_str("This design");
    } else {
        sentence.push_str(&format!("This design serves {}", and_list(&names)));
    }
    if servers.is_empty() {
        sentence.push_str(if names.is_empty() {
            " has no servers yet"
        } else {
            " but has no servers yet"
        });
    } else {
        sentence.push_str(&format!(
            " with {}",
            count(servers.len(), "server", "servers")
        ));
    }
    let kinds: Vec<String> = [
        (Kind::LoadBalancer, "load balancer", "load balancers"),
        (Kind::WebServer, "web server", "web servers"),
        (Kind::AppServer, "application server", "application servers"),
        (Kind::Database, "database", "databases"),
        (
            Kind::MonitoringAgent,
            "monitoring agent",
            "monitoring agents",
        ),
        (Kind::Firewall, "firewall", "firewalls"),
        (Kind::Certificate, "TLS certificate", "TLS certificates"),
    ]
    .into_iter()
    .filter_map(|(k, one, many)| {
        let n = cx.of(k).len();
        (n > 0).then(|| count(n, one, many))
    })
    .collect();
    if !kinds.is_empty() {
        sentence.push_str(&format!(" running {}", and_list(&kinds)));
    }
    sentence.push('.');
    if let Some(stack) = lamp(cx) {
        sentence.push(' ');
        sentence.push_str(&stack);
    }
    s.para(sentence);
    let by = |sev| cx.findings.iter().filter(|f| f.severity == sev).count();
    let (errors, warnings) = (by(Severity::Error), by(Severity::Warning));
    s.para(if cx.findings.is_empty() {
        "infrac found no issues in it.".to_string()
    } else {
        format!(
            "infrac found {} and {} in it; each is explained under [Issues](#issues).",
            count(errors, "error", "errors"),
            count(warnings, "warning", "warnings"),
        )
    });
    if let Some(src) = &cx.diagram {
        s.blocks.push(Block::Image {
            alt: "Diagram of the design".into(),
            src: src.clone(),
        });
    }
    s
}

/// A server that runs a web server, an application and a database is the classic LAMP
/// stack; say so, with this design's own parts.
fn lamp(cx: &Context) -> Option<String> {
    let d = cx.design;
    cx.of(Kind::Server).into_iter().find_map(|server| {
        let parts = components(d, server);
        let find = |k: Kind| parts.iter().copied().find(|&c| d.node(c).kind == k);
        let (web, app, db) = (
            find(Kind::WebServer)?,
            find(Kind::AppServer)?,
            find(Kind::Database)?,
        );
        let soft = |id, key: &str| d.node(id).attrs.text(key).map(pretty_name);
        let web = soft(web, "software").unwrap_or_else(|| "a web server".into());
        let app = soft(app, "runtime").unwrap_or_else(|| "the application".into());
        let db = soft(db, "engine").unwrap_or_else(|| "a database".into());
        let os = d
            .node(server)
            .attrs
            .text("os")
            .map_or("Linux".to_string(), pretty_name);
        Some(format!(
            "`{}` holds a whole LAMP-style stack on one machine: {}, {}, {} and {}.",
            d.node(server).name,
            text(&os),
            text(&web),
            text(&db),
            text(&app)
        ))
    })
}
