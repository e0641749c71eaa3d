#!/usr/bin/env bash
# Measures imports through a running server from a local "old host":
#   1. many small episodes (COUNT, default 300, of about 0.5 MB): episodes/s;
#   (twice, into two shows: memory after the second shows whether it grows)
#   2. one large episode (SIZE_MB, default 512): MB/s;
# each per wall second and per server CPU-second, with the server's
# resident memory (VmRSS after, VmHWM peak) before and after, so it shows
# whether memory grows with episode count or file size (it must not: files
# are streamed). The old host is python3's http.server over a temp folder.
# PIN=1 pins onair to core 0 and the file server to core 1.
# Needs: go, ffmpeg, curl, python3, bc. Usage: bench/import.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
count=${COUNT:-300}
size_mb=${SIZE_MB:-512}
tmp=$(mktemp -d)
pid=
hostpid=
cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	[ -n "$hostpid" ] && kill "$hostpid" 2>/dev/null && wait "$hostpid" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
pin0=() pin1=()
if [ "${PIN:-0}" = 1 ]; then pin0=(taskset -c 0) pin1=(taskset -c 1); fi
freeport() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

go build -o "$tmp/onair" ./cmd/onair
mkdir -p "$tmp/www"
# A 30 s CBR 128k clip without tags, so copies concatenate into one MP3.
ffmpeg -v error -f lavfi -i 'sine=frequency=440:duration=30' -ac 2 -ar 44100 -b:a 128k \
	-write_xing 0 -id3v2_version 0 "$tmp/www/clip.mp3"
clip=$(stat -c %s "$tmp/www/clip.mp3")
n=$(((size_mb << 20) / clip + 1))
for ((i = 0; i < n; i++)); do cat "$tmp/www/clip.mp3"; done >"$tmp/www/big.mp3"
python3 - "$tmp/www" "$count" <<'PY'
import os, sys
www, count = sys.argv[1], int(sys.argv[2])
clip = os.path.getsize(os.path.join(www, "clip.mp3"))
big = os.path.getsize(os.path.join(www, "big.mp3"))
def feed(name, items):
    with open(os.path.join(www, name), "w") as f:
        f.write('<?xml version="1.0"?><rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"><channel>'
                '<title>Bench</title><description>Bench.</description><language>en</language>')
        f.write("".join(items))
        f.write("</channel></rss>")
feed("many.xml", ['<item><title>Episode %d</title><guid>bench-%d</guid><pubDate>Mon, 01 Jan 2024 10:00:00 +0000</pubDate>'
                  '<enclosure url="BASE/clip.mp3?%d" length="%d" type="audio/mpeg"/></item>' % (i, i, i, clip) for i in range(count)])
feed("big.xml", ['<item><title>Big</title><guid>bench-big</guid><pubDate>Mon, 01 Jan 2024 10:00:00 +0000</pubDate>'
                 '<enclosure url="BASE/big.mp3" length="%d" type="audio/mpeg"/></item>' % big])
PY
hport=$(freeport)
sed -i "s#BASE#http://127.0.0.1:$hport#g" "$tmp/www/many.xml" "$tmp/www/big.xml"
(cd "$tmp/www" && exec "${pin1[@]}" python3 -m http.server "$hport" --bind 127.0.0.1 >/dev/null 2>&1) &
hostpid=$!
port=$(freeport)
"${pin0[@]}" "$tmp/onair" serve --data "$tmp/data" --addr "127.0.0.1:$port" --import-allow-private \
	--max-upload $((size_mb * 2 << 20)) --log-level warn 2>"$tmp/server.log" &
pid=$!
for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && curl -sf "http://127.0.0.1:$hport/clip.mp3" -o /dev/null && break; sleep 0.1; done
token=$("$tmp/onair" token create --name bench --data "$tmp/data")
mem() { awk '/^VmRSS/ {r=$2} /^VmHWM/ {h=$2} END {printf "rss %.1f MB, peak %.1f MB", r/1024, h/1024}' "/proc/$pid/status"; }

run() { # NAME FEED SHOW
	local t0 t1 c0 c1 secs cpu
	c0=$(cputicks "$pid")
	t0=$(date +%s.%N)
	"$tmp/onair" import "http://127.0.0.1:$hport/$2" --show "$3" --server "http://127.0.0.1:$port" --token "$token" --concurrency 4 --json >"$tmp/$3.json"
	t1=$(date +%s.%N)
	c1=$(cputicks "$pid")
	secs=$(echo "$t1 - $t0" | bc -l)
	cpu=$(echo "($c1 - $c0) / $hz" | bc -l)
	python3 - "$tmp/$3.json" "$secs" "$cpu" "$1" <<'PY'
import json, sys
r = json.load(open(sys.argv[1])); secs, cpu = float(sys.argv[2]), float(sys.argv[3])
mb = r["bytes"] / 1e6
print("%-6s %d episodes, %.1f MB in %.2f s (server CPU %.2f s): %.1f episodes/s, %.1f MB/s; per server CPU-second %.1f episodes, %.1f MB; failed %d"
      % (sys.argv[4], r["imported"], mb, secs, cpu, r["imported"] / secs, mb / secs, r["imported"] / max(cpu, 1e-9), mb / max(cpu, 1e-9), r["failed"]))
PY
}
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)   pinned: ${PIN:-0}"
echo "server before:      $(mem)"
run many many.xml many
echo "server after many:  $(mem)"
run again many.xml many-again
echo "server after again: $(mem)   (the same count again, into a second show)"
run big big.xml big
echo "server after big:   $(mem)"
