#!/usr/bin/env bash
# Media delivery against nginx: builds onair, uploads a 100 MB MP3 as an
# episode (download counting on, as in production), serves the very same
# file with nginx (sendfile on, own temporary config) on another loopback
# port, and loads both alternately with wrk in one run: 1 MiB ranges at
# random offsets (bench/media-ranges.lua), then whole-file GETs, ROUNDS
# times each. Then holds 1,000
# slow connections on onair for 60 s and reports errors and onair's peak
# RSS (VmHWM). Target: onair >= 0.9x nginx; no errors; peak RSS < 256 MB.
# Needs: go, wrk, nginx, lame, sox or ffmpeg, curl, python3.
# Usage: bench/media.sh   (env: DURATION=10s CONNS=32 ROUNDS=2 SLOW=1000 SLOW_FOR=60s)
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${DURATION:-10s}
conns=${CONNS:-32}
rounds=${ROUNDS:-2}
slow=${SLOW:-1000}
slow_for=${SLOW_FOR:-60s}
tmp=$(mktemp -d)
pid=
ngx=
cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	[ -n "$ngx" ] && kill "$(cat "$tmp/nginx.pid" 2>/dev/null)" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
[ -n "${KEEP:-}" ] && trap - EXIT && echo "keeping $tmp"
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"

freeport() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
go build -o "$tmp/onair" ./cmd/onair
go build -o "$tmp/slowclients" ./bench/slowclients
port=$(freeport)
"$tmp/onair" serve --data "$tmp/data" --addr "127.0.0.1:$port" --count-downloads=true 2>"$tmp/server.log" &
pid=$!
for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done

# A 100 MB CBR MP3: a 60 s clip without tags repeated.
sox -q -n -r 44100 -c 2 "$tmp/clip.wav" synth 60 sine 440 sine 660 vol 0.3 2>/dev/null ||
	ffmpeg -v error -f lavfi -i 'sine=frequency=440:duration=60' -ac 2 -ar 44100 "$tmp/clip.wav"
lame --quiet -t -b 320 --noreplaygain "$tmp/clip.wav" "$tmp/clip.mp3"
clip=$(stat -c %s "$tmp/clip.mp3")
for ((i = 0; i < (100 << 20) / clip + 1; i++)); do cat "$tmp/clip.mp3"; done >"$tmp/big.mp3"

token=$("$tmp/onair" token create --name bench --data "$tmp/data")
api="http://127.0.0.1:$port/api/v1"
curl -sf -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
	"$api/shows" -d '{"slug":"bench","title":"Bench"}' >/dev/null
curl -sf -H "Authorization: Bearer $token" "$api/shows/bench/episodes" \
	-F audio=@"$tmp/big.mp3" -F title=Bench -F status=published >"$tmp/episode.json"
media_url=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["audio"]["url"])' "$tmp/episode.json")
key=${media_url#*/media/}
size=$(stat -c %s "$tmp/data/media/$key")

nport=$(freeport)
mkdir -p "$tmp/nginx"
cat >"$tmp/nginx.conf" <<CONF
user $(id -un) $(id -gn);
worker_processes auto;
pid $tmp/nginx.pid;
error_log $tmp/nginx/error.log;
events { worker_connections 4096; }
http {
	access_log $tmp/nginx/access.log;
	client_body_temp_path $tmp/nginx; proxy_temp_path $tmp/nginx; fastcgi_temp_path $tmp/nginx;
	uwsgi_temp_path $tmp/nginx; scgi_temp_path $tmp/nginx;
	sendfile on;
	tcp_nopush on;
	keepalive_requests 100000;
	server {
		listen 127.0.0.1:$nport;
		location /media/ { alias $tmp/data/media/; default_type audio/mpeg; }
	}
}
CONF
nginx -c "$tmp/nginx.conf" -p "$tmp/nginx" -e "$tmp/nginx/error.log"
ngx=1
for _ in $(seq 1 50); do curl -sf -o /dev/null -r 0-1 "http://127.0.0.1:$nport/media/$key" && break; sleep 0.1; done

onair_url="http://127.0.0.1:$port/media/$key"
nginx_url="http://127.0.0.1:$nport/media/$key"
cmp <(curl -s "$onair_url") <(curl -s "$nginx_url") || { echo "onair and nginx serve different bytes" >&2; exit 1; }
echo "file: $size bytes; wrk -t2 -c$conns -d$duration; $rounds rounds, alternating"
# Proof that onair sends local files with sendfile(2), not through user space.
if command -v strace >/dev/null; then
	strace -f -qq -e trace=sendfile -o "$tmp/strace.log" -p "$pid" &
	spid=$!
	sleep 1
	curl -s -o /dev/null -r 1000-2000000 -A 'Overcast/3.0' "$onair_url"
	sleep 0.5
	kill "$spid" 2>/dev/null && wait "$spid" 2>/dev/null || true
	echo "sendfile calls for one 2 MB range: $(grep -c 'sendfile(' "$tmp/strace.log" || true)"
fi

# run NAME URL KIND: one wrk run; prints "requests/s MiB/s errors".
run() {
	local out
	local script=()
	[ "$3" = ranges ] && script=(-s bench/media-ranges.lua)
	out=$(SIZE=$size wrk -t2 -c"$conns" -d"$duration" --timeout 120s -H 'User-Agent: Overcast/3.0 (+http://overcast.fm/)' "${script[@]}" "$2")
	echo "$out" >>"$tmp/wrk.log"
	python3 - "$out" <<'PY'
import re, sys
out = sys.argv[1]
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
m = re.search(r"Transfer/sec:\s+([\d.]+)(\w+)", out)
mib = float(m.group(1)) * {"B": 1 / 2**20, "KB": 1 / 1024, "MB": 1, "GB": 1024}[m.group(2)]
m = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
errs = m.group(1) if m else "0"
sock = re.search(r"Socket errors: (.*)", out)
print(f"{rps:.1f} {mib:.1f} {errs}{' socket errors: ' + sock.group(1) if sock else ''}")
PY
}
declare -A rps mib
for ((r = 1; r <= rounds; r++)); do
	for kind in ranges full; do
		for srv in onair nginx; do
			url=$onair_url
			[ $srv = nginx ] && url=$nginx_url
			read -r q m e rest < <(run "$srv" "$url" "$kind")
			printf 'round %d  %-6s  %-5s  %9s req/s  %8s MiB/s  bad answers %s %s\n' "$r" "$kind" "$srv" "$q" "$m" "$e" "$rest"
			rps[$kind.$srv]=$(echo "${rps[$kind.$srv]:-0} + $q" | bc -l)
			mib[$kind.$srv]=$(echo "${mib[$kind.$srv]:-0} + $m" | bc -l)
		done
	done
done
for kind in ranges full; do
	printf '%-6s  onair/nginx throughput: %.2f (onair %.0f MiB/s, nginx %.0f MiB/s, mean of %d rounds)\n' "$kind" \
		"$(echo "${mib[$kind.onair]} / ${mib[$kind.nginx]}" | bc -l)" \
		"$(echo "${mib[$kind.onair]} / $rounds" | bc -l)" "$(echo "${mib[$kind.nginx]} / $rounds" | bc -l)" "$rounds"
done
sleep 3 # let the recorder write and fold the last events
printf 'after load: onair peak RSS %d MB; ' "$(($(awk '/^VmHWM/ {print $2}' "/proc/$pid/status") / 1024))"
curl -s "http://127.0.0.1:$port/metrics" | awk '/^onair_download_events_(recorded|dropped)_total|^onair_downloads_counted_total/ {printf "%s %s  ", $1, $2} END {print ""}'

# Slow clients, on a fresh onair process so its peak RSS is theirs alone.
kill "$pid" && wait "$pid" 2>/dev/null || true
"$tmp/onair" serve --data "$tmp/data" --addr "127.0.0.1:$port" 2>>"$tmp/server.log" &
pid=$!
for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
status=0
"$tmp/slowclients" -n "$slow" -d "$slow_for" "$onair_url" || status=$?
printf 'slow clients: onair peak RSS %d MB (VmHWM), %d goroutines left\n' \
	"$(($(awk '/^VmHWM/ {print $2}' "/proc/$pid/status") / 1024))" \
	"$(curl -s "http://127.0.0.1:$port/metrics" | awk '/^go_goroutines/ {print $2}')"
exit $status
