//! `wire-ops CASE OP N`: runs one benchmark operation N times and exits, for instruction counts
//! under `valgrind --tool=callgrind` (see `benches/instructions.sh`): the count of N = 101 minus
//! the count of N = 1, divided by 100, is the cost of one operation without the setup.
//! `wire-ops --list` prints the cases and operations.

use benches::{Case, Op, CASES};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--list") {
        println!("cases: {}", CASES.join(" "));
        println!("ops: {}", Op::ALL.map(Op::name).join(" "));
        return;
    }
    let [case, op, n] = args.as_slice() else {
        eprintln!("usage: wire-ops CASE OP N | wire-ops --list");
        std::process::exit(2);
    };
    let Some(name) = CASES.iter().find(|c| *c == case) else {
        eprintln!("unknown case {case}: see --list");
        std::process::exit(2);
    };
    let Some(op) = Op::parse(op) else {
        eprintln!("unknown op {op}: see --list");
        std::process::exit(2);
    };
    let n: u32 = n.parse().expect("N is a number");
    let case = Case::load(name);
    let mut runner = case.runner(op);
    for _ in 0..n {
        runner();
    }
}
