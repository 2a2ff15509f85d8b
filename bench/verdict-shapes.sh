#!/usr/bin/env bash
# verdict-shapes.sh - is the running verdict right, how soon, and does it
# hold?
#
# Builds bench/verdict-shapes.c against the built src/libmemtrace.a and
# runs it: 15 seeded synthetic curves (leaks, flat, steps, plateaus,
# sawtooths, releases, MADV_FREE), sampled at 100 ms and 1 s for 60 s,
# with the running verdict `memtrace watch` recomputes every second.  See
# bench/README.md, "verdict-shapes.sh".  Prints markdown on stdout; the
# tables depend only on the arguments and the engine, not on the machine
# (except the line on the engine's CPU time).
#
#   bench/verdict-shapes.sh [--seconds N] [--seed N] [--update-readme]
#
# --update-readme also writes the output into bench/README.md, between the
# "verdict-shapes.sh results" markers, replacing the previous run.
#
# Environment: CC (default gcc); BUILDDIR, the build tree holding
# src/libmemtrace.a and config.h (default: the current directory if it has
# them, else the source tree).
set -u

usage() {
	echo "usage: $0 [--seconds N] [--seed N] [--update-readme]" >&2
	exit 2
}

cmdline=$(printf '%q ' "$0" "$@")
cmdline=${cmdline% }
seconds=60
seed=1
update=false
while [ $# -gt 0 ]; do
	case $1 in
	--seconds) [ $# -ge 2 ] || usage; seconds=${2%s}; shift 2 ;;
	--seconds=*) seconds=${1#*=}; seconds=${seconds%s}; shift ;;
	--seed) [ $# -ge 2 ] || usage; seed=$2; shift 2 ;;
	--seed=*) seed=${1#*=}; shift ;;
	--update-readme) update=true; shift ;;
	-h | --help) usage ;;
	*) usage ;;
	esac
done
case $seconds in '' | *[!0-9]* | 0) usage ;; esac
case $seed in '' | *[!0-9]*) usage ;; esac

note() { printf '%s\n' "$*" >&2; }
die() { note "verdict-shapes.sh: $*"; exit 1; }

srcdir=$(cd "$(dirname "$0")/.." && pwd)
CC=${CC:-gcc}
if [ -n "${BUILDDIR:-}" ]; then
	builddir=$BUILDDIR
elif [ -f ./src/libmemtrace.a ] && [ -f ./config.h ]; then
	builddir=.
else
	builddir=$srcdir
fi
lib=$builddir/src/libmemtrace.a
if [ ! -f "$lib" ] || [ ! -f "$builddir/config.h" ]; then
	die "no src/libmemtrace.a and config.h in $builddir: build first (./configure && make), or set BUILDDIR"
fi
readme=$srcdir/bench/README.md
begin='<!-- verdict-shapes.sh results: begin'
end='<!-- verdict-shapes.sh results: end'
if $update && { ! grep -q "^$begin" "$readme" || ! grep -q "^$end" "$readme"; }; then
	die "$readme has no \"verdict-shapes.sh results\" markers"
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/memtrace-bench-shapes.XXXXXX") || die "mktemp failed"
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

# The engine is what is in libmemtrace.a: say so if its sources are newer.
stale=$(find "$srcdir/src" -name '*.[ch]' -newer "$lib" 2>/dev/null | sed "s|^$srcdir/||" | head -n 3 | tr '\n' ' ')
[ -z "$stale" ] || note "warning: $lib is older than ${stale}(run make first)"

# the procps-ng library configure chose (libproc2 or libprocps), as the build links it
procps_libs=$(sed -n 's/^PROCPS_LIBS = //p' "$builddir/Makefile" 2>/dev/null)
[ -n "$procps_libs" ] || die "no PROCPS_LIBS in $builddir/Makefile: run ./configure first"
libs="$(pkg-config --libs jansson) $procps_libs" || die "pkg-config does not know jansson"
# shellcheck disable=SC2086
"$CC" -std=gnu11 -O2 -Wall -Wextra -I "$builddir" -I "$srcdir/src" -I "$srcdir" -o "$tmp/verdict-shapes" \
	"$srcdir/bench/verdict-shapes.c" "$lib" $libs -lm || die "cannot build bench/verdict-shapes.c with $CC"

rev=$(git -C "$srcdir" rev-parse --short HEAD 2>/dev/null) || rev="unknown (not a git tree)"
if [ "$rev" != "${rev#unknown}" ]; then
	revline=$rev
else
	subject=$(git -C "$srcdir" log -1 --format=%s)
	[ ${#subject} -le 70 ] || subject="${subject:0:67}..."
	revline="$rev \"$subject\""
	[ -z "$(git -C "$srcdir" status --porcelain -- src 2>/dev/null)" ] || revline+=", with uncommitted changes in src/"
fi

{
	echo "# memtrace verdict-shapes benchmark"
	echo
	echo "Command line: \`$cmdline\`"
	echo
	echo "- memtrace git revision: **$revline**; engine src/analysis-verdict.c sha256" \
		"$(sha256sum "$srcdir/src/analysis-verdict.c" | cut -c1-12), linked from $lib"
	[ -z "$stale" ] || echo "- **warning: libmemtrace.a is older than ${stale% }: the engine measured may not be the source's**"
	echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC'), kernel $(uname -r), $(nproc) CPUs," \
		"$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
	echo
	"$tmp/verdict-shapes" --seconds "$seconds" --seed "$seed" || die "verdict-shapes failed"
} >"$tmp/out" || exit 1
cat "$tmp/out"

if $update; then
	# the title goes, the other headings go two levels down, under the
	# README's "### Results" of this section
	sed -e '1{/^# /d}' -e 's/^## /#### /' "$tmp/out" >"$tmp/block"
	awk -v b="$begin" -v e="$end" -v f="$tmp/block" '
		index($0, b) == 1 { print; while ((getline l < f) > 0) print l; skip = 1; next }
		index($0, e) == 1 { skip = 0 }
		!skip' "$readme" >"$tmp/readme" || die "cannot rewrite $readme"
	cat "$tmp/readme" >"$readme" || die "cannot write $readme"
	note "verdict-shapes.sh: results written into $readme"
fi
