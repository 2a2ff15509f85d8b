/* What runs inside the target, detected from the outside: language runtime,
 * allocator, glibc arenas, and the environment settings that change what
 * its memory numbers mean. */
#ifndef MEMTRACE_MODEL_RUNTIME_H
#define MEMTRACE_MODEL_RUNTIME_H

#include <stdbool.h>
#include <stdint.h>

#include "model-region.h"
#include "model-mapping.h"

/* Environment variables that change the answer (GODEBUG=madvdontneed, ...). */
#define RUNTIME_SETTINGS 6
extern const char *const runtime_setting_names[RUNTIME_SETTINGS];

enum runtime_lib {
	LIB_GLIBC = 1u << 0,
	LIB_MUSL = 1u << 1,
	LIB_JEMALLOC = 1u << 2,
	LIB_TCMALLOC = 1u << 3,
	LIB_MIMALLOC = 1u << 4,
	LIB_JVM = 1u << 5,
	LIB_PYTHON = 1u << 6,
	LIB_NODE = 1u << 7,
};

struct runtime_info {
	unsigned libs;          /* enum runtime_lib bits, from mapped files */
	bool is_go;             /* Go build info or Go sections in the exe */
	char go_version[32];    /* "go1.14.15", "" if unknown */
	bool exe_read;          /* the executable could be inspected */
	char exe_base[64];      /* basename of the executable */

	/* glibc non-main arenas: 64 MiB-aligned anonymous heaps. */
	unsigned long arenas;
	uint64_t arena_rss;

	bool environ_read;
	int environ_errno;
	char *settings[RUNTIME_SETTINGS]; /* raw values, NULL if unset */

	/* lookbehind for arena detection while smaps streams */
	uint64_t prev_start, prev_end, prev_rss, last_inode;
	bool prev_anon_rw;
};

void runtime_init(struct runtime_info *rt);
void runtime_free(struct runtime_info *rt);

/* Called for every mapping in address order. */
void runtime_note_mapping(struct runtime_info *rt, const struct smaps_mapping *m, enum region_class cls);

/* "go", "jvm", "python", "node", "native" */
const char *runtime_language(const struct runtime_info *rt);
/* "go", "jemalloc", "tcmalloc", "mimalloc", "glibc", "musl", "unknown" */
const char *runtime_allocator(const struct runtime_info *rt);

/* Parses "go1.14.15" into major/minor; false if not a Go version. */
bool runtime_go_version(const char *v, int *major, int *minor);

/* Go 1.12-1.15 freed memory with MADV_FREE unless GODEBUG=madvdontneed=1;
 * 1.16+ use MADV_DONTNEED unless GODEBUG=madvdontneed=0.  Returns true if
 * this Go process releases memory lazily (LazyFree). */
bool runtime_go_uses_madv_free(const struct runtime_info *rt);

const char *runtime_setting(const struct runtime_info *rt, const char *name);

/* GOMEMLIMIT in bytes ("512MiB", "2GiB", "1000000"; Go 1.19+), NaN when
 * unset, "off" or not a limit Go would take. */
double runtime_go_memlimit(const struct runtime_info *rt);
/* The same from the value alone; exposed for unit tests. */
double runtime_parse_memlimit(const char *v);

/* GOGC as the runtime takes it: the percent, -1 for "off", 100 for a
 * value Go would not take (runtime.readGOGC); NaN when unset. */
double runtime_go_gogc(const struct runtime_info *rt);
double runtime_parse_gogc(const char *v);

#endif
