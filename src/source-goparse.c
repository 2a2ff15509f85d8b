#include "config.h"
#include "source-goparse.h"
#include "escape.h"

#include <jansson.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

/* A cursor over [p, end): every read checks end, nothing is terminated. */
struct cur {
	const char *p, *end;
};

/* The next line (without its '\n') into [*b, *e); false at the end.
 * Go ends every line of a profile with '\n': a last line without one was
 * cut short (a truncated body), and "HeapIdle = 4292" of "429260800"
 * would be a wrong number, so it is not returned. */
static bool next_line(struct cur *c, const char **b, const char **e)
{
	const char *nl;

	if (c->p >= c->end)
		return false;
	nl = memchr(c->p, '\n', (size_t)(c->end - c->p));
	if (!nl)
		return false;
	*b = c->p;
	*e = nl;
	c->p = nl + 1;
	return true;
}

static bool starts(const char *b, const char *e, const char *s)
{
	size_t n = strlen(s);
	return (size_t)(e - b) >= n && memcmp(b, s, n) == 0;
}

static const char *skip_blank(const char *p, const char *e)
{
	while (p < e && (*p == ' ' || *p == '\t' || *p == '\r'))
		p++;
	return p;
}

/* An unsigned decimal at *P; advances.  At most 18 digits: every field
 * kept is bytes or a count far below 10^18, and below it a value always
 * fits the int64 of JSON output (PauseEnd's 19-digit times are not kept). */
#define GO_MAX_DIGITS 18
#define GO_MAX_VALUE 1e18

static bool read_uint(const char **p, const char *e, double *v)
{
	uint64_t u = 0;
	int n = 0;

	while (*p < e && **p >= '0' && **p <= '9' && n < GO_MAX_DIGITS) {
		u = u * 10 + (uint64_t)(**p - '0');
		(*p)++;
		n++;
	}
	if (n == 0 || (*p < e && **p >= '0' && **p <= '9'))
		return false;
	*v = (double)u;
	return true;
}

/* Does the body look like an HTML page rather than what was asked? */
static bool is_html(const char *buf, size_t len)
{
	const char *p = skip_blank(buf, buf + len);

	while (p < buf + len && *p == '\n')
		p = skip_blank(p + 1, buf + len);
	return p < buf + len && *p == '<';
}

/* ---- /debug/pprof/heap?debug=1 ------------------------------------------ */

#define GO_PAUSES 256 /* runtime.MemStats.PauseNs is a ring of 256 */

struct heap_parse {
	double *stat;
	double pauses[GO_PAUSES];
	unsigned npauses;
};

/* "[1 2 3]": the ring of pauses, as many as are complete. */
static void heap_pauses(struct heap_parse *h, const char *p, const char *e)
{
	if (p >= e || *p != '[')
		return;
	p++;
	h->npauses = 0;
	while (h->npauses < GO_PAUSES) {
		double v;
		p = skip_blank(p, e);
		if (!read_uint(&p, e, &v))
			break;
		h->pauses[h->npauses++] = v;
	}
}

/* One "# Key = value" line of the trailer. */
static void heap_line(struct heap_parse *h, const char *b, const char *e)
{
	const char *k = b + 2, *ke = k, *p;
	double v;
	int s;

	while (ke < e && ((*ke >= 'A' && *ke <= 'Z') || (*ke >= 'a' && *ke <= 'z')))
		ke++;
	if (ke == k || !starts(ke, e, " = "))
		return;
	p = ke + 3;
	if (ke - k == 7 && memcmp(k, "PauseNs", 7) == 0) {
		heap_pauses(h, p, e);
		return;
	}
	/* "Stack = 393216 / 393216" is StackInuse / StackSys */
	s = ke - k == 5 && memcmp(k, "Stack", 5) == 0 ? GS_STACK_INUSE : go_stat_from_key(k, (unsigned)(ke - k));
	if (s < 0 || s == GS_LAST_PAUSE_NS || !read_uint(&p, e, &v))
		return;
	if (p < e && *p != ' ' && *p != '\r')
		return; /* "12.5", "12abc": not a field memtrace knows */
	h->stat[s] = v;
}

/* PauseNs[(NumGC+255)%256] is the last pause (runtime/mstats.go). */
static double last_pause(const double *pauses, unsigned n, double numgc)
{
	unsigned i;

	if (!(numgc >= 1) || n < GO_PAUSES)
		return NAN;
	i = (unsigned)fmod(numgc + GO_PAUSES - 1, GO_PAUSES);
	return pauses[i];
}

enum go_parse goparse_heap(const char *buf, size_t len, double stat[GS_COUNT])
{
	struct cur c = { buf, buf + len };
	struct heap_parse h = { .stat = stat };
	const char *b, *e;
	bool trailer = false, profile = false;

	if (len == 0)
		return GP_EMPTY;
	if (is_html(buf, len))
		return GP_HTML;
	while (next_line(&c, &b, &e)) {
		if (starts(b, e, "heap profile: "))
			profile = true;
		if (starts(b, e, "# runtime.MemStats"))
			trailer = true;
		else if (trailer && starts(b, e, "# "))
			heap_line(&h, b, e);
	}
	if (!trailer)
		return profile ? GP_NO_MEMSTATS : GP_NOT_PROFILE;
	stat[GS_LAST_PAUSE_NS] = last_pause(h.pauses, h.npauses, stat[GS_NUM_GC]);
	return GP_OK;
}

/* ---- /debug/pprof/goroutine?debug=1 ------------------------------------- */

/* "COUNT @ 0x..." starts a group; its count, or false. */
static bool group_header(const char *b, const char *e, double *count)
{
	const char *p = b;

	return read_uint(&p, e, count) && starts(p, e, " @");
}

/* "#\t0x4690e8\tmain.worker+0x48\t/src/main.go:65": the function name,
 * without its offset, escaped into OUT. */
static bool frame_func(const char *b, const char *e, char *out, size_t outsz)
{
	const char *p = b + 1, *f, *fe;

	if (!starts(b, e, "#\t") && !starts(b, e, "# "))
		return false;
	p = skip_blank(p, e);
	if (!starts(p, e, "0x"))
		return false; /* "# labels: {...}" */
	while (p < e && *p != ' ' && *p != '\t')
		p++;
	f = skip_blank(p, e);
	fe = f;
	while (fe < e && *fe != ' ' && *fe != '\t')
		fe++;
	for (const char *q = fe; q > f + 2; q--)
		if (q[-1] == 'x' && q[-2] == '0' && q - 3 >= f && q[-3] == '+') {
			fe = q - 3;
			break;
		}
	if (fe == f)
		return false;
	escape_name(f, (size_t)(fe - f), out, outsz);
	return true;
}

/* Keeps G among the GO_GROUPS largest, largest first (an equal count
 * keeps the earlier group). */
static void keep_group(struct go_goroutines *gr, const struct go_group *g)
{
	unsigned i = gr->ngroups < GO_GROUPS ? gr->ngroups : GO_GROUPS - 1;

	if (gr->ngroups == GO_GROUPS && !(g->count > gr->g[GO_GROUPS - 1].count))
		return;
	while (i > 0 && g->count > gr->g[i - 1].count) {
		gr->g[i] = gr->g[i - 1];
		i--;
	}
	gr->g[i] = *g;
	if (gr->ngroups < GO_GROUPS)
		gr->ngroups++;
}

enum go_parse goparse_goroutines(const char *buf, size_t len, struct go_goroutines *gr)
{
	struct cur c = { buf, buf + len };
	struct go_group g;
	const char *b, *e, *p;
	bool in_group = false;

	go_goroutines_clear(gr);
	if (len == 0)
		return GP_EMPTY;
	if (is_html(buf, len))
		return GP_HTML;
	if (!next_line(&c, &b, &e) || !starts(b, e, "goroutine profile: total "))
		return GP_NOT_PROFILE;
	p = b + strlen("goroutine profile: total ");
	if (!read_uint(&p, e, &gr->total))
		return GP_NOT_PROFILE;
	while (next_line(&c, &b, &e)) {
		double count;
		if (group_header(b, e, &count)) {
			if (in_group)
				keep_group(gr, &g);
			memset(&g, 0, sizeof(g));
			g.count = count;
			in_group = true;
		} else if (in_group && g.nframes < GO_FRAMES &&
			   frame_func(b, e, g.func[g.nframes], sizeof(g.func[0]))) {
			g.nframes++;
		}
	}
	if (in_group)
		keep_group(gr, &g);
	return GP_OK;
}

/* ---- /debug/pprof/ ----------------------------------------------------------- */

enum go_parse goparse_pprof_index(const char *buf, size_t len, double *goroutines)
{
	static const char link[] = ">goroutine</a>";
	struct cur c = { buf, buf + len };
	const char *b, *e;

	*goroutines = NAN;
	if (len == 0)
		return GP_EMPTY;
	while (next_line(&c, &b, &e)) {
		const char *p = memmem(b, (size_t)(e - b), link, sizeof(link) - 1);
		if (!p)
			continue;
		/* a cell of digits alone: ">N<" (the link's "debug=1" is not one) */
		for (const char *q = b; q + 1 < p; q++) {
			const char *d = q + 1;
			double v;
			if (*q != '>' || *d < '0' || *d > '9')
				continue;
			if (read_uint(&d, p, &v) && *d == '<') {
				*goroutines = v;
				return GP_OK;
			}
		}
		return GP_NOT_INDEX;
	}
	return GP_NOT_INDEX;
}

/* ---- /debug/vars ----------------------------------------------------------- */

_Static_assert(GS_LAST_PAUSE_NS == GS_COUNT - 1, "the derived field is last");

static void expvar_pauses(const json_t *a, double stat[GS_COUNT])
{
	double numgc = stat[GS_NUM_GC];
	size_t i;

	if (!json_is_array(a) || json_array_size(a) != GO_PAUSES || !(numgc >= 1))
		return;
	i = (size_t)fmod(numgc + GO_PAUSES - 1, GO_PAUSES);
	if (json_is_number(json_array_get(a, i)) && json_number_value(json_array_get(a, i)) >= 0 &&
	    json_number_value(json_array_get(a, i)) < GO_MAX_VALUE)
		stat[GS_LAST_PAUSE_NS] = json_number_value(json_array_get(a, i));
}

/* A count a service published itself: a whole number in range. */
static double published_count(const json_t *root)
{
	static const char *const names[] = { "goroutines", "NumGoroutine" };

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		const json_t *v = json_object_get(root, names[i]);
		double n = json_is_number(v) ? json_number_value(v) : NAN;
		if (n >= 0 && n < GO_MAX_VALUE && n == floor(n))
			return n;
	}
	return NAN;
}

enum go_parse goparse_expvar(const char *buf, size_t len, double stat[GS_COUNT], double *goroutines)
{
	json_t *root, *ms;

	*goroutines = NAN;
	if (len == 0)
		return GP_EMPTY;
	if (is_html(buf, len))
		return GP_HTML;
	/* Go's uint64 fields may not fit jansson's json_int_t: doubles */
	root = json_loadb(buf, len, JSON_DECODE_INT_AS_REAL | JSON_REJECT_DUPLICATES, NULL);
	if (!json_is_object(root)) {
		json_decref(root);
		return GP_NOT_JSON;
	}
	ms = json_object_get(root, "memstats");
	if (!json_is_object(ms)) {
		json_decref(root);
		return GP_NOT_EXPVAR;
	}
	for (int s = 0; s < GS_LAST_PAUSE_NS; s++) {
		json_t *v = json_object_get(ms, go_stat_keys[s]);
		if (json_is_number(v) && json_number_value(v) >= 0 && json_number_value(v) < GO_MAX_VALUE)
			stat[s] = json_number_value(v);
	}
	expvar_pauses(json_object_get(ms, "PauseNs"), stat);
	*goroutines = published_count(root);
	json_decref(root);
	return GP_OK;
}
