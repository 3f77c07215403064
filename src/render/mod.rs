//! Stage 4: drawing a design.
//!
//! ```text
//! Design + Analysis + Findings ─► scene::build ─► Scene (boxes, rows, nets, markers)
//!                                      └─► layout::layout(scene.graph) ─► Layout
//! Scene + Layout ─► paint (SVG) ─► png (resvg)
//! Design ─► export::dot, export::mermaid (text for other tools)
//! ```

pub mod export;
pub mod failure;
pub mod group;
pub mod layout;
pub mod paint;
#[cfg(feature = "png")]
pub mod png;
pub mod scene;
pub mod text;

use crate::analysis::Analysis;
use crate::lint::Finding;
use crate::model::Design;
pub use paint::theme::ThemeName;
pub use scene::{Failure, Options};

/// A design's scene and its layout, ready to paint.
pub struct Diagram {
    pub scene: scene::Scene,
    pub layout: layout::Layout,
}

/// Build and lay out the diagram of a design. `name` titles a design without a title.
pub fn diagram(
    design: &Design,
    analysis: &Analysis,
    findings: &[Finding],
    name: &str,
    options: scene::Options,
) -> Diagram {
    let scene = scene::build(design, analysis, findings, name, options);
    let layout = layout::layout(&scene.graph);
    Diagram { scene, layout }
}

/// The diagram as SVG text.
pub fn svg(diagram: &Diagram, theme: ThemeName) -> String {
    crate::xml_text::xml_safe_string(paint::paint(
        &diagram.scene,
        &diagram.layout,
        &paint::theme::Theme::of(theme),
    ))
}
