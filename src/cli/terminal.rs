//! Colour decisions: colour only on a terminal, never when `NO_COLOR` is set.

use super::args::Color;
use crate::diagnostics::Style;
use std::io::IsTerminal;

pub fn style(color: Color) -> Style {
    let on = match color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::stderr().is_terminal()
        }
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
