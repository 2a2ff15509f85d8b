# fish completion for memtrace(1).  Keep the option lists in step with the
# getopt tables in src/memtrace.c, src/cmd-*.c and src/watch-options.c (the
# options watch and run share, and watch's --cgroup/--container), with
# completions/memtrace (bash) and completions/_memtrace (zsh), and the
# container layouts with container_id() in src/source-cgroup.c.

# The root memtrace will read: --proc-root on the line, else
# MEMTRACE_PROC_ROOT, else /.
function __memtrace_root
    set -l root /
    set -q MEMTRACE_PROC_ROOT; and test -n "$MEMTRACE_PROC_ROOT"; and set root $MEMTRACE_PROC_ROOT
    set -l words (commandline -opc)
    set -l i 2
    while test $i -le (count $words)
        switch $words[$i]
            case '--proc-root=?*'
                set root (string replace -- --proc-root= '' $words[$i])
            case --proc-root
                set i (math $i + 1)
                test $i -le (count $words); and set root $words[$i]
            case snapshot diff watch run analyze cgroup top export
                break
        end
        set i (math $i + 1)
    end
    string replace -r '^~' -- $HOME $root
end

# The command: the first word after memtrace that is neither a global
# option nor the argument of --proc-root.
function __memtrace_command
    set -l words (commandline -opc)
    set -l i 2
    while test $i -le (count $words)
        switch $words[$i]
            case --proc-root
                set i (math $i + 1)
            case '-*'
            case '*'
                echo $words[$i]
                return 0
        end
        set i (math $i + 1)
    end
    return 1
end

function __memtrace_no_command
    not __memtrace_command >/dev/null
end

# __memtrace_is CMD...: the command is one of CMD.
function __memtrace_is
    contains -- (__memtrace_command) $argv
end

# The number of operands of the command given so far (option arguments
# not counted): what the next operand is.
function __memtrace_nargs
    set -l words (commandline -opc)
    set -l cmd (__memtrace_command)
    set -l seen 0
    set -l n 0
    set -l dashdash 0
    # options that take their argument in the next word, per command
    set -l argopts
    switch $cmd
        case snapshot
            set argopts -n --top -s --save --go-pprof --go-expvar
        case diff
            set argopts -n --top
        case watch
            set argopts -i --interval -d --duration -r --record -b --budget -c --cgroup -C --container --socket --go-pprof --go-expvar --go-interval
        case run
            set argopts -i --interval -d --duration -r --record -b --budget --go-pprof --go-expvar --go-interval
        case analyze
            set argopts --from --to
        case cgroup
            set argopts -c --cgroup -C --container -p --pid --socket
        case top
            set argopts -d --delay -n --iterations -s --sort --filter --rows --budget --go-pprof --go-expvar --go-interval
        case export
            set argopts -l --listen -t --textfile -i --interval -n --top --min-rss -p --pid --cgroup --container --budget
    end
    set -l i 2
    while test $i -le (count $words)
        set -l w $words[$i]
        if test $seen -eq 0
            switch $w
                case --proc-root
                    set i (math $i + 1)
                case '-*'
                case '*'
                    set seen 1
            end
        else if test $dashdash -eq 1
            set n (math $n + 1)
        else if test "$w" = --
            set dashdash 1
        else if contains -- $w $argopts
            set i (math $i + 1)
        else if string match -qr -- '^-' $w
        else
            set n (math $n + 1)
            # run stops at its command: what follows is the command's
            test "$cmd" = run; and set dashdash 1
        end
        set i (math $i + 1)
    end
    echo $n
end

# __memtrace_operand N: the next operand is the Nth (from 0).
function __memtrace_operand
    test (__memtrace_nargs) -eq $argv[1]
end

# A target option (--cgroup, --container, --pid) already given: watch and
# cgroup then take no process.
function __memtrace_has_target
    set -l words (commandline -opc)
    for i in (seq 2 (count $words))
        switch $words[$i]
            case '--cgroup=*' '--container=*' '--pid=*' '-c?*' '-C?*' '-p?*'
                return 0
            case -c --cgroup -C --container -p --pid
                # given, unless its argument is the word being completed
                test $i -lt (count $words); and return 0
        end
    end
    return 1
end

# PIDs under ROOT/proc with their comm, and on the live system process
# names (memtrace also matches the basename of argv[0]).
function __memtrace_procs
    set -l root (__memtrace_root)
    set -l dir (string replace -r '/$' '' -- $root)/proc
    set -l names
    # one awk for every comm: a process may exit while we read
    for line in (command awk 'FNR == 1 { n = FILENAME; sub(/\/comm$/, "", n); sub(/.*\//, "", n);
                                         if (n ~ /^[0-9]+$/) print n "\t" $0 }' $dir/*/comm 2>/dev/null)
        echo $line
        set -l comm (string split -m1 \t -- $line)[2]
        test -n "$comm"; and set -a names $comm
    end
    if test "$root" = /; and set -q names[1]
        # A word that starts with a digit is always a PID to memtrace;
        # names with blanks cannot be completed usefully.
        for n in (printf '%s\n' $names | sort -u)
            string match -qr '^[0-9]|[[:space:]]' -- $n; or printf '%s\tprocess name\n' $n
        end
    end
end

# The cgroup mount points memtrace uses, from ROOT/proc/self/mountinfo:
# the first cgroup (v1) mount with the memory controller, then the first
# cgroup2 mount.  Without ROOT.
function __memtrace_cgmounts
    set -l root (string replace -r '/$' '' -- (__memtrace_root))
    test -r $root/proc/self/mountinfo; or return 1
    set -l v1 ''
    set -l v2 ''
    while read -l line
        # ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTS [OPTIONAL...] - FSTYPE SOURCE SUPER
        set -l halves (string split -m1 ' - ' -- $line)
        test (count $halves) -eq 2; or continue
        set -l f (string split ' ' -- $halves[1])
        set -l g (string split ' ' -- $halves[2])
        # mountinfo writes space, tab, newline and backslash as \ooo
        set -l mnt (printf '%b' (string replace -a '\\' '\\0' -- $f[5]))
        switch $g[1]
            case cgroup
                test -z "$v1"; and string match -q '*,memory,*' -- ",$g[3],"; and set v1 $mnt
            case cgroup2
                test -z "$v2"; and set v2 $mnt
        end
    end <$root/proc/self/mountinfo
    test -n "$v1"; and echo $v1
    test -n "$v2"; and echo $v2
end

# Directories for --cgroup: an absolute path (under ROOT), or a path
# relative to a cgroup mount, as memtrace takes them.
function __memtrace_cgroup_dirs
    set -l root (string replace -r '/$' '' -- (__memtrace_root))
    set -l cur (commandline -ct | string replace -r '^--cgroup=' '')
    if string match -q '/*' -- $cur
        for d in $root$cur*/
            string replace -- "$root" '' $d
        end
        return
    end
    for m in (__memtrace_cgmounts)
        test -d $root$m; or continue
        for d in $root$m/$cur*/
            string replace -- "$root$m/" '' $d
        end
    end | sort -u
end

# Container ids for --container: the directory names Docker, containerd,
# CRI-O, Podman and the kubelet give container cgroups (*-<id>.scope,
# libpod-<id>, crio-<id>, docker/<id>, pod<uid>/<id>, libpod_parent/<id>; ids of 12 hex digits or
# more), under the cgroup mounts.  One find(1) per mount.
function __memtrace_containers
    type -q find; or return 1
    set -l h64 (string repeat -n 64 '[0-9a-fA-F]') # 64 hex digits, for find -name
    set -l root (string replace -r '/$' '' -- (__memtrace_root))
    for m in (__memtrace_cgmounts)
        test -d $root$m; or continue
        for d in (find $root$m -mindepth 1 -maxdepth 12 -type d \( -name '*-*.scope' \
                -o -name 'libpod-*' -o -name 'crio-*' -o -path '*/docker/*' -o -path '*/pod*/*' -o -path '*/libpod_parent/*' \
            -o -name $h64 \) 2>/dev/null)
            set -l n (path basename $d)
            set -l parent (path basename (path dirname $d))
            set -l id
            if string match -qr -- '^(docker|cri-containerd|crio|libpod)-.*\.scope$' $n
                set id (string replace -r -- '^(docker|cri-containerd|crio|libpod)-(.*)\.scope$' '$2' $n)
            else if string match -q '*.scope' -- $n
                continue
            else if string match -qr -- '^(crio|libpod)-' $n
                # cgroupfs managers: no .scope
                set id (string replace -r -- '^(crio|libpod)-' '' $n)
            else if string match -qr -- '^(docker|pod.*|libpod_parent)$' $parent
                set id $n
            else if string match -qr -- '^[0-9a-fA-F]{64}$' $n
                # docker --cgroup-parent P: P/<64 hex> whatever P is
                set id $n
            else
                continue
            end
            string match -qr '^[0-9a-fA-F]{12,}$' -- $id; and printf '%s\tcontainer id\n' $id
        end
    end | sort -u
end

set -l cmds snapshot diff watch run analyze cgroup top export
complete -c memtrace -f

# global options and the commands
complete -c memtrace -n __memtrace_no_command -s h -l help -d 'Show usage and the list of commands'
complete -c memtrace -n __memtrace_no_command -s V -l version -d 'Show the version and the libproc2 version'
complete -c memtrace -n __memtrace_no_command -l proc-root -x -a '(__fish_complete_directories)' -d 'Read proc/ and sys/ under DIR instead of /'
complete -c memtrace -n __memtrace_no_command -a snapshot -d "One process's memory, class by class, with notes"
complete -c memtrace -n __memtrace_no_command -a diff -d 'Compare two saved snapshots, or a saved one with a live process'
complete -c memtrace -n __memtrace_no_command -a watch -d 'Sample a process over time and say whether it leaks'
complete -c memtrace -n __memtrace_no_command -a run -d 'Start a command, watch it until it exits, give the verdict'
complete -c memtrace -n __memtrace_no_command -a analyze -d 'The verdict for a recording made with watch --record'
complete -c memtrace -n __memtrace_no_command -a cgroup -d "A container's memory cgroup, reconciled with its processes"
complete -c memtrace -n __memtrace_no_command -a top -d 'Every process, ranked by memory growth, with its running verdict'
complete -c memtrace -n __memtrace_no_command -a export -d 'Memory and verdicts of processes and cgroups for Prometheus'

# every command
complete -c memtrace -n "__memtrace_is $cmds" -s h -l help -d 'Show usage'

# snapshot
complete -c memtrace -n '__memtrace_is snapshot' -s j -l json -d 'Print JSON (schema memtrace-snapshot v1)'
complete -c memtrace -n '__memtrace_is snapshot' -s n -l top -x -d 'Show the N largest mappings by RSS (default 10)'
complete -c memtrace -n '__memtrace_is snapshot' -s a -l all -d 'With --json, include every mapping'
complete -c memtrace -n '__memtrace_is snapshot' -s s -l save -r -F -d 'Also save the full snapshot as JSON, for memtrace diff'
complete -c memtrace -n '__memtrace_is snapshot' -s f -l force -d 'Let --save replace an existing regular file'
complete -c memtrace -n '__memtrace_is snapshot' -l go-pprof -x -a 'http://127.0.0.1:6060' -d "Also read a Go service's net/http/pprof"
complete -c memtrace -n '__memtrace_is snapshot' -l go-expvar -x -a 'http://127.0.0.1:6060' -d 'Also read its expvar /debug/vars'
complete -c memtrace -n '__memtrace_is snapshot; and __memtrace_operand 0' -a '(__memtrace_procs)'

# diff: each side a saved snapshot (a file) or a live process
complete -c memtrace -n '__memtrace_is diff' -s j -l json -d 'Print JSON (schema memtrace-diff v1)'
complete -c memtrace -n '__memtrace_is diff' -s n -l top -x -d 'Show the N mappings that grew most (default 20)'
complete -c memtrace -n '__memtrace_is diff; and test (__memtrace_nargs) -lt 2' -F
complete -c memtrace -n '__memtrace_is diff; and test (__memtrace_nargs) -lt 2' -a '(__memtrace_procs)'

# watch and run: the options they share (src/watch-options.c)
set -l times_interval '100ms 200ms 500ms 1s 2s 5s 10s 1m'
set -l times_duration '10s 30s 1m 5m 10m 30m 1h'
complete -c memtrace -n '__memtrace_is watch run' -s i -l interval -x -a "$times_interval" -d 'Time between samples (default 1s; 50ms to 24h)'
complete -c memtrace -n '__memtrace_is watch run' -s d -l duration -x -a "$times_duration" -d 'Stop after this time (default: until Ctrl-C or exit)'
complete -c memtrace -n '__memtrace_is watch run' -s r -l record -r -F -d 'Record every sample and the verdict as JSON Lines'
complete -c memtrace -n '__memtrace_is watch run' -s f -l force -d 'Let --record replace an existing regular file'
complete -c memtrace -n '__memtrace_is watch run' -s j -l json -d 'One JSON object per sample, then the verdict'
complete -c memtrace -n '__memtrace_is watch run' -s b -l budget -x -d 'Own CPU budget, percent of one core (default 1)'
complete -c memtrace -n '__memtrace_is watch run' -l fail-on-leak -d 'Exit 5 when the verdict is leak or leak-threads'
complete -c memtrace -n '__memtrace_is watch run' -l go-pprof -x -a 'http://127.0.0.1:6060' -d "Read a Go service's net/http/pprof (heap MemStats, goroutines)"
complete -c memtrace -n '__memtrace_is watch run' -l go-expvar -x -a 'http://127.0.0.1:6060' -d 'Read its expvar /debug/vars memstats'
complete -c memtrace -n '__memtrace_is watch run' -l go-interval -x -a '5s 15s 30s 1m' -d 'Time between the Go reads (default 15s; each stops the world briefly)'
# watch: one target, a process, --cgroup or --container
complete -c memtrace -n '__memtrace_is watch' -l plain -d 'One line per sample even on a terminal (no full screen)'
complete -c memtrace -n '__memtrace_is watch; and not __memtrace_has_target; and __memtrace_operand 0' -s c -l cgroup -x -a '(__memtrace_cgroup_dirs)' -d 'Watch a memory cgroup instead of a process'
complete -c memtrace -n '__memtrace_is watch; and not __memtrace_has_target; and __memtrace_operand 0' -s C -l container -x -a '(__memtrace_containers)' -d "Watch a container's memory cgroup, by id, unique prefix or name"
complete -c memtrace -n '__memtrace_is watch cgroup export' -l socket -r -F -d 'The Docker or Podman API socket to ask for container names'
complete -c memtrace -n '__memtrace_is watch; and not __memtrace_has_target; and __memtrace_operand 0' -a '(__memtrace_procs)'
# run: the command, then its arguments
complete -c memtrace -n '__memtrace_is run; and __memtrace_operand 0' -a '(__fish_complete_command)'
complete -c memtrace -n '__memtrace_is run; and not __memtrace_operand 0' -F

# analyze
set -l times_window '10s 30s 1m 5m 10m 1h'
complete -c memtrace -n '__memtrace_is analyze' -s j -l json -d 'Print the verdict as JSON'
complete -c memtrace -n '__memtrace_is analyze' -l from -x -a "$times_window" -d 'Ignore samples before this time since the first sample'
complete -c memtrace -n '__memtrace_is analyze' -l to -x -a "$times_window" -d 'Ignore samples after this time since the first sample'
complete -c memtrace -n '__memtrace_is analyze' -l fail-on-leak -d 'Exit 5 when the verdict is leak or leak-threads'
complete -c memtrace -n '__memtrace_is analyze; and __memtrace_operand 0' -k -a '(__fish_complete_suffix .jsonl)'

# cgroup: one target, --cgroup, --container, --pid or an operand
complete -c memtrace -n '__memtrace_is cgroup' -s j -l json -d 'Print JSON (schema memtrace-cgroup v1)'
complete -c memtrace -n '__memtrace_is cgroup; and not __memtrace_has_target; and __memtrace_operand 0' -s c -l cgroup -x -a '(__memtrace_cgroup_dirs)' -d 'A cgroup directory, or a path relative to the cgroup mount'
complete -c memtrace -n '__memtrace_is cgroup; and not __memtrace_has_target; and __memtrace_operand 0' -s C -l container -x -a '(__memtrace_containers)' -d 'A container id or unique prefix, or a name'
complete -c memtrace -n '__memtrace_is cgroup; and not __memtrace_has_target; and __memtrace_operand 0' -s p -l pid -x -a '(__memtrace_procs)' -d 'The memory cgroup of a process'
complete -c memtrace -n '__memtrace_is cgroup; and not __memtrace_has_target; and __memtrace_operand 0' -a '(__memtrace_procs)'

# top
complete -c memtrace -n '__memtrace_is top' -s d -l delay -x -a '200ms 500ms 1s 2s 5s 10s' -d 'Time between updates (default 1s; 200ms to 1h)'
complete -c memtrace -n '__memtrace_is top' -s n -l iterations -x -d 'Stop after N updates'
complete -c memtrace -n '__memtrace_is top' -s b -l batch -d 'Plain tables to standard output, no terminal'
complete -c memtrace -n '__memtrace_is top' -s j -l json -d 'With -b: one JSON object per update'
complete -c memtrace -n '__memtrace_is top' -s s -l sort -x -a 'growth rss effective lazyfree swap pss pid' -d 'Sort key (default growth)'
complete -c memtrace -n '__memtrace_is top' -s r -l reverse -d 'Smallest first'
complete -c memtrace -n '__memtrace_is top' -s c -l cgroups -d 'The memory cgroups (containers), not the processes'
complete -c memtrace -n '__memtrace_is top' -l filter -x -d 'Only commands whose name contains TEXT'
complete -c memtrace -n '__memtrace_is top' -l cmdline -d 'Command lines instead of command names'
complete -c memtrace -n '__memtrace_is top' -l rows -x -d 'With -b: at most N rows per update'
complete -c memtrace -n '__memtrace_is top' -l budget -x -d 'CPU for smaps_rollup reads and verdicts, percent of one core'
complete -c memtrace -n '__memtrace_is top' -l go-pprof -x -a 'http://127.0.0.1:6060' -d "[PID=]URL: a Go service's net/http/pprof for its drill-down and JSON"
complete -c memtrace -n '__memtrace_is top' -l go-expvar -x -a 'http://127.0.0.1:6060' -d '[PID=]URL: its expvar /debug/vars memstats'
complete -c memtrace -n '__memtrace_is top' -l go-interval -x -a '5s 15s 30s 1m' -d 'Time between the Go reads (default 15s; each stops the world briefly)'

# export
complete -c memtrace -n '__memtrace_is export' -s l -l listen -x -a '127.0.0.1:9101 0.0.0.0:9101 [::1]:9101 :9101' -d 'Serve /metrics on ADDR:PORT (port 0: a free one)'
complete -c memtrace -n '__memtrace_is export' -s t -l textfile -r -F -d 'Write the page atomically to FILE every round'
complete -c memtrace -n '__memtrace_is export' -l once -d 'One round, write the textfile, exit'
complete -c memtrace -n '__memtrace_is export' -s i -l interval -x -a '200ms 500ms 1s 2s 5s 10s' -d 'Time between rounds (default 1s)'
complete -c memtrace -n '__memtrace_is export' -s n -l top -x -d 'The N largest processes by RSS (default 50)'
complete -c memtrace -n '__memtrace_is export' -l min-rss -x -d 'Only processes with at least SIZE of RSS'
complete -c memtrace -n '__memtrace_is export' -l no-processes -d 'No processes but those given with --pid'
complete -c memtrace -n '__memtrace_is export' -s p -l pid -x -a '(__memtrace_procs)' -d 'This process too while it lives'
complete -c memtrace -n '__memtrace_is export' -s c -l cgroups -d 'Every memory cgroup (containers included)'
complete -c memtrace -n '__memtrace_is export' -l cgroup -x -a '(__memtrace_cgroup_dirs)' -d 'This cgroup'
complete -c memtrace -n '__memtrace_is export' -l container -x -a '(__memtrace_containers)' -d 'The container with this id prefix, or this name'
complete -c memtrace -n '__memtrace_is export' -l budget -x -d 'CPU for smaps_rollup reads and verdicts, percent of one core'
