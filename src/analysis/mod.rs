//! Stage 3: what the design *does* — traffic, user journeys and their single points of
//! failure, TLS, DNS and firewall decisions. Lint rules read this; they never walk the
//! raw graph for these questions themselves.

pub mod alike;
pub mod availability;
pub mod blast;
pub mod capacity;
mod cut;
pub mod dns;
pub mod domains;
pub mod dominators;
pub mod firewall;
pub mod journey;
pub mod outage;
pub mod pools;
pub mod resolution;
pub mod rollout;
pub mod shared;
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
    /// Which zone and region everything sits in.
    pub domains: domains::Domains,
    pub traffic: traffic::Traffic,
    pub entry: journey::Entry,
    /// What users can reach on each journey.
    pub reach: std::collections::BTreeMap<
        journey::Journey,
        std::collections::HashSet<crate::model::NodeId>,
    >,
    pub spofs: Vec<spof::Spof>,
    /// Zones and regions whose failure breaks a journey.
    pub outages: Vec<outage::Outage>,
    pub tls: tls::Tls,
    /// Which firewalls filter traffic into each host.
    pub protection: firewall::Protection,
    /// Every firewall decision on every hop into a protected host.
    pub firewall: Vec<firewall::Check>,
    /// Load per tier against capacity, when the design declares its expected traffic.
    pub capacity: Option<capacity::Capacity>,
    /// Each load balancer's backends, receivers, mode and cluster, in declaration order.
    pub pools: Vec<pools::Pool>,
    /// What each address record resolves to, as a browser's resolver would answer.
    pub answers: Vec<resolution::Answer>,
    /// How new code reaches the servers without downtime, when the design runs code.
    pub rollout: Option<rollout::Rollout>,
    /// Each journey's availability: factoring can be costly, so it is computed on first
    /// use (the linter never needs it).
    availability: std::sync::OnceLock<Vec<availability::Estimate>>,
}

impl Analysis {
    /// The pool of one load balancer.
    pub fn pool(&self, balancer: crate::model::NodeId) -> Option<&pools::Pool> {
        self.pools.iter().find(|p| p.balancer == balancer)
    }

    /// Each journey's estimated availability, computed once. `design` must be the design
    /// this analysis was made from.
    pub fn availability(&self, design: &Design) -> &[availability::Estimate] {
        self.availability
            .get_or_init(|| availability::estimate(design, self))
    }
}

pub fn analyze(design: &Design) -> Analysis {
    let mut answers = resolution::every_record(design);
    let dns = dns::Dns::new(design, &answers);
    answers.retain(resolution::Answer::is_address);
    let domains = domains::Domains::new(design);
    let traffic = traffic::Traffic::new(design);
    let entry = journey::Entry::new(design, &dns);
    let reach = journey::Journey::ALL
        .into_iter()
        .map(|j| (j, journey::reachable(design, &traffic, &entry, j)))
        .collect();
    let spofs = spof::find(design, &traffic, &entry, &reach);
    let outages = outage::find(design, &domains, &traffic, &entry, &reach);
    let tls = tls::Tls::new(design, &traffic, &dns);
    let protection = firewall::Protection::new(design);
    let firewall = firewall::evaluate(design, &traffic, &protection);
    let mut analysis = Analysis {
        dns,
        domains,
        traffic,
        entry,
        reach,
        spofs,
        outages,
        tls,
        protection,
        firewall,
        capacity: None,
        pools: Vec::new(),
        answers,
        rollout: None,
        availability: std::sync::OnceLock::new(),
    };
    analysis.capacity = capacity::analyze(design, &analysis);
    analysis.pools = pools::all(design, &analysis.traffic);
    analysis.rollout = rollout::rollout(design, &analysis, &analysis.pools);
    analysis
}
