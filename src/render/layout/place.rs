//! Phase 4 of the layered layout: x coordinates for the blocks of each rank.
//!
//! Each block wants its centre over the mean centre of its neighbours in the adjacent
//! rank; the order is fixed and blocks need room between them. Minimising the squared
//! distance to the wanted positions under those constraints is an isotonic regression,
//! solved exactly per rank in linear time by pool-adjacent-violators. Sweeps alternate
//! down and up, like the priority methods, but every rank is placed optimally at once.

/// What a block needs horizontally: room before its core, the core, room after it.
#[derive(Debug, Clone, Copy, Default)]
pub struct Extent {
    pub before: f64,
    pub core: f64,
    pub after: f64,
}

/// A link pulling a block towards a neighbour: the block's port at `own` (from its core's
/// left edge) wants to be in line with the neighbour's port at `theirs`.
#[derive(Debug, Clone, Copy)]
pub struct Tie {
    pub other: usize,
    pub weight: f64,
    pub own: f64,
    pub theirs: f64,
}

/// Alternating sweeps. Enough for wanted positions to settle on tiered graphs.
const SWEEPS: usize = 6;
/// How much a block without neighbours on the sweep's side resists moving.
const LOOSE: f64 = 0.05;

/// The left edge of every block's core, by block id.
pub fn place(
    order: &[Vec<usize>],
    extents: &[Extent],
    gap: impl Fn(usize, usize) -> f64,
    up: &[Vec<Tie>],
    down: &[Vec<Tie>],
) -> Vec<f64> {
    let mut left = vec![0.0; extents.len()];
    for rank in order {
        pack(rank, extents, &gap, &mut left);
    }
    let ranks = order.len();
    for sweep in 0..SWEEPS {
        let downward = sweep % 2 == 0;
        let sequence: Vec<usize> = if downward {
            (1..ranks).collect()
        } else {
            (0..ranks.saturating_sub(1)).rev().collect()
        };
        let side = if downward { up } else { down };
        for r in sequence {
            settle(&order[r], extents, &gap, side, &mut left);
        }
    }
    // Last, every rank against both neighbours, so ranks pull from both sides.
    let both: Vec<Vec<Tie>> = up
        .iter()
        .zip(down)
        .map(|(u, d)| u.iter().chain(d).copied().collect())
        .collect();
    for rank in order {
        settle(rank, extents, &gap, &both, &mut left);
        snap(rank, extents, &gap, &mut left);
    }
    left
}

/// Round positions to a quarter pixel, keeping every gap: coordinates derived from them
/// then compare exactly, so a line meant to be straight is straight.
fn snap(rank: &[usize], extents: &[Extent], gap: &impl Fn(usize, usize) -> f64, left: &mut [f64]) {
    for (i, &b) in rank.iter().enumerate() {
        let mut x = (left[b] * 4.0).round() / 4.0;
        if i > 0 {
            let a = rank[i - 1];
            let least =
                left[a] + extents[a].core + extents[a].after + gap(a, b) + extents[b].before;
            x = x.max((least * 4.0).ceil() / 4.0);
        }
        left[b] = x;
    }
}

fn pack(rank: &[usize], extents: &[Extent], gap: &impl Fn(usize, usize) -> f64, left: &mut [f64]) {
    let mut x = 0.0;
    for (i, &b) in rank.iter().enumerate() {
        if i > 0 {
            x += gap(rank[i - 1], b);
        }
        x += extents[b].before;
        left[b] = x;
        x += extents[b].core + extents[b].after;
    }
}

/// Place one rank as close as possible to its wanted positions.
fn settle(
    rank: &[usize],
    extents: &[Extent],
    gap: &impl Fn(usize, usize) -> f64,
    adjacent: &[Vec<Tie>],
    left: &mut [f64],
) {
    // offset[i]: the least distance from block 0's left edge to block i's.
    let mut offsets = Vec::with_capacity(rank.len());
    let mut offset = 0.0;
    for (i, &b) in rank.iter().enumerate() {
        if i > 0 {
            let a = rank[i - 1];
            offset += extents[a].core + extents[a].after + gap(a, b) + extents[b].before;
        }
        offsets.push(offset);
    }
    // With y_i = left_i - offset_i, the constraints become y_0 <= y_1 <= ...
    let targets: Vec<(f64, f64)> = rank
        .iter()
        .zip(&offsets)
        .map(|(&b, &off)| {
            let near = &adjacent[b];
            let total: f64 = near.iter().map(|t| t.weight).sum();
            let (want, weight) = if total <= 0.0 {
                (left[b], LOOSE)
            } else {
                let want = near
                    .iter()
                    .map(|t| t.weight * (left[t.other] + t.theirs - t.own))
                    .sum::<f64>()
                    / total;
                (want, total)
            };
            (want - off, weight)
        })
        .collect();
    for (i, y) in isotonic(&targets).into_iter().enumerate() {
        left[rank[i]] = y + offsets[i];
    }
}

/// Weighted least-squares fit of a non-decreasing sequence (pool adjacent violators).
pub(super) fn isotonic(targets: &[(f64, f64)]) -> Vec<f64> {
    // Pools of (weighted mean, total weight, length).
    let mut pools: Vec<(f64, f64, usize)> = Vec::with_capacity(targets.len());
    for &(value, weight) in targets {
        let mut pool = (value, weight, 1);
        while let Some(&last) = pools.last() {
            if last.0 <= pool.0 {
                break;
            }
            pools.pop();
            let w = last.1 + pool.1;
            pool = ((last.0 * last.1 + pool.0 * pool.1) / w, w, last.2 + pool.2);
        }
        pools.push(pool);
    }
    pools
        .into_iter()
        .flat_map(|(mean, _, len)| std::iter::repeat_n(mean, len))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn isotonic_pools_violators_to_their_mean() {
        let fit = isotonic(&[(1.0, 1.0), (3.0, 1.0), (2.0, 1.0), (4.0, 1.0)]);
        assert_eq!(fit, vec![1.0, 2.5, 2.5, 4.0]);
    }

    #[test]
    fn a_lone_child_sits_under_its_parent_and_siblings_keep_their_distance() {
        // Block 0 (wide) above blocks 1 and 2, both its children.
        let extents = [
            Extent {
                before: 0.0,
                core: 300.0,
                after: 0.0,
            },
            Extent {
                before: 0.0,
                core: 100.0,
                after: 0.0,
            },
            Extent {
                before: 0.0,
                core: 100.0,
                after: 0.0,
            },
        ];
        let order = vec![vec![0], vec![1, 2]];
        let tie = |other, own, theirs| Tie {
            other,
            weight: 1.0,
            own,
            theirs,
        };
        let up = vec![vec![], vec![tie(0, 50.0, 150.0)], vec![tie(0, 50.0, 150.0)]];
        let down = vec![
            vec![tie(1, 150.0, 50.0), tie(2, 150.0, 50.0)],
            vec![],
            vec![],
        ];
        let left = place(&order, &extents, |_, _| 20.0, &up, &down);
        assert!(
            left[2] - left[1] >= 120.0 - 1e-9,
            "siblings overlap: {left:?}"
        );
        let parent_centre = left[0] + 150.0;
        let children_centre = (left[1] + left[2]) / 2.0 + 50.0;
        assert!((parent_centre - children_centre).abs() < 1.0, "{left:?}");
    }
}
