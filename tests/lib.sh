# Shared TAP helpers for memtrace's shell tests (sourced, not run).
# Each test script prints TAP (https://testanything.org): automake's
# tap-driver counts every "ok"/"not ok"/"# SKIP" line as one result.
set -u

: "${MEMTRACE:=${abs_top_builddir:-$(pwd)}/src/memtrace}"
: "${HELPERS:=${abs_top_builddir:-$(pwd)}/tests/helpers}"
: "${FIXTURES:=${abs_top_srcdir:-$(pwd)}/tests/fixtures}"
export MEMTRACE HELPERS FIXTURES

tap_n=0
tap_failed=0
tap_pids=""

# Kill every helper the script started, whatever way it ends.
tap_cleanup() {
	for p in $tap_pids; do kill -9 "$p" 2>/dev/null; done
	for p in $tap_pids; do wait "$p" 2>/dev/null; done
	[ -n "${TAP_TMP:-}" ] && rm -rf "$TAP_TMP"
	return 0
}
trap tap_cleanup EXIT
TAP_TMP=$(mktemp -d "${TMPDIR:-/tmp}/memtrace-test.XXXXXX")

ok()      { tap_n=$((tap_n + 1)); echo "ok $tap_n - $*"; }
not_ok()  { tap_n=$((tap_n + 1)); tap_failed=$((tap_failed + 1)); echo "not ok $tap_n - $*"; }
skip()    { tap_n=$((tap_n + 1)); echo "ok $tap_n # SKIP $*"; }
diag()    { printf '%s\n' "$@" | sed 's/^/# /'; }
done_testing() { echo "1..$tap_n"; [ "$tap_failed" -eq 0 ]; }

# check DESCRIPTION COMMAND...: one TAP result from a command's status.
check() {
	local what=$1; shift
	if "$@"; then ok "$what"; else not_ok "$what"; fi
}

# wait_for SECONDS COMMAND...: until COMMAND succeeds (its output
# dropped), every 0.1 s; 1 when it never does.  A wait for a condition,
# never a sleep for a guess.
wait_for() {
	local n=$(($1 * 10)); shift
	while [ "$n" -gt 0 ]; do
		"$@" >/dev/null 2>&1 && return 0
		sleep 0.1
		n=$((n - 1))
	done
	return 1
}

# is DESCRIPTION GOT WANT
is() {
	if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1"; diag "got:  '$2'" "want: '$3'"; fi
}

# near DESCRIPTION GOT WANT TOLERANCE: integers within +-TOLERANCE.
near() {
	local d=$(( $2 - $3 )); [ "$d" -lt 0 ] && d=$(( -d ))
	if [ "$d" -le "$4" ]; then ok "$1"; else not_ok "$1"; diag "got:  $2" "want: $3 (+-$4)"; fi
}

# start_helper NAME ARGS...: starts tests/helpers/NAME, waits until it
# prints "ready" on stdout, and sets HELPER_PID.  Helpers pause after
# setting up their memory, so the numbers are stable while we look.
start_helper() {
	local name=$1; shift
	local out="$TAP_TMP/$name.$$.$RANDOM.out"
	"$HELPERS/$name" "$@" >"$out" 2>&1 &
	HELPER_PID=$!
	tap_pids="$tap_pids $HELPER_PID"
	local i=0
	while ! grep -q '^ready' "$out" 2>/dev/null; do
		i=$((i + 1))
		if [ "$i" -gt 200 ] || ! kill -0 "$HELPER_PID" 2>/dev/null; then
			diag "helper $name did not get ready:"; diag "$(cat "$out")"
			return 1
		fi
		sleep 0.05
	done
	HELPER_READY=$(grep -m1 '^ready' "$out")
	HELPER_OUT=$out # what it says after ready goes on here
}

# ready_field KEY: a key=value fact from the last helper's ready line.
ready_field() { printf '%s\n' "$HELPER_READY" | tr ' ' '\n' | sed -n "s/^$1=//p"; }

# hex2dec 0x...: for comparing addresses.
hex2dec() { printf '%d' "$1"; }

# snap_json ARGS...: memtrace snapshot --json into $TAP_TMP/snap.json; the
# exit status is kept in SNAP_RC.
snap_json() {
	"$MEMTRACE" snapshot --json "$@" >"$TAP_TMP/snap.json" 2>"$TAP_TMP/snap.err"
	SNAP_RC=$?
}
# jqs FILTER: a value from the last snapshot JSON.
jqs() { jq -r "$1" "$TAP_TMP/snap.json"; }

# rollup_kb FIELD PID: a field of the kernel's own smaps_rollup, in kB.
rollup_kb() { awk -v k="$1:" '$1 == k { print $2; exit }' "/proc/$2/smaps_rollup"; }

# Tests that turn swap on for the whole machine (verdict-live.test) and
# tests whose expectations depend on the machine having no swap, or on how
# the kernel reclaims under a cgroup limit (cgroup-live.test), must not
# overlap under `make -j`: the first take this lock exclusively while swap
# is on, the others shared for their whole run.  fd 9 is held until the
# script exits.
swap_lock() { # swap_lock -s|-x
	exec 9>"${TMPDIR:-/tmp}/memtrace-tests-swap.lock" && flock "$1" 9
}
swap_unlock() { flock -u 9 2>/dev/null; exec 9>&-; }

# Where may a test create memory cgroups?  Under its own memory cgroup:
# sets CGVER (1 or 2), CGMOUNT (the mount of the memory controller) and
# CGROOT (our cgroup's directory).  Returns 1 when there is none to use.
find_parent() {
	local v1 v2 path
	v1=$(awk '$9 == "cgroup" && $NF ~ /(^|,)memory(,|$)/ { print $5; exit }' /proc/self/mountinfo)
	if [ -n "$v1" ]; then
		path=$(awk -F: '$2 ~ /(^|,)memory(,|$)/ { print $3; exit }' /proc/self/cgroup)
		CGVER=1; CGMOUNT=$v1; CGROOT="$v1$path"; return 0
	fi
	v2=$(awk '$9 == "cgroup2" { print $5; exit }' /proc/self/mountinfo)
	if [ -n "$v2" ]; then
		path=$(awk -F: '$1 == "0" { print $3; exit }' /proc/self/cgroup)
		# v2: children need +memory in our subtree_control, and our own
		# processes may not sit in an inner node: use the parent of ours
		CGVER=2; CGMOUNT=$v2; CGROOT="$v2$path"
		grep -qw memory "$CGROOT/cgroup.subtree_control" 2>/dev/null || return 1
		return 0
	fi
	return 1
}
