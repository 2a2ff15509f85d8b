/* A JSON document from an outside file (a saved snapshot for diff), read
 * with bounded memory.  jansson builds the whole tree, and a tree costs
 * far more than its text: a saved snapshot about 5 times its size, and a
 * hostile "[0,0,0,...]" about 20 times (32 MB of it took 650 MB and 7 s).
 * So the bytes, values and objects are counted as jansson reads them, and
 * the parse stopped as soon as one passes its limit: the memory used is
 * bounded by the limits, whatever the file (a pipe too). */
#ifndef MEMTRACE_SOURCE_JSONFILE_H
#define MEMTRACE_SOURCE_JSONFILE_H

#include <jansson.h>
#include <stddef.h>

struct jsonfile_limits {
	size_t max_bytes, max_values, max_objects;
};

struct jsonfile_error {
	int line, column; /* where the JSON is invalid (-EINVAL) */
	char text[160];   /* jansson's words (-EINVAL) */
	char limit[16];   /* "bytes", "values" or "objects" (-EFBIG) */
};

/* Reads PATH into *DOC.  0, -errno for I/O, -EFBIG when a limit is
 * passed (E->limit says which), -EINVAL for invalid JSON (E says where). */
int jsonfile_load(const char *path, const struct jsonfile_limits *lim, json_t **doc, struct jsonfile_error *e);

#endif
