//! The commands whose growth issue 20 pins, as the library runs them, on both generated
//! shapes (`synth::tiered_design`, cells of four servers; `synth::wide_cluster`, one
//! cluster whose every member reaches every web server) at 1k and 10k servers:
//!
//! - `check`: compile, analyse, lint and the JSON report;
//! - `explain`: the write-up of a checked design, as Markdown (without its diagram,
//!   which `benches/render.rs` measures);
//! - `whatif --fail-each`: every item failed alone;
//! - `lsp change`: a one-byte edit as the language server checks it — the statements it
//!   touched parsed again (`syntax::incremental`), then lowered, analysed and linted.
//!
//! Run with `cargo bench --bench commands`; `-- --save-baseline old` on the previous
//! release and `-- --baseline old` on this one print the ratio for every row. For the
//! growth per 10× as the CLI sees it (CPU time and peak RSS of the process), run
//! `bench/scale.py` and `bench/lsp_change.py`.

// The same allocator as the `infrac` binary, so the figures are what the CLI does.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use criterion::{BatchSize, BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use infrac::lint::Config;
use infrac::report::json;
use infrac::syntax::incremental::Reparser;
use infrac::{Checked, Source, Sources};
use std::hint::black_box;

const SIZES: [usize; 2] = [1_000, 10_000];

/// A design generator: servers in, `.infra` text out.
type Generator = fn(usize) -> String;

/// Each shape at each size: its name, its server count and its text.
fn designs() -> Vec<(&'static str, usize, String)> {
    let shapes: [(&str, Generator); 2] = [
        ("tiered", infrac::synth::tiered_design),
        ("wide", infrac::synth::wide_cluster),
    ];
    let mut out = Vec::new();
    for (shape, design) in shapes {
        for servers in SIZES {
            out.push((shape, servers, design(servers)));
        }
    }
    out
}

fn checked(text: &str, config: &Config) -> Checked {
    infrac::check(Source::new("bench.infra", text), config).expect("generated designs compile")
}

fn commands(c: &mut Criterion) {
    let config = Config::default();
    let today = config.today;
    for (command, run) in [
        ("check", check as fn(&str, &Config, time::Date) -> usize),
        ("explain", explain),
        ("whatif fail-each", fail_each),
    ] {
        let mut group = c.benchmark_group(command);
        group.sample_size(10);
        for (shape, servers, text) in designs() {
            group.throughput(Throughput::Elements(servers as u64));
            group.bench_with_input(BenchmarkId::new(shape, servers), &text, |b, text| {
                b.iter(|| run(black_box(text), &config, today))
            });
        }
        group.finish();
    }
    let mut group = c.benchmark_group("lsp change");
    group.sample_size(10);
    for (shape, servers, text) in designs() {
        let edited = edit(&text);
        group.throughput(Throughput::Elements(servers as u64));
        group.bench_function(BenchmarkId::new(shape, servers), |b| {
            b.iter_batched(
                || {
                    let mut reparser = Reparser::default();
                    let _ = reparser.parse(&text);
                    reparser
                },
                |mut reparser| lsp_change(&mut reparser, black_box(&edited), &config),
                BatchSize::LargeInput,
            )
        });
    }
    group.finish();
}

fn check(text: &str, config: &Config, _: time::Date) -> usize {
    json::render(&[checked(text, config).into_outcome()]).len()
}

fn explain(text: &str, config: &Config, today: time::Date) -> usize {
    let checked = checked(text, config);
    infrac::explain::markdown::markdown(&checked.explain("bench", today, None)).len()
}

fn fail_each(text: &str, config: &Config, _: time::Date) -> usize {
    checked(text, config).fail_each().len()
}

/// `text` with one digit of an address in its middle changed: a one-byte edit.
fn edit(text: &str) -> String {
    let middle = text.len() / 2;
    let at = text[middle..]
        .find("ip = 10.")
        .map_or(middle, |i| middle + i + "ip = 10.".len());
    let digit = if text[at..].starts_with('9') {
        "8"
    } else {
        "9"
    };
    format!("{}{digit}{}", &text[..at], &text[at + 1..])
}

/// The edited text checked from the parse of the text before it, as the server does on
/// `didChange`.
fn lsp_change(reparser: &mut Reparser, edited: &str, config: &Config) -> usize {
    match reparser.parse(edited).0 {
        Ok(file) => {
            let sources = Sources::one(Source::new("bench.infra".to_string(), edited));
            infrac::check_parsed(file, sources, config).map_or(0, |c| c.findings.len())
        }
        Err(errors) => errors.len(),
    }
}

criterion_group!(benches, commands);
criterion_main!(benches);
