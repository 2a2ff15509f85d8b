#include "config.h"
#include "output-metrics.h"
#include "analysis-verdict.h"
#include "util.h"

#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------- negotiation */

const char *metrics_content_type(enum metrics_format f)
{
	return f == METRICS_OPENMETRICS ? "application/openmetrics-text; version=1.0.0; charset=utf-8"
					: "text/plain; version=0.0.4; charset=utf-8";
}

struct cursor {
	const char *p, *end;
};

static void skip_ows(struct cursor *c)
{
	while (c->p < c->end && (*c->p == ' ' || *c->p == '\t'))
		c->p++;
}

/* A token up to one of STOPS (or the end), trailing blanks trimmed. */
static size_t token(struct cursor *c, const char *stops, const char **start)
{
	const char *e;

	skip_ows(c);
	*start = c->p;
	while (c->p < c->end && !(*c->p && strchr(stops, *c->p))) /* a NUL byte is no stop */
		c->p++;
	e = c->p;
	while (e > *start && (e[-1] == ' ' || e[-1] == '\t'))
		e--;
	return (size_t)(e - *start);
}

static bool token_is(const char *t, size_t n, const char *word)
{
	return n == strlen(word) && strncasecmp(t, word, n) == 0;
}

/* RFC 9110 qvalue: "0", "0.xyz", "1", "1.000"; -1 when malformed. */
static double parse_q(const char *t, size_t n)
{
	double q, scale = 0.1;
	size_t i = 1;

	if (n == 0 || (t[0] != '0' && t[0] != '1'))
		return -1;
	q = t[0] - '0';
	if (n == 1)
		return q;
	if (t[1] != '.' || n > 5)
		return -1;
	for (i = 2; i < n; i++, scale /= 10) {
		if (t[i] < '0' || t[i] > '9')
			return -1;
		q += (t[i] - '0') * scale;
	}
	return q > 1 ? -1 : q;
}

enum media { MEDIA_OTHER, MEDIA_OPENMETRICS, MEDIA_TEXT };

/* The parameters after a media type up to the next ',': its q (1 when
 * absent, 0 when malformed) and whether a version other than WANT_VERSION
 * was asked for. */
static double media_params(struct cursor *c, const char *want_version, bool *other_version)
{
	double q = 1;
	const char *t;
	size_t n;

	*other_version = false;
	while (c->p < c->end && *c->p == ';') {
		c->p++;
		n = token(c, "=;,", &t);
		bool is_q = token_is(t, n, "q"), is_version = token_is(t, n, "version");
		if (c->p >= c->end || *c->p != '=')
			continue;
		c->p++;
		skip_ows(c);
		if (c->p < c->end && *c->p == '"') { /* a quoted value: its text */
			t = ++c->p;
			while (c->p < c->end && *c->p != '"')
				c->p++;
			n = (size_t)(c->p - t);
			if (c->p < c->end)
				c->p++;
			skip_ows(c);
		} else {
			n = token(c, ";,", &t);
		}
		if (is_q && (q = parse_q(t, n)) < 0)
			q = 0;
		if (is_version && want_version && !token_is(t, n, want_version))
			*other_version = true;
	}
	return q;
}

enum metrics_format metrics_negotiate(const char *accept, size_t len)
{
	struct cursor c = { accept, accept ? accept + len : accept };
	double om = 0, text = 0;

	while (accept && c.p < c.end) {
		const char *t;
		size_t n = token(&c, ";,", &t);
		enum media m = token_is(t, n, "application/openmetrics-text") ? MEDIA_OPENMETRICS
			       : token_is(t, n, "text/plain") || token_is(t, n, "text/*") || token_is(t, n, "*/*")
				       ? MEDIA_TEXT
				       : MEDIA_OTHER;
		const char *want = m == MEDIA_OPENMETRICS			    ? "1.0.0"
				   : m == MEDIA_TEXT && token_is(t, n, "text/plain") ? "0.0.4"
										     : NULL;
		bool other_version;
		double q = media_params(&c, want, &other_version);

		if (m == MEDIA_OPENMETRICS && !other_version && q > om)
			om = q;
		else if (m == MEDIA_TEXT && !other_version && q > text)
			text = q;
		while (c.p < c.end && *c.p != ',') /* whatever is left of this range */
			c.p++;
		if (c.p < c.end)
			c.p++;
	}
	return om > 0 && om > text ? METRICS_OPENMETRICS : METRICS_TEXT;
}

/* --------------------------------------------------------- rendering */

struct mbuf {
	char *p;
	size_t n, cap;
};

static void put(struct mbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(struct mbuf *b, const char *fmt, ...)
{
	va_list ap;
	int k;

	for (;;) {
		va_start(ap, fmt);
		k = vsnprintf(b->p + b->n, b->cap - b->n, fmt, ap);
		va_end(ap);
		if (k >= 0 && (size_t)k < b->cap - b->n)
			break;
		b->cap = b->cap * 2 + (k > 0 ? (size_t)k : 0) + 256;
		b->p = xrealloc(b->p, b->cap);
	}
	b->n += (size_t)k;
}

/* A label value: backslash, double quote and newline escaped (both
 * formats).  Names are escaped by escape_name() before they get here, so
 * no control bytes are left; their "\xHH" escapes double the backslash. */
static void put_label(struct mbuf *b, const char *name, const char *value, bool comma)
{
	put(b, "%s%s=\"", comma ? "," : "", name);
	for (const char *s = value ? value : ""; *s; s++) {
		if (*s == '\\' || *s == '"')
			put(b, "\\%c", *s);
		else if (*s == '\n')
			put(b, "\\n");
		else
			put(b, "%c", *s);
	}
	put(b, "\"");
}

/* A sample's value; integers (bytes) without an exponent up to 1e15. */
static void put_value(struct mbuf *b, double v)
{
	if (isinf(v))
		put(b, " %s\n", v > 0 ? "+Inf" : "-Inf");
	else
		put(b, " %.15g\n", v);
}

enum ftype { F_GAUGE, F_COUNTER, F_STATESET };

struct family {
	const char *name; /* for counters, without _total */
	enum ftype type;
	const char *unit; /* OpenMetrics UNIT, or NULL */
	const char *help;
};

static void put_family(struct mbuf *b, enum metrics_format f, const struct family *fam)
{
	static const char *const om_types[] = { "gauge", "counter", "stateset" };
	bool om = f == METRICS_OPENMETRICS;
	/* the text format names a counter's family by its sample, with
	 * _total; it has no state sets: a verdict is a gauge there */
	const char *suffix = !om && fam->type == F_COUNTER ? "_total" : "";
	const char *type = om ? om_types[fam->type] : fam->type == F_COUNTER ? "counter" : "gauge";

	put(b, "# HELP %s%s %s\n", fam->name, suffix, fam->help);
	put(b, "# TYPE %s%s %s\n", fam->name, suffix, type);
	if (om && fam->unit)
		put(b, "# UNIT %s %s\n", fam->name, fam->unit);
}

/* -------------------------------------------------------- processes */

static const char *const pcomp_names[MP_COUNT] = {
	[MP_RSS] = "rss", [MP_EFFECTIVE] = "effective", [MP_LAZYFREE] = "lazyfree", [MP_SWAP] = "swap",
	[MP_PSS] = "pss", [MP_ANON] = "anon", [MP_FILE] = "file", [MP_SHMEM] = "shmem",
};
static const char *const ccomp_names[MCG_COUNT] = {
	[MCG_USAGE] = "usage", [MCG_ANON] = "anon", [MCG_FILE] = "file", [MCG_SHMEM] = "shmem",
	[MCG_KERNEL] = "kernel", [MCG_SWAP] = "swap",
};

const char *metrics_pcomp_name(enum metrics_pcomp c)
{
	return (unsigned)c < MP_COUNT ? pcomp_names[c] : "?";
}

const char *metrics_ccomp_name(enum metrics_ccomp c)
{
	return (unsigned)c < MCG_COUNT ? ccomp_names[c] : "?";
}

static void proc_labels(struct mbuf *b, const char *name, const struct metrics_process *p)
{
	char pid[24];

	snprintf(pid, sizeof(pid), "%d", (int)p->pid);
	put(b, "%s{", name);
	put_label(b, "pid", pid, false);
	put_label(b, "comm", p->comm, true);
}

static void cg_labels(struct mbuf *b, const char *name, const struct metrics_cgroup *c)
{
	put(b, "%s{", name);
	put_label(b, "cgroup", c->path, false);
	put_label(b, "container_id", c->id, true);
	put_label(b, "runtime", c->runtime, true);
}

/* One gauge per target of a double field; NaN targets are left out. */
static void proc_gauge(struct mbuf *b, enum metrics_format f, const struct metrics_page *pg, const struct family *fam,
		       size_t offset)
{
	put_family(b, f, fam);
	for (size_t i = 0; i < pg->nprocs; i++) {
		double v = *(const double *)((const char *)&pg->procs[i] + offset);
		if (isnan(v))
			continue;
		proc_labels(b, fam->name, &pg->procs[i]);
		put(b, "}");
		put_value(b, v);
	}
}

static void cg_gauge(struct mbuf *b, enum metrics_format f, const struct metrics_page *pg, const struct family *fam,
		     size_t offset)
{
	put_family(b, f, fam);
	for (size_t i = 0; i < pg->ncgroups; i++) {
		double v = *(const double *)((const char *)&pg->cgroups[i] + offset);
		if (isnan(v))
			continue;
		cg_labels(b, fam->name, &pg->cgroups[i]);
		put(b, "}");
		put_value(b, v);
	}
}

/* The state set of one target's verdict: states 0..LAST, the current 1.
 * A target not judged yet has no series (unknown, not "no verdict"). */
static void verdict_states(struct mbuf *b, const char *name, int verdict, int last, const struct metrics_process *p,
			   const struct metrics_cgroup *c)
{
	if (verdict < 0)
		return;
	for (int k = 0; k <= last; k++) {
		if (p)
			proc_labels(b, name, p);
		else
			cg_labels(b, name, c);
		put_label(b, name, verdict_name((enum verdict_kind)k), true);
		put(b, "}");
		put_value(b, k == verdict);
	}
}

static void render_processes(struct mbuf *b, enum metrics_format f, const struct metrics_page *pg)
{
	static const struct family mem = { "memtrace_process_memory_bytes", F_GAUGE, "bytes",
					   "Memory of a process by component (rss, effective = rss - lazyfree, "
					   "lazyfree, swap, pss, anon, file, shmem)." },
				    growth = { "memtrace_process_growth_bytes_per_second", F_GAUGE, "bytes_per_second",
					       "Growth of the memory a process holds (rss + swap, recent slope; a "
					       "leak's robust slope)." },
				    verdict = { "memtrace_process_verdict", F_STATESET, NULL,
						"Running verdict of a process: 1 for the current state." },
				    ttl = { "memtrace_process_time_to_limit_seconds", F_GAUGE, "seconds",
					    "A leaking process: seconds until MemAvailable runs out at its rate." },
				    start = { "memtrace_process_start_time_seconds", F_GAUGE, "seconds",
					      "Start time of a process since the epoch (tells a reused pid)." };

	put_family(b, f, &mem);
	for (size_t i = 0; i < pg->nprocs; i++)
		for (int c = 0; c < MP_COUNT; c++) {
			if (isnan(pg->procs[i].mem[c]))
				continue;
			proc_labels(b, mem.name, &pg->procs[i]);
			put_label(b, "component", pcomp_names[c], true);
			put(b, "}");
			put_value(b, pg->procs[i].mem[c]);
		}
	proc_gauge(b, f, pg, &growth, offsetof(struct metrics_process, growth));
	put_family(b, f, &verdict);
	for (size_t i = 0; i < pg->nprocs; i++)
		verdict_states(b, verdict.name, pg->procs[i].verdict, VERDICT_STABLE, &pg->procs[i], NULL);
	proc_gauge(b, f, pg, &ttl, offsetof(struct metrics_process, time_to_limit));
	proc_gauge(b, f, pg, &start, offsetof(struct metrics_process, start_time));
}

/* ---------------------------------------------------------- cgroups */

static void render_cgroups(struct mbuf *b, enum metrics_format f, const struct metrics_page *pg)
{
	static const struct family mem = { "memtrace_cgroup_memory_bytes", F_GAUGE, "bytes",
					   "Memory of a cgroup by component (usage, anon, file = page cache with "
					   "shmem, shmem, kernel, swap)." },
				    limit = { "memtrace_cgroup_limit_bytes", F_GAUGE, "bytes",
					      "Memory limit of a cgroup (none: no series)." },
				    tool = { "memtrace_cgroup_tool_bytes", F_GAUGE, "bytes",
					     "The figure each tool would show for a cgroup (docker_stats, "
					     "kubelet_working_set, cadvisor_rss, ...)." },
				    growth = { "memtrace_cgroup_growth_bytes_per_second", F_GAUGE, "bytes_per_second",
					       "Growth of a cgroup's usage + swap (recent slope)." },
				    verdict = { "memtrace_cgroup_verdict", F_STATESET, NULL,
						"Running verdict of a cgroup: 1 for the current state." },
				    ttl = { "memtrace_cgroup_time_to_limit_seconds", F_GAUGE, "seconds",
					    "A leaking cgroup: seconds until its limit at its rate." };

	put_family(b, f, &mem);
	for (size_t i = 0; i < pg->ncgroups; i++)
		for (int c = 0; c < MCG_COUNT; c++) {
			if (isnan(pg->cgroups[i].mem[c]))
				continue;
			cg_labels(b, mem.name, &pg->cgroups[i]);
			put_label(b, "component", ccomp_names[c], true);
			put(b, "}");
			put_value(b, pg->cgroups[i].mem[c]);
		}
	cg_gauge(b, f, pg, &limit, offsetof(struct metrics_cgroup, limit));
	put_family(b, f, &tool);
	for (size_t i = 0; i < pg->ncgroups; i++)
		for (int t = 0; t < TOOL_COUNT; t++) {
			if (!pg->cgroups[i].tool[t].id || isnan(pg->cgroups[i].tool[t].value))
				continue;
			cg_labels(b, tool.name, &pg->cgroups[i]);
			put_label(b, "tool", pg->cgroups[i].tool[t].id, true);
			put(b, "}");
			put_value(b, pg->cgroups[i].tool[t].value);
		}
	cg_gauge(b, f, pg, &growth, offsetof(struct metrics_cgroup, growth));
	put_family(b, f, &verdict);
	for (size_t i = 0; i < pg->ncgroups; i++)
		verdict_states(b, verdict.name, pg->cgroups[i].verdict, VERDICT_KERNEL, NULL, &pg->cgroups[i]);
	cg_gauge(b, f, pg, &ttl, offsetof(struct metrics_cgroup, time_to_limit));
}

/* ------------------------------------------------------------- self */

static void self_sample(struct mbuf *b, enum metrics_format f, const struct family *fam, double v)
{
	put_family(b, f, fam);
	if (isnan(v))
		return;
	put(b, "%s%s", fam->name, fam->type == F_COUNTER ? "_total" : "");
	put_value(b, v);
}

static void render_self(struct mbuf *b, enum metrics_format f, const struct metrics_page *pg)
{
	static const struct family cpu = { "memtrace_cpu_seconds", F_COUNTER, "seconds",
					   "CPU time memtrace has used (user + system)." },
				    rss = { "memtrace_resident_memory_bytes", F_GAUGE, "bytes",
					    "memtrace's own resident memory." },
				    rounds = { "memtrace_rounds", F_COUNTER, NULL, "Rounds of sampling done." },
				    samples = { "memtrace_samples", F_COUNTER, NULL,
						"Target samples taken (one per process or cgroup per round)." },
				    dur = { "memtrace_round_duration_seconds", F_GAUGE, "seconds",
					    "Wall time of the last round (scan, verdicts, rendering)." },
				    start = { "memtrace_start_time_seconds", F_GAUGE, "seconds",
					      "When memtrace started, seconds since the epoch." },
				    targets = { "memtrace_targets", F_GAUGE, NULL,
						"Targets exported in this page, by kind (process, cgroup)." };
	const struct metrics_self *s = &pg->self;

	self_sample(b, f, &cpu, s->cpu_seconds);
	self_sample(b, f, &rss, s->rss);
	self_sample(b, f, &rounds, (double)s->rounds);
	self_sample(b, f, &samples, (double)s->samples);
	self_sample(b, f, &dur, s->round_seconds);
	self_sample(b, f, &start, s->start_time);
	put_family(b, f, &targets);
	put(b, "%s{", targets.name);
	put_label(b, "kind", "process", false);
	put(b, "}");
	put_value(b, (double)pg->nprocs);
	put(b, "%s{", targets.name);
	put_label(b, "kind", "cgroup", false);
	put(b, "}");
	put_value(b, (double)pg->ncgroups);
}

char *metrics_render(const struct metrics_page *p, enum metrics_format f, size_t *len)
{
	struct mbuf b = { xmalloc(4096), 0, 4096 };

	b.p[0] = '\0';
	render_processes(&b, f, p);
	render_cgroups(&b, f, p);
	render_self(&b, f, p);
	if (f == METRICS_OPENMETRICS)
		put(&b, "# EOF\n");
	*len = b.n;
	return b.p;
}
