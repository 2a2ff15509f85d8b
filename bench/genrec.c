/*
 * genrec - write the sample lines of a synthetic memtrace recording, for
 * bench/watch.sh.  The header line is not written here: watch.sh copies
 * it from a real `memtrace watch --record` run, so that the file is what
 * memtrace itself writes, and then appends these lines.  No verdict line
 * is written (as when a watch is killed before it ends).
 *
 *   genrec linear   N INTERVAL_S SMAPS_EVERY SEED
 *   genrec sawtooth N INTERVAL_S SMAPS_EVERY SEED
 *
 * Each line looks like a real sample (same keys, same order, integers for
 * byte counts, "tiers" status+rollup, and status+rollup+smaps with the
 * "classes" object every SMAPS_EVERY samples, as the sampler reads the
 * full smaps at most every 30 s).
 *
 *   linear    a noisy linear leak: effective = 64 MiB + 1 KiB/s * t plus
 *             Gaussian noise (sd 64 KiB), rounded to 4 KiB pages.
 *   sawtooth  a GC heap: 60 s periods, ramping 32 MiB up then falling
 *             back at once; the troughs rise 64 KiB per period (a leak
 *             under the sawtooth), plus noise (sd 16 KiB).
 *
 * The noise comes from a fixed xorshift generator seeded by SEED, so the
 * same arguments give the same file.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned long long rng = 88172645463325252ULL;

static double uniform(void)	/* (0, 1) */
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return ((double)(rng >> 11) + 0.5) / 9007199254740992.0;
}

static double gauss(void)	/* Box-Muller, one of the pair */
{
	double u = uniform(), v = uniform();

	return sqrt(-2.0 * log(u)) * cos(2.0 * M_PI * v);
}

static long long pages(double bytes)
{
	long long p = (long long)llround(bytes / 4096.0);

	return p < 0 ? 0 : p * 4096;
}

int main(int argc, char **argv)
{
	const double kib = 1024.0, mib = 1024.0 * 1024.0;
	unsigned long n, every, i;
	double interval, t0 = 1000.0, wall0 = 1795400000.0;
	int sawtooth;
	static char buf[1 << 16];

	if (argc != 6 || (strcmp(argv[1], "linear") != 0 && strcmp(argv[1], "sawtooth") != 0)) {
		fprintf(stderr, "usage: genrec linear|sawtooth N INTERVAL_S SMAPS_EVERY SEED\n");
		return 2;
	}
	sawtooth = strcmp(argv[1], "sawtooth") == 0;
	n = strtoul(argv[2], NULL, 10);
	interval = strtod(argv[3], NULL);
	every = strtoul(argv[4], NULL, 10);
	rng ^= strtoull(argv[5], NULL, 10) * 0x9E3779B97F4A7C15ULL;
	if (n == 0 || !(interval > 0) || every == 0) {
		fprintf(stderr, "genrec: N, INTERVAL_S and SMAPS_EVERY must be > 0\n");
		return 2;
	}
	setvbuf(stdout, buf, _IOFBF, sizeof(buf));

	for (i = 0; i < n; i++) {
		/* the sampler's ticks drift by a few tens of microseconds */
		double el = (double)i * interval, t = t0 + el + 2e-5 * uniform();
		double eff, file = 1458176, code = 1077248, fdata = 380928;
		long long anon, heap, e;

		if (sawtooth) {
			double period = 60.0, ph = fmod(el, period) / period;
			eff = 48 * mib + 64 * kib * floor(el / period) + 32 * mib * ph +
			      16 * kib * gauss();
		} else {
			eff = 64 * mib + 1 * kib * el + 64 * kib * gauss();
		}
		e = pages(eff);
		anon = e - (long long)file;
		heap = anon - 98304;
		printf("{\"t\":%.17g,\"wall\":%.17g,\"tiers\":[\"status\",\"rollup\"%s],"
		       "\"rss\":%lld,\"effective\":%lld,\"anon\":%lld,\"file\":%.0f,\"shmem\":0,"
		       "\"swap\":0,\"lazyfree\":0,\"pss\":%lld,\"uss\":%lld,\"threads\":1,"
		       "\"cpu_seconds\":%.2f,",
		       t, wall0 + t - t0, i % every == 0 ? ",\"smaps\"" : "", e, e, anon, file,
		       anon + 63488, anon, 0.01 * el);
		if (i % every == 0)
			printf("\"classes\":{\"heap\":%lld,\"stack\":12288,\"thread-stack\":0,"
			       "\"anon\":86016,\"shmem\":0,\"file-code\":%.0f,\"file-data\":%.0f,"
			       "\"hugetlb\":0,\"special\":4096,\"guard\":0},",
			       heap, code, fdata);
		fputs("\"type\":\"sample\"}\n", stdout);
	}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		perror("genrec: write");
		return 1;
	}
	return 0;
}
