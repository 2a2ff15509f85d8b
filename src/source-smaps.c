#include "config.h"
#include "source-smaps.h"
#include "source-proc.h"
#include "util.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

struct parser {
	smaps_mapping_cb cb;
	void *ctx;
	struct smaps_result *res;
	struct smaps_mapping cur;
	bool have_cur;
	char name[SMAPS_NAME_MAX];
};

static int parse_error(struct parser *p, const char *line, size_t len)
{
	size_t n = len < sizeof(p->res->bad_text) - 1 ? len : sizeof(p->res->bad_text) - 1;

	p->res->bad_line = p->res->lines;
	memcpy(p->res->bad_text, line, n);
	p->res->bad_text[n] = '\0';
	return -EINVAL;
}

static int flush_mapping(struct parser *p)
{
	int rc = 0;

	if (p->have_cur) {
		p->res->mappings++;
		rc = p->cb(p->ctx, &p->cur);
		p->have_cur = false;
	}
	return rc;
}

static inline int hexval(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Parses hex digits at *S up to END; at least one digit is required. */
static bool parse_hex(const char **s, const char *end, uint64_t *out)
{
	const char *q = *s;
	uint64_t v = 0;
	int d;

	while (q < end && (d = hexval((unsigned char)*q)) >= 0) {
		if (v >> 60)
			return false;
		v = (v << 4) | (unsigned)d;
		q++;
	}
	if (q == *s)
		return false;
	*s = q;
	*out = v;
	return true;
}

static bool parse_dec(const char **s, const char *end, uint64_t *out)
{
	const char *q = *s;
	uint64_t v = 0;

	while (q < end && *q >= '0' && *q <= '9') {
		if (v > (UINT64_MAX - 9) / 10)
			return false;
		v = v * 10 + (uint64_t)(*q - '0');
		q++;
	}
	if (q == *s)
		return false;
	*s = q;
	*out = v;
	return true;
}

static bool expect(const char **s, const char *end, char c)
{
	if (*s < end && **s == c) {
		(*s)++;
		return true;
	}
	return false;
}

/* "start-end perms offset major:minor inode   name" */
static int parse_header(struct parser *p, const char *line, const char *end)
{
	struct smaps_mapping *m = &p->cur;
	const char *s = line;
	uint64_t major, minor;
	size_t n;
	int rc;

	rc = flush_mapping(p);
	if (rc)
		return rc;
	memset(m, 0, sizeof(*m));
	if (!parse_hex(&s, end, &m->start) || !expect(&s, end, '-') ||
	    !parse_hex(&s, end, &m->end) || !expect(&s, end, ' ') || end - s < 5)
		return parse_error(p, line, (size_t)(end - line));
	memcpy(m->perms, s, 4);
	m->perms[4] = '\0';
	s += 4;
	if (!expect(&s, end, ' ') || !parse_hex(&s, end, &m->offset) || !expect(&s, end, ' ') ||
	    !parse_hex(&s, end, &major) || !expect(&s, end, ':') || !parse_hex(&s, end, &minor) ||
	    !expect(&s, end, ' ') || !parse_dec(&s, end, &m->inode) || m->end < m->start)
		return parse_error(p, line, (size_t)(end - line));
	m->dev_major = (unsigned)major;
	m->dev_minor = (unsigned)minor;
	/* The name is padded to a column with spaces; a name cannot start with
	 * a space because the kernel prints absolute paths or [bracketed] or
	 * empty names (memfd names follow "/memfd:"). */
	while (s < end && *s == ' ')
		s++;
	n = (size_t)(end - s);
	if (n >= sizeof(p->name))
		return parse_error(p, line, (size_t)(end - line));
	memcpy(p->name, s, n);
	p->name[n] = '\0';
	m->name = p->name;
	m->name_len = n;
	p->have_cur = true;
	return 0;
}

/* Field keys, looked up by length first: the kernel's set is small and
 * fixed per version, and unknown keys are skipped (newer kernels add some). */
static int field_index(const char *k, size_t len)
{
#define K(str, f) \
	if (memcmp(k, str, sizeof(str) - 1) == 0) /* a constant length: inlined */ \
		return f
	switch (len) {
	case 3:
		K("Rss", MC_RSS);
		K("Pss", MC_PSS);
		K("KSM", MC_KSM);
		break;
	case 4:
		K("Size", MC_SIZE);
		K("Swap", MC_SWAP);
		break;
	case 6:
		K("Locked", MC_LOCKED);
		break;
	case 7:
		K("SwapPss", MC_SWAP_PSS);
		break;
	case 8:
		K("LazyFree", MC_LAZYFREE);
		K("Pss_Anon", MC_PSS_ANON);
		K("Pss_File", MC_PSS_FILE);
		break;
	case 9:
		K("Anonymous", MC_ANONYMOUS);
		K("Pss_Dirty", MC_PSS_DIRTY);
		K("Pss_Shmem", MC_PSS_SHMEM);
		break;
	case 10:
		K("Referenced", MC_REFERENCED);
		break;
	case 11:
		K("MMUPageSize", MC_MMU_PAGE_SIZE);
		break;
	case 12:
		K("Shared_Clean", MC_SHARED_CLEAN);
		K("Shared_Dirty", MC_SHARED_DIRTY);
		break;
	case 13:
		K("Private_Clean", MC_PRIVATE_CLEAN);
		K("Private_Dirty", MC_PRIVATE_DIRTY);
		K("AnonHugePages", MC_ANON_HUGE);
		K("FilePmdMapped", MC_FILE_PMD);
		break;
	case 14:
		K("KernelPageSize", MC_KERNEL_PAGE_SIZE);
		K("ShmemPmdMapped", MC_SHMEM_PMD);
		K("Shared_Hugetlb", MC_SHARED_HUGETLB);
		break;
	case 15:
		K("Private_Hugetlb", MC_PRIVATE_HUGETLB);
		break;
	}
#undef K
	return -1;
}

static void parse_vmflags(struct smaps_mapping *m, const char *s, const char *end)
{
	m->has_vmflags = true;
	for (; s + 1 < end; s++) {
		if (s[0] == ' ')
			continue;
		if (s[0] == 'h' && s[1] == 't')
			m->vmflags |= VMF_HUGETLB;
		else if (s[0] == 'g' && s[1] == 'd')
			m->vmflags |= VMF_GROWSDOWN;
		else if (s[0] == 's' && s[1] == 'h')
			m->vmflags |= VMF_SHARED;
		else if (s[0] == 'l' && s[1] == 'o')
			m->vmflags |= VMF_LOCKED;
		s++;
	}
}

/* "Key:   123 kB" */
static int parse_field(struct parser *p, const char *line, const char *end)
{
	const char *colon = memchr(line, ':', (size_t)(end - line) < 24 ? (size_t)(end - line) : 24);
	const char *s;
	uint64_t v;
	int f;

	if (!colon)
		return parse_error(p, line, (size_t)(end - line));
	if (!p->have_cur) /* a field before any header */
		return parse_error(p, line, (size_t)(end - line));
	f = field_index(line, (size_t)(colon - line));
	if (f < 0) {
		if (colon - line == 7 && memcmp(line, "VmFlags", 7) == 0)
			parse_vmflags(&p->cur, colon + 1, end);
		return 0; /* THPeligible, ProtectionKey and future fields */
	}
	s = colon + 1;
	while (s < end && *s == ' ')
		s++;
	if (!parse_dec(&s, end, &v) || end - s != 3 || memcmp(s, " kB", 3) != 0)
		return parse_error(p, line, (size_t)(end - line));
	p->cur.c.v[f] = v * 1024;
	p->cur.c.present |= MC_BIT(f);
	return 0;
}

static int parse_line(struct parser *p, const char *line, const char *end)
{
	unsigned char c = (unsigned char)line[0];

	p->res->lines++;
	if (line == end)
		return parse_error(p, line, 0);
	if (c >= 'A' && c <= 'Z')
		return parse_field(p, line, end);
	if (hexval(c) >= 0)
		return parse_header(p, line, end);
	return parse_error(p, line, (size_t)(end - line));
}

/* The common line, "Key:   1234 kB\n", parsed in one pass without
 * looking for the newline first: 23 of the ~25 lines of every mapping are
 * such lines, so this is where the parse spends its time.  Returns the
 * start of the next line, or NULL to let the general path handle the line
 * (other keys, malformed text, or a line the buffer cuts). */
static const char *fast_field(struct parser *p, const char *s, const char *end)
{
	const char *q = s, *limit = end - s > 24 ? s + 24 : end;
	uint64_t v = 0;
	int f;

	while (q < limit && *q != ':')
		q++;
	if (q == limit || !p->have_cur)
		return NULL;
	f = field_index(s, (size_t)(q - s));
	if (f < 0)
		return NULL;
	q++;
	while (q < end && *q == ' ')
		q++;
	if (q == end || *q < '0' || *q > '9')
		return NULL;
	while (q < end && *q >= '0' && *q <= '9') {
		if (v > (UINT64_MAX - 9) / 10)
			return NULL;
		v = v * 10 + (uint64_t)(*q++ - '0');
	}
	if (end - q < 4 || memcmp(q, " kB\n", 4) != 0)
		return NULL;
	p->cur.c.v[f] = v * 1024;
	p->cur.c.present |= MC_BIT(f);
	p->res->lines++;
	return q + 4;
}

/* Parses the complete lines in [buf, buf+len); returns how many bytes were
 * consumed (the rest is a partial line) or a negative errno. */
static long parse_lines(struct parser *p, const char *buf, size_t len)
{
	const char *s = buf, *end = buf + len;

	while (s < end) {
		const char *nl, *next;
		int rc;

		if (*s >= 'A' && *s <= 'Z' && (next = fast_field(p, s, end))) {
			s = next;
			continue;
		}
		nl = memchr(s, '\n', (size_t)(end - s));
		if (!nl)
			break;
		rc = parse_line(p, s, nl);
		if (rc)
			return rc;
		s = nl + 1;
	}
	return (long)(s - buf);
}

static int finish(struct parser *p, size_t leftover)
{
	/* A block without its closing VmFlags line (present on every kernel
	 * since 3.8) or a final line without newline means the text was cut. */
	if (leftover || (p->have_cur && !p->cur.has_vmflags && p->res->mappings > 0))
		p->res->flags |= SMAPS_TRUNCATED;
	return flush_mapping(p);
}

static void parser_init(struct parser *p, smaps_mapping_cb cb, void *ctx, struct smaps_result *res)
{
	p->cb = cb;
	p->ctx = ctx;
	p->res = res;
	p->have_cur = false;
	memset(res, 0, sizeof(*res));
}

int smaps_parse_buffer(const char *buf, size_t len, smaps_mapping_cb cb, void *ctx,
		       struct smaps_result *res)
{
	struct parser *p = xmalloc(sizeof(*p)); /* big: not on the stack */
	long used;
	int rc;

	parser_init(p, cb, ctx, res);
	used = parse_lines(p, buf, len);
	rc = used < 0 ? (int)used : finish(p, len - (size_t)used);
	free(p);
	return rc;
}

/* Reading and parsing overlap: a reader thread pulls text from the kernel
 * (which formats it under the target's mmap lock, the part that costs)
 * into a ring of chunks while the caller's thread parses the previous ones.
 * On two cores the parse then hides behind the kernel's own work, which is
 * how a snapshot stays within a few percent of `cat smaps`. */
#define STREAM_CHUNKS 32
#define STREAM_CHUNK_SIZE (64 * 1024)

struct chunk {
	char data[STREAM_CHUNK_SIZE];
	size_t len;
};

struct smaps_stream {
	int fd;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	/* allocated when the reader first reaches them: most smaps files fit
	 * in a chunk or two, and 2 MiB allocated and freed per read cost a
	 * fresh mmap, its page faults and an munmap's TLB shootdown each time */
	struct chunk *chunks[STREAM_CHUNKS];
	unsigned head, tail; /* filled chunks are [tail, head) modulo STREAM_CHUNKS */
	bool eof, stop, threaded;
	/* who sleeps on cond: signal only then, so the common case (both
	 * busy) costs a lock and no futex call */
	bool reader_waits, parser_waits;
	int error; /* negative errno from read() */
};

/* Fills the chunk at head with several reads (the kernel hands out about a
 * page per read(); fewer handoffs mean less locking) and publishes it.
 * Returns false at end of file or on error. */
static bool fill_chunk(struct smaps_stream *st)
{
	struct chunk **slot = &st->chunks[st->head % STREAM_CHUNKS];
	struct chunk *c;
	bool eof = false;
	int err = 0;

	/* only this thread writes the slot, before publishing it under the
	 * lock (head++), so the parser never sees it half made */
	if (!*slot)
		*slot = xmalloc(sizeof(**slot));
	c = *slot;
	c->len = 0;
	while (c->len + 4096 <= STREAM_CHUNK_SIZE) {
		ssize_t n = read(st->fd, c->data + c->len, STREAM_CHUNK_SIZE - c->len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			err = -errno;
			break;
		}
		if (n == 0) {
			eof = true;
			break;
		}
		c->len += (size_t)n;
	}

	pthread_mutex_lock(&st->lock);
	if (c->len)
		st->head++;
	st->error = err;
	st->eof = eof || err;
	if (st->parser_waits)
		pthread_cond_signal(&st->cond);
	pthread_mutex_unlock(&st->lock);
	return !(eof || err);
}

static void *stream_reader(void *arg)
{
	struct smaps_stream *st = arg;

	for (;;) {
		pthread_mutex_lock(&st->lock);
		while (st->head - st->tail == STREAM_CHUNKS && !st->stop) {
			st->reader_waits = true;
			pthread_cond_wait(&st->cond, &st->lock);
			st->reader_waits = false;
		}
		if (st->stop) {
			pthread_mutex_unlock(&st->lock);
			return NULL;
		}
		pthread_mutex_unlock(&st->lock);
		if (!fill_chunk(st))
			return NULL;
	}
}

struct smaps_stream *smaps_stream_start(int fd)
{
	struct smaps_stream *st = xcalloc(1, sizeof(*st));
	int rc;

	st->fd = fd;
	pthread_mutex_init(&st->lock, NULL);
	pthread_cond_init(&st->cond, NULL);
	rc = pthread_create(&st->thread, NULL, stream_reader, st);
	st->threaded = rc == 0; /* else smaps_stream_parse reads synchronously */
	return st;
}

static void stream_free(struct smaps_stream *st)
{
	if (st->threaded) {
		pthread_mutex_lock(&st->lock);
		st->stop = true;
		pthread_cond_broadcast(&st->cond);
		pthread_mutex_unlock(&st->lock);
		pthread_join(st->thread, NULL);
	}
	pthread_mutex_destroy(&st->lock);
	pthread_cond_destroy(&st->cond);
	for (unsigned i = 0; i < STREAM_CHUNKS; i++)
		free(st->chunks[i]);
	free(st);
}

/* Parses one chunk, completing a line that the previous chunk left open in
 * CARRY. */
static int parse_chunk(struct parser *p, const char *data, size_t len, char *carry, size_t *carry_len)
{
	long used;

	if (*carry_len) {
		const char *nl = memchr(data, '\n', len);
		size_t head = nl ? (size_t)(nl - data) + 1 : len;

		if (*carry_len + head > SMAPS_NAME_MAX + 256)
			return parse_error(p, carry, *carry_len);
		memcpy(carry + *carry_len, data, head);
		*carry_len += head;
		if (!nl)
			return 0;
		used = parse_lines(p, carry, *carry_len);
		if (used < 0)
			return (int)used;
		*carry_len = 0;
		data += head;
		len -= head;
	}
	used = parse_lines(p, data, len);
	if (used < 0)
		return (int)used;
	*carry_len = len - (size_t)used;
	memcpy(carry, data + used, *carry_len);
	return 0;
}

int smaps_stream_parse(struct smaps_stream *st, smaps_mapping_cb cb, void *ctx, struct smaps_result *res)
{
	/* Allocated per call (not static) so that two files can be parsed at
	 * once, e.g. smaps_rollup while smaps streams. */
	struct parser *p = xmalloc(sizeof(*p));
	char *carry = xmalloc(SMAPS_NAME_MAX + 256);
	size_t carry_len = 0;
	int rc = 0;

	parser_init(p, cb, ctx, res);
	for (;;) {
		struct chunk *c;

		if (!st->threaded && st->head == st->tail && !st->eof)
			fill_chunk(st);
		pthread_mutex_lock(&st->lock);
		while (st->head == st->tail && !st->eof) {
			st->parser_waits = true;
			pthread_cond_wait(&st->cond, &st->lock);
			st->parser_waits = false;
		}
		if (st->head == st->tail) { /* drained and at end */
			rc = st->error;
			pthread_mutex_unlock(&st->lock);
			break;
		}
		c = st->chunks[st->tail % STREAM_CHUNKS];
		pthread_mutex_unlock(&st->lock);

		rc = parse_chunk(p, c->data, c->len, carry, &carry_len);

		pthread_mutex_lock(&st->lock);
		st->tail++;
		if (st->reader_waits)
			pthread_cond_signal(&st->cond);
		pthread_mutex_unlock(&st->lock);
		if (rc)
			break;
	}
	if (rc == 0)
		rc = finish(p, carry_len);
	free(carry);
	free(p);
	stream_free(st);
	return rc;
}

int smaps_parse_chunked(const char *buf, size_t len, const size_t *cuts, size_t ncuts, smaps_mapping_cb cb, void *ctx,
			struct smaps_result *res)
{
	struct parser *p = xmalloc(sizeof(*p));
	char *carry = xmalloc(SMAPS_NAME_MAX + 256);
	size_t carry_len = 0, k = 0;
	int rc = 0;

	parser_init(p, cb, ctx, res);
	while (len > 0 && rc == 0) {
		size_t n = ncuts ? cuts[k++ % ncuts] : len;
		if (n == 0 || n > len)
			n = len;
		rc = parse_chunk(p, buf, n, carry, &carry_len);
		buf += n;
		len -= n;
	}
	if (rc == 0)
		rc = finish(p, carry_len);
	free(carry);
	free(p);
	return rc;
}

int smaps_parse_fd(int fd, smaps_mapping_cb cb, void *ctx, struct smaps_result *res)
{
	return smaps_stream_parse(smaps_stream_start(fd), cb, ctx, res);
}

static int on_rollup(void *arg, const struct smaps_mapping *m)
{
	struct mem_counters *out = arg;
	*out = m->c;
	return 0;
}

int smaps_read_rollup(const char *root, pid_t pid, struct mem_counters *out, bool *have)
{
	struct smaps_result res;
	char *text;
	size_t len;
	int rc = proc_read_file(root, pid, "smaps_rollup", &text, &len);

	*have = false;
	if (rc == -ENOENT && proc_pid_exists(root, pid))
		return 0; /* no smaps_rollup on this kernel: sum smaps instead */
	if (rc)
		return rc;
	memset(out, 0, sizeof(*out));
	rc = smaps_parse_buffer(text, len, on_rollup, out, &res);
	free(text);
	*have = rc == 0 && res.mappings == 1;
	return rc == -EINVAL ? 0 : rc;
}
