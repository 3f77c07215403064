//! What a server is, and what each of this design's servers runs.

use super::super::context::Context;
use super::super::document::{Section, and_list, code, count};
use super::super::facts::{address, components, described, role};
use crate::model::Kind;

pub fn section(cx: &Context) -> Option<Section> {
    let d = cx.design;
    let servers = cx.of(Kind::Server);
    if servers.is_empty() {
        return None;
    }
    let mut s = Section::new("servers", "Servers");
    s.para(format!(
        "A server is a computer — physical, or a virtual machine in a data centre or a \
         cloud — that runs programs which answer requests from other computers over the \
         network. It has an IP address other machines reach it at, an operating system, \
         and here runs the software that makes up the website. This design has {}.",
        count(servers.len(), "server", "servers")
    ));
    let rows = servers
        .iter()
        .map(|&id| {
            let parts: Vec<String> = components(d, id)
                .into_iter()
                .map(|c| format!("{} {}", role(d.node(c).kind), described(d, c)))
                .collect();
            vec![
                code(&d.node(id).name),
                address(d, id).map_or_else(|| "—".to_string(), |ip| code(&ip)),
                if parts.is_empty() {
                    "nothing yet".to_string()
                } else {
                    and_list(&parts)
                },
            ]
        })
        .collect();
    s.table(
        vec!["server".into(), "IP address".into(), "runs".into()],
        rows,
    );
    Some(s)
}
