#!/usr/bin/env bash
# export.sh - what does `memtrace export` cost on a host?
#
# Spawns N small processes (sleep, default 200), then runs `memtrace export
# --listen 127.0.0.1:0 --cgroups --textfile FILE` (rounds every T, default
# 1s, the top 50
# processes, every memory cgroup) and scrapes /metrics every SCRAPE seconds
# (default 5) as a Prometheus would.  Its CPU time is read from
# /proc/PID/stat (utime + stime) at the start and the end of a window of
# SECONDS (default 60) after a warm-up of WARMUP seconds (default 5); VmRSS
# and VmHWM at the end; the round duration (memtrace_round_duration_seconds)
# and the page size from each scrape.  Prints markdown.
#
#   bench/export.sh [--procs N] [--seconds S] [--warmup W] [--scrape S] [--interval T]
#
# Environment: MEMTRACE (default ./src/memtrace).
set -u

cmdline=$(printf '%q ' "$0" "$@")
procs=200 seconds=60 warmup=5 scrape=5 interval=1s
while [ $# -gt 0 ]; do
	case $1 in
	--procs) procs=$2; shift 2 ;;
	--seconds) seconds=$2; shift 2 ;;
	--warmup) warmup=$2; shift 2 ;;
	--scrape) scrape=$2; shift 2 ;;
	--interval) interval=$2; shift 2 ;;
	*) echo "usage: $0 [--procs N] [--seconds S] [--warmup W] [--scrape S] [--interval T]" >&2; exit 2 ;;
	esac
done
MEMTRACE=${MEMTRACE:-./src/memtrace}
for t in curl "$MEMTRACE"; do
	command -v "$t" >/dev/null || { echo "export.sh: $t is needed" >&2; exit 1; }
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/memtrace-bench-export.XXXXXX")
sleepers=()
exp=
cleanup() {
	[ -n "$exp" ] && kill "$exp" 2>/dev/null
	[ ${#sleepers[@]} -gt 0 ] && kill "${sleepers[@]}" 2>/dev/null
	wait 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT

. "$(dirname "$0")/lib.sh"
spawn_sleepers "$procs"

"$MEMTRACE" export --listen 127.0.0.1:0 --cgroups --textfile "$tmp/memtrace.prom" --interval "$interval" 2>"$tmp/err" &
exp=$!
for _ in $(seq 50); do grep -q 'listening on port' "$tmp/err" && break; sleep 0.1; done
port=$(sed -n 's/.*listening on port //p' "$tmp/err")
[ -n "$port" ] || { echo "export.sh: memtrace export did not start: $(cat "$tmp/err")" >&2; exit 1; }
url=http://127.0.0.1:$port/metrics

sleep "$warmup"
c0=$(cpu_of "$exp")
t0=$(date +%s.%N)
end=$(($(date +%s) + seconds))
rounds=() sizes=()
while [ "$(date +%s)" -lt "$end" ]; do
	curl -s -o "$tmp/page" "$url"
	rounds+=("$(sed -n 's/^memtrace_round_duration_seconds //p' "$tmp/page")")
	sizes+=("$(wc -c <"$tmp/page")")
	sleep "$scrape"
done
c1=$(cpu_of "$exp")
t1=$(date +%s.%N)
rss=$(kb_of "$exp" VmRSS) hwm=$(kb_of "$exp" VmHWM)
targets=$(grep '^memtrace_targets' "$tmp/page" | tr '\n' ' ')
series=$(grep -vc '^#' "$tmp/page")
median() { printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

echo "Command line: \`$cmdline\`"
echo
echo "- memtrace git revision: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC'), kernel $(uname -r), $(nproc) CPUs, $(ps -e --no-headers | wc -l) processes on the host"
echo "- $targets; $series series in the page"
echo
awk -v c0="$c0" -v c1="$c1" -v t0="$t0" -v t1="$t1" -v rss="$rss" -v hwm="$hwm" \
	-v round="$(median "${rounds[@]}")" -v size="$(median "${sizes[@]}")" 'BEGIN {
	printf "| CPU (of one core) | CPU seconds | window | round (median) | page | RSS | peak RSS |\n"
	printf "|---:|---:|---:|---:|---:|---:|---:|\n"
	printf "| %.2f%% | %.2f s | %.0f s | %.1f ms | %.0f KiB | %.1f MiB | %.1f MiB |\n",
		100 * (c1 - c0) / (t1 - t0), c1 - c0, t1 - t0, 1000 * round, size / 1024, rss / 1024, hwm / 1024
}'
