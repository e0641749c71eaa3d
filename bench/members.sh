#!/usr/bin/env bash
# bench/members.sh compares subscribers polling their private feeds with the
# public feed of the same show, with wrk against one onair: a public GET
# (plain, and gzip as apps ask), and private GETs spread at random over
# SUBSCRIBERS subscribers (each a different feed: its own self link and
# signed enclosures), plain and gzip. Prints requests per second and per
# server CPU-second, and the ratios public/private: the cost of one private
# request in public requests, plain and gzip. Target: <= 1.5.
#
# Usage: bench/members.sh [SECONDS] [ROUNDS] (defaults 5 and 3). Env:
# EPISODES (default 100; every 4th members-only), SUBSCRIBERS (default
# 10000), CONNS (default 32), PIN=1 to pin onair to core 0 (GOMAXPROCS=1)
# and wrk to core 1.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-5}
rounds=${2:-3}
conns=${CONNS:-32}
episodes=${EPISODES:-100}
subscribers=${SUBSCRIBERS:-10000}
pin=${PIN:-0}
[[ $(nproc) -ge 2 ]] || pin=0
if [[ $pin == 1 ]]; then
	server_cpu=(taskset -c 0) client_cpu=(taskset -c 1) threads=1 procs=1
else
	server_cpu=() client_cpu=() threads=2 procs=2
fi
for tool in wrk curl; do
	command -v "$tool" >/dev/null || { echo "bench: $tool is missing (apt-get install wrk curl)" >&2; exit 1; }
done

tmp=$(mktemp -d /tmp/onair-members-bench.XXXXXX)
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	wait 2>/dev/null || true
	rm -rf "$tmp"
}
trap cleanup EXIT

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
base=http://127.0.0.1:$port
echo "building onair and seeding a show with $episodes episodes and $subscribers subscribers..." >&2
go build -o "$tmp/onair" ./cmd/onair
go build -o "$tmp/seedfeeds" ./bench/seedfeeds
"$tmp/seedfeeds" --data "$tmp/data" --episodes "$episodes" --members-every 4 --base-url "$base" \
	--subscribers "$subscribers" --tokens "$tmp/tokens" 2>/dev/null

GOMAXPROCS=$procs "${server_cpu[@]}" "$tmp/onair" serve --data "$tmp/data" --addr "127.0.0.1:$port" \
	--base-url "$base" --log-level warn 2>"$tmp/onair.log" &
pids+=($!)
onair_pid=$!
for _ in $(seq 100); do curl -fs "$base/healthz" >/dev/null && break; sleep 0.1; done

public=$base/shows/bench/feed.rss
first=$base$(head -1 "$tmp/tokens")
code=$(curl -s -o "$tmp/private.rss" -w '%{http_code}' "$first")
[[ $code == 200 ]] || { echo "bench: a private feed answers $code" >&2; exit 1; }
grep -q '<podcast:block>yes</podcast:block>' "$tmp/private.rss" || { echo "bench: the private feed is not blocked" >&2; exit 1; }
curl -fsS -o "$tmp/public.rss" "$public"

source bench/lib.sh

# run CASE: "RPS REQUESTS_PER_CPU_SECOND" of one wrk run.
run() {
	local args=() gz=0
	case $1 in
	public) args=("$public") ;;
	public-gzip) args=(-H 'Accept-Encoding: gzip' "$public") ;;
	private) args=(-s bench/members-feeds.lua "$base") ;;
	private-gzip) args=(-s bench/members-feeds.lua "$base") gz=1 ;;
	esac
	local before after out
	before=$(cputicks "$onair_pid")
	out=$(TOKENS=$tmp/tokens GZIP=$gz "${client_cpu[@]}" wrk -t"$threads" -c"$conns" -d"${secs}s" "${args[@]}")
	after=$(cputicks "$onair_pid")
	if grep -q 'Non-2xx' <<<"$out"; then echo "bench: $1: $(grep Non-2xx <<<"$out")" >&2; exit 1; fi
	awk -v t=$((after - before)) -v hz="$hz" '/requests in/ {n=$1} /^Requests\/sec:/ {r=$2}
		END {printf "%s %.0f\n", r, (t > 0 ? n / (t / hz) : 0)}' <<<"$out"
}

# A warm-up that walks every subscriber in turn (one wrk thread, so one
# walk): the first fetch of each in a day records it for sharing detection
# (a write) and signs its media URLs; apps polling all day cost only the
# later fetches, which is what the rounds measure. It must reach them all.
warm=$(TOKENS=$tmp/tokens WALK=1 wrk -t1 -c8 -d"$((subscribers / 1000 + 3))s" -s bench/members-feeds.lua "$base")
walked=$(awk '/requests in/ {print $1}' <<<"$warm")
((walked >= subscribers)) || { echo "bench: the warm-up reached $walked of $subscribers subscribers; raise its time" >&2; exit 1; }

declare -A rates effs
cases=(public public-gzip private private-gzip)
for round in $(seq "$rounds"); do
	for c in "${cases[@]}"; do
		res=$(run "$c")
		rates[$c]+="${res% *} " effs[$c]+="${res#* } "
		echo "round $round: $c ${res% *} req/s (${res#* }/CPU-s)" >&2
	done
done
median() { tr ' ' '\n' | grep . | sort -g | awk '{a[NR]=$1} END{print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.2f", (b>0 ? a/b : 0)}'; }

echo
echo "show of $episodes episodes (every 4th members-only): public RSS $(stat -c %s "$tmp/public.rss") bytes, a private one $(stat -c %s "$tmp/private.rss") bytes;" \
	"$subscribers subscribers; wrk -t$threads -c$conns -d${secs}s; median of $rounds rounds; pinned: $pin; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
gzsize=$(curl -fsS -H 'Accept-Encoding: gzip' "$first" | wc -c)
echo "private feeds gzipped: $gzsize bytes; cost columns: requests per second (per CPU-second) of the public feed, plain and gzip, over this one's"
printf '| %-14s | %9s | %11s | %13s | %15s | %13s | %15s |\n' "request" "req/s" "req/CPU-s" "vs plain (s)" "vs plain (CPU)" "vs gzip (s)" "vs gzip (CPU)"
printf '|%s|%s|%s|%s|%s|%s|%s|\n' "----------------" "-----------" "-------------" "---------------" "-----------------" "---------------" "-----------------"
pr=$(median <<<"${rates[public]}") pe=$(median <<<"${effs[public]}")
gr=$(median <<<"${rates[public-gzip]}") ge=$(median <<<"${effs[public-gzip]}")
for c in "${cases[@]}"; do
	r=$(median <<<"${rates[$c]}") e=$(median <<<"${effs[$c]}")
	printf '| %-14s | %9.0f | %11.0f | %13s | %15s | %13s | %15s |\n' "$c" "$r" "$e" \
		"$(ratio "$pr" "$r")" "$(ratio "$pe" "$e")" "$(ratio "$gr" "$r")" "$(ratio "$ge" "$e")"
done
