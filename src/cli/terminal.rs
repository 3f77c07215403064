//! Colour decisions: colour only on a terminal, never when `NO_COLOR` is set.

use super::args::Color;
use crate::diagnostics::Style;
use std::io::IsTerminal;

/// For what goes to standard error (diagnostics of commands that write results).
pub fn style(color: Color) -> Style {
    style_on(color, std::io::stderr().is_terminal())
}

/// For reports printed on standard output (`check`'s human report).
pub fn stdout_style(color: Color) -> Style {
    style_on(color, std::io::stdout().is_terminal())
}

fn style_on(color: Color, terminal: bool) -> Style {
    let on = match color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && terminal,
    };
    Style {
        color: on,
        width: terminal_width(),
    }
}

fn terminal_width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .filter(|w| *w >= 40)
        .unwrap_or(100)
}
