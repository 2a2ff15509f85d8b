/*
 * verdict-shapes - the running verdict of the verdict engine on seeded
 * synthetic curves, for bench/verdict-shapes.sh.  Linked against
 * src/libmemtrace.a: what is measured is verdict_compute() itself, fed as
 * `memtrace watch` feeds it, without a process or a clock.
 *
 *   verdict-shapes [--seconds N] [--seed N]
 *
 * For every shape in the table below, at sampling intervals of 100 ms and
 * 1 s, N seconds of samples (default 60; times start at 1000 s like the
 * unit tests) go into a series one by one, and every 1 s of simulated time
 * (and at the last sample) the verdict is computed over the whole series
 * so far, with the running verdict's context: the interval as sampled,
 * NaN for mem_available, limit_left and peak_rss, glibc true.
 *
 * Every sample is the shape's level plus Gaussian noise (sd 64 KiB),
 * rounded to 4 KiB pages, with status and rollup tiers: RSS, LazyFree and
 * effective = RSS - LazyFree.  The second table makes 30% of the ticks
 * status-only (RSS set, effective and LazyFree NaN), as when watch's
 * budget skips the rollup; the curve and its noise are the same.
 *
 * Per shape and interval: the verdict at the end, the time from which the
 * running verdict is right and stays right ("never" if it is wrong at the
 * end), the flips (changes of the running verdict's kind), the running
 * verdicts that said leak or leak-threads on a shape that does not leak
 * (false leaks), and the running verdicts themselves (kind@s).  Markdown
 * on stdout.  The same arguments give the same tables; only the CPU time
 * line at the end depends on the machine.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "analysis-verdict.h"
#include "output-verdict-text.h"

#define KIB 1024.0
#define MIB (1024.0 * 1024)
#define T0 1000.0          /* time of the first sample, s */
#define NOISE (64 * KIB)   /* sd of the Gaussian noise, bytes */
#define OUTLIER (32 * MIB) /* a transient spike of flat-with-outliers */
#define MISSING 0.30       /* share of status-only ticks, second table */
#define THREADS 4

/* --- deterministic noise: xorshift64*, Box-Muller ----------------------- */

struct rng {
	uint64_t s;
};

static uint64_t splitmix64(uint64_t x)
{
	x += 0x9E3779B97F4A7C15ull;
	x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
	x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
	return x ^ (x >> 31);
}

/* One independent stream per (seed, shape, interval, purpose). */
static struct rng rng_for(uint64_t seed, unsigned shape, unsigned interval, unsigned purpose)
{
	uint64_t s = splitmix64(seed);
	s = splitmix64(s ^ shape);
	s = splitmix64(s ^ ((uint64_t)interval << 16));
	s = splitmix64(s ^ ((uint64_t)purpose << 32));
	return (struct rng){ s ? s : 1 };
}

static double uniform(struct rng *r) /* (0, 1) */
{
	r->s ^= r->s >> 12;
	r->s ^= r->s << 25;
	r->s ^= r->s >> 27;
	return ((double)((r->s * 2685821657736338717ull) >> 11) + 0.5) / 9007199254740992.0;
}

static double gauss(struct rng *r)
{
	double u = uniform(r), v = uniform(r);

	return sqrt(-2.0 * log(u)) * cos(2.0 * M_PI * v);
}

static double pages(double bytes)
{
	double p = round(bytes / 4096.0);

	return p < 0 ? 0 : p * 4096;
}

/* --- the shapes: effective memory (and LazyFree) at time t, in bytes ---- */

static double leak(double t) { return 100 * MIB + 1 * MIB * t; }
static double slow_leak(double t) { return 100 * MIB + 64 * KIB * t; }
static double staircase(double t) { return 100 * MIB + 8 * MIB * floor(t / 5); }
static double flat(double t) { (void)t; return 100 * MIB; }
static double step(double t) { return 50 * MIB + (t >= 20 ? 100 * MIB : 0); }
static double two_steps(double t) { return 50 * MIB + (t >= 15 ? 50 * MIB : 0) + (t >= 30 ? 50 * MIB : 0); }
static double ramp_plateau(double t) { return 50 * MIB + 4 * MIB * fmin(t, 15); }
static double decelerating(double t) { return 50 * MIB + 100 * MIB * (1 - exp(-t / 10)); }

/* A GC-like heap: 32 MiB up over 4 s, then back down at once. */
static double saw(double t) { return 32 * MIB * (fmod(t, 4) / 4); }
static double saw_rising(double t) { return 80 * MIB + 256 * KIB * t + saw(t); }
static double saw_flat(double t) { return 80 * MIB + saw(t); }

/* 100 MiB given back from t = 20 s, in STAGES equal parts 1 s apart. */
static double released(double t, int stages)
{
	double done = t < 20 ? 0 : fmin(floor(t - 20) + 1, stages);

	return 150 * MIB - 100 * MIB * done / stages;
}
static double release1(double t) { return released(t, 1); }
static double release3(double t) { return released(t, 3); }
static double release10(double t) { return released(t, 10); }

/* MADV_FREE: 100 MiB freed lazily in 2 stages at 20 and 21 s; RSS stays
 * at 200 MiB, LazyFree rises, effective falls. */
static double madv_lazyfree(double t) { return (t >= 20 ? 50 * MIB : 0) + (t >= 21 ? 50 * MIB : 0); }
static double madv_effective(double t) { return 200 * MIB - madv_lazyfree(t); }

struct bench_shape {
	const char *name;
	double (*effective)(double t);
	double (*lazyfree)(double t); /* NULL: LazyFree 0 */
	double outliers;              /* chance of a +OUTLIER sample */
	bool leaks;                   /* leak/leak-threads is right (else a false leak) */
	enum verdict_kind right, also; /* the right verdict; also = also accepted */
};

/* the last three fields: a leak shape, or another with one right verdict */
#define LEAKS(k) true, k, k
#define RIGHT(k) false, k, k

static const struct bench_shape shapes[] = {
	{ "leak, 1 MiB/s", leak, NULL, 0, LEAKS(VERDICT_LEAK) },
	{ "slow leak, 64 KiB/s", slow_leak, NULL, 0, LEAKS(VERDICT_LEAK) },
	{ "staircase leak, 8 MiB every 5 s", staircase, NULL, 0, LEAKS(VERDICT_LEAK) },
	{ "leak under a sawtooth (32 MiB, 4 s; troughs +256 KiB/s)", saw_rising, NULL, 0, LEAKS(VERDICT_LEAK) },
	{ "flat", flat, NULL, 0, RIGHT(VERDICT_STABLE) },
	{ "flat with outliers (5% of samples +32 MiB)", flat, NULL, 0.05, RIGHT(VERDICT_STABLE) },
	{ "one step, +100 MiB at 20 s", step, NULL, 0, false, VERDICT_PLATEAU, VERDICT_STABLE },
	{ "two steps, +50 MiB at 15 s and 30 s", two_steps, NULL, 0, false, VERDICT_PLATEAU, VERDICT_STABLE },
	{ "ramp 4 MiB/s for 15 s, then flat", ramp_plateau, NULL, 0, RIGHT(VERDICT_PLATEAU) },
	{ "sawtooth, flat troughs (32 MiB, 4 s)", saw_flat, NULL, 0, RIGHT(VERDICT_STABLE) },
	{ "release, 100 MiB in 1 step at 20 s", release1, NULL, 0, RIGHT(VERDICT_RELEASED) },
	{ "release in 3 stages, 1 s apart", release3, NULL, 0, RIGHT(VERDICT_RELEASED) },
	{ "release in 10 stages, 1 s apart", release10, NULL, 0, RIGHT(VERDICT_RELEASED) },
	{ "MADV_FREE release, 2 stages (RSS constant)", madv_effective, madv_lazyfree, 0, RIGHT(VERDICT_MADV_FREE) },
	{ "decelerating growth, 100 MiB, tau 10 s", decelerating, NULL, 0, RIGHT(VERDICT_PLATEAU) },
};

#define NSHAPES (sizeof(shapes) / sizeof(shapes[0]))

static const double intervals[] = { 0.1, 1.0 };

#define NINTERVALS (sizeof(intervals) / sizeof(intervals[0]))

static bool is_leak(enum verdict_kind k)
{
	return k == VERDICT_LEAK || k == VERDICT_LEAK_THREADS;
}

static bool is_right(const struct bench_shape *sh, enum verdict_kind k)
{
	return k == sh->right || k == sh->also;
}

/* --- one run: a shape at an interval ------------------------------------ */

struct doubles {
	double *v;
	size_t n, cap;
};

static void push(struct doubles *d, double x)
{
	if (d->n == d->cap) {
		d->cap = d->cap ? 2 * d->cap : 256;
		d->v = realloc(d->v, d->cap * sizeof(double));
		if (!d->v) {
			perror("verdict-shapes");
			exit(1);
		}
	}
	d->v[d->n++] = x;
}

/* CPU seconds of verdict_compute: every running verdict, and the last one
 * of each run (over the whole series). */
struct cpu_log {
	struct doubles all, last;
};

struct run {
	int verdicts, flips, false_leaks;
	enum verdict_kind last;
	double right_since; /* s from the start; NaN while wrong */
	char seq[1024];     /* the running verdicts as they changed, kind@s */
	char summary[200];  /* the engine's summary line at the end */
};

static void make_sample(const struct bench_shape *sh, double t, bool status_only, struct rng *noise, struct sample *x)
{
	double lazy = sh->lazyfree ? pages(sh->lazyfree(t)) : 0;
	double y = sh->effective(t) + NOISE * gauss(noise);

	if (sh->outliers > 0 && uniform(noise) < sh->outliers)
		y += OUTLIER;
	sample_clear(x);
	x->t = T0 + t;
	x->wall = 1795400000.0 + t;
	x->tiers = TIER_STATUS;
	x->v[M_RSS] = pages(y + lazy);
	x->v[M_THREADS] = THREADS;
	if (!status_only) {
		x->tiers |= TIER_ROLLUP;
		x->v[M_LAZYFREE] = lazy;
		x->v[M_EFFECTIVE] = x->v[M_RSS] - lazy;
	}
}

static double cpu_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static void note_verdict(const struct bench_shape *sh, double t, enum verdict_kind k, struct run *r)
{
	size_t len = strlen(r->seq);

	if (r->verdicts > 0 && k != r->last)
		r->flips++;
	if ((r->verdicts == 0 || k != r->last) && len + 40 < sizeof(r->seq))
		snprintf(r->seq + len, sizeof(r->seq) - len, "%s%s@%.0f", len ? ", " : "", verdict_name(k), t);
	else if (k != r->last && len + 40 >= sizeof(r->seq) && !strstr(r->seq, ", ..."))
		snprintf(r->seq + len, sizeof(r->seq) - len, ", ...");
	if (!sh->leaks && is_leak(k))
		r->false_leaks++;
	if (!is_right(sh, k))
		r->right_since = NAN;
	else if (isnan(r->right_since))
		r->right_since = t;
	r->last = k;
	r->verdicts++;
}

static void run_shape(unsigned ishape, unsigned iinterval, double seconds, double missing, uint64_t seed,
		      struct run *r, struct cpu_log *cpu)
{
	const struct bench_shape *sh = &shapes[ishape];
	double interval = intervals[iinterval];
	long n = lround(seconds / interval), every = interval < 1 ? lround(1.0 / interval) : 1;
	struct rng noise = rng_for(seed, ishape, iinterval, 1), gaps = rng_for(seed, ishape, iinterval, 2);
	struct verdict_context ctx = { .interval = interval, .mem_available = NAN, .limit_left = NAN,
				       .peak_rss = NAN, .glibc = true };
	struct series s;
	double cpu_last = NAN;

	memset(r, 0, sizeof(*r));
	r->right_since = NAN;
	series_init(&s);
	for (long i = 0; i <= n; i++) {
		double t = (double)i * interval;
		bool status_only = uniform(&gaps) < missing;
		struct sample x;
		struct verdict v;

		make_sample(sh, t, status_only, &noise, &x);
		series_add(&s, &x);
		if (i % every != 0 && i != n)
			continue;
		double c0 = cpu_now();
		verdict_compute(&s, &ctx, &v);
		cpu_last = cpu_now() - c0;
		if (cpu)
			push(&cpu->all, cpu_last);
		note_verdict(sh, t, v.kind, r);
		{
			struct verdict_text words;
			verdict_render(&v, &words);
			snprintf(r->summary, sizeof(r->summary), "%s", words.summary);
		}
	}
	if (cpu)
		push(&cpu->last, cpu_last);
	series_free(&s);
}

/* --- output ----------------------------------------------------------- */

static const char *right_name(const struct bench_shape *sh)
{
	static char buf[64];

	if (sh->also == sh->right)
		return verdict_name(sh->right);
	snprintf(buf, sizeof(buf), "%s (or %s)", verdict_name(sh->right), verdict_name(sh->also));
	return buf;
}

static const char *interval_name(double interval)
{
	static char buf[16];

	if (interval < 1)
		snprintf(buf, sizeof(buf), "%.0f ms", interval * 1000);
	else
		snprintf(buf, sizeof(buf), "%.0f s", interval);
	return buf;
}

struct totals {
	int runs, right_at_end;
	int false_leaks[NINTERVALS], nonleak_verdicts[NINTERVALS];
};

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Sorts V. */
static double median(double *v, size_t n)
{
	qsort(v, n, sizeof(double), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static void print_row(const struct bench_shape *sh, double interval, const struct run *r)
{
	char when[32];

	if (isnan(r->right_since))
		snprintf(when, sizeof(when), "never");
	else
		snprintf(when, sizeof(when), "%.0f s", r->right_since);
	printf("| %s | %s | %s | %s%s | %s | %d | %d | %s |\n", sh->name, interval_name(interval), right_name(sh),
	       verdict_name(r->last), is_right(sh, r->last) ? "" : " ✗", when, r->flips, r->false_leaks, r->seq);
}

static void print_summary(const struct totals *tot)
{
	int fl = 0, nv = 0;

	for (size_t j = 0; j < NINTERVALS; j++) {
		fl += tot->false_leaks[j];
		nv += tot->nonleak_verdicts[j];
	}
	printf("\nRight at the end: %d of %d runs.  ", tot->right_at_end, tot->runs);
	printf("**False-leak rate: %d of %d running verdicts on non-leak shapes (%.1f%%)**", fl, nv,
	       nv ? 100.0 * fl / nv : 0.0);
	for (size_t j = 0; j < NINTERVALS; j++)
		printf("%s %s: %d of %d", j ? ";" : " —", interval_name(intervals[j]), tot->false_leaks[j],
		       tot->nonleak_verdicts[j]);
	printf(".\n");
}

/* What the engine said at the end where it was wrong: its summary line. */
static void print_wrong(const struct run *runs)
{
	bool any = false;

	for (unsigned i = 0; i < NSHAPES; i++)
		for (unsigned j = 0; j < NINTERVALS; j++) {
			const struct run *r = &runs[i * NINTERVALS + j];
			if (is_right(&shapes[i], r->last))
				continue;
			if (!any)
				printf("\nWrong at the end, the engine's summary:\n\n");
			any = true;
			printf("- %s, %s: \"%s\"\n", shapes[i].name, interval_name(intervals[j]), r->summary);
		}
}

static void table(const char *title, double seconds, double missing, uint64_t seed, struct cpu_log *cpu)
{
	struct totals tot = { 0 };
	struct run runs[NSHAPES * NINTERVALS];

	printf("\n## %s\n\n", title);
	printf("| shape | interval | right verdict | at the end | right from | flips | false leaks | running verdicts (kind@s) |\n");
	printf("|---|---|---|---|---:|---:|---:|---|\n");
	for (unsigned i = 0; i < NSHAPES; i++) {
		for (unsigned j = 0; j < NINTERVALS; j++) {
			struct run *r = &runs[i * NINTERVALS + j];
			/* the CPU time of the engine: 100 ms series, all samples */
			run_shape(i, j, seconds, missing, seed, r, j == 0 ? cpu : NULL);
			print_row(&shapes[i], intervals[j], r);
			tot.runs++;
			tot.right_at_end += is_right(&shapes[i], r->last);
			if (!shapes[i].leaks) {
				tot.false_leaks[j] += r->false_leaks;
				tot.nonleak_verdicts[j] += r->verdicts;
			}
		}
	}
	print_summary(&tot);
	print_wrong(runs);
}

static void print_cpu(struct cpu_log *c, double seconds)
{
	struct doubles *all = &c->all, *last = &c->last;
	double all_med, last_med;

	if (all->n == 0 || last->n == 0)
		return;
	all_med = median(all->v, all->n); /* sorted from here */
	last_med = median(last->v, last->n);
	printf("\nEngine CPU per running verdict (CLOCK_PROCESS_CPUTIME_ID; machine-dependent, the tables are not), "
	       "100 ms series, all ticks with the rollup: over all %zu running verdicts of the %zu shapes, 0 to %.0f s: "
	       "median %.3f ms, max %.3f ms; the verdict at %.0f s (%ld samples): median %.3f ms, max %.3f ms "
	       "over the shapes.\n",
	       all->n, NSHAPES, seconds, 1e3 * all_med, 1e3 * all->v[all->n - 1], seconds,
	       lround(seconds / intervals[0]) + 1, 1e3 * last_med, 1e3 * last->v[last->n - 1]);
}

static void usage(void)
{
	fprintf(stderr, "usage: verdict-shapes [--seconds N] [--seed N]\n");
	exit(2);
}

static unsigned long long number(const char *s, unsigned long long lo, unsigned long long hi)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || end == s || *end || *s == '-' || v < lo || v > hi)
		usage();
	return v;
}

int main(int argc, char **argv)
{
	double seconds = 60;
	uint64_t seed = 1;
	struct cpu_log cpu = { 0 };

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--seconds") == 0 && i + 1 < argc)
			seconds = (double)number(argv[++i], 1, 86400);
		else if (strcmp(argv[i], "--seed") == 0 && i + 1 < argc)
			seed = number(argv[++i], 0, UINT64_MAX);
		else
			usage();
	}
	printf("%zu shapes x intervals 100 ms and 1 s, %.0f s each (first sample at t = %.0f s), seed %llu;\n"
	       "a running verdict every 1 s of simulated time over all samples so far; noise sd 64 KiB.\n"
	       "\"right from\": seconds from the first sample to the first running verdict after which it\n"
	       "stays right; \"flips\": changes of the running verdict's kind (undecided -> leak is one);\n"
	       "\"false leaks\": running verdicts leak/leak-threads on a shape that does not leak.\n",
	       NSHAPES, seconds, T0, (unsigned long long)seed);
	table("All ticks read the rollup (effective memory on every sample)", seconds, 0, seed, &cpu);
	table("30% status-only ticks (effective and LazyFree missing, RSS set)", seconds, MISSING, seed, NULL);
	print_cpu(&cpu, seconds);
	free(cpu.all.v);
	free(cpu.last.v);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		perror("verdict-shapes: write");
		return 1;
	}
	return 0;
}
