//! Active-active or active-passive, as this design has it, and what the other mode
//! would change.

use super::super::context::Context;
use super::super::document::{Section, and_list, code};
use super::super::facts::{described, name, names};
use crate::model::Kind;

pub fn section(cx: &Context) -> Option<Section> {
    let d = cx.design;
    let clusters = cx.of(Kind::Cluster);
    let lbs = cx.of(Kind::LoadBalancer);
    if clusters.is_empty() && lbs.is_empty() {
        return None;
    }
    let mut s = Section::new("active-active-passive", "Active-active or active-passive");
    s.para(
        "Redundant servers can share the work in two ways. **Active-active**: every \
         instance serves traffic at the same time, so capacity adds up and a failure only \
         removes a share of it. **Active-passive**: one instance serves while the other \
         stands by, taking over (usually by grabbing a virtual IP) when the active one \
         fails; capacity is that of one instance and the switch takes a few seconds."
            .to_string(),
    );
    for c in clusters {
        let node = d.node(c);
        let members = names(d, &d.members(c));
        let vip = node.attrs.ip("vip").map_or(String::new(), |ip| {
            format!(" behind the virtual IP {}", code(&ip.to_string()))
        });
        let software = node
            .attrs
            .text("software")
            .map_or(String::new(), |sw| format!(", managed by {}", code(sw)));
        let text = match node.attrs.text("mode") {
            Some("active_passive") => format!(
                "The cluster {} runs {} **active-passive**{vip}{software}: one member holds \
                 the address and serves, the other watches it and takes the address over if \
                 it stops answering. Active-active would put both to work at once (DNS or a \
                 front load balancer spreading requests over them), doubling capacity, but \
                 then each must be able to carry the whole load alone when the other fails.",
                name(d, c),
                and_list(&members)
            ),
            Some("active_active") => format!(
                "The cluster {} runs {} **active-active**{vip}{software}: every member serves \
                 at once. Active-passive would keep one idle as a hot spare: simpler state, \
                 half the capacity.",
                name(d, c),
                and_list(&members)
            ),
            _ => format!(
                "The cluster {} groups {}{vip}{software} without declaring a mode.",
                name(d, c),
                and_list(&members)
            ),
        };
        s.para(text);
    }
    for lb in lbs {
        let mode = d.node(lb).attrs.text("mode");
        let text = match mode {
            Some("active_active") => format!(
                "{} runs its backends **active-active**: all of them take requests. In \
                 active-passive, backups would only receive traffic once the primary \
                 backends fail their health checks.",
                described(d, lb)
            ),
            Some("active_passive") => format!(
                "{} runs its backends **active-passive**: backups wait and only receive \
                 traffic when the active ones fail their health checks. Active-active would \
                 use every backend all the time.",
                described(d, lb)
            ),
            _ => format!(
                "{} declares no mode, so it sends requests to every backend: \
                 **active-active** across them.",
                described(d, lb)
            ),
        };
        s.para(text);
        let clustered = cx
            .of(Kind::Cluster)
            .iter()
            .any(|&c| d.members(c).contains(&d.host(lb).unwrap_or(lb)));
        if !clustered {
            s.para(format!(
                "The load balancer itself has no partner: whichever mode its backends run \
                 in, {} alone stands between the users and every server. A second load \
                 balancer, active-passive behind a virtual IP, removes that single point of \
                 failure.",
                name(d, lb)
            ));
        }
    }
    Some(s)
}
