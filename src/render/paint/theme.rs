//! Colours for light and dark diagrams.

use crate::lint::Severity;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ThemeName {
    #[default]
    Light,
    Dark,
}

#[derive(Debug, Clone, Copy)]
pub struct Theme {
    pub background: &'static str,
    pub text: &'static str,
    pub muted: &'static str,
    pub box_fill: &'static str,
    pub box_stroke: &'static str,
    pub header_fill: &'static str,
    pub row_fill: &'static str,
    pub cluster: &'static str,
    /// Failure domains: a zone's tint and outline, a region's outline.
    pub zone_fill: &'static str,
    pub zone_stroke: &'static str,
    pub region_stroke: &'static str,
    pub flow: &'static str,
    pub encrypted: &'static str,
    pub monitoring: &'static str,
    pub dns: &'static str,
    pub replication: &'static str,
    pub wall: &'static str,
    pub wall_joint: &'static str,
    pub lock: &'static str,
    pub label_fill: &'static str,
    pub icon: &'static str,
    pub error: &'static str,
    pub warning: &'static str,
    pub note: &'static str,
    pub badge_text: &'static str,
}

impl Theme {
    pub fn of(name: ThemeName) -> Theme {
        match name {
            ThemeName::Light => LIGHT,
            ThemeName::Dark => DARK,
        }
    }

    pub fn severity(&self, severity: Severity) -> &'static str {
        match severity {
            Severity::Error => self.error,
            Severity::Warning => self.warning,
            Severity::Note => self.note,
        }
    }
}

const LIGHT: Theme = Theme {
    background: "#ffffff",
    text: "#1f2933",
    muted: "#52606d",
    box_fill: "#ffffff",
    box_stroke: "#7b8794",
    header_fill: "#eef2f7",
    row_fill: "#f8fafc",
    cluster: "#616e7c",
    zone_fill: "#f3f7fc",
    zone_stroke: "#9fb3c8",
    region_stroke: "#627d98",
    flow: "#3e4c59",
    encrypted: "#1b7f3b",
    monitoring: "#9aa5b1",
    dns: "#2563eb",
    replication: "#7c3aed",
    wall: "#c2410c",
    wall_joint: "#fed7aa",
    lock: "#1b7f3b",
    label_fill: "#ffffff",
    icon: "#334e68",
    error: "#d32f2f",
    warning: "#d97706",
    note: "#2563eb",
    badge_text: "#ffffff",
};

const DARK: Theme = Theme {
    background: "#0f172a",
    text: "#e2e8f0",
    muted: "#94a3b8",
    box_fill: "#1e293b",
    box_stroke: "#64748b",
    header_fill: "#273549",
    row_fill: "#1a2436",
    cluster: "#94a3b8",
    zone_fill: "#16213a",
    zone_stroke: "#475569",
    region_stroke: "#7b8ba3",
    flow: "#cbd5e1",
    encrypted: "#4ade80",
    monitoring: "#64748b",
    dns: "#60a5fa",
    replication: "#c4b5fd",
    wall: "#fb923c",
    wall_joint: "#7c2d12",
    lock: "#4ade80",
    label_fill: "#0f172a",
    icon: "#cbd5e1",
    error: "#f87171",
    warning: "#fbbf24",
    note: "#60a5fa",
    badge_text: "#0f172a",
};
