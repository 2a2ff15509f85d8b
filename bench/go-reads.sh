#!/bin/bash
# What memtrace's reads of a Go service's endpoints (--go-pprof,
# --go-expvar) cost the service: each read of /debug/pprof/heap?debug=1
# calls runtime.ReadMemStats and the goroutine profile, both of which stop
# the world.  tests/go/gosvc -lag runs a goroutine that sleeps 1 ms at a
# time and counts how late it wakes (a pause shows as lateness).  Two
# services: one holding 250 MiB of live heap (a pause has something to
# walk), one with 20,000 parked goroutines (the goroutine profile walks
# every stack with the world stopped).  For each, ROUNDS rounds alternate
# the three rates (no Go reads, the default 15 s, 1 s), each a watch of
# SECONDS; then curl times 20 reads of each endpoint.  This machine is
# noisy: medians and minima over the rounds.  Measures, does not assert.
# Usage: bench/go-reads.sh [SECONDS] [ROUNDS]  (20, 3)
set -u
secs=${1:-20}
rounds=${2:-3}
top=$(cd "$(dirname "$0")/.." && pwd)
M=${MEMTRACE:-$top/src/memtrace}
G=${GOSVC:-$top/tests/go/gosvc/gosvc}
[ -x "$G" ] || { echo "no $G: build it with make check (needs go)"; exit 1; }
T=$(mktemp -d)
gp=""
trap 'kill $gp 2>/dev/null; rm -rf "$T"' EXIT

# median and min of the numbers on stdin: "MEDIAN MIN"
medmin() { sort -n | awk '{ a[NR] = $1 } END { printf "%s %s\n", a[int((NR + 1) / 2)], a[1] }'; }

# service NAME: starts gosvc -lag and brings it to the scenario
service() {
	"$G" -mode heap-leak -kib 256 -lag >"$T/out" 2>&1 &
	gp=$!
	U=""
	for _ in $(seq 100); do U=$(sed -n 's/^listening on //p' "$T/out"); [ -n "$U" ] && break; sleep 0.05; done
	[ -n "$U" ] || { echo "gosvc did not start"; cat "$T/out"; exit 1; }
	if [ "$1" = heap ]; then
		for _ in $(seq 1000); do curl -s "$U/work" >/dev/null; done # 250 MiB of live heap
	else
		curl -s "$U/park?n=20000" >/dev/null
	fi
	echo "== $1: $(curl -s "$U/debug/pprof/goroutine?debug=1" | head -n 1), HeapInuse $(($(curl -s "$U/debug/pprof/heap?debug=1" | sed -n 's/^# HeapInuse = //p') >> 20)) MiB"
}

# one_rate IV: a watch of SECS at that rate; appends "MAXLATE L100 L1MS" to $T/IV
one_rate() {
	curl -s "$U/lag" >/dev/null # start over
	if [ "$1" = none ]; then
		"$M" watch --json -d "${secs}s" "$gp" >/dev/null 2>&1
	else
		"$M" watch --json -d "${secs}s" --go-interval "$1" --go-pprof "$U" --go-expvar "$U" "$gp" >/dev/null 2>&1
	fi
	read -r _ n _ max _ l100 _ l1 < <(curl -s "$U/lag")
	echo "$max $l100 $l1 $n" >>"$T/$1"
}

report() {
	printf '%-24s %18s %18s %18s\n' "reads ($rounds x ${secs}s)" "max late us" "late>=100us" "late>=1ms"
	printf '%-24s %18s %18s %18s\n' "" "median (min)" "median (min)" "median (min)"
	for iv in none 15 1; do
		local name c1 c2 c3
		name=$([ "$iv" = none ] && echo "watch, no Go reads" || echo "--go-interval $iv")
		c1=$(cut -d' ' -f1 "$T/$iv" | medmin)
		c2=$(cut -d' ' -f2 "$T/$iv" | medmin)
		c3=$(cut -d' ' -f3 "$T/$iv" | medmin)
		printf '%-24s %18s %18s %18s\n' "$name" "${c1% *} (${c1#* })" "${c2% *} (${c2#* })" "${c3% *} (${c3#* })"
	done
	for ep in "debug/pprof/heap?debug=1" "debug/pprof/goroutine?debug=1" "debug/vars"; do
		for _ in $(seq 20); do curl -s -o /dev/null -w '%{time_total}\n' "$U/$ep"; done | sort -n |
			awk -v ep="$ep" '{ a[NR] = $1 } END { printf "GET /%-30s median %.1f ms, min %.1f ms, max %.1f ms (20 reads)\n", ep, 1000 * a[int((NR + 1) / 2)], 1000 * a[1], 1000 * a[NR] }'
	done
}

for scenario in heap goroutines; do
	rm -f "$T/none" "$T/15" "$T/1"
	service "$scenario"
	for r in $(seq "$rounds"); do
		# alternate the order, so a slow phase of the machine is shared
		if [ $((r % 2)) = 1 ]; then order="none 15 1"; else order="1 15 none"; fi
		for iv in $order; do one_rate "$iv"; done
	done
	report
	kill "$gp" 2>/dev/null; wait "$gp" 2>/dev/null
	gp=""
done
