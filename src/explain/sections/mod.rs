//! One file per section, in the order the explanation reads. Each returns `None` when
//! the design has nothing for it to talk about.

pub mod availability;
pub mod capacity;
pub mod components;
pub mod deployment;
pub mod dns;
pub mod firewalls;
pub mod glossary;
pub mod https;
pub mod issues;
pub mod load_balancing;
pub mod monitoring;
pub mod overview;
pub mod redundancy;
pub mod replication;
pub mod request;
pub mod servers;
