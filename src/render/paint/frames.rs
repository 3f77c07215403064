//! Failure domains: regions, and the zones inside them, as tinted frames behind
//! everything, titled in their top left corner (where the layout keeps room for it).

use super::*;
use crate::render::layout::Frame;
use crate::render::scene::Domain;

pub fn paint_frames(scene: &Scene, layout: &Layout, theme: &Theme, diagram: &mut Open) {
    let mut group = diagram.open(Group::new().set("class", "domains"));
    for (region, frame) in scene.regions.iter().zip(&layout.regions) {
        if let Some(frame) = frame {
            group.add(paint_frame(
                "region",
                region,
                frame,
                "none",
                theme.region_stroke,
                theme,
            ));
        }
    }
    for (zone, frame) in scene.zones.iter().zip(&layout.zones) {
        if let Some(frame) = frame {
            group.add(paint_frame(
                "zone",
                zone,
                frame,
                theme.zone_fill,
                theme.zone_stroke,
                theme,
            ));
        }
    }
    group.close();
}

fn paint_frame(
    class: &str,
    domain: &Domain,
    frame: &Frame,
    fill: &str,
    stroke: &str,
    theme: &Theme,
) -> Element {
    let mut outline = rect(&frame.rect)
        .set("class", "frame")
        .set("rx", 10)
        .set("fill", fill)
        .set("stroke", stroke)
        .set("stroke-width", 1.2);
    if class == "region" {
        outline = outline.set("stroke-dasharray", "2 3");
    }
    let title = &frame.label;
    Group::new()
        .set("class", class)
        .set("id", domain.path.as_str())
        .add(outline)
        .add(
            label(
                &domain.title,
                title.x,
                title.y + title.h * 0.78,
                SMALL,
                theme.muted,
            )
            .set("class", "title")
            .set("font-weight", "bold"),
        )
}
