/* What `memtrace top` shows, as text: the view model.  Pure: rows and
 * options in, screen lines out, for any terminal size; the curses renderer
 * (tui-curses) only paints these lines, and batch mode prints them.
 *
 * A screen is lines of cells.  Text is UTF-8 where the terminal has it
 * (block sparklines) and plain ASCII otherwise; every code point is one
 * cell (names from the target are escaped first, and wide characters are
 * replaced), so the column arithmetic holds.  Attributes say what a span
 * means (a leak, a header), not how it looks: the renderer maps them to
 * colours only where the terminal has colours and NO_COLOR is unset. */
#ifndef MEMTRACE_VIEW_TOP_H
#define MEMTRACE_VIEW_TOP_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "model-proctable.h"
#include "view-lines.h"

enum top_sort {
	TOP_SORT_GROWTH,
	TOP_SORT_RSS,
	TOP_SORT_EFFECTIVE,
	TOP_SORT_LAZYFREE,
	TOP_SORT_SWAP,
	TOP_SORT_PSS,
	TOP_SORT_PID,
	TOP_SORT_COUNT
};

const char *top_sort_name(enum top_sort s);
int top_sort_from_name(const char *name);

/* One process as the view needs it. */
struct top_item {
	pid_t pid;
	const char *user;    /* name or uid, already safe to print */
	const char *comm;    /* escaped */
	const char *cmdline; /* escaped command line (top --cmdline, key a), ""
				when the process has none; NULL: not shown */
	double rss, effective, lazyfree, swap, pss, growth; /* NaN unknown */
	int verdict;         /* enum verdict_kind, -1 not judged yet */
	bool status_only;    /* smaps_rollup not ours to read */
	const struct proc_ring *ring;
};

/* The header's facts. */
struct top_header {
	double clock;                  /* wall seconds since the epoch */
	double interval;
	size_t processes, status_only, rollups;
	double self_cpu_share, self_rss; /* memtrace's own; NaN unknown */
	double mem_total, mem_available, swap_total, swap_free; /* NaN unknown */
	bool paused;
	const char *message;           /* one line of news, or NULL */
	bool cgroups;                  /* the cgroup view: PROCESSES counts cgroups */
};

/* One memory cgroup as the cgroup view needs it. */
struct top_cg_item {
	const char *path;    /* escaped cgroup path */
	const char *id;      /* container id, "" when none */
	const char *runtime; /* or NULL */
	double usage, docker, anon, file, shmem, kernel, swap, growth; /* NaN unknown */
	int verdict;
	const struct proc_ring *spark; /* usage + swap over time */
};

struct top_view_opts {
	int cols, rows;        /* the terminal; batch mode: rows 0 = all */
	bool unicode;          /* UTF-8 locale: block sparklines */
	enum top_sort sort;
	bool reverse;          /* ascending instead of descending */
	const char *filter;    /* substring of the command, NULL or "" = all */
	pid_t selected;        /* in/out: the highlighted row (0: the first) */
	char selected_path[512]; /* the cgroup view, in/out: the highlighted
				  * cgroup, which it follows when the rows
				  * move ("": the row at SELECTED) */
	int scroll;            /* in/out: index of the first row shown */
	bool batch;            /* no selection, no key line */
	const char *prompt;    /* the bottom line while typing a filter, or NULL */
};

/* The smallest terminal the layout needs. */
#define TOP_MIN_COLS 48
#define TOP_MIN_ROWS 6

/* Sorts and filters ITEMS (reordered in place), lays the screen out for
 * O->cols x O->rows and fills OUT.  VISIBLE gets the pids on screen (at
 * most MAX_VISIBLE): the scanner reads their rollups first.  Returns how
 * many items passed the filter. */
size_t top_view_build(const struct top_header *h, struct top_item *items, size_t n, struct top_view_opts *o,
		      struct view_screen *out, pid_t *visible, size_t max_visible, size_t *nvisible);

/* The cgroup view: the same screen with one row per memory cgroup
 * (usage, what docker stats shows, anon, page cache, shmem, kernel, swap,
 * growth, the cgroup verdict, a sparkline, the container or path).  Sort
 * keys: growth, rss (usage), swap; the others sort by usage.  O->selected
 * is an index here, set to the row of O->selected_path when it is shown. */
size_t top_view_build_cgroups(const struct top_header *h, struct top_cg_item *items, size_t n,
			      struct top_view_opts *o, struct view_screen *out);

/* The lines of the help screen for a terminal COLS x ROWS. */
void top_view_help(int cols, int rows, struct view_screen *out);

/* What a verdict (enum verdict_kind, -1 none) means on screen: a leak is
 * bad, a plateau or an undecided verdict a warning, the rest good. */
enum view_attr view_verdict_attr(int kind);

/* Compact sizes for narrow columns: "512K", "1.5M", "12G" (binary). */
char *view_size(double bytes, char *buf, size_t len);
/* A growth rate for narrow columns: "+1.5M", "-512K", "0" under 1 KiB/s,
 * "-" unknown. */
char *view_rate(double bytes_per_second, char *buf, size_t len);

/* A sparkline of held memory: WIDTH cells over the ring's samples, each
 * the highest value of its stretch of time, scaled to the row's own range.
 * UTF-8 blocks, or ASCII " .:-=+*#" when !UNICODE.  BUF gets the text. */
void view_sparkline(const struct proc_ring *r, int width, bool unicode, char *buf, size_t len);
/* The same sparkline of any N values, oldest first (NaN: not measured). */
void view_sparkline_values(const double *v, size_t n, int width, bool unicode, char *buf, size_t len);

#endif
