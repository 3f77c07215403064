//! What changed between two designs, told as a story: items added, removed and moved,
//! findings fixed and introduced — "the load balancer removed `srv1` as a single point of
//! failure, but `lb1.haproxy` is now one".
//!
//! Items are matched by their path; a component that disappears from one server and
//! appears under the same name and kind on another has *moved* (task 2 → 3 moves the
//! application from `web1` to `app1`), and its findings are compared under its new path.

use super::document::{Section, and_list, code};
use crate::lint::Finding;
use crate::model::{Design, Kind, NodeId};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// One design and its findings, as the diff sees it.
pub struct Side<'a> {
    pub design: &'a Design,
    pub findings: &'a [Finding],
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ItemChange {
    pub kind: &'static str,
    pub path: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Move {
    pub kind: &'static str,
    pub from: String,
    pub to: String,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct FindingChange {
    pub rule: &'static str,
    pub component: String,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diff {
    pub added: Vec<ItemChange>,
    pub removed: Vec<ItemChange>,
    pub moved: Vec<Move>,
    pub fixed: Vec<FindingChange>,
    pub introduced: Vec<FindingChange>,
    /// The change in sentences.
    pub story: Vec<String>,
}

/// Kinds worth telling about (not firewall rules, which are part of their firewall).
fn tracked(kind: Kind) -> bool {
    !matches!(kind, Kind::Allow | Kind::Deny | Kind::Internet)
}

fn items(d: &Design) -> BTreeMap<String, NodeId> {
    d.nodes()
        .filter(|(_, n)| tracked(n.kind))
        .map(|(id, n)| (n.path.clone(), id))
        .collect()
}

pub fn diff(old: &Side, new: &Side) -> Diff {
    let (before, after) = (items(old.design), items(new.design));
    let gone: Vec<&String> = before.keys().filter(|p| !after.contains_key(*p)).collect();
    let came: Vec<&String> = after.keys().filter(|p| !before.contains_key(*p)).collect();
    let kind_of = |d: &Design, map: &BTreeMap<String, NodeId>, p: &str| d.node(map[p]).kind;
    let name_of = |d: &Design, map: &BTreeMap<String, NodeId>, p: &str| d.node(map[p]).name.clone();

    // Moves: a component gone from one server and come, same kind and name, on another.
    let mut moved = Vec::new();
    let mut taken: BTreeSet<&String> = BTreeSet::new();
    let mut moved_from: BTreeSet<&String> = BTreeSet::new();
    for &old_path in &gone {
        let kind = kind_of(old.design, &before, old_path);
        if !kind.is_component() {
            continue;
        }
        let name = name_of(old.design, &before, old_path);
        let found = came.iter().copied().find(|&p| {
            !taken.contains(p)
                && kind_of(new.design, &after, p) == kind
                && name_of(new.design, &after, p) == name
        });
        if let Some(new_path) = found {
            taken.insert(new_path);
            moved_from.insert(old_path);
            moved.push(Move {
                kind: kind.keyword(),
                from: old_path.clone(),
                to: new_path.clone(),
            });
        }
    }
    let added: Vec<ItemChange> = came
        .iter()
        .filter(|p| !taken.contains(*p))
        .map(|p| ItemChange {
            kind: kind_of(new.design, &after, p).keyword(),
            path: (*p).clone(),
        })
        .collect();
    let removed: Vec<ItemChange> = gone
        .iter()
        .filter(|p| !moved_from.contains(*p))
        .map(|p| ItemChange {
            kind: kind_of(old.design, &before, p).keyword(),
            path: (*p).clone(),
        })
        .collect();

    // Findings, with old paths carried over their moves.
    let rename: BTreeMap<&str, &str> = moved
        .iter()
        .map(|m| (m.from.as_str(), m.to.as_str()))
        .collect();
    let key = |f: &Finding, renamed: bool| {
        let component = if renamed {
            rename
                .get(f.component.as_str())
                .map_or(f.component.clone(), |s| s.to_string())
        } else {
            f.component.clone()
        };
        (f.rule, component)
    };
    let old_keys: BTreeSet<(&str, String)> = old.findings.iter().map(|f| key(f, true)).collect();
    let new_keys: BTreeSet<(&str, String)> = new.findings.iter().map(|f| key(f, false)).collect();
    let change = |f: &Finding| FindingChange {
        rule: f.rule,
        component: f.component.clone(),
        message: f.message.clone(),
    };
    let fixed: Vec<FindingChange> = old
        .findings
        .iter()
        .filter(|f| !new_keys.contains(&key(f, true)))
        .map(change)
        .collect();
    let introduced: Vec<FindingChange> = new
        .findings
        .iter()
        .filter(|f| !old_keys.contains(&key(f, false)))
        .map(change)
        .collect();

    let mut diff = Diff {
        added,
        removed,
        moved,
        fixed,
        introduced,
        story: Vec::new(),
    };
    diff.story = story(&diff);
    diff
}

fn paths(list: &[String]) -> String {
    and_list(&list.iter().map(|p| code(p)).collect::<Vec<_>>())
}

/// What the added items are, in a phrase: "a load balancer (`lb1.haproxy`) and 2 servers".
fn additions(diff: &Diff) -> String {
    let mut by_kind: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for item in &diff.added {
        by_kind
            .entry(item.kind)
            .or_default()
            .push(item.path.clone());
    }
    let order = [
        "server",
        "cluster",
        "load_balancer",
        "web_server",
        "app_server",
        "database",
        "firewall",
        "certificate",
        "monitoring_agent",
        "service",
        "domain",
        "record",
    ];
    let phrases: Vec<String> = order
        .iter()
        .filter_map(|k| by_kind.get(k).map(|list| (k, list)))
        .map(|(k, list)| {
            let kind = Kind::from_keyword(k).unwrap_or(Kind::Server);
            if list.len() == 1 {
                format!("{} ({})", kind.noun(), code(&list[0]))
            } else {
                let noun = kind.noun().split_once(' ').map_or(*k, |(_, n)| n);
                format!("{} {noun}s ({})", list.len(), paths(list))
            }
        })
        .collect();
    and_list(&phrases)
}

fn story(diff: &Diff) -> Vec<String> {
    let mut story = Vec::new();
    if !diff.added.is_empty() {
        story.push(format!("Added {}.", additions(diff)));
    }
    if !diff.removed.is_empty() {
        let list: Vec<String> = diff.removed.iter().map(|i| i.path.clone()).collect();
        story.push(format!("Removed {}.", paths(&list)));
    }
    for m in &diff.moved {
        story.push(format!("{} moved to {}.", code(&m.from), code(&m.to)));
    }
    let spof = "single-point-of-failure";
    let fixed_spofs: Vec<String> = diff
        .fixed
        .iter()
        .filter(|f| f.rule == spof)
        .map(|f| f.component.clone())
        .collect();
    let new_spofs: Vec<String> = diff
        .introduced
        .iter()
        .filter(|f| f.rule == spof)
        .map(|f| f.component.clone())
        .collect();
    let cause = if diff.added.is_empty() {
        "The change"
    } else {
        "These additions"
    };
    match (fixed_spofs.is_empty(), new_spofs.is_empty()) {
        (false, false) => story.push(format!(
            "{cause} removed {} as a single point of failure, but {} {} now one.",
            paths(&fixed_spofs),
            paths(&new_spofs),
            if new_spofs.len() == 1 { "is" } else { "are" }
        )),
        (false, true) => story.push(format!(
            "{cause} removed {} as a single point of failure.",
            paths(&fixed_spofs)
        )),
        (true, false) => story.push(format!(
            "{} {} now a single point of failure.",
            paths(&new_spofs),
            if new_spofs.len() == 1 { "is" } else { "are" }
        )),
        (true, true) => {}
    }
    let others = |list: &[FindingChange]| -> Vec<String> {
        list.iter()
            .filter(|f| f.rule != spof)
            .map(|f| format!("{} on {}", code(f.rule), code(&f.component)))
            .collect()
    };
    let fixed = others(&diff.fixed);
    if !fixed.is_empty() {
        story.push(format!("Fixed: {}.", and_list(&fixed)));
    }
    let introduced = others(&diff.introduced);
    if !introduced.is_empty() {
        story.push(format!("New findings: {}.", and_list(&introduced)));
    }
    if story.is_empty() {
        story.push("Nothing changed that infrac can see.".to_string());
    }
    story
}

/// The diff as a document section.
pub fn section(diff: &Diff) -> Section {
    let mut s = Section::new("diff", "What changed");
    for line in &diff.story {
        s.para(line.clone());
    }
    let rows = |list: &[FindingChange]| -> Vec<Vec<String>> {
        list.iter()
            .map(|f| {
                vec![
                    code(f.rule),
                    code(&f.component),
                    f.message.replace('|', "\\|"),
                ]
            })
            .collect()
    };
    let head = || {
        vec![
            "rule".to_string(),
            "where".to_string(),
            "finding".to_string(),
        ]
    };
    let mut fixed = Section::new("fixed", "Findings fixed");
    fixed.table(head(), rows(&diff.fixed));
    let mut introduced = Section::new("introduced", "Findings introduced");
    introduced.table(head(), rows(&diff.introduced));
    s.subsections.push(fixed);
    s.subsections.push(introduced);
    s
}
