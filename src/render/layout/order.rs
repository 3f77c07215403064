//! Phase 2 of the layered layout: the order of blocks within each rank.
//!
//! Barycenter sweeps (down, then up) over the block graph, keeping the order with the
//! fewest crossings. Crossings between two ranks are counted in O(E log V) as inversions
//! (Barth, Jünger and Mutzel, "Simple and efficient bilayer cross counting", 2004).

/// Edges between rank `r` and `r + 1`, as (upper block, lower block).
pub type Links = Vec<Vec<(usize, usize)>>;

/// Sweeps without improvement before giving up.
const PATIENCE: usize = 2;
/// Down-and-up sweep pairs at most.
const MAX_ROUNDS: usize = 8;

/// Reorder `order` (blocks per rank, in their initial order) to reduce crossings.
pub fn reduce_crossings(order: &mut [Vec<usize>], links: &Links, blocks: usize) {
    if order.len() < 2 {
        return;
    }
    let (up, down) = neighbours(links, blocks);
    let mut position = vec![0usize; blocks];
    index(order, &mut position);
    let mut best = order.to_vec();
    let mut best_crossings = count_all(order, links, &position);
    let mut stale = 0;
    for _ in 0..MAX_ROUNDS {
        if best_crossings == 0 {
            break;
        }
        for rank in order.iter_mut().skip(1) {
            sort_by_barycenter(rank, &up, &mut position);
        }
        let last = order.len() - 1;
        for rank in order[..last].iter_mut().rev() {
            sort_by_barycenter(rank, &down, &mut position);
        }
        let crossings = count_all(order, links, &position);
        if crossings < best_crossings {
            best_crossings = crossings;
            best = order.to_vec();
            stale = 0;
        } else {
            stale += 1;
            if stale >= PATIENCE {
                break;
            }
        }
    }
    order.clone_from_slice(&best);
}

/// For each block, its neighbours in the rank above and in the rank below.
fn neighbours(links: &Links, blocks: usize) -> (Vec<Vec<usize>>, Vec<Vec<usize>>) {
    let mut up = vec![Vec::new(); blocks];
    let mut down = vec![Vec::new(); blocks];
    for &(a, b) in links.iter().flatten() {
        down[a].push(b);
        up[b].push(a);
    }
    (up, down)
}

fn index(order: &[Vec<usize>], position: &mut [usize]) {
    for rank in order {
        for (i, &b) in rank.iter().enumerate() {
            position[b] = i;
        }
    }
}

/// Sort one rank by the mean position of each block's neighbours on the fixed side;
/// blocks without neighbours there keep their place.
fn sort_by_barycenter(rank: &mut [usize], adjacent: &[Vec<usize>], position: &mut [usize]) {
    let mut keyed: Vec<(f64, usize, usize)> = rank
        .iter()
        .enumerate()
        .map(|(i, &b)| {
            let near = &adjacent[b];
            let key = if near.is_empty() {
                i as f64
            } else {
                near.iter().map(|&n| position[n] as f64).sum::<f64>() / near.len() as f64
            };
            (key, i, b)
        })
        .collect();
    keyed.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    for (i, (_, _, b)) in keyed.into_iter().enumerate() {
        rank[i] = b;
        position[b] = i;
    }
}

fn count_all(order: &[Vec<usize>], links: &Links, position: &[usize]) -> u64 {
    links
        .iter()
        .enumerate()
        .map(|(r, edges)| {
            let width = order.get(r + 1).map_or(0, Vec::len);
            bilayer_crossings(edges, position, width)
        })
        .sum()
}

/// Crossings between two ranks: sort edges by (upper, lower) position, then count
/// inversions of the lower positions with a Fenwick tree.
pub fn bilayer_crossings(edges: &[(usize, usize)], position: &[usize], lower_width: usize) -> u64 {
    let mut pairs: Vec<(usize, usize)> = edges
        .iter()
        .map(|&(a, b)| (position[a], position[b]))
        .collect();
    pairs.sort_unstable();
    let mut tree = vec![0u64; lower_width + 1];
    let mut crossings = 0u64;
    for (seen, (_, lower)) in pairs.into_iter().enumerate() {
        let seen = seen as u64;
        // Edges already counted whose lower end lies strictly right of this one cross it.
        let mut at_or_left = 0;
        let mut i = lower + 1;
        while i > 0 {
            at_or_left += tree[i];
            i -= i & i.wrapping_neg();
        }
        crossings += seen - at_or_left;
        let mut i = lower + 1;
        while i <= lower_width {
            tree[i] += 1;
            i += i & i.wrapping_neg();
        }
    }
    crossings
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn brute(edges: &[(usize, usize)], position: &[usize]) -> u64 {
        let mut n = 0;
        for (i, &(a, b)) in edges.iter().enumerate() {
            for &(c, d) in &edges[i + 1..] {
                let (pa, pb, pc, pd) = (position[a], position[b], position[c], position[d]);
                if (pa < pc && pb > pd) || (pa > pc && pb < pd) {
                    n += 1;
                }
            }
        }
        n
    }

    proptest! {
        #[test]
        fn counts_like_brute_force(
            upper in 1usize..8,
            lower in 1usize..8,
            raw in prop::collection::vec((0usize..8, 0usize..8), 0..40),
        ) {
            // Blocks 0..upper are the upper rank, upper..upper+lower the lower one.
            let edges: Vec<_> = raw.iter().map(|&(a, b)| (a % upper, upper + b % lower)).collect();
            let position: Vec<usize> = (0..upper).chain(0..lower).collect();
            prop_assert_eq!(bilayer_crossings(&edges, &position, lower), brute(&edges, &position));
        }
    }

    #[test]
    fn untangles_a_crossed_pair() {
        // 0 1 over 2 3, edges 0-3 and 1-2 cross; swapping either rank removes it.
        let mut order = vec![vec![0, 1], vec![2, 3]];
        let links = vec![vec![(0, 3), (1, 2)]];
        reduce_crossings(&mut order, &links, 4);
        let mut position = vec![0; 4];
        index(&order, &mut position);
        assert_eq!(count_all(&order, &links, &position), 0);
    }
}
