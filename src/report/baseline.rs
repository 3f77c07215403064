//! Baselines: the findings a project has accepted for now. `--write-baseline FILE`
//! records every finding; `--baseline FILE` reports only findings that are not in it,
//! so a team adopting infrac fails CI on new problems while it works off the old ones.
//!
//! A finding is matched by its file and its fingerprint (`report::fingerprint`: rule,
//! item and the text it points at, blanks removed), so moving lines and reformatting keep
//! it matched. Files are named relative to the baseline's own folder, so the same
//! baseline works from any working directory. Each entry matches one finding: when a
//! second identical finding appears, it is new.

use super::Outcome;
use super::fingerprint::fingerprints;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Baseline {
    pub version: u32,
    pub findings: Vec<Entry>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct Entry {
    pub file: String,
    pub rule: String,
    pub component: String,
    pub fingerprint: String,
}

impl Baseline {
    pub const VERSION: u32 = 1;

    /// Every finding of `outcomes`; `file` names each input as the baseline records it.
    pub fn of(outcomes: &[Outcome], file: impl Fn(&str) -> String) -> Baseline {
        let mut findings = Vec::new();
        for outcome in outcomes {
            if let Outcome::Checked {
                sources,
                findings: found,
                ..
            } = outcome
            {
                let name = file(sources.name());
                for (finding, print) in found.iter().zip(fingerprints(found, sources)) {
                    findings.push(Entry {
                        file: name.clone(),
                        rule: finding.rule.to_string(),
                        component: finding.component.clone(),
                        fingerprint: print,
                    });
                }
            }
        }
        findings.sort();
        Baseline {
            version: Self::VERSION,
            findings,
        }
    }

    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text
    }

    pub fn parse(text: &str) -> Result<Baseline, String> {
        let baseline: Baseline =
            serde_json::from_str(text).map_err(|e| format!("not an infrac baseline: {e}"))?;
        if baseline.version != Self::VERSION {
            return Err(format!(
                "baseline version {} is not supported (this infrac writes version {})",
                baseline.version,
                Self::VERSION
            ));
        }
        Ok(baseline)
    }

    /// Drop the findings the baseline holds; returns how many were dropped.
    pub fn remove_known(&self, outcomes: &mut [Outcome], file: impl Fn(&str) -> String) -> usize {
        let mut left: BTreeMap<(String, String), usize> = BTreeMap::new();
        for entry in &self.findings {
            *left
                .entry((entry.file.clone(), entry.fingerprint.clone()))
                .or_insert(0) += 1;
        }
        let mut removed = 0;
        for outcome in outcomes.iter_mut() {
            if let Outcome::Checked {
                sources, findings, ..
            } = outcome
            {
                let name = file(sources.name());
                let keep: Vec<bool> = fingerprints(findings, sources)
                    .into_iter()
                    .map(|print| match left.get_mut(&(name.clone(), print)) {
                        Some(n) if *n > 0 => {
                            *n -= 1;
                            false
                        }
                        _ => true,
                    })
                    .collect();
                let before = findings.len();
                let mut keep = keep.into_iter();
                findings.retain(|_| keep.next().unwrap_or(true));
                removed += before - findings.len();
            }
        }
        removed
    }
}
