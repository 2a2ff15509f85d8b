/* A Go service's reads rendered: why an endpoint gave nothing (one
 * line), one read as JSON and as text (snapshot), the goroutine profile
 * as JSON (recordings, the verdict's context). */
#ifndef MEMTRACE_OUTPUT_GORUNTIME_H
#define MEMTRACE_OUTPUT_GORUNTIME_H

#include <jansson.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

#include "source-gofetch.h"

/* One line: "URL: connection refused (nothing listens there)". */
char *gofetch_error_text(const struct gofetch_error *e, char *buf, size_t len);

/* One line: "URL is answered by pid OWNER (COMM), not by pid TARGET: its
 * Go evidence is that process's" (OWNER 0: a process we may not look at;
 * COMM NULL: unknown).  URL and COMM are escaped. */
char *go_endpoint_owner_text(const char *url, pid_t target, pid_t owner, const char *comm, char *buf, size_t len);

/* {"total":N,"groups":[{"count":N,"frames":["main.worker",...]},...]} */
json_t *go_goroutines_to_json(const struct go_goroutines *gr);
/* {"HeapAlloc":...,"goroutines":{...}}: Go's names, null where unknown. */
json_t *go_read_to_json(const struct go_read *r);
/* A few lines for `snapshot`. */
void go_read_print_text(FILE *out, const struct go_read *r);

#endif
