#!/usr/bin/env bash
# bench/scale.sh: feed and media throughput of one onair node on SQLite +
# local disk against one node on PostgreSQL + S3, each with and without
# --media-redirect, loaded with wrk. Prints a Markdown table.
#
# Needs: go, wrk, curl, python3, sox and lame (to make a 5-minute MP3),
# PostgreSQL (ONAIR_BENCH_POSTGRES, default the CI's
# postgres://postgres@127.0.0.1:5432/test; the script works in its own
# schema and drops it), and an S3 server: ONAIR_TEST_S3
# (http://KEY:SECRET@HOST:PORT) or, when unset, a versitygw on PATH or in
# $(go env GOPATH)/bin that the script starts on a free port.
#
# Knobs: DURATION (wrk seconds per run, default 10), CONNS (default 32),
# THREADS (default 2), RANGE (media request range, default 1 MiB).
# The numbers depend on the machine; run it on an idle one.
set -euo pipefail

DURATION=${DURATION:-10}
CONNS=${CONNS:-32}
THREADS=${THREADS:-2}
RANGE=${RANGE:-bytes=0-1048575}
PG=${ONAIR_BENCH_POSTGRES:-postgres://postgres@127.0.0.1:5432/test?sslmode=disable}

root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d /tmp/onair-bench.XXXXXX)
pids=()
schema="bench_$$"

cleanup() {
	set +e
	# The bucket goes first, while our own S3 server still runs.
	[[ -n "${bucket:-}" ]] && remove_bucket
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	wait 2>/dev/null || true
	psql "$PG" -qc "DROP SCHEMA IF EXISTS $schema CASCADE" >/dev/null 2>&1 || true
	rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

wait_up() { # URL
	for _ in $(seq 100); do
		curl -fs -o /dev/null "$1" && return 0
		sleep 0.1
	done
	echo "bench: $1 did not come up" >&2
	return 1
}

echo "bench: building onair" >&2
(cd "$root" && go build -o "$work/onair" ./cmd/onair)
onair="$work/onair"

echo "bench: making a 5-minute 128 kb/s MP3" >&2
sox -q -n -r 44100 -c 2 "$work/tone.wav" synth 300 sine 440 vol 0.3
lame --quiet -b 128 "$work/tone.wav" "$work/episode.mp3"

# S3: the one CI gives, or our own versitygw.
if [[ -z "${ONAIR_TEST_S3:-}" ]]; then
	vgw=$(command -v versitygw || echo "$(go env GOPATH)/bin/versitygw")
	[[ -x "$vgw" ]] || { echo "bench: no versitygw; go install github.com/versity/versitygw/cmd/versitygw@v1.8.0" >&2; exit 1; }
	s3port=$(free_port)
	mkdir -p "$work/s3"
	ROOT_ACCESS_KEY=benchkey ROOT_SECRET_KEY=benchsecret "$vgw" --port "127.0.0.1:$s3port" posix "$work/s3" >"$work/vgw.log" 2>&1 &
	pids+=($!)
	ONAIR_TEST_S3="http://benchkey:benchsecret@127.0.0.1:$s3port"
	sleep 1
fi
read -r s3key s3secret s3host < <(python3 -c '
import sys, urllib.parse as u
p = u.urlparse(sys.argv[1]); print(p.username, p.password, p.netloc.split("@")[-1])' "$ONAIR_TEST_S3")
export AWS_ACCESS_KEY_ID=$s3key AWS_SECRET_ACCESS_KEY=$s3secret
bucket="onair-bench-$$"
s3() { curl -fsS --aws-sigv4 "aws:amz:us-east-1:s3" -H "x-amz-content-sha256: UNSIGNED-PAYLOAD" --user "$s3key:$s3secret" "$@"; }
remove_bucket() {
	s3 "http://$s3host/$bucket?list-type=2&max-keys=1000" | python3 -c '
import re, sys; print("\n".join(re.findall(r"<Key>([^<]*)</Key>", sys.stdin.read())))' |
		while read -r key; do [[ -n "$key" ]] && s3 -X DELETE "http://$s3host/$bucket/$key" >/dev/null; done
	s3 -X DELETE "http://$s3host/$bucket" >/dev/null || true
}
# Make the bucket with a signed PUT (curl's --aws-sigv4).
s3 -X PUT "http://$s3host/$bucket" >/dev/null || { echo "bench: cannot make bucket $bucket on $s3host" >&2; exit 1; }
storage="s3://$bucket?endpoint=$s3host&region=us-east-1&path_style=true&secure=false"

psql "$PG" -qc "CREATE SCHEMA $schema" >/dev/null
case "$PG" in *\?*) pgdsn="$PG&search_path=$schema" ;; *) pgdsn="$PG?search_path=$schema" ;; esac

# setup NAME DATA_FLAGS... [-- SERVE_FLAGS...]: starts a node, uploads the
# episode, leaves the node running and sets $base, $feed, $media.
setup() {
	local name=$1; shift
	local data=() extra=()
	while [[ $# -gt 0 && $1 != -- ]]; do data+=("$1"); shift; done
	[[ $# -gt 0 ]] && shift
	extra=("$@")
	set -- "${data[@]}"
	local port; port=$(free_port)
	base="http://127.0.0.1:$port"
	local token
	token=$("$onair" token create --name bench "$@")
	"$onair" serve --addr "127.0.0.1:$port" --base-url "$base" "$@" ${extra[@]+"${extra[@]}"} >"$work/$name.log" 2>&1 &
	node=$!
	pids+=($node)
	wait_up "$base/healthz"
	curl -fsS -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
		-d '{"slug":"bench","title":"Bench","description":"A show to load","author":"onair","language":"en","categories":["News"]}' \
		"$base/api/v1/shows" >/dev/null 2>&1 || true # the show is shared by the runs on one database
	local ep
	ep=$(curl -fsS -H "Authorization: Bearer $token" -F "audio=@$work/episode.mp3;type=audio/mpeg" \
		-F title="Episode $name" -F status=published -F published_at=2026-01-01T00:00:00Z \
		"$base/api/v1/shows/bench/episodes")
	media=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["audio"]["url"])' <<<"$ep")
	feed="$base/shows/bench/feed.rss"
	curl -fsS -o /dev/null "$feed"
}

# load URL [HEADER]: prints "requests/s MB/s" from a wrk run.
load() {
	local out
	if [[ -n "${2:-}" ]]; then
		out=$(wrk -t"$THREADS" -c"$CONNS" -d"${DURATION}s" -H "$2" "$1")
	else
		out=$(wrk -t"$THREADS" -c"$CONNS" -d"${DURATION}s" "$1")
	fi
	echo "$out" >>"$work/wrk.log"
	if grep -q "Non-2xx or 3xx" <<<"$out"; then
		echo "bench: errors loading $1:" >&2
		echo "$out" >&2
	fi
	python3 - "$out" <<'EOF'
import re, sys
out = sys.argv[1]
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
m = re.search(r"Transfer/sec:\s+([\d.]+)([KMG]?B)", out)
mb = float(m.group(1)) * {"B": 1e-6, "KB": 1e-3, "MB": 1, "GB": 1e3}[m.group(2)] * 1.048576
print(f"{rps:.0f} {mb:.0f}")
EOF
}

run() { # LABEL FLAGS...
	local label=$1; shift
	setup "$(tr -c 'a-z0-9\n' '_' <<<"$label" | head -c 30)" "$@"
	local f m
	read -r f _ < <(load "$feed" "Accept-Encoding: gzip")
	read -r m mb < <(load "$media" "Range: $RANGE")
	printf '| %s | %s | %s | %s |\n' "$label" "$f" "$m" "$mb"
	kill "$node" 2>/dev/null || true
	wait "$node" 2>/dev/null || true
}

echo "bench: wrk -t$THREADS -c$CONNS -d${DURATION}s; media requests ask for $RANGE" >&2
echo
echo "| node | feed.rss req/s | media req/s | media MB/s through the node |"
echo "|---|---:|---:|---:|"
run "SQLite + local disk" --data "$work/local"
run "SQLite + local disk, --media-redirect (CDN URL)" --data "$work/local" -- --media-redirect --media-base-url https://cdn.example.com
run "PostgreSQL + S3" --data "$work/pg" --db "$pgdsn" --storage "$storage"
run "PostgreSQL + S3, --media-redirect (presigned)" --data "$work/pg" --db "$pgdsn" --storage "$storage" -- --media-redirect
