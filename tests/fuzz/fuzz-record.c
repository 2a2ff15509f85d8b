/* Recordings people send each other: record_read over the whole file,
 * and for every line, the fast sample reader against the jansson path:
 * when the fast reader takes a line, jansson must read the same sample
 * from it (or the two would judge different series). */
#include "config.h"
#include "fuzz.h"
#include "model-series.h"
#include "source-record.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool same(double a, double b)
{
	return (isnan(a) && isnan(b)) || a == b;
}

static void check_line(const char *line, size_t len)
{
	struct sample fast, slow;
	json_t *o;
	const char *type;

	if (!record_fast_sample(line, len, &fast))
		return;
	o = json_loadb(line, len, 0, NULL);
	if (!o)
		abort(); /* the fast reader took what is not JSON */
	type = json_string_value(json_object_get(o, "type"));
	if (!type || strcmp(type, "sample") != 0 || sample_from_json(o, &slow) != 0)
		abort();
	json_decref(o);
	if (!same(fast.t, slow.t) || !same(fast.wall, slow.wall) || fast.tiers != slow.tiers)
		abort();
	for (int m = 0; m < M_COUNT; m++)
		if (!same(fast.v[m], slow.v[m]))
			abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data, *end = s + size;
	static struct series series; /* kept: a series is MiBs to allocate */
	static bool have_series;
	struct record_data d;
	struct record_error e;

	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		const char *stop = nl ? nl + 1 : end;
		check_line(s, (size_t)(stop - s));
		s = stop;
	}
	fuzz_write("recording.jsonl", (const char *)data, size);
	if (!have_series) {
		series_init(&series);
		have_series = true;
	}
	series_reset(&series);
	{
		char path[512];
		snprintf(path, sizeof(path), "%s/recording.jsonl", fuzz_root());
		record_read(path, -INFINITY, INFINITY, &series, &d, &e);
		record_data_free(&d); /* filled even on error */
	}
	return 0;
}
