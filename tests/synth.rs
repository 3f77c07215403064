//! The Rust generators of synthetic designs against the bench scripts' generators, so the
//! criterion benches and `bench/scale.py` measure the same designs.

mod common;

use std::process::Command;

fn python_design(module: &str, servers: usize) -> String {
    let script = format!(
        "import sys; sys.path.insert(0, 'bench'); import {module}; \
         sys.stdout.write({module}.design({servers}))"
    );
    let out = Command::new("python3")
        .current_dir(common::root())
        .args(["-c", &script])
        .output()
        .expect("python3 runs (CI installs it)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8")
}

#[test]
fn the_wide_cluster_is_the_bench_scripts_design_byte_for_byte() {
    for servers in [1, 60, 999, 2_500] {
        assert_eq!(
            infrac::synth::wide_cluster(servers),
            python_design("wide_cluster", servers),
            "{servers} servers"
        );
    }
}
