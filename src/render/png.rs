//! PNG export: the SVG rasterised by resvg with the embedded fonts, so the picture is the
//! same on a machine without any fonts installed.

use super::text;
use std::sync::Arc;

/// Pixels per SVG unit: crisp on high-density screens and in print.
pub const SCALE: f32 = 2.0;
/// The largest picture side, in pixels; beyond it, the SVG is the format to use.
pub const MAX_SIDE: u32 = 32_000;

#[derive(Debug, thiserror::Error)]
pub enum PngError {
    #[error("the SVG could not be read back: {0}")]
    Parse(String),
    #[error(
        "the diagram is {width} × {height} px, too large for a PNG (at most {MAX_SIDE} px a side)"
    )]
    TooLarge { width: u32, height: u32 },
    #[error("the PNG could not be encoded: {0}")]
    Encode(String),
}

pub fn png(svg: &str) -> Result<Vec<u8>, PngError> {
    let mut fonts = resvg::usvg::fontdb::Database::new();
    for data in text::font_files() {
        fonts.load_font_data(data.to_vec());
    }
    let options = resvg::usvg::Options {
        fontdb: Arc::new(fonts),
        ..Default::default()
    };
    let tree =
        resvg::usvg::Tree::from_str(svg, &options).map_err(|e| PngError::Parse(e.to_string()))?;
    let size = tree.size();
    let width = (size.width() * SCALE).ceil() as u32;
    let height = (size.height() * SCALE).ceil() as u32;
    if width > MAX_SIDE || height > MAX_SIDE {
        return Err(PngError::TooLarge { width, height });
    }
    let mut pixmap = resvg::tiny_skia::Pixmap::new(width.max(1), height.max(1))
        .ok_or(PngError::TooLarge { width, height })?;
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::from_scale(SCALE, SCALE),
        &mut pixmap.as_mut(),
    );
    pixmap
        .encode_png()
        .map_err(|e| PngError::Encode(e.to_string()))
}
