//! `infrac render` stages at 1k and 3k servers, every server drawn (`--expand`):
//! scene, layout and painting, so a regression in one phase shows on its own.
//! Run with `cargo bench --bench render`; bench/render_vs_dot.py compares with Graphviz.

use criterion::{Criterion, criterion_group, criterion_main};
use infrac::Source;
use infrac::lint::Config;
use infrac::render::{self, ThemeName};

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Every server drawn, as `render --expand`.
fn expand() -> render::Options<'static> {
    render::Options {
        expand: true,
        ..render::Options::default()
    }
}

fn stages(c: &mut Criterion) {
    let mut group = c.benchmark_group("render");
    group.sample_size(10);
    for servers in [1_000, 3_000] {
        let text = infrac::synth::tiered_design(servers);
        let source = Source::new("synthetic.infra", text.as_str());
        let checked = infrac::check(&source, &Config::default()).expect("compiles");
        let (design, analysis, findings) = (&checked.design, &checked.analysis, &checked.findings);
        group.bench_function(format!("scene {servers}"), |b| {
            b.iter(|| render::scene::build(design, analysis, findings, "bench", expand()))
        });
        let scene = render::scene::build(design, analysis, findings, "bench", expand());
        group.bench_function(format!("layout {servers}"), |b| {
            b.iter(|| render::layout::layout(&scene.graph))
        });
        let diagram = render::diagram(design, analysis, findings, "bench", expand());
        group.bench_function(format!("paint {servers}"), |b| {
            b.iter(|| render::svg(&diagram, ThemeName::Light))
        });
    }
    group.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);
