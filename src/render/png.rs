//! PNG export: the SVG rasterised by resvg with the embedded fonts, so the picture is the
//! same on a machine without any fonts installed.

use super::text;
use std::sync::Arc;

/// Pixels per SVG unit: crisp on high-density screens and in print.
pub const SCALE: f32 = 2.0;
/// The largest picture side, in pixels; a larger diagram is scaled down to it.
pub const MAX_SIDE: u32 = 32_000;
/// The most pixels a picture may have: 64 megapixels, 256 MB of RGBA while drawing (a
/// 8000 × 8000 picture); a larger diagram is scaled down to it.
pub const MAX_PIXELS: u64 = 64_000_000;

#[derive(Debug, thiserror::Error)]
pub enum PngError {
    #[error("the SVG could not be read back: {0}")]
    Parse(String),
    #[error("the diagram could not be drawn at {width} × {height} px")]
    TooLarge { width: u32, height: u32 },
    #[error("the PNG could not be encoded: {0}")]
    Encode(String),
}

/// A rasterised diagram and the scale it was drawn at (pixels per SVG unit): [`SCALE`],
/// or less when the diagram would have been larger than the raster limits.
pub struct Raster {
    pub bytes: Vec<u8>,
    pub scale: f32,
    pub width: u32,
    pub height: u32,
}

impl Raster {
    /// Whether the picture had to be scaled down to fit the raster limits.
    pub fn reduced(&self) -> bool {
        self.scale < SCALE
    }
}

/// The PNG bytes of an SVG diagram.
pub fn png(svg: &str) -> Result<Vec<u8>, PngError> {
    raster(svg).map(|r| r.bytes)
}

/// The scale that fits a `width` × `height` (SVG units) picture within the limits.
pub fn fit(width: f32, height: f32) -> f32 {
    let side = MAX_SIDE as f32 / width.max(height).max(1.0);
    let area = ((MAX_PIXELS as f64) / (f64::from(width.max(1.0)) * f64::from(height.max(1.0))))
        .sqrt() as f32;
    SCALE.min(side).min(area)
}

/// Rasterise an SVG diagram at [`SCALE`], or smaller when that would exceed
/// [`MAX_SIDE`] or [`MAX_PIXELS`] (the SVG stays the full-detail format).
pub fn raster(svg: &str) -> Result<Raster, PngError> {
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
    let scale = fit(size.width(), size.height());
    let width = ((size.width() * scale).ceil() as u32).clamp(1, MAX_SIDE);
    let height = ((size.height() * scale).ceil() as u32).clamp(1, MAX_SIDE);
    let mut pixmap =
        resvg::tiny_skia::Pixmap::new(width, height).ok_or(PngError::TooLarge { width, height })?;
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    let bytes = pixmap
        .encode_png()
        .map_err(|e| PngError::Encode(e.to_string()))?;
    Ok(Raster {
        bytes,
        scale,
        width,
        height,
    })
}
