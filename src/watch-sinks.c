/* The line sinks of a watch: plain text (one line per sample, the verdict
 * block at the end) and JSON Lines (a recording on standard output).  The
 * full-screen sink is watch-screen.c. */
#include "config.h"
#include "watch-sinks.h"
#include "output-json.h"
#include "output-verdict.h"
#include "util.h"

#include <math.h>
#include <string.h>


#define B(v) format_bytes((uint64_t)(isfinite(v) && (v) > 0 ? (v) : 0), (char[32]){ 0 }, 32)

static void text_sample(void *ctx, const struct sample *x, const struct verdict *running)
{
	FILE *out = ctx;
	static double t0 = NAN;

	if (isnan(t0))
		t0 = x->t;
	fprintf(out, "%8.1fs  rss %10s  eff %10s  lazy %9s  swap %9s  anon %10s  file %9s  shmem %9s  thr %4.0f",
		x->t - t0, B(x->v[M_RSS]), isfinite(x->v[M_EFFECTIVE]) ? B(x->v[M_EFFECTIVE]) : "n/a",
		isfinite(x->v[M_LAZYFREE]) ? B(x->v[M_LAZYFREE]) : "n/a", isfinite(x->v[M_SWAP]) ? B(x->v[M_SWAP]) : "n/a",
		B(x->v[M_ANON]), B(x->v[M_FILE]), B(x->v[M_SHMEM]), x->v[M_THREADS]);
	if (running)
		fprintf(out, "  | %s", verdict_name(running->kind));
	fputc('\n', out);
	fflush(out);
}

static void text_sample_cgroup(void *ctx, const struct sample *x, const struct verdict *running)
{
	FILE *out = ctx;
	static double t0 = NAN;

	if (isnan(t0))
		t0 = x->t;
	fprintf(out,
		"%8.1fs  usage %10s  anon %10s  cache %10s  inactive %10s  shmem %9s  kernel %9s  swap %9s  procs rss %10s",
		x->t - t0, B(x->v[M_CG_USAGE]), B(x->v[M_CG_ANON]), B(x->v[M_CG_FILE]), B(x->v[M_CG_INACTIVE_FILE]),
		isfinite(x->v[M_CG_SHMEM]) ? B(x->v[M_CG_SHMEM]) : "n/a", B(x->v[M_CG_KERNEL]),
		isfinite(x->v[M_CG_SWAP]) ? B(x->v[M_CG_SWAP]) : "n/a", B(x->v[M_RSS]));
	if (running)
		fprintf(out, "  | %s", verdict_name(running->kind));
	fputc('\n', out);
	fflush(out);
}

static void text_event(void *ctx, json_t *ev)
{
	const char *what = json_string_value(json_object_get(ev, "event"));

	fprintf(ctx, "%8.1fs  %s (%s -> %s): %s\n", json_number_value(json_object_get(ev, "at_seconds")),
		strcmp(what, "exec") == 0 ? "the program was replaced (exec)" : "the PID now belongs to another process",
		json_string_value(json_object_get(ev, "from")), json_string_value(json_object_get(ev, "to")),
		strcmp(what, "exec") == 0 ? "judging the new program from here" : "the watched process is gone");
	fflush(ctx);
}

static void text_begin(void *ctx, json_t *header)
{
	(void)ctx;
	(void)header;
}

static void text_end(void *ctx, const struct verdict *v, const char *end_reason, const char *cost, json_t *cost_json,
		     json_t *context)
{
	const json_t *tops = json_object_get(context, "top_growing_mappings"), *m;
	size_t i;

	(void)cost_json;
	FILE *out = ctx;

	fprintf(out, "\nStopped: %s.  %s\n", end_reason, cost);
	verdict_print_text(out, v);
	if ((v->kind == VERDICT_LEAK || v->kind == VERDICT_UNDECIDED || v->kind == VERDICT_PLATEAU) &&
	    json_array_size(tops) > 0) {
		fputs("  grew most, by mapping (first and last full smaps):\n", out);
		json_array_foreach(tops, i, m)
			fprintf(out, "    %11s  %-12s %s\n",
				format_bytes_signed(json_integer_value(json_object_get(m, "rss_growth")), (char[32]){ 0 }, 32),
				json_string_value(json_object_get(m, "class")), json_string_value(json_object_get(m, "mapping")));
	}
	fflush(out);
}

static void json_sample(void *ctx, const struct sample *x, const struct verdict *running)
{
	json_t *o = sample_to_json(x);

	json_object_set_new(o, "type", json_string("sample"));
	json_object_set_new(o, "running_verdict", running ? json_string(verdict_name(running->kind)) : json_null());
	json_write(ctx, o, false);
	json_decref(o);
	fflush(ctx);
}

static void json_event(void *ctx, json_t *ev)
{
	json_write(ctx, ev, false);
	fflush(ctx);
}

static void json_begin(void *ctx, json_t *header)
{
	json_object_set_new(header, "type", json_string("header"));
	json_write(ctx, header, false);
	fflush(ctx);
}

static void json_end(void *ctx, const struct verdict *v, const char *end_reason, const char *cost, json_t *cost_json,
		     json_t *context)
{
	json_t *o = verdict_to_json(v);

	(void)cost;
	json_object_set_new(o, "type", json_string("verdict"));
	json_object_set_new(o, "end_reason", json_string(end_reason));
	json_object_set_new(o, "cost", json_incref(cost_json));
	json_object_set_new(o, "context", json_incref(context));
	json_write(ctx, o, false);
	json_decref(o);
	fflush(ctx);
}

struct watch_sink watch_sink_plain(bool cgroup, FILE *out)
{
	return (struct watch_sink){ text_begin, cgroup ? text_sample_cgroup : text_sample, text_event, text_end, out, NULL, NULL };
}

struct watch_sink watch_sink_json(FILE *out)
{
	return (struct watch_sink){ json_begin, json_sample, json_event, json_end, out, NULL, NULL };
}
