//! A diagram's badges are clear of its icons: a badge over a row's lock (or its kind's
//! icon) hid what the row is and what it terminates. Checked on the painter's own
//! places for them (`row_parts`), not on the SVG.

use infrac::render::Diagram;
use infrac::render::layout::Rect;
use infrac::render::scene::{badge_box, row_parts, stack_offset};

fn overlaps(a: &Rect, b: &Rect) -> bool {
    a.x < b.right() && b.x < a.right() && a.y < b.bottom() && b.y < a.bottom()
}

/// Every component row: no badge covers its icon or its lock.
pub fn clear_of_icons(d: &Diagram) -> Result<(), String> {
    for (item, full) in d.scene.items.iter().zip(&d.layout.nodes) {
        let shadow = stack_offset(item.stack);
        let r = Rect {
            w: full.w - shadow,
            h: full.h - shadow,
            ..*full
        };
        for (i, row) in item.rows.iter().enumerate() {
            let top = r.y + item.header_height() + i as f64 * infrac::render::scene::metrics::ROW;
            let parts = row_parts(row, &r, top);
            let icons =
                std::iter::once(("icon", parts.icon)).chain(parts.lock.map(|l| ("lock", l)));
            for (what, icon) in icons {
                for (&n, &centre) in row.badges.iter().zip(&parts.badges) {
                    let b = badge_box(n, centre);
                    if overlaps(&b, &icon) {
                        return Err(format!(
                            "{}: badge {n} {b:?} covers the {what} {icon:?}",
                            row.path
                        ));
                    }
                }
            }
        }
    }
    Ok(())
}
