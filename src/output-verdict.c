#include "config.h"
#include "output-verdict.h"
#include "output-verdict-text.h"
#include "util.h"

#include <errno.h>
#include <math.h>
#include <string.h>

json_t *json_number_or_null(double v)
{
	return isfinite(v) ? json_real(v) : json_null();
}

static json_t *bytes_or_null(double v)
{
	return isfinite(v) ? json_integer((json_int_t)llround(v)) : json_null();
}

static json_t *changes_json(const struct verdict *v)
{
	json_t *a = json_array();

	for (size_t i = 0; i < v->nchanges; i++)
		json_array_append_new(a, json_real(round(v->changes[i] * 1000) / 1000));
	return a;
}

static json_t *identity_json(const struct verdict_identity *id)
{
	json_t *o;

	if (!id->event[0])
		return json_null();
	o = json_object();
	json_object_set_new(o, "event", json_string(id->event));
	json_object_set_new(o, "at_seconds", json_real(id->at));
	json_object_set_new(o, "from", json_string(id->from));
	json_object_set_new(o, "to", json_string(id->to));
	return o;
}

static json_t *count_or_null(double v)
{
	return isfinite(v) ? json_integer((json_int_t)llround(v)) : json_null();
}

/* The numbers of the finding, beside the common evidence (NaN: null). */
static void finding_json(json_t *ev, const struct verdict *v)
{
	json_object_set_new(ev, "span_seconds", json_number_or_null(v->span));
	json_object_set_new(ev, "need_seconds", json_number_or_null(v->need_seconds));
	json_object_set_new(ev, "amplitude", bytes_or_null(v->amplitude));
	json_object_set_new(ev, "period_seconds", json_number_or_null(v->period));
	json_object_set_new(ev, "trough_rise", bytes_or_null(v->trough_rise));
	json_object_set_new(ev, "jump", bytes_or_null(v->jump));
	json_object_set_new(ev, "steps", json_integer((json_int_t)v->steps));
	json_object_set_new(ev, "step_spacing_seconds", json_number_or_null(v->spacing));
	json_object_set_new(ev, "held_seconds", json_number_or_null(v->held));
	json_object_set_new(ev, "rise", bytes_or_null(v->rise));
	json_object_set_new(ev, "rise_rate", json_number_or_null(v->rise_rate));
	json_object_set_new(ev, "slope_after", json_number_or_null(v->slope_after));
	json_object_set_new(ev, "slope_first_half", json_number_or_null(v->slope_first));
	json_object_set_new(ev, "slope_second_half", json_number_or_null(v->slope_second));
	json_object_set_new(ev, "rss", bytes_or_null(v->rss));
	json_object_set_new(ev, "into_swap", json_boolean(v->into_swap));
	json_object_set_new(ev, "limit", bytes_or_null(v->cg_limit));
	json_object_set_new(ev, "usage_growth", bytes_or_null(v->usage_growth));
	json_object_set_new(ev, "component_growth", bytes_or_null(v->component_growth));
	json_object_set_new(ev, "grew_pid", v->grew_pid > 0 ? json_integer(v->grew_pid) : json_null());
	json_object_set_new(ev, "grew_pid_bytes", v->grew_pid > 0 ? count_or_null(v->grew_pid_bytes) : json_null());
}

/* What the Go service's own accounting added; null without reads. */
static json_t *go_json(const struct go_verdict *g, const struct verdict_text *t)
{
	json_t *o;

	if (g->finding == GOF_NONE)
		return json_null();
	o = json_object();
	json_object_set_new(o, "finding", json_string(go_finding_name(g->finding)));
	json_object_set_new(o, "text", json_string(t->go));
	json_object_set_new(o, "hint", t->go_hint[0] ? json_string(t->go_hint) : json_null());
	json_object_set_new(o, "reads", json_integer((json_int_t)g->reads));
	json_object_set_new(o, "goroutines_first", count_or_null(g->goroutines_first));
	json_object_set_new(o, "goroutines_last", count_or_null(g->goroutines_last));
	json_object_set_new(o, "group", g->group[0] ? json_string(g->group) : json_null());
	json_object_set_new(o, "group_caller", g->group_caller[0] ? json_string(g->group_caller) : json_null());
	json_object_set_new(o, "group_growth", count_or_null(g->group_growth));
	json_object_set_new(o, "group_count", count_or_null(g->group_count));
	json_object_set_new(o, "heap_inuse_first", bytes_or_null(g->heap_inuse_first));
	json_object_set_new(o, "heap_inuse_last", bytes_or_null(g->heap_inuse_last));
	json_object_set_new(o, "heap_alloc_last", bytes_or_null(g->heap_alloc_last));
	json_object_set_new(o, "next_gc_last", bytes_or_null(g->next_gc_last));
	json_object_set_new(o, "heap_released_last", bytes_or_null(g->heap_released_last));
	json_object_set_new(o, "lazyfree_last", bytes_or_null(g->lazyfree_last));
	json_object_set_new(o, "stack_inuse_first", bytes_or_null(g->stack_inuse_first));
	json_object_set_new(o, "stack_inuse_last", bytes_or_null(g->stack_inuse_last));
	json_object_set_new(o, "sys_first", bytes_or_null(g->sys_first));
	json_object_set_new(o, "sys_last", bytes_or_null(g->sys_last));
	json_object_set_new(o, "grew_class", g->grew ? json_string(g->grew) : json_null());
	json_object_set_new(o, "madv_free_expected", json_boolean(g->madv_free_expected));
	json_object_set_new(o, "gomemlimit", bytes_or_null(g->memlimit));
	json_object_set_new(o, "gogc", isfinite(g->gogc) ? json_integer((json_int_t)g->gogc) : json_null());
	json_object_set_new(o, "go_version", g->go_version[0] ? json_string(g->go_version) : json_null());
	return o;
}

json_t *verdict_to_json(const struct verdict *v)
{
	json_t *o = json_object(), *ev = json_object();
	struct verdict_text t;

	verdict_render(v, &t);
	json_object_set_new(o, "verdict", json_string(verdict_name(v->kind)));
	json_object_set_new(o, "finding", json_string(verdict_finding_name(v->finding)));
	json_object_set_new(o, "advice", v->advice != ADVICE_NONE ? json_string(verdict_advice_name(v->advice)) : json_null());
	json_object_set_new(o, "summary", json_string(t.summary));
	json_object_set_new(o, "reason", json_string(t.reason));
	json_object_set_new(o, "hint", t.hint[0] ? json_string(t.hint) : json_null());
	json_object_set_new(ev, "metric", v->metric ? json_string(v->metric) : json_null());
	json_object_set_new(ev, "shape", v->shape != SHAPE_UNKNOWN ? json_string(shape_name(v->shape)) : json_null());
	json_object_set_new(ev, "change_points", changes_json(v));
	json_object_set_new(ev, "samples", json_integer((json_int_t)v->samples));
	json_object_set_new(ev, "points", json_integer((json_int_t)v->points));
	json_object_set_new(ev, "duration_seconds", json_number_or_null(v->duration));
	json_object_set_new(ev, "start_level", bytes_or_null(v->start_level));
	json_object_set_new(ev, "end_level", bytes_or_null(v->end_level));
	json_object_set_new(ev, "growth", bytes_or_null(v->growth));
	json_object_set_new(ev, "slope_bytes_per_second", json_number_or_null(v->slope));
	json_object_set_new(ev, "slope_low", json_number_or_null(v->slope_lo));
	json_object_set_new(ev, "slope_high", json_number_or_null(v->slope_hi));
	json_object_set_new(ev, "trend_p", json_number_or_null(v->trend_p));
	json_object_set_new(ev, "detectable_slope", json_number_or_null(v->min_slope));
	json_object_set_new(ev, "noise", bytes_or_null(v->noise));
	json_object_set_new(ev, "grew_class", v->grew ? json_string(v->grew) : json_null());
	json_object_set_new(ev, "grew_class_bytes", v->grew ? bytes_or_null(v->grew_bytes) : json_null());
	json_object_set_new(ev, "lazyfree", bytes_or_null(v->lazyfree));
	json_object_set_new(ev, "lazyfree_share", json_number_or_null(v->lazyfree_share));
	json_object_set_new(ev, "swap", bytes_or_null(v->swap));
	json_object_set_new(ev, "swap_growth", bytes_or_null(v->swap_growth));
	json_object_set_new(ev, "swap_slope", json_number_or_null(v->swap_slope));
	json_object_set_new(ev, "reclaimed_lazyfree", bytes_or_null(v->reclaimed_lazyfree));
	json_object_set_new(ev, "identity_change", identity_json(&v->identity));
	json_object_set_new(ev, "threads_start", json_number_or_null(v->threads_start));
	json_object_set_new(ev, "threads_end", json_number_or_null(v->threads_end));
	json_object_set_new(ev, "growth_per_cpu_second", json_number_or_null(v->per_cpu_second));
	json_object_set_new(ev, "changed_at_seconds", json_number_or_null(v->changed_at));
	json_object_set_new(ev, "level", bytes_or_null(v->level));
	json_object_set_new(ev, "peak", bytes_or_null(v->peak));
	json_object_set_new(ev, "sawtooth", json_boolean(v->sawtooth));
	json_object_set_new(ev, "cycles", json_integer((json_int_t)v->cycles));
	json_object_set_new(ev, "more_seconds", json_number_or_null(v->more_seconds));
	json_object_set_new(ev, "seconds_to_limit", json_number_or_null(v->time_to_limit));
	json_object_set_new(ev, "component", v->component ? json_string(v->component) : json_null());
	json_object_set_new(ev, "at_limit", json_boolean(v->at_limit));
	json_object_set_new(ev, "limit_hits", json_number_or_null(v->limit_hits));
	json_object_set_new(ev, "oom_kills", json_number_or_null(v->oom_kills));
	finding_json(ev, v);
	json_object_set_new(o, "evidence", ev);
	json_object_set_new(o, "go_runtime", go_json(&v->go, &t));
	return o;
}

/* "shape: step (change at 200.0 s)" */
static void print_shape(FILE *out, const struct verdict *v)
{
	if (v->shape == SHAPE_UNKNOWN)
		return;
	fprintf(out, "  shape: %s", shape_name(v->shape));
	for (size_t i = 0; i < v->nchanges && i < 6; i++)
		fprintf(out, "%s%.1f s", i == 0 ? (v->nchanges > 1 ? " (changes at " : " (change at ") : ", ", v->changes[i]);
	if (v->nchanges > 6)
		fprintf(out, ", ... %zu in all", v->nchanges);
	fputs(v->nchanges ? ")\n" : "\n", out);
}

void verdict_print_text(FILE *out, const struct verdict *v)
{
	char a[32], b[32];
	struct verdict_text t;

	verdict_render(v, &t);
	fprintf(out, "\nVerdict: %s\n", t.summary);
	fprintf(out, "  %s\n", t.reason);
	print_shape(out, v);
	if (isfinite(v->swap) && v->swap > 0)
		fprintf(out, "  swap at the end: %s (%s over the window)\n", format_bytes((uint64_t)v->swap, a, sizeof(a)),
			format_bytes_signed(isfinite(v->swap_growth) ? (int64_t)v->swap_growth : 0, b, sizeof(b)));
	if (v->grew && v->grew_bytes > 0)
		fprintf(out, "  grew most: %s (%s between the first and last full smaps)\n", v->grew,
			format_bytes((uint64_t)v->grew_bytes, a, sizeof(a)));
	if (isfinite(v->lazyfree) && v->lazyfree > 0)
		fprintf(out, "  LazyFree at the end: %s (%.1f%% of RSS)\n", format_bytes((uint64_t)v->lazyfree, a, sizeof(a)),
			100 * v->lazyfree_share);
	if (isfinite(v->per_cpu_second))
		fprintf(out, "  growth per CPU-second of the target: %s\n",
			format_bytes_signed((int64_t)v->per_cpu_second, a, sizeof(a)));
	if (isfinite(v->time_to_limit))
		fprintf(out, "  at this rate the memory left runs out in %s\n", format_duration(v->time_to_limit, b, sizeof(b)));
	if (t.hint[0])
		fprintf(out, "  hint: %s\n", t.hint);
	if (t.go[0])
		fprintf(out, "  go runtime: %s\n", t.go);
	if (t.go_hint[0])
		fprintf(out, "  go hint: %s\n", t.go_hint);
}

json_t *sample_to_json(const struct sample *x)
{
	json_t *o = json_object(), *tiers = json_array(), *classes = json_object();
	bool any_class = false;

	json_object_set_new(o, "t", json_real(x->t));
	json_object_set_new(o, "wall", json_real(x->wall));
	if (x->tiers & TIER_STATUS)
		json_array_append_new(tiers, json_string("status"));
	if (x->tiers & TIER_ROLLUP)
		json_array_append_new(tiers, json_string("rollup"));
	if (x->tiers & TIER_SMAPS)
		json_array_append_new(tiers, json_string("smaps"));
	json_object_set_new(o, "tiers", tiers);
	for (int m = 0; m < M_CLASS0; m++) {
		if (!isfinite(x->v[m]))
			continue;
		if (m == M_CPU)
			json_object_set_new(o, metric_name((enum metric)m), json_real(x->v[m]));
		else
			json_object_set_new(o, metric_name((enum metric)m), json_integer((json_int_t)llround(x->v[m])));
	}
	for (int c = 0; c < RC_COUNT; c++) {
		double v = x->v[M_CLASS0 + c];
		if (!isfinite(v))
			continue;
		json_object_set_new(classes, region_class_name((enum region_class)c), json_integer((json_int_t)llround(v)));
		any_class = true;
	}
	if (any_class)
		json_object_set_new(o, "classes", classes);
	else
		json_decref(classes);
	return o;
}

