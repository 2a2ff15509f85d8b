#!/bin/bash
# What memtrace's reads of a Go service's endpoints (--go-pprof,
# --go-expvar) cost the service: each read of /debug/pprof/heap?debug=1
# calls runtime.ReadMemStats and the goroutine profile, both of which stop
# the world.  tests/go/gosvc -lag runs a goroutine that sleeps 1 ms at a
# time and counts how late it wakes (a pause shows as lateness); the
# service (heap-leak mode) holds 250 MiB of live heap so a
# pause has something to walk.  For each rate (no reads, the default 15 s,
# 1 s) memtrace watches the service for SECONDS; then /lag reports the
# wakeups and the late ones, and curl times 20 reads of each endpoint.
# Measures, does not assert.  Usage: bench/go-reads.sh [SECONDS]  (60)
set -u
secs=${1:-60}
top=$(cd "$(dirname "$0")/.." && pwd)
M=${MEMTRACE:-$top/src/memtrace}
G=${GOSVC:-$top/tests/go/gosvc/gosvc}
[ -x "$G" ] || { echo "no $G: build it with make check (needs go)"; exit 1; }
T=$(mktemp -d)
trap 'kill $gp 2>/dev/null; rm -rf "$T"' EXIT
"$G" -mode heap-leak -kib 256 -lag >"$T/out" 2>&1 &
gp=$!
for _ in $(seq 100); do U=$(sed -n 's/^listening on //p' "$T/out"); [ -n "$U" ] && break; sleep 0.05; done
for _ in $(seq 1000); do curl -s "$U/work" >/dev/null; done # 250 MiB of live heap
echo "gosvc heap-leak: $(curl -s "$U/debug/pprof/goroutine?debug=1" | head -n 1), HeapInuse $(curl -s "$U/debug/pprof/heap?debug=1" | sed -n 's/^# HeapInuse = //p') bytes"
printf '%-22s %8s %12s %12s %10s\n' "reads" "wakeups" "max late us" "late>=100us" "late>=1ms"
for iv in none 15 1; do
	curl -s "$U/lag" >/dev/null # start over
	if [ "$iv" = none ]; then
		"$M" watch --json -d "${secs}s" "$gp" >/dev/null 2>&1
	else
		"$M" watch --json -d "${secs}s" --go-interval "$iv" --go-pprof "$U" --go-expvar "$U" "$gp" >/dev/null 2>&1
	fi
	read -r _ n _ max _ l100 _ l1 < <(curl -s "$U/lag")
	printf '%-22s %8s %12s %12s %10s\n' "$([ "$iv" = none ] && echo "watch, no Go reads" || echo "--go-interval $iv")" "$n" "$max" "$l100" "$l1"
done
for ep in "debug/pprof/heap?debug=1" "debug/pprof/goroutine?debug=1" "debug/vars"; do
	for _ in $(seq 20); do curl -s -o /dev/null -w '%{time_total}\n' "$U/$ep"; done | sort -n |
		awk -v ep="$ep" '{ a[NR] = $1 } END { printf "GET /%-30s median %.1f ms, max %.1f ms (20 reads)\n", ep, 1000 * a[int((NR + 1) / 2)], 1000 * a[NR] }'
done
