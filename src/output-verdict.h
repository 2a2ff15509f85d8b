/* A verdict and a sample, for people and as JSON (the same JSON goes to
 * --json output and into recordings). */
#ifndef MEMTRACE_OUTPUT_VERDICT_H
#define MEMTRACE_OUTPUT_VERDICT_H

#include <jansson.h>
#include <stdio.h>

#include "analysis-verdict.h"
#include "model-sample.h"

json_t *verdict_to_json(const struct verdict *v);
void verdict_print_text(FILE *out, const struct verdict *v);

/* One sample as a JSON object; NaN values are left out. */
json_t *sample_to_json(const struct sample *x);

/* A number that may be NaN/infinite: JSON null then. */
json_t *json_number_or_null(double v);

#endif
