#include "config.h"
#include "view-cgdetail.h"
#include "output-verdict-text.h"
#include "view-detail.h"
#include "view-top.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* Lines besides the chart and the verdict's evidence: the title, the
 * component header and lines, the tools' header and lines, three blank
 * lines, the verdict's first line and the key line. */
#define FIXED_LINES (1 + 1 + CGC_COUNT + 1 + 4 + 3 + 1 + 1)

static const char *const component_names[CGC_COUNT] = {
	[CGC_USAGE] = "usage", [CGC_ANON] = "anon",     [CGC_FILE] = "page cache",
	[CGC_SHMEM] = "shmem", [CGC_KERNEL] = "kernel", [CGC_SWAP] = "swap",
};

static void title_line(struct view_line *l, const struct cgdetail_input *in, int cols, bool unicode)
{
	char a[16];

	view_line_clear(l, VA_TITLE);
	view_line_put(l, "memtrace top  cgroup ", cols, false);
	view_line_put(l, in->path, cols - l->cells, unicode);
	if (in->id && in->id[0]) {
		view_line_printf(l, cols, "  %s ", in->runtime ? in->runtime : "container");
		view_line_put(l, in->id, cols - l->cells < 12 ? cols - l->cells : 12, unicode);
	}
	if (isfinite(in->limit))
		view_line_printf(l, cols, "  limit %s", view_size(in->limit, a, sizeof(a)));
	else
		view_line_printf(l, cols, "  no limit");
	if (isfinite(in->limit) && in->limit > 0 && isfinite(in->now[CGC_USAGE]))
		view_line_printf(l, cols, " (%.0f%% used)", 100 * in->now[CGC_USAGE] / in->limit);
	if (in->message)
		view_line_printf(l, cols, "   %s", in->message);
}

/* Is C the component the verdict says grows? */
static bool named_by_verdict(const struct verdict *v, enum cg_component c)
{
	static const char *const names[CGC_COUNT] = { [CGC_ANON] = "anon", [CGC_FILE] = "page-cache",
						      [CGC_SHMEM] = "shmem", [CGC_KERNEL] = "kernel" };

	return v && v->component && names[c] && strcmp(v->component, names[c]) == 0;
}

static void component_line(struct view_line *l, const struct cgdetail_input *in, enum cg_component c, int cols,
			   bool unicode)
{
	double v[PROC_HISTORY];
	char now[16], rate[16], spark[1024];
	size_t n = in->ring ? cg_ring_values(in->ring, c, v) : 0;

	view_line_clear(l, VA_NORMAL);
	view_line_printf(l, cols, "%-11s %7s %7s  ", component_names[c], view_size(in->now[c], now, sizeof(now)),
			 view_rate(in->growth[c], rate, sizeof(rate)));
	if (named_by_verdict(in->verdict, c))
		view_line_span(l, 0, 27, view_verdict_attr((int)in->verdict->kind));
	view_sparkline_values(v, n, cols - l->cells, unicode, spark, sizeof(spark));
	view_line_field(l, spark, cols - l->cells, false, VA_DIM, unicode, false);
}

static int components_block(struct view_screen *s, int y, const struct cgdetail_input *in, bool unicode)
{
	view_line_clear(&s->lines[y], VA_HEADER);
	view_line_printf(&s->lines[y++], s->cols, "%-11s %7s %7s  %s", "", "NOW", "GROW/s", "HISTORY");
	for (int c = 0; c < CGC_COUNT; c++)
		component_line(&s->lines[y++], in, (enum cg_component)c, s->cols, unicode);
	return y;
}

static void tool_line(struct view_line *l, const char *tool, double value, const char *formula, int cols)
{
	char a[16];

	view_line_clear(l, VA_NORMAL);
	view_line_printf(l, cols, "  %-36s %8s  %s", tool, view_size(value, a, sizeof(a)), formula);
}

/* What docker stats, the kubelet and cAdvisor would show, and the raw
 * counter they start from: the figures of analysis-cgroup. */
static int tools_block(struct view_screen *s, int y, const struct cgdetail_input *in)
{
	static const enum cg_tool shown[] = { TOOL_DOCKER, TOOL_KUBELET, TOOL_CADVISOR_RSS };
	const char *raw = in->version == 1 ? "memory.usage_in_bytes" : in->version == 2 ? "memory.current" : "";

	view_line_clear(&s->lines[y], VA_HEADER);
	view_line_put(&s->lines[y++], "What each tool would show", s->cols, false);
	for (size_t i = 0; i < sizeof(shown) / sizeof(shown[0]); i++) {
		const struct cg_tool_value *t = in->tools ? &in->tools[shown[i]] : NULL;
		if (t)
			tool_line(&s->lines[y], t->tool, t->known ? (double)t->value : NAN, t->formula, s->cols);
		else if (i == 0)
			view_line_put(&s->lines[y], "  (the cgroup's counters are not read yet)", s->cols, false);
		y++;
	}
	tool_line(&s->lines[y++], "raw usage", in->now[CGC_USAGE], raw, s->cols);
	return y;
}

static void verdict_block(struct view_screen *s, int *y, int limit, const struct verdict *v, bool unicode)
{
	struct verdict_text t;
	struct view_line *l = &s->lines[*y];

	view_line_clear(l, VA_NORMAL);
	if (!v) {
		view_line_put(l, "Verdict: not judged yet", s->cols, false);
		(*y)++;
		return;
	}
	verdict_render(v, &t);
	view_line_put(l, "Verdict: ", s->cols, false);
	view_line_put(l, t.summary, s->cols - l->cells, unicode);
	view_line_span(l, 9, l->cells - 9, view_verdict_attr((int)v->kind));
	(*y)++;
	if (v->shape != SHAPE_UNKNOWN && *y < limit) {
		view_line_clear(&s->lines[*y], VA_NORMAL);
		view_line_printf(&s->lines[(*y)++], s->cols, "  shape: %s of %s", shape_name(v->shape),
				 v->metric ? v->metric : "usage");
	}
	view_wrap(s, y, limit, t.reason, "  ", VA_NORMAL, unicode);
	if (t.hint[0])
		view_wrap(s, y, limit, t.hint, "  hint: ", VA_DIM, unicode);
}

static int chart_height(int rows)
{
	int h = (rows - FIXED_LINES) / 2;

	return h < 3 ? 3 : h > 12 ? 12 : h;
}

void cgdetail_view_build(const struct cgdetail_input *in, int cols, int rows, bool unicode, struct view_screen *out)
{
	double usage[PROC_HISTORY];
	size_t n = in->ring ? cg_ring_values(in->ring, CGC_USAGE, usage) : 0;
	int y = 0;

	if (cols < CGDETAIL_MIN_COLS || rows < CGDETAIL_MIN_ROWS) {
		view_screen_too_small(out, cols, rows, CGDETAIL_MIN_COLS, CGDETAIL_MIN_ROWS);
		return;
	}
	view_screen_alloc(out, cols, rows);
	title_line(&out->lines[y++], in, cols, unicode);
	y = detail_chart_block(out, y, chart_height(rows), usage, n, unicode);
	y = components_block(out, y + 1, in, unicode);
	y = tools_block(out, y + 1, in);
	y++;
	verdict_block(out, &y, rows - 1, in->verdict, unicode);
	view_line_clear(&out->lines[rows - 1], VA_DIM);
	view_line_put(&out->lines[rows - 1], in->keys ? in->keys : "", cols, false);
}
