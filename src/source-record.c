#include "config.h"
#include "source-record.h"
#include "escape.h"
#include "model-recording.h"
#include "util.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

/* ---- the fast path for sample lines ----
 *
 * A recording of a day at 100 ms has 864,000 sample lines, and building a
 * jansson tree for each costs ~11 us (analyze must read a million samples
 * in about 2 s).  Sample lines are memtrace's own flat format: an object of
 * numbers, a "tiers" array of strings, a "classes" object of numbers and a
 * few strings.  This scanner reads exactly that and nothing else; any
 * other shape (escapes, nesting, a surprise) returns false and the line
 * goes to jansson, which stays the reference parser. */

struct scan {
	const char *p, *end;
};

static void ws(struct scan *s)
{
	while (s->p < s->end && (*s->p == ' ' || *s->p == '\t' || *s->p == '\n' || *s->p == '\r'))
		s->p++;
}

static bool eat(struct scan *s, char c)
{
	ws(s);
	if (s->p < s->end && *s->p == c) {
		s->p++;
		return true;
	}
	return false;
}

/* A string without escapes, in ASCII; sets [*b, *e).  Anything else
 * (escapes, control bytes, UTF-8 jansson may reject) is left to jansson:
 * found by fuzzing, the fast reader took a key with an invalid UTF-8 byte
 * that jansson rejects. */
static bool str(struct scan *s, const char **b, const char **e)
{
	if (!eat(s, '"'))
		return false;
	*b = s->p;
	while (s->p < s->end && *s->p != '"') {
		unsigned char c = (unsigned char)*s->p;
		if (c == '\\' || c < 0x20 || c >= 0x80)
			return false;
		s->p++;
	}
	if (s->p == s->end)
		return false;
	*e = s->p++;
	return true;
}

/* The length of a number in JSON's grammar at [p, end):
 * -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?, 0 if there is none.
 * strtod alone takes more (hex, inf, nan, leading zeros). */
static size_t json_number_len(const char *p, const char *end)
{
	const char *q = p;

#define DIGIT(c) ((c) >= '0' && (c) <= '9')
	if (q < end && *q == '-')
		q++;
	if (q < end && *q == '0')
		q++;
	else if (q < end && DIGIT(*q))
		while (q < end && DIGIT(*q))
			q++;
	else
		return 0;
	if (q < end && *q == '.') {
		if (++q >= end || !DIGIT(*q))
			return 0;
		while (q < end && DIGIT(*q))
			q++;
	}
	if (q < end && (*q == 'e' || *q == 'E')) {
		if (++q < end && (*q == '+' || *q == '-'))
			q++;
		if (q >= end || !DIGIT(*q))
			return 0;
		while (q < end && DIGIT(*q))
			q++;
	}
#undef DIGIT
	return (size_t)(q - p);
}

static bool num(struct scan *s, double *v)
{
	char buf[64];
	size_t n;
	bool integer;

	ws(s);
	n = json_number_len(s->p, s->end);
	if (n == 0 || n >= sizeof(buf))
		return false;
	integer = memchr(s->p, '.', n) == NULL && memchr(s->p, 'e', n) == NULL && memchr(s->p, 'E', n) == NULL;

	/* jansson reads an integer into a long long and rejects a bigger one */
	if (integer && n > 18)
		return false;
	/* byte counts are integers: read those without strtod */
	if (integer && s->p[0] != '-') {
		uint64_t u = 0;
		for (size_t i = 0; i < n; i++)
			u = u * 10 + (uint64_t)(s->p[i] - '0');
		*v = (double)u;
		s->p += n;
		return true;
	}
	memcpy(buf, s->p, n); /* the line is not ours to terminate */
	buf[n] = '\0';
	*v = strtod(buf, NULL);
	if (!isfinite(*v)) /* jansson rejects an overflow */
		return false;
	s->p += n;
	return true;
}

static bool key_is(const char *b, const char *e, const char *k)
{
	size_t n = strlen(k);
	return (size_t)(e - b) == n && memcmp(b, k, n) == 0;
}

static int metric_of(const char *b, const char *e)
{
	static const char *names[M_COUNT];
	static size_t lens[M_COUNT];

	if (!names[0])
		for (int m = 0; m < M_COUNT; m++) {
			names[m] = metric_name((enum metric)m);
			lens[m] = strlen(names[m]);
		}
	for (int m = 0; m < M_CLASS0; m++)
		if (lens[m] == (size_t)(e - b) && memcmp(names[m], b, lens[m]) == 0)
			return m;
	return -1;
}

/* Which key this is, as a bit: a key seen twice sends the line to
 * jansson (where the last one wins, even when it is null). */
static uint64_t key_bit(const char *b, const char *e)
{
	static const char *const fixed[] = { "t", "wall", "type", "tiers", "classes" };
	int m;

	for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
		if (key_is(b, e, fixed[i]))
			return 1ull << (M_CLASS0 + i);
	m = metric_of(b, e);
	return m >= 0 ? 1ull << m : 0;
}

bool record_fast_sample(const char *line, size_t len, struct sample *x)
{
	struct scan s = { line, line + len };
	bool is_sample = false, have_t = false;
	uint64_t seen = 0;

	_Static_assert(M_CLASS0 + 5 <= 64, "key bits fit in 64");
	sample_clear(x);
	if (!eat(&s, '{'))
		return false;
	do {
		const char *kb, *ke, *vb, *ve;
		double v;
		uint64_t bit;

		if (!str(&s, &kb, &ke) || !eat(&s, ':'))
			return false;
		bit = key_bit(kb, ke);
		if (seen & bit)
			return false;
		seen |= bit;
		ws(&s);
		if (s.p == s.end)
			return false;
		if (*s.p == '"') {
			if (!str(&s, &vb, &ve))
				return false;
			if (key_is(kb, ke, "type"))
				is_sample = key_is(vb, ve, "sample");
		} else if (*s.p == '[') {
			if (!key_is(kb, ke, "tiers"))
				return false;
			s.p++;
			if (!eat(&s, ']')) {
				do {
					if (!str(&s, &vb, &ve))
						return false;
					x->tiers |= key_is(vb, ve, "status")   ? TIER_STATUS
						    : key_is(vb, ve, "rollup") ? TIER_ROLLUP
						    : key_is(vb, ve, "smaps")  ? TIER_SMAPS
									       : 0;
				} while (eat(&s, ','));
				if (!eat(&s, ']'))
					return false;
			}
		} else if (*s.p == '{') {
			if (!key_is(kb, ke, "classes"))
				return false;
			s.p++;
			if (!eat(&s, '}')) {
				do {
					char name[32];
					int c;
					if (!str(&s, &vb, &ve) || !eat(&s, ':') || !num(&s, &v) || ve - vb >= (long)sizeof(name))
						return false;
					memcpy(name, vb, (size_t)(ve - vb));
					name[ve - vb] = '\0';
					c = region_class_from_name(name);
					if (c >= 0)
						x->v[M_CLASS0 + c] = v;
				} while (eat(&s, ','));
				if (!eat(&s, '}'))
					return false;
			}
		} else if (*s.p == 'n') {
			if (s.end - s.p < 4 || memcmp(s.p, "null", 4) != 0)
				return false;
			s.p += 4;
		} else {
			int m;
			if (!num(&s, &v))
				return false;
			if (key_is(kb, ke, "t")) {
				x->t = v;
				have_t = true;
			} else if (key_is(kb, ke, "wall")) {
				x->wall = v;
			} else if ((m = metric_of(kb, ke)) >= 0) {
				x->v[m] = v;
			}
		}
	} while (eat(&s, ','));
	if (!eat(&s, '}'))
		return false;
	ws(&s);
	return is_sample && have_t && s.p == s.end;
}

int sample_from_json(const json_t *o, struct sample *x)
{
	const json_t *j, *classes;
	const char *key;
	size_t i;

	sample_clear(x);
	j = json_object_get(o, "t");
	if (!json_is_number(j))
		return -EINVAL;
	x->t = json_number_value(j);
	x->wall = json_number_value(json_object_get(o, "wall"));
	json_array_foreach(json_object_get(o, "tiers"), i, j) {
		const char *t = json_string_value(j);
		if (!t)
			continue;
		x->tiers |= strcmp(t, "status") == 0 ? TIER_STATUS : strcmp(t, "rollup") == 0 ? TIER_ROLLUP
							     : strcmp(t, "smaps") == 0 ? TIER_SMAPS : 0;
	}
	for (int m = 0; m < M_CLASS0; m++) {
		j = json_object_get(o, metric_name((enum metric)m));
		if (json_is_number(j))
			x->v[m] = json_number_value(j);
	}
	classes = json_object_get(o, "classes");
	json_object_foreach((json_t *)classes, key, j) {
		int c = region_class_from_name(key);
		if (c >= 0 && json_is_number(j))
			x->v[M_CLASS0 + c] = json_number_value(j);
	}
	return 0;
}

int go_goroutines_from_json(const json_t *o, struct go_goroutines *gr)
{
	const json_t *total = json_object_get(o, "total"), *g;
	size_t i;

	go_goroutines_clear(gr);
	if (!json_is_number(total) || !(json_number_value(total) >= 0 && json_number_value(total) < 1e18))
		return -EINVAL;
	gr->total = json_number_value(total);
	json_array_foreach(json_object_get(o, "groups"), i, g) {
		struct go_group *out = &gr->g[gr->ngroups];
		const json_t *f, *count = json_object_get(g, "count");
		size_t k;
		if (gr->ngroups >= GO_GROUPS)
			break;
		if (!json_is_number(count) || !(json_number_value(count) >= 0 && json_number_value(count) < 1e18))
			continue;
		memset(out, 0, sizeof(*out));
		out->count = json_number_value(count);
		json_array_foreach(json_object_get(g, "frames"), k, f) {
			if (out->nframes >= GO_FRAMES)
				break;
			if (json_is_string(f))
				escape_name(json_string_value(f), json_string_length(f), out->func[out->nframes++],
					    GO_FUNC_MAX);
		}
		gr->ngroups++;
	}
	return 0;
}

/* A "go" line in the window: the first and last goroutine profiles. */
static void record_go_line(const json_t *o, double from, double to, struct record_data *d)
{
	double t = json_number_value(json_object_get(o, "t"));
	struct go_goroutines gr;

	if (!isnan(d->first_t) && (t - d->first_t < from || t - d->first_t > to))
		return;
	if (go_goroutines_from_json(json_object_get(o, "goroutines"), &gr) != 0)
		return;
	if (!d->have_go)
		d->go_first = gr;
	d->go_last = gr;
	d->have_go = true;
}

/* ---- lines, at most RECORDING_LINE_MAX bytes ----
 *
 * getline() grows its buffer to the longest line: a 50 MB file of one line
 * took 150 MB and 2 s before being rejected.  This reader keeps the bytes
 * it has read and not yet returned in one buffer that grows (64 KiB at
 * first) to RECORDING_LINE_MAX + 1 bytes and no more, so memory is bounded
 * whatever the file, and a longer line is refused as soon as its first
 * RECORDING_LINE_MAX + 1 bytes are in. */

struct lines {
	FILE *f;
	char *buf;
	size_t start, end, size; /* unreturned bytes are buf[start, end) */
	bool eof;
};

/* The next line, with its '\n' unless it is the last one and was cut:
 * its length (*LINE points into the buffer), 0 at the end, -EFBIG for a
 * line longer than RECORDING_LINE_MAX, or -EIO. */
static ssize_t lines_next(struct lines *l, const char **line)
{
	size_t scanned = 0; /* bytes of buf[start, end) known to hold no '\n' */

	for (;;) {
		size_t unscanned = l->end - l->start - scanned, got;
		char *nl = unscanned ? memchr(l->buf + l->start + scanned, '\n', unscanned) : NULL;

		if (nl || (l->eof && l->end > l->start)) {
			size_t len = nl ? (size_t)(nl - (l->buf + l->start)) + 1 : l->end - l->start;
			if (len > RECORDING_LINE_MAX + (nl ? 1 : 0))
				return -EFBIG;
			*line = l->buf + l->start;
			l->start += len;
			return (ssize_t)len;
		}
		if (l->eof)
			return 0;
		scanned = l->end - l->start;
		if (scanned > RECORDING_LINE_MAX)
			return -EFBIG;
		if (l->start > 0) { /* move the partial line to the front */
			memmove(l->buf, l->buf + l->start, scanned);
			l->start = 0;
			l->end = scanned;
		}
		if (l->end == l->size) {
			l->size = l->size ? l->size * 2 : 64u << 10;
			if (l->size > RECORDING_LINE_MAX + 2)
				l->size = RECORDING_LINE_MAX + 2; /* a line of the maximum and its '\n', and one more byte */
			l->buf = xrealloc(l->buf, l->size);
		}
		got = fread(l->buf + l->end, 1, l->size - l->end, l->f);
		l->end += got;
		if (got == 0) {
			if (ferror(l->f))
				return -EIO;
			l->eof = true;
		}
	}
}

static int bad(struct record_error *e, unsigned long line, const char *what, const char *detail)
{
	e->line = line;
	snprintf(e->text, sizeof(e->text), "%s%s%s", what, detail ? ": " : "", detail ? detail : "");
	return -EINVAL;
}

int record_read(const char *path, double from, double to, struct series *series, struct record_data *d,
		struct record_error *e)
{
	FILE *f = fopen(path, "re");
	struct lines lr = { .f = f };
	const char *line;
	ssize_t len;
	unsigned long no = 0;
	int rc = 0;

	memset(d, 0, sizeof(*d));
	memset(e, 0, sizeof(*e));
	d->first_t = NAN;
	if (!f)
		return -errno;
	while ((len = lines_next(&lr, &line)) > 0) {
		bool complete = line[len - 1] == '\n';
		json_error_t jerr;
		json_t *o;
		const char *type;

		no++;
		if (no > 1 && complete) {
			struct sample x;
			if (record_fast_sample(line, (size_t)len, &x)) {
				if (isnan(d->first_t))
					d->first_t = x.t;
				if (x.t - d->first_t >= from && x.t - d->first_t <= to) {
					series_add(series, &x);
					d->samples++;
				}
				continue;
			}
		}
		o = json_loadb(line, (size_t)len, 0, &jerr);
		if (!o) {
			if (!complete) { /* the last line, cut by a crash: keep the rest */
				d->truncated = true;
				break;
			}
			if (no == 1)
				rc = bad(e, no, "not a memtrace recording (JSON Lines whose first line is the header)",
					 jerr.text);
			else
				rc = bad(e, no, "not valid JSON", jerr.text);
			break;
		}
		type = json_string_value(json_object_get(o, "type"));
		if (no == 1) {
			const char *fmt = json_string_value(json_object_get(o, "format"));
			if (!type || strcmp(type, "header") != 0 || !fmt || strcmp(fmt, RECORDING_FORMAT) != 0) {
				json_decref(o);
				rc = bad(e, no, "not a memtrace recording (the first line must be its header)", NULL);
				break;
			}
			if (json_integer_value(json_object_get(o, "version")) != RECORDING_VERSION) {
				json_decref(o);
				rc = bad(e, no, "unsupported recording version (this memtrace reads version 1)", NULL);
				break;
			}
			d->header = o;
			continue;
		}
		if (type && strcmp(type, "sample") == 0) {
			struct sample x;
			if (sample_from_json(o, &x) != 0) {
				json_decref(o);
				rc = bad(e, no, "a sample without its time \"t\"", NULL);
				break;
			}
			if (isnan(d->first_t))
				d->first_t = x.t;
			if (x.t - d->first_t >= from && x.t - d->first_t <= to) {
				series_add(series, &x);
				d->samples++;
			}
		} else if (type && strcmp(type, "event") == 0) {
			const char *ev = json_string_value(json_object_get(o, "event"));
			double t = json_number_value(json_object_get(o, "t"));
			json_decref(d->event);
			d->event = json_incref(o);
			if (ev && strcmp(ev, "exec") == 0 && (isnan(d->first_t) || t - d->first_t <= to)) {
				series_reset(series);
				d->have_go = false; /* the old program's */
			}
		} else if (type && strcmp(type, "verdict") == 0) {
			json_decref(d->verdict);
			d->verdict = json_incref(o);
		} else if (type && strcmp(type, "go") == 0) {
			record_go_line(o, from, to, d);
		}
		/* other types: written by a newer memtrace; skipped */
		json_decref(o);
	}
	if (rc == 0 && len == -EFBIG) {
		e->line = no + 1;
		snprintf(e->text, sizeof(e->text), "longer than %u MiB", RECORDING_LINE_MAX >> 20);
		rc = -EFBIG;
	} else if (rc == 0 && len < 0) {
		rc = (int)len;
	}
	if (rc == 0 && !d->header)
		rc = bad(e, no ? no : 1, "empty: no header line", NULL);
	free(lr.buf);
	fclose(f);
	return rc;
}

void record_data_free(struct record_data *d)
{
	json_decref(d->header);
	json_decref(d->verdict);
	json_decref(d->event);
	memset(d, 0, sizeof(*d));
}
