//! Stage 3: what the design *does* — traffic, user journeys and their single points of
//! failure, TLS, DNS and firewall decisions. Lint rules read this; they never walk the
//! raw graph for these questions themselves.

pub mod availability;
pub mod capacity;
mod cut;
pub mod dns;
pub mod firewall;
pub mod journey;
pub mod spof;
pub mod tier;
pub mod tls;
pub mod traffic;
pub mod whatif;

use crate::model::Design;

/// Everything the analysis found in one design.
#[derive(Debug, Clone)]
pub struct Analysis {
    pub dns: dns::Dns,
    pub traffic: traffic::Traffic,
    pub entry: journey::Entry,
    /// What users can reach on each journey.
    pub reach: std::collections::BTreeMap<
        journey::Journey,
        std::collections::HashSet<crate::model::NodeId>,
    >,
    pub spofs: Vec<spof::Spof>,
    pub tls: tls::Tls,
    /// Which firewalls filter traffic into each host.
    pub protection: firewall::Protection,
    /// Every firewall decision on every hop into a protected host.
    pub firewall: Vec<firewall::Check>,
}

pub fn analyze(design: &Design) -> Analysis {
    let dns = dns::Dns::new(design);
    let traffic = traffic::Traffic::new(design);
    let entry = journey::Entry::new(design, &dns);
    let reach = journey::Journey::ALL
        .into_iter()
        .map(|j| (j, journey::reachable(design, &traffic, &entry, j)))
        .collect();
    let spofs = spof::find(design, &traffic, &entry, &reach);
    let tls = tls::Tls::new(design, &traffic, &dns);
    let protection = firewall::Protection::new(design);
    let firewall = firewall::evaluate(design, &traffic, &protection);
    Analysis {
        dns,
        traffic,
        entry,
        reach,
        spofs,
        tls,
        protection,
        firewall,
    }
}
