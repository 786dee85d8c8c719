//! `cargo bench -p generator-bench`: `codegen::generate` in process on both real specs, and its
//! stages (parse; parse + lower; emit + render). Reports times; never fails on one.

use divan::{black_box, Bencher};

fn main() {
    divan::main();
}

/// The whole generation of `generated/` (what `cargo xtask codegen` does, without the disk).
#[divan::bench]
fn generate_both_specs(bencher: Bencher) {
    let (krate, specs) = generator_bench::inputs();
    bencher.bench(|| generator_bench::generate(black_box(&krate), black_box(&specs)));
}

/// Spec text -> spec model.
#[divan::bench]
fn parse(bencher: Bencher) {
    let (_, specs) = generator_bench::inputs();
    bencher.bench(|| generator_bench::parse(black_box(&specs)));
}

/// Spec text -> IR (parse + lower).
#[divan::bench]
fn parse_and_lower(bencher: Bencher) {
    let (_, specs) = generator_bench::inputs();
    bencher.bench(|| generator_bench::load(black_box(&specs)));
}

/// IR -> files (emit tokens, lay them out, manifest, runtime copies).
#[divan::bench]
fn emit_and_render(bencher: Bencher) {
    let (krate, specs) = generator_bench::inputs();
    let apis = generator_bench::load(&specs);
    let kits = generator_bench::kits(&specs, &apis);
    bencher.bench(|| {
        generator_bench::emit_and_render(black_box(&krate), black_box(&apis), black_box(&kits))
    });
}
