#!/usr/bin/env bash
# bench/mixed.sh loads one onair node with mixed traffic, as a newsroom
# bulk-loading an archive does: a show's RSS feed (about 1,000 episodes,
# asked for gzipped as podcast apps do, so that the server and not wrk
# reading 1.6 MB bodies is what is measured) and 40 KB ranges of an
# episode's audio, each with wrk and 16 connections,
# first alone and then during an upload storm: bench/uploadstorm posting
# RATE episodes a second (default 16, the rate at which the storm that
# showed the problem came; 0: back to back) on UPLOADERS connections. For each phase it reports feed and range
# requests per second (per wall second and per server CPU-second), the
# uploads done and failed, the 5xx answers the server logged, and the
# server's peak resident memory. Target: during the storm the feed keeps
# at least half the requests per second it has without writes.
#
# BEFORE=REV also builds that revision (git archive) and alternates the two
# builds, round by round, so that load from elsewhere on the shared machine
# hits both alike. PIN=1 pins the server to core 0 and the clients to core 1.
#
# Needs wrk, curl and ffmpeg. Usage: bench/mixed.sh [SECONDS] [ROUNDS]
# (defaults 20 and 2). Env: BEFORE, PIN, RATE, UPLOADERS (default 2).
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-20}
rounds=${2:-2}
pin=${PIN:-0}
uploaders=${UPLOADERS:-2}
rate=${RATE:-16}
[[ $(nproc) -ge 2 ]] || pin=0
if [[ $pin == 1 ]]; then server_cpu=(taskset -c 0) client_cpu=(taskset -c 1); else server_cpu=() client_cpu=(); fi
for tool in wrk curl ffmpeg; do
	command -v "$tool" >/dev/null || { echo "bench: $tool is missing (apt-get install wrk curl ffmpeg)" >&2; exit 1; }
done
source bench/lib.sh

tmp=$(mktemp -d /tmp/onair-mixed-bench.XXXXXX)
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	wait 2>/dev/null || true
	rm -rf "$tmp"
}
trap cleanup EXIT
freeport() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

echo "building..." >&2
builds=(after)
go build -o "$tmp/after" ./cmd/onair
go build -o "$tmp/seedfeeds" ./bench/seedfeeds
go build -o "$tmp/uploadstorm" ./bench/uploadstorm
if [[ -n ${BEFORE:-} ]]; then
	mkdir "$tmp/src"
	git archive "$BEFORE" | tar -x -C "$tmp/src"
	(cd "$tmp/src" && go build -o "$tmp/before" ./cmd/onair)
	builds=(before after)
fi
# Audio: a 5-minute episode for the ranges, a 20-second one to upload.
ffmpeg -loglevel error -f lavfi -i 'sine=frequency=440:duration=300' -b:a 128k "$tmp/long.mp3"
ffmpeg -loglevel error -f lavfi -i 'sine=frequency=660:duration=20' -b:a 128k "$tmp/short.mp3"
cat >"$tmp/range.lua" <<'LUA'
-- 40 KB ranges at random offsets of the audio file.
local size = tonumber(os.getenv("MEDIA_SIZE"))
request = function()
	local from = math.random(0, size - 40960)
	return wrk.format("GET", nil, {["Range"] = "bytes=" .. from .. "-" .. (from + 40959)})
end
LUA

# serve BUILD: a fresh copy of the seeded data, the server started, a token,
# the long episode uploaded; sets pid, base, token, media.
serve() {
	local port
	port=$(freeport)
	base=http://127.0.0.1:$port
	rm -rf "$tmp/data" && mkdir "$tmp/data"
	"$tmp/seedfeeds" --data "$tmp/data" --episodes 995 --base-url "$base" 2>/dev/null
	token=$("$tmp/$1" token create --data "$tmp/data" --name bench)
	"${server_cpu[@]}" "$tmp/$1" serve --data "$tmp/data" --addr "127.0.0.1:$port" --base-url "$base" 2>"$tmp/server.log" &
	pid=$!
	pids+=($pid)
	for _ in $(seq 100); do curl -fs "$base/healthz" >/dev/null && break; sleep 0.1; done
	media=$(curl -fsS -H "Authorization: Bearer $token" "$base/api/v1/shows/bench/episodes" -F audio=@"$tmp/long.mp3" \
		--form-string title=Ranges | python3 -c 'import json,sys; print(json.load(sys.stdin)["audio"]["url"])')
}

# phase NAME: feed and range wrk for secs, with the upload storm (UPLOADERS
# connections) when NAME is storm; prints "feed_rps feed_per_cpu range_rps
# uploads_ok uploads_failed feed_p99".
phase() {
	local before after feed ranges ok failed size upid=
	size=$(curl -fsS -o /dev/null -w '%{size_download}' "$media")
	before=$(cputicks "$pid")
	if [[ $1 == storm ]]; then
		"${client_cpu[@]}" "$tmp/uploadstorm" -token "$token" -rate "$rate" -c "$uploaders" -d "${secs}s" \
			"$tmp/short.mp3" "$base/api/v1/shows/bench/episodes" >"$tmp/storm" &
		upid=$!
	fi
	MEDIA_SIZE=$size "${client_cpu[@]}" wrk -t1 -c16 -d"${secs}s" -s "$tmp/range.lua" "$media" >"$tmp/wrk-range" &
	local rpid=$!
	"${client_cpu[@]}" wrk -t1 -c16 -d"${secs}s" --latency -H 'Accept-Encoding: gzip' "$base/shows/bench/feed.rss" >"$tmp/wrk-feed"
	wait "$rpid"
	[[ -z $upid ]] || wait "$upid"
	after=$(cputicks "$pid")
	feed=$(awk '/^Requests\/sec:/ {print $2}' "$tmp/wrk-feed")
	ranges=$(awk '/^Requests\/sec:/ {print $2}' "$tmp/wrk-range")
	n=$(awk '/requests in/ {print $1}' "$tmp/wrk-feed")
	p99=$(awk '$1 == "99%" {print $2}' "$tmp/wrk-feed")
	ok=0 failed=0
	if [[ $1 == storm ]]; then
		read -r ok failed <"$tmp/storm"
	fi
	awk -v f="$feed" -v n="$n" -v t=$((after - before)) -v hz="$hz" -v r="$ranges" -v ok="$ok" -v bad="$failed" -v p99="$p99" \
		'BEGIN {printf "%s %.0f %s %s %s %s\n", f, (t > 0 ? n / (t / hz) : 0), r, ok, bad, p99}'
}

declare -A res
for round in $(seq "$rounds"); do
	k=$(((round - 1) % ${#builds[@]}))
	order=("${builds[@]:k}" "${builds[@]:0:k}")
	for b in "${order[@]}"; do
		serve "$b"
		quiet=$(phase quiet)
		loaded=$(phase storm)
		sleep 1
		fivexx=$(grep -c '"status":5[0-9][0-9]' "$tmp/server.log" || true)
		rss=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")
		kill "$pid"; wait "$pid" 2>/dev/null || true
		fivexx_after=$(grep -c '"status":5[0-9][0-9]' "$tmp/server.log" || true)
		line="$quiet $loaded $fivexx $fivexx_after $rss $(cut -d' ' -f1 /proc/loadavg)"
		res[$b]+="$line;"
		echo "round $round $b: quiet [feed req/s, feed req/CPU-s, range req/s, -, -, feed p99] $quiet | storm [same, uploads ok, failed] $loaded | 5xx $fivexx (after stop $fivexx_after) | peak RSS ${rss} kB | load $(cut -d' ' -f1 /proc/loadavg)" >&2
	done
done

echo
echo "mixed load: feed (gzip) + 40 KB ranges, wrk 16 connections each, ${secs}s per phase, uploads at $rate/s (0: back to back) on $uploaders connections; pinned: $pin; $rounds rounds; load average now: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '| %-6s | %10s | %10s | %10s | %10s | %7s | %8s | %8s | %9s | %6s | %11s | %5s |\n' build "feed quiet" "per CPU-s" "feed storm" "per CPU-s" "kept" "p99 stm" "range st" "uploads" "failed" "5xx/stop5xx" "RSS MB"
for b in "${builds[@]}"; do
	IFS=';' read -ra lines <<<"${res[$b]}"
	for l in "${lines[@]}"; do
		read -r qf qc qr _ _ qp sf sc sr ok bad sp x1 x2 rss load <<<"$l"
		printf '| %-6s | %10.0f | %10.0f | %10.0f | %10.0f | %6.0f%% | %8s | %8.0f | %9s | %6s | %5s/%-5s | %5.0f |\n' "$b" "$qf" "$qc" "$sf" "$sc" \
			"$(awk -v a="$sf" -v b="$qf" 'BEGIN{print (b>0 ? 100*a/b : 0)}')" "$sp" "$sr" "$ok" "$bad" "$x1" "$x2" "$(awk -v r="$rss" 'BEGIN{print r/1024}')"
	done
done
