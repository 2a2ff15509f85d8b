#!/usr/bin/env bash
# snapshot.sh - how long does one look at one process's memory take?
#
# Starts tests/helpers/many-maps with 10,000 and then 60,000 mappings and
# times, on its PID, the kernel floor (cat smaps), memtrace snapshot and
# the peer tools pmap -X, smemstat and smem.  Repetitions alternate
# round-robin (floor, memtrace, pmap, smemstat, smem, floor, ...) so that
# drift on the machine hits every command alike.  Prints one markdown
# table per mapping count on stdout; progress goes to stderr.
#
#   bench/snapshot.sh [--reps N] [--maps "10000 60000"]
#
# Environment: MEMTRACE (default ./src/memtrace), HELPERS (directory with
# a built many-maps, default ./tests/helpers), CC (default gcc).
set -u

usage() {
	echo "usage: $0 [--reps N] [--maps \"10000 60000\"]" >&2
	exit 2
}

cmdline=$(printf '%q ' "$0" "$@")
cmdline=${cmdline% }
reps=10
maps_list="10000 60000"
while [ $# -gt 0 ]; do
	case $1 in
	--reps) [ $# -ge 2 ] || usage; reps=$2; shift 2 ;;
	--reps=*) reps=${1#*=}; shift ;;
	--maps) [ $# -ge 2 ] || usage; maps_list=$2; shift 2 ;;
	--maps=*) maps_list=${1#*=}; shift ;;
	-h | --help) usage ;;
	*) usage ;;
	esac
done
case $reps in '' | *[!0-9]* | 0) usage ;; esac
[ -n "${maps_list// /}" ] || usage
for n in $maps_list; do
	case $n in *[!0-9]* | 0) usage ;; esac
done

note() { printf '%s\n' "$*" >&2; }
die() { note "snapshot.sh: $*"; exit 1; }

srcdir=$(cd "$(dirname "$0")/.." && pwd)
CC=${CC:-gcc}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/memtrace-bench.XXXXXX") || die "mktemp failed"
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

# --- tools ---------------------------------------------------------------
"$CC" -std=gnu11 -O2 -Wall -Wextra -o "$tmp/runstat" "$srcdir/bench/runstat.c" ||
	die "cannot build bench/runstat.c with $CC"

# A private copy of many-maps under a unique name: smem can only select
# processes by a regular expression on their name, and it must not pick
# up any other many-maps (a test suite running at the same time).
helper_name="mtbench-$$"
helper_name=${helper_name:0:15}	# the kernel's comm is 15 bytes
found=""
for d in ${HELPERS:-} ./tests/helpers "$srcdir/tests/helpers"; do
	if [ -x "$d/many-maps" ]; then found="$d/many-maps"; break; fi
done
if [ -n "$found" ]; then
	cp "$found" "$tmp/$helper_name" || die "cannot copy $found"
	helper_src="$found"
else
	"$CC" -std=gnu11 -O2 -Wall -Wextra -o "$tmp/$helper_name" \
		"$srcdir/tests/helpers/many-maps.c" ||
		die "cannot build tests/helpers/many-maps.c with $CC"
	helper_src="built from $srcdir/tests/helpers/many-maps.c"
fi

MEMTRACE=${MEMTRACE:-./src/memtrace}
if [ ! -x "$MEMTRACE" ] && [ -x "$srcdir/src/memtrace" ] && [ "${MEMTRACE}" = ./src/memtrace ]; then
	MEMTRACE=$srcdir/src/memtrace
fi
# A private copy: a rebuild of the tree during the run must not change
# what is measured (a libtool wrapper script is used in place).
memtrace_shown=$MEMTRACE
memtrace_orig=$MEMTRACE
if [ -x "$MEMTRACE" ] && [ "$(head -c 4 "$MEMTRACE" | od -An -c | tr -d ' ')" = '177ELF' ]; then
	cp "$MEMTRACE" "$tmp/memtrace" || die "cannot copy $MEMTRACE"
	memtrace_shown="$MEMTRACE (copied for the run, sha256 $(sha256sum "$MEMTRACE" | cut -c1-12)...)"
	MEMTRACE=$tmp/memtrace
fi

# Each command: a label, then its argv with @PID@ / @NAME@ placeholders,
# kept as one string with the words separated by US (\x1f).
US=$'\x1f'
labels=() ; argvs=()
add() { local IFS=$US; labels+=("$1"); shift; argvs+=("$*"); }
add floor cat /proc/@PID@/smaps
if [ -x "$MEMTRACE" ]; then
	add memtrace "$MEMTRACE" snapshot @PID@
else
	note "note: memtrace not found at $MEMTRACE (set MEMTRACE=...); running the peers only"
fi
for tool in pmap smemstat smem; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		note "note: $tool not installed, skipped"
		continue
	fi
	case $tool in
	pmap) add pmap pmap -X @PID@ ;;
	# No delay/count: one snapshot of the listed PID.  It still reads
	# /proc/*/cmdline of every process to resolve the list.
	smemstat) add smemstat smemstat -q -p @PID@ -o /dev/null ;;
	# smem has no PID filter: -P matches the name (comm) or the command
	# line of every process, so this also reads all of /proc/*/cmdline.
	smem) add smem smem -P "^@NAME@\$" ;;
	esac
done

expand() {	# expand ARGV-STRING PID -> prints the argv, one word a line
	local w IFS=$US
	for w in $1; do
		w=${w//@PID@/$2}
		printf '%s\n' "${w//@NAME@/$helper_name}"
	done
}

# Whole-machine CPU between two readings of /proc/stat: busy (user, nice,
# system, irq, softirq) and steal (time the hypervisor gave to another
# guest: on a VM, noise that no process list shows; top's "st").
cpustat() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8, $5 + $6, $9; exit }' /proc/stat; }
busy() {	# busy "BEFORE" "AFTER" -> "busy B%, steal S%"
	echo "$1 $2" | awk '{ b = $4 - $1; i = $5 - $2; s = $6 - $3; t = b + i + s
		if (t <= 0) t = 1
		printf "busy %.0f%%, steal %.0f%%", 100 * b / t, 100 * s / t }'
}

# --- header --------------------------------------------------------------
echo "# memtrace snapshot benchmark"
echo
echo "Command line: \`$cmdline\`"
echo
echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC'), kernel $(uname -r), $(nproc) CPUs," \
	"$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
echo "- helper: many-maps ($helper_src), run as \`$helper_name\`"
echo "- memtrace: $([ -x "$MEMTRACE" ] && echo "$memtrace_shown" || echo "not found ($MEMTRACE)")"
echo "- $reps timed repetitions per command, round-robin, after one untimed warm-up run each;" \
	"wall time and CPU (user+sys) from bench/runstat.c, peak RSS = max ru_maxrss over the repetitions"

# --- one mapping count ---------------------------------------------------
run_one() {	# run_one LABEL ARGV-STRING -> appends "label wall cpu rss status"
	local label=$1 line
	local -a argv
	mapfile -t argv < <(expand "$2" "$helper_pid")
	line=$("$tmp/runstat" -o /dev/null "${argv[@]}" 2>>"$tmp/$label.err") ||
		die "runstat failed for $label"
	# shellcheck disable=SC2086
	set -- ${line//=/ }
	echo "$label $2 $4 $6 $8" >>"$tmp/results"
}

for n in $maps_list; do
	note "== $n mappings: starting helper"
	: >"$tmp/ready"
	"$tmp/$helper_name" "$n" >"$tmp/ready" 2>&1 &
	helper_pid=$!
	i=0
	until grep -q '^ready' "$tmp/ready"; do
		if ! kill -0 "$helper_pid" 2>/dev/null || [ $i -gt 600 ]; then
			die "many-maps $n did not get ready: $(cat "$tmp/ready")"
		fi
		i=$((i + 1))
		sleep 0.05
	done
	lines=$(wc -l <"/proc/$helper_pid/maps")
	rss=$(awk '$1 == "Rss:" { print $2 }' "/proc/$helper_pid/smaps_rollup" 2>/dev/null)
	: >"$tmp/results"
	rm -f "$tmp"/*.err

	cpu0=$(cpustat)
	for k in "${!labels[@]}"; do	# warm-up, untimed
		mapfile -t argv < <(expand "${argvs[$k]}" "$helper_pid")
		"${argv[@]}" >/dev/null 2>&1
	done
	for r in $(seq "$reps"); do
		note "   repetition $r/$reps"
		for k in "${!labels[@]}"; do
			run_one "${labels[$k]}" "${argvs[$k]}"
		done
	done
	kill -0 "$helper_pid" 2>/dev/null || die "helper died during the run"
	cpu1=$(cpustat)

	echo
	echo "## $n mappings"
	echo
	echo "Helper PID $helper_pid: $lines lines in /proc/PID/maps, Rss ${rss:-?} kB."
	echo "Machine during these runs (all CPUs, includes the benchmark): $(busy "$cpu0" "$cpu1")."
	echo
	echo "| command | median wall ms | min wall ms | ratio to floor | median CPU ms | peak RSS KiB |"
	echo "|---|---:|---:|---:|---:|---:|"
	floor_med=$(awk '$1 == "floor" { print $2 }' "$tmp/results" | sort -g |
		awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }')
	for k in "${!labels[@]}"; do
		label=${labels[$k]}
		bad=$(awk -v l="$label" '$1 == l && $5 != 0 { n++; s = $5 } END { if (n) print n " of the runs failed, last status " s }' "$tmp/results")
		if [ -n "$bad" ]; then
			echo "| $label | $bad | | | | |"
			continue
		fi
		awk -v l="$label" -v f="$floor_med" '
			$1 == l { w[++n] = $2 * 1000; c[n] = $3 * 1000; if ($4 > rss) rss = $4 }
			function sort(a, m,   i, j, t) {
				for (i = 2; i <= m; i++)
					for (j = i; j > 1 && a[j - 1] > a[j]; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
			}
			function median(a, m) { return (m % 2) ? a[(m + 1) / 2] : (a[m / 2] + a[m / 2 + 1]) / 2 }
			END {
				sort(w, n); sort(c, n)
				mw = median(w, n)
				printf "| %s | %.2f | %.2f | %.2f | %.2f | %d |\n", l, mw, w[1],
					(f > 0 ? mw / (f * 1000) : 0), median(c, n), rss
			}' "$tmp/results"
	done
	[ -x "$MEMTRACE" ] || echo "| memtrace | not found: $MEMTRACE | | | | |"
	echo
	echo "Commands:"
	echo
	for k in "${!labels[@]}"; do
		mapfile -t argv < <(expand "${argvs[$k]}" "$helper_pid")
		cmd=$(printf '%q ' "${argv[@]}")
		cmd=${cmd//"$tmp/memtrace"/$memtrace_orig}	# the copy: show where it came from
		echo "- ${labels[$k]}: \`$cmd> /dev/null\`"
		if [ -s "$tmp/${labels[$k]}.err" ]; then
			echo "  - stderr (first line): $(head -n 1 "$tmp/${labels[$k]}.err")"
		fi
	done

	kill -9 "$helper_pid" 2>/dev/null
	wait "$helper_pid" 2>/dev/null
	helper_pid=""
done
