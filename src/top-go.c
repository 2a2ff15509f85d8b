#include "config.h"
#include "top-go.h"
#include "analysis-goruntime.h"
#include "analysis-top.h"
#include "escape.h"
#include "model-runtime.h"
#include "output-verdict-text.h"
#include "output-verdict.h"
#include "report.h"
#include "source-proc.h"
#include "source-runtime.h"
#include "source-sockowner.h"
#include "view-detail.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void top_go_init(struct top_go *t)
{
	memset(t, 0, sizeof(*t));
	t->interval = GOFETCH_DEFAULT_INTERVAL;
}

/* "PID=URL": *PID and the URL; a URL alone: 0.  A URL never starts with
 * digits and '=', so there is no doubt. */
static const char *split_pid(const char *arg, pid_t *pid)
{
	size_t n = strspn(arg, "0123456789");
	long v;

	*pid = 0;
	if (n == 0 || n > 9 || arg[n] != '=')
		return arg;
	v = strtol(arg, NULL, 10);
	*pid = (pid_t)v;
	return arg + n + 1;
}

/* The service an --go-expvar joins: the one of the same PID= without an
 * expvar yet, or for a URL alone the last one without; else a new one. */
static struct top_go_svc *svc_for(struct top_go *t, pid_t pid, bool expvar)
{
	for (size_t i = 0; expvar && i < t->n; i++)
		if (!t->s[i].conf.expvar && t->s[i].pid == pid)
			return &t->s[i];
	if (t->n == TOP_GO_MAX)
		return NULL;
	t->s[t->n].pid = pid;
	t->s[t->n].given = pid > 0;
	return &t->s[t->n++];
}

bool top_go_option(struct top_go *t, int c, const char *arg, int *rc)
{
	struct top_go_svc *s;
	struct gofetch_conf one = { .interval = t->interval };
	pid_t pid;
	const char *url;

	*rc = -1;
	if (c == OPT_GO_INTERVAL) {
		go_option(c, arg, &one, rc); /* says a bad time */
		if (*rc < 0)
			t->interval = one.interval;
		return true;
	}
	if (c != OPT_GO_PPROF && c != OPT_GO_EXPVAR)
		return false;
	url = split_pid(arg, &pid);
	if (arg != url && pid <= 0) {
		err_msg("top: '%s' wants a PID above 0 before '='", arg);
		*rc = EXIT_USAGE;
		return true;
	}
	if (!(s = svc_for(t, pid, c == OPT_GO_EXPVAR))) {
		err_msg("top: at most %d Go services", TOP_GO_MAX);
		*rc = EXIT_USAGE;
		return true;
	}
	if (c == OPT_GO_PPROF)
		s->conf.pprof = url;
	else
		s->conf.expvar = url;
	return true;
}

int top_go_check(const struct top_go *t)
{
	for (size_t i = 0; i < t->n; i++) {
		int rc = go_options_check(&t->s[i].conf);
		if (rc >= 0)
			return rc;
	}
	return -1;
}

/* What the executable and its environment say (the Go version's
 * MADV_FREE, GODEBUG, GOMEMLIMIT), as the watch reads them. */
static void svc_runtime(struct top_go_svc *s, const char *root)
{
	struct runtime_info rt;

	runtime_init(&rt);
	runtime_read_exe(root, s->pid, &rt);
	runtime_read_environ(root, s->pid, &rt);
	s->is_go = rt.is_go;
	s->madv_free = runtime_go_uses_madv_free(&rt);
	s->memlimit = runtime_go_memlimit(&rt);
	s->gogc = runtime_go_gogc(&rt);
	snprintf(s->go_version, sizeof(s->go_version), "%s", rt.go_version);
	runtime_free(&rt);
}

/* Finds the owner of a service given by its URL: the pprof URL's, else
 * the expvar one's.  0, or -errno (said). */
static int svc_find(struct top_go_svc *s, const char *root, void (*say)(void *, const char *), void *ctx)
{
	const char *url = s->conf.pprof ? s->conf.pprof : s->conf.expvar;
	char msg[600], esc[256];
	int rc = sockowner_find(root, url, &s->pid);

	if (rc == 0)
		return 0;
	escape_name(url, strlen(url), esc, sizeof(esc));
	if (rc == -ENOENT)
		snprintf(msg, sizeof(msg), "%s: no process of this host listens there (give PID=URL); going on without it",
			 esc);
	else
		snprintf(msg, sizeof(msg), "%s: cannot tell which process listens there (%s); going on without it", esc,
			 strerror(-rc));
	say(ctx, msg);
	s->pid = 0;
	return rc;
}

/* A service of the same process before S (found or given): S's endpoint
 * joins it when it lacks that one; either way S has no thread of its own
 * (one process, one set of reads). */
static void svc_merge(struct top_go *t, struct top_go_svc *s)
{
	for (struct top_go_svc *o = t->s; o < s; o++) {
		if (o->pid != s->pid)
			continue;
		if (!o->conf.pprof)
			o->conf.pprof = s->conf.pprof;
		if (!o->conf.expvar)
			o->conf.expvar = s->conf.expvar;
		s->pid = 0;
		s->merged = true;
		return;
	}
}

int top_go_start(struct top_go *t, const char *root, void (*say)(void *ctx, const char *text), void *ctx)
{
	t->root = root;
	t->say = say;
	t->say_ctx = ctx;
	/* every process first, so that endpoints of one process meet */
	for (size_t i = 0; i < t->n; i++)
		if (!t->s[i].given)
			svc_find(&t->s[i], root, say, ctx);
	for (size_t i = 0; i < t->n; i++)
		if (t->s[i].pid > 0)
			svc_merge(t, &t->s[i]);
	for (size_t i = 0; i < t->n; i++) {
		struct top_go_svc *s = &t->s[i];
		if (s->pid <= 0)
			continue;
		s->conf.interval = t->interval;
		svc_runtime(s, root);
		if (watch_go_start(&s->wg, &s->conf) >= 0)
			return EXIT_RUNTIME;
	}
	return -1;
}

/* watch-go.c's notices (an endpoint fails, answers again): kept for the
 * drill-down and the JSON. */
static void keep_note(void *ctx, const char *text)
{
	struct top_go_svc *s = ctx;

	snprintf(s->note, sizeof(s->note), "%s", text);
}

static void svc_take(struct top_go_svc *s, double now)
{
	struct watch_sink sink = { .note = keep_note, .ctx = s };
	struct sample x;

	sample_clear(&x);
	x.t = now;
	watch_go_take(&s->wg, &s->conf, &sink, NULL, &x);
	if (!isfinite(x.v[M_GO_GOROUTINES]) && !isfinite(x.v[M_GO_HEAP_INUSE]) && !isfinite(x.v[M_GO_SYS]))
		return;
	if (s->nreads == TOP_GO_READS)
		memmove(s->reads, s->reads + 1, sizeof(s->reads[0]) * --s->nreads);
	s->reads[s->nreads++] = x;
	detail_go_line(&x, s->line, sizeof(s->line));
}

/* The process behind S's URL exited: its reads go with it. */
static void svc_lost(struct top_go_svc *s)
{
	char esc[256];
	pid_t pid = s->pid;
	const char *url = s->conf.pprof ? s->conf.pprof : s->conf.expvar;

	watch_go_stop(&s->wg);
	memset(&s->wg, 0, sizeof(s->wg));
	s->pid = 0;
	s->nreads = 0;
	s->line[0] = 0;
	s->have_v = false;
	escape_name(url, strlen(url), esc, sizeof(esc));
	snprintf(s->note, sizeof(s->note), "%s: pid %d exited; looking for the process that listens there next", esc,
		 (int)pid);
}

static void say_nothing(void *ctx, const char *text)
{
	(void)ctx;
	(void)text;
}

/* A service found after the start: said where the miss was said. */
static void say_found(const struct top_go *t, const struct top_go_svc *s)
{
	const char *url = s->conf.pprof ? s->conf.pprof : s->conf.expvar;
	char msg[400], esc[256];

	if (!t->say)
		return;
	escape_name(url, strlen(url), esc, sizeof(esc));
	snprintf(msg, sizeof(msg), "%s: pid %d listens there now; reading it", esc, (int)s->pid);
	t->say(t->say_ctx, msg);
}

/* Looks again for the listener of a service found by its URL: nobody yet,
 * or its process gone.  Starts its reads when found. */
static void svc_refind(struct top_go *t, struct top_go_svc *s, const struct hostscan *hs)
{
	if (s->given || s->merged || hs->now < s->next_find)
		return;
	if (s->pid > 0) {
		if (hostscan_find(hs, s->pid) || proc_pid_exists(t->root, s->pid))
			return;
		svc_lost(s);
	}
	s->next_find = hs->now + TOP_GO_REFIND;
	if (svc_find(s, t->root, say_nothing, NULL) != 0)
		return;
	s->conf.interval = t->interval;
	svc_runtime(s, t->root);
	if (watch_go_start(&s->wg, &s->conf) >= 0) { /* no thread: said; try again later */
		s->pid = 0;
		return;
	}
	s->note[0] = 0;
	say_found(t, s);
}

void top_go_tick(struct top_go *t, struct hostscan *hs, struct series *scratch)
{
	for (size_t i = 0; i < t->n; i++) {
		struct top_go_svc *s = &t->s[i];
		struct proc_row *r;
		struct top_go_evidence ev;
		svc_refind(t, s, hs);
		if (!s->wg.gf)
			continue;
		svc_take(s, hs->now);
		if (!(r = hostscan_find(hs, s->pid)))
			continue;
		ev = (struct top_go_evidence){
			.reads = s->reads, .nreads = s->nreads, .first = s->wg.have ? &s->wg.first.gr : NULL,
			.last = s->wg.have ? &s->wg.last.gr : NULL, .pprof = s->conf.pprof, .is_go = s->is_go,
			.madv_free = s->madv_free, .memlimit = s->memlimit,
			.gogc = s->gogc, .go_version = s->go_version[0] ? s->go_version : NULL,
		};
		top_judge_row_go(r, hs->now, hs->interval, NAN, &ev, scratch, &s->v);
		s->have_v = true;
	}
}

const struct top_go_svc *top_go_find(const struct top_go *t, pid_t pid)
{
	for (size_t i = 0; pid > 0 && i < t->n; i++)
		if (t->s[i].pid == pid && t->s[i].wg.gf)
			return &t->s[i];
	return NULL;
}

/* S is escaped already (the verdict's words, the notices), or NULL. */
static json_t *str_or_null(const char *s)
{
	return s && s[0] ? json_string(s) : json_null();
}

/* A URL as the user gave it, escaped. */
static json_t *url_or_null(const char *url)
{
	char esc[1024];

	if (!url)
		return json_null();
	escape_name(url, strlen(url), esc, sizeof(esc));
	return json_string(esc);
}

json_t *top_go_json(const struct top_go_svc *s)
{
	json_t *o = json_object();
	const struct sample *last = s->nreads ? &s->reads[s->nreads - 1] : NULL;
	struct verdict_text vt;

	json_object_set_new(o, "pprof", url_or_null(s->conf.pprof));
	json_object_set_new(o, "expvar", url_or_null(s->conf.expvar));
	json_object_set_new(o, "reads", json_integer((json_int_t)s->nreads));
	json_object_set_new(o, "goroutines", json_number_or_null(last ? last->v[M_GO_GOROUTINES] : NAN));
	/* M_GO_* are in the order of enum go_stat */
	for (int i = 0; i < GS_COUNT; i++)
		json_object_set_new(o, go_stat_keys[i], json_number_or_null(last ? last->v[M_GO_HEAP_ALLOC + i] : NAN));
	if (s->have_v && s->v.go.finding != GOF_NONE) {
		verdict_render(&s->v, &vt);
		json_object_set_new(o, "finding", json_string(go_finding_name(s->v.go.finding)));
		json_object_set_new(o, "summary", str_or_null(vt.go));
		json_object_set_new(o, "hint", str_or_null(vt.go_hint));
	} else {
		json_object_set_new(o, "finding", json_null());
		json_object_set_new(o, "summary", json_null());
		json_object_set_new(o, "hint", json_null());
	}
	/* the last notice, while it is a failure */
	json_object_set_new(o, "error", str_or_null(strstr(s->note, "going on without") ? s->note : NULL));
	return o;
}

void top_go_stop(struct top_go *t)
{
	for (size_t i = 0; i < t->n; i++)
		watch_go_stop(&t->s[i].wg);
}
