//! The role of each kind of component, in terms of this design's instances — and the
//! difference between a web server and an application server, with this design's own.

use super::super::context::Writeup;
use super::super::document::{Section, Spans, and_list, link, spans, strong};
use super::super::facts::{described_all, known, name, name_list, role};
use crate::analysis::pools::Pool;
use crate::analysis::shared;
use crate::analysis::traffic::Hop;
use crate::model::{Design, Edge, Kind, NodeId};

mod edges;
mod stores;

pub fn section(w: &Writeup) -> Option<Section> {
    let mut s = Section::new("components", "What each component does");
    let cdns = w.of(Kind::Cdn);
    if !cdns.is_empty() {
        s.para(edges::cdns(w, &cdns));
    }
    let tunnels = w.of(Kind::Tunnel);
    if !tunnels.is_empty() {
        s.para(edges::tunnels(w, &tunnels));
    }
    let lbs = w.of(Kind::LoadBalancer);
    if !lbs.is_empty() {
        s.para(balancers(w, &lbs));
    }
    let webs = w.of(Kind::WebServer);
    if !webs.is_empty() {
        s.para(spans![
            strong("Web server"),
            " — ",
            described_all(w.design, &webs),
            what_it_is(w, &webs),
            ". ",
            each(webs.len()),
            " speaks HTTP: it receives requests, serves static files (HTML, CSS, \
             JavaScript, images) straight from disk, and hands requests for dynamic pages \
             to the application server, then returns the answer to the client."
        ]);
    }
    let apps = w.of(Kind::AppServer);
    if !apps.is_empty() {
        s.para(spans![
            strong("Application server"),
            " — ",
            described_all(w.design, &apps),
            what_it_is(w, &apps),
            ". ",
            each(apps.len()),
            " runs the site's code: it builds the dynamic pages, applies the business \
             logic, and reads and writes the database."
        ]);
    }
    let dbs = w.of(Kind::Database);
    if !dbs.is_empty() {
        s.para(spans![
            strong("Database"),
            " — ",
            described_all(w.design, &dbs),
            what_it_is(w, &dbs),
            ". ",
            each(dbs.len()),
            " stores the site's data (accounts, orders, posts) durably and answers the \
             application's queries. It is the part of the stack that holds state, which is \
             why its copies and its failover matter most."
        ]);
    }
    let caches = w.of(Kind::Cache);
    if !caches.is_empty() {
        s.para(stores::caches(w, &caches));
    }
    let queues = w.of(Kind::Queue);
    if !queues.is_empty() {
        s.para(stores::queues(w, &queues));
    }
    let object_stores = w.of(Kind::ObjectStore);
    if !object_stores.is_empty() {
        s.para(stores::object_stores(w, &object_stores));
    }
    let agents = w.of(Kind::MonitoringAgent);
    if !agents.is_empty() {
        let hosts: Vec<NodeId> = agents.iter().filter_map(|&a| w.design.host(a)).collect();
        let on = if hosts.len() == 1 {
            spans!["on ", name_list(w.design, &hosts)]
        } else {
            spans!["one on each of ", name_list(w.design, &hosts)]
        };
        s.para(spans![
            strong("Monitoring agent"),
            " — ",
            name_list(w.design, &agents),
            ", ",
            on,
            ". A small program that collects the server's metrics and logs and ships them \
             to a monitoring service (see ",
            link("Monitoring", "monitoring"),
            ")."
        ]);
    }
    s.sub(web_against_app(w, &webs, &apps));
    (!s.is_empty()).then_some(s)
}

/// ", run by aws" for a provider's services, when every one names the same provider.
fn run_by(w: &Writeup, ids: &[NodeId]) -> Spans {
    let d = w.design;
    let providers: Vec<Option<&str>> = ids
        .iter()
        .map(|&id| {
            d.is_managed(id)
                .then(|| d.node(id).attrs.text("provider"))
                .flatten()
        })
        .collect();
    match providers.first() {
        Some(Some(first)) if providers.iter().all(|p| p == &Some(*first)) => {
            spans![", run by ", *first]
        }
        _ => Spans::new(),
    }
}

/// The protocol a hop's flow names, if it names one.
fn flow_protocol(d: &Design, hop: &Hop) -> Option<String> {
    match &d.graph[hop.flow] {
        Edge::Flow(f) => f.protocol.as_ref().map(|p| p.name.clone()),
        _ => None,
    }
}

/// The subject of a sentence about one instance or each of several.
fn each(n: usize) -> &'static str {
    if n == 1 { "It" } else { "Each" }
}

/// "(Gunicorn, a Python WSGI application server)" — what well-known software is.
fn what_it_is(w: &Writeup, ids: &[NodeId]) -> Spans {
    let kinds: Vec<_> = ids.iter().map(|&id| known(w.design, id)).collect();
    match kinds.first() {
        Some(Some(first)) if kinds.iter().all(|k| k == &Some(*first)) => {
            spans![": ", first.display(), " is ", first.what()]
        }
        _ => Spans::new(),
    }
}

/// The load balancers: what they spread requests over, from their pools.
fn balancers(w: &Writeup, lbs: &[NodeId]) -> Spans {
    let d = w.design;
    // Pools without backups read their (often shared) backend lists once each.
    let (plain, with_backups): (Vec<&Pool>, Vec<&Pool>) =
        w.pools.iter().partition(|p| p.backups.is_empty());
    let mut backends = shared::union(plain.iter().map(|p| &p.backends));
    backends.extend(with_backups.iter().flat_map(|p| p.active()));
    backends.sort();
    backends.dedup();
    let mut backups: Vec<NodeId> = w.pools.iter().flat_map(|p| p.backups.clone()).collect();
    backups.sort();
    backups.dedup();
    // An instance group of two or more is that many backends.
    let instances: u32 = backends.iter().map(|&b| d.instances(b)).sum();
    let spare = if backups.is_empty() {
        Spans::new()
    } else {
        spans![
            ", keeping ",
            name_list(d, &backups),
            " as a backup for when they all fail"
        ]
    };
    let spreads = match (backends.len(), instances) {
        (0, _) => spans![" has no backends yet."],
        (1, 1) => spans![
            " hands every request to its one backend, ",
            name_list(d, &backends),
            spare,
            "; with a second backend it would spread the load"
        ],
        (1, n) => spans![
            format!(" hands each request to one of the {n} or more instances of "),
            name_list(d, &backends),
            " — spreading the load",
            spare
        ],
        _ => spans![
            " hands each request to one of its backends — ",
            name_list(d, &backends),
            " — spreading the load",
            spare
        ],
    };
    let checked = lbs
        .iter()
        .all(|&lb| crate::analysis::rollout::health_checked(d, lb));
    let health = if instances > 1 && checked {
        ", and skips a backend that fails its health check, so a server can be added, \
         taken out for maintenance or fail without users noticing."
    } else if backends.is_empty() {
        ""
    } else {
        "."
    };
    let pair = w
        .pools
        .first()
        .and_then(|p| p.cluster)
        .filter(|_| lbs.len() > 1 && w.pools.iter().all(|p| p.cluster == w.pools[0].cluster));
    let front = match pair {
        Some(cluster) => {
            let standby = d.node(cluster).attrs.text("mode") == Some("active_passive");
            spans![
                " They form the cluster ",
                name(d, cluster),
                if standby {
                    ": one serves while the other stands by, and the one serving"
                } else {
                    ", and each"
                }
            ]
        }
        None if lbs.len() == 1 => spans![" Users' connections arrive here, and it"],
        None => spans![" Each"],
    };
    spans![
        strong("Load balancer"),
        " — ",
        described_all(d, lbs),
        what_it_is(w, lbs),
        ".",
        front,
        spreads,
        health
    ]
}

/// Web server against application server, as full as the exercise asks: what each does,
/// examples, and how the two work together here.
fn web_against_app(w: &Writeup, webs: &[NodeId], apps: &[NodeId]) -> Section {
    let d = w.design;
    let mut s = Section::new("web-vs-app", "Web server or application server");
    if webs.is_empty() && apps.is_empty() {
        return s;
    }
    let here = |ids: &[NodeId]| -> Spans {
        if ids.is_empty() {
            Spans::new()
        } else {
            spans![" Here: ", described_all(d, ids), "."]
        }
    };
    s.para(spans![
        strong("A web server"),
        " handles HTTP and HTTPS: it accepts connections, serves static content — files \
         that are the same for every visitor, such as HTML, CSS, JavaScript and images — \
         and acts as the front door, often as a reverse proxy in front of the code. \
         Examples: Nginx, Apache, Caddy.",
        here(webs)
    ]);
    s.para(spans![
        strong("An application server"),
        " runs the application's code in its runtime (Python, Ruby, Node.js, Java, PHP): \
         it executes the business logic, talks to the database and other services, and \
         builds dynamic content — a page made for this request and this user. Examples: \
         Gunicorn or uWSGI (Python), Puma (Ruby), PM2 or Node.js itself, Tomcat (Java), \
         PHP-FPM.",
        here(apps)
    ]);
    // How they work together, from the traffic graph: who hands requests to whom.
    let hops: Vec<(NodeId, NodeId)> = webs
        .iter()
        .flat_map(|&web| {
            w.analysis
                .traffic
                .outgoing(web)
                .into_iter()
                .filter(|(to, _)| d.node(*to).kind == Kind::AppServer)
                .map(move |(to, _)| (web, to))
        })
        .collect();
    let together = if !hops.is_empty() {
        let local = hops.iter().all(|&(a, b)| d.host(a) == d.host(b));
        let pairs: Vec<Spans> = hops
            .iter()
            .map(|&(a, b)| spans![name(d, a), " → ", name(d, b)])
            .collect();
        spans![
            "Here they work together the usual way: the web server receives every request, \
             answers the static ones itself and forwards the dynamic ones to the \
             application server (",
            and_list(pairs),
            if local {
                "), on the same machine"
            } else {
                "), each on its own server"
            },
            ". Each does what it is good at: the web server handles many slow client \
             connections cheaply, and the application server's workers only ever see \
             complete requests."
        ]
    } else if webs.is_empty() {
        let fronted = w
            .pools
            .iter()
            .any(|p| p.receivers.iter().any(|r| apps.contains(r)));
        spans![
            "This design has no separate web server: ",
            if fronted {
                "the load balancer sends requests straight to the application servers, \
                 which then serve their static files themselves too."
            } else {
                "the application server answers users directly and serves its static files \
                 itself."
            }
        ]
    } else if apps.is_empty() {
        spans!["This design has no application server: its web servers only serve files."]
    } else {
        spans![
            "In this design no flow goes from a web server to an application server, so \
             the two do not work together yet."
        ]
    };
    s.para(together);
    s.para(spans![
        "Keeping them apart pays off as a site grows: the web tier and the application tier \
         can be scaled separately (static traffic is cheap, application work is not), the \
         application server is never exposed to the internet directly, and a slow page \
         does not stop static files from being served. In short: a ",
        role(Kind::WebServer),
        " delivers what already exists; an ",
        role(Kind::AppServer),
        " computes what does not."
    ]);
    s
}
