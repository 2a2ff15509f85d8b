// gosvc: the Go service memtrace's Go runtime tests watch.  Standard
// library only (Go 1.19), so `go build` works offline.  It serves
// net/http/pprof and expvar on the address given (127.0.0.1:0 by default)
// and prints "listening on http://ADDR" once it accepts connections.
//
// Modes (-mode):
//
//	ticker-leak  each request to /work starts a goroutine holding a buffer
//	             and a time.NewTicker that is never stopped: the goroutine
//	             never exits (the leak engineers meet in real services)
//	ticker-ok    the same code, but the ticker is stopped and the goroutine
//	             returns after -ticks ticks
//	plateau      a cache filled with -chunk-kib entries until -mib MiB, then
//	             kept: the Go heap and RSS rise, then stay flat
//	madvfree     allocates -mib MiB, touches it, drops it and calls
//	             debug.FreeOSMemory(); under GODEBUG=madvdontneed=0 the
//	             kernel keeps the pages as LazyFree (MADV_FREE), under =1
//	             they leave RSS at once
//	heap-leak    each request to /work appends -kib KiB to a global list:
//	             the Go heap grows, goroutines do not
//	mmap-leak    each request to /work maps -kib KiB with mmap(2) and
//	             touches it: RSS grows outside the Go heap (as cgo would)
//	idle         serves the endpoints and does nothing else
//
// In every mode it also serves the endpoints gone wrong that memtrace must
// tell apart, under prefixes: /html/... (an HTML page, as a login proxy
// gives), /json/... (JSON that is not expvar), /large/... (8 MiB of
// profile text), /hang/... (never answers).  /park?n=N starts N goroutines
// that wait forever on a channel, and -lag starts the lateness probe /lag
// reports (both for bench/go-reads.sh).
package main

import (
	"expvar"
	"flag"
	"fmt"
	"net"
	"net/http"
	_ "net/http/pprof"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

var (
	mode     = flag.String("mode", "idle", "ticker-leak, ticker-ok, plateau, madvfree, heap-leak, mmap-leak or idle")
	addr     = flag.String("addr", "127.0.0.1:0", "address to listen on (host:port, or unix:PATH)")
	perReq   = flag.Int("kib", 64, "KiB each /work goroutine holds")
	ticks    = flag.Int("ticks", 3, "ticker-ok: ticks before the goroutine returns")
	mib      = flag.Int("mib", 64, "plateau: cache size; madvfree: allocation size")
	chunkKiB = flag.Int("chunk-kib", 256, "plateau: size of each cache entry")
	period   = flag.Duration("period", 20*time.Millisecond, "plateau: time between cache entries")

	lagProbe = flag.Bool("lag", false, "measure how late a 1 ms sleep wakes (bench/go-reads.sh): /lag")

	started = expvar.NewInt("gosvc_started")
	live    = expvar.NewInt("gosvc_live")
	sink    atomic.Uint64
)

// worker is the goroutine /work starts.  With stop false the ticker is
// never stopped and the loop never ends: the goroutine, its buffer and the
// ticker stay alive for the life of the process.
func worker(stop bool, n int) {
	live.Add(1)
	defer live.Add(-1)
	buf := make([]byte, *perReq<<10)
	for i := range buf {
		buf[i] = byte(i)
	}
	t := time.NewTicker(50 * time.Millisecond)
	if stop {
		defer t.Stop()
	}
	for i := 0; !stop || i < n; i++ {
		<-t.C
		sink.Add(uint64(buf[i%len(buf)]))
	}
}

var (
	keptMu sync.Mutex
	kept   [][]byte
)

// touched returns -kib KiB, every page written.
func touched(b []byte) []byte {
	for i := 0; i < len(b); i += 4096 {
		b[i] = 1
	}
	return b
}

func work(w http.ResponseWriter, r *http.Request) {
	started.Add(1)
	switch *mode {
	case "ticker-leak":
		go worker(false, 0)
	case "ticker-ok":
		go worker(true, *ticks)
	case "heap-leak":
		keptMu.Lock()
		kept = append(kept, touched(make([]byte, *perReq<<10)))
		keptMu.Unlock()
	case "mmap-leak":
		b, err := syscall.Mmap(-1, 0, *perReq<<10, syscall.PROT_READ|syscall.PROT_WRITE,
			syscall.MAP_PRIVATE|syscall.MAP_ANON)
		if err != nil {
			http.Error(w, err.Error(), 500)
			return
		}
		keptMu.Lock()
		kept = append(kept, touched(b))
		keptMu.Unlock()
	}
	fmt.Fprintf(w, "started %d\n", started.Value())
}

var (
	cacheMu sync.Mutex
	cache   = map[int][]byte{}
)

// fillCache adds entries until the cache holds -mib MiB, then returns:
// what is kept stays reachable, so the heap plateaus.
func fillCache() {
	want := (*mib << 10) / *chunkKiB
	for i := 0; i < want; i++ {
		b := make([]byte, *chunkKiB<<10)
		for j := 0; j < len(b); j += 4096 {
			b[j] = byte(j)
		}
		cacheMu.Lock()
		cache[i] = b
		cacheMu.Unlock()
		time.Sleep(*period)
	}
	fmt.Println("plateau reached")
}

// freeBig touches -mib MiB, drops it and returns it to the OS.  The Go
// runtime marks it HeapReleased; with madvdontneed=0 (Go 1.12–1.15's
// default) the pages stay in RSS as LazyFree until the kernel needs them.
func freeBig() {
	b := make([]byte, *mib<<20)
	for j := 0; j < len(b); j += 4096 {
		b[j] = 1
	}
	sink.Add(uint64(b[len(b)-1]))
	b = nil
	debug.FreeOSMemory()
	fmt.Println("freed")
}

// lag measures how late a goroutine sleeping 1 ms at a time wakes up: a
// stop-the-world pause (ReadMemStats for the heap profile, a goroutine
// profile, a GC) shows as lateness.  /lag prints the count of wakeups,
// the largest lateness and how many were 100 us, 1 ms late or more, then
// starts over.
var (
	lagMu                  sync.Mutex
	lagN, lag100us, lag1ms int64
	lagMax                 time.Duration
)

func lag() {
	for {
		t := time.Now()
		time.Sleep(time.Millisecond)
		late := time.Since(t) - time.Millisecond
		lagMu.Lock()
		lagN++
		if late > lagMax {
			lagMax = late
		}
		if late >= 100*time.Microsecond {
			lag100us++
		}
		if late >= time.Millisecond {
			lag1ms++
		}
		lagMu.Unlock()
	}
}

func lagReport(w http.ResponseWriter, r *http.Request) {
	lagMu.Lock()
	fmt.Fprintf(w, "wakeups %d max_late_us %d late_100us %d late_1ms %d\n", lagN, lagMax.Microseconds(), lag100us, lag1ms)
	lagN, lag100us, lag1ms, lagMax = 0, 0, 0, 0
	lagMu.Unlock()
}

// park starts ?n= goroutines (default 1) that wait on a channel nobody
// closes: the goroutine count of a large service without tickers' CPU
// (bench/go-reads.sh times the goroutine profile with 20,000 of them).
var never = make(chan struct{})

func park(w http.ResponseWriter, r *http.Request) {
	n, err := strconv.Atoi(r.URL.Query().Get("n"))
	if err != nil || n < 1 {
		n = 1
	}
	for i := 0; i < n; i++ {
		go func() { <-never }()
	}
	fmt.Fprintf(w, "parked %d\n", n)
}

// bad serves what a misconfigured endpoint returns instead of a profile.
func bad() {
	http.HandleFunc("/html/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, "<!DOCTYPE html>\n<html><body><form>Sign in</form></body></html>\n")
	})
	http.HandleFunc("/json/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"status":"ok","version":"1.2.3"}`+"\n")
	})
	http.HandleFunc("/large/", func(w http.ResponseWriter, r *http.Request) {
		line := []byte("# HeapInuse = 1\n")
		for n := 0; n < 8<<20; n += len(line) {
			if _, err := w.Write(line); err != nil {
				return
			}
		}
	})
	http.HandleFunc("/hang/", func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done()
	})
}

func listen(a string) (net.Listener, string, error) {
	if len(a) > 5 && a[:5] == "unix:" {
		os.Remove(a[5:])
		l, err := net.Listen("unix", a[5:])
		return l, "unix:" + a[5:], err
	}
	l, err := net.Listen("tcp", a)
	if err != nil {
		return nil, "", err
	}
	return l, "http://" + l.Addr().String(), nil
}

func main() {
	flag.Parse()
	http.HandleFunc("/work", work)
	http.HandleFunc("/lag", lagReport)
	http.HandleFunc("/park", park)
	// the goroutine count many services publish beside memstats
	expvar.Publish("goroutines", expvar.Func(func() any { return runtime.NumGoroutine() }))
	bad()
	if *lagProbe {
		go lag()
	}
	l, shown, err := listen(*addr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "gosvc:", err)
		os.Exit(1)
	}
	switch *mode {
	case "plateau":
		go fillCache()
	case "madvfree":
		freeBig()
	case "ticker-leak", "ticker-ok", "heap-leak", "mmap-leak", "idle":
	default:
		fmt.Fprintln(os.Stderr, "gosvc: unknown mode", *mode)
		os.Exit(2)
	}
	fmt.Printf("listening on %s\n", shown)
	os.Stdout.Sync()
	if err := http.Serve(l, nil); err != nil {
		fmt.Fprintln(os.Stderr, "gosvc:", err)
		os.Exit(1)
	}
}
