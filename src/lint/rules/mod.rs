//! The rule catalogue. Each rule is one file; its `//!` comment is its documentation
//! (`infrac rules NAME` prints it), so the docs cannot drift from the code.
//!
//! Adding a rule: write `lint/rules/<name>.rs` (doc comment with What it does / Why it
//! matters / Example / Fix, a unit struct, `impl Rule`), add it to the list below, and
//! add a firing and a clean fixture under `tests/lint/`.

use super::rule::Rule;

macro_rules! catalogue {
    ($($module:ident : $rule:ident),* $(,)?) => {
        $(pub mod $module;)*

        /// Every rule, in catalogue order.
        pub static RULES: &[&dyn Rule] = &[$(&$module::$rule),*];

        /// Each rule's source file, for its documentation.
        static SOURCES: &[&str] = &[$(include_str!(concat!(stringify!($module), ".rs"))),*];
    };
}

catalogue! {
    single_point_of_failure: SinglePointOfFailure,
    single_cache_or_queue: SingleCacheOrQueue,
    single_zone_tier: SingleZoneTier,
    single_zone_database: SingleZoneDatabase,
    cannot_scale_horizontally: CannotScaleHorizontally,
    no_https: NoHttps,
    https_without_certificate: HttpsWithoutCertificate,
    plaintext_behind_tls_termination: PlaintextBehindTlsTermination,
    cdn_plaintext_to_origin: CdnPlaintextToOrigin,
    certificate_mismatch: CertificateMismatch,
    certificate_expired: CertificateExpired,
    certificate_expiring: CertificateExpiring,
    no_firewall: NoFirewall,
    exposed_database: ExposedDatabase,
    ssh_open_to_world: SshOpenToWorld,
    flow_blocked_by_firewall: FlowBlockedByFirewall,
    firewall_protects_nothing: FirewallProtectsNothing,
    public_object_store: PublicObjectStore,
    no_monitoring: NoMonitoring,
    no_qps_metric: NoQpsMetric,
    cname_to_ip: CnameToIp,
    cname_at_apex: CnameAtApex,
    dangling_record: DanglingRecord,
    colocated_tiers: ColocatedTiers,
    single_backend: SingleBackend,
    over_capacity: OverCapacity,
    no_health_check: NoHealthCheck,
    active_passive_without_vip: ActivePassiveWithoutVip,
    active_passive_without_backup: ActivePassiveWithoutBackup,
    replica_without_primary: ReplicaWithoutPrimary,
    no_listener: NoListener,
    unreachable_component: UnreachableComponent,
    unused_suppression: UnusedSuppression,
}

/// The rule reported for suppressions that silence nothing.
pub const UNUSED_SUPPRESSION: &str = "unused-suppression";

pub fn find(name: &str) -> Option<&'static dyn Rule> {
    RULES.iter().copied().find(|r| r.name() == name)
}

/// The documentation of a rule: the `//!` lines at the top of its file.
pub fn docs(name: &str) -> Option<String> {
    let index = RULES.iter().position(|r| r.name() == name)?;
    let doc: Vec<&str> = SOURCES[index]
        .lines()
        .take_while(|l| l.starts_with("//!"))
        .map(|l| {
            l.strip_prefix("//! ")
                .unwrap_or(l.trim_start_matches("//!"))
        })
        .collect();
    Some(doc.join("\n").trim().to_string() + "\n")
}

/// One `## Heading` part of a rule's documentation ("Why it matters", "Fix"), as text.
pub fn doc_section(name: &str, heading: &str) -> Option<String> {
    let docs = docs(name)?;
    let marker = format!("## {heading}");
    let text: Vec<&str> = docs
        .lines()
        .skip_while(|l| l.trim() != marker)
        .skip(1)
        .take_while(|l| !l.starts_with("## "))
        .collect();
    let text = text.join("\n").trim().to_string();
    (!text.is_empty()).then_some(text)
}

/// The first sentence of a rule's "What it does", for listings.
pub fn summary(name: &str) -> String {
    let docs = docs(name).unwrap_or_default();
    let text: String = docs
        .lines()
        .skip_while(|l| !l.starts_with("## What it does"))
        .skip(1)
        .take_while(|l| !l.trim().is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    match text.find(". ") {
        Some(end) => text[..=end].to_string(),
        None => text,
    }
}
