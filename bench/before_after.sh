#!/usr/bin/env bash
# Before and after: the generator and the shipped crate at an earlier commit against the
# checkout, measured on this machine in this run, alternating the two.
#
# - Generating every JSON and REST-JSON model of botocore (`xtask corpus`, no compile): wall
#   time of the whole command.
# - Compiling the shipped crate (`sms-voice-generated`, all features, debug, its dependencies
#   built): the crate alone cleaned and rebuilt.
#
# The earlier commit is checked out with `git worktree` under target/bench-before, with a target
# folder of its own. Reports the median of RUNS of each and the ratio after/before (below 1 is
# faster).
#
# Usage: bench/before_after.sh BASE_COMMIT [RUNS]   (default 3; botocore's models must have
# been downloaded by `cargo xtask conformance` or `cargo xtask corpus`)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
base=${1:?usage: bench/before_after.sh BASE_COMMIT [RUNS]}
runs=${2:-3}
target="${CARGO_TARGET_DIR:-$root/target}"
scratch="$root/target/bench-before"
before="$scratch/src"

if [ ! -d "$target/conformance" ]; then
  echo "botocore's models are missing: run cargo xtask conformance first" >&2
  exit 1
fi
mkdir -p "$scratch"
if [ -d "$before" ]; then
  git -C "$before" checkout -q --detach "$base"
else
  git -C "$root" worktree add -q --detach "$before" "$base"
fi
# The earlier xtask reads the same download.
mkdir -p "$before/target"
ln -sfn "$target/conformance" "$before/target/conformance"

now() { date +%s.%N; }
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { print b - a }'; }

echo "building both generators and the dependencies of both crates..."
(cd "$before" && CARGO_TARGET_DIR="$before/target" cargo build -q -p xtask)
(cd "$before" && CARGO_TARGET_DIR="$before/target" cargo build -q -p sms-voice-generated --all-features)
(cd "$root" && cargo build -q -p xtask)
(cd "$root" && cargo build -q -p sms-voice-generated --all-features)

corpus() { # dir target
  (cd "$1" && "$2/debug/xtask" corpus >/dev/null 2>&1)
}
gen_before=(); gen_after=(); build_before=(); build_after=()
for i in $(seq "$runs"); do
  t0=$(now); corpus "$before" "$before/target"; t1=$(now); gen_before+=("$(elapsed "$t0" "$t1")")
  t0=$(now); corpus "$root" "$target"; t1=$(now); gen_after+=("$(elapsed "$t0" "$t1")")
  # The clean is part of neither measure: it is done, then the build timed.
  (cd "$before" && CARGO_TARGET_DIR="$before/target" cargo clean -q -p sms-voice-generated)
  t0=$(now); (cd "$before" && CARGO_TARGET_DIR="$before/target" cargo build -q -p sms-voice-generated --all-features); t1=$(now)
  build_before+=("$(elapsed "$t0" "$t1")")
  (cd "$root" && cargo clean -q -p sms-voice-generated)
  t0=$(now); (cd "$root" && cargo build -q -p sms-voice-generated --all-features); t1=$(now)
  build_after+=("$(elapsed "$t0" "$t1")")
  echo "run $i: corpus ${gen_before[-1]} s → ${gen_after[-1]} s; crate ${build_before[-1]} s → ${build_after[-1]} s"
done

report() { # label before... -- after...
  local label=$1; shift
  local b a
  b=$(printf '%s\n' "$1" | tr ' ' '\n' | median)
  a=$(printf '%s\n' "$2" | tr ' ' '\n' | median)
  awk -v l="$label" -v b="$b" -v a="$a" 'BEGIN { printf "%s: %.2f s before, %.2f s after, after/before %.2f\n", l, b, a, a / b }'
}
echo
echo "median of $runs, before = $(git -C "$root" rev-parse --short "$base"), after = $(git -C "$root" rev-parse --short HEAD)$(git -C "$root" diff --quiet || echo ' (with uncommitted changes)'):"
report "generating the corpus (xtask corpus, debug)" "${gen_before[*]}" "${gen_after[*]}"
report "compiling the shipped crate (all features, debug)" "${build_before[*]}" "${build_after[*]}"
