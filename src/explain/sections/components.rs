//! The role of each kind of component, in terms of this design's instances.

use super::super::context::Context;
use super::super::document::{Section, and_list};
use super::super::facts::{described, names};
use crate::model::Kind;

pub fn section(cx: &Context) -> Option<Section> {
    let d = cx.design;
    let mut s = Section::new("components", "What each component does");
    let list = |k: Kind| -> (usize, String) {
        let ids = cx.of(k);
        let shown: Vec<String> = ids.iter().map(|&id| described(d, id)).collect();
        (ids.len(), and_list(&shown))
    };
    let (n, lbs) = list(Kind::LoadBalancer);
    if n > 0 {
        s.para(format!(
            "**Load balancer** — {lbs}. It is the single address users connect to: it \
             accepts each connection and hands the request to one of the servers behind it, \
             spreading the load and skipping servers that fail their health check, so \
             servers can be added, removed or fail without users noticing."
        ));
    }
    let (n, webs) = list(Kind::WebServer);
    if n > 0 {
        s.para(format!(
            "**Web server** — {webs}. It speaks HTTP with the outside world: it receives \
             requests, serves static files (HTML, CSS, JavaScript, images) directly from \
             disk, and passes requests for dynamic pages to the application server, then \
             returns its answer to the client."
        ));
    }
    let (n, apps) = list(Kind::AppServer);
    if n > 0 {
        s.para(format!(
            "**Application server** — {apps}. It runs the site's code: it builds each \
             dynamic page, applies the business logic, and reads and writes the database. A \
             web server hands out files that already exist; an application server computes \
             the answer for this request, this user."
        ));
    }
    let (n, dbs) = list(Kind::Database);
    if n > 0 {
        s.para(format!(
            "**Database** — {dbs}. It stores the site's data (users, orders, posts) \
             durably and answers the application's queries; it is the only stateful part of \
             the stack, which is why its copies and its failover matter most."
        ));
    }
    let agents = cx.of(Kind::MonitoringAgent);
    if !agents.is_empty() {
        s.para(format!(
            "**Monitoring agent** — {}. A small program on each server that collects \
             metrics and logs and ships them to a monitoring service.",
            and_list(&names(d, &agents))
        ));
    }
    (!s.blocks.is_empty()).then_some(s)
}
