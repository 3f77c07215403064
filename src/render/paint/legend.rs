//! The legend: a key to a simulated failure (what faded and outlined mean), then the
//! findings, numbered like their badges, with their messages. A picture drawn without
//! findings (`--no-findings`, the design to hand in) has no findings section at all: it
//! neither lists them nor claims there are none.
//!
//! Past [`LISTED`] findings the first ones are listed in full and the rest counted by
//! rule in one paragraph: a key of thousands of entries is taller than any diagram and
//! reads as noise, and `infrac check` lists every finding anyway.

use super::*;
use crate::numbers::thousands;

/// How many findings the legend lists in full.
pub const LISTED: usize = 40;

/// The key and the findings, numbered like their badges.
pub struct Legend {
    failure: bool,
    hidden: bool,
    entries: Vec<(usize, Severity, String, Vec<String>)>,
    /// The findings past [`LISTED`], counted by rule, as wrapped lines.
    rest: Vec<String>,
    pub height: f64,
}

/// The failure key: one line per mark.
const FAILURE_KEY: [(&str, &str); 3] = [
    (
        "down",
        "faded: taken down by the simulated failure, and what runs on it",
    ),
    (
        "cut-off",
        "red dashed outline: still up, but users can no longer reach it",
    ),
    (
        "broken",
        "faded line: a hop to or from something that is down",
    ),
];

impl Legend {
    pub fn new(scene: &Scene, width: f64) -> Legend {
        let text_width = (width - BADGE - 8.0).max(200.0);
        let failure = scene.failure_shown;
        let hidden = scene.findings_hidden;
        if hidden && !failure {
            return Legend {
                failure,
                hidden,
                entries: Vec::new(),
                rest: Vec::new(),
                height: 0.0,
            };
        }
        let mut height = MARGIN;
        if failure {
            height += LINE + 6.0 + FAILURE_KEY.len() as f64 * (LINE + 4.0) + 10.0;
        }
        if !hidden {
            height += LINE + 6.0;
        }
        let markers = if hidden { &[][..] } else { &scene.markers[..] };
        let entries: Vec<_> = markers
            .iter()
            .take(LISTED)
            .map(|m| {
                let head = format!("{} {} — {}", m.severity.name(), m.rule, m.component);
                // Messages quote names in Markdown backticks; a picture has no code font.
                let lines = text::wrap(&m.message.replace('`', ""), SMALL, text_width);
                height += LINE * (1 + lines.len()) as f64 + 6.0;
                (m.number, m.severity, head, lines)
            })
            .collect();
        if entries.is_empty() && !hidden {
            height += LINE;
        }
        let rest = markers
            .get(LISTED..)
            .filter(|rest| !rest.is_empty())
            .map_or_else(Vec::new, |rest| {
                text::wrap(&counted(rest, markers.len()), SMALL, width.max(200.0))
            });
        if !rest.is_empty() {
            height += LINE * rest.len() as f64 + 6.0;
        }
        Legend {
            failure,
            hidden,
            entries,
            rest,
            height: height + MARGIN,
        }
    }

    pub fn paint(&self, theme: &Theme, top: f64) -> Element {
        let mut g = Group::new().set("class", "legend");
        if self.height == 0.0 {
            return g;
        }
        let mut y = top + MARGIN + LINE * 0.8;
        if self.failure {
            g = g.add(
                label("Simulated failure", MARGIN, y, TITLE, theme.text).set("font-weight", "bold"),
            );
            y += LINE + 6.0;
            for (mark, text) in FAILURE_KEY {
                g = g.add(sample(mark, MARGIN, y - 10.0, theme));
                g = g.add(label(text, MARGIN + 40.0, y, SMALL, theme.muted));
                y += LINE + 4.0;
            }
            y += 10.0;
        }
        if self.hidden {
            return g;
        }
        let heading = if self.entries.is_empty() {
            "Findings: none"
        } else {
            "Findings"
        };
        g = g.add(label(heading, MARGIN, y, TITLE, theme.text).set("font-weight", "bold"));
        y += LINE + 6.0;
        for (number, severity, head, lines) in &self.entries {
            g = g.add(badge(
                *number,
                MARGIN + BADGE / 2.0,
                y - 4.0,
                theme.severity(*severity),
                theme,
            ));
            g = g.add(
                label(head, MARGIN + BADGE + 8.0, y, SMALL, theme.text).set("font-weight", "bold"),
            );
            for line in lines {
                y += LINE;
                g = g.add(label(line, MARGIN + BADGE + 8.0, y, SMALL, theme.muted));
            }
            y += LINE + 6.0;
        }
        for line in &self.rest {
            g = g.add(label(line, MARGIN, y, SMALL, theme.muted));
            y += LINE;
        }
        g
    }
}

/// "… and 10,561 more findings (badges 41 to 10,601): 10,000 warnings no-monitoring,
/// 200 errors no-firewall. Run infrac check for the full list." Rules in the order their
/// first finding comes.
fn counted(rest: &[Marker], total: usize) -> String {
    let mut kinds: Vec<(Severity, &str, usize)> = Vec::new();
    for m in rest {
        match kinds
            .iter_mut()
            .find(|(severity, rule, _)| *severity == m.severity && *rule == m.rule)
        {
            Some(kind) => kind.2 += 1,
            None => kinds.push((m.severity, m.rule, 1)),
        }
    }
    let kinds: Vec<String> = kinds
        .into_iter()
        .map(|(severity, rule, n)| {
            let plural = if n == 1 { "" } else { "s" };
            format!("{} {}{plural} {rule}", thousands(n), severity.name())
        })
        .collect();
    let (first, plural) = match rest.len() {
        1 => ("badge", ""),
        _ => ("badges", "s"),
    };
    let badges = match rest.first().map(|m| m.number) {
        Some(from) if from == total => format!("{first} {}", thousands(from)),
        Some(from) => format!("{first} {} to {}", thousands(from), thousands(total)),
        None => String::new(),
    };
    format!(
        "… and {} more finding{plural} ({badges}): {}. Run infrac check for the full list.",
        thousands(rest.len()),
        kinds.join(", ")
    )
}

/// A small picture of a failure mark, 32 × 12, its top-left corner at (x, y).
fn sample(mark: &str, x: f64, y: f64, theme: &Theme) -> Element {
    let r = Rect {
        x,
        y,
        w: 32.0,
        h: 12.0,
    };
    let g = Group::new().set("class", format!("key {mark}"));
    match mark {
        "down" => g.add(
            rect(&r)
                .set("rx", 3)
                .set("fill", theme.row_fill)
                .set("stroke", theme.box_stroke)
                .set("opacity", 0.3),
        ),
        "cut-off" => g.add(
            rect(&r)
                .set("rx", 3)
                .set("fill", theme.row_fill)
                .set("stroke", theme.error)
                .set("stroke-width", 2)
                .set("stroke-dasharray", "4 3"),
        ),
        _ => g.add(
            Path::new()
                .set(
                    "d",
                    format!("M{},{} H{}", round(x), round(y + 6.0), round(x + 32.0)),
                )
                .set("stroke", theme.flow)
                .set("stroke-width", 1.5)
                .set("opacity", 0.25),
        ),
    }
}
