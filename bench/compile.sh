#!/usr/bin/env bash
# Compile-time and size benchmark: the generated crate against the official AWS SDK crate for
# SMS v2 (`aws-sdk-pinpointsmsvoicev2`, client only), measured on this machine in this run.
#
# For each crate, its dependencies are built first; then the crate alone is cleaned and
# rebuilt (debug profile), RUNS times, alternating the two crates. Reports the median times,
# their ratio, the source sizes and their ratio, and the time `cargo xtask codegen` takes.
#
# Usage: bench/compile.sh [RUNS]   (default 3; needs network access to crates.io once)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-3}
scratch="$root/target/bench-compile"
mkdir -p "$scratch/official/src"

# The official crate, in a scratch crate of its own (kept out of the workspace's lock file).
cat > "$scratch/official/Cargo.toml" <<'TOML'
[package]
name = "official-sdk-bench"
version = "0.0.0"
edition = "2021"
publish = false
[dependencies]
aws-sdk-pinpointsmsvoicev2 = { version = "1", default-features = false }
[workspace]
TOML
: > "$scratch/official/src/lib.rs"

now() { date +%s.%N; }
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

build_ours() { (cd "$root" && cargo build -q -p sms-voice-generated --all-features); }
clean_ours() { (cd "$root" && cargo clean -q -p sms-voice-generated); }
build_official() { (cd "$scratch/official" && cargo build -q); }
clean_official() { (cd "$scratch/official" && cargo clean -q -p aws-sdk-pinpointsmsvoicev2); }

echo "building dependencies of both crates..."
build_ours
build_official

ours=()
official=()
for i in $(seq "$runs"); do
  clean_ours; t0=$(now); build_ours; t1=$(now)
  ours+=("$(echo "$t1 - $t0" | awk '{ print $1 - $3 }')")
  clean_official; t0=$(now); build_official; t1=$(now)
  official+=("$(echo "$t1 - $t0" | awk '{ print $1 - $3 }')")
  echo "run $i: generated ${ours[-1]} s, official ${official[-1]} s"
done
ours_med=$(printf '%s\n' "${ours[@]}" | median)
official_med=$(printf '%s\n' "${official[@]}" | median)

official_src=$(cd "$scratch/official" && cargo metadata --format-version 1 \
  | python3 -c 'import json,sys; m=json.load(sys.stdin); print([p["manifest_path"] for p in m["packages"] if p["name"]=="aws-sdk-pinpointsmsvoicev2"][0].rsplit("/",1)[0])')
size() { find "$1" -name '*.rs' -print0 | xargs -0 cat | wc -lc | awk '{ print $1, $2 }'; }
read -r ours_lines ours_bytes < <(size "$root/generated/src")
read -r off_lines off_bytes < <(size "$official_src/src")

(cd "$root" && cargo build -q -p xtask)
codegen=()
for i in $(seq 5); do
  t0=$(now); (cd "$root" && "${CARGO_TARGET_DIR:-$root/target}/debug/xtask" codegen >/dev/null); t1=$(now)
  codegen+=("$(echo "$t1 - $t0" | awk '{ print $1 - $3 }')")
done
codegen_med=$(printf '%s\n' "${codegen[@]}" | median)

echo
echo "compile (debug, dependencies built, median of $runs):"
echo "  generated (both services, all features): ${ours_med} s"
echo "  aws-sdk-pinpointsmsvoicev2 (client only): ${official_med} s"
awk -v a="$official_med" -v b="$ours_med" 'BEGIN { printf "  ratio official/generated: %.1fx\n", a / b }'
echo "source size (.rs files):"
echo "  generated: ${ours_lines} lines, ${ours_bytes} bytes"
echo "  official:  ${off_lines} lines, ${off_bytes} bytes"
awk -v a="$off_bytes" -v b="$ours_bytes" 'BEGIN { printf "  ratio official/generated (bytes): %.1fx\n", a / b }'
echo "cargo xtask codegen (debug build, both models, median of 5): ${codegen_med} s"
