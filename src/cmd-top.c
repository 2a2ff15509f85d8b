/* memtrace top: every process of the host, ranked by how fast its memory
 * grows, with the running verdict of each; full screen on a terminal,
 * tables (or JSON Lines) in batch mode. */
#include "config.h"
#include "stop-signal.h"
#include "analysis-cgroup.h"
#include "analysis-diff.h"
#include "analysis-top.h"
#include "escape.h"
#include "memtrace.h"
#include "output-json.h"
#include "output-record.h"
#include "output-verdict.h"
#include "scan-judge.h"
#include "source-cgscan.h"
#include "source-hostscan.h"
#include "source-sample.h"
#include "source-snapshot.h"
#include "source-status.h"
#include "source-system.h"
#include "top-go.h"
#include "tui-curses.h"
#include "util.h"
#include "view-cgdetail.h"
#include "view-detail.h"
#include "view-top.h"
#include "watch.h"

#include <curses.h>
#include <errno.h>
#include <getopt.h>
#include <locale.h>
#include <math.h>
#include <pwd.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define MAX_VISIBLE 512
/* long options without a letter (watch.h has the --go-* ones from 0x100) */
enum { OPT_CMDLINE = 0x200 };

struct top_opts {
	double interval;
	long iterations; /* 0: until stopped */
	bool batch, json;
	bool cgroups;    /* start with (batch: print) the cgroup view */
	double budget;   /* fraction of one core for rollups and verdicts */
	long rows;       /* batch: at most this many rows, 0 = all */
	struct top_view_opts view;
	char filter[128];
	bool cmdline;     /* the COMMAND column shows command lines (key a) */
	struct top_go go; /* --go-pprof, --go-expvar */
};


static void top_usage(FILE *out)
{
	fputs("Usage: memtrace top [OPTIONS]\n"
	      "\n"
	      "Every process of the host, ranked by how fast its memory grows, with the\n"
	      "running verdict of each (leak, plateau, madv-free, ...). Full screen on a\n"
	      "terminal; tables or JSON Lines with -b.\n"
	      "\n"
	      "Options:\n"
	      "  -d, --delay T       time between updates (default 1s; 200ms to 1h)\n"
	      "  -n, --iterations N  stop after N updates\n"
	      "  -b, --batch         plain tables to standard output, no terminal needed\n"
	      "  -j, --json          with -b: one JSON object per update (JSON Lines)\n"
	      "  -s, --sort KEY      growth (default), rss, effective, lazyfree, swap, pss, pid\n"
	      "  -r, --reverse       smallest first\n"
	      "  -c, --cgroups       the memory cgroups (containers), not the processes\n"
	      "      --filter TEXT   only commands whose name contains TEXT\n"
	      "      --cmdline       command lines (arguments) instead of command names;\n"
	      "                      --filter then matches them\n"
	      "      --rows N        with -b: at most N rows per update (default all)\n"
	      "      --budget PCT    CPU for smaps_rollup reads and verdicts, percent of one\n"
	      "                      core (default 1; status is read for all every update)\n"
	      "      --go-pprof [PID=]URL  read the Go service at URL (net/http/pprof) for\n"
	      "                      the drill-down and the JSON of its process: PID=, or the\n"
	      "                      process that listens at URL (repeat for more services)\n"
	      "      --go-expvar [PID=]URL  its expvar /debug/vars (memstats)\n"
	      "      --go-interval T time between those reads (default 15s: each read stops\n"
	      "                      the service's world briefly)\n"
	      "  -h, --help          this help\n"
	      "Keys: q quit, M/G/P sort by memory/growth/PSS, < > sort column, I invert,\n"
	      "/ filter, p pause, c cgroups, a command lines, Enter detail, r record,\n"
	      "arrows select, ? help.\n",
	      out);
}

static int parse_args(int argc, char **argv, struct top_opts *o)
{
	static const struct option opts[] = {
		{ "delay", required_argument, NULL, 'd' },   { "iterations", required_argument, NULL, 'n' },
		{ "batch", no_argument, NULL, 'b' },         { "json", no_argument, NULL, 'j' },
		{ "sort", required_argument, NULL, 's' },    { "reverse", no_argument, NULL, 'r' },
		{ "filter", required_argument, NULL, 'F' },  { "rows", required_argument, NULL, 'R' },
		{ "budget", required_argument, NULL, 'B' },  { "help", no_argument, NULL, 'h' },
		{ "cgroups", no_argument, NULL, 'c' },
		{ "cmdline", no_argument, NULL, OPT_CMDLINE },
		{ "go-pprof", required_argument, NULL, OPT_GO_PPROF },
		{ "go-expvar", required_argument, NULL, OPT_GO_EXPVAR },
		{ "go-interval", required_argument, NULL, OPT_GO_INTERVAL },
		{ NULL, 0, NULL, 0 },
	};
	int c, k, rc;

	memset(o, 0, sizeof(*o));
	top_go_init(&o->go);
	o->interval = 1;
	o->budget = 0.01;
	o->view.sort = TOP_SORT_GROWTH;
	while ((c = getopt_long(argc, argv, "d:n:bjs:rch", opts, NULL)) != -1) {
		if (top_go_option(&o->go, c, optarg, &rc)) {
			if (rc >= 0)
				return rc;
			continue;
		}
		switch (c) {
		case 'd':
			if (!parse_seconds(optarg, &o->interval) || o->interval < 0.2 || o->interval > 3600) {
				err_msg("--delay wants a time from 200ms to 1h, not '%s'", optarg);
				return EXIT_USAGE;
			}
			break;
		case 'n':
			if (!parse_count(optarg, 100000000, &o->iterations) || o->iterations < 1) {
				err_msg("--iterations wants a count of at least 1, not '%s'", optarg);
				return EXIT_USAGE;
			}
			break;
		case 'b':
			o->batch = true;
			break;
		case 'j':
			o->json = true;
			break;
		case 's':
			if ((k = top_sort_from_name(optarg)) < 0) {
				err_msg("--sort wants growth, rss, effective, lazyfree, swap, pss or pid, not '%s'", optarg);
				return EXIT_USAGE;
			}
			o->view.sort = (enum top_sort)k;
			break;
		case 'r':
			o->view.reverse = true;
			break;
		case 'c':
			o->cgroups = true;
			break;
		case OPT_CMDLINE:
			o->cmdline = true;
			break;
		case 'F':
			snprintf(o->filter, sizeof(o->filter), "%s", optarg);
			break;
		case 'R':
			if (!parse_count(optarg, 100000000, &o->rows)) {
				err_msg("--rows wants a count, not '%s'", optarg);
				return EXIT_USAGE;
			}
			break;
		case 'B':
			if (!parse_budget(optarg, &o->budget))
				return EXIT_USAGE;
			break;
		case 'h':
			top_usage(stdout);
			return finish_output(stdout, EXIT_OK);
		default:
			top_usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (optind != argc) {
		err_msg("top: unexpected argument '%s'", argv[optind]);
		return EXIT_USAGE;
	}
	if (o->json && !o->batch) {
		err_msg("--json is for batch mode: add -b");
		return EXIT_USAGE;
	}
	o->view.filter = o->filter;
	return top_go_check(&o->go);
}

/* ------------------------------------------------------------ the rows */

struct user_cache {
	uid_t uid[64];
	char name[64][16];
	size_t n;
};

static const char *user_name(struct user_cache *c, const struct proc_row *r)
{
	struct passwd pw, *res = NULL;
	char buf[1024];
	size_t slot;

	if (!r->has_uid)
		return "?";
	for (size_t i = 0; i < c->n; i++)
		if (c->uid[i] == r->uid)
			return c->name[i];
	slot = c->n < 64 ? c->n++ : (size_t)r->uid % 64;
	c->uid[slot] = r->uid;
	if (getpwuid_r(r->uid, &pw, buf, sizeof(buf), &res) == 0 && res)
		escape_name(res->pw_name, strlen(res->pw_name), c->name[slot], sizeof(c->name[slot]));
	else
		snprintf(c->name[slot], sizeof(c->name[slot]), "%u", (unsigned)r->uid);
	return c->name[slot];
}

struct frame {
	struct top_item *items;
	char (*comm)[128];
	char (*cmdline)[1024]; /* escaped: up to 4 bytes for one */
	size_t n, cap;
};

static void frame_fill(struct frame *f, const struct hostscan *hs, struct user_cache *uc, bool cmdline)
{
	if (f->cap < hs->n) {
		f->cap = hs->n + 64;
		f->items = xrealloc(f->items, f->cap * sizeof(*f->items));
		f->comm = xrealloc(f->comm, f->cap * sizeof(*f->comm));
		f->cmdline = xrealloc(f->cmdline, f->cap * sizeof(*f->cmdline));
	}
	f->n = hs->n;
	for (size_t i = 0; i < hs->n; i++) {
		struct proc_row *r = hs->rows[i];
		struct top_item *it = &f->items[i];
		escape_name(r->comm, strlen(r->comm), f->comm[i], sizeof(f->comm[i]));
		if (cmdline) {
			const char *c = hostscan_cmdline(hs, r);
			escape_name(c, strlen(c), f->cmdline[i], sizeof(f->cmdline[i]));
		}
		*it = (struct top_item){
			.pid = r->pid, .user = user_name(uc, r), .comm = f->comm[i],
			.cmdline = cmdline ? f->cmdline[i] : NULL, .rss = r->rss,
			.effective = r->effective, .lazyfree = r->lazyfree, .swap = r->swap, .pss = r->pss,
			.growth = r->growth, .verdict = r->verdict, .status_only = r->rollup_denied, .ring = &r->ring,
		};
	}
}

/* -------------------------------------------------------------- header */

struct self_cost {
	double cpu0, t0;
};

static void header_fill(struct top_header *h, const struct hostscan *hs, const struct top_opts *o,
			struct self_cost *sc)
{
	struct meminfo mi;
	struct proc_status st;
	double now = clock_mono(), cpu = sampler_self_cpu();

	memset(h, 0, sizeof(*h));
	h->clock = clock_wall();
	h->interval = o->interval;
	h->processes = hs->n;
	for (size_t i = 0; i < hs->n; i++)
		h->status_only += hs->rows[i]->rollup_denied;
	h->rollups = hs->rollups_last;
	/* over the last update, so that it follows what memtrace does now */
	h->self_cpu_share = now - sc->t0 >= 0.5 ? (cpu - sc->cpu0) / (now - sc->t0) : NAN;
	sc->cpu0 = cpu;
	sc->t0 = now;
	h->self_rss = status_read("/", getpid(), &st) == 0 ? (double)st.v[ST_VM_RSS] : NAN;
	system_meminfo(hs->root, &mi);
	h->mem_total = mi.total;
	h->mem_available = mi.available;
	h->swap_total = mi.swap_total;
	h->swap_free = mi.swap_free;
}

/* --------------------------------------------------------------- batch */

static void json_row(json_t *a, const struct top_item *it, const struct top_go *go)
{
	const struct top_go_svc *svc = top_go_find(go, it->pid);
	json_t *o = json_object();

	json_object_set_new(o, "pid", json_integer(it->pid));
	json_object_set_new(o, "user", json_string(it->user));
	json_object_set_new(o, "comm", json_string(it->comm));
	if (it->cmdline) /* --cmdline; "" for a process without one */
		json_object_set_new(o, "cmdline", json_string(it->cmdline));
	json_object_set_new(o, "rss", json_number_or_null(it->rss));
	json_object_set_new(o, "effective", json_number_or_null(it->effective));
	json_object_set_new(o, "lazyfree", json_number_or_null(it->lazyfree));
	json_object_set_new(o, "swap", json_number_or_null(it->swap));
	json_object_set_new(o, "pss", json_number_or_null(it->pss));
	json_object_set_new(o, "growth_bytes_per_second", json_number_or_null(it->growth));
	json_object_set_new(o, "verdict", it->verdict >= 0 ? json_string(verdict_name((enum verdict_kind)it->verdict))
							  : json_null());
	json_object_set_new(o, "status_only", json_boolean(it->status_only));
	if (svc) /* --go-pprof: what the service says of itself */
		json_object_set_new(o, "go", top_go_json(svc));
	json_array_append_new(a, o);
}

static void print_json(const struct top_header *h, const struct hostscan *hs, const struct top_item *items,
		       size_t n, const struct top_opts *o)
{
	json_t *doc = json_object(), *rows = json_array(), *cost = json_object();
	size_t limit = o->rows > 0 && (size_t)o->rows < n ? (size_t)o->rows : n;

	json_object_set_new(doc, "type", json_string("top"));
	json_object_set_new(doc, "wall", json_real(h->clock));
	json_object_set_new(doc, "interval", json_real(o->interval));
	json_object_set_new(doc, "processes", json_integer((json_int_t)h->processes));
	json_object_set_new(doc, "status_only", json_integer((json_int_t)h->status_only));
	json_object_set_new(doc, "sort", json_string(top_sort_name(o->view.sort)));
	json_object_set_new(cost, "cpu_share", json_number_or_null(h->self_cpu_share));
	json_object_set_new(cost, "rss", json_number_or_null(h->self_rss));
	json_object_set_new(cost, "status_reads", json_integer((json_int_t)hs->status.reads));
	json_object_set_new(cost, "rollup_reads", json_integer((json_int_t)hs->rollup.reads));
	json_object_set_new(cost, "rollups_last", json_integer((json_int_t)hs->rollups_last));
	json_object_set_new(doc, "cost", cost);
	for (size_t i = 0; i < limit; i++)
		json_row(rows, &items[i], &o->go);
	json_object_set_new(doc, "rows", rows);
	json_write(stdout, doc, false);
	json_decref(doc);
}

static void print_json_cgroups(const struct top_header *h, const struct top_cg_item *items, size_t n,
			       const struct top_opts *o)
{
	json_t *doc = json_object(), *rows = json_array();
	size_t limit = o->rows > 0 && (size_t)o->rows < n ? (size_t)o->rows : n;

	json_object_set_new(doc, "type", json_string("top-cgroups"));
	json_object_set_new(doc, "wall", json_real(h->clock));
	json_object_set_new(doc, "interval", json_real(o->interval));
	json_object_set_new(doc, "cgroups", json_integer((json_int_t)n));
	for (size_t i = 0; i < limit; i++) {
		const struct top_cg_item *it = &items[i];
		json_t *r = json_object();
		json_object_set_new(r, "cgroup", json_string(it->path));
		json_object_set_new(r, "container_id", it->id[0] ? json_string(it->id) : json_null());
		json_object_set_new(r, "runtime", it->runtime ? json_string(it->runtime) : json_null());
		json_object_set_new(r, "usage", json_number_or_null(it->usage));
		json_object_set_new(r, "docker_stats", json_number_or_null(it->docker));
		json_object_set_new(r, "anon", json_number_or_null(it->anon));
		json_object_set_new(r, "page_cache", json_number_or_null(it->file));
		json_object_set_new(r, "shmem", json_number_or_null(it->shmem));
		json_object_set_new(r, "kernel", json_number_or_null(it->kernel));
		json_object_set_new(r, "swap", json_number_or_null(it->swap));
		json_object_set_new(r, "growth_bytes_per_second", json_number_or_null(it->growth));
		json_object_set_new(r, "verdict", it->verdict >= 0 ? json_string(verdict_name((enum verdict_kind)it->verdict))
								  : json_null());
		json_array_append_new(rows, r);
	}
	json_object_set_new(doc, "rows", rows);
	json_write(stdout, doc, false);
	json_decref(doc);
}

static void print_table(const struct view_screen *s)
{
	for (int i = 0; i < s->nlines; i++)
		printf("%s\n", s->lines[i].text);
	putchar('\n');
}

/* -------------------------------------------------------- interactive */

enum mode { MODE_TABLE, MODE_HELP, MODE_FILTER, MODE_DETAIL, MODE_CGDETAIL };

/* The drill-down: one process with its running verdict, and what a full
 * smaps read adds (the runtime, the region classes, the mappings that grew
 * since the drill-down began), read when it opens and every
 * DRILL_SMAPS_EVERY seconds after. */
#define DRILL_SMAPS_EVERY 10.0
#define DRILL_EXTRA 12
struct drill {
	pid_t pid;
	unsigned long long start_ticks;
	struct snapshot base, latest;
	bool have_base, have_latest;
	double smaps_at;
	struct verdict v;
	bool have_v;
	char title[160], subtitle[160], note[160];
	char extra[DRILL_EXTRA][200];
	const char *extra_ptr[DRILL_EXTRA];
	size_t nextra;
};

/* The drill-down of the cgroup view: one cgroup, followed by its path,
 * with its running verdict and what each tool would show, refreshed every
 * tick from what the cgroup scan read. */
struct cgdrill {
	char path[512];           /* escaped, as in the rows; "" none */
	struct verdict v;
	struct cgroup_view tools; /* analysis-cgroup's figures */
	double growth[CGC_COUNT];
};

/* 'r': a recording of one process, in the format of `watch --record`, so
 * that `memtrace analyze` reads it: a header, one sample per update, and
 * the verdict when it stops. */
struct top_recording {
	struct recorder rec;
	bool on;
	pid_t pid;
	unsigned long long start_ticks;
	char path[128];
	unsigned long samples;
};

struct ui {
	struct tui tui;
	enum mode mode;
	struct drill drill;
	struct cgdrill cgdrill;
	struct top_recording rec;
	char message[200];
	bool paused;
	char typed[128];
	char prompt[160];
	bool quit;
};

static void move_selection(struct top_opts *o, const struct frame *f, size_t shown, int delta)
{
	size_t at = 0;

	if (shown == 0)
		return;
	for (size_t i = 0; i < shown; i++)
		if (f->items[i].pid == o->view.selected)
			at = i;
	long to = (long)at + delta;
	if (to < 0)
		to = 0;
	if (to >= (long)shown)
		to = (long)shown - 1;
	o->view.selected = f->items[to].pid;
}

static void key_filter(struct ui *u, struct top_opts *o, int k)
{
	size_t n = strlen(u->typed);

	if (k == 27) {
		u->typed[0] = '\0';
		o->filter[0] = '\0';
		u->mode = MODE_TABLE;
	} else if (k == '\n' || k == '\r' || k == KEY_ENTER) {
		snprintf(o->filter, sizeof(o->filter), "%s", u->typed);
		u->mode = MODE_TABLE;
	} else if ((k == KEY_BACKSPACE || k == 127 || k == 8) && n > 0) {
		u->typed[n - 1] = '\0';
	} else if (k >= 0x20 && k < 0x7f && n + 1 < sizeof(u->typed)) {
		u->typed[n] = (char)k;
		u->typed[n + 1] = '\0';
	}
	snprintf(u->prompt, sizeof(u->prompt), "filter: %s_", u->typed);
}

static void key_table(struct ui *u, struct top_opts *o, const struct frame *f, size_t shown, int page, int k)
{
	switch (k) {
	case 'q':
	case 'Q':
		u->quit = true;
		break;
	case 'M':
		o->view.sort = TOP_SORT_RSS;
		break;
	case 'G':
		o->view.sort = TOP_SORT_GROWTH;
		break;
	case 'P':
		o->view.sort = TOP_SORT_PSS;
		break;
	case '<':
		o->view.sort = (enum top_sort)((o->view.sort + TOP_SORT_COUNT - 1) % TOP_SORT_COUNT);
		break;
	case '>':
		o->view.sort = (enum top_sort)((o->view.sort + 1) % TOP_SORT_COUNT);
		break;
	case 'I':
		o->view.reverse = !o->view.reverse;
		break;
	case 'p':
		u->paused = !u->paused;
		break;
	case '?':
	case 'h':
		u->mode = MODE_HELP;
		break;
	case '\n':
	case '\r':
	case KEY_ENTER:
	case 'F':
		if (shown)
			u->mode = MODE_DETAIL; /* the loop opens the drill-down */
		break;
	case '/':
		u->mode = MODE_FILTER;
		snprintf(u->typed, sizeof(u->typed), "%s", o->filter);
		snprintf(u->prompt, sizeof(u->prompt), "filter: %s_", u->typed);
		break;
	case KEY_UP:
	case 'k':
		move_selection(o, f, shown, -1);
		break;
	case KEY_DOWN:
	case 'j':
		move_selection(o, f, shown, 1);
		break;
	case KEY_PPAGE:
		move_selection(o, f, shown, -page);
		break;
	case KEY_NPAGE:
		move_selection(o, f, shown, page);
		break;
	case KEY_HOME:
		move_selection(o, f, shown, -(int)shown);
		break;
	case KEY_END:
		move_selection(o, f, shown, (int)shown);
		break;
	default:
		break;
	}
}

/* --------------------------------------------------------- recording */

static json_t *recording_header(const struct proc_row *r, const struct top_opts *o, const struct drill *d)
{
	json_t *h = json_object(), *rt = json_object();
	char wall[64], comm[128];

	escape_name(r->comm, strlen(r->comm), comm, sizeof(comm));
	json_object_set_new(h, "format", json_string(RECORDING_FORMAT));
	json_object_set_new(h, "version", json_integer(RECORDING_VERSION));
	json_object_set_new(h, "memtrace_version", json_string(PACKAGE_VERSION));
	json_object_set_new(h, "started", json_string(format_utc(time(NULL), wall, sizeof(wall))));
	json_object_set_new(h, "interval", json_real(o->interval));
	json_object_set_new(h, "budget", json_real(o->budget));
	json_object_set_new(h, "target", json_string("process"));
	json_object_set_new(h, "pid", json_integer(r->pid));
	json_object_set_new(h, "comm", json_string(comm));
	json_object_set_new(h, "recorded_by", json_string("top"));
	/* the runtime when the drill-down of this process read it */
	if (d->have_base && d->pid == r->pid) {
		json_object_set_new(rt, "language", json_string(runtime_language(&d->base.rt)));
		json_object_set_new(rt, "allocator", json_string(runtime_allocator(&d->base.rt)));
		json_object_set_new(rt, "go_madv_free", json_boolean(runtime_go_uses_madv_free(&d->base.rt)));
	}
	json_object_set_new(h, "runtime", rt);
	return h;
}

static void recording_sample(struct top_recording *t, const struct proc_row *r)
{
	unsigned k;
	struct sample x;
	json_t *line;

	if (!r->ring.len)
		return;
	k = proc_ring_index(&r->ring, r->ring.len - 1);
	sample_clear(&x);
	x.t = r->ring.t[k];
	x.wall = clock_wall();
	x.tiers = TIER_STATUS;
	x.v[M_RSS] = r->ring.rss[k];
	x.v[M_SWAP] = r->ring.swap[k];
	if (isfinite(r->ring.effective[k])) {
		x.tiers |= TIER_ROLLUP;
		x.v[M_EFFECTIVE] = r->ring.effective[k];
		x.v[M_LAZYFREE] = r->ring.lazyfree[k];
		x.v[M_PSS] = r->pss;
	}
	line = sample_to_json(&x);
	if (recorder_write(&t->rec, "sample", line) == 0)
		t->samples++;
	json_decref(line);
}

static void recording_stop(struct top_recording *t, struct hostscan *hs, struct series *scratch, const char *why,
			   char *msg, size_t len)
{
	struct proc_row *r = hostscan_find(hs, t->pid);
	struct verdict v;
	json_t *line;

	if (!t->on)
		return;
	if (r && r->start_ticks == t->start_ticks) {
		top_judge_row(r, hs->now, hs->interval, NAN, scratch, &v);
		line = verdict_to_json(&v);
		json_object_set_new(line, "end_reason", json_string(why));
		recorder_write(&t->rec, "verdict", line);
		json_decref(line);
	}
	recorder_close(&t->rec);
	t->on = false;
	snprintf(msg, len, "recorded %lu samples to %s", t->samples, t->path);
}

static void recording_start(struct top_recording *t, const struct proc_row *r, const struct top_opts *o,
			    const struct drill *d, char *msg, size_t len)
{
	char when[32];
	time_t now = time(NULL);
	struct tm tm;
	json_t *h;
	int rc;

	gmtime_r(&now, &tm);
	strftime(when, sizeof(when), "%Y%m%dT%H%M%SZ", &tm);
	snprintf(t->path, sizeof(t->path), "memtrace-top-%d-%s.jsonl", (int)r->pid, when);
	rc = recorder_open(&t->rec, t->path, false);
	if (rc) {
		create_error_text(t->path, rc, msg, len);
		return;
	}
	h = recording_header(r, o, d);
	rc = recorder_write(&t->rec, "header", h);
	json_decref(h);
	if (rc) {
		recorder_close(&t->rec);
		snprintf(msg, len, "cannot write %s: %s", t->path, strerror(-rc));
		return;
	}
	t->on = true;
	t->pid = r->pid;
	t->start_ticks = r->start_ticks;
	t->samples = 0;
	recording_sample(t, r);
	snprintf(msg, len, "recording pid %d to %s (r stops)", (int)r->pid, t->path);
}

/* After each update: one sample, or the end when the process is gone. */
static void recording_tick(struct top_recording *t, struct hostscan *hs, struct series *scratch, char *msg,
			   size_t len)
{
	struct proc_row *r;

	if (!t->on)
		return;
	r = hostscan_find(hs, t->pid);
	if (!r || r->start_ticks != t->start_ticks) {
		recording_stop(t, hs, scratch, "target-exited", msg, len);
		return;
	}
	recording_sample(t, r);
}

/* ------------------------------------------------------------- drill */

static void drill_close(struct drill *d)
{
	if (d->have_base)
		snapshot_free(&d->base);
	if (d->have_latest)
		snapshot_free(&d->latest);
	d->have_base = d->have_latest = false;
	d->pid = 0;
}

static int drill_snapshot(const char *root, pid_t pid, struct snapshot *s)
{
	struct snapshot_opts so = { .root = root, .top = 0, .keep_all = true, .identity = true };
	struct snapshot_error e;
	int rc;

	snapshot_init(s, pid, 0, true);
	rc = snapshot_take(&so, s, &e);
	if (rc == 0 && s->partial == PARTIAL_SMAPS_DENIED)
		rc = -EACCES;
	if (rc)
		snapshot_free(s);
	return rc;
}

/* The lines a full smaps read adds: region classes, then the mappings that
 * grew most since the drill-down began. */
static void drill_extra(struct drill *d)
{
	const struct snapshot *now = d->have_latest ? &d->latest : &d->base;
	char line[200], b[16];
	size_t at = 0;

	d->nextra = 0;
	if (!d->have_base) {
		if (d->note[0])
			snprintf(d->extra[d->nextra++], sizeof(d->extra[0]), "%s", d->note);
		return;
	}
	at = (size_t)snprintf(line, sizeof(line), "region classes:");
	for (int c = 0; c < RC_COUNT && at < sizeof(line); c++) {
		uint64_t rss = now->classes[c].c.v[MC_RSS];
		if (rss >= 64 * 1024)
			at += (size_t)snprintf(line + at, sizeof(line) - at, "  %s %s", region_class_name((enum region_class)c),
					       view_size((double)rss, b, sizeof(b)));
	}
	snprintf(d->extra[d->nextra++], sizeof(d->extra[0]), "%s", line);
	if (d->have_latest) {
		struct snapshot_diff diff;
		size_t sel[2 * 5], n;
		snapshot_diff_compute(&d->base, &d->latest, &diff);
		n = snapshot_diff_select(&diff, 5, sel);
		bool header = false;
		for (size_t i = 0; i < n && d->nextra < DRILL_EXTRA; i++) {
			const struct diff_row *r = &diff.rows[sel[i]];
			int64_t delta = diff_delta(&r->a, &r->b, MC_RSS);
			if (delta <= 0)
				continue;
			if (!header) {
				snprintf(d->extra[d->nextra++], sizeof(d->extra[0]), "grew most since the drill-down began:");
				header = true;
			}
			snprintf(d->extra[d->nextra++], sizeof(d->extra[0]), "  +%-7s %-12s %s",
				 view_size((double)delta, b, sizeof(b)), region_class_name(r->cls), r->key);
		}
		snapshot_diff_free(&diff);
	}
}

/* A Go service's lines (--go-pprof), as the full-screen watch shows them:
 * the last read and a failing endpoint's reason, first; the Go finding
 * and hint are in the verdict. */
static void drill_go(struct drill *d, const struct top_go_svc *svc)
{
	const char *lines[2];
	size_t n = 0;

	if (!svc)
		return;
	lines[n++] = svc->line[0] ? svc->line : "go: no read yet";
	if (strstr(svc->note, "going on without"))
		lines[n++] = svc->note;
	if (d->nextra + n > DRILL_EXTRA)
		d->nextra = DRILL_EXTRA - n;
	memmove(d->extra + n, d->extra, sizeof(d->extra[0]) * d->nextra);
	for (size_t i = 0; i < n; i++)
		snprintf(d->extra[i], sizeof(d->extra[0]), "%.199s", lines[i]);
	d->nextra += n;
}

/* Opens the drill-down on the selected row, or refreshes it: the verdict
 * every tick, a full smaps read every DRILL_SMAPS_EVERY seconds. */
static bool drill_tick(struct drill *d, struct hostscan *hs, pid_t pid, struct series *scratch,
		       const struct top_go *go)
{
	struct proc_row *r = hostscan_find(hs, pid);
	const struct top_go_svc *svc = top_go_find(go, pid);
	char comm[128];

	if (!r)
		return false;
	if (d->pid != pid || d->start_ticks != r->start_ticks) {
		int rc;
		drill_close(d);
		d->pid = pid;
		d->start_ticks = r->start_ticks;
		d->note[0] = d->subtitle[0] = '\0';
		rc = drill_snapshot(hs->root, pid, &d->base);
		d->have_base = rc == 0;
		d->smaps_at = hs->now;
		if (rc == -EACCES || rc == -EPERM)
			snprintf(d->note, sizeof(d->note), "smaps is not readable (another user's process): no region classes");
		if (d->have_base)
			snprintf(d->subtitle, sizeof(d->subtitle), "%s, %s allocator", runtime_language(&d->base.rt),
				 runtime_allocator(&d->base.rt));
	} else if (d->have_base && hs->now - d->smaps_at >= DRILL_SMAPS_EVERY) {
		if (d->have_latest)
			snapshot_free(&d->latest);
		d->have_latest = drill_snapshot(hs->root, pid, &d->latest) == 0;
		d->smaps_at = hs->now;
	}
	escape_name(r->comm, strlen(r->comm), comm, sizeof(comm));
	snprintf(d->title, sizeof(d->title), "memtrace top  pid %d %s", (int)pid, comm);
	if (svc && svc->have_v) /* judged with the Go evidence this tick */
		d->v = svc->v;
	else
		top_judge_row(r, hs->now, hs->interval, NAN, scratch, &d->v);
	d->have_v = true;
	drill_extra(d);
	drill_go(d, svc);
	for (size_t i = 0; i < d->nextra; i++)
		d->extra_ptr[i] = d->extra[i];
	return true;
}

static void drill_build(const struct drill *d, const struct proc_row *r, int cols, int rows, bool unicode,
			struct view_screen *scr)
{
	struct detail_input in = {
		.title = d->title, .subtitle = d->subtitle[0] ? d->subtitle : NULL, .ring = &r->ring, .rss = r->rss,
		.effective = r->effective, .lazyfree = r->lazyfree, .swap = r->swap, .pss = r->pss, .threads = NAN,
		.verdict = d->have_v ? &d->v : NULL, .extra = d->extra_ptr, .nextra = d->nextra,
		.keys = "Esc back  r record  q quit",
	};

	detail_view_build(&in, cols, rows, unicode, scr);
}

/* ---------------------------------------------------------------- loop */

struct top_state {
	struct top_opts o;
	struct hostscan hs;
	/* the cgroup view, scanned from the first time it is shown on */
	bool cgroups;          /* it is shown now */
	bool cg_scanning;
	struct cgscan cg;
	struct top_cg_item *cg_items;
	struct top_view_opts cg_view; /* its own sort, selection and scroll */
	struct series scratch;
	struct user_cache users;
	struct frame frame;
	struct self_cost self;
	pid_t visible[MAX_VISIBLE];
	size_t nvisible;
	struct top_header header;
	size_t shown;
	char go_msg[200]; /* a Go service nobody owns: said when the screen starts */
};

/* ------------------------------------------------------- cgroup view */

/* Scans the cgroups and judges them within ALLOWANCE CPU seconds. */
static int cg_tick(struct top_state *s, double allowance)
{
	int rc = cgscan_tick(&s->cg);

	if (rc)
		return rc;
	scan_growth_cgroups(&s->cg);
	scan_judge_cgroups(&s->cg, s->o.interval, allowance, &s->scratch);
	return 0;
}

static size_t cg_fill(struct top_state *s)
{
	size_t n = 0;

	s->cg_items = xrealloc(s->cg_items, (s->cg.n + 1) * sizeof(*s->cg_items));
	for (size_t i = 0; i < s->cg.n; i++) {
		const struct cg_row *r = s->cg.rows[i];
		if (!r->seen)
			continue;
		s->cg_items[n++] = (struct top_cg_item){
			.path = r->path, .id = r->id, .runtime = r->runtime, .usage = r->usage,
			.docker = cgroup_tool_bytes(&s->cg.stats[i], TOOL_DOCKER),
			.anon = r->anon, .file = r->file, .shmem = r->shmem, .kernel = r->kernel, .swap = r->swap,
			.growth = r->growth, .verdict = r->verdict, .spark = &r->spark,
		};
	}
	return n;
}

static void cg_build(struct top_state *s, struct view_screen *scr)
{
	struct top_header h = s->header;
	size_t n = cg_fill(s);

	h.cgroups = true;
	h.processes = n;
	s->cg_view.cols = s->o.view.cols;
	s->cg_view.rows = s->o.view.rows;
	s->cg_view.unicode = s->o.view.unicode;
	s->cg_view.prompt = s->o.view.prompt;
	s->cg_view.filter = s->o.view.filter;
	s->cg_view.batch = s->o.view.batch;
	s->shown = top_view_build_cgroups(&h, s->cg_items, n, &s->cg_view, scr);
}

/* Shows the cgroup view (starting its scan), or goes back. */
static void cg_toggle(struct top_state *s, char *msg, size_t len)
{
	if (s->cgroups) {
		s->cgroups = false;
		return;
	}
	if (!s->cg_scanning) {
		cgscan_init(&s->cg, s->hs.root);
		if (s->cg.mounts_rc) {
			snprintf(msg, len, "no memory cgroup mount here: no cgroup view");
			cgscan_free(&s->cg);
			return;
		}
		s->cg_scanning = true;
		s->cg_view.sort = TOP_SORT_GROWTH;
		cg_tick(s, s->o.budget * s->o.interval / 2);
	}
	s->cgroups = true;
}

/* ----------------------------------------------- cgroup drill-down */

/* Judges the cgroup of the drill-down again and takes the figures of the
 * tools from the counters the scan read.  False when it is gone. */
static bool cgdrill_tick(struct top_state *s, struct cgdrill *d)
{
	int i = cgscan_find(&s->cg, d->path);
	struct cg_row *r = i >= 0 ? s->cg.rows[i] : NULL;

	if (!r || !r->seen)
		return false;
	top_judge_cgroup(r, s->cg.now, s->o.interval, &s->scratch, &d->v);
	cgroup_view_compute(&s->cg.stats[i], NULL, 0, s->header.swap_total > 0, &d->tools);
	for (int c = 0; c < CGC_COUNT; c++)
		d->growth[c] = top_cg_growth(&r->ring, (enum cg_component)c, SCAN_GROWTH_WINDOW);
	return true;
}

static void cgdrill_open(struct top_state *s, struct ui *u, const char *path)
{
	snprintf(u->cgdrill.path, sizeof(u->cgdrill.path), "%s", path);
	snprintf(s->cg_view.selected_path, sizeof(s->cg_view.selected_path), "%s", path);
	u->mode = MODE_CGDETAIL;
	if (!cgdrill_tick(s, &u->cgdrill))
		u->mode = MODE_TABLE;
}

/* Back to the cgroup table, the cgroup of the drill-down selected. */
static void cgdrill_close(struct ui *u, const char *why)
{
	if (why)
		snprintf(u->message, sizeof(u->message), "%.120s %s", u->cgdrill.path, why);
	u->cgdrill.path[0] = '\0';
	u->mode = MODE_TABLE;
}

static void cgdrill_refresh(struct top_state *s, struct ui *u)
{
	if (u->mode == MODE_CGDETAIL && !cgdrill_tick(s, &u->cgdrill))
		cgdrill_close(u, "is gone");
}

/* Keys of the drill-down, as in a process's: Esc (Left, Backspace) goes
 * back, q quits. */
static void key_cgdetail(struct ui *u, int k)
{
	if (k == 27 || k == KEY_LEFT || k == KEY_BACKSPACE || k == 127)
		cgdrill_close(u, NULL);
	else if (k == 'q' || k == 'Q')
		u->quit = true;
}

static void cgdrill_build(struct top_state *s, struct ui *u, int cols, int rows, struct view_screen *scr)
{
	const struct cgdrill *d = &u->cgdrill;
	int i = cgscan_find(&s->cg, d->path);
	const struct cg_row *r = i >= 0 ? s->cg.rows[i] : NULL;
	struct cgdetail_input in = {
		.path = d->path, .ring = r ? &r->ring : NULL, .tools = d->tools.tools, .verdict = &d->v,
		.keys = "Esc back  q quit", .message = u->message[0] ? u->message : NULL,
		.limit = r ? r->limit : NAN, .id = r ? r->id : NULL, .runtime = r ? r->runtime : NULL,
		.version = i >= 0 ? s->cg.stats[i].version : 0,
	};

	for (int c = 0; c < CGC_COUNT; c++) {
		in.now[c] = r ? cg_row_component(r, (enum cg_component)c) : NAN;
		in.growth[c] = d->growth[c];
	}
	cgdetail_view_build(&in, cols, rows, s->o.view.unicode, scr);
}

/* Builds the screen for the current data and size. */
static void build(struct top_state *s, struct ui *u, int cols, int rows, struct view_screen *scr)
{
	s->o.view.cols = cols;
	s->o.view.rows = rows;
	s->o.view.prompt = u && u->mode == MODE_FILTER ? u->prompt : NULL;
	s->header.paused = u && u->paused;
	s->header.message = u && u->message[0] ? u->message : NULL;
	if (u && u->mode == MODE_HELP) {
		top_view_help(cols, rows, scr);
		return;
	}
	if (u && u->mode == MODE_DETAIL) {
		struct proc_row *r = hostscan_find(&s->hs, u->drill.pid);
		if (r) {
			drill_build(&u->drill, r, cols, rows, s->o.view.unicode, scr);
			return;
		}
		u->mode = MODE_TABLE;
	}
	if (u && u->mode == MODE_CGDETAIL) {
		cgdrill_build(s, u, cols, rows, scr);
		return;
	}
	if (s->cgroups) {
		cg_build(s, scr);
		return;
	}
	frame_fill(&s->frame, &s->hs, &s->users, s->o.cmdline);
	s->shown = top_view_build(&s->header, s->frame.items, s->frame.n, &s->o.view, scr, s->visible, MAX_VISIBLE,
				  &s->nvisible);
}

static int tick(struct top_state *s)
{
	int rc = hostscan_tick(&s->hs, s->visible, s->nvisible);

	if (rc) {
		err_msg("cannot list the processes in '%s/proc': %s", g.proc_root ? g.proc_root : "", strerror(-rc));
		return EXIT_RUNTIME;
	}
	scan_growth_processes(&s->hs);
	/* half the budget for rollups (in the scan), half for verdicts, of
	 * the processes or of the cgroups when those are shown */
	if (s->cgroups)
		cg_tick(s, s->o.budget * s->o.interval / 2);
	else
		scan_judge_processes(&s->hs, s->visible, s->nvisible, s->o.budget * s->o.interval / 2, NAN,
				     &s->scratch);
	top_go_tick(&s->o.go, &s->hs, &s->scratch);
	if (s->cg_scanning && !s->cgroups && cgscan_tick(&s->cg) == 0) /* the history goes on while hidden */
		scan_growth_cgroups(&s->cg);
	header_fill(&s->header, &s->hs, &s->o, &s->self);
	return 0;
}

static int run_batch(struct top_state *s)
{
	struct view_screen scr = { 0 };
	const char *cols = getenv("COLUMNS");
	int width = cols && atoi(cols) >= TOP_MIN_COLS ? atoi(cols) : 160;
	double next = clock_mono();

	s->o.view.batch = true;
	s->o.view.unicode = false;
	for (long i = 0; !stop_signal && (s->o.iterations == 0 || i < s->o.iterations); i++) {
		int rc = tick(s);
		if (rc)
			return rc;
		frame_fill(&s->frame, &s->hs, &s->users, s->o.cmdline);
		s->o.view.cols = width;
		s->o.view.rows = 0; /* all rows; --rows cuts the printout */
		if (s->cgroups)
			cg_build(s, &scr);
		else
			s->shown = top_view_build(&s->header, s->frame.items, s->frame.n, &s->o.view, &scr, s->visible,
						  MAX_VISIBLE, &s->nvisible);
		if (s->o.json && s->cgroups) {
			print_json_cgroups(&s->header, s->cg_items, s->shown, &s->o);
		} else if (s->o.json) {
			print_json(&s->header, &s->hs, s->frame.items, s->shown, &s->o);
		} else {
			if (s->o.rows > 0 && scr.nlines > 3 + s->o.rows)
				scr.nlines = 3 + (int)s->o.rows;
			print_table(&scr);
		}
		view_screen_free(&scr);
		fflush(stdout);
		if (ferror(stdout))
			break;
		if (s->o.iterations && i + 1 >= s->o.iterations)
			break;
		next += s->o.interval;
		while (!stop_signal && clock_mono() < next)
			usleep((useconds_t)fmin(100000, (next - clock_mono()) * 1e6 + 1));
	}
	return finish_output(stdout, EXIT_OK);
}

/* Keys of the cgroup view: sorting, filter, help, quit, selection, Enter
 * (its drill-down; recording is for processes). */
static void key_cgroups(struct top_state *s, struct ui *u, int k, int rows)
{
	struct top_view_opts *v = &s->cg_view;
	int page = rows > 4 ? rows - 4 : 1;
	long to = v->selected;

	switch (k) {
	case KEY_UP: case 'k': to--; break;
	case KEY_DOWN: case 'j': to++; break;
	case KEY_PPAGE: to -= page; break;
	case KEY_NPAGE: to += page; break;
	case KEY_HOME: to = 0; break;
	case KEY_END: to = (long)s->shown - 1; break;
	case 'M': v->sort = TOP_SORT_RSS; break;
	case 'G': v->sort = TOP_SORT_GROWTH; break;
	case 'I': v->reverse = !v->reverse; break;
	case '<': case '>': v->sort = v->sort == TOP_SORT_GROWTH ? TOP_SORT_RSS : TOP_SORT_GROWTH; break;
	case '\n': case '\r': case KEY_ENTER: case 'F':
		if (s->shown)
			cgdrill_open(s, u, s->cg_items[v->selected].path);
		return;
	case 'r':
		snprintf(u->message, sizeof(u->message), "recording is for processes (c goes back to them)");
		break;
	default:
		key_table(u, &s->o, &s->frame, 0, page, k); /* q, /, p, ? */
		return;
	}
	if (to < 0)
		to = 0;
	if (to >= (long)s->shown)
		to = s->shown ? (long)s->shown - 1 : 0;
	v->selected = (pid_t)to;
	/* the selection follows the cgroup when the rows move */
	v->selected_path[0] = '\0';
	if (s->shown)
		snprintf(v->selected_path, sizeof(v->selected_path), "%s", s->cg_items[to].path);
}

/* r: start or stop the recording of the selected process (the one in
 * detail in the drill-down). */
static void toggle_recording(struct top_state *s, struct ui *u)
{
	pid_t pid = u->mode == MODE_DETAIL && u->drill.pid ? u->drill.pid : s->o.view.selected;
	struct proc_row *r = hostscan_find(&s->hs, pid);

	if (u->rec.on) {
		recording_stop(&u->rec, &s->hs, &s->scratch, "stopped", u->message, sizeof(u->message));
		return;
	}
	if (r)
		recording_start(&u->rec, r, &s->o, &u->drill, u->message, sizeof(u->message));
}

static void handle_key(struct top_state *s, struct ui *u, int k, int rows)
{
	if (k == KEY_RESIZE)
		return;
	/* news stays until the next key; a recording's own line stays while
	 * it records */
	if (!u->rec.on)
		u->message[0] = '\0';
	if (k == 'c' && u->mode == MODE_TABLE) {
		cg_toggle(s, u->message, sizeof(u->message));
		return;
	}
	if (k == 'a' && u->mode == MODE_TABLE && !s->cgroups) {
		s->o.cmdline = !s->o.cmdline;
		return;
	}
	if (s->cgroups && u->mode == MODE_TABLE) {
		key_cgroups(s, u, k, rows);
		return;
	}
	if (u->mode == MODE_CGDETAIL) {
		key_cgdetail(u, k);
		return;
	}
	if (k == 'r' && (u->mode == MODE_TABLE || u->mode == MODE_DETAIL)) {
		toggle_recording(s, u);
		return;
	}
	if (u->mode == MODE_HELP) {
		u->mode = MODE_TABLE;
		return;
	}
	if (u->mode == MODE_FILTER) {
		key_filter(u, &s->o, k);
		return;
	}
	if (u->mode == MODE_DETAIL) {
		if (k == 27 || k == KEY_LEFT || k == KEY_BACKSPACE || k == 127) {
			drill_close(&u->drill);
			u->mode = MODE_TABLE;
		} else if (k == 'q' || k == 'Q') {
			u->quit = true;
		}
		return;
	}
	key_table(u, &s->o, &s->frame, s->shown, rows > 4 ? rows - 4 : 1, k);
}

/* In the drill-down: refresh it (it opens on the selection), and make its
 * process the one whose rollup is read first.  Back to the table when the
 * process is gone. */
static void drill_refresh(struct top_state *s, struct ui *u)
{
	pid_t pid = u->drill.pid ? u->drill.pid : s->o.view.selected;

	if (u->mode != MODE_DETAIL)
		return;
	s->visible[0] = pid;
	s->nvisible = 1;
	if (!drill_tick(&u->drill, &s->hs, pid, &s->scratch, &s->o.go)) {
		drill_close(&u->drill);
		u->mode = MODE_TABLE;
	}
}

static int run_screen(struct top_state *s)
{
	struct ui u = { .mode = MODE_TABLE };
	struct view_screen scr = { 0 };
	double next;
	int cols, rows, rc = 0;

	if (tui_start(&u.tui) != 0)
		return -1;
	snprintf(u.message, sizeof(u.message), "%s", s->go_msg);
	s->o.view.unicode = u.tui.unicode;
	tui_size(&u.tui, &cols, &rows);
	/* what will be on screen is known before the first scan: the first
	 * rows by pid */
	next = clock_mono();
	for (long i = 0; !stop_signal && !u.quit && (s->o.iterations == 0 || i < s->o.iterations); i++) {
		if ((rc = tick(s)) != 0)
			break;
		recording_tick(&u.rec, &s->hs, &s->scratch, u.message, sizeof(u.message));
		drill_refresh(s, &u);
		cgdrill_refresh(s, &u);
		if (!u.paused) {
			view_screen_free(&scr);
			build(s, &u, cols, rows, &scr);
			tui_paint(&u.tui, &scr);
		}
		next += s->o.interval;
		if (next < clock_mono())
			next = clock_mono() + s->o.interval;
		while (!stop_signal && !u.quit) {
			int wait = (int)((next - clock_mono()) * 1000);
			int k;
			if (wait <= 0)
				break;
			k = tui_key(&u.tui, wait);
			if (k < 0)
				continue;
			if (k == KEY_RESIZE)
				tui_size(&u.tui, &cols, &rows);
			handle_key(s, &u, k, rows);
			if (u.mode == MODE_DETAIL && !u.drill.pid)
				drill_refresh(s, &u);
			view_screen_free(&scr);
			build(s, &u, cols, rows, &scr);
			tui_paint(&u.tui, &scr);
		}
	}
	view_screen_free(&scr);
	recording_stop(&u.rec, &s->hs, &s->scratch, "interrupted", u.message, sizeof(u.message));
	drill_close(&u.drill);
	tui_end(&u.tui);
	if (u.message[0] && strncmp(u.message, "recorded", 8) == 0)
		printf("memtrace top: %s\n", u.message);
	return rc;
}

/* A Go service nobody owns (top_go_start): on standard error in batch
 * mode, on the screen's message line otherwise. */
static void say_go(void *ctx, const char *text)
{
	struct top_state *s = ctx;

	if (s->o.batch)
		err_msg("%s", text);
	else
		snprintf(s->go_msg, sizeof(s->go_msg), "%s", text);
}

int cmd_top(int argc, char **argv)
{
	struct top_state *s = xcalloc(1, sizeof(*s));
	int rc = parse_args(argc, argv, &s->o);

	if (rc >= 0) {
		free(s);
		return rc;
	}
	/* the character set only: numbers stay in the C locale (JSON, tables) */
	setlocale(LC_CTYPE, "");
	stop_signal_catch();
	hostscan_init(&s->hs, g.proc_root, s->o.interval, s->o.budget / 2);
	series_init(&s->scratch);
	s->self.cpu0 = sampler_self_cpu();
	s->self.t0 = clock_mono();
	if (s->o.cgroups) {
		char msg[128] = "";
		cg_toggle(s, msg, sizeof(msg));
		if (!s->cgroups) {
			err_msg("top --cgroups: %s", msg);
			hostscan_free(&s->hs);
			series_free(&s->scratch);
			free(s);
			return EXIT_RUNTIME;
		}
	}
	if ((rc = top_go_start(&s->o.go, g.proc_root, say_go, s)) >= 0)
		goto out;
	if (!s->o.batch) {
		rc = run_screen(s);
		if (rc < 0) {
			err_msg("top: standard input and output are not a terminal; use -b for batch mode");
			rc = EXIT_USAGE;
		}
	} else {
		rc = run_batch(s);
	}
out:
	top_go_stop(&s->o.go);
	hostscan_free(&s->hs);
	if (s->cg_scanning)
		cgscan_free(&s->cg);
	free(s->cg_items);
	series_free(&s->scratch);
	free(s->frame.items);
	free(s->frame.comm);
	free(s->frame.cmdline);
	free(s);
	return rc;
}
