//! Text metrics from the embedded DejaVu Sans, so boxes are sized to their labels.
//!
//! The diagram names DejaVu Sans first in its font list and the PNG export rasterises
//! with these very font files, so what is measured here is what is drawn. Browsers
//! without DejaVu fall back to Verdana or a sans-serif of similar or smaller width;
//! [`SLACK`] absorbs the difference.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicU16, Ordering};

/// Extra room per label, as a share of its measured width.
const SLACK: f64 = 0.06;

/// One font's advance widths, in em units: the first 256 code points are kept once
/// looked up, the rest are looked up each time.
///
/// Filled as characters are met, not all at load: a diagram uses a few dozen distinct
/// characters, and looking up all 256 of both fonts was a fifth of the instructions of
/// rendering a one-server design (callgrind).
struct Metrics {
    face: ttf_parser::Face<'static>,
    per_em: f64,
    /// Advances in font units, `UNKNOWN` until first asked for.
    latin: [AtomicU16; 256],
}

/// No glyph of DejaVu is this wide (its advances are under 2^12 of its 2048 units).
const UNKNOWN: u16 = u16::MAX;

impl Metrics {
    fn load(data: &'static [u8]) -> Option<Metrics> {
        let face = ttf_parser::Face::parse(data, 0).ok()?;
        let per_em = f64::from(face.units_per_em());
        Some(Metrics {
            face,
            per_em,
            latin: [const { AtomicU16::new(UNKNOWN) }; 256],
        })
    }

    /// The advance of `c` in font units (the advance of `?` when the font lacks `c`).
    fn units(&self, c: char) -> u16 {
        let glyph = self
            .face
            .glyph_index(c)
            .or_else(|| self.face.glyph_index('?'));
        glyph
            .and_then(|g| self.face.glyph_hor_advance(g))
            .unwrap_or(0)
            .min(UNKNOWN - 1)
    }

    fn advance(&self, c: char) -> f64 {
        let units = match u8::try_from(u32::from(c)) {
            Ok(code) => {
                let slot = &self.latin[usize::from(code)];
                match slot.load(Ordering::Relaxed) {
                    UNKNOWN => {
                        let units = self.units(c);
                        // Any thread that races here stores the same value.
                        slot.store(units, Ordering::Relaxed);
                        units
                    }
                    units => units,
                }
            }
            Err(_) => self.units(c),
        };
        f64::from(units) / self.per_em
    }
}

/// The font files, for the PNG rasteriser.
pub fn font_files() -> [&'static [u8]; 2] {
    [dejavu::sans::regular(), dejavu::sans::bold()]
}

/// The `font-family` the SVG asks for: the measured font first.
pub const FONT_FAMILY: &str = "DejaVu Sans, Verdana, Arial, sans-serif";

fn metrics(bold: bool) -> Option<&'static Metrics> {
    static REGULAR: OnceLock<Option<Metrics>> = OnceLock::new();
    static BOLD: OnceLock<Option<Metrics>> = OnceLock::new();
    let [regular, bold_file] = font_files();
    if bold {
        BOLD.get_or_init(|| Metrics::load(bold_file)).as_ref()
    } else {
        REGULAR.get_or_init(|| Metrics::load(regular)).as_ref()
    }
}

/// The width of `text` set in DejaVu Sans at `size` pixels, with slack.
pub fn width(text: &str, size: f64, bold: bool) -> f64 {
    let ems: f64 = match metrics(bold) {
        Some(m) => text.chars().map(|c| m.advance(c)).sum(),
        // The embedded font always parses; a generous fallback keeps labels inside boxes.
        None => text.chars().count() as f64 * 0.65,
    };
    ems * size * (1.0 + SLACK)
}

/// `text` cut into lines no wider than `max` pixels, at spaces where possible.
pub fn wrap(text: &str, size: f64, max: f64) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        let candidate = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if width(&candidate, size, false) <= max || line.is_empty() {
            line = candidate;
        } else {
            lines.push(std::mem::take(&mut line));
            line = word.to_string();
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_letters_measure_wider_than_narrow_ones() {
        assert!(width("WWWW", 12.0, false) > 2.0 * width("iiii", 12.0, false));
        assert!(width("web1", 12.0, true) > width("web1", 12.0, false));
        assert_eq!(width("", 12.0, false), 0.0);
    }

    #[test]
    fn wrapping_keeps_every_word_and_respects_the_width() {
        let text = "the load balancer is a single point of failure for every request";
        let lines = wrap(text, 11.0, 120.0);
        assert!(lines.len() > 2);
        assert_eq!(lines.join(" "), text);
        assert!(lines.iter().all(|l| width(l, 11.0, false) <= 120.0));
    }

    #[test]
    fn a_kept_latin_advance_is_the_fonts_own_on_first_and_later_asks() {
        for bold in [false, true] {
            let m = metrics(bold).expect("the embedded font parses");
            for code in (0u8..=255).rev().chain(0u8..=255) {
                let c = char::from(code);
                assert_eq!(m.advance(c), f64::from(m.units(c)) / m.per_em, "{c:?}");
            }
            // Beyond Latin-1 nothing is kept, and the lookup still answers.
            assert!(m.advance('€') > 0.0);
        }
    }
}
