//! `infrac check --format json` at scale: generated designs of 1k, 10k and 100k servers
//! (clustered load balancers, web/app/primary/replica cells, firewalls, agents).
//!
//! Prints the time per size and the growth ratio between sizes. Targets on the 2-core
//! reference machine: 100k servers under 2 s, and 10x the input costing at most 12x the
//! time. Run with `cargo bench --bench check_scale`.

use infrac::Source;
// The same allocator as the `infrac` binary, so the figures are what the CLI does.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use infrac::lint::Config;
use infrac::report::json;
use std::time::{Duration, Instant};

fn main() {
    let sizes = [1_000, 10_000, 100_000];
    let mut previous: Option<Duration> = None;
    println!(
        "{:>9}  {:>9}  {:>10}  {:>9}  {:>8}",
        "servers", "MB", "findings", "time", "growth"
    );
    for servers in sizes {
        let text = infrac::synth::tiered_design(servers);
        let source = Source::new("synthetic.infra", text.as_str());
        let config = Config::default();
        let best = (0..3)
            .map(|_| {
                let start = Instant::now();
                let checked = infrac::check(&source, &config).expect("synthetic design compiles");
                let findings = checked.findings.len();
                let outcomes = [checked.into_outcome()];
                let rendered = json::render(&outcomes);
                std::hint::black_box(rendered.len());
                (start.elapsed(), findings)
            })
            .min()
            .expect("three runs");
        let growth = previous.map_or("-".to_string(), |p| {
            format!("{:.1}x", best.0.as_secs_f64() / p.as_secs_f64())
        });
        println!(
            "{servers:>9}  {:>9.1}  {:>10}  {:>8.2}s  {growth:>8}",
            text.len() as f64 / 1e6,
            best.1,
            best.0.as_secs_f64()
        );
        previous = Some(best.0);
    }
}
