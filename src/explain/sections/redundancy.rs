//! Active-active or active-passive, as this design has it: each cluster with what its
//! virtual IP (or the lack of one) means, each load balancer's pool with the mode that
//! applies to its number of backends, and whether the balancer itself has a partner.

use super::super::context::Writeup;
use super::super::document::{Section, Spans, code, link, spans, strong};
use super::super::facts::{described_all, name, name_list};
use super::super::software::Software;
use crate::analysis::alike;
use crate::analysis::pools::{Mode, Pool};
use crate::model::{Design, Kind, NodeId};

pub fn section(w: &Writeup) -> Option<Section> {
    let d = w.design;
    let clusters = w.of(Kind::Cluster);
    let lbs = w.of(Kind::LoadBalancer);
    if clusters.is_empty() && lbs.is_empty() {
        return None;
    }
    let mut s = Section::new("active-active-passive", "Active-active or active-passive");
    s.para(spans![
        "Redundant instances can share the work in two ways. ",
        strong("Active-active"),
        ": every instance serves at the same time, so capacity adds up and a failure only \
         removes a share of it — but each must cope with the extra load when another \
         fails. ",
        strong("Active-passive"),
        ": one instance serves while the other stands by and takes over when the active \
         one fails, usually by claiming a virtual IP; capacity is that of one instance, \
         the standby sits idle, and the switch takes a few seconds."
    ]);
    for c in clusters {
        s.para(cluster(d, c));
    }
    let key = |lb: NodeId| w.pool(lb).map(|p| (p.backends.clone(), p.mode));
    for group in alike::groups(d, &lbs, key) {
        if let Some(pool) = w.pool(group[0]) {
            s.para(pool_mode(d, &group, pool));
        }
    }
    // A provider's balancer over two or more zones runs redundantly inside the provider.
    let spread = |lb: NodeId| d.is_managed(lb) && w.analysis.domains.zones_of(d, lb).len() > 1;
    let alone: Vec<NodeId> = w
        .pools
        .iter()
        .filter(|p| p.cluster.is_none() && !spread(p.balancer))
        .map(|p| p.balancer)
        .collect();
    for lb in w.pools.iter().map(|p| p.balancer).filter(|&lb| spread(lb)) {
        let zones = w.analysis.domains.zones_of(d, lb);
        s.para(spans![
            "The load balancer ",
            name(d, lb),
            " has no partner to declare: it is a provider's service over ",
            name_list(d, zones),
            ", which runs it on machines in each zone and replaces a failed one, so it \
             keeps answering when one zone goes down — active-active inside the provider."
        ]);
    }
    if !alone.is_empty() {
        let spof: Vec<NodeId> = alone.iter().copied().filter(|&lb| w.is_spof(lb)).collect();
        let mut text = spans![
            "The ",
            if alone.len() == 1 {
                "load balancer itself has"
            } else {
                "load balancers themselves have"
            },
            " no partner: ",
            name_list(d, &alone),
            if alone.len() == 1 {
                " runs alone on its machine"
            } else {
                " each run alone on their machine"
            },
            ", neither active-active nor active-passive."
        ];
        if !spof.is_empty() {
            text.push(spans![
                " Every request goes through ",
                name_list(d, &spof),
                ": a second load balancer, clustered active-passive behind a virtual IP, \
                 removes that single point of failure (see ",
                link("Issues", "issues"),
                ")."
            ]);
        }
        s.para(text);
    }
    Some(s)
}

/// A cluster: its members, its mode, and what its virtual IP — or its lack of one — does.
fn cluster(d: &Design, c: NodeId) -> Spans {
    let node = d.node(c);
    let members = d.members(c);
    let vip = node.attrs.ip("vip");
    let manager = node.attrs.text("software").map_or_else(Spans::new, |sw| {
        let what = Software::of(sw).map_or_else(Spans::new, |k| spans![", ", k.what()]);
        spans![", managed by ", code(sw.to_string()), what]
    });
    let behind = vip.map_or_else(Spans::new, |ip| {
        spans![" behind the virtual IP ", code(ip.to_string())]
    });
    let lead = spans![
        "The cluster ",
        name(d, c),
        " groups ",
        name_list(d, &members)
    ];
    match (node.attrs.text("mode"), vip) {
        (Some("active_passive"), Some(_)) => spans![
            lead,
            " ",
            strong("active-passive"),
            behind,
            manager,
            ": one member holds the address and serves; the other watches it and claims \
             the address when it stops answering, so clients keep connecting to the same \
             address. \
             Active-active would put both to work at once (DNS or a front balancer spreading \
             requests over their own addresses), doubling capacity, as long as each can \
             carry the whole load alone when the other fails."
        ],
        (Some("active_passive"), None) => spans![
            lead,
            " ",
            strong("active-passive"),
            manager,
            ", but declares no virtual IP: there is no shared address for the standby to \
             take over, so when the active member fails, users and DNS keep going to its \
             address and the failover does nothing (see ",
            link("Issues", "issues"),
            ")."
        ],
        (Some("active_active"), _) => spans![
            lead,
            " ",
            strong("active-active"),
            behind,
            manager,
            ": every member serves at once. Active-passive would keep one idle as a hot \
             spare: simpler to reason about, half the capacity."
        ],
        _ => spans![
            lead,
            behind,
            manager,
            " without declaring a mode: it is not said whether they serve together or one \
             waits for the other."
        ],
    }
}

/// The mode a pool applies, with the number of backends it applies to (an instance
/// group counts as its minimum), and its backups.
fn pool_mode(d: &Design, group: &[NodeId], pool: &Pool) -> Spans {
    let who = described_all(d, group);
    let active = pool.active();
    let grouped = active.iter().any(|&b| d.is_group(b));
    let n = pool.instances(d) as usize;
    let backends = name_list(d, &active);
    let default = if pool.mode_declared || !pool.backups.is_empty() {
        ""
    } else {
        " (no mode is declared: every backend takes requests)"
    };
    let its = if group.len() == 1 { "its" } else { "their" };
    let backups = if pool.backups.is_empty() {
        spans![
            ". In active-passive, backups would only receive traffic once the active \
             backends fail their health checks."
        ]
    } else {
        spans![
            ", and ",
            name_list(d, &pool.backups),
            " waits as a backup: the pool is active-passive towards it, which receives \
             traffic only once the active backends fail their health checks."
        ]
    };
    match (n, pool.mode) {
        (0, _) => spans![who, " has no backends yet, so no mode applies."],
        (1, _) => spans![
            who,
            if group.len() == 1 { " has" } else { " have" },
            " one backend, ",
            backends,
            ": there is nothing to share or to fail over to, so the pool is neither \
             active-active nor active-passive until a second backend joins it."
        ],
        (_, Mode::ActiveActive) => spans![
            who,
            if group.len() == 1 { " sends" } else { " send" },
            if grouped {
                format!(" requests to every instance ({n} or more) of ")
            } else if n == 2 {
                format!(" requests to both {its} backends, ")
            } else {
                format!(" requests to all {n} of {its} backends, ")
            },
            backends,
            ", at the same time: the pool is ",
            strong("active-active"),
            default,
            backups
        ],
        (_, Mode::ActivePassive) => spans![
            who,
            if group.len() == 1 { " keeps" } else { " keep" },
            format!(" {its} {n} backends, "),
            backends,
            ", ",
            strong("active-passive"),
            ": backups wait and only receive traffic when the active ones fail their \
             health checks. Active-active would use every backend all the time."
        ],
    }
}
