#!/usr/bin/env bash
# Instruction counts of the wire benchmarks under callgrind: for every case and operation, the
# instructions of `wire-ops CASE OP 101` minus those of `wire-ops CASE OP 1`, divided by 100, i.e.
# one operation without the process start and the setup. Deterministic up to a few instructions,
# whatever the load of the machine.
#
#   benches/instructions.sh [FEATURES] [CASE...]
#
# FEATURES is passed to `cargo build -p benches --features` (e.g. `preserve_order`, `""` for none);
# CASE defaults to every case. Prints a Markdown table.
set -euo pipefail
cd "$(dirname "$0")/.."
features="${1-}"
shift || true
target="${CARGO_TARGET_DIR:-target}"
cargo build --release -q -p benches --bin wire-ops ${features:+--features "$features"}
bin="$target/release/wire-ops"
cases=("$@")
if [ ${#cases[@]} -eq 0 ]; then
  read -r -a cases <<<"$("$bin" --list | sed -n 's/^cases: //p')"
fi
count() {
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bin" "$@" 2>&1 |
    sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
echo "| case (features: ${features:-none}) | de-typed | de-value | typed/value | ser-typed | ser-value | typed/value | validate |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|"
for case in "${cases[@]}"; do
  row="| $case"
  declare -A per=()
  for op in de-typed de-value ser-typed ser-value validate; do
    one=$(count "$case" "$op" 1)
    many=$(count "$case" "$op" 101)
    per[$op]=$(( (many - one) / 100 ))
  done
  ratio() { python3 -c "print(f'{$1/$2:.2f}')"; }
  row+=" | ${per[de-typed]} | ${per[de-value]} | $(ratio "${per[de-typed]}" "${per[de-value]}")"
  row+=" | ${per[ser-typed]} | ${per[ser-value]} | $(ratio "${per[ser-typed]}" "${per[ser-value]}")"
  row+=" | ${per[validate]} |"
  echo "$row"
done
