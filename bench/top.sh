#!/usr/bin/env bash
# top.sh - what does `memtrace top` cost next to htop, on a host with many
# processes?
#
# Spawns N small processes (sleep, default 1000), then runs `memtrace top`
# and `htop` side by side, each in its own tmux session on a private socket
# (a real terminal, 160x50), both refreshing every second (memtrace top -d 1s,
# htop -d 10), for SECONDS (default 60).  Their CPU time is read from
# /proc/PID/stat (utime + stime) at the start and the end of the window,
# after a warm-up of WARMUP seconds (default 5) so that start-up is not
# counted; memtrace's VmRSS and VmHWM at the end.  Repeated REPS times
# (default 3); prints markdown with every run, the medians and minima, and
# the ratio memtrace / htop.
#
#   bench/top.sh [--procs N] [--seconds S] [--reps R] [--warmup W]
#
# Environment: MEMTRACE (default ./src/memtrace), HTOP (default htop).
set -u

procs=1000 seconds=60 reps=3 warmup=5
while [ $# -gt 0 ]; do
	case $1 in
	--procs) procs=$2; shift 2 ;;
	--seconds) seconds=$2; shift 2 ;;
	--reps) reps=$2; shift 2 ;;
	--warmup) warmup=$2; shift 2 ;;
	*) echo "usage: $0 [--procs N] [--seconds S] [--reps R] [--warmup W]" >&2; exit 2 ;;
	esac
done
MEMTRACE=${MEMTRACE:-./src/memtrace}
HTOP=${HTOP:-htop}
for t in tmux "$HTOP" "$MEMTRACE"; do
	command -v "$t" >/dev/null || { echo "top.sh: $t is needed" >&2; exit 1; }
done
cmdline=$(printf '%q ' "$0" "$@")

tmp=$(mktemp -d "${TMPDIR:-/tmp}/memtrace-bench-top.XXXXXX")
sock=$tmp/tmux.sock
sleepers=()
cleanup() {
	tmux -S "$sock" kill-server 2>/dev/null
	[ ${#sleepers[@]} -gt 0 ] && kill "${sleepers[@]}" 2>/dev/null
	wait 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT

. "$(dirname "$0")/lib.sh"
# the PID of the program a tmux session runs (its pane's process)
pane_pid() { tmux -S "$sock" display-message -p -t "$1" '#{pane_pid}'; }

spawn_sleepers "$procs"
total=$(ls -d /proc/[0-9]* | wc -l)

printf '# memtrace top vs htop\n\n'
printf 'Command line: `%s`\n\n' "$cmdline"
printf -- '- memtrace git revision: %s\n' "$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
printf -- '- %s; %s\n' "$("$HTOP" --version | head -n 1)" "$(tmux -V)"
printf -- '- date: %s, kernel %s, %s CPUs, %s processes on the host during the run\n' \
	"$(date -u '+%Y-%m-%d %H:%M UTC')" "$(uname -r)" "$(nproc)" "$total"
printf -- '- both in tmux 160x50 at a 1 s refresh, side by side, %s s measured after %s s of warm-up\n\n' \
	"$seconds" "$warmup"
printf '| run | memtrace top CPU | htop CPU | ratio | memtrace RSS | memtrace peak RSS |\n'
printf '|---:|---:|---:|---:|---:|---:|\n'

m_all=() h_all=() r_all=() rss_all=() hwm_all=()
for ((r = 1; r <= reps; r++)); do
	tmux -S "$sock" -f /dev/null new-session -d -s mt -x 160 -y 50 \
		"exec env LANG=C.UTF-8 TERM=screen-256color $MEMTRACE top -d 1s"
	tmux -S "$sock" new-session -d -s ht -x 160 -y 50 "exec env LANG=C.UTF-8 TERM=screen-256color $HTOP -d 10"
	sleep "$warmup"
	mp=$(pane_pid mt) hp=$(pane_pid ht)
	m0=$(cpu_of "$mp") h0=$(cpu_of "$hp")
	sleep "$seconds"
	m1=$(cpu_of "$mp") h1=$(cpu_of "$hp")
	rss=$(kb_of "$mp" VmRSS) hwm=$(kb_of "$mp" VmHWM)
	tmux -S "$sock" kill-server 2>/dev/null
	read -r mpct hpct ratio < <(awk -v m0="$m0" -v m1="$m1" -v h0="$h0" -v h1="$h1" -v s="$seconds" \
		'BEGIN { m = 100 * (m1 - m0) / s; h = 100 * (h1 - h0) / s; printf "%.2f %.2f %.2f\n", m, h, (h > 0 ? m / h : 0) }')
	printf '| %d | %s%% | %s%% | %s | %s MiB | %s MiB |\n' "$r" "$mpct" "$hpct" "$ratio" \
		"$(awk -v k="$rss" 'BEGIN { printf "%.1f", k / 1024 }')" "$(awk -v k="$hwm" 'BEGIN { printf "%.1f", k / 1024 }')"
	m_all+=("$mpct") h_all+=("$hpct") r_all+=("$ratio") rss_all+=("$rss") hwm_all+=("$hwm")
done

med() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
min() { printf '%s\n' "$@" | sort -g | head -n 1; }
max() { printf '%s\n' "$@" | sort -g | tail -n 1; }
printf '\n**Median**: memtrace top %s%% of one core, htop %s%%, ratio %s (minimum ratio %s, maximum %s).  ' \
	"$(med "${m_all[@]}")" "$(med "${h_all[@]}")" "$(med "${r_all[@]}")" "$(min "${r_all[@]}")" "$(max "${r_all[@]}")"
printf 'memtrace RSS at the end: median %s MiB, peak (VmHWM) at most %s MiB.\n' \
	"$(awk -v k="$(med "${rss_all[@]}")" 'BEGIN { printf "%.1f", k / 1024 }')" \
	"$(awk -v k="$(max "${hwm_all[@]}")" 'BEGIN { printf "%.1f", k / 1024 }')"
