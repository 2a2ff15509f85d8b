# Shared by the bench scripts that load a host with processes and read a
# program's cost from /proc (sourced, not run).

# cpu_of PID: its CPU seconds (utime + stime) from /proc/PID/stat
cpu_of() {
	awk -v hz="$(getconf CLK_TCK)" '{ sub(/^.*\) /, ""); print ($12 + $13) / hz }' "/proc/$1/stat"
}

# kb_of PID FIELD: a kB field of /proc/PID/status (VmRSS, VmHWM)
kb_of() { awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status"; }

# spawn_sleepers N: N idle processes, their PIDs appended to the array
# `sleepers` (the caller's cleanup kills them)
spawn_sleepers() {
	local i
	echo "spawning $1 processes..." >&2
	for ((i = 0; i < $1; i++)); do
		sleep 100000 &
		sleepers+=($!)
	done
}
