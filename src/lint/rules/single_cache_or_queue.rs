//! ## What it does
//! Finds caches and queues that a user journey cannot do without and that run as one
//! instance: every path from the users to the data (reads served from the cache) or to
//! the primary database (writes sent through the queue) goes through them.
//!
//! ## Why it matters
//! A cache or a queue in the middle of a journey is as much a single point of failure as
//! the database behind it, and fails in its own ways: a lone Redis that restarts empty
//! sends every read to the database at once, and a lone broker that dies stops writes
//! at the producers (or loses the messages it held). They are easy to forget, because
//! the design's "real" data lives elsewhere.
//!
//! ## Example
//! ```infra
//! server app1 { app_server api {} }
//! server app2 { app_server api {} }
//! server mq { queue rabbit { engine = rabbitmq } }
//! server worker { app_server jobs {} }
//! server db1 { database pg { engine = postgres } }
//! internet -> [app1, app2] : https
//! [app1.api, app2.api] -> mq : amqp
//! worker.jobs -> mq : amqp { consumes = true }
//! worker.jobs -> db1 : postgres
//! ```
//! Every write goes through `mq.rabbit`.
//!
//! ## Fix
//! Run the cache or the broker replicated: a Redis replica with Sentinel (or a managed
//! cache over two zones: `cache c { managed = true, zones = [a, b] }`), a RabbitMQ
//! cluster with quorum queues, Kafka with a replication factor of 3.

use super::single_point_of_failure::join_and;
use crate::lint::{Context, Finding, Rule, Severity};
use crate::model::Kind;

/// The rule's stable name.
pub const NAME: &str = "single-cache-or-queue";

pub struct SingleCacheOrQueue;

impl Rule for SingleCacheOrQueue {
    fn name(&self) -> &'static str {
        NAME
    }

    fn default_severity(&self) -> Severity {
        Severity::Error
    }

    fn check(&self, cx: &Context) -> Vec<Finding> {
        cx.analysis
            .spofs
            .iter()
            .filter(|spof| matches!(cx.design.node(spof.node).kind, Kind::Cache | Kind::Queue))
            .map(|spof| {
                let kind = cx.design.node(spof.node).kind;
                let losses: Vec<&str> = spof.journeys.iter().map(|j| j.loss()).collect();
                let message = format!(
                    "{} {} is a single point of failure: if it fails, {} fail",
                    if kind == Kind::Cache { "cache" } else { "queue" },
                    cx.name(spof.node),
                    join_and(&losses)
                );
                let help = if kind == Kind::Cache {
                    "run a replica with automatic failover (Redis Sentinel, or a managed cache over two zones)"
                } else {
                    "run the broker as a cluster that replicates messages (quorum queues, Kafka replication), or a managed queue"
                };
                cx.finding(self, spof.node, message).help(help)
            })
            .collect()
    }
}
