#!/usr/bin/env bash
# Measures a large streamed upload through the publisher API on loopback:
# throughput, and how much the server's memory grows (VmHWM, the peak
# resident set, before and after). Builds onair, serves a temp data folder,
# creates a token and a show, makes a valid CBR MP3 of SIZE_MB (default
# 1024) by repeating a short lame-encoded clip, and uploads it with curl.
# Needs: go, lame, sox or ffmpeg, curl, python3, bc. Usage: bench/upload.sh [SIZE_MB]
set -euo pipefail
cd "$(dirname "$0")/.."
size_mb=${1:-1024}
tmp=$(mktemp -d)
pid=
cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT

go build -o "$tmp/onair" ./cmd/onair
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$tmp/onair" serve --data "$tmp/data" --addr "127.0.0.1:$port" --max-upload $((size_mb * 2 << 20)) 2>"$tmp/server.log" &
pid=$!
for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done

token=$("$tmp/onair" token create --name bench --data "$tmp/data")
api="http://127.0.0.1:$port/api/v1"
curl -sf -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
	"$api/shows" -d '{"slug":"bench","title":"Bench"}' >/dev/null

# A 60 s CBR 320k clip without an Info frame or tags, so copies of it
# concatenate into one valid MP3 stream.
sox -q -n -r 44100 -c 2 "$tmp/clip.wav" synth 60 sine 440 sine 660 vol 0.3 2>/dev/null ||
	ffmpeg -v error -f lavfi -i 'sine=frequency=440:duration=60' -ac 2 -ar 44100 "$tmp/clip.wav"
lame --quiet -t -b 320 --noreplaygain "$tmp/clip.wav" "$tmp/clip.mp3"
clip=$(stat -c %s "$tmp/clip.mp3")
n=$(((size_mb << 20) / clip + 1))
for ((i = 0; i < n; i++)); do cat "$tmp/clip.mp3"; done >"$tmp/big.mp3"
bytes=$(stat -c %s "$tmp/big.mp3")

# A small upload first, so the baseline includes a warmed-up upload path.
curl -sf -H "Authorization: Bearer $token" "$api/shows/bench/episodes" -F audio=@"$tmp/clip.mp3" >/dev/null
hwm() { awk '/^VmHWM/ {print $2}' "/proc/$pid/status"; }
rss() { awk '/^VmRSS/ {print $2}' "/proc/$pid/status"; }
before_hwm=$(hwm)
before_rss=$(rss)

out=$(curl -sS -o "$tmp/resp.json" -w '%{http_code} %{time_total} %{speed_upload}' \
	-H "Authorization: Bearer $token" "$api/shows/bench/episodes" -F audio=@"$tmp/big.mp3")
read -r code secs speed <<<"$out"
after_hwm=$(hwm)
after_rss=$(rss)
if [ "$code" != 201 ]; then
	echo "upload failed: HTTP $code" >&2
	cat "$tmp/resp.json" >&2
	exit 1
fi
duration=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["duration"])' "$tmp/resp.json")

printf 'upload:      %d bytes (%.0f MiB, %s of audio) in %.2f s\n' "$bytes" "$(echo "$bytes / 1048576" | bc -l)" "$duration" "$secs"
printf 'throughput:  %.1f MiB/s (curl speed_upload; includes fsync and probing)\n' "$(echo "$speed / 1048576" | bc -l)"
printf 'server RSS:  peak (VmHWM) %d KiB before, %d KiB after: grew %d KiB; VmRSS %d -> %d KiB\n' \
	"$before_hwm" "$after_hwm" $((after_hwm - before_hwm)) "$before_rss" "$after_rss"
