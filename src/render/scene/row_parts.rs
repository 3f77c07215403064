//! Where a component row's parts sit, left to right: its kind's icon, its name, its
//! detail, the lock of the TLS it terminates, and its badges against the box's right
//! edge. One place for `measure` (how wide a row needs its box) and the painter (where
//! each part goes): the two once disagreed by the gap after a name without detail, so a
//! box as wide as its row put its first badge over the lock (a proxy's haproxy row).

use super::Row;
use super::measure::badge_room;
use super::metrics::{BADGE, ICON, PAD, ROW, SMALL, TEXT};
use crate::render::layout::Rect;
use crate::render::text;

/// Between the icon and the name.
const AFTER_ICON: f64 = 6.0;
/// Between the name and the detail.
const BEFORE_DETAIL: f64 = 8.0;
/// Between the name or detail and the lock.
const BEFORE_LOCK: f64 = 6.0;

/// A row's parts in the diagram's coordinates.
#[derive(Debug, Clone, PartialEq)]
pub struct RowParts {
    /// The kind's icon, `ICON` square.
    pub icon: Rect,
    /// Where the name starts; the text's baseline is the painter's.
    pub name_x: f64,
    /// Where the detail starts (meaningless without one).
    pub detail_x: f64,
    /// The lock, `ICON` square, for a row that terminates TLS.
    pub lock: Option<Rect>,
    /// Per badge, its centre; `badge_box` gives the square it covers.
    pub badges: Vec<(f64, f64)>,
}

/// How far the row's icon, name, detail and lock reach from the box's inner left edge.
fn content_width(row: &Row) -> f64 {
    let mut w = ICON + AFTER_ICON + text::width(&row.name, TEXT, true);
    if !row.detail.is_empty() {
        w += BEFORE_DETAIL + text::width(&row.detail, SMALL, false);
    }
    if row.tls.is_some() {
        w += BEFORE_LOCK + ICON;
    }
    w
}

/// The width a row needs inside its box's padding: its content, then its badges.
pub fn row_width(row: &Row) -> f64 {
    content_width(row) + badge_room(row.badges.len())
}

/// The parts of `row` in box `r` (without its stack's shadow), the row's band from `top`.
pub fn row_parts(row: &Row, r: &Rect, top: f64) -> RowParts {
    let icon_y = top + (ROW - ICON) / 2.0;
    let name_x = r.x + PAD + ICON + AFTER_ICON;
    let name_end = name_x + text::width(&row.name, TEXT, true);
    let detail_x = name_end + BEFORE_DETAIL;
    let before_lock = if row.detail.is_empty() {
        name_end
    } else {
        detail_x + text::width(&row.detail, SMALL, false)
    };
    let lock = row.tls.as_ref().map(|_| Rect {
        x: before_lock + BEFORE_LOCK,
        y: icon_y,
        w: ICON,
        h: ICON,
    });
    // Against the right edge; `row_width` leaves the 3 px of `badge_room`'s first step
    // between the lock (or name) and the first badge.
    let first = r.right() - PAD - badge_room(row.badges.len()) + 3.0;
    let badges = (0..row.badges.len())
        .map(|i| {
            let cx = first + BADGE / 2.0 + i as f64 * (BADGE + 3.0);
            (cx, top + ROW / 2.0)
        })
        .collect();
    RowParts {
        icon: Rect {
            x: r.x + PAD,
            y: icon_y,
            w: ICON,
            h: ICON,
        },
        name_x,
        detail_x,
        lock,
        badges,
    }
}

/// The square badge number `n` centred on `(cx, cy)` covers: three digits take a wider
/// disc than one or two.
pub fn badge_box(n: usize, (cx, cy): (f64, f64)) -> Rect {
    let r = badge_radius(n);
    Rect {
        x: cx - r,
        y: cy - r,
        w: 2.0 * r,
        h: 2.0 * r,
    }
}

/// The radius of badge number `n`'s disc.
pub fn badge_radius(n: usize) -> f64 {
    if n >= 100 { BADGE * 0.65 } else { BADGE / 2.0 }
}
