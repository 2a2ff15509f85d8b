#!/usr/bin/env bash
# watch.sh - what does watching a process cost, and how fast is the verdict?
#
# Four measurements in one run (see bench/README.md, "watch.sh"):
#   a  time to verdict: scenario-leak brk 1024 (1 MiB/s) under
#      `memtrace watch --json --interval 100ms --duration 30s`; the time of
#      the first sample whose running_verdict is "leak" and stays "leak".
#   b  `memtrace analyze` of a 1,000,000-sample recording (noisy linear
#      leak): wall, CPU, peak RSS, file size.
#   c  a day in bounded memory: analyze of an 86,400-sample recording (1 s,
#      sawtooth with rising troughs), and memtrace's own VmRSS every 10 s
#      during a live `watch --interval 50ms --duration 120s`.
#   d  watch overhead at default settings on a 60,000-mapping target:
#      `memtrace watch --duration 60s` on many-maps 60000.
# Prints markdown on stdout; progress goes to stderr.
#
#   bench/watch.sh [--parts "a b c d"] [--reps N] [--analyze-reps N]
#                  [--live-duration T] [--maps N] [--overhead-duration T]
#
# Environment: MEMTRACE (default ./src/memtrace), HELPERS (directory with
# built scenario-leak and many-maps, default ./tests/helpers), CC (gcc).
set -u

usage() {
	echo "usage: $0 [--parts \"a b c d\"] [--reps N] [--analyze-reps N] [--live-duration SECONDS]" \
		"[--maps N] [--overhead-duration SECONDS]" >&2
	exit 2
}

cmdline=$(printf '%q ' "$0" "$@")
cmdline=${cmdline% }
parts="a b c d"
reps=5
areps=3
live_s=120
maps=60000
over_s=60
while [ $# -gt 0 ]; do
	case $1 in
	--parts) [ $# -ge 2 ] || usage; parts=$2; shift 2 ;;
	--reps) [ $# -ge 2 ] || usage; reps=$2; shift 2 ;;
	--analyze-reps) [ $# -ge 2 ] || usage; areps=$2; shift 2 ;;
	--live-duration) [ $# -ge 2 ] || usage; live_s=${2%s}; shift 2 ;;
	--maps) [ $# -ge 2 ] || usage; maps=$2; shift 2 ;;
	--overhead-duration) [ $# -ge 2 ] || usage; over_s=${2%s}; shift 2 ;;
	-h | --help) usage ;;
	*) usage ;;
	esac
done
for v in "$reps" "$areps" "$live_s" "$maps" "$over_s"; do
	case $v in '' | *[!0-9]* | 0) usage ;; esac
done
for p in $parts; do
	case $p in a | b | c | d) ;; *) usage ;; esac
done
want() { case " $parts " in *" $1 "*) return 0 ;; esac; return 1; }

note() { printf '%s\n' "$*" >&2; }
die() { note "watch.sh: $*"; exit 1; }

srcdir=$(cd "$(dirname "$0")/.." && pwd)
CC=${CC:-gcc}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/memtrace-bench-watch.XXXXXX") || die "mktemp failed"
pids=()		# every helper and background memtrace this script started
cleanup() {
	local p
	for p in "${pids[@]}"; do
		kill -9 "$p" 2>/dev/null
		wait "$p" 2>/dev/null
	done
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

forget() {	# forget PID: a process this script started has been reaped
	local k
	for k in "${!pids[@]}"; do
		[ "${pids[$k]}" = "$1" ] && unset 'pids[k]'
	done
}
stop() {	# stop PID: kill a process this script started (still unreaped)
	kill -9 "$1" 2>/dev/null
	wait "$1" 2>/dev/null
	forget "$1"
}

# --- tools ---------------------------------------------------------------
"$CC" -std=gnu11 -O2 -Wall -Wextra -o "$tmp/runstat" "$srcdir/bench/runstat.c" ||
	die "cannot build bench/runstat.c with $CC"
"$CC" -std=gnu11 -O2 -Wall -Wextra -o "$tmp/genrec" "$srcdir/bench/genrec.c" -lm ||
	die "cannot build bench/genrec.c with $CC"

# Private copies of the helpers and of memtrace: a rebuild of the tree
# while the benchmark runs must not change what is measured.
for h in scenario-leak many-maps; do
	found=""
	for d in ${HELPERS:-} ./tests/helpers "$srcdir/tests/helpers"; do
		if [ -x "$d/$h" ]; then found="$d/$h"; break; fi
	done
	if [ -n "$found" ]; then
		cp "$found" "$tmp/$h" || die "cannot copy $found"
	else
		"$CC" -std=gnu11 -O2 -Wall -Wextra -o "$tmp/$h" "$srcdir/tests/helpers/$h.c" ||
			die "cannot build tests/helpers/$h.c with $CC"
	fi
done
MEMTRACE=${MEMTRACE:-./src/memtrace}
if [ ! -x "$MEMTRACE" ] && [ "$MEMTRACE" = ./src/memtrace ] && [ -x "$srcdir/src/memtrace" ]; then
	MEMTRACE=$srcdir/src/memtrace
fi
[ -x "$MEMTRACE" ] || die "memtrace not found at $MEMTRACE (build it, or set MEMTRACE=...)"
mt_orig=$MEMTRACE
if [ "$(head -c 4 "$MEMTRACE" | od -An -c | tr -d ' ')" = '177ELF' ]; then
	cp "$MEMTRACE" "$tmp/memtrace" || die "cannot copy $MEMTRACE"
	MEMTRACE=$tmp/memtrace	# (a libtool wrapper script is used in place)
fi
mt_sum=$(sha256sum "$MEMTRACE" | cut -c1-12)

# nap SECONDS: sleep, but let a signal's trap run at once (bash runs traps
# only after a foreground command ends; `wait` returns on a signal).
nap() {
	sleep "$1" &
	local p=$!
	pids+=("$p")
	wait "$p"
	forget "$p"
}

# start_helper NAME ARGS...: starts $tmp/NAME, waits for its ready line,
# sets $helper (its PID).
start_helper() {
	local name=$1 i=0
	shift
	: >"$tmp/ready"
	"$tmp/$name" "$@" >"$tmp/ready" 2>&1 &
	helper=$!
	pids+=("$helper")
	until grep -q '^ready' "$tmp/ready"; do
		if ! kill -0 "$helper" 2>/dev/null || [ $i -gt 1200 ]; then
			die "$name $* did not get ready: $(cat "$tmp/ready")"
		fi
		i=$((i + 1))
		sleep 0.05
	done
}

# runstat OUT CMD...: runs CMD with stdout to OUT, sets wall cpu rss status
measure() {
	local out=$1 line
	shift
	line=$("$tmp/runstat" -o "$out" "$@" 2>>"$tmp/stderr") || die "runstat failed: $*"
	# shellcheck disable=SC2086
	set -- ${line//=/ }
	wall=$2 cpu=$4 rss=$6 status=$8
}

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR) print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
load() { cut -d' ' -f1-3 /proc/loadavg; }
# Whole-machine CPU between two readings of /proc/stat: busy (user, nice,
# system, irq, softirq; includes the benchmark itself) and steal (time the
# hypervisor gave to someone else: on a VM, the noise that top calls "st").
cpustat() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8, $5 + $6, $9; exit }' /proc/stat; }
busy() {	# busy "BEFORE" "AFTER" -> "busy B%, steal S%"
	echo "$1 $2" | awk '{ b = $4 - $1; i = $5 - $2; s = $6 - $3; t = b + i + s
		if (t <= 0) t = 1
		printf "busy %.0f%%, steal %.0f%%", 100 * b / t, 100 * s / t }'
}

summary=()	# rows of the summary table
add_row() {	# add_row CELL...
	local row="|" c
	for c in "$@"; do row+=" $c |"; done
	summary+=("$row")
}

# --- header --------------------------------------------------------------
echo "# memtrace watch benchmark"
echo
echo "Command line: \`$cmdline\`"
echo
echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC'), kernel $(uname -r), $(nproc) CPUs," \
	"$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
echo "- memtrace: $mt_orig (copied for the run, sha256 $mt_sum...), $("$MEMTRACE" --version 2>/dev/null | head -n 1)"
echo "- load average at start: $(load)"
echo "- wall, CPU (user+sys) and peak RSS (ru_maxrss) of a command from bench/runstat.c"

# --- a: time to verdict --------------------------------------------------
if want a; then
	note "== a: time to verdict, $reps runs of 30 s"
	echo
	echo "## a. Time to verdict: scenario-leak brk 1024 (1 MiB/s)"
	echo
	echo "\`memtrace watch --json --interval 100ms --duration 30s PID\`; time = \"t\" of the first sample"
	echo "whose running_verdict is \"leak\" and stays \"leak\" to the end, minus the first sample's \"t\"."
	echo
	echo "| run | time to verdict s | first \"leak\" s | changes | running verdicts (verdict@s) | final verdict | memtrace CPU s | machine during the run |"
	echo "|---:|---:|---:|---:|---|---|---:|---|"
	: >"$tmp/ttv"
	s0=$(cpustat)
	for r in $(seq "$reps"); do
		note "   run $r/$reps"
		start_helper scenario-leak brk 1024
		c0=$(cpustat)
		measure "$tmp/ttv.json" "$MEMTRACE" watch --json --interval 100ms --duration 30s "$helper"
		c1=$(cpustat)
		stop "$helper"
		[ "$status" = 0 ] || die "memtrace watch exited $status: $(tail -n 3 "$tmp/stderr")"
		# -> "STAYS FIRST CHANGES SEQUENCE": the time from which it stays
		# "leak", the first time it said "leak", how often the running
		# verdict changed, and the verdicts it went through with when.
		read -r ttv first changes seq < <(awk '
			/"type":"sample"/ {
				if (!match($0, /"t":[-0-9.eE+]+/)) next
				t = substr($0, RSTART + 4, RLENGTH - 4) + 0
				if (n++ == 0) t0 = t
				v = "null"
				if (match($0, /"running_verdict":"[^"]*"/))
					v = substr($0, RSTART + 19, RLENGTH - 20)
				if (v != pv) {
					if (pv != "" && pv != "null") ch++
					seq = seq (seq == "" ? "" : ",") v "@" sprintf("%.1f", t - t0)
				}
				pv = v
				if (v == "leak") {
					if (stays == "") stays = sprintf("%.2f", t - t0)
					if (fst == "") fst = sprintf("%.2f", t - t0)
				} else stays = ""
			}
			END { print (stays == "" ? "none" : stays), (fst == "" ? "none" : fst), ch + 0, seq }' "$tmp/ttv.json")
		final=$(grep '"verdict":' "$tmp/ttv.json" | tail -n 1 | sed 's/^.*"verdict":"\([^"]*\)".*$/\1/')
		echo "$ttv" >>"$tmp/ttv"
		printf '| %d | %s | %s | %s | %s | %s | %.3f | %s |\n' "$r" "$ttv" "$first" "$changes" "${seq//,/, }" \
			"${final:-?}" "$cpu" "$(busy "$c0" "$c1")"
	done
	s1=$(cpustat)
	if grep -q none "$tmp/ttv"; then
		med="n/a"; max="never ($(grep -c none "$tmp/ttv") of $reps runs)"
		met="no"
	else
		med=$(median <"$tmp/ttv")
		max=$(sort -g "$tmp/ttv" | tail -n 1)
		met=$(awk -v m="$max" 'BEGIN { print (m <= 10) ? "yes" : "no" }')
	fi
	echo
	echo "Median $med s, max $max s over $reps runs (machine over the part: $(busy "$s0" "$s1"))."
	add_row "a. time to verdict, 1 MiB/s leak, 100 ms" "median $med s, max $max s ($reps runs)" "≤ 10 s" "$met"
fi

# --- a real recording, for its header --------------------------------------
if want b || want c; then
	note "== recording a real 2 s watch for its header"
	start_helper scenario-leak brk 1024
	"$MEMTRACE" watch --interval 100ms --duration 2s --record "$tmp/real.jsonl" "$helper" >/dev/null ||
		die "memtrace watch --record failed"
	stop "$helper"
	head -n 1 "$tmp/real.jsonl" >"$tmp/header"
	grep -q '"type":"header"' "$tmp/header" || die "the recording's first line is not a header"
	# The generator must write what memtrace writes: compare the keys of
	# a real status+rollup sample with a generated one.
	keys() { sed -n "$1p" "$2" | grep -o '"[a-z_-]*":' | tr -d '\n'; }
	"$tmp/genrec" linear 3 0.1 300 1 >"$tmp/probe"
	if [ "$(keys 3 "$tmp/real.jsonl")" != "$(keys 2 "$tmp/probe")" ] ||
		[ "$(keys 2 "$tmp/real.jsonl")" != "$(keys 1 "$tmp/probe")" ]; then
		note "warning: generated samples differ in their keys from memtrace's:"
		note "  real:      $(keys 3 "$tmp/real.jsonl")"
		note "  generated: $(keys 2 "$tmp/probe")"
	fi
fi

# analyze_file FILE LABEL: times analyze $areps times; sets an_* variables
analyze_file() {
	local f=$1 i
	: >"$tmp/an"
	an_rss=0
	local c0 c1
	c0=$(cpustat)
	for i in $(seq "$areps"); do
		note "   analyze $2, run $i/$areps"
		measure "$tmp/an.out" "$MEMTRACE" analyze "$f"
		[ "$status" = 0 ] || die "memtrace analyze exited $status: $(tail -n 3 "$tmp/stderr")"
		echo "$wall $cpu" >>"$tmp/an"
		[ "$rss" -gt "$an_rss" ] && an_rss=$rss
	done
	c1=$(cpustat)
	an_machine=$(busy "$c0" "$c1")
	an_wall=$(cut -d' ' -f1 "$tmp/an" | median)
	an_wmin=$(cut -d' ' -f1 "$tmp/an" | sort -g | head -n 1)
	an_cpu=$(cut -d' ' -f2 "$tmp/an" | median)
	an_n=$(sed -n 's/^memtrace analyze: .*: \([0-9]*\) samples.*$/\1/p' "$tmp/an.out")
	an_verdict=$(sed -n 's/^Verdict: //p' "$tmp/an.out")
	an_size=$(stat -c %s "$f")
}
an_table_head() {
	echo "| recording | samples | file MiB | median wall s | min wall s | median CPU s | peak RSS KiB | verdict | machine during the runs |"
	echo "|---|---:|---:|---:|---:|---:|---:|---|---|"
}
an_table_row() {
	printf '| %s | %s | %.1f | %.2f | %.2f | %.2f | %d | %s | %s |\n' "$1" "$an_n" \
		"$(echo "$an_size" | awk '{ print $1 / 1048576 }')" "$an_wall" "$an_wmin" "$an_cpu" "$an_rss" "$an_verdict" "$an_machine"
}

# --- b: analyze of a million samples ------------------------------------
if want b; then
	note "== b: generating a 1,000,000-sample recording"
	sed 's/"interval":[^,}]*/"interval":0.10000000000000001/' "$tmp/header" >"$tmp/million.jsonl"
	"$tmp/genrec" linear 1000000 0.1 300 1 >>"$tmp/million.jsonl" || die "genrec failed"
	analyze_file "$tmp/million.jsonl" "1M samples"
	echo
	echo "## b. analyze of a 1,000,000-sample recording"
	echo
	echo "Header copied from a real \`watch --record\` (interval 100 ms), then 1,000,000 samples of a"
	echo "noisy linear leak (64 MiB + 1 KiB/s, Gaussian noise sd 64 KiB; classes every 300th sample),"
	echo "no verdict line: \`bench/genrec linear 1000000 0.1 300 1\`.  \`memtrace analyze FILE\`, $areps runs."
	echo
	an_table_head
	an_table_row "linear leak, 100 ms" 
	met=$(awk -v w="$an_wall" -v r="$an_rss" 'BEGIN { print (w <= 2 && r <= 16384) ? "yes" : (w <= 2 ? "time yes, memory no" : "no: " sprintf("%.1f", w / 2) "x the time target" (r <= 16384 ? "; memory bounded" : "")) }')
	add_row "b. analyze, 1,000,000 samples ($(awk -v s="$an_size" 'BEGIN { printf "%.0f", s / 1048576 }') MiB)" \
		"$(printf '%.2f' "$an_wall") s wall, $(printf '%.2f' "$an_cpu") s CPU, $an_rss KiB peak RSS" "≤ 2 s, bounded memory" "$met"
	rm -f "$tmp/million.jsonl"
fi

# --- c: a day in bounded memory --------------------------------------------
if want c; then
	note "== c: a day of 1 s samples through analyze"
	sed 's/"interval":[^,}]*/"interval":1.0/' "$tmp/header" >"$tmp/day.jsonl"
	"$tmp/genrec" sawtooth 86400 1 30 2 >>"$tmp/day.jsonl" || die "genrec failed"
	analyze_file "$tmp/day.jsonl" "86,400 samples"
	echo
	echo "## c. A day in bounded memory"
	echo
	echo "86,400 samples at 1 s (a 60 s sawtooth of 32 MiB whose troughs rise 64 KiB a period;"
	echo "classes every 30th sample): \`bench/genrec sawtooth 86400 1 30 2\`.  \`memtrace analyze FILE\`, $areps runs."
	echo
	an_table_head
	an_table_row "sawtooth, 1 s, 24 h"
	day_rss=$an_rss
	rm -f "$tmp/day.jsonl"

	note "== c: live watch --interval 50ms --duration ${live_s}s, VmRSS every 10 s"
	start_helper scenario-leak brk 64 --seconds $((live_s + 60))
	lh=$helper
	c0=$(cpustat)
	t0=$(date +%s.%N)
	"$MEMTRACE" watch --interval 50ms --duration "${live_s}s" "$lh" >"$tmp/live.txt" 2>>"$tmp/stderr" &
	mt=$!
	pids+=("$mt")
	echo
	echo "Live: \`memtrace watch --interval 50ms --duration ${live_s}s PID\` on \`scenario-leak brk 64\`"
	echo "(64 KiB/s); memtrace's own /proc/PID/status every 10 s.  The series store holds"
	echo "2048 recent samples (full after 102 s at 50 ms) and 2048 history buckets: one sample"
	echo "each until the history is full (4096 samples, 205 s), then neighbours merge (1024 buckets"
	echo "of 2) and it refills; at 6144 samples (307 s) the store, and the copy of it that each"
	echo "running verdict makes, are at their largest: memory should be flat from there."
	echo
	echo "| s since start | samples printed | VmRSS KiB | RssAnon KiB | VmHWM KiB |"
	echo "|---:|---:|---:|---:|---:|"
	: >"$tmp/live.rss"
	for s in 1 $(seq 10 10 $((live_s - 1))) $((live_s - 1)); do
		now=$(date +%s.%N)
		d=$(awk -v a="$t0" -v b="$now" -v s="$s" 'BEGIN { d = a + s - b; print (d > 0 ? d : 0) }')
		nap "$d"
		kill -0 "$mt" 2>/dev/null || break
		st=$(awk '/^VmRSS:/ { r = $2 } /^RssAnon:/ { a = $2 } /^VmHWM:/ { h = $2 } END { print r, a, h }' "/proc/$mt/status" 2>/dev/null)
		[ -n "$st" ] || break
		n=$(grep -c 's  rss' "$tmp/live.txt")
		set -- $st
		echo "$s $n $1" >>"$tmp/live.rss"
		echo "| $s | $n | $1 | $2 | $3 |"
	done
	wait "$mt"
	mst=$?
	forget "$mt"
	c1=$(cpustat)
	stop "$lh"
	[ "$mst" = 0 ] || die "live memtrace watch exited $mst: $(tail -n 3 "$tmp/stderr")"
	growth=$(awk '$1 >= 10 { if (f == "") f = $3; l = $3 } END { print l - f }' "$tmp/live.rss")
	# The store is at its largest once the history, merged to 1024
	# buckets of 2 when it first filled (4096 samples), has refilled
	# (6144 samples): from there memtrace's memory should be flat.
	full=$(awk '$2 >= 6144 { if (f == "") { f = $3; ft = $1 } l = $3; t = $1 }
		END { if (f == "" || t == ft) print "n/a (needs readings after 6144 samples: --live-duration 330 or more at 50 ms)"
		      else printf "%+d KiB from %d s to %d s", l - f, ft, t }' "$tmp/live.rss")
	echo
	echo "VmRSS growth from 10 s to the end: $growth KiB; once the series store is at its largest (6144 samples): $full."
	echo "Cost line: $(grep -o 'memtrace used.*' "$tmp/live.txt")"
	echo "Machine during the live run: $(busy "$c0" "$c1")."
	add_row "c. analyze, 86,400 samples (24 h at 1 s)" "$day_rss KiB peak RSS" "bounded (≤ 16 MiB)" \
		"$(awk -v r="$day_rss" 'BEGIN { print (r <= 16384) ? "yes" : "no" }')"
	case $full in
	n/a*) flat="not shown: run with --live-duration 330 or more" ;;
	*) flat=$(echo "$full" | awk '{ v = $1 + 0; print (v <= 64 && v >= -64) ? "yes" : "no" }') ;;
	esac
	add_row "c. live watch 50 ms, ${live_s} s: own VmRSS" \
		"$growth KiB from 10 s to the end; once the store is at its largest: $full" \
		"flat after the store fills (±64 KiB)" "$flat"
fi

# --- d: overhead on 60,000 mappings ----------------------------------------
if want d; then
	note "== d: watch --duration ${over_s}s on many-maps $maps"
	mmc=$(cat /proc/sys/vm/max_map_count 2>/dev/null || echo 65530)
	[ "$mmc" -gt $((maps + 30)) ] || die "vm.max_map_count $mmc is too low for $maps mappings"
	start_helper many-maps "$maps"
	lines=$(wc -l <"/proc/$helper/maps")
	c0=$(cpustat)
	l0=$(load)
	# runstat in the background, so that memtrace's own CPU can also be
	# read from /proc/PID/stat once start-up is over (its first sample
	# line) and just before the end: the steady-state share.
	"$tmp/runstat" -o "$tmp/over.txt" "$MEMTRACE" watch --duration "${over_s}s" "$helper" \
		>"$tmp/over.runstat" 2>>"$tmp/stderr" &
	rs=$!
	pids+=("$rs")
	mt=""
	for _ in $(seq 200); do
		mt=$(cat "/proc/$rs/task/$rs/children" 2>/dev/null)
		mt=${mt%% *}
		[ -n "$mt" ] && break
		sleep 0.01
	done
	[ -n "$mt" ] && pids+=("$mt")	# runstat's child: killed too if we are interrupted
	tck=$(getconf CLK_TCK)
	ticks() { awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat" 2>/dev/null; }	# utime + stime
	ss=""
	if [ -n "$mt" ]; then
		until [ -s "$tmp/over.txt" ] || ! kill -0 "$mt" 2>/dev/null; do sleep 0.01; done
		ss_t0=$(date +%s.%N)
		ss_c0=$(ticks "$mt")
		[ "$over_s" -gt 5 ] && nap $((over_s - 5))
		ss_t1=$(date +%s.%N)
		ss_c1=$(ticks "$mt")
		if [ -n "$ss_c0" ] && [ -n "$ss_c1" ]; then
			ss=$(awk -v a="$ss_c0" -v b="$ss_c1" -v t0="$ss_t0" -v t1="$ss_t1" -v hz="$tck" \
				'BEGIN { printf "%.2f %.3f %.1f", 100 * (b - a) / hz / (t1 - t0), (b - a) / hz, t1 - t0 }')
			init_cpu=$(awk -v a="$ss_c0" -v hz="$tck" 'BEGIN { printf "%.3f", a / hz }')
		fi
	fi
	wait "$rs"
	forget "$rs"
	[ -n "$mt" ] && forget "$mt"	# reaped by runstat
	c1=$(cpustat)
	# shellcheck disable=SC2046
	set -- $(sed 's/=/ /g' "$tmp/over.runstat")
	wall=$2 cpu=$4 rss=$6 status=$8
	stop "$helper"
	[ "$status" = 0 ] || die "memtrace watch exited $status: $(tail -n 3 "$tmp/stderr")"
	cost=$(grep -o 'memtrace used.*' "$tmp/over.txt")
	self=$(echo "$cost" | sed -n 's/^memtrace used \([0-9.]*\)%.*$/\1/p')
	ext=$(awk -v c="$cpu" -v w="$wall" 'BEGIN { printf "%.2f", 100 * c / w }')
	echo
	echo "## d. Watch overhead: many-maps $maps ($lines lines in /proc/PID/maps), default settings"
	echo
	echo "\`memtrace watch --duration ${over_s}s PID\` (1 s interval, 1% budget), run under bench/runstat;"
	echo "load average before $l0; machine during the run: $(busy "$c0" "$c1")."
	echo
	echo "memtrace's own line: \`$cost\`"
	echo
	echo "| tier | reads | cost per read | total CPU s |"
	echo "|---|---:|---:|---:|"
	echo "$cost" | awk '{
		s = $0; sub(/^[^:]*: /, "", s); n = split(s, part, /; /)
		for (i = 1; i <= n; i++) {
			split(part[i], w, / /)	# NAME N reads, X UNIT each
			tot = w[2] * w[4] * (w[5] == "us" ? 1e-6 : 1e-3)
			printf "| %s | %s | %s %s | %.3f |\n", w[1], w[2], w[4], w[5], tot
		}
	}'
	echo
	printf 'runstat: %.2f s wall, %.3f s CPU = **%s%% of one core** (includes start-up: identity and first full smaps); peak RSS %d KiB.\n' \
		"$wall" "$cpu" "$ext" "$rss"
	if [ -n "$ss" ]; then
		set -- $ss
		echo
		echo "/proc/PID/stat of memtrace: ${init_cpu} s CPU by its first sample line (start-up); then $2 s CPU"
		echo "in the next $3 s = **$1% of one core in the steady state** (10 ms tick resolution)."
	fi
	met=$(awk -v a="$self" -v b="$ext" 'BEGIN { m = (a > b ? a : b); print (m <= 1) ? "yes" : "no: " sprintf("%.2f", m) "%, " sprintf("%.1f", m) "x the target" }')
	add_row "d. watch overhead, $maps mappings, ${over_s} s, defaults" \
		"self-reported ${self}%, runstat ${ext}% of one core (steady state after start-up: ${ss%% *}%); peak RSS $rss KiB" \
		"≤ 1% of one core" "$met"
fi

# --- summary ---------------------------------------------------------------
echo
echo "## Summary"
echo
echo "| measurement | result | target | met |"
echo "|---|---|---|---|"
printf '%s\n' "${summary[@]}"
echo
echo "Load average at the end: $(load)."
if [ -s "$tmp/stderr" ]; then
	echo
	echo "stderr of the measured commands (first 3 lines):"
	echo
	head -n 3 "$tmp/stderr" | sed 's/^/    /'
fi
