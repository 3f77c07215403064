//! Tiers: the layers a request passes through.

use crate::model::Kind;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Tier {
    LoadBalancer,
    Web,
    App,
    Cache,
    Queue,
    Database,
}

impl Tier {
    pub fn of(kind: Kind) -> Option<Tier> {
        Some(match kind {
            Kind::LoadBalancer => Tier::LoadBalancer,
            Kind::WebServer => Tier::Web,
            Kind::AppServer => Tier::App,
            Kind::Cache => Tier::Cache,
            Kind::Queue => Tier::Queue,
            Kind::Database => Tier::Database,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            Tier::LoadBalancer => "load-balancer tier",
            Tier::Web => "web tier",
            Tier::App => "application tier",
            Tier::Cache => "cache tier",
            Tier::Queue => "queue tier",
            Tier::Database => "database tier",
        }
    }

    /// The kind of component the tier is made of.
    pub fn kind(self) -> Kind {
        match self {
            Tier::LoadBalancer => Kind::LoadBalancer,
            Tier::Web => Kind::WebServer,
            Tier::App => Kind::AppServer,
            Tier::Cache => Kind::Cache,
            Tier::Queue => Kind::Queue,
            Tier::Database => Kind::Database,
        }
    }

    /// What runs in the tier: "web server", "application server" (the kind's wording).
    pub fn role(self) -> &'static str {
        self.kind().role()
    }
}
