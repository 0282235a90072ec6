#!/usr/bin/env bash
# Load benchmark of the emulator's store: `SendTextMessage` from 16 keep-alive connections
# (wrk, 2 threads) against the release binary on 127.0.0.1, at an empty store and again once
# STORED messages (default 100,000) are stored, in memory and with `--state`; and, for
# scale, the read-only `DescribeAccountAttributes` at the end of each. Prints sends/s and the
# ratio of the rate after STORED to the rate at an empty store (1.0 = flat).
#
# Each measurement runs SECONDS (default 2) seconds; the store is filled by more sends in
# between. Every answer must be a 200: a run with any other answer fails the script. The
# messages go to US numbers, and the emulator keeps them all (`--max-messages 0`): one mode
# sends about STORED plus two measurements' worth of messages, which the emulator's monthly
# spend limit of 1,000 USD (about 170,000 messages to the US) must cover.
#
# Then, with the store still full, the inbox: the page at `/` (newest 50), a text search on
# the page, `GET /_emulator/messages?destination=…` for a whole number (through its index)
# and for part of one (a scan), and a message's own page, each requested 20 times in a row
# with curl; prints the median and the slowest, in milliseconds.
#
# Usage: bench/emulator_load.sh   (installs wrk from Debian's packages if it is missing)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
seconds=${SECONDS_PER_RUN:-2}
stored=${STORED:-100000}

if ! command -v wrk >/dev/null; then
  echo "installing wrk..."
  sudo_=""
  [ "$(id -u)" = 0 ] || sudo_="sudo"
  $sudo_ apt-get install -y -qq wrk >/dev/null 2>&1 \
    || { $sudo_ apt-get update -qq >/dev/null && $sudo_ apt-get install -y -qq wrk >/dev/null; }
fi

echo "building the release binary..."
(cd "$root" && cargo build --release -q -p sms-voice-emulator)
binary="${CARGO_TARGET_DIR:-$root/target}/release/sms-voice-emulator"
scratch=$(mktemp -d)
pid=""
cleanup() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$scratch"
}
trap cleanup EXIT

# A well-formed SigV4 header: the emulator checks signatures only with --access-key.
auth='AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261204/us-east-1/sms-voice/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=0000000000000000000000000000000000000000000000000000000000000000'
lua_headers() {
  cat <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-amz-json-1.0"
wrk.headers["X-Amz-Date"] = "20261204T000000Z"
wrk.headers["Authorization"] = "$auth"
wrk.headers["X-Amz-Target"] = "PinpointSMSVoiceV2.$1"
LUA
}
{
  lua_headers SendTextMessage
  cat <<'LUA'
-- Each thread sends to its own run of 10,000 numbers, so the destinations vary.
local n = 0
function setup(thread) thread:set("base", math.random(0, 89) * 10000) end
function request()
  n = n + 1
  local body = string.format(
    '{"DestinationPhoneNumber":"+1206%07d","MessageBody":"Your verification code is %06d"}',
    base + n % 10000, n % 1000000)
  return wrk.format(nil, nil, nil, body)
end
LUA
} > "$scratch/send.lua"
{ lua_headers DescribeAccountAttributes; echo 'wrk.body = "{}"'; } > "$scratch/read.lua"

start() {
  "$binary" --listen 127.0.0.1:0 --max-messages 0 "$@" > "$scratch/stdout" 2> "$scratch/stderr" &
  pid=$!
  for _ in $(seq 100); do
    url=$(sed -n 's/^sms-voice-emulator listening on //p' "$scratch/stdout")
    [ -n "$url" ] && return
    sleep 0.1
  done
  echo "the emulator did not start: $(cat "$scratch/stderr")" >&2
  exit 1
}

stop() {
  kill -INT "$pid"
  wait "$pid"
  pid=""
}

# Runs wrk for `duration` seconds; sets `rate` (requests/s) and `done_` (requests answered),
# and counts the run in `runs`; fails on any answer but 200.
load() {
  local script=$1 duration=$2 out
  out=$(wrk -t2 -c16 -d"${duration}s" -s "$scratch/$script.lua" "$url/")
  rate=$(awk '/^Requests\/sec:/ { print $2 }' <<<"$out")
  done_=$(awk '/requests in/ { print $1 }' <<<"$out")
  runs=$((runs + 1))
  if grep -q 'Non-2xx' <<<"$out"; then
    echo "$out" >&2
    echo "some answers were not 200; see above" >&2
    exit 1
  fi
}

# Requests `path` 20 times; prints its median and slowest time in ms.
timing() {
  local label=$1 path=$2
  for _ in $(seq 20); do
    curl -s -o /dev/null -w '%{http_code} %{time_total}\n' "$url$path"
  done > "$scratch/times"
  if grep -qv '^200 ' "$scratch/times"; then
    echo "$path answered $(grep -v '^200 ' "$scratch/times" | head -1)" >&2
    exit 1
  fi
  awk '{ print $2 * 1000 }' "$scratch/times" | sort -n > "$scratch/sorted"
  printf '  %-40s median %6.1f ms   slowest %6.1f ms\n' "$label" \
    "$(sed -n 10p "$scratch/sorted")" "$(tail -1 "$scratch/sorted")"
}

inbox() {
  local newest id to part
  newest=$(curl -s "$url/_emulator/messages?order=newest&limit=1")
  id=$(python3 -c 'import json, sys; print(json.loads(sys.argv[1])["messages"][0]["message_id"])' "$newest")
  to=$(python3 -c 'import json, sys; print(json.loads(sys.argv[1])["messages"][0]["destination"])' "$newest")
  part=${to:5:7}
  echo "the inbox with $count messages stored ($label):"
  timing "page / (newest 50)" "/"
  timing "page /?text=code+is+000123" "/?text=code+is+000123"
  timing "API ?destination=$to (whole)" "/_emulator/messages?destination=%2B${to:1}"
  timing "API ?destination=$part (part)" "/_emulator/messages?destination=$part"
  timing "page /messages/{id}" "/messages/$id"
}

printf '%-10s %14s %18s %8s %12s\n' store "sends/s at 0" "sends/s at $stored" ratio "reads/s"
for mode in memory state; do
  if [ "$mode" = state ]; then start --state "$scratch/state.db"; else start; fi
  count=0
  runs=0
  load send "$seconds"; first=$rate; count=$((count + done_))
  # Fill up to STORED, in runs sized by the rate just measured (whole seconds, at least 1).
  while [ "$count" -lt "$stored" ]; do
    fill=$(awk -v left=$((stored - count)) -v r="$first" 'BEGIN { s = int(left / r); print (s < 1 ? 1 : (s > 10 ? 10 : s)) }')
    load send "$fill"; count=$((count + done_))
  done
  load send "$seconds"; later=$rate; count=$((count + done_))
  load read "$seconds"; reads=$rate
  label=$mode
  [ "$mode" = state ] && label="--state"
  inbox > "$scratch/inbox-$mode"
  stop
  if [ "$mode" = state ]; then
    kept=$(python3 -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("select count(*) from messages").fetchone()[0])' "$scratch/state.db")
    # wrk does not count the answers still in flight when its time is up (at most one per
    # connection and run); every answered send must be in the database.
    if [ "$kept" -lt "$count" ] || [ "$kept" -gt $((count + 16 * runs)) ]; then
      echo "the database holds $kept messages, but $count sends were answered" >&2
      exit 1
    fi
  fi
  ratio=$(awk -v a="$later" -v b="$first" 'BEGIN { printf "%.2f", a / b }')
  printf '%-10s %14.0f %18.0f %8s %12.0f\n' "$label" "$first" "$later" "$ratio" "$reads"
done
cat "$scratch/inbox-memory" "$scratch/inbox-state"
