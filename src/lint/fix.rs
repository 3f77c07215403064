//! Fixes for findings whose fix is mechanical: one attribute to add or change, a stale
//! comment to delete — the edit makes the finding go away and the file still formats.
//! The language server offers them as quick fixes.
//!
//! | rule                | fix                                                     |
//! |---------------------|---------------------------------------------------------|
//! | no-https            | `redirect_to_https = true` on each receiver that can    |
//! | no-health-check     | `health_check = "/health"` (web-facing) or `= true`     |
//! | public-object-store | `public = false`                                        |
//! | cname-to-ip         | `type = A` (or `AAAA`)                                  |
//! | no-qps-metric       | `qps` added to the agent's `metrics`                    |
//! | unused-suppression  | the comment deleted                                     |
//!
//! The other rules ask for a decision (which backend is the backup, which range may
//! reach SSH, which zone takes the replica): no edit could be right for every design.

use super::finding::Finding;
use super::rules::{
    UNUSED_SUPPRESSION, cname_to_ip, no_health_check, no_https, no_qps_metric, public_object_store,
};
use crate::Checked;
use crate::analysis::traffic::{expand, web_facing};
use crate::model::endpoint::Role;
use crate::model::value::AttrValue;
use crate::model::{Design, Edge, NodeId};
use crate::span::Span;

/// What to do about one finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    /// Said in the editor's menu: "Add `health_check = true` to lb1.haproxy".
    pub title: String,
    pub edits: Vec<Edit>,
}

/// Replace `span` of the text with `text` (an empty span inserts).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub span: Span,
    pub text: String,
}

/// The fix for `finding` of the design `checked` was made from, whose text is `text`.
pub fn fix(finding: &Finding, checked: &Checked, text: &str) -> Option<Fix> {
    let design = &checked.design;
    match finding.rule {
        no_https::NAME => redirect(finding, design, text),
        no_health_check::NAME => {
            let id = finding.node?;
            let value = if web_facing(design, &checked.analysis.traffic, id) {
                "\"/health\""
            } else {
                "true"
            };
            one(design, text, id, "health_check", value)
        }
        public_object_store::NAME => {
            let id = finding.node?;
            design.node(id).attrs.attr("public")?;
            one(design, text, id, "public", "false")
        }
        cname_to_ip::NAME => {
            let id = finding.node?;
            let record_type = match design.node(id).attrs.get("value")? {
                AttrValue::Ip(ip) if ip.is_ipv6() => "AAAA",
                AttrValue::Ip(_) => "A",
                _ => return None,
            };
            one(design, text, id, "type", record_type)
        }
        no_qps_metric::NAME => add_qps(design, text, finding.node?),
        UNUSED_SUPPRESSION => Some(Fix {
            title: "Delete the unused suppression".into(),
            edits: vec![delete_comment(text, finding.span)],
        }),
        _ => None,
    }
}

/// `redirect_to_https = true` on every receiver of the plain-http flow that does not
/// redirect yet.
fn redirect(finding: &Finding, design: &Design, text: &str) -> Option<Fix> {
    let to = finding.node?;
    // The flows into the receiver, not all flows: this runs for every finding on every
    // check the language server makes.
    let flow = design
        .graph
        .edges_directed(to, petgraph::Direction::Incoming)
        .find_map(|e| match e.weight() {
            Edge::Flow(f) if f.span == finding.span => Some(f),
            _ => None,
        })?;
    let receivers = expand(design, to, Role::Receiver, flow.protocol.as_ref());
    // Only what can redirect (web servers, load balancers, CDNs…): an app server that
    // takes plain http needs a proxy in front, a decision no edit makes.
    if receivers.iter().any(|&r| {
        crate::model::schema::find(
            crate::model::schema::attributes(design.node(r).kind),
            "redirect_to_https",
        )
        .is_none()
    }) {
        return None;
    }
    let edits: Option<Vec<Edit>> = receivers
        .iter()
        .filter(|&&r| design.node(r).attrs.bool("redirect_to_https") != Some(true))
        .map(|&r| set(design, text, r, "redirect_to_https", "true"))
        .collect();
    let edits = edits.filter(|e| !e.is_empty())?;
    let names: Vec<&str> = receivers
        .iter()
        .map(|&r| design.node(r).path.as_str())
        .collect();
    Some(Fix {
        title: format!("Redirect http to https on {}", names.join(", ")),
        edits,
    })
}

fn one(design: &Design, text: &str, id: NodeId, key: &str, value: &str) -> Option<Fix> {
    Some(Fix {
        title: format!("Set `{key} = {value}` on {}", design.node(id).path),
        edits: vec![set(design, text, id, key, value)?],
    })
}

/// `qps` added to the agent's `metrics`, or `metrics = [qps]` when it has none.
fn add_qps(design: &Design, text: &str, agent: NodeId) -> Option<Fix> {
    let node = design.node(agent);
    let edit = match node.attrs.attr("metrics") {
        None => set(design, text, agent, "metrics", "[qps]")?,
        Some(attr) => {
            let written = text.get(attr.span.range())?;
            let (_, value) = written.split_once('=')?;
            let value = value.trim();
            let list = match value.strip_prefix('[').and_then(|v| v.strip_suffix(']')) {
                Some(inner) if inner.trim().is_empty() => "[qps]".to_string(),
                Some(inner) => format!("[{}, qps]", inner.trim().trim_end_matches(',')),
                None => format!("[{value}, qps]"),
            };
            Edit {
                span: attr.span,
                text: format!("metrics = {list}"),
            }
        }
    };
    Some(Fix {
        title: format!("Collect `qps` on {}", node.path),
        edits: vec![edit],
    })
}

/// The edit that makes `key = value` hold on the item: the attribute rewritten where it
/// is written, or added to the block — on a line of its own in a block of several
/// lines, after a comma in a one-line block.
fn set(design: &Design, text: &str, id: NodeId, key: &str, value: &str) -> Option<Edit> {
    let node = design.node(id);
    let statement = format!("{key} = {value}");
    if let Some(attr) = node.attrs.attr(key) {
        return Some(Edit {
            span: attr.span,
            text: statement,
        });
    }
    let block = text.get(node.span.range())?;
    if !block.ends_with('}') {
        return None;
    }
    let open = node.name_span.end() + text.get(node.name_span.end()..node.span.end())?.find('{')?;
    let close = node.span.end() - 1;
    let inner = text.get(open + 1..close)?;
    if inner.trim().is_empty() {
        return Some(Edit {
            span: Span::new(open + 1, close),
            text: format!(" {statement} "),
        });
    }
    let last = open + 1 + inner.trim_end().len();
    let separator = if inner.contains('\n') {
        let first = open + 1 + (inner.len() - inner.trim_start().len());
        let line_start = text[..first].rfind('\n').map_or(0, |i| i + 1);
        format!("\n{}", &text[line_start..first])
    } else if inner.trim_end().ends_with(',') {
        " ".to_string()
    } else {
        ", ".to_string()
    };
    Some(Edit {
        span: Span::new(last, last),
        text: format!("{separator}{statement}"),
    })
}

/// Delete a comment: its whole line when it stands alone, else it and the blanks before.
fn delete_comment(text: &str, comment: Span) -> Edit {
    let line_start = text[..comment.start()].rfind('\n').map_or(0, |i| i + 1);
    let before = &text[line_start..comment.start()];
    if before.trim().is_empty() {
        let end = text[comment.end()..]
            .find('\n')
            .map_or(text.len(), |i| comment.end() + i + 1);
        return Edit {
            span: Span::new(line_start, end),
            text: String::new(),
        };
    }
    let start = comment.start() - (before.len() - before.trim_end().len());
    Edit {
        span: Span::new(start, comment.end()),
        text: String::new(),
    }
}

/// `text` with `edits` (which do not overlap) applied.
pub fn apply(text: &str, edits: &[Edit]) -> String {
    let mut sorted: Vec<&Edit> = edits.iter().collect();
    sorted.sort_by_key(|e| std::cmp::Reverse(e.span.start()));
    let mut out = text.to_string();
    for edit in sorted {
        out.replace_range(edit.span.range(), &edit.text);
    }
    out
}
