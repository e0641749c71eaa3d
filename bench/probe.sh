#!/usr/bin/env bash
# bench/probe.sh times `onair probe` against `ffprobe` and a full
# `ffmpeg -f null -` decode on a 60-minute VBR MP3 without a Xing header (so
# a prober must count frames or guess from the bitrate), and reports the
# ratios, each tool's duration error against the decoded truth and peak
# memory.
#
# Needs Debian's ffmpeg, lame, sox, espeak-ng and time (/usr/bin/time);
# uses hyperfine when it is installed (apt-get install hyperfine), else a
# loop (or with ONAIR_BENCH_NO_HYPERFINE=1). Usage: bench/probe.sh [RUNS]   (the test file is cached in
# $ONAIR_BENCH_CACHE, default /tmp/onair-bench).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
cache=${ONAIR_BENCH_CACHE:-/tmp/onair-bench}
mkdir -p "$cache"
mp3=$cache/long_vbr_noxing_60min.mp3

for tool in ffmpeg ffprobe lame sox espeak-ng /usr/bin/time; do
	command -v "$tool" >/dev/null || { echo "bench: $tool is missing (apt-get install ffmpeg lame sox espeak-ng time)" >&2; exit 1; }
done

# 1. The test file: speech with pauses and a varying tone bed, 60 minutes,
# VBR (-V 4) with lame's Xing/LAME frame turned off (-t).
if [[ ! -s $mp3 ]]; then
	echo "making a 60-minute VBR MP3 without a Xing header (about a minute)..." >&2
	t=$(mktemp -d)
	espeak-ng -v en-us -s 165 -w "$t/s.wav" "Good evening. This is the long edition of the harbor town report, \
with the ferry timetable, the council meeting, the school buses, sport, the arts and the weather for the week."
	# 30 s block: speech, a pause, a chord; then 120 blocks = 60 minutes.
	sox -D -R "$t/s.wav" -r 44100 -c 2 "$t/a.wav" rate -v pad 0.5 2
	sox -D -R -n -r 44100 -c 2 "$t/b.wav" synth 6 pluck C3 pluck E3 pluck G3 vol 0.3
	sox -D -R "$t/a.wav" "$t/b.wav" "$t/a.wav" "$t/block.wav"
	len=$(soxi -D "$t/block.wav")
	sox -D -R "$t/block.wav" "$t/long.wav" repeat "$(awk -v l="$len" 'BEGIN{print int(3600/l+0.999)-1}')" trim 0 3600
	lame --quiet -V 4 -t "$t/long.wav" "$mp3.tmp"
	mv "$mp3.tmp" "$mp3"
	rm -rf "$t"
fi
head -c 4096 "$mp3" | grep -qa -e Xing -e Info && { echo "bench: $mp3 has a Xing/Info header" >&2; exit 1; }

# 2. The truth: decode everything and count the samples.
rate=$(ffprobe -v error -select_streams a:0 -show_entries stream=sample_rate -of csv=p=0 "$mp3")
bytes=$(ffmpeg -nostdin -v error -i "$mp3" -f s16le -ac 1 -acodec pcm_s16le - | wc -c)
truth_ms=$(awk -v b="$bytes" -v r="$rate" 'BEGIN{printf "%.0f", b/2*1000/r}')

go build -o "$cache/onair" ./cmd/onair
onair=("$cache/onair" probe --json "$mp3")
ffprobe_cmd=(ffprobe -v error -show_entries format=duration -of csv=p=0 "$mp3")
decode=(ffmpeg -nostdin -v error -i "$mp3" -f null -)

onair_ms=$("${onair[@]}" | sed -n 's/.*"duration_ms": \([0-9]*\).*/\1/p')
ffprobe_ms=$("${ffprobe_cmd[@]}" | awk '{printf "%.0f", $1*1000}')
decode_ms=$(ffmpeg -nostdin -i "$mp3" -f null - 2>&1 | tr '\r' '\n' | sed -n 's/.*time=\([0-9:.]*\).*/\1/p' | tail -1 |
	awk -F: '{printf "%.0f", ($1*3600+$2*60+$3)*1000}')

# 3. Wall time (mean of $runs) and peak memory of each tool.
declare -A mean cpu
if [[ -z ${ONAIR_BENCH_NO_HYPERFINE:-} ]] && command -v hyperfine >/dev/null; then
	hyperfine --style basic --warmup 1 --runs "$runs" --export-json "$cache/hyperfine.json" \
		-n onair "${onair[*]}" -n ffprobe "${ffprobe_cmd[*]}" -n decode "${decode[*]}" >&2
	while read -r name m c; do mean[$name]=$m cpu[$name]=$c; done < <(python3 -c '
import json,sys
for r in json.load(open(sys.argv[1]))["results"]: print(r["command"], r["mean"], r["user"] + r["system"])' "$cache/hyperfine.json")
else
	for name in onair ffprobe decode; do
		case $name in onair) cmd=("${onair[@]}") ;; ffprobe) cmd=("${ffprobe_cmd[@]}") ;; decode) cmd=("${decode[@]}") ;; esac
		"${cmd[@]}" >/dev/null # warm-up
		for ((i = 0; i < runs; i++)); do /usr/bin/time -a -o "$cache/$name.times" -f "%e %U %S" "${cmd[@]}" >/dev/null; done
		read -r mean[$name] cpu[$name] < <(tail -n "$runs" "$cache/$name.times" | awk '{e+=$1; c+=$2+$3} END{print e/NR, c/NR}')
	done
fi
peak() { /usr/bin/time -v "$@" 2>&1 >/dev/null | awk '/Maximum resident/{print $6}'; }
declare -A rss=([onair]=$(peak "${onair[@]}") [ffprobe]=$(peak "${ffprobe_cmd[@]}") [decode]=$(peak "${decode[@]}"))
declare -A dur=([onair]=$onair_ms [ffprobe]=$ffprobe_ms [decode]=$decode_ms)

size=$(stat -c %s "$mp3")
echo
echo "file: $mp3 ($size bytes, VBR, no Xing header); decoded truth: $truth_ms ms"
echo "(wall: mean elapsed time; cpu: mean user+system time, steadier on a busy machine)"
printf '%-8s %10s %10s %12s %12s %14s %10s %12s\n' tool wall_ms cpu_ms wall_x_dec cpu_x_dec duration_ms error_ms peak_rss_kb
for name in onair ffprobe decode; do
	awk -v n="$name" -v m="${mean[$name]}" -v c="${cpu[$name]}" -v d="${mean[decode]}" -v dc="${cpu[decode]}" \
		-v ms="${dur[$name]}" -v t="$truth_ms" -v r="${rss[$name]}" \
		'BEGIN{printf "%-8s %10.1f %10.1f %11.1fx %11.1fx %14d %10d %12d\n", n, m*1000, c*1000, d/m, dc/c, ms, ms-t, r}'
done
awk -v o="${mean[onair]}" -v p="${mean[ffprobe]}" -v d="${mean[decode]}" -v oc="${cpu[onair]}" -v pc="${cpu[ffprobe]}" -v dc="${cpu[decode]}" 'BEGIN{
	printf "\nonair vs full decode: %.1fx faster wall, %.1fx less CPU (target >= 20x)\n", d/o, dc/oc
	printf "onair vs ffprobe:     %.2fx faster wall, %.2fx less CPU (target >= 1x)\n", p/o, pc/oc }'
