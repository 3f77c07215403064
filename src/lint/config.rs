//! Lint configuration: severity overrides (`--deny`/`--warn`/`--allow`, `infrac.toml`),
//! the deny level that decides the exit code, and the date certificates are judged by.

use super::finding::Severity;
use super::rules;
use crate::suggest;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

/// A rule's configured level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    #[serde(alias = "deny")]
    Error,
    #[serde(alias = "warn")]
    Warning,
    Note,
    #[serde(alias = "off")]
    Allow,
}

#[derive(Debug, Clone)]
pub struct Config {
    pub levels: BTreeMap<String, Level>,
    /// Findings at or above this severity fail the run (exit 1).
    pub deny_at: Severity,
    pub today: time::Date,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            levels: BTreeMap::new(),
            deny_at: Severity::Error,
            today: today(),
        }
    }
}

/// Today's date by the system clock.
#[cfg(not(all(target_arch = "wasm32", target_os = "unknown")))]
fn today() -> time::Date {
    time::OffsetDateTime::now_utc().date()
}

/// A browser build has no system clock to ask: the embedder sets [`Config::today`] (the
/// playground passes the page's date); until then certificates are judged as of this day.
#[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
fn today() -> time::Date {
    time::macros::date!(2026 - 01 - 01)
}

/// `infrac.toml`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct File {
    today: Option<toml::value::Datetime>,
    deny_warnings: Option<bool>,
    #[serde(default)]
    rules: BTreeMap<String, Level>,
}

impl Config {
    /// Severity of a rule after configuration; `None` when it is switched off.
    pub fn severity(&self, rule: &str, default: Severity) -> Option<Severity> {
        match self.levels.get(rule) {
            None => Some(default),
            Some(Level::Error) => Some(Severity::Error),
            Some(Level::Warning) => Some(Severity::Warning),
            Some(Level::Note) => Some(Severity::Note),
            Some(Level::Allow) => None,
        }
    }

    /// Set a rule's level; `warnings` with `Error` means "fail on warnings too".
    pub fn set(&mut self, rule: &str, level: Level) -> Result<(), String> {
        if rule == "warnings" && level == Level::Error {
            self.deny_at = Severity::Warning;
            return Ok(());
        }
        check_rule_name(rule)?;
        self.levels.insert(rule.to_string(), level);
        Ok(())
    }

    /// Read `infrac.toml`-style settings into this configuration.
    pub fn load(&mut self, path: &Path) -> Result<(), String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
        let file: File = toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        if let Some(today) = file.today {
            self.today = toml_date(&today).ok_or_else(|| {
                format!("{}: `today` must be a date like 2026-11-23", path.display())
            })?;
        }
        if file.deny_warnings == Some(true) {
            self.deny_at = Severity::Warning;
        }
        for (rule, level) in file.rules {
            self.set(&rule, level)
                .map_err(|e| format!("{}: {e}", path.display()))?;
        }
        Ok(())
    }
}

fn toml_date(value: &toml::value::Datetime) -> Option<time::Date> {
    let date = value.date?;
    let month = time::Month::try_from(date.month).ok()?;
    time::Date::from_calendar_date(i32::from(date.year), month, date.day).ok()
}

pub fn check_rule_name(rule: &str) -> Result<(), String> {
    if rules::find(rule).is_some() {
        return Ok(());
    }
    let names = rules::RULES.iter().map(|r| r.name());
    Err(match suggest::closest(rule, names) {
        Some(close) => format!("unknown rule `{rule}`; did you mean `{close}`?"),
        None => format!("unknown rule `{rule}`; `infrac rules` lists them"),
    })
}

/// Parse `YYYY-MM-DD`.
pub fn parse_date(text: &str) -> Result<time::Date, String> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(text, &format).map_err(|_| format!("`{text}` is not a date like 2026-11-23"))
}
