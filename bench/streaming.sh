#!/usr/bin/env bash
# Streaming benchmark: SIZE bytes (default 1 GiB) up and down through generated code: the
# client and the server that `examples/streaming` generates from its model (`PutFile` and
# `GetFile`, whose bodies are `streaming` blobs), release build, two processes on 127.0.0.1,
# against curl on the same routes in the same run. The server keeps nothing (`--sink`): it
# counts what it reads and makes what it sends. Reports each transfer's throughput, the ratio
# ours/curl, and peak resident memory (GNU time's maximum RSS) of each client and of the
# server. A body of any size is streamed, never held: the peaks should not grow with SIZE.
#
# Usage: bench/streaming.sh [SIZE]   (needs curl and GNU time at /usr/bin/time)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
size=${1:-$((1 << 30))}
target="${CARGO_TARGET_DIR:-$root/target}"
work=$(mktemp -d)
server=
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$work"' EXIT

cargo build -q --release -p servicemodel-example-streaming
bench="$target/release/servicemodel-example-streaming"

# The server serves until its standard input closes: a FIFO this script holds open.
mkfifo "$work/stop"
/usr/bin/time -f '%M' -o "$work/server.rss" "$bench" serve 127.0.0.1:0 --sink "$work/port" \
  < "$work/stop" > "$work/server.out" 2>&1 &
server=$!
exec 3> "$work/stop"
for _ in $(seq 100); do [ -s "$work/port" ] && break; sleep 0.1; done
url="http://127.0.0.1:$(cat "$work/port")"

mib=$(awk -v s="$size" 'BEGIN { printf "%.0f", s / 1048576 }')
echo "streaming $mib MiB each way on 127.0.0.1 through the generated client and server"

# Ours: one process, upload then download; its own timings, GNU time's peak.
/usr/bin/time -f '%M' -o "$work/client.rss" "$bench" bench "$url" "$size" | tee "$work/client.out"
ours_up=$(awk '/client upload/ { print $(NF-1) }' "$work/client.out")
ours_down=$(awk '/client download/ { print $(NF-1) }' "$work/client.out")

# curl: the upload from a pipe (chunked, as ours with an unknown length would be, though ours
# says its length here), the download to /dev/null. The server does not authenticate.
start=$(date +%s.%N)
head -c "$size" /dev/zero | /usr/bin/time -f '%M' -o "$work/curl-up.rss" \
  curl -sS -T - "$url/files/sink" -o "$work/curl-up.out"
end=$(date +%s.%N)
grep -q "\"Size\":$size[},]" "$work/curl-up.out" \
  || { echo "curl's upload was not read whole: $(cat "$work/curl-up.out")" >&2; exit 1; }
curl_up=$(awk -v a="$start" -v b="$end" -v m="$mib" 'BEGIN { printf "%.0f", m / (b - a) }')
start=$(date +%s.%N)
/usr/bin/time -f '%M' -o "$work/curl-down.rss" curl -sS -f "$url/files/$size" -o /dev/null
end=$(date +%s.%N)
curl_down=$(awk -v a="$start" -v b="$end" -v m="$mib" 'BEGIN { printf "%.0f", m / (b - a) }')
echo "curl upload: $curl_up MiB/s"
echo "curl download: $curl_down MiB/s"

exec 3>&-
wait "$server"
server=
kib_to_mib() { awk '{ printf "%.1f", $1 / 1024 }' "$1"; }
echo
echo "| | ours | curl | ours/curl |"
echo "|---|---|---|---|"
awk -v o="$ours_up" -v c="$curl_up" 'BEGIN { printf "| upload, MiB/s | %s | %s | %.2fx |\n", o, c, o / c }'
awk -v o="$ours_down" -v c="$curl_down" 'BEGIN { printf "| download, MiB/s | %s | %s | %.2fx |\n", o, c, o / c }'
echo "| client peak memory, MiB | $(kib_to_mib "$work/client.rss") | $(kib_to_mib "$work/curl-up.rss") up, $(kib_to_mib "$work/curl-down.rss") down | |"
echo "| server peak memory, MiB | $(kib_to_mib "$work/server.rss") (whole run) | | |"
