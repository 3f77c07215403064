//! Capacity: each tier's share of the expected traffic, its headroom, the bottleneck.

use super::super::context::Writeup;
use super::super::document::{Section, Spans};
use super::super::facts::name_list;
use crate::analysis::capacity::Split;

pub fn section(cx: &Writeup) -> Option<Section> {
    let picture = cx.analysis.capacity.as_ref()?;
    let d = cx.design;
    let mut s = Section::new("capacity", "Capacity");
    s.para(format!(
        "The design expects {:.0} requests per second. Each request is assumed to pass once \
         through every tier on its way; a tier's load is spread over its active instances \
         (standbys of active-passive pairs wait).",
        picture.expected_qps
    ));
    let rows = picture
        .tiers
        .iter()
        .map(|t| {
            let ids: Vec<_> = t.instances.iter().map(|(i, _)| *i).collect();
            vec![
                Spans::from(t.tier.name()),
                name_list(d, &ids),
                match t.split {
                    Split::Even => format!("{:.0} each (even split)", t.share).into(),
                    Split::ByCapacity => "by capacity".into(),
                },
                t.capacity
                    .map_or("not declared".into(), |c| format!("{c:.0}").into()),
                t.headroom
                    .map_or("—".into(), |h| format!("{:+.0} %", h * 100.0).into()),
            ]
        })
        .collect();
    s.table(
        vec!["tier", "active instances", "load", "capacity", "headroom"],
        rows,
    );
    if let Some(tier) = picture.bottleneck {
        s.para(format!(
            "The bottleneck is the {}: it runs out first as traffic grows. Round robin \
             gives every instance the same share, so a tier is only as strong as its \
             weakest instance times their number.",
            tier.name()
        ));
    }
    Some(s)
}
