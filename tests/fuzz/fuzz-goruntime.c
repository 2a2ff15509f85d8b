/* The Go runtime endpoint parsers: a heap profile, a goroutine profile
 * and an expvar document, cut at FUZZ_SEP (each piece goes to its
 * parser, copied to a buffer of exactly its length so a read past it is
 * caught by ASan). */
#include "config.h"
#include "fuzz.h"
#include "model-goruntime.h"
#include "source-goparse.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static char *exact_copy(const struct fuzz_piece *p)
{
	char *b = malloc(p->len ? p->len : 1);

	if (!b)
		abort();
	if (p->len)
		memcpy(b, p->data, p->len);
	return b;
}

/* Numbers are NaN or in [0, 10^18); groups are few, ordered, terminated. */
static void check(const double st[GS_COUNT], const struct go_goroutines *gr)
{
	for (int i = 0; i < GS_COUNT; i++)
		if (st[i] < 0 || st[i] >= 1e18) /* JSON output casts them to int64 */
			abort();
	if (gr->ngroups > GO_GROUPS || (!isnan(gr->total) && gr->total < 0))
		abort();
	for (unsigned i = 0; i < gr->ngroups; i++) {
		if (i > 0 && gr->g[i].count > gr->g[i - 1].count)
			abort();
		if (gr->g[i].nframes > GO_FRAMES)
			abort();
		for (unsigned f = 0; f < gr->g[i].nframes; f++)
			if (!memchr(gr->g[i].func[f], '\0', GO_FUNC_MAX))
				abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_piece p[3] = { { NULL, 0 } };
	double st[GS_COUNT], n;
	struct go_goroutines gr;
	char *b;

	fuzz_split(data, size, p, 3);
	go_stats_clear(st);
	b = exact_copy(&p[0]);
	goparse_heap(b, p[0].len, st);
	free(b);
	b = exact_copy(&p[1]);
	goparse_goroutines(b, p[1].len, &gr);
	if (goparse_pprof_index(b, p[1].len, &n) == GP_OK && !(n >= 0 && n < 1e18))
		abort(); /* an index's count is a count */
	free(b);
	b = exact_copy(&p[2]);
	goparse_expvar(b, p[2].len, st, &n);
	free(b);
	if (!isnan(n) && !(n >= 0 && n < 1e18)) /* a published count is a count or NaN */
		abort();
	check(st, &gr);
	return 0;
}
