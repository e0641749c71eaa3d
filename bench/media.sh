#!/usr/bin/env bash
# Media delivery against nginx: builds onair, uploads a 100 MB MP3 as an
# episode (download counting on, as in production), serves the very same
# file with nginx (sendfile on, own temporary config) on another loopback
# port, and loads both alternately with wrk in one run: 1 MiB ranges at
# random offsets (bench/media-ranges.lua), then whole-file GETs, ROUNDS
# times each. Then holds 1,000
# slow connections on onair for 60 s and reports errors and onair's peak
# RSS (VmHWM). Target: onair >= 0.9x nginx; no errors; peak RSS < 256 MB.
# Both servers get the same CPU: nginx runs as many workers as onair has
# GOMAXPROCS (2), wrk 2 threads. PIN=1 instead pins each server to core 0
# (one nginx worker, GOMAXPROCS=1) and wrk to core 1. Throughput is given
# per wall second and per CPU-second the server used (user + system, from
# /proc), with the load average.
# Needs: go, wrk, nginx, lame or ffmpeg, sox or ffmpeg, curl, python3, bc.
# Usage: bench/media.sh   (env: DURATION=10s CONNS=32 ROUNDS=2 SLOW=1000
# SLOW_FOR=60s, SLOW=0 to skip the slow clients, PIN=1 to pin as above)
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${DURATION:-10s}
conns=${CONNS:-32}
rounds=${ROUNDS:-2}
slow=${SLOW:-1000}
slow_for=${SLOW_FOR:-60s}
pin=${PIN:-0}
[[ $(nproc) -ge 2 ]] || pin=0
if [[ $pin == 1 ]]; then
	server_cpu=(taskset -c 0) client_cpu=(taskset -c 1) threads=1 workers=1
else
	server_cpu=() client_cpu=() threads=2 workers=2
fi
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
GOMAXPROCS=$workers "${server_cpu[@]}" "$tmp/onair" serve --data "$tmp/data" --addr "127.0.0.1:$port" --count-downloads=true 2>"$tmp/server.log" &
pid=$!
for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done

# A 100 MB CBR MP3: a 60 s clip without tags repeated.
sox -q -n -r 44100 -c 2 "$tmp/clip.wav" synth 60 sine 440 sine 660 vol 0.3 2>/dev/null ||
	ffmpeg -v error -f lavfi -i 'sine=frequency=440:duration=60' -ac 2 -ar 44100 "$tmp/clip.wav"
if command -v lame >/dev/null; then
	lame --quiet -t -b 320 --noreplaygain "$tmp/clip.wav" "$tmp/clip.mp3"
else # the same: CBR 320 kbit/s, no Xing/Info frame, no tags
	ffmpeg -v error -i "$tmp/clip.wav" -c:a libmp3lame -b:a 320k -write_xing 0 -id3v2_version 0 -write_id3v1 0 "$tmp/clip.mp3"
fi
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
worker_processes $workers;
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
"${server_cpu[@]}" nginx -c "$tmp/nginx.conf" -p "$tmp/nginx" -e "$tmp/nginx/error.log"
ngx=1
for _ in $(seq 1 50); do curl -sf -o /dev/null -r 0-1 "http://127.0.0.1:$nport/media/$key" && break; sleep 0.1; done

onair_url="http://127.0.0.1:$port/media/$key"
nginx_url="http://127.0.0.1:$nport/media/$key"
cmp <(curl -s "$onair_url") <(curl -s "$nginx_url") || { echo "onair and nginx serve different bytes" >&2; exit 1; }
echo "file: $size bytes; wrk -t$threads -c$conns -d$duration; $rounds rounds, alternating; pinned: $pin"
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

# cputicks and hz: CPU ticks a server used (bench/lib.sh).
source bench/lib.sh

# run NAME URL KIND: one wrk run; prints "requests/s MiB/s errors
# server-CPU-seconds".
run() {
	local out before after spid=$pid
	local script=()
	[ "$3" = ranges ] && script=(-s bench/media-ranges.lua)
	[ "$1" = nginx ] && spid=$(cat "$tmp/nginx.pid")
	before=$(cputicks "$spid")
	out=$(SIZE=$size "${client_cpu[@]}" wrk -t"$threads" -c"$conns" -d"$duration" --timeout 120s -H 'User-Agent: Overcast/3.0 (+http://overcast.fm/)' "${script[@]}" "$2")
	after=$(cputicks "$spid")
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
	echo "cpu $(echo "($after - $before) / $hz" | bc -l)"
}
declare -A rps mib cpu
secs=${duration%s}
for ((r = 1; r <= rounds; r++)); do
	for kind in ranges full; do
		for srv in onair nginx; do
			url=$onair_url
			[ $srv = nginx ] && url=$nginx_url
			{ read -r q m e rest; read -r _ c; } < <(run "$srv" "$url" "$kind")
			printf 'round %d  %-6s  %-5s  %9s req/s  %8s MiB/s  %5.1f CPU-s  bad answers %s %s\n' "$r" "$kind" "$srv" "$q" "$m" "$c" "$e" "$rest"
			rps[$kind.$srv]=$(echo "${rps[$kind.$srv]:-0} + $q" | bc -l)
			mib[$kind.$srv]=$(echo "${mib[$kind.$srv]:-0} + $m" | bc -l)
			cpu[$kind.$srv]=$(echo "${cpu[$kind.$srv]:-0} + $c" | bc -l)
		done
	done
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
for kind in ranges full; do
	# MiB per CPU-second: the mean MiB/s times the run's seconds, over the CPU-seconds used.
	o_eff=$(echo "${mib[$kind.onair]} * $secs / ${cpu[$kind.onair]}" | bc -l)
	n_eff=$(echo "${mib[$kind.nginx]} * $secs / ${cpu[$kind.nginx]}" | bc -l)
	printf '%-6s  onair/nginx: %.2f per wall second (onair %.0f MiB/s, nginx %.0f MiB/s), %.2f per CPU-second (onair %.0f, nginx %.0f MiB/CPU-s); mean of %d rounds\n' "$kind" \
		"$(echo "${mib[$kind.onair]} / ${mib[$kind.nginx]}" | bc -l)" \
		"$(echo "${mib[$kind.onair]} / $rounds" | bc -l)" "$(echo "${mib[$kind.nginx]} / $rounds" | bc -l)" \
		"$(echo "$o_eff / $n_eff" | bc -l)" "$o_eff" "$n_eff" "$rounds"
done
sleep 3 # let the recorder write and fold the last events
printf 'after load: onair peak RSS %d MB; ' "$(($(awk '/^VmHWM/ {print $2}' "/proc/$pid/status") / 1024))"
curl -s "http://127.0.0.1:$port/metrics" | awk '/^onair_download_events_(recorded|dropped)_total|^onair_downloads_counted_total/ {printf "%s %s  ", $1, $2} END {print ""}'

[ "$slow" = 0 ] && exit 0
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
