/* The smaps parser, whole and in chunks: never crashes, and the live
 * path (lines straddling chunks of any size) agrees with the buffer path
 * on every input whose lines fit the carry buffer. */
#include "config.h"
#include "fuzz.h"
#include "source-smaps.h"

#include <stdlib.h>
#include <string.h>

struct tally {
	unsigned long n;
	uint64_t rss, size, lazyfree;
	size_t names;
};

static int count(void *ctx, const struct smaps_mapping *m)
{
	struct tally *t = ctx;
	t->n++;
	t->rss += m->c.v[MC_RSS];
	t->size += m->c.v[MC_SIZE];
	t->lazyfree += m->c.v[MC_LAZYFREE];
	t->names += m->name_len;
	return 0;
}

static size_t longest_line(const char *s, size_t len)
{
	size_t best = 0, cur = 0;
	for (size_t i = 0; i < len; i++) {
		cur = s[i] == '\n' ? 0 : cur + 1;
		if (cur > best)
			best = cur;
	}
	return best;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct smaps_result r1, r2;
	struct tally t1 = { 0 }, t2 = { 0 };
	size_t cuts[4] = { 1, 7, 64, 4096 };
	const char *text = (const char *)data;
	int rc1, rc2;

	/* the first two bytes choose the chunk sizes */
	if (size >= 2) {
		cuts[0] = 1 + data[0] % 97;
		cuts[1] = 1 + data[1] * 13u;
	}
	rc1 = smaps_parse_buffer(text, size, count, &t1, &r1);
	rc2 = smaps_parse_chunked(text, size, cuts, 4, count, &t2, &r2);
	if (longest_line(text, size) + 1 < SMAPS_NAME_MAX + 256) {
		if (rc1 != rc2 || (rc1 == 0 && (t1.n != t2.n || t1.rss != t2.rss || t1.size != t2.size ||
						t1.lazyfree != t2.lazyfree || t1.names != t2.names ||
						r1.flags != r2.flags || r1.lines != r2.lines)))
			abort();
	}
	return 0;
}
