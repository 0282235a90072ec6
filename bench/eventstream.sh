#!/usr/bin/env bash
# Event stream benchmark: events per second and latency per event from a generated Bedrock
# Runtime server to the generated client and to the official AWS SDK for Rust's
# (`aws-sdk-bedrockruntime`), both reading the same server on 127.0.0.1 in the same run
# (`bench/eventstream/`, release build). Prints each round, then a table of the medians with
# the ratios ours/SDK. Arguments go to the program: [burst] [size] [paced] [interval-µs]
# [rounds] (defaults 200000 64 2000 500 5).
#
# Needs botocore's models, which `cargo xtask corpus` downloads (this script runs it
# when they are missing). Usage: bench/eventstream.sh [arguments]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
target="${CARGO_TARGET_DIR:-$root/target}"
data=$(ls -d "$root"/target/conformance/botocore-*/botocore/data 2>/dev/null | tail -1 || true)
if [ -z "$data" ]; then
  (cd "$root" && cargo xtask corpus > /dev/null) || true
  data=$(ls -d "$root"/target/conformance/botocore-*/botocore/data | tail -1)
fi
BOTOCORE_DATA="$data" CARGO_TARGET_DIR="$target" \
  cargo build -q --release --manifest-path "$root/bench/eventstream/Cargo.toml"
"$target/release/servicemodel-bench-eventstream" "$@"
