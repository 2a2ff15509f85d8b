#include "config.h"
#include "watch-screen.h"
#include "escape.h"
#include "model-proctable.h"
#include "report.h"
#include "tui-curses.h"
#include "util.h"
#include "view-detail.h"

#include <curses.h>
#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct screen {
	struct tui tui;
	bool fallback; /* curses would not start: everything goes to the plain sink */
	struct watch_sink plain; /* prints the final block on the normal screen */
	bool cgroup;
	struct proc_ring ring;
	char title[256], subtitle[160], message[200], numbers[256];
	long long pid;
	struct verdict running;
	bool have_running;
	double rss, effective, lazyfree, swap, pss, threads;
	char go[200]; /* the last read of a Go service's endpoints, "" none */
	char last_note[600]; /* the last notice, said again after the screen */
	int cols, rows;
};

static void paint(struct screen *s)
{
	struct view_screen scr;
	const char *extra[1] = { s->go };
	struct detail_input in = {
		.title = s->title, .subtitle = s->subtitle[0] ? s->subtitle : NULL, .ring = &s->ring,
		.rss = s->rss, .effective = s->effective, .lazyfree = s->lazyfree, .swap = s->swap, .pss = s->pss,
		.threads = s->threads, .verdict = s->have_running ? &s->running : NULL,
		.keys = "q quit (the verdict is printed after the screen)",
		.message = s->message[0] ? s->message : NULL, .numbers = s->cgroup ? s->numbers : NULL,
		.extra = extra, .nextra = s->go[0] ? 1 : 0,
	};

	detail_view_build(&in, s->cols, s->rows, s->tui.unicode, &scr);
	tui_paint(&s->tui, &scr);
	view_screen_free(&scr);
}

static const char *jstr(const json_t *o, const char *key)
{
	const char *v = json_string_value(json_object_get(o, key));

	return v ? v : "";
}

static void screen_begin(void *ctx, json_t *header)
{
	struct screen *s = ctx;
	const json_t *rt = json_object_get(header, "runtime");

	/* the terminal is taken only now: what went wrong before (a recording
	 * that exists, an unreadable smaps) was said on the normal screen */
	setlocale(LC_CTYPE, ""); /* the character set only: numbers stay C */
	if (tui_start(&s->tui) != 0) {
		s->fallback = true;
		s->plain.begin(s->plain.ctx, header);
		return;
	}
	tui_size(&s->tui, &s->cols, &s->rows);

	/* the strings of the header are escaped already */
	s->pid = (long long)json_integer_value(json_object_get(header, "pid"));
	if (s->cgroup)
		snprintf(s->title, sizeof(s->title), "memtrace watch  cgroup %s", jstr(header, "cgroup"));
	else
		snprintf(s->title, sizeof(s->title), "memtrace watch  pid %lld %s", s->pid, jstr(header, "comm"));
	if (json_is_object(rt))
		snprintf(s->subtitle, sizeof(s->subtitle), "%s, %s allocator", jstr(rt, "language"), jstr(rt, "allocator"));
	else if (json_is_string(json_object_get(header, "runtime")))
		/* the name when the container was given by name (escaped in the header) */
		snprintf(s->subtitle, sizeof(s->subtitle), "%s %.12s%s%.64s", jstr(header, "runtime"),
			 jstr(header, "container_id"), *jstr(header, "container_name") ? " " : "",
			 jstr(header, "container_name"));
	paint(s);
}

static void screen_sample(void *ctx, const struct sample *x, const struct verdict *running)
{
	struct screen *s = ctx;

	if (s->fallback) {
		s->plain.sample(s->plain.ctx, x, running);
		return;
	}
	if (s->cgroup) {
		char a[16], b[16], c[16], d[16], e[16], f[16], g[16];
		/* the cgroup's usage is what is judged: it stands for RSS in
		 * the chart */
		s->rss = x->v[M_CG_USAGE];
		s->effective = s->lazyfree = s->pss = NAN;
		s->swap = x->v[M_CG_SWAP];
		snprintf(s->numbers, sizeof(s->numbers),
			 "usage %s   anon %s   page cache %s   shmem %s   kernel %s   swap %s   processes' RSS %s",
			 view_size(x->v[M_CG_USAGE], a, 16), view_size(x->v[M_CG_ANON], b, 16),
			 view_size(x->v[M_CG_FILE], c, 16), view_size(x->v[M_CG_SHMEM], d, 16),
			 view_size(x->v[M_CG_KERNEL], e, 16), view_size(x->v[M_CG_SWAP], f, 16), view_size(x->v[M_RSS], g, 16));
	} else {
		s->rss = x->v[M_RSS];
		s->effective = x->v[M_EFFECTIVE];
		s->lazyfree = x->v[M_LAZYFREE];
		s->swap = x->v[M_SWAP];
		if (isfinite(x->v[M_PSS]))
			s->pss = x->v[M_PSS];
	}
	s->threads = x->v[M_THREADS];
	detail_go_line(x, s->go, sizeof(s->go));
	proc_ring_add(&s->ring, x->t, s->rss, s->effective, s->lazyfree, s->swap);
	if (running) {
		s->running = *running;
		s->have_running = true;
	}
	paint(s);
}

static void screen_event(void *ctx, json_t *ev)
{
	struct screen *s = ctx;
	const char *what = jstr(ev, "event");

	if (s->fallback) {
		s->plain.event(s->plain.ctx, ev);
		return;
	}
	snprintf(s->message, sizeof(s->message), "%s at %.1f s (%s -> %s)",
		 strcmp(what, "exec") == 0 ? "exec" : "PID reused", json_number_value(json_object_get(ev, "at_seconds")),
		 jstr(ev, "from"), jstr(ev, "to"));
	/* another program: its chart starts again */
	memset(&s->ring, 0, sizeof(s->ring));
	s->have_running = false;
	snprintf(s->title, sizeof(s->title), "memtrace watch  pid %lld %s", s->pid, jstr(ev, "to"));
	paint(s);
}

/* Waits for the next tick, answering keys and resizes meanwhile.  True
 * when the user asked to stop. */
static bool screen_wait(void *ctx, double until, volatile sig_atomic_t *stop)
{
	struct screen *s = ctx;

	while (!*stop) {
		int left = (int)((until - clock_mono()) * 1000), k;
		if (left <= 0)
			return false;
		if (s->fallback) {
			struct timespec ts = { .tv_sec = left / 1000, .tv_nsec = (long)(left % 1000) * 1000000L };
			nanosleep(&ts, NULL);
			continue;
		}
		k = tui_key(&s->tui, left);
		if (k == 'q' || k == 'Q')
			return true;
		if (k == KEY_RESIZE) {
			tui_size(&s->tui, &s->cols, &s->rows);
			paint(s);
		}
	}
	return false;
}

/* A notice during the watch (a Go endpoint): on the title line, since
 * standard error would write over the screen; said again on the normal
 * screen at the end. */
static void screen_note(void *ctx, const char *text)
{
	struct screen *s = ctx;

	if (s->fallback) {
		err_msg("%s", text);
		return;
	}
	snprintf(s->message, sizeof(s->message), "%s", text);
	snprintf(s->last_note, sizeof(s->last_note), "%s", text);
	paint(s);
}

static void screen_end(void *ctx, const struct verdict *v, const char *end_reason, const char *cost,
		       json_t *cost_json, json_t *context)
{
	struct screen *s = ctx;

	tui_end(&s->tui);
	if (s->last_note[0])
		err_msg("%s", s->last_note);
	s->plain.end(s->plain.ctx, v, end_reason, cost, cost_json, context);
}

int watch_screen_open(struct watch_sink *sink, bool cgroup, const struct watch_sink *plain)
{
	/* one watch per process: no allocation, nothing to free on the
	 * paths that end a watch before it began */
	static struct screen the_screen;
	struct screen *s = &the_screen;

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
		return -1;
	memset(s, 0, sizeof(*s));
	s->cgroup = cgroup;
	s->plain = *plain;
	s->rss = s->effective = s->lazyfree = s->swap = s->pss = s->threads = NAN;
	*sink = (struct watch_sink){ .begin = screen_begin, .sample = screen_sample, .event = screen_event,
				     .end = screen_end, .wait = screen_wait, .note = screen_note, .ctx = s };
	return 0;
}
