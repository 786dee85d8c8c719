//! `cargo bench -p benches --bench wire`: every example of both APIs, deserialized and serialized
//! through its generated type and through `serde_json::Value`, and its typed value validated.
//! Reports times; never fails on one.
//! Instruction counts (less noisy): `benches/instructions.sh`, see BENCHMARKS.md.

use benches::{Case, Op, CASES};
use divan::Bencher;

fn main() {
    divan::main();
}

fn run(bencher: Bencher, name: &'static str, op: Op) {
    let case = Case::load(name);
    let runner = case.runner(op);
    bencher
        .counter(divan::counter::BytesCount::new(case.text.len()))
        .bench_local(runner);
}

#[divan::bench(args = CASES)]
fn deserialize_typed(bencher: Bencher, name: &'static str) {
    run(bencher, name, Op::DeserializeTyped);
}

#[divan::bench(args = CASES)]
fn deserialize_value(bencher: Bencher, name: &'static str) {
    run(bencher, name, Op::DeserializeValue);
}

#[divan::bench(args = CASES)]
fn serialize_typed(bencher: Bencher, name: &'static str) {
    run(bencher, name, Op::SerializeTyped);
}

#[divan::bench(args = CASES)]
fn serialize_value(bencher: Bencher, name: &'static str) {
    run(bencher, name, Op::SerializeValue);
}

#[divan::bench(args = CASES)]
fn validate(bencher: Bencher, name: &'static str) {
    run(bencher, name, Op::Validate);
}
