//! The writer of a [`Diff`]: what changed, told as a story — what was added and why,
//! what was removed and what that costs, which issues went away, which moved and which
//! are new. Used by `infrac diff` and by each write-up of a series.

use super::diff::{Diff, FindingChange, Move, Property, Reason};
use super::document::{Section, Spans, and_list, capitalized, code, link, spans};
use super::facts::{is_are, role, roles};
use super::sections::issues;
use crate::analysis::tier::Tier;
use crate::lint::rules::*;
use crate::model::{Design, Kind};
use std::collections::{BTreeMap, BTreeSet};

fn paths(list: &[String]) -> Spans {
    and_list(list.iter().map(|p| code(p.clone())))
}

/// What a server runs, from the design it is in: " (web server, application server and
/// database)".
fn runs(d: &Design, path: &str) -> Spans {
    let Some(id) = d.find(path) else {
        return Spans::new();
    };
    let parts: Vec<Spans> = d
        .children(id)
        .into_iter()
        .filter(|&c| Tier::of(d.node(c).kind).is_some())
        .map(|c| Spans::from(role(d.node(c).kind)))
        .collect();
    if parts.is_empty() {
        Spans::new()
    } else {
        spans![" (", and_list(parts), ")"]
    }
}

fn kind_of(keyword: &str) -> Kind {
    Kind::from_keyword(keyword).unwrap_or(Kind::Server)
}

/// Items grouped by kind: "2 servers, `lb1` (load balancer) and `web2` (…)".
fn items_phrase(d: &Design, items: &[(&'static str, String)], servers_run: bool) -> Spans {
    let mut by_kind: BTreeMap<Kind, Vec<String>> = BTreeMap::new();
    for (kind, path) in items {
        by_kind.entry(kind_of(kind)).or_default().push(path.clone());
    }
    let order = [
        Kind::Server,
        Kind::Cluster,
        Kind::LoadBalancer,
        Kind::WebServer,
        Kind::AppServer,
        Kind::Database,
        Kind::Firewall,
        Kind::Certificate,
        Kind::MonitoringAgent,
        Kind::Service,
        Kind::Domain,
        Kind::Record,
    ];
    let phrases: Vec<Spans> = order
        .iter()
        .filter_map(|k| by_kind.get(k).map(|list| (*k, list)))
        .map(|(k, list)| {
            let with_runs = k == Kind::Server && servers_run;
            let shown: Vec<Spans> = list
                .iter()
                .map(|p| {
                    if with_runs {
                        spans![code(p.clone()), runs(d, p)]
                    } else {
                        code(p.clone())
                    }
                })
                .collect();
            if list.len() == 1 {
                spans![super::facts::a_role(k), " ", and_list(shown)]
            } else {
                spans![format!("{} {}: ", list.len(), roles(k)), and_list(shown)]
            }
        })
        .collect();
    and_list(phrases)
}

/// The story, one paragraph per part of it.
pub fn story(diff: &Diff, old: &Design, new: &Design) -> Vec<Spans> {
    let mut story = Vec::new();
    // Components added on a server that was added come with it.
    let added_servers: BTreeSet<&str> = diff
        .added
        .iter()
        .filter(|i| i.kind == "server")
        .map(|i| i.path.as_str())
        .collect();
    let on_added = |path: &str| {
        path.split_once('.')
            .is_some_and(|(host, _)| added_servers.contains(host))
    };
    let added: Vec<(&'static str, String)> = diff
        .added
        .iter()
        .filter(|i| !(kind_of(i.kind).is_component() && on_added(&i.path)))
        .filter(|i| !matches!(i.kind, "domain" | "record"))
        .map(|i| (i.kind, i.path.clone()))
        .collect();
    let mut first = Spans::new();
    if !diff.renamed.is_empty() {
        let renames: Vec<Spans> = diff
            .renamed
            .iter()
            .map(|m| spans![code(m.from.clone()), " is now ", code(m.to.clone())])
            .collect();
        first.push(spans![and_list(renames), ". "]);
    }
    if !added.is_empty() {
        first.push(spans!["Added ", items_phrase(new, &added, true), "."]);
    }
    story.push(first);
    let removed_servers: BTreeSet<&str> = diff
        .removed
        .iter()
        .filter(|i| i.kind == "server")
        .map(|i| i.path.as_str())
        .collect();
    let removed: Vec<(&'static str, String)> = diff
        .removed
        .iter()
        .filter(|i| {
            !(kind_of(i.kind).is_component()
                && i.path
                    .split_once('.')
                    .is_some_and(|(h, _)| removed_servers.contains(h)))
        })
        .filter(|i| !matches!(i.kind, "domain" | "record"))
        .map(|i| (i.kind, i.path.clone()))
        .collect();
    if !removed.is_empty() {
        story.push(spans!["Removed ", items_phrase(old, &removed, true), "."]);
    }
    if !diff.moved.is_empty() {
        let moves: Vec<Spans> = diff.moved.iter().map(moved).collect();
        story.push(spans![capitalized(and_list(moves)), "."]);
    }
    // Tiers that lost instances, together when they went the same way.
    let mut shrank: Vec<((usize, usize), Vec<Tier>)> = Vec::new();
    for t in diff
        .tiers
        .iter()
        .filter(|t| t.after < t.before && t.after > 0)
    {
        match shrank.iter_mut().find(|(k, _)| *k == (t.before, t.after)) {
            Some((_, tiers)) => tiers.push(t.tier),
            None => shrank.push(((t.before, t.after), vec![t.tier])),
        }
    }
    for ((before, after), tiers) in shrank {
        let names = and_list(
            tiers
                .iter()
                .map(|t| Spans::from(format!("the {}", t.name()))),
        );
        story.push(spans![
            capitalized(names),
            format!(
                " went from {before} instances to {after}{}",
                if tiers.len() > 1 { " each" } else { "" }
            ),
            if after == 1 {
                ": nothing else can take over when that one fails."
            } else {
                "."
            }
        ]);
    }
    story.push(spof_story(diff));
    if !diff.moved_findings.is_empty() {
        let moves: Vec<Spans> = diff
            .moved_findings
            .iter()
            .map(|m| {
                spans![
                    issue_noun(m.rule),
                    " went from ",
                    code(m.from.clone()),
                    " to ",
                    code(m.to.clone())
                ]
            })
            .collect();
        story.push(spans![
            "Some issues moved with the role they concern to the item that took it over: ",
            and_list(moves),
            "."
        ]);
    }
    let others = |list: &[FindingChange]| -> Spans {
        let mut by_rule: Vec<(&'static str, Vec<String>)> = Vec::new();
        for f in list
            .iter()
            .filter(|f| f.rule != single_point_of_failure::NAME)
        {
            match by_rule.iter_mut().find(|(r, _)| *r == f.rule) {
                Some((_, l)) => l.push(f.component.clone()),
                None => by_rule.push((f.rule, vec![f.component.clone()])),
            }
        }
        and_list(
            by_rule
                .into_iter()
                .map(|(rule, items)| spans![issue_noun(rule), " on ", paths(&items)]),
        )
    };
    let fixed = others(&diff.fixed);
    if !fixed.is_empty() {
        story.push(spans!["Fixed: ", fixed, "."]);
    }
    let introduced = others(&diff.introduced);
    if !introduced.is_empty() {
        story.push(spans!["New issues: ", introduced, "."]);
    }
    story.retain(|p| !p.is_empty());
    if story.is_empty() {
        story.push("Nothing changed in the design's items or its issues.".into());
    }
    story
}

fn moved(m: &Move) -> Spans {
    spans![code(m.from.clone()), " moved to ", code(m.to.clone())]
}

/// Which single points of failure went away, which are new, and why.
fn spof_story(diff: &Diff) -> Spans {
    let (gone, new) = diff.spofs();
    let gone: Vec<String> = gone.iter().map(|f| f.component.clone()).collect();
    let new: Vec<String> = new.iter().map(|f| f.component.clone()).collect();
    let cause = if diff.added.is_empty() && diff.moved.is_empty() {
        "The change"
    } else {
        "These changes"
    };
    let shrank: Vec<Tier> = diff
        .tiers
        .iter()
        .filter(|t| t.after < t.before && t.after > 0)
        .map(|t| t.tier)
        .collect();
    let because = if !shrank.is_empty() && !new.is_empty() {
        let removed: Vec<String> = diff
            .removed
            .iter()
            .filter(|i| i.kind == "server")
            .map(|i| i.path.clone())
            .collect();
        if removed.is_empty() {
            spans![" — fewer instances are left in those tiers"]
        } else {
            spans![
                " — with ",
                paths(&removed),
                " removed, nothing backs them up"
            ]
        }
    } else {
        Spans::new()
    };
    match (gone.is_empty(), new.is_empty()) {
        (false, false) => spans![
            cause,
            " removed ",
            paths(&gone),
            " as a single point of failure, but ",
            paths(&new),
            " ",
            is_are(new.len()),
            " now one",
            because,
            "."
        ],
        (false, true) => spans![
            cause,
            " removed ",
            paths(&gone),
            " as a single point of failure."
        ],
        (true, false) => spans![
            paths(&new),
            " ",
            is_are(new.len()),
            " now ",
            if new.len() == 1 {
                "a single point of failure"
            } else {
                "single points of failure"
            },
            because,
            "."
        ],
        (true, true) => Spans::new(),
    }
}

/// Why each group of new elements was added, one bullet each.
pub fn reasons(diff: &Diff) -> Vec<Spans> {
    diff.reasons.iter().map(reason).collect()
}

fn reason(r: &Reason) -> Spans {
    let brings = match &r.brings {
        Property::LoadBalancing { backends } => spans![
            "a load balancer, spreading requests over ",
            paths(backends),
            if backends.len() > 1 {
                " so that one of them can fail, be maintained or be joined by more without \
                 users noticing"
            } else {
                ""
            }
        ],
        Property::Redundancy { tiers } => spans![
            "another instance of ",
            and_list(
                tiers
                    .iter()
                    .map(|t| Spans::from(format!("the {}", t.name())))
            ),
            ", for redundancy (one can fail while the other serves) and capacity (both \
             serve)"
        ],
        Property::Separation { tiers } => spans![
            and_list(
                tiers
                    .iter()
                    .map(|t| Spans::from(format!("the {}", t.name())))
            ),
            if tiers.len() == 1 {
                " on a server of its own"
            } else {
                " each on a server of its own"
            },
            ", so each tier can be scaled alone, no longer competes \
             for CPU, memory and disk with the others, and the database sits apart from the \
             servers users reach"
        ],
        Property::Failover { members } => spans![
            "a cluster of ",
            paths(members),
            ", so one takes over when the other fails"
        ],
        Property::Filtering { hosts } => spans![
            "firewalls in front of ",
            paths(hosts),
            ", letting through only the traffic each needs"
        ],
        Property::Encryption { components } => spans![
            "a TLS certificate, so ",
            if components.is_empty() {
                spans!["the site"]
            } else {
                paths(components)
            },
            " can serve HTTPS and users' traffic is encrypted"
        ],
        Property::Visibility { hosts } => spans![
            "monitoring on ",
            paths(hosts),
            ", so failures, full disks and traffic spikes are seen before users report them"
        ],
        Property::Other => Spans::new(),
    };
    let fixes = if r.fixes.is_empty() {
        Spans::new()
    } else {
        let mut by_rule: Vec<(&'static str, Vec<String>)> = Vec::new();
        for f in &r.fixes {
            match by_rule.iter_mut().find(|(rule, _)| *rule == f.rule) {
                Some((_, l)) => l.push(f.component.clone()),
                None => by_rule.push((f.rule, vec![f.component.clone()])),
            }
        }
        let parts = by_rule
            .into_iter()
            .map(|(rule, items)| fixed_phrase(rule, &items));
        spans![
            if r.items.len() == 1 {
                "; it removes "
            } else {
                "; they remove "
            },
            and_list(parts)
        ]
    };
    spans![paths(&r.items), ": ", brings, fixes, "."]
}

/// What removing one kind of issue means, in a phrase.
fn fixed_phrase(rule: &str, items: &[String]) -> Spans {
    let these = paths(items);
    match rule {
        single_point_of_failure::NAME => spans![these, " as a single point of failure"],
        cannot_scale_horizontally::NAME => spans!["the scaling limit of ", these],
        no_firewall::NAME => spans!["the lack of a firewall on ", these],
        no_https::NAME => spans!["plain HTTP at ", these],
        no_monitoring::NAME => spans!["the blind spot on ", these],
        colocated_tiers::NAME => spans!["the tiers sharing ", these],
        single_backend::NAME => spans!["the single backend of ", these],
        other => spans![issue_noun(other), " on ", these],
    }
}

/// A kind of issue as a noun phrase for a sentence: "the lack of a firewall".
fn issue_noun(rule: &str) -> Spans {
    match rule {
        single_point_of_failure::NAME => "the single point of failure".into(),
        cannot_scale_horizontally::NAME => "the scaling limit".into(),
        no_https::NAME => "plain HTTP".into(),
        no_firewall::NAME => "the lack of a firewall".into(),
        no_monitoring::NAME => "the lack of monitoring".into(),
        no_qps_metric::NAME => "the unmonitored request rate".into(),
        plaintext_behind_tls_termination::NAME => "SSL termination at the load balancer".into(),
        colocated_tiers::NAME => "tiers sharing a server".into(),
        single_backend::NAME => "a single backend".into(),
        no_health_check::NAME => "the missing health check".into(),
        active_passive_without_vip::NAME => "active-passive without a virtual IP".into(),
        other => {
            let title = issues::title(other, 1);
            let mut chars = title.chars();
            chars
                .next()
                .map(|c| c.to_lowercase().chain(chars).collect::<String>())
                .unwrap_or_default()
                .into()
        }
    }
}

/// The story as a section, for `infrac diff`: paragraphs, the reasons, and tables of the
/// findings fixed and introduced (rule names for tools and reviewers).
pub fn section(diff: &Diff, old: &Design, new: &Design) -> Section {
    let mut s = Section::new("diff", "What changed");
    for p in story(diff, old, new) {
        s.para(p);
    }
    let mut why = Section::new("why", "Why each new element is there");
    why.bullets(reasons(diff));
    s.sub(why);
    let rows = |list: &[FindingChange]| -> Vec<Vec<Spans>> {
        list.iter()
            .map(|f| {
                vec![
                    code(f.rule),
                    code(f.component.clone()),
                    issues::message(&f.message),
                ]
            })
            .collect()
    };
    let head = || vec!["rule", "where", "finding"];
    let mut fixed = Section::new("fixed", "Findings fixed");
    fixed.table(head(), rows(&diff.fixed));
    let mut introduced = Section::new("introduced", "Findings introduced");
    introduced.table(head(), rows(&diff.introduced));
    let mut moved = Section::new("moved-findings", "Findings moved");
    moved.table(
        vec!["rule", "from", "to"],
        diff.moved_findings
            .iter()
            .map(|m| vec![code(m.rule), code(m.from.clone()), code(m.to.clone())])
            .collect(),
    );
    s.sub(fixed);
    s.sub(introduced);
    s.sub(moved);
    s
}

/// The story for a write-up of a series: what changed since the previous design and
/// why, and a pointer to what remains (`remains`: whether anything does).
pub fn since(diff: &Diff, old: &Design, new: &Design, previous: &str, remains: bool) -> Section {
    let mut s = Section::new("changes", format!("What changed since {previous}"));
    for p in story(diff, old, new) {
        s.para(p);
    }
    let reasons = reasons(diff);
    if !reasons.is_empty() {
        s.para("Why each new element was added:");
        s.bullets(reasons);
    }
    s.para(if remains {
        spans![
            "What remains to fix is under ",
            link("Issues", "issues"),
            "."
        ]
    } else {
        spans!["Nothing remains to fix."]
    });
    s
}
