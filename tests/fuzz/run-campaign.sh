#!/bin/bash
# A fuzzing campaign outside CI: runs each harness (built by `make fuzz`)
# for RUNS executions or SECONDS, whichever comes first, on a scratch
# copy of its corpus, and prints one table row per harness: executions,
# executions per second, coverage, and what it found (crash, leak,
# timeout or out-of-memory inputs are left in the work directory).
#   tests/fuzz/run-campaign.sh [-r RUNS] [-t SECONDS] [-j JOBS] [-T TIMEOUT] [-L MAXLEN] [-m] [NAME...]
#   -T  seconds one input may take before it counts as a hang (default 10;
#       raise it when the fuzzers run niced on a busy machine, where a
#       starved process is not a hang)
#   -L  the longest input the fuzzer makes (libFuzzer's -max_len; default:
#       the longest seed). Smaller inputs run faster where a parser's cost
#       grows with the input (snapshot-json: -L 8192)
#   -m  merge what the fuzzer found into tests/fuzz/corpus/NAME (-merge=1
#       keeps only inputs that add coverage)
# Defaults: 10,000,000 runs, 3600 s, 1 job, every harness.
set -u
cd "$(dirname "$0")/../.."
runs=10000000 secs=3600 jobs=1 merge=0 timeout=10 maxlen=()
while getopts r:t:j:T:L:m o; do
	case $o in
	r) runs=$OPTARG ;;
	t) secs=$OPTARG ;;
	j) jobs=$OPTARG ;;
	T) timeout=$OPTARG ;;
	L) maxlen=(-max_len="$OPTARG") ;;
	m) merge=1 ;;
	*) exit 2 ;;
	esac
done
shift $((OPTIND - 1))
top=$(pwd)
names=${*:-smaps status procfs cgroup-stat cgroup-paths record snapshot-json gobuildinfo}
work=${FUZZ_WORK:-/tmp/memtrace-fuzz-campaign}
mkdir -p "$work"
printf '%-14s %12s %9s %7s %s\n' harness executions exec/s cov found
for n in $names; do
	bin=tests/fuzz/fuzz-$n
	[ -x "$bin" ] || { echo "$bin: not built (make fuzz)" >&2; exit 1; }
	mkdir -p "$work/$n/new" "$work/$n/artifacts"
	log=$work/$n/log
	start=$(date +%s.%N)
	par=()
	[ "$jobs" -gt 1 ] && par=(-jobs="$jobs" -workers="$jobs") # its per-job logs go to $work/$n
	(cd "$work/$n" && "$top/$bin" -runs="$runs" -max_total_time="$secs" "${par[@]}" "${maxlen[@]}" -timeout="$timeout" -rss_limit_mb=2048 \
		-artifact_prefix="$work/$n/artifacts/" -print_final_stats=1 \
		"$work/$n/new" "$top/tests/fuzz/corpus/$n") >"$log" 2>&1
	rc=$?
	end=$(date +%s.%N)
	execs=$(grep -ho 'stat::number_of_executed_units: *[0-9]*' "$log" "$work/$n"/fuzz-*.log 2>/dev/null |
		awk '{s += $2} END {print s + 0}')
	cov=$(grep -ho 'cov: [0-9]*' "$log" | tail -n 1 | awk '{print $2}')
	found=$(ls "$work/$n/artifacts" | wc -l)
	printf '%-14s %12s %9.0f %7s %s\n' "$n" "$execs" "$(echo "$execs / ($end - $start)" | bc -l)" "${cov:-?}" \
		"$([ "$found" -eq 0 ] && [ $rc -eq 0 ] && echo none || echo "$found inputs (exit $rc): $work/$n/artifacts")"
	if [ "$merge" = 1 ]; then
		"$bin" -merge=1 "tests/fuzz/corpus/$n" "$work/$n/new" >>"$log" 2>&1
	fi
done
