//! ## What it does
//! Reports `# infrac: allow(rule) reason` comments that silence nothing: the rule does
//! not fire on the item below, or the rule name is unknown.
//!
//! ## Why it matters
//! Suppressions outlive the problems they hid. A stale one will silently hide the next
//! real finding on that item, and an unknown rule name means a typo is hiding nothing.
//!
//! ## Example
//! ```infra
//! # infrac: allow(no-monitoring) lab machine
//! server lab { web_server nginx {}, monitoring_agent m { vendor = "Datadog" } }
//! ```
//!
//! ## Fix
//! Delete the comment, fix the rule name, or move it to the line just above the item.
//!
//! Reported by the suppression pass (`lint/suppress.rs`); this rule carries its name,
//! severity and documentation.

use crate::lint::{Context, Finding, Rule, Severity};

/// The rule's stable name.
pub const NAME: &str = super::UNUSED_SUPPRESSION;

pub struct UnusedSuppression;

impl Rule for UnusedSuppression {
    fn name(&self) -> &'static str {
        NAME
    }

    fn default_severity(&self) -> Severity {
        Severity::Warning
    }

    fn check(&self, _cx: &Context) -> Vec<Finding> {
        Vec::new() // findings come from `lint::suppress::unused`, after every rule ran
    }
}
