//! Text metrics from the embedded DejaVu Sans, so boxes are sized to their labels.
//!
//! The diagram names DejaVu Sans first in its font list and the PNG export rasterises
//! with these very font files, so what is measured here is what is drawn. Browsers
//! without DejaVu fall back to Verdana or a sans-serif of similar or smaller width;
//! [`SLACK`] absorbs the difference.

use std::sync::OnceLock;

/// Extra room per label, as a share of its measured width.
const SLACK: f64 = 0.06;

/// One font's advance widths, in em units, for the first 256 code points (computed once)
/// and on demand for the rest.
struct Metrics {
    face: ttf_parser::Face<'static>,
    per_em: f64,
    latin: [f64; 256],
}

impl Metrics {
    fn load(data: &'static [u8]) -> Option<Metrics> {
        let face = ttf_parser::Face::parse(data, 0).ok()?;
        let per_em = f64::from(face.units_per_em());
        let mut metrics = Metrics {
            face,
            per_em,
            latin: [0.0; 256],
        };
        for code in 0u8..=255 {
            metrics.latin[usize::from(code)] = metrics.lookup(char::from(code));
        }
        Some(metrics)
    }

    fn lookup(&self, c: char) -> f64 {
        let glyph = self
            .face
            .glyph_index(c)
            .or_else(|| self.face.glyph_index('?'));
        let advance = glyph.and_then(|g| self.face.glyph_hor_advance(g));
        f64::from(advance.unwrap_or(0)) / self.per_em
    }

    fn advance(&self, c: char) -> f64 {
        match u8::try_from(u32::from(c)) {
            Ok(code) => self.latin[usize::from(code)],
            Err(_) => self.lookup(c),
        }
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
}
