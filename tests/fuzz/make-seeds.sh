#!/bin/bash
# Seeds the fuzz corpora (tests/fuzz/corpus/NAME) from the fixture trees
# and recordings.  Run once from the source tree after a build; the
# corpora are kept in git, with the inputs the fuzzer found interesting
# merged in (see tests/fuzz/README.md).
set -eu
cd "$(dirname "$0")/../.."
F=tests/fixtures C=tests/fuzz/corpus
SEP=$'\n@@\n'
mkdir -p $C/{smaps,status,procfs,cgroup-stat,cgroup-paths,record,snapshot-json,gobuildinfo,runtime-api,goruntime,sockets}
n=0
for d in $F/*/proc/[0-9]*; do
	n=$((n + 1))
	# smaps: keep the seeds small (the fuzzer grows them)
	[ -f "$d/smaps" ] && head -c 20000 "$d/smaps" >$C/smaps/fixture-$n
	[ -f "$d/smaps_rollup" ] && cp "$d/smaps_rollup" $C/smaps/rollup-$n
	[ -f "$d/status" ] && [ -f "$d/stat" ] && { cat "$d/status"; printf '%s' "$SEP"; cat "$d/stat"; } >$C/status/fixture-$n
	{
		for f in status stat smaps smaps_rollup cmdline environ comm; do
			if [ "$f" = smaps ]; then head -c 6000 "$d/$f" 2>/dev/null || true; else cat "$d/$f" 2>/dev/null || true; fi
			[ $f = comm ] || printf '%s' "$SEP"
		done
	} >$C/procfs/fixture-$n
done
# cgroup files: v1 and v2 directories of the fixture hosts
n=0
for dir in $(find $F -name memory.stat -printf '%h\n' | sort -u | head -20); do
	n=$((n + 1))
	if [ -f "$dir/memory.current" ]; then
		v=1 files="memory.stat memory.current memory.max memory.events memory.swap.current memory.pressure memory.high cgroup.procs"
	else
		v=0 files="memory.stat memory.usage_in_bytes memory.limit_in_bytes memory.failcnt memory.oom_control memory.memsw.usage_in_bytes memory.pressure cgroup.procs"
	fi
	{
		printf "\\$(printf '%03o' $v)"
		first=1
		for f in $files; do
			[ $first = 1 ] || printf '%s' "$SEP"
			first=0
			cat "$dir/$f" 2>/dev/null || true
		done
	} >$C/cgroup-stat/fixture-$n
done
# mountinfo, /proc/PID/cgroup, a directory name and its parent
n=0
for m in $F/*/proc/self/mountinfo; do
	host=${m%/proc/self/mountinfo}
	for c in "$host"/proc/[0-9]*/cgroup; do
		[ -f "$c" ] || continue
		n=$((n + 1))
		{ cat "$m"; printf '%s' "$SEP"; cat "$c"; printf '%s' "$SEP"
		  printf 'docker-%s.scope' 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
		  printf '%s' "$SEP"; printf 'system.slice'; } >$C/cgroup-paths/fixture-$n
	done
done
for layout in "libpod-0123456789ab.scope|machine.slice" "0123456789abcdef|docker" "abcdef0123456789|pod1234" \
	"0123456789abcdef|libpod_parent" "cri-containerd-0123456789abcdef.scope|kubepods.slice"; do
	n=$((n + 1))
	{ printf '%s' "$SEP$SEP"; printf '%s' "${layout%%|*}"; printf '%s' "$SEP"; printf '%s' "${layout#*|}"; } >$C/cgroup-paths/layout-$n
done
# recordings: their first 40 lines and their last
for r in $F/recordings/*.jsonl; do
	b=$(basename "$r" .jsonl)
	{ head -n 40 "$r"; tail -n 1 "$r"; } >$C/record/$b
done
# saved snapshots of the fixture processes
n=0
for d in $F/*/proc/[0-9]*; do
	n=$((n + 1))
	host=${d%/proc/*} pid=${d##*/}
	rm -f $C/snapshot-json/fixture-$n # --save (with every mapping, as diff reads it) never overwrites
	./src/memtrace --proc-root "$host" snapshot --save $C/snapshot-json/fixture-$n "$pid" >/dev/null 2>&1 ||
		rm -f $C/snapshot-json/fixture-$n
	# the same with two mappings, compact: 5 KiB instead of 25, so the
	# fuzzer spends its time in snapshot_from_json, not in jansson
	[ -f $C/snapshot-json/fixture-$n ] && command -v jq >/dev/null &&
		jq -c '.mappings |= .[:2] | .top |= .[:1]' $C/snapshot-json/fixture-$n >$C/snapshot-json/small-$n
done
# a tiny ELF, without and with a Go 1.18+ build info section
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
printf 'void _start(void) { for (;;) ; }\n' >$T/tiny.c
gcc -nostdlib -static -Os -s -Wl,--build-id=none -o $T/tiny $T/tiny.c
cp $T/tiny $C/gobuildinfo/elf-plain
for v in go1.14.15 go1.21.3; do
	{ printf '\377 Go buildinf:'; printf '\010\002'; head -c 16 /dev/zero
	  printf "\\$(printf '%03o' ${#v})"; printf '%s' "$v"; printf '\000'; } >$T/bi
	objcopy --add-section .go.buildinfo=$T/bi --set-section-flags .go.buildinfo=readonly $T/tiny $C/gobuildinfo/elf-$v
done
# runtime API answers (first byte: 1 = the connection has ended), in the
# forms tests/helpers/fake-runtime-api.c sends and Docker/Podman answer
R=$C/runtime-api
J='{"Id":"c0ffee5d7fc5907caa38c8b7849cf991539b555f34ed20b32e6157c0291199aa","Name":"/web","State":{"Running":true}}'
printf '\001HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s' ${#J} "$J" >$R/ok-content-length
printf '\001HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n20\r\n%s\r\n%x;ext=1\r\n%s\r\n0\r\nX-Trailer: 1\r\n\r\n' \
	"${J:0:32}" $((${#J} - 32)) "${J:32}" >$R/ok-chunked
printf '\001HTTP/1.0 200 OK\r\n\r\n%s' "$J" >$R/ok-close
printf '\000HTTP/1.1 200 OK\r\nContent-Length: 500\r\n\r\n{"Id":' >$R/partial
printf '\001HTTP/1.1 404 Not Found\r\nContent-Length: 34\r\n\r\n{"message":"No such container: x"}' >$R/not-found
printf '\001HTTP/1.1 200 OK\r\nContent-Length: 26\r\n\r\n<html><p>hello</p></html>\n' >$R/not-json
printf '\001HTTP/1.1 200 OK\r\nContent-Length: 2097152\r\n\r\n   ' >$R/huge
printf '\001+OK redis here\r\n' >$R/not-http
printf '\001HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\nfffffffffffffffff\r\n' >$R/chunk-overflow
# goruntime: heap profile, goroutine profile, expvar, as captured from
# tests/go/gosvc, and the truncated and foreign ones
G=$F/go
for m in ticker-leak plateau; do
	{ cat $G/$m.heap.txt; printf '%s' "$SEP"; cat $G/$m.goroutine.txt; printf '%s' "$SEP"; cat $G/$m.vars.json; } >$C/goruntime/$m
done
{ cat $G/truncated.heap.txt; printf '%s' "$SEP"; cat $G/truncated.goroutine.txt; printf '%s' "$SEP"; cat $G/truncated.vars.json; } >$C/goruntime/truncated
{ cat $G/reordered.heap.txt; printf '%s' "$SEP"; cat $G/pprof-index.html; printf '%s' "$SEP"; cat $G/not-expvar.json; } >$C/goruntime/reordered-foreign
{ cat $G/madvfree.heap.txt; printf '%s' "$SEP"; cat $G/no-trailer.heap.txt; printf '%s' "$SEP"; cat $G/madvfree.vars.json; } >$C/goruntime/madvfree
# sockets: /proc/net/tcp, /proc/net/unix and a URL (top --go-pprof URL)
S=$F/sockets/proc/net
{ cat $S/tcp; printf '%s' "$SEP"; cat $S/unix; printf '%s' "$SEP"; printf 'http://127.0.0.1:6060'; } >$C/sockets/tcp4
{ cat $S/tcp6; printf '%s' "$SEP"; cat $S/unix; printf '%s' "$SEP"; printf 'unix:/run/gosvc/svc.sock:http://gosvc/'; } >$C/sockets/tcp6-unix
{ head -c 300 $S/tcp; printf '%s' "$SEP"; head -c 100 $S/unix; printf '%s' "$SEP"; printf 'http://[::1]:65535/x'; } >$C/sockets/truncated
for c in $C/*; do echo "$(basename "$c"): $(ls "$c" | wc -l) seeds, $(du -sk "$c" | cut -f1) KiB"; done
