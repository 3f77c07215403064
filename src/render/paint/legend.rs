//! The legend: every finding, numbered like its badge, with its message.

use super::*;

/// The findings, numbered like their badges.
pub struct Legend {
    entries: Vec<(usize, Severity, String, Vec<String>)>,
    pub height: f64,
}

impl Legend {
    pub fn new(markers: &[Marker], width: f64) -> Legend {
        let text_width = (width - BADGE - 8.0).max(200.0);
        let mut height = MARGIN + LINE + 6.0;
        let entries: Vec<_> = markers
            .iter()
            .map(|m| {
                let head = format!("{} {} — {}", m.severity.name(), m.rule, m.component);
                // Messages quote names in Markdown backticks; a picture has no code font.
                let lines = text::wrap(&m.message.replace('`', ""), SMALL, text_width);
                height += LINE * (1 + lines.len()) as f64 + 6.0;
                (m.number, m.severity, head, lines)
            })
            .collect();
        if entries.is_empty() {
            height += LINE;
        }
        Legend {
            entries,
            height: height + MARGIN,
        }
    }

    pub fn paint(&self, theme: &Theme, top: f64) -> Group {
        let mut g = Group::new().set("class", "legend");
        let mut y = top + MARGIN + LINE * 0.8;
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
        g
    }
}
