//! Lists that the members of a cluster share.
//!
//! A cluster of many balancers in front of many backends holds its backends (and the
//! plain hops beyond them) once, in one `Arc` every member points to. A question about
//! all members — "which backends, all told?" — must read each shared list once, or it
//! walks members × backends: 600 balancers in front of 12,000 web servers is 7 million
//! entries to sort for an answer of 12,000.

use std::collections::{BTreeSet, HashSet};
use std::sync::Arc;

/// The sorted union of `lists`, reading a list shared by several holders once.
pub fn union<'a, T: Ord + Copy + 'a>(lists: impl IntoIterator<Item = &'a Arc<[T]>>) -> Vec<T> {
    let mut read: HashSet<*const T> = HashSet::new();
    let mut all = BTreeSet::new();
    for list in lists {
        if read.insert(list.as_ptr()) {
            all.extend(list.iter().copied());
        }
    }
    all.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shared_list_counts_once_and_equal_copies_merge() {
        let shared: Arc<[u32]> = Arc::from(vec![3, 1, 2]);
        let copy: Arc<[u32]> = Arc::from(vec![2, 3]);
        let other: Arc<[u32]> = Arc::from(vec![9]);
        let lists = [shared.clone(), shared, copy, other];
        assert_eq!(union(&lists), vec![1, 2, 3, 9]);
        assert_eq!(union::<u32>(&[]), Vec::<u32>::new());
    }
}
