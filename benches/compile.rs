//! Parse and parse+lower throughput on a generated multi-megabyte design.
//!
//! `cargo bench --bench compile` prints MiB/s for each stage (criterion's throughput
//! line). Target on the 2-core reference machine: at least 10 MB/s for parse+lower.

// The same allocator as the `infrac` binary, so the figures are what the CLI does.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use infrac::Source;
use std::hint::black_box;

fn compile_throughput(c: &mut Criterion) {
    // ~4 MB: 12,000 servers in 3,000 web/app/db/replica cells.
    let text = infrac::synth::tiered_design(12_000);
    let source = Source::new("bench.infra", text.as_str());
    let mut group = c.benchmark_group("compile");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.sample_size(10);
    group.bench_function("parse", |b| {
        b.iter(|| infrac::syntax::parse(black_box(&text)).map(|f| f.statements.len()))
    });
    group.bench_function("parse+lower", |b| {
        b.iter(|| {
            infrac::compile(black_box(&source))
                .map(|d| d.graph.node_count())
                .ok()
        })
    });
    let file = infrac::syntax::parse(&text).ok();
    group.bench_function("format", |b| {
        b.iter(|| {
            file.as_ref()
                .map(|f| infrac::syntax::format(black_box(&text), f).len())
        })
    });
    group.finish();
    eprintln!("input: {:.1} MB", text.len() as f64 / 1e6);
}

criterion_group!(benches, compile_throughput);
criterion_main!(benches);
