//! Items configured alike: the same kind and the same attributes, value for value. A
//! write-up describes such items once ("`lb1.haproxy` and `lb2.haproxy`, configured
//! alike, …") instead of repeating a paragraph per instance.

use crate::model::{Design, NodeId};

/// Whether two items are of one kind and declare the same attributes with the same values
/// (where they were written does not matter).
pub fn configured_alike(design: &Design, a: NodeId, b: NodeId) -> bool {
    let (a, b) = (design.node(a), design.node(b));
    a.kind == b.kind
        && a.attrs.iter().count() == b.attrs.iter().count()
        && a.attrs
            .iter()
            .all(|attr| b.attrs.get(attr.key) == Some(&attr.value))
}

/// `items` in groups of items configured alike and sharing `key` (what else must match:
/// the backends, the certificate's receivers…), each group in the order given, groups in
/// the order of their first item.
pub fn groups<K: PartialEq>(
    design: &Design,
    items: &[NodeId],
    key: impl Fn(NodeId) -> K,
) -> Vec<Vec<NodeId>> {
    let mut groups: Vec<(K, Vec<NodeId>)> = Vec::new();
    for &item in items {
        let k = key(item);
        match groups
            .iter_mut()
            .find(|(gk, g)| *gk == k && configured_alike(design, g[0], item))
        {
            Some((_, g)) => g.push(item),
            None => groups.push((k, vec![item])),
        }
    }
    groups.into_iter().map(|(_, g)| g).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Source;

    #[test]
    fn same_settings_group_and_a_difference_splits() {
        let design = crate::compile(Source::new(
            "t",
            "server a { web_server n { software = nginx } }\n\
             server b { web_server n { software = nginx } }\n\
             server c { web_server n { software = apache } }\n",
        ))
        .expect("compiles");
        let ids: Vec<NodeId> = ["a.n", "b.n", "c.n"]
            .iter()
            .filter_map(|p| design.find(p))
            .collect();
        let g = groups(&design, &ids, |_| ());
        assert_eq!(g, vec![vec![ids[0], ids[1]], vec![ids[2]]]);
        let g = groups(&design, &ids, |id| id);
        assert_eq!(g.len(), 3, "a key that differs keeps them apart");
    }
}
