//! The request path, step by step, from typing the URL to the response — walked on the
//! analysis's traffic graph (flows expanded to the components that carry them), with the
//! name's answer from the resolution and TLS where the analysis says it ends.

use super::super::context::Writeup;
use super::super::document::{Section, Spans, and_list, code, or_list, spans, thousands};
use super::super::facts::{described_all, name, name_list, roles, word};
use super::dns::whose;
use crate::analysis::journey::{Journey, usable};
use crate::analysis::traffic::Hop;
use crate::model::{Access, Design, Edge, Kind, NodeId};
use petgraph::Direction;
use petgraph::graph::NodeIndex;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// Hops followed from the users before the description stops.
const MAX_DEPTH: usize = 8;
/// Pairs listed one by one before they are summarised.
const MAX_PAIRS: usize = 6;

/// A hop of the request: who hands it to whom, over which flow.
type Pair = (NodeId, NodeId, Hop);

/// One step of the request: its hops, each sender's listed once for senders that send
/// alike. Expanding every member of a wide cluster to every backend would make the
/// section grow with members × backends.
#[derive(Default)]
struct Step {
    /// The hops, in sender order, of every sender not in `alike`'s lists.
    pairs: Vec<Pair>,
    /// Senders whose hops are those of the sender they are listed under.
    alike: HashMap<NodeId, Vec<NodeId>>,
}

impl Step {
    /// Every sender, in item order (the order of the step's level).
    fn senders(&self) -> Vec<NodeId> {
        let mut senders = dedup(self.pairs.iter().map(|p| p.0));
        senders.extend(self.alike.values().flatten().copied());
        senders.sort();
        senders
    }

    /// How many hops the step has, the alike senders' counted.
    fn count(&self) -> usize {
        let mut per_sender: HashMap<NodeId, usize> = HashMap::new();
        for p in &self.pairs {
            *per_sender.entry(p.0).or_default() += 1;
        }
        let alike: usize = self
            .alike
            .iter()
            .map(|(first, others)| others.len() * per_sender.get(first).copied().unwrap_or(0))
            .sum();
        self.pairs.len() + alike
    }

    /// Whether every alike sender is on its first's host: only then are its hops on
    /// one machine when its first's are.
    fn alike_share_hosts(&self, d: &Design) -> bool {
        self.alike
            .iter()
            .all(|(&first, others)| others.iter().all(|&o| d.host(o) == d.host(first)))
    }

    /// Whether an alike sender on another host than its first sends a hop unencrypted:
    /// its first's hop may stay on one machine, but that one crosses the network.
    fn alike_send_plain_elsewhere(&self, d: &Design) -> bool {
        self.alike.iter().any(|(&first, others)| {
            self.pairs.iter().any(|p| p.0 == first && !p.2.encrypted)
                && others.iter().any(|&o| d.host(o) != d.host(first))
        })
    }

    /// The first `n` hops, in sender order, as a list of every hop would give them.
    fn first(&self, n: usize) -> Vec<Pair> {
        let mut first_of: HashMap<NodeId, NodeId> = HashMap::new();
        for (&first, others) in &self.alike {
            for &other in others {
                first_of.insert(other, first);
            }
        }
        let mut out = Vec::new();
        for sender in self.senders() {
            let own = first_of.get(&sender).copied().unwrap_or(sender);
            for p in self.pairs.iter().filter(|p| p.0 == own) {
                if out.len() == n {
                    return out;
                }
                out.push((sender, p.1, p.2));
            }
        }
        out
    }
}

pub fn section(w: &Writeup) -> Option<Section> {
    let d = w.design;
    let traffic = &w.analysis.traffic;
    let entry = &w.analysis.entry;
    let first: Vec<(NodeId, Hop)> = traffic
        .outgoing(entry.start)
        .into_iter()
        .filter(|(to, hop)| {
            carries_requests(d, *to)
                && usable(d, entry, Journey::Requests, entry.start, *to, hop.access)
        })
        .collect();
    let hop = first.first()?.1;
    let mut s = Section::new("request-path", "How a request travels");
    let mut steps = Vec::new();
    let encrypted = first.iter().any(|(_, h)| h.encrypted);
    let answer = w.site_answer();
    let host = answer.map_or("the site's address".to_string(), |a| a.name.clone());
    steps.push(spans![
        "A user types ",
        code(format!(
            "{}://{host}",
            if encrypted { "https" } else { "http" }
        )),
        " in the browser."
    ]);
    if let Some(a) = answer {
        steps.push(dns_step(d, a));
    }
    let receivers: Vec<NodeId> = dedup(first.iter().map(|(to, _)| *to));
    steps.push(connect_step(w, &receivers, hop, encrypted));
    let mut level: BTreeSet<NodeId> = receivers.iter().copied().collect();
    let mut seen = level.clone();
    let mut tls_ended = encrypted;
    for _ in 0..MAX_DEPTH {
        let mut step = Step::default();
        // Members whose hops all leave through one junction (a cluster's load balancers)
        // send to the same items: their hops are listed once, for the first of them.
        let mut first_at: HashMap<NodeIndex, NodeId> = HashMap::new();
        for &from in &level {
            let junction = traffic
                .index_of(from)
                .and_then(|ix| traffic.only_junction(ix, Direction::Outgoing));
            if let Some(junction) = junction {
                if let Some(&first) = first_at.get(&junction) {
                    step.alike.entry(first).or_default().push(from);
                    continue;
                }
                first_at.insert(junction, from);
            }
            for (to, hop) in traffic.outgoing(from) {
                if carries_requests(d, to) && !seen.contains(&to) {
                    step.pairs.push((from, to, hop));
                }
            }
        }
        let pairs = &step.pairs;
        if pairs.is_empty() {
            break;
        }
        steps.push(hops_step(w, &step, tls_ended));
        tls_ended = tls_ended && pairs.iter().all(|p| p.2.encrypted);
        level = pairs.iter().map(|p| p.1).collect();
        seen.extend(level.iter().copied());
    }
    steps.push(
        "The answer travels back the same way, hop by hop, to the browser, which renders the \
         page."
            .into(),
    );
    s.steps(steps);
    Some(s)
}

/// Items a request can pass through: not monitoring agents, not outside services.
fn carries_requests(d: &Design, id: NodeId) -> bool {
    !matches!(d.node(id).kind, Kind::MonitoringAgent | Kind::Service)
}

/// The items in first-seen order, each once.
fn dedup(items: impl Iterator<Item = NodeId>) -> Vec<NodeId> {
    let mut seen = HashSet::new();
    items.filter(|&i| seen.insert(i)).collect()
}

/// The DNS lookup, as the resolution answers it.
fn dns_step(d: &Design, a: &crate::analysis::resolution::Answer) -> Spans {
    let ask = spans![
        "The browser asks a DNS resolver for ",
        code(a.name.clone()),
        ". "
    ];
    if !a.resolves() && a.users.outside.is_none() {
        let why = match &a.users.unresolved {
            Some(crate::analysis::resolution::Unresolved::CnameHoldsAddress(ip)) => spans![
                "Its CNAME record holds the address ",
                code(ip.to_string()),
                " where a name belongs, so the lookup finds nothing and the browser shows an \
                 error. With an A record holding that address instead, the request would \
                 go on as follows."
            ],
            _ => spans![
                "The name resolves to nothing, so the browser shows an error. Once the \
                 record leads to the site, the request goes on as follows."
            ],
        };
        return spans![ask, why];
    }
    let mut text = ask;
    if let Some(edge) = a.edge {
        text.push(spans![
            "The name is proxied: the answer is an address of ",
            name(d, edge),
            "'s edge, not of the site's own servers."
        ]);
        return text;
    }
    let kind = a.kind.to_ascii_uppercase();
    for alias in &a.users.aliases {
        text.push(spans![
            "The CNAME record sends it on to ",
            code(alias.clone()),
            ". "
        ]);
    }
    if let Some(outside) = &a.users.outside {
        text.push(spans![
            "The CNAME record sends it on to ",
            code(outside.clone()),
            ", outside this design, which answers for itself."
        ]);
        return text;
    }
    let record = if a.users.aliases.is_empty() {
        kind
    } else {
        "A".into()
    };
    let answered = and_list(a.users.addresses.iter().map(|ip| code(ip.to_string())));
    let managed = !a.users.hosts.is_empty() && a.users.hosts.iter().all(|&h| d.is_managed(h));
    if a.users.addresses.is_empty() && managed {
        text.push(spans![
            "It leads to ",
            name_list(d, &a.users.hosts),
            ", whose addresses the provider assigns; the resolver answers one of them."
        ]);
    } else if a.users.addresses.is_empty() {
        text.push(spans![
            "It leads to ",
            name_list(d, &a.users.hosts),
            ", whose address the design does not declare."
        ]);
    } else {
        text.push(spans![
            "The ",
            record,
            " record answers ",
            answered,
            ", ",
            whose(d, a),
            "."
        ]);
    }
    text
}

/// Connecting to the first receivers: TCP, then TLS where the analysis says it ends.
fn connect_step(w: &Writeup, receivers: &[NodeId], hop: Hop, encrypted: bool) -> Spans {
    let d = w.design;
    let protocol = match &d.graph[hop.flow] {
        Edge::Flow(f) => f.protocol.clone(),
        _ => None,
    };
    let port = protocol
        .as_ref()
        .and_then(|p| p.port)
        .map_or_else(String::new, |p| format!(" on port {p}"));
    let answer = w.site_answer().filter(|a| a.resolves());
    let cluster = answer.and_then(|a| a.users.vip_of).or_else(|| {
        answer
            .and_then(|a| a.users.hosts.first().copied())
            .filter(|&h| d.node(h).kind == Kind::Cluster)
    });
    let to = match (cluster, receivers) {
        (_, [one]) => described_all(d, &[*one]),
        (Some(c), many) if answer.is_some_and(|a| a.users.vip_of == Some(c)) => spans![
            "whichever member of ",
            name(d, c),
            " holds the virtual IP — ",
            or_list_or_one(d, many)
        ],
        (_, many) => spans!["one of ", or_list_or_one(d, many)],
    };
    let address = answer
        .and_then(|a| (a.users.addresses.len() == 1).then(|| a.users.addresses[0]))
        .map_or_else(|| spans!["the site"], |ip| code(ip.to_string()));
    if !encrypted {
        return spans![
            "The browser opens a TCP/IP connection to ",
            address,
            port,
            " and sends the HTTP request in plain text to ",
            to,
            ": anyone on the path can read or change it."
        ];
    }
    let terminations: Vec<_> = w
        .analysis
        .tls
        .terminations
        .iter()
        .filter(|t| receivers.contains(&t.component))
        .collect();
    let tls = match terminations.first() {
        Some(t) => {
            let cert = t.certificate.map_or_else(
                || {
                    if t.provider_certificate {
                        spans![" and presents the certificate its provider issues for the name"]
                    } else {
                        spans![", though it names no certificate"]
                    }
                },
                |c| {
                    let issuer = d
                        .node(c)
                        .attrs
                        .text("issuer")
                        .map_or_else(Spans::new, |i| spans![", signed by ", i.to_string()]);
                    spans![" and presents the certificate ", name(d, c), issuer]
                },
            );
            spans![
                ", which ends TLS",
                cert,
                "; the browser checks the certificate and both sides agree on keys, so \
                 everything between the browser and ",
                name(d, t.component),
                if receivers.len() > 1 {
                    " (or its partner)"
                } else {
                    ""
                },
                " is encrypted from here on"
            ]
        }
        None => spans![", which passes the encrypted connection on without decrypting it"],
    };
    spans![
        "The browser opens a TCP/IP connection to ",
        address,
        port,
        " and starts a TLS handshake (",
        code(protocol.map_or("https".to_string(), |p| p.name)),
        ") with ",
        to,
        tls,
        "."
    ]
}

/// What a sender of a kind does with the request.
fn verb(d: &Design, from: NodeId, to: NodeId) -> &'static str {
    match (d.node(from).kind, d.node(to).kind) {
        (Kind::LoadBalancer, _) => "forwards the request to",
        (Kind::WebServer, Kind::AppServer) => "passes the dynamic part of the request to",
        (Kind::AppServer, Kind::Database) | (Kind::WebServer, Kind::Database) => {
            "runs the code, which queries"
        }
        (Kind::AppServer, _) => "runs the code, which calls",
        (Kind::Database, Kind::Database) => "sends its changes to",
        _ => "hands it on to",
    }
}

fn protocol_of(d: &Design, hop: &Hop) -> Option<String> {
    match &d.graph[hop.flow] {
        Edge::Flow(f) => f.protocol.as_ref().map(|p| p.name.clone()),
        _ => None,
    }
}

/// One step: who hands the request to whom, over what, and whether it is still
/// encrypted.
fn hops_step(w: &Writeup, step: &Step, tls_so_far: bool) -> Spans {
    let d = w.design;
    let pairs = &step.pairs;
    let senders: Vec<NodeId> = step.senders();
    let receivers: Vec<NodeId> = dedup(pairs.iter().map(|p| p.1));
    let protocols: Vec<String> = {
        let set: BTreeSet<String> = pairs.iter().filter_map(|p| protocol_of(d, &p.2)).collect();
        set.into_iter().collect()
    };
    let over = if protocols.is_empty() {
        Spans::new()
    } else {
        spans![
            " over ",
            and_list(protocols.iter().map(|p| code(p.clone())))
        ]
    };
    let local = pairs.iter().all(|p| d.host(p.0) == d.host(p.1)) && step.alike_share_hosts(d);
    let plain_across = pairs
        .iter()
        .any(|p| !p.2.encrypted && d.host(p.0) != d.host(p.1))
        || step.alike_send_plain_elsewhere(d);
    let how = if local {
        spans![", on the same machine"]
    } else if plain_across && tls_so_far {
        let ends: HashSet<NodeId> = w
            .analysis
            .tls
            .terminations
            .iter()
            .map(|t| t.component)
            .collect();
        let ended_here = senders.iter().any(|s| ends.contains(s));
        if ended_here {
            spans![", in plain text across the network (TLS ended there)"]
        } else {
            spans![", in plain text across the network (TLS ended earlier)"]
        }
    } else if pairs.iter().all(|p| p.2.encrypted) {
        spans![", encrypted"]
    } else {
        Spans::new()
    };
    // A hop against the connection: the tunnel it reaches was opened from its server.
    let tunnel = receivers.iter().all(|&r| d.node(r).kind == Kind::Tunnel)
        && pairs.iter().all(|p| p.2.reversed);
    let how = match receivers.first().and_then(|&r| d.host(r)) {
        Some(host) if tunnel => {
            spans![how, ", back through the tunnel opened from ", name(d, host)]
        }
        _ => how,
    };
    let access = if senders.len() == 1 {
        access_note(d, pairs)
    } else {
        Spans::new()
    };
    let (from, to) = (pairs[0].0, pairs[0].1);
    let verb = verb(d, from, to);
    // Senders of one kind that all reach the same receivers read as one sender: "the
    // active load balancer", "each of `a` and `b`".
    let kind = d.node(from).kind;
    // The alike senders have their first's targets, and are of its kind.
    let mut targets: BTreeMap<NodeId, BTreeSet<NodeId>> = BTreeMap::new();
    for p in pairs {
        targets.entry(p.0).or_default().insert(p.1);
    }
    let all_targets: BTreeSet<NodeId> = receivers.iter().copied().collect();
    let same_targets = senders.iter().all(|s| d.node(*s).kind == kind)
        && targets.values().all(|t| t == &all_targets);
    let clustered = kind == Kind::LoadBalancer
        && senders
            .iter()
            .all(|&s| w.pool(s).and_then(|p| p.cluster).is_some());
    let who = if senders.len() == 1 {
        described_all(d, &senders)
    } else if clustered {
        spans![
            "The active load balancer, ",
            or_list(senders.iter().map(|&s| name(d, s))),
            ","
        ]
    } else {
        spans!["Each of ", name_list(d, &senders)]
    };
    if senders.len() == 1 || same_targets {
        let lead = match d.node(from).kind {
            Kind::LoadBalancer => {
                let algorithm = word(d, from, "algorithm").unwrap_or("round robin".into());
                // Backups receive requests only when the others fail: not a choice.
                let backups: Vec<NodeId> =
                    w.pool(from).map(|p| p.backups.clone()).unwrap_or_default();
                let serving: Vec<NodeId> = receivers
                    .iter()
                    .copied()
                    .filter(|&r| !backups.contains(&d.host(r).unwrap_or(r)))
                    .collect();
                // The receivers are distinct: those not serving are the backups'.
                let waiting: Vec<NodeId> = receivers
                    .iter()
                    .copied()
                    .filter(|&r| backups.contains(&d.host(r).unwrap_or(r)))
                    .collect();
                let spare = if waiting.is_empty() || serving.is_empty() {
                    Spans::new()
                } else {
                    spans![
                        " (",
                        name_list(d, &waiting),
                        " only once they all fail their health checks)"
                    ]
                };
                let instances: u32 = serving.iter().map(|&r| d.instances(r)).sum();
                let choice = if serving.len() > 1 {
                    spans![
                        " picks a backend by ",
                        algorithm,
                        " — ",
                        or_list(serving.iter().map(|&r| name(d, r))),
                        spare,
                        " — and forwards the request to it"
                    ]
                } else if instances > 1 {
                    let group = d.host(serving[0]).unwrap_or(serving[0]);
                    spans![
                        " picks one of the instances of the group ",
                        name(d, group),
                        format!(" ({instances} or more) by "),
                        algorithm,
                        spare,
                        " and forwards the request to its ",
                        name(d, serving[0])
                    ]
                } else if !serving.is_empty() {
                    spans![
                        " forwards the request to its only backend, ",
                        name(d, serving[0]),
                        spare,
                        ","
                    ]
                } else {
                    spans![
                        " forwards the request to its only backend, ",
                        name(d, receivers[0]),
                        ","
                    ]
                };
                return spans![who, choice, over, how, access, "."];
            }
            _ => spans![
                who,
                " ",
                verb,
                " ",
                if receivers.len() > 1 { "one of " } else { "" },
                or_list_or_one(d, &receivers)
            ],
        };
        return spans![lead, over, how, access, "."];
    }
    // Several senders of one kind, each to its own partner on its machine: say it once.
    let count = step.count();
    let one_each = senders.len() == count && local;
    let same_kind = senders.iter().all(|&s| d.node(s).kind == kind);
    let list: Vec<Spans> = step
        .first(MAX_PAIRS)
        .iter()
        .map(|(a, b, hop)| {
            let extra = match (d.node(*b).kind, hop.access) {
                (Kind::Database, Access::Read) => " (reads)",
                (Kind::Database, Access::ReadWrite) => " (reads and writes)",
                _ => "",
            };
            spans![name(d, *a), " → ", name(d, *b), extra]
        })
        .collect();
    let listed = if count > MAX_PAIRS {
        spans![
            and_list(list),
            format!(" and {} more", thousands(count - MAX_PAIRS))
        ]
    } else {
        and_list(list)
    };
    let subject = if clustered {
        spans!["The active load balancer"]
    } else if same_kind {
        spans!["Each ", super::super::facts::role(kind)]
    } else {
        spans!["Each of them"]
    };
    if one_each && same_kind {
        return spans![
            subject,
            " ",
            verb,
            " the ",
            super::super::facts::role(d.node(to).kind),
            " on its own machine",
            over,
            " (",
            listed,
            ")."
        ];
    }
    spans![
        subject,
        " ",
        verb,
        " ",
        roles_of(d, &receivers),
        over,
        how,
        ": ",
        listed,
        "."
    ]
}

/// "`a` (Nginx)", "`a` or `b` (both Nginx)", "`a` (MySQL, primary) or `b` (MySQL,
/// replica)".
fn or_list_or_one(d: &Design, ids: &[NodeId]) -> Spans {
    let runs: Vec<Option<String>> = ids
        .iter()
        .map(|&id| super::super::facts::runs(d, id).map(|s| s.plain()))
        .collect();
    let alike = runs.iter().all(|r| r == &runs[0]);
    match (ids, alike, &runs[0]) {
        ([_], _, _) => described_all(d, ids),
        (_, true, None) => or_list(ids.iter().map(|&r| name(d, r))),
        (_, true, Some(_)) => spans![
            or_list(ids.iter().map(|&r| name(d, r))),
            " (",
            if ids.len() == 2 { "both " } else { "all " },
            super::super::facts::runs(d, ids[0]).unwrap_or_default(),
            ")"
        ],
        _ => or_list(ids.iter().map(|&r| super::super::facts::described(d, r))),
    }
}

/// "the application servers", "the databases": what a step's receivers are.
fn roles_of(d: &Design, ids: &[NodeId]) -> Spans {
    let kind = d.node(ids[0]).kind;
    if ids.iter().all(|&i| d.node(i).kind == kind) {
        if ids.len() == 1 {
            spans!["the ", super::super::facts::role(kind)]
        } else {
            spans!["the ", roles(kind)]
        }
    } else {
        spans!["the next hop"]
    }
}

/// For one sender talking to databases: which flows read and which write.
fn access_note(d: &Design, pairs: &[Pair]) -> Spans {
    let to_db: Vec<&Pair> = pairs
        .iter()
        .filter(|p| d.node(p.1).kind == Kind::Database)
        .collect();
    if to_db.is_empty() {
        return Spans::new();
    }
    let reads: Vec<NodeId> = to_db
        .iter()
        .filter(|p| p.2.access == Access::Read)
        .map(|p| p.1)
        .collect();
    let writes: Vec<NodeId> = to_db
        .iter()
        .filter(|p| p.2.access == Access::ReadWrite)
        .map(|p| p.1)
        .collect();
    match (reads.is_empty(), writes.is_empty()) {
        (true, false) => spans![", reading and writing data"],
        (false, true) => spans![", reading data"],
        (false, false) => spans![
            "; writes go to ",
            name_list(d, &writes),
            ", reads may also use ",
            name_list(d, &reads)
        ],
        (true, true) => Spans::new(),
    }
}
