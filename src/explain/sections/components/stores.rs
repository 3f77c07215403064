//! Where a design keeps things besides its database: a cache for fast reads, a queue
//! for work handed on, an object store for files. What each is, then who uses it here,
//! which copy it is, and whether losing it stops a journey — from the traffic graph,
//! the design's roles and the analysis's single points of failure.

use super::super::super::context::Writeup;
use super::super::super::document::{Spans, and_list, link, spans, strong};
use super::super::super::facts::{described_all, name, name_list};
use super::{each, run_by};
use crate::model::{Kind, NodeId};

/// **Cache** — what a cache is, and for each one who reads it, which copy it is and
/// whether it stands alone.
pub fn caches(w: &Writeup, caches: &[NodeId]) -> Spans {
    let d = w.design;
    let mut text = spans![
        strong("Cache"),
        " — ",
        described_all(d, caches),
        run_by(w, caches),
        ". A store kept in memory for answers that are expensive to make and asked for \
         often (sessions, rendered pages, query results): reading one takes well under \
         a millisecond, so the database is spared the repeated work. ",
        each(caches.len()),
        " holds copies, not the record: what is lost with it can be rebuilt from the \
         database, at the cost of a slower site while it refills."
    ];
    for &cache in caches {
        let readers = senders(w, cache);
        if !readers.is_empty() {
            text.push(spans![
                " ",
                name_list(d, &readers),
                " ",
                if readers.len() == 1 { "reads" } else { "read" },
                " from ",
                name(d, cache),
                " before going to the database, so some reads are served from memory."
            ]);
        }
        if let Some(primary) = d.node(cache).attrs.reference("replica_of") {
            text.push(spans![
                " ",
                name(d, cache),
                " is a replica of ",
                name(d, primary),
                ": it copies every change and can take over reads."
            ]);
        }
        text.push(alone(w, cache));
    }
    text
}

/// **Queue** — what a queue is, and for each one who puts work on it and who takes it
/// off.
pub fn queues(w: &Writeup, queues: &[NodeId]) -> Spans {
    let d = w.design;
    let mut text = spans![
        strong("Queue"),
        " — ",
        described_all(d, queues),
        run_by(w, queues),
        ". A broker that holds messages — jobs, events, orders — between the part that \
         produces them and the part that does the work: the producer hands a message \
         over and goes on without waiting, a burst of work waits in line instead of \
         overloading the workers, and a message is kept until a worker has dealt with it."
    ];
    for &queue in queues {
        let producers = senders(w, queue);
        // A consumer opens the connection and reads: the graph follows the work, from
        // the queue to the consumer, on a reversed hop.
        let consumers: Vec<NodeId> = w
            .analysis
            .traffic
            .outgoing(queue)
            .into_iter()
            .filter(|(_, hop)| hop.reversed)
            .map(|(to, _)| to)
            .collect();
        let put = (!producers.is_empty()).then(|| {
            spans![
                name_list(d, &producers),
                " ",
                if producers.len() == 1 { "puts" } else { "put" },
                " work on ",
                name(d, queue)
            ]
        });
        let take = (!consumers.is_empty()).then(|| {
            spans![
                name_list(d, &consumers),
                " ",
                if consumers.len() == 1 {
                    "takes"
                } else {
                    "take"
                },
                " it off and ",
                if consumers.len() == 1 { "does" } else { "do" },
                " it"
            ]
        });
        match (put, take) {
            (Some(p), Some(t)) => text.push(spans![" ", p, "; ", t, "."]),
            (Some(p), None) => text.push(spans![" ", p, "; nothing takes it off yet."]),
            (None, Some(t)) => text.push(spans![" ", t, "."]),
            (None, None) => &mut text,
        };
        text.push(alone(w, queue));
    }
    text
}

/// **Object store** — what one is, and for each who writes to it and who may read it.
pub fn object_stores(w: &Writeup, stores: &[NodeId]) -> Spans {
    let d = w.design;
    let mut text = spans![
        strong("Object store"),
        " — ",
        described_all(d, stores),
        run_by(w, stores),
        ". Storage for files — uploads, images, backups — kept as objects in buckets and \
         reached over HTTPS by name rather than as a disk. ",
        each(stores.len()),
        " keeps what must outlive any one server: the provider stores several copies, so \
         a lost machine loses no file."
    ];
    for &store in stores {
        let writers = senders(w, store);
        if !writers.is_empty() {
            text.push(spans![
                " ",
                name_list(d, &writers),
                " ",
                if writers.len() == 1 {
                    "stores"
                } else {
                    "store"
                },
                " files in ",
                name(d, store),
                "."
            ]);
        }
        text.push(match d.node(store).attrs.bool("public") {
            Some(true) => spans![
                " ",
                name(d, store),
                " is public: anyone on the internet can read what is in it (see ",
                link("Issues", "issues"),
                ")."
            ],
            Some(false) => spans![
                " ",
                name(d, store),
                " is private: only those holding its keys can read it."
            ],
            None => Spans::new(),
        });
    }
    text
}

/// Who sends work to `id` on ordinary hops (not a consumer reading, not a tunnel).
fn senders(w: &Writeup, id: NodeId) -> Vec<NodeId> {
    let d = w.design;
    let mut out: Vec<NodeId> = w
        .analysis
        .traffic
        .incoming(id)
        .into_iter()
        .filter(|(_, hop)| !hop.reversed)
        .map(|(from, _)| from)
        .filter(|&from| d.node(from).kind != Kind::Internet)
        .collect();
    out.dedup();
    out
}

/// " It is the only one: …" when the analysis found it a single point of failure.
fn alone(w: &Writeup, id: NodeId) -> Spans {
    // The finding names the server when the item is all its server runs.
    let host = w.design.host(id).unwrap_or(id);
    let spof =
        w.cx.analysis
            .spofs
            .iter()
            .find(|s| s.node == id || s.node == host);
    match spof {
        Some(s) => {
            let lost: Vec<Spans> = s.journeys.iter().map(|j| Spans::from(j.loss())).collect();
            spans![
                " ",
                name(w.design, id),
                " has no second copy: if it fails, ",
                and_list(lost),
                " fail (see ",
                link("Issues", "issues"),
                ")."
            ]
        }
        None => Spans::new(),
    }
}
