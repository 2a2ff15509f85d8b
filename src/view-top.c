#include "config.h"
#include "view-top.h"
#include "analysis-verdict.h"
#include "util.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <wchar.h>

/* --------------------------------------------------------- formatting */

char *view_size(double bytes, char *buf, size_t len)
{
	static const char units[] = "BKMGTP";
	double v = fabs(bytes);
	int u = 0;

	if (!isfinite(bytes)) {
		snprintf(buf, len, "-");
		return buf;
	}
	while (v >= 1024 && u < 5) {
		v /= 1024;
		u++;
	}
	if (u == 0)
		snprintf(buf, len, "%s%.0f%c", bytes < 0 ? "-" : "", v, units[u]);
	else
		snprintf(buf, len, "%s%.*f%c", bytes < 0 ? "-" : "", v < 10 ? 1 : 0, v, units[u]);
	return buf;
}

char *view_rate(double bps, char *buf, size_t len)
{
	char s[32];

	if (!isfinite(bps)) {
		snprintf(buf, len, "-");
		return buf;
	}
	if (fabs(bps) < 1024) {
		snprintf(buf, len, "0");
		return buf;
	}
	view_size(fabs(bps), s, sizeof(s));
	snprintf(buf, len, "%c%s", bps < 0 ? '-' : '+', s);
	return buf;
}

/* The highest of each of the last CELLS stretches of the N values (a
 * stretch is one value until there are more than WIDTH); returns CELLS. */
static int spark_cells(const double *v, size_t n, int width, double *cell, double *lo, double *hi)
{
	size_t per = n > (size_t)width ? (n + (size_t)width - 1) / (size_t)width : 1;
	int cells = (int)((n + per - 1) / per);

	*lo = INFINITY;
	*hi = -INFINITY;
	for (int c = 0; c < cells; c++) {
		double m = NAN;
		for (size_t i = (size_t)c * per; i < (size_t)(c + 1) * per && i < n; i++)
			if (isfinite(v[i]) && !(v[i] <= m))
				m = v[i];
		cell[c] = m;
		if (isfinite(m)) {
			*lo = fmin(*lo, m);
			*hi = fmax(*hi, m);
		}
	}
	return cells;
}

void view_sparkline_values(const double *v, size_t n, int width, bool unicode, char *buf, size_t len)
{
	static const char *const blocks[8] = { "\u2581", "\u2582", "\u2583", "\u2584",
					       "\u2585", "\u2586", "\u2587", "\u2588" };
	static const char ascii[8] = { '_', '.', ':', '-', '=', '+', '*', '#' };
	double cell[256], lo, hi;
	size_t at = 0;
	int cells;

	if (width > 256)
		width = 256;
	buf[0] = '\0';
	if (n == 0 || width <= 0)
		return;
	cells = spark_cells(v, n, width, cell, &lo, &hi);
	/* right-aligned: the newest sample at the right edge */
	for (int c = cells; c < width && at + 2 < len; c++)
		buf[at++] = ' ';
	for (int c = 0; c < cells; c++) {
		int level = 0;
		if (!isfinite(cell[c])) {
			if (at + 2 < len)
				buf[at++] = ' ';
			continue;
		}
		/* a flat line stays at the bottom: less than 1% or 64 KiB of
		 * range is not a shape */
		if (hi - lo > fmax(65536, 0.01 * hi))
			level = (int)floor((cell[c] - lo) / (hi - lo) * 7.999);
		if (unicode) {
			if (at + 4 >= len)
				break;
			memcpy(buf + at, blocks[level], 3);
			at += 3;
		} else if (at + 2 < len) {
			buf[at++] = ascii[level];
		}
	}
	buf[at] = '\0';
}

void view_sparkline(const struct proc_ring *r, int width, bool unicode, char *buf, size_t len)
{
	double v[PROC_HISTORY];

	for (unsigned i = 0; i < r->len; i++)
		v[i] = proc_ring_held(r, proc_ring_index(r, i));
	view_sparkline_values(v, r->len, width, unicode, buf, len);
}

/* ------------------------------------------------------------ sorting */

static const char *const sort_names[TOP_SORT_COUNT] = {
	[TOP_SORT_GROWTH] = "growth", [TOP_SORT_RSS] = "rss",   [TOP_SORT_EFFECTIVE] = "effective",
	[TOP_SORT_LAZYFREE] = "lazyfree", [TOP_SORT_SWAP] = "swap", [TOP_SORT_PSS] = "pss",
	[TOP_SORT_PID] = "pid",
};

const char *top_sort_name(enum top_sort s)
{
	return (size_t)s < TOP_SORT_COUNT ? sort_names[s] : "?";
}

int top_sort_from_name(const char *name)
{
	for (int i = 0; i < TOP_SORT_COUNT; i++)
		if (strcmp(sort_names[i], name) == 0)
			return i;
	return -1;
}

static double sort_value(const struct top_item *it, enum top_sort s)
{
	switch (s) {
	case TOP_SORT_GROWTH:
		return it->growth;
	case TOP_SORT_RSS:
		return it->rss;
	case TOP_SORT_EFFECTIVE:
		return it->effective;
	case TOP_SORT_LAZYFREE:
		return it->lazyfree;
	case TOP_SORT_SWAP:
		return it->swap;
	case TOP_SORT_PSS:
		return it->pss;
	default:
		return (double)it->pid;
	}
}

/* Largest first (smallest with reverse; pids smallest first); unknown
 * values last either way; ties by pid. */
static int cmp_items(const void *pa, const void *pb, void *arg)
{
	const struct top_item *a = pa, *b = pb;
	const struct top_view_opts *o = arg;
	double x = sort_value(a, o->sort), y = sort_value(b, o->sort);
	bool kx = isfinite(x), ky = isfinite(y);
	bool ascending = o->sort == TOP_SORT_PID ? !o->reverse : o->reverse;

	if (kx != ky)
		return kx ? -1 : 1;
	if (kx && x != y)
		return (x < y) == ascending ? -1 : 1;
	return (a->pid > b->pid) - (a->pid < b->pid);
}

/* What the COMMAND column shows: the command line when asked for, "[comm]"
 * for a process without one (as ps shows it), else the name. */
static const char *command_of(const struct top_item *it, char *buf, size_t len)
{
	if (!it->cmdline)
		return it->comm;
	if (it->cmdline[0])
		return it->cmdline;
	snprintf(buf, len, "[%s]", it->comm);
	return buf;
}

static size_t filter_items(struct top_item *items, size_t n, const char *filter)
{
	size_t m = 0;
	char b[160];

	if (!filter || !*filter)
		return n;
	for (size_t i = 0; i < n; i++)
		if (strstr(command_of(&items[i], b, sizeof(b)), filter)) {
			struct top_item t = items[m];
			items[m++] = items[i];
			items[i] = t;
		}
	return m;
}

/* ------------------------------------------------------------ columns */

enum { C_PID, C_USER, C_RSS, C_EFF, C_LAZY, C_SWAP, C_PSS, C_GROWTH, C_VERDICT, C_SPARK, C_CMD, C_COUNT };

static const struct {
	const char *title;
	int width;
	bool right;
} columns[C_COUNT] = {
	[C_PID] = { "PID", 7, true },        [C_USER] = { "USER", 8, false },
	[C_RSS] = { "RSS", 6, true },        [C_EFF] = { "EFF", 6, true },
	[C_LAZY] = { "LAZY", 6, true },      [C_SWAP] = { "SWAP", 6, true },
	[C_PSS] = { "PSS", 6, true },        [C_GROWTH] = { "GROW/s", 7, true },
	[C_VERDICT] = { "VERDICT", 12, false }, [C_SPARK] = { "HISTORY", 16, false },
	[C_CMD] = { "COMMAND", 8, false },
};

/* Dropped first when the terminal is narrow. */
static const int drop_order[] = { C_USER, C_PSS, C_LAZY, C_SWAP, C_SPARK, C_EFF };

struct layout {
	bool on[C_COUNT];
	int width[C_COUNT];
};

static void lay_out(int cols, struct layout *lo)
{
	int total = 0;

	for (int c = 0; c < C_COUNT; c++) {
		lo->on[c] = true;
		lo->width[c] = columns[c].width;
	}
	if (cols >= 150)
		lo->width[C_SPARK] = 32;
	for (int c = 0; c < C_COUNT; c++)
		total += lo->width[c] + 1;
	for (size_t k = 0; k < ARRAY_SIZE(drop_order) && total - 1 > cols; k++) {
		lo->on[drop_order[k]] = false;
		total -= lo->width[drop_order[k]] + 1;
	}
	lo->width[C_CMD] = cols - (total - 1 - columns[C_CMD].width);
}

static const char *verdict_label(int k)
{
	if (k < 0)
		return "-";
	/* 12 cells: the long names shortened */
	if (k == VERDICT_MADV_FREE)
		return "madv-free";
	if (k == VERDICT_PAGE_CACHE)
		return "page-cache";
	if (k == VERDICT_SHMEM)
		return "shmem";
	if (k == VERDICT_KERNEL)
		return "kernel";
	return verdict_name((enum verdict_kind)k);
}

enum view_attr view_verdict_attr(int k)
{
	switch (k) {
	case VERDICT_LEAK:
	case VERDICT_LEAK_THREADS:
		return VA_BAD;
	case VERDICT_PLATEAU:
	case VERDICT_UNDECIDED:
	case VERDICT_PAGE_CACHE:
	case VERDICT_SHMEM:
	case VERDICT_KERNEL:
		return VA_WARN;
	case VERDICT_STABLE:
	case VERDICT_RELEASED:
	case VERDICT_MADV_FREE:
		return VA_GOOD;
	default:
		return VA_NORMAL;
	}
}

static void column_header(struct view_line *l, const struct layout *lo, const struct top_view_opts *o)
{
	static const int sort_col[TOP_SORT_COUNT] = {
		[TOP_SORT_GROWTH] = C_GROWTH, [TOP_SORT_RSS] = C_RSS, [TOP_SORT_EFFECTIVE] = C_EFF,
		[TOP_SORT_LAZYFREE] = C_LAZY, [TOP_SORT_SWAP] = C_SWAP, [TOP_SORT_PSS] = C_PSS,
		[TOP_SORT_PID] = C_PID,
	};

	view_line_clear(l, VA_HEADER);
	for (int c = 0; c < C_COUNT; c++) {
		char t[32];
		if (!lo->on[c])
			continue;
		/* the sort column is marked: * descending, ^ ascending */
		snprintf(t, sizeof(t), "%s%s", columns[c].title,
			 sort_col[o->sort] == c ? ((o->sort == TOP_SORT_PID) != o->reverse ? "^" : "*") : "");
		/* the last column is not padded: no trailing blanks in batch output */
		view_line_field(l, t, lo->width[c], columns[c].right, VA_NORMAL, false, c != C_CMD);
		if (c != C_CMD)
			view_line_pad(l, 1);
	}
}

static void item_line(struct view_line *l, const struct top_item *it, const struct layout *lo, bool unicode,
		      bool selected)
{
	char b[VIEW_LINE_MAX];

	view_line_clear(l, selected ? VA_SELECTED : VA_NORMAL);
	for (int c = 0; c < C_COUNT; c++) {
		enum view_attr a = VA_NORMAL;
		bool right = columns[c].right;
		if (!lo->on[c])
			continue;
		switch (c) {
		case C_PID:
			/* '!': smaps_rollup is not ours to read, status only */
			snprintf(b, sizeof(b), "%d%c", (int)it->pid, it->status_only ? '!' : ' ');
			break;
		case C_USER:
			snprintf(b, sizeof(b), "%s", it->user);
			break;
		case C_RSS:
			view_size(it->rss, b, sizeof(b));
			break;
		case C_EFF:
			view_size(it->effective, b, sizeof(b));
			break;
		case C_LAZY:
			view_size(it->lazyfree, b, sizeof(b));
			break;
		case C_SWAP:
			view_size(it->swap, b, sizeof(b));
			break;
		case C_PSS:
			view_size(it->pss, b, sizeof(b));
			break;
		case C_GROWTH:
			view_rate(it->growth, b, sizeof(b));
			break;
		case C_VERDICT:
			snprintf(b, sizeof(b), "%s", verdict_label(it->verdict));
			a = selected ? VA_NORMAL : view_verdict_attr(it->verdict);
			break;
		case C_SPARK:
			view_sparkline(it->ring, lo->width[c], unicode, b, sizeof(b));
			a = selected ? VA_NORMAL : VA_DIM;
			break;
		default: {
			char br[160];
			snprintf(b, sizeof(b), "%s", command_of(it, br, sizeof(br)));
			break;
		}
		}
		view_line_field(l, b, lo->width[c], right, a, unicode, c != C_CMD);
		if (c != C_CMD)
			view_line_pad(l, 1);
	}
}

static void title_lines(struct view_line *l0, struct view_line *l1, const struct top_header *h,
			const struct top_view_opts *o)
{
	char a[32], b[32], c[32], d[32], when[16];
	time_t now = (time_t)h->clock;
	struct tm tm;

	view_line_clear(l0, VA_TITLE);
	localtime_r(&now, &tm);
	strftime(when, sizeof(when), "%H:%M:%S", &tm);
	view_line_printf(l0, o->cols, "memtrace top  %s  every %gs  %zu %s", when, h->interval, h->processes,
			 h->cgroups ? "memory cgroups" : "processes");
	if (h->status_only && !h->cgroups)
		view_line_printf(l0, o->cols, " (%zu status only!)", h->status_only);
	if (!h->cgroups)
		view_line_printf(l0, o->cols, "  rollups %zu/tick", h->rollups);
	if (isfinite(h->self_cpu_share))
		view_line_printf(l0, o->cols, "  memtrace CPU %.1f%%", 100 * h->self_cpu_share);
	if (isfinite(h->self_rss))
		view_line_printf(l0, o->cols, " RSS %s", view_size(h->self_rss, a, sizeof(a)));
	view_line_clear(l1, VA_NORMAL);
	view_line_printf(l1, o->cols, "Mem %s available of %s   Swap %s used of %s   sort %s%s",
		    view_size(h->mem_available, a, sizeof(a)), view_size(h->mem_total, b, sizeof(b)),
		    view_size(h->swap_total - h->swap_free, c, sizeof(c)), view_size(h->swap_total, d, sizeof(d)),
		    top_sort_name(o->sort), o->reverse ? " (reversed)" : "");
	if (o->filter && *o->filter)
		view_line_printf(l1, o->cols, "   filter \"%s\"", o->filter);
	if (h->paused)
		view_line_printf(l1, o->cols, "   PAUSED");

}

/* The bottom line: the filter being typed, else news (a recording), else
 * the keys. */
static void key_line(struct view_line *l, const struct top_header *h, const struct top_view_opts *o)
{
	view_line_clear(l, o->prompt || h->message ? VA_NORMAL : VA_DIM);
	if (o->prompt)
		view_line_put(l, o->prompt, o->cols, o->unicode);
	else if (h->message)
		view_line_put(l, h->message, o->cols, o->unicode);
	else
		view_line_put(l, "q quit  Enter detail  M mem  G growth  P pss  </> sort  I invert  / filter  p pause  "
				 "r record  ? help",
			      o->cols, false);
}

static void too_small(struct view_screen *out, int cols, int rows)
{
	view_screen_too_small(out, cols, rows, TOP_MIN_COLS, TOP_MIN_ROWS);
}

size_t top_view_build(const struct top_header *h, struct top_item *items, size_t n, struct top_view_opts *o,
		      struct view_screen *out, pid_t *visible, size_t max_visible, size_t *nvisible)
{
	struct layout lo;
	size_t m, sel = 0;
	int body, fixed = o->batch ? 3 : 4;

	*nvisible = 0;
	m = filter_items(items, n, o->filter);
	qsort_r(items, m, sizeof(*items), cmp_items, o);
	if (o->cols < TOP_MIN_COLS || (!o->batch && o->rows < TOP_MIN_ROWS)) {
		too_small(out, o->cols, o->rows);
		return m;
	}
	body = o->batch && o->rows == 0 ? (int)m : o->rows - fixed;
	if (body < 0)
		body = 0;
	for (size_t i = 0; i < m; i++)
		if (items[i].pid == o->selected)
			sel = i;
	if (m)
		o->selected = items[sel].pid;
	if (o->scroll > (int)sel)
		o->scroll = (int)sel;
	if ((int)sel >= o->scroll + body)
		o->scroll = (int)sel - body + 1;
	if (o->scroll > (int)m - body)
		o->scroll = (int)m - body;
	if (o->scroll < 0)
		o->scroll = 0;

	lay_out(o->cols, &lo);
	view_screen_alloc(out, o->cols, o->batch ? 3 + (body < (int)m ? body : (int)m) : o->rows);
	title_lines(&out->lines[0], &out->lines[1], h, o);
	column_header(&out->lines[2], &lo, o);
	for (int r = 0; r < body && o->scroll + r < (int)m; r++) {
		const struct top_item *it = &items[o->scroll + r];
		item_line(&out->lines[3 + r], it, &lo, o->unicode, !o->batch && (size_t)(o->scroll + r) == sel);
		if (*nvisible < max_visible)
			visible[(*nvisible)++] = it->pid;
	}
	if (!o->batch)
		key_line(&out->lines[o->rows - 1], h, o);
	return m;
}

/* ---------------------------------------------------- the cgroup view */

enum { G_USAGE, G_DOCKER, G_ANON, G_CACHE, G_SHMEM, G_KERNEL, G_SWAP, G_GROWTH, G_VERDICT, G_SPARK, G_NAME, G_COUNT };

static const struct {
	const char *title;
	int width;
	bool right;
} cg_columns[G_COUNT] = {
	[G_USAGE] = { "USAGE", 6, true },    [G_DOCKER] = { "DOCKER", 6, true }, [G_ANON] = { "ANON", 6, true },
	[G_CACHE] = { "CACHE", 6, true },    [G_SHMEM] = { "SHMEM", 6, true },   [G_KERNEL] = { "KERNEL", 6, true },
	[G_SWAP] = { "SWAP", 6, true },      [G_GROWTH] = { "GROW/s", 7, true }, [G_VERDICT] = { "VERDICT", 12, false },
	[G_SPARK] = { "HISTORY", 16, false }, [G_NAME] = { "CGROUP", 12, false },
};

static const int cg_drop_order[] = { G_SHMEM, G_KERNEL, G_SWAP, G_CACHE, G_SPARK, G_ANON, G_DOCKER };

static void cg_lay_out(int cols, bool *on, int *width)
{
	int total = 0;

	for (int c = 0; c < G_COUNT; c++) {
		on[c] = true;
		width[c] = cg_columns[c].width;
		total += width[c] + 1;
	}
	for (size_t k = 0; k < ARRAY_SIZE(cg_drop_order) && total - 1 > cols; k++) {
		on[cg_drop_order[k]] = false;
		total -= width[cg_drop_order[k]] + 1;
	}
	width[G_NAME] = cols - (total - 1 - cg_columns[G_NAME].width);
}

static double cg_sort_value(const struct top_cg_item *it, enum top_sort s)
{
	return s == TOP_SORT_GROWTH ? it->growth : s == TOP_SORT_SWAP ? it->swap : it->usage;
}

static int cmp_cg_items(const void *pa, const void *pb, void *arg)
{
	const struct top_cg_item *a = pa, *b = pb;
	const struct top_view_opts *o = arg;
	double x = cg_sort_value(a, o->sort), y = cg_sort_value(b, o->sort);
	bool kx = isfinite(x), ky = isfinite(y);

	if (kx != ky)
		return kx ? -1 : 1;
	if (kx && x != y)
		return (x < y) == o->reverse ? -1 : 1;
	return strcmp(a->path, b->path);
}

static void cg_header(struct view_line *l, const bool *on, const int *width)
{
	view_line_clear(l, VA_HEADER);
	for (int c = 0; c < G_COUNT; c++) {
		if (!on[c])
			continue;
		view_line_field(l, cg_columns[c].title, width[c], cg_columns[c].right, VA_NORMAL, false, c != G_NAME);
		if (c != G_NAME)
			view_line_pad(l, 1);
	}
}

static void cg_line(struct view_line *l, const struct top_cg_item *it, const bool *on, const int *width, bool unicode,
		    bool selected)
{
	char b[VIEW_LINE_MAX];

	view_line_clear(l, selected ? VA_SELECTED : VA_NORMAL);
	for (int c = 0; c < G_COUNT; c++) {
		enum view_attr a = VA_NORMAL;
		if (!on[c])
			continue;
		switch (c) {
		case G_USAGE: view_size(it->usage, b, sizeof(b)); break;
		case G_DOCKER: view_size(it->docker, b, sizeof(b)); break;
		case G_ANON: view_size(it->anon, b, sizeof(b)); break;
		case G_CACHE: view_size(it->file, b, sizeof(b)); break;
		case G_SHMEM: view_size(it->shmem, b, sizeof(b)); break;
		case G_KERNEL: view_size(it->kernel, b, sizeof(b)); break;
		case G_SWAP: view_size(it->swap, b, sizeof(b)); break;
		case G_GROWTH: view_rate(it->growth, b, sizeof(b)); break;
		case G_VERDICT:
			snprintf(b, sizeof(b), "%s", verdict_label(it->verdict));
			a = selected ? VA_NORMAL : view_verdict_attr(it->verdict);
			break;
		case G_SPARK:
			view_sparkline(it->spark, width[c], unicode, b, sizeof(b));
			a = selected ? VA_NORMAL : VA_DIM;
			break;
		default:
			/* a container by its runtime and short id, with the path */
			if (it->id[0])
				snprintf(b, sizeof(b), "%s %.12s  %s", it->runtime ? it->runtime : "?", it->id, it->path);
			else
				snprintf(b, sizeof(b), "%s", it->path);
			break;
		}
		view_line_field(l, b, width[c], cg_columns[c].right, a, unicode, c != G_NAME);
		if (c != G_NAME)
			view_line_pad(l, 1);
	}
}

size_t top_view_build_cgroups(const struct top_header *h, struct top_cg_item *items, size_t n,
			      struct top_view_opts *o, struct view_screen *out)
{
	bool on[G_COUNT];
	int width[G_COUNT], body;
	size_t m = 0, sel;

	for (size_t i = 0; i < n; i++)
		if (!o->filter || !*o->filter || strstr(items[i].path, o->filter) || strstr(items[i].id, o->filter)) {
			struct top_cg_item t = items[m];
			items[m++] = items[i];
			items[i] = t;
		}
	qsort_r(items, m, sizeof(*items), cmp_cg_items, o);
	if (o->cols < TOP_MIN_COLS || (!o->batch && o->rows < TOP_MIN_ROWS)) {
		too_small(out, o->cols, o->rows);
		return m;
	}
	body = o->batch && o->rows == 0 ? (int)m : o->rows - (o->batch ? 3 : 4);
	if (body < 0)
		body = 0;
	sel = o->selected >= 0 && (size_t)o->selected < m ? (size_t)o->selected : 0;
	for (size_t i = 0; o->selected_path[0] && i < m; i++)
		if (strcmp(items[i].path, o->selected_path) == 0)
			sel = i;
	o->selected = (pid_t)sel;
	if (m)
		snprintf(o->selected_path, sizeof(o->selected_path), "%s", items[sel].path);
	if (o->scroll > (int)sel)
		o->scroll = (int)sel;
	if ((int)sel >= o->scroll + body)
		o->scroll = (int)sel - body + 1;
	if (o->scroll > (int)m - body)
		o->scroll = (int)m - body;
	if (o->scroll < 0)
		o->scroll = 0;
	cg_lay_out(o->cols, on, width);
	view_screen_alloc(out, o->cols, o->batch ? 3 + (body < (int)m ? body : (int)m) : o->rows);
	title_lines(&out->lines[0], &out->lines[1], h, o);
	cg_header(&out->lines[2], on, width);
	for (int r = 0; r < body && o->scroll + r < (int)m; r++)
		cg_line(&out->lines[3 + r], &items[o->scroll + r], on, width, o->unicode,
			!o->batch && (size_t)(o->scroll + r) == sel);
	if (!o->batch)
		key_line(&out->lines[o->rows - 1], h, o);
	return m;
}

void top_view_help(int cols, int rows, struct view_screen *out)
{
	static const char *const text[] = {
		"memtrace top: the memory of every process, and whether it leaks",
		"",
		"  M        sort by RSS (memory)",
		"  G        sort by growth: the slope of held memory (RSS - LazyFree + swap)",
		"  P        sort by PSS (read from smaps_rollup)",
		"  < >      sort by the column to the left / right",
		"  I        invert the order",
		"  /        filter by command name (Enter applies, Esc clears)",
		"  p        pause (the screen stops; sampling goes on)",
		"  c        the memory cgroups (containers) instead of the processes, and back",
		"  a        command lines (arguments) instead of command names, and back",
		"  Enter F  the selected process in detail: chart, verdict, region classes,",
		"           mappings that grew (Esc goes back); on a cgroup: its components",
		"           over time and what each tool would show",
		"  r        record the selected process (as watch --record) to",
		"           memtrace-top-PID-TIME.jsonl in the current directory; r stops",
		"  Up Down PgUp PgDn Home End   move the selection",
		"  q        quit",
		"",
		"PID!: smaps_rollup is not readable (another user's process): status only.",
		"EFF, LAZY, PSS come from smaps_rollup, read for the rows on screen and",
		"the top growers within the CPU budget; '-' until read.",
		"VERDICT: the running verdict of the last minutes (see memtrace(1)).",
		"",
		"Press any key to go back.",
	};
	int nl = (int)ARRAY_SIZE(text);

	if (cols < TOP_MIN_COLS || rows < TOP_MIN_ROWS) {
		too_small(out, cols, rows);
		return;
	}
	view_screen_alloc(out, cols, rows);
	for (int i = 0; i < nl && i < rows; i++) {
		view_line_clear(&out->lines[i], i == 0 ? VA_TITLE : VA_NORMAL);
		view_line_put(&out->lines[i], text[i], cols, false);
	}
}
