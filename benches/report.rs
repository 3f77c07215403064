//! The human report against the JSON report for the same findings: a generated design of
//! ~1542 servers without monitoring agents (one finding per server), rendered both ways.
//! The human report must cost about what JSON costs (issue 13: 6.2 s against 0.25 s,
//! when miette scanned the whole source from its first byte for every excerpt).
//! Run with `cargo bench --bench report`.

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use criterion::{Criterion, criterion_group, criterion_main};
use infrac::diagnostics::Style;
use infrac::lint::Config;
use infrac::report::{Outcome, human, json};
use infrac::{Source, Sources};

fn unmonitored_design(servers: usize) -> String {
    infrac::synth::tiered_design(servers)
        .lines()
        .filter(|l| !l.trim_start().starts_with("monitoring_agent"))
        .map(|l| format!("{l}\n"))
        .collect()
}

fn reports(c: &mut Criterion) {
    let text = unmonitored_design(1542);
    let sources = Sources::from(Source::new("unmonitored.infra", text.as_str()));
    let checked = infrac::check(&sources, &Config::default()).expect("the design compiles");
    assert!(
        checked.findings.len() > 1000,
        "{} findings",
        checked.findings.len()
    );
    let outcomes = [Outcome::Checked {
        sources,
        findings: checked.findings,
        availability: Vec::new(),
    }];
    let mut group = c.benchmark_group("report 1542 servers");
    group.sample_size(10);
    group.bench_function("json", |b| b.iter(|| json::render(&outcomes).len()));
    group.bench_function("human", |b| {
        b.iter(|| human::render(&outcomes, Style::PLAIN).len())
    });
    group.finish();
}

criterion_group!(benches, reports);
criterion_main!(benches);
