#!/usr/bin/env bash
# perfstat.sh - a second opinion on snapshot.sh's headline number, with
# `perf stat`: the floor (cat /proc/PID/smaps) against memtrace snapshot on
# a many-maps helper.  perf stat -r N repeats one command N times and
# reports mean task-clock (CPU of all threads) and mean elapsed time with
# their spread; the two commands alternate for ROUNDS rounds, so drift on
# the machine shows up as a difference between rounds.
#
#   bench/perfstat.sh [--reps N] [--rounds K] [--maps N]    (10, 2, 60000)
#
# Environment: MEMTRACE (default ./src/memtrace), HELPERS (directory with a
# built many-maps), PERF (default perf), CC (default gcc).  Prints markdown
# on stdout, progress on stderr.
set -u

usage() {
	echo "usage: $0 [--reps N] [--rounds K] [--maps N]" >&2
	exit 2
}

cmdline=$(printf '%q ' "$0" "$@")
cmdline=${cmdline% }
reps=10
rounds=2
maps=60000
while [ $# -gt 0 ]; do
	case $1 in
	--reps) [ $# -ge 2 ] || usage; reps=$2; shift 2 ;;
	--rounds) [ $# -ge 2 ] || usage; rounds=$2; shift 2 ;;
	--maps) [ $# -ge 2 ] || usage; maps=$2; shift 2 ;;
	*) usage ;;
	esac
done
for v in "$reps" "$rounds" "$maps"; do
	case $v in '' | *[!0-9]* | 0) usage ;; esac
done

note() { printf '%s\n' "$*" >&2; }
die() { note "perfstat.sh: $*"; exit 1; }

srcdir=$(cd "$(dirname "$0")/.." && pwd)
CC=${CC:-gcc}
PERF=${PERF:-perf}
command -v "$PERF" >/dev/null 2>&1 || die "$PERF not found (apt-get install linux-perf)"
"$PERF" stat -e task-clock true >/dev/null 2>&1 ||
	die "'$PERF stat' does not work here (kernel.perf_event_paranoid? a container without perf events?)"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/memtrace-bench-perf.XXXXXX") || die "mktemp failed"
helper_pid=""
cleanup() {
	if [ -n "$helper_pid" ]; then
		kill -9 "$helper_pid" 2>/dev/null
		wait "$helper_pid" 2>/dev/null
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

found=""
for d in ${HELPERS:-} ./tests/helpers "$srcdir/tests/helpers"; do
	if [ -x "$d/many-maps" ]; then found="$d/many-maps"; break; fi
done
if [ -n "$found" ]; then
	cp "$found" "$tmp/many-maps" || die "cannot copy $found"
else
	"$CC" -std=gnu11 -O2 -Wall -Wextra -o "$tmp/many-maps" "$srcdir/tests/helpers/many-maps.c" ||
		die "cannot build tests/helpers/many-maps.c with $CC"
fi
MEMTRACE=${MEMTRACE:-./src/memtrace}
if [ ! -x "$MEMTRACE" ] && [ "$MEMTRACE" = ./src/memtrace ] && [ -x "$srcdir/src/memtrace" ]; then
	MEMTRACE=$srcdir/src/memtrace
fi
[ -x "$MEMTRACE" ] || die "memtrace not found at $MEMTRACE (build it, or set MEMTRACE=...)"
mt_orig=$MEMTRACE
if [ "$(head -c 4 "$MEMTRACE" | od -An -c | tr -d ' ')" = '177ELF' ]; then
	cp "$MEMTRACE" "$tmp/memtrace" || die "cannot copy $MEMTRACE"
	MEMTRACE=$tmp/memtrace
	mt_orig="$mt_orig (copied for the run, sha256 $(sha256sum "$MEMTRACE" | cut -c1-12)...)"
fi

cpustat() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8, $5 + $6, $9; exit }' /proc/stat; }
busy() {
	echo "$1 $2" | awk '{ b = $4 - $1; i = $5 - $2; s = $6 - $3; t = b + i + s
		if (t <= 0) t = 1
		printf "busy %.0f%%, steal %.0f%%", 100 * b / t, 100 * s / t }'
}

note "starting many-maps $maps"
"$tmp/many-maps" "$maps" >"$tmp/ready" 2>&1 &
helper_pid=$!
i=0
until grep -q '^ready' "$tmp/ready"; do
	if ! kill -0 "$helper_pid" 2>/dev/null || [ $i -gt 600 ]; then
		die "many-maps $maps did not get ready: $(cat "$tmp/ready")"
	fi
	i=$((i + 1))
	sleep 0.05
done
lines=$(wc -l <"/proc/$helper_pid/maps")

echo "# memtrace snapshot: perf stat second opinion"
echo
echo "Command line: \`$cmdline\`"
echo
echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC'), kernel $(uname -r), $(nproc) CPUs," \
	"$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo), $("$PERF" --version)"
echo "- helper: many-maps $maps, PID $helper_pid, $lines lines in /proc/PID/maps"
echo "- memtrace: $mt_orig"
echo "- each row: \`$PERF stat -r $reps -e task-clock -- CMD > /dev/null\`; task-clock is CPU of all"
echo "  threads (memtrace reads smaps on one thread, parses on another, reads smaps_rollup and"
echo "  identity on a third), elapsed is wall time; ± is perf's spread of the mean"
echo
echo "| round | command | task-clock ms (±) | CPUs utilized | elapsed ms (±) | elapsed / floor | machine |"
echo "|---:|---|---:|---:|---:|---:|---|"
for r in $(seq "$rounds"); do
	floor=""
	for label in floor memtrace; do
		note "   round $r/$rounds: $label"
		if [ $label = floor ]; then
			set -- cat "/proc/$helper_pid/smaps"
		else
			set -- "$MEMTRACE" snapshot "$helper_pid"
		fi
		c0=$(cpustat)
		"$PERF" stat -r "$reps" -e task-clock -o "$tmp/out" -- "$@" >/dev/null 2>>"$tmp/stderr" ||
			die "perf stat failed for $label: $(tail -n 2 "$tmp/stderr")"
		c1=$(cpustat)
		# "   291.96 msec task-clock   #    0.961 CPUs utilized   ( +-  1.03% )"
		# "   0.30365 +- 0.00278 seconds time elapsed  ( +-  0.92% )"
		read -r tc tcpm util el elpm < <(awk '
			/task-clock/ { tc = $1; u = $5; for (i = 1; i <= NF; i++) if ($i == "+-") p = $(i + 1) }
			/seconds time elapsed/ { e = $1 * 1000; ep = $3 * 1000 }
			END { print tc, (p == "" ? "?" : p), u, e, ep }' "$tmp/out")
		[ -n "$el" ] || die "cannot read perf stat output: $(cat "$tmp/out")"
		[ $label = floor ] && floor=$el
		printf '| %d | %s | %s (± %s) | %s | %.1f (± %.1f) | %.2f | %s |\n' "$r" "$label" "$tc" "$tcpm" \
			"$util" "$el" "$elpm" "$(awk -v e="$el" -v f="$floor" 'BEGIN { print (f > 0 ? e / f : 0) }')" \
			"$(busy "$c0" "$c1")"
	done
done
echo
echo "Commands: floor \`cat /proc/$helper_pid/smaps\`, memtrace \`${mt_orig%% *} snapshot $helper_pid\`."
