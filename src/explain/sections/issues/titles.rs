//! The heading of each kind of problem, in the words of the exercise where it has them.

use crate::explain::document::capitalized;
use crate::lint::rules::*;

/// A heading for a kind of problem, in the words of the exercise where it has them.
pub fn title(rule: &str, n: usize) -> String {
    let many = n > 1;
    match rule {
        single_point_of_failure::NAME if many => "Single points of failure (SPOF)".into(),
        single_point_of_failure::NAME => "Single point of failure (SPOF)".into(),
        cannot_scale_horizontally::NAME => "Cannot scale with more traffic".into(),
        no_https::NAME => "No HTTPS".into(),
        https_without_certificate::NAME => "HTTPS without a certificate".into(),
        plaintext_behind_tls_termination::NAME => "SSL termination at the load balancer".into(),
        certificate_mismatch::NAME => "The certificate does not cover the site's name".into(),
        certificate_expired::NAME => "Expired certificate".into(),
        certificate_expiring::NAME => "Certificate about to expire".into(),
        no_firewall::NAME => "No firewall".into(),
        exposed_database::NAME => "Database open to the internet".into(),
        ssh_open_to_world::NAME => "SSH open to the whole internet".into(),
        flow_blocked_by_firewall::NAME => "Traffic the firewalls block".into(),
        no_monitoring::NAME => "No monitoring".into(),
        no_qps_metric::NAME => "Request rate (QPS) not monitored".into(),
        cname_to_ip::NAME => "A CNAME record holding an IP address".into(),
        cname_at_apex::NAME => "A CNAME record at the zone apex".into(),
        dangling_record::NAME => "DNS names that lead nowhere".into(),
        colocated_tiers::NAME => "Every tier on the same servers".into(),
        single_backend::NAME => "One backend behind the load balancer".into(),
        over_capacity::NAME => "Not enough capacity for the expected traffic".into(),
        no_health_check::NAME => "No health check".into(),
        active_passive_without_vip::NAME => "Active-passive without a virtual IP".into(),
        replica_without_primary::NAME => "A replica without a primary".into(),
        no_listener::NAME => "Traffic nothing listens for".into(),
        unreachable_component::NAME => "Components nothing reaches".into(),
        other => {
            let words = other.replace('-', " ");
            capitalized(words).plain()
        }
    }
}
