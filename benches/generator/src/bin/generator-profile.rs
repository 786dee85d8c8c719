//! `generator-profile [N]`: runs the generator on both real specs N times (default 50) and prints
//! the median wall time of each stage: parse (text -> spec model), lower (spec model -> IR), emit
//! and render (IR -> tokens -> laid-out files), and the whole `codegen::generate`. Under
//! `valgrind --tool=callgrind` with N = 1 it gives the instruction profile (see BENCHMARKS.md).

use std::time::Instant;

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .map_or(50, |n| n.parse().expect("N is a number"));
    let (krate, specs) = generator_bench::inputs();
    let mut parse = Vec::new();
    let mut load = Vec::new();
    let mut emit = Vec::new();
    let mut whole = Vec::new();
    for _ in 0..n {
        let start = Instant::now();
        std::hint::black_box(generator_bench::parse(&specs));
        parse.push(start.elapsed().as_secs_f64());
        let start = Instant::now();
        let apis = std::hint::black_box(generator_bench::load(&specs));
        let kits = std::hint::black_box(generator_bench::kits(&specs, &apis));
        load.push(start.elapsed().as_secs_f64());
        let start = Instant::now();
        std::hint::black_box(generator_bench::emit_and_render(&krate, &apis, &kits));
        emit.push(start.elapsed().as_secs_f64());
        let start = Instant::now();
        std::hint::black_box(generator_bench::generate(&krate, &specs));
        whole.push(start.elapsed().as_secs_f64());
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2] * 1000.0
    };
    let (parse, load, emit, whole) = (
        median(&mut parse),
        median(&mut load),
        median(&mut emit),
        median(&mut whole),
    );
    println!("median of {n} runs, ms:");
    println!("  parse (text -> spec model)        {parse:8.2}");
    println!("  lower (spec model -> IR)          {:8.2}", load - parse);
    println!("  emit + render (IR -> files)       {emit:8.2}");
    println!("  codegen::generate (all of it)     {whole:8.2}");
}
