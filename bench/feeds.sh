#!/usr/bin/env bash
# bench/feeds.sh compares onair serving a 1,000-episode podcast RSS feed with
# nginx serving the same bytes as a static file (sendfile on, gzip_static for
# the gzip case), with wrk, alternating the servers in one run: a full GET, a
# gzip GET and a conditional GET (304). Prints requests per second and the
# ratio onair/nginx. Target: >= 0.9 for each, per CPU-second too.
#
# Both servers get the same CPU: nginx runs as many workers as onair has
# GOMAXPROCS (2), and wrk 2 threads. PIN=1 instead pins each server to core
# 0 (one nginx worker, GOMAXPROCS=1) and wrk to core 1.
#
# FLOOR=1 adds a third server, bench/feedfloor: Gin on net/http giving back
# onair's answers with nothing else (no middleware, log or metrics, net/http's
# own writes), the least a Gin handler can cost; a second table compares it
# with nginx, so that a gap to nginx splits into the framework's and onair's.
#
# Needs Debian's nginx-light and wrk. Usage: bench/feeds.sh [SECONDS] [ROUNDS]
# (defaults 5 and 5). Env: CONNS (default 32), CASES (default "full gzip
# 304"), PIN=1 to pin as above, FLOOR=1 as above.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-5}
rounds=${2:-5}
conns=${CONNS:-32}
pin=${PIN:-0}
floor=${FLOOR:-0}
[[ $(nproc) -ge 2 ]] || pin=0
if [[ $pin == 1 ]]; then
	server_cpu=(taskset -c 0) client_cpu=(taskset -c 1) threads=1 workers=1
else
	server_cpu=() client_cpu=() threads=2 workers=2
fi
for tool in nginx wrk curl gzip; do
	command -v "$tool" >/dev/null || [[ -x /usr/sbin/$tool ]] || { echo "bench: $tool is missing (apt-get install nginx-light wrk curl)" >&2; exit 1; }
done
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)

tmp=$(mktemp -d /tmp/onair-feeds-bench.XXXXXX)
chmod 755 "$tmp"
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	wait 2>/dev/null || true
	rm -rf "$tmp"
}
trap cleanup EXIT

freeport() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
onair_port=$(freeport)
nginx_port=$(freeport)
floor_port=$(freeport)
base=http://127.0.0.1:$onair_port

echo "building onair and seeding a show with 1,000 episodes..." >&2
go build -o "$tmp/onair" ./cmd/onair
go build -o "$tmp/seedfeeds" ./bench/seedfeeds
[[ $floor == 1 ]] && go build -o "$tmp/feedfloor" ./bench/feedfloor
"$tmp/seedfeeds" --data "$tmp/data" --episodes 1000 --base-url "$base" 2>/dev/null

GOMAXPROCS=$workers "${server_cpu[@]}" "$tmp/onair" serve --data "$tmp/data" --addr "127.0.0.1:$onair_port" --base-url "$base" 2>"$tmp/onair.log" &
pids+=($!)
onair_pid=$!
for _ in $(seq 100); do curl -fs "$base/healthz" >/dev/null && break; sleep 0.1; done

feed=$base/shows/bench/feed.rss
mkdir -p "$tmp/www"
curl -fsS -o "$tmp/www/feed.rss" "$feed"
# nginx serves onair's own gzip bytes, so all bodies match.
curl -fsS -H 'Accept-Encoding: gzip' -o "$tmp/www/feed.rss.gz" "$feed"
touch -r "$tmp/www/feed.rss" "$tmp/www/feed.rss.gz"
chmod -R a+rX "$tmp/www"

cat >"$tmp/nginx.conf" <<CONF
worker_processes $workers;
daemon off;
pid $tmp/nginx.pid;
error_log $tmp/nginx-error.log;
events { worker_connections 1024; }
http {
	access_log $tmp/nginx-access.log;
	client_body_temp_path $tmp/nginx-body;
	proxy_temp_path $tmp/nginx-proxy;
	fastcgi_temp_path $tmp/nginx-fastcgi;
	uwsgi_temp_path $tmp/nginx-uwsgi;
	scgi_temp_path $tmp/nginx-scgi;
	sendfile on;
	tcp_nopush on;
	keepalive_requests 100000;
	types { application/rss+xml rss; }
	server {
		listen 127.0.0.1:$nginx_port;
		root $tmp/www;
		gzip_static on;
		gzip_vary on;
		location / { add_header Cache-Control "public, max-age=60"; }
	}
}
CONF
"${server_cpu[@]}" "$nginx_bin" -p "$tmp" -c "$tmp/nginx.conf" 2>"$tmp/nginx-start.log" &
pids+=($!)
nginx_pid=$!
static=http://127.0.0.1:$nginx_port/feed.rss
for _ in $(seq 100); do curl -fs -o /dev/null "$static" && break; sleep 0.1; done

servers=(onair nginx)
declare -A url=([onair]=$feed [nginx]=$static)
declare -A pidof=([onair]=$onair_pid [nginx]=$nginx_pid)
if [[ $floor == 1 ]]; then
	GOMAXPROCS=$workers "${server_cpu[@]}" "$tmp/feedfloor" --addr "127.0.0.1:$floor_port" --from "$feed" 2>"$tmp/floor.log" &
	pids+=($!)
	servers+=(floor)
	url[floor]=http://127.0.0.1:$floor_port/shows/bench/feed.rss
	pidof[floor]=$!
	for _ in $(seq 100); do curl -fs -o /dev/null "${url[floor]}" && break; sleep 0.1; done
fi

for server in "${servers[@]:1}"; do
	u=${url[$server]}
	cmp -s <(curl -fsS "$feed") <(curl -fsS "$u") || { echo "bench: $u does not serve the same bytes" >&2; exit 1; }
	cmp -s <(curl -fsS -H 'Accept-Encoding: gzip' "$feed") <(curl -fsS -H 'Accept-Encoding: gzip' "$u") || { echo "bench: $u does not serve the same gzip bytes" >&2; exit 1; }
done
etag() { curl -fsS -o /dev/null -D - "$1" | tr -d '\r' | sed -n 's/^[Ee][Tt][Aa][Gg]: //p'; }
declare -A etags
for server in "${servers[@]}"; do etags[$server]=$(etag "${url[$server]}"); done
for server in "${servers[@]}"; do
	u=${url[$server]}
	code=$(curl -s -o /dev/null -w '%{http_code}' -H "If-None-Match: ${etags[$server]}" "$u")
	[[ $code == 304 ]] || { echo "bench: $u answers $code to If-None-Match, not 304" >&2; exit 1; }
	enc=$(curl -s -o /dev/null -D - -H 'Accept-Encoding: gzip' "$u" | tr -d '\r' | sed -n 's/^[Cc]ontent-[Ee]ncoding: //p')
	[[ $enc == gzip ]] || { echo "bench: $u does not gzip" >&2; exit 1; }
done

# cputicks and hz: CPU ticks a server used (bench/lib.sh).
source bench/lib.sh

# run SERVER CASE: "RPS REQUESTS_PER_CPU_SECOND" of one wrk run.
run() {
	local hdr=()
	case $2 in
	gzip) hdr=(-H 'Accept-Encoding: gzip') ;;
	304) hdr=(-H "If-None-Match: ${etags[$1]}") ;;
	esac
	local pid=${pidof[$1]}
	local before after out
	before=$(cputicks "$pid")
	out=$("${client_cpu[@]}" wrk -t"$threads" -c"$conns" -d"${secs}s" "${hdr[@]}" "${url[$1]}")
	after=$(cputicks "$pid")
	awk -v t=$((after - before)) -v hz="$hz" '/requests in/ {n=$1} /^Requests\/sec:/ {r=$2}
		END {printf "%s %.0f\n", r, (t > 0 ? n / (t / hz) : 0)}' <<<"$out"
}

# Each round runs every case on every server back to back, in an order that
# turns each round, so that load from elsewhere on the machine hits them
# alike; the table gives the median over rounds of each server's rate and of
# the per-round ratios. On a busy machine requests per second measure the
# share of CPU each server gets as much as its speed, so the table also gives
# requests per CPU-second each server used (user + system, from /proc).
declare -A rates ratios effs effratios
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{print (b>0 ? a/b : 0)}'; }
read -ra cases <<<"${CASES:-full gzip 304}"
for round in $(seq "$rounds"); do
	for c in "${cases[@]}"; do
		k=$((round % ${#servers[@]}))
		order=("${servers[@]:k}" "${servers[@]:0:k}")
		declare -A got=() eff=()
		for server in "${order[@]}"; do
			res=$(run "$server" "$c")
			got[$server]=${res% *} eff[$server]=${res#* }
			rates[$server/$c]+="${got[$server]} "
			effs[$server/$c]+="${eff[$server]} "
		done
		line="round $round: $c"
		for server in "${servers[@]}"; do
			[[ $server == nginx ]] || ratios[$server/$c]+="$(ratio "${got[$server]}" "${got[nginx]}") "
			[[ $server == nginx ]] || effratios[$server/$c]+="$(ratio "${eff[$server]}" "${eff[nginx]}") "
			line+=" $server ${got[$server]} req/s (${eff[$server]}/CPU-s)"
		done
		echo "$line" >&2
	done
done
median() { tr ' ' '\n' | grep . | sort -g | awk '{a[NR]=$1} END{print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

size=$(stat -c %s "$tmp/www/feed.rss")
gzsize=$(stat -c %s "$tmp/www/feed.rss.gz")
echo
echo "RSS of 1,000 episodes: $size bytes ($gzsize gzipped); wrk -t$threads -c$conns -d${secs}s; median of $rounds rounds; pinned: $pin; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
# table SERVER: SERVER against nginx, a row per case; onair's rows carry
# the target.
table() {
	local s=$1 c label target
	printf '| %-16s | %11s | %11s | %6s | %6s | %14s | %14s | %6s |\n' "request" "$s req/s" "nginx req/s" "ratio" "target" \
		"$s req/CPUs" "nginx req/CPUs" "ratio"
	printf '|%s|%s|%s|%s|%s|%s|%s|%s|\n' "------------------" "-------------" "-------------" "--------" "--------" \
		"----------------" "----------------" "--------"
	for c in "${cases[@]}"; do
		case $c in full) label="full GET" ;; gzip) label="gzip GET" ;; 304) label="conditional 304" ;; esac
		target=">=0.9"
		[[ $s == onair ]] || target="-"
		printf '| %-16s | %11.0f | %11.0f | %6.2f | %6s | %14.0f | %14.0f | %6.2f |\n' "$label" \
			"$(median <<<"${rates[$s/$c]}")" "$(median <<<"${rates[nginx/$c]}")" "$(median <<<"${ratios[$s/$c]}")" "$target" \
			"$(median <<<"${effs[$s/$c]}")" "$(median <<<"${effs[nginx/$c]}")" "$(median <<<"${effratios[$s/$c]}")"
	done
}
table onair
if [[ $floor == 1 ]]; then
	echo
	echo "The floor, Gin on net/http giving back onair's answers with nothing else (bench/feedfloor):"
	table floor
fi
