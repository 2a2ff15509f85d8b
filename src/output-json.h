/* The snapshot as JSON (schema "memtrace-snapshot", version 1; documented
 * in memtrace(1) under JSON OUTPUT), and back again for `memtrace diff`.
 * Every name from the target is escaped (escape.h) before it is stored. */
#ifndef MEMTRACE_OUTPUT_JSON_H
#define MEMTRACE_OUTPUT_JSON_H

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>

#include "model-snapshot.h"

#define SNAPSHOT_SCHEMA "memtrace-snapshot"
#define SNAPSHOT_SCHEMA_VERSION 1

/* Builds the document; with_mappings adds every kept mapping. */
json_t *snapshot_to_json(const struct snapshot *s, bool with_mappings);

/* Rebuilds the parts of a snapshot that diff uses (identity, totals,
 * classes, mappings) from a saved document.  Returns 0, or -EINVAL with a
 * message in ERR. */
int snapshot_from_json(const json_t *doc, struct snapshot *s, char *err, size_t errlen);

/* Writes DOC to OUT followed by a newline; returns 0 or -errno (a write
 * error, e.g. to a full disk, must fail the command). */
int json_write(FILE *out, json_t *doc, bool pretty);

/* A counters object: every present field, in bytes. */
json_t *counters_to_json(const struct mem_counters *c);

#endif
