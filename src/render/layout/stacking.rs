//! Which net's horizontal track goes above which in one channel, so nets cross least.
//!
//! A net's track spans all its vertical lines in the channel; lines reaching up come down
//! from the rank above to the track, lines reaching down go on from it to the rank below.
//! When two spans overlap, the one above has its downward lines cross the other's track
//! wherever they fall inside that track's span, and the one below has its upward lines
//! cross the upper track the same way. So for each overlapping pair one of the two
//! stackings is cheaper, and which one depends on the pair alone: nets running to the
//! right want the one starting farther right on top, nets running left the opposite.
//! Packing tracks by left ends alone (the obvious compaction) gets half of these wrong.
//!
//! The order is found by sifting (take each net out, put it back where the pairs it is
//! in cost least), from the left-end order, until a round improves nothing. Its cost is
//! O(n²) per round in the nets of one channel, which are few (one per hop through it).

/// One net's share of a channel: its span and the x of its lines, each list sorted.
pub struct Reaching<'a> {
    pub lo: f64,
    pub hi: f64,
    pub up: &'a [f64],
    pub down: &'a [f64],
}

/// Rounds of sifting at most; each is quadratic in the channel's nets.
const MAX_ROUNDS: usize = 4;

/// What a hard demand (one net's line must not run along another's) weighs against
/// crossings, so the order keeps it whenever it can.
pub const DEMAND: i64 = 1 << 20;

/// Lines of `xs` strictly inside `(lo, hi)`: at an end they meet the track, not cross it.
fn inside(xs: &[f64], lo: f64, hi: f64) -> i64 {
    const EPS: f64 = 1e-6;
    let from = xs.partition_point(|&x| x <= lo + EPS);
    let to = xs.partition_point(|&x| x < hi - EPS);
    to.saturating_sub(from) as i64
}

/// Crossings when `a`'s track is above `b`'s.
fn cost_above(a: &Reaching, b: &Reaching) -> i64 {
    inside(a.down, b.lo, b.hi) + inside(b.up, a.lo, a.hi)
}

/// Per net, every net it overlaps and what putting it above that one costs more than
/// the opposite (negative: above is cheaper). `nets` must be sorted by left end.
pub fn preferences(nets: &[Reaching]) -> Vec<Vec<(usize, i64)>> {
    let mut out = vec![Vec::new(); nets.len()];
    for (k, a) in nets.iter().enumerate() {
        for (j, b) in nets.iter().enumerate().skip(k + 1) {
            if b.lo >= a.hi {
                break;
            }
            let d = cost_above(a, b) - cost_above(b, a);
            if d != 0 {
                out[k].push((j, d));
                out[j].push((k, -d));
            }
        }
    }
    out
}

/// A top-to-bottom order of the nets with few crossings. `must_above[k]` lists nets that
/// have to be above net `k` (weighed as `DEMAND` crossings each).
pub fn order(prefs: &[Vec<(usize, i64)>], must_above: &[Vec<usize>]) -> Vec<usize> {
    let n = prefs.len();
    let mut pairs = prefs.to_vec();
    for (k, list) in must_above.iter().enumerate() {
        for &u in list {
            // u above k is wanted: k above u costs DEMAND more.
            pairs[k].push((u, DEMAND));
            pairs[u].push((k, -DEMAND));
        }
    }
    let mut sequence: Vec<usize> = (0..n).collect();
    if pairs.iter().all(Vec::is_empty) {
        return sequence;
    }
    // Dense scratch: what net k above net j costs more than j above k, for the net
    // being sifted.
    let mut extra = vec![0i64; n];
    for _ in 0..MAX_ROUNDS {
        let mut improved = false;
        for (k, pairs_k) in pairs.iter().enumerate() {
            if pairs_k.is_empty() {
                continue;
            }
            for &(j, d) in pairs_k {
                extra[j] += d;
            }
            let from = sequence.iter().position(|&s| s == k).unwrap_or(0);
            sequence.remove(from);
            // Moving k below sequence[i] saves what k above it costs more.
            let (mut best, mut best_at, mut change) = (0i64, 0usize, 0i64);
            let mut at_from = 0i64;
            for (i, &s) in sequence.iter().enumerate() {
                change -= extra[s];
                if i + 1 == from {
                    at_from = change;
                }
                if change < best {
                    best = change;
                    best_at = i + 1;
                }
            }
            if from == 0 {
                at_from = 0;
            }
            // Stay put unless moving saves something.
            let to = if best < at_from { best_at } else { from };
            improved |= to != from;
            sequence.insert(to, k);
            for &(j, _) in pairs_k {
                extra[j] = 0;
            }
        }
        if !improved {
            break;
        }
    }
    sequence
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Net 0 comes down at 0 and goes on at 10; net 1 comes down at 5 and goes on at 15.
    fn running_right() -> [Reaching<'static>; 2] {
        [
            Reaching {
                lo: 0.0,
                hi: 10.0,
                up: &[0.0],
                down: &[10.0],
            },
            Reaching {
                lo: 5.0,
                hi: 15.0,
                up: &[5.0],
                down: &[15.0],
            },
        ]
    }

    fn cost(nets: &[Reaching], sequence: &[usize]) -> i64 {
        let mut total = 0;
        for (i, &a) in sequence.iter().enumerate() {
            for &b in &sequence[i + 1..] {
                let (x, y) = (&nets[a], &nets[b]);
                if x.lo < y.hi && y.lo < x.hi {
                    total += cost_above(x, y);
                }
            }
        }
        total
    }

    #[test]
    fn two_nets_running_right_stack_the_right_one_on_top() {
        let nets = running_right();
        assert_eq!(cost(&nets, &[0, 1]), 2);
        let sequence = order(&preferences(&nets), &[vec![], vec![]]);
        assert_eq!(sequence, vec![1, 0]);
        assert_eq!(cost(&nets, &sequence), 0);
    }

    #[test]
    fn a_demand_outweighs_crossings() {
        let nets = running_right();
        // Net 0 must be above net 1, whatever it crosses.
        let sequence = order(&preferences(&nets), &[vec![], vec![0]]);
        assert_eq!(sequence, vec![0, 1]);
    }

    #[test]
    fn lines_at_a_span_end_do_not_cross_it() {
        assert_eq!(inside(&[0.0, 5.0, 10.0], 0.0, 10.0), 1);
    }
}
