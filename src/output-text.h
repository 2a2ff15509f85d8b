/* The snapshot report for people. */
#ifndef MEMTRACE_OUTPUT_TEXT_H
#define MEMTRACE_OUTPUT_TEXT_H

#include <stdio.h>

#include "model-snapshot.h"

void snapshot_print_text(FILE *out, const struct snapshot *s);

#endif
