#include "config.h"
#include "source-gofetch.h"
#include "escape.h"
#include "util.h"

#include <curl/curl.h>
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- URLs ---- */

/* "unix:/run/x.sock:http://localhost/..." is a URL over a unix socket:
 * SOCK gets the path, the rest is the URL. */
static bool split_unix(const char *url, char *sock, size_t socksz, const char **rest)
{
	const char *p, *h;

	*rest = url;
	sock[0] = '\0';
	if (strncmp(url, "unix:", 5) != 0)
		return true;
	p = url + 5;
	h = strstr(p, ":http://");
	if (!h)
		h = strstr(p, ":https://");
	if (!h || h == p || (size_t)(h - p) >= socksz)
		return false;
	memcpy(sock, p, (size_t)(h - p));
	sock[h - p] = '\0';
	*rest = h + 1;
	return true;
}

static bool is_http(const char *u)
{
	return strncmp(u, "http://", 7) == 0 || strncmp(u, "https://", 8) == 0;
}

static bool ends_with(const char *s, size_t n, const char *suffix)
{
	size_t k = strlen(suffix);
	return n >= k && memcmp(s + n - k, suffix, k) == 0;
}

/* BASE (without trailing slashes) + DIR unless BASE ends with it + LEAF. */
static void endpoint_url(const char *base, const char *dir, const char *leaf, char *out, size_t outsz)
{
	size_t n = strlen(base);

	while (n > 0 && base[n - 1] == '/')
		n--;
	snprintf(out, outsz, "%.*s%s%s", (int)n, base, ends_with(base, n, dir) ? "" : dir, leaf);
}

static void set_url(struct gofetch_error *e, const char *url)
{
	escape_name(url, strlen(url), e->url, sizeof(e->url));
}

int gofetch_check(const struct gofetch_conf *c, struct gofetch_error *e)
{
	const char *urls[2] = { c->pprof, c->expvar };

	memset(e, 0, sizeof(*e));
	for (int i = 0; i < 2; i++) {
		char sock[256];
		const char *rest;
		if (!urls[i])
			continue;
		if (!split_unix(urls[i], sock, sizeof(sock), &rest) || !is_http(rest)) {
			e->fail = GF_BAD_URL;
			set_url(e, urls[i]);
			return -EINVAL;
		}
	}
	return 0;
}

/* ---- one transfer ---- */

struct body {
	char *buf;
	size_t len, cap; /* cap: the size of buf, one more than it may hold */
	bool too_large;
	const atomic_bool *stop;
};

static size_t on_data(char *p, size_t size, size_t n, void *ctx)
{
	struct body *b = ctx;
	size_t k = size * n;

	if (k > GOFETCH_MAX_BODY - b->len) {
		b->too_large = true;
		return 0; /* aborts the transfer */
	}
	if (b->len + k + 1 > b->cap) {
		/* doubling: a body of 4 MiB in 16 KiB pieces is copied a few
		 * times, not 256 (2.5 s under ASan in CI, past the deadline) */
		size_t cap = b->cap ? b->cap : 64 * 1024;
		while (cap < b->len + k + 1)
			cap *= 2;
		b->buf = xrealloc(b->buf, cap);
		b->cap = cap;
	}
	memcpy(b->buf + b->len, p, k);
	b->len += k;
	return k;
}

/* Aborts a transfer when the watch stops (never waits the 2 s out). */
static int on_progress(void *ctx, curl_off_t dt, curl_off_t dn, curl_off_t ut, curl_off_t un)
{
	const struct body *b = ctx;

	(void)dt, (void)dn, (void)ut, (void)un;
	return b->stop && atomic_load(b->stop) ? 1 : 0;
}

static enum gofetch_fail fail_of(CURLcode rc, const struct body *b)
{
	switch (rc) {
	case CURLE_OK:
		return GF_OK;
	case CURLE_COULDNT_CONNECT:
		return GF_REFUSED;
	case CURLE_COULDNT_RESOLVE_HOST:
		return GF_RESOLVE;
	case CURLE_OPERATION_TIMEDOUT:
		return GF_TIMEOUT;
	case CURLE_FILESIZE_EXCEEDED:
		return GF_TOO_LARGE;
	case CURLE_WRITE_ERROR:
		return b->too_large ? GF_TOO_LARGE : GF_OTHER;
	case CURLE_UNSUPPORTED_PROTOCOL:
	case CURLE_URL_MALFORMAT:
		return GF_BAD_URL;
	default:
		return GF_OTHER;
	}
}

static void setup(CURL *h, const char *url, const char *sock, struct body *b)
{
	curl_easy_setopt(h, CURLOPT_URL, url);
	if (sock[0])
		curl_easy_setopt(h, CURLOPT_UNIX_SOCKET_PATH, sock);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L); /* threads: no SIGALRM */
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, (long)GOFETCH_CONNECT_MS);
	curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, (long)GOFETCH_TOTAL_MS);
	curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)GOFETCH_MAX_BODY);
	curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
	/* a debug endpoint is the service's own: an http_proxy in the
	 * environment would send 127.0.0.1 to the proxy */
	curl_easy_setopt(h, CURLOPT_PROXY, "");
#if LIBCURL_VERSION_NUM >= 0x075500 /* 7.85 */
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
#endif
	curl_easy_setopt(h, CURLOPT_USERAGENT, "memtrace/" PACKAGE_VERSION);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, b);
	curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, on_progress);
	curl_easy_setopt(h, CURLOPT_XFERINFODATA, b);
	curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
}

/* GETs URL (as the user gave it: maybe unix:...) into *B; GF_OK or why not. */
static enum gofetch_fail get(const char *url, struct body *b, struct gofetch_error *e)
{
	char sock[256];
	const char *rest;
	CURL *h;
	CURLcode rc;
	long code = 0;

	set_url(e, url);
	if (!split_unix(url, sock, sizeof(sock), &rest) || !is_http(rest))
		return e->fail = GF_BAD_URL;
	h = curl_easy_init();
	if (!h) {
		snprintf(e->detail, sizeof(e->detail), "cannot start libcurl");
		return e->fail = GF_OTHER;
	}
	setup(h, rest, sock, b);
	rc = curl_easy_perform(h);
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
	curl_easy_cleanup(h);
	e->fail = fail_of(rc, b);
	if (e->fail == GF_OTHER)
		snprintf(e->detail, sizeof(e->detail), "%s", curl_easy_strerror(rc));
	if (e->fail == GF_OK && code != 200) {
		e->fail = GF_HTTP;
		e->code = code;
	}
	return e->fail;
}

/* ---- the endpoints ---- */

/* What the thread remembers between reads to profile only when needed.
 * NULL (snapshot): profile every time. */
struct profile_state {
	double count;            /* goroutines at the last profile; NaN none */
};

/* The goroutine count of the pprof index, without stopping the world; NaN
 * when the index is not served or says none.  Its failures are not the
 * user's concern: the full profile is read instead. */
static double index_count(const char *base, const atomic_bool *stop)
{
	struct body b = { .stop = stop };
	struct gofetch_error e = { 0 };
	char url[1200];
	double n = NAN;

	endpoint_url(base, "/debug/pprof", "/", url, sizeof(url));
	if (get(url, &b, &e) == GF_OK && goparse_pprof_index(b.buf, b.len, &n) != GP_OK)
		n = NAN;
	free(b.buf);
	return n;
}

/* Is a new goroutine profile worth its stop of the world?  Sets the
 * count of the index into GR when it is not. */
static bool want_profile(const char *base, struct profile_state *ps, struct go_goroutines *gr,
			 const atomic_bool *stop)
{
	double n;

	if (!ps || isnan(ps->count))
		return true;
	n = index_count(base, stop);
	if (isnan(n) || fabs(n - ps->count) >= fmax(GOFETCH_REPROFILE_MIN, 0.1 * ps->count))
		return true;
	gr->total = n;
	return false;
}

static void read_endpoint(enum gofetch_endpoint which, const char *url, struct gofetch_result *res,
			  const atomic_bool *stop)
{
	struct body b = { .stop = stop };
	struct gofetch_error *e = &res->err[which];
	enum go_parse p = GP_OK;

	if (get(url, &b, e) == GF_OK) {
		switch (which) {
		case GE_HEAP:
			p = goparse_heap(b.buf, b.len, res->read.stat);
			break;
		case GE_GOROUTINE:
			p = goparse_goroutines(b.buf, b.len, &res->read.gr);
			res->read.profiled = p == GP_OK;
			break;
		default: {
			double n;
			p = goparse_expvar(b.buf, b.len, res->read.stat, &n);
			/* the profile's total when there is one; else the count
			 * the service published (no groups to name) */
			if (p == GP_OK && !isfinite(res->read.gr.total) && isfinite(n))
				res->read.gr.total = n;
			break;
		}
		}
		if (p != GP_OK) {
			e->fail = GF_PARSE;
			e->parse = p;
		} else {
			res->any = true;
		}
	}
	free(b.buf);
}

static void read_all(const struct gofetch_conf *c, struct gofetch_result *res, struct profile_state *ps,
		     const atomic_bool *stop)
{
	char url[1200];

	memset(res, 0, sizeof(*res));
	go_read_clear(&res->read);
	/* The goroutine profile before the heap's numbers: it allocates in the
	 * service (about 7 MiB for 20,000 goroutines), and read after it the
	 * heap includes that from the first read on, so the observer's own
	 * garbage never looks like a heap that grows. */
	if (c->pprof) {
		if (want_profile(c->pprof, ps, &res->read.gr, stop)) {
			endpoint_url(c->pprof, "/debug/pprof", "/goroutine?debug=1", url, sizeof(url));
			read_endpoint(GE_GOROUTINE, url, res, stop);
			if (ps && res->read.profiled)
				ps->count = res->read.gr.total;
		} else {
			res->any = true; /* the count is a read too */
		}
		endpoint_url(c->pprof, "/debug/pprof", "/heap?debug=1", url, sizeof(url));
		read_endpoint(GE_HEAP, url, res, stop);
	}
	if (c->expvar) {
		endpoint_url(c->expvar, "/debug/vars", "", url, sizeof(url));
		read_endpoint(GE_EXPVAR, url, res, stop);
	}
	res->read.t = clock_mono();
}

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;
static void curl_start(void)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
}

void gofetch_read(const struct gofetch_conf *c, struct gofetch_result *res)
{
	pthread_once(&curl_once, curl_start);
	read_all(c, res, NULL, NULL);
}

/* ---- the thread ---- */

struct gofetch {
	struct gofetch_conf conf;
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;      /* CLOCK_MONOTONIC */
	atomic_bool stop;
	bool fresh;
	struct gofetch_result latest;
};

static void *run(void *arg)
{
	struct gofetch *f = arg;
	struct gofetch_result *res = xmalloc(sizeof(*res));
	struct profile_state ps = { .count = NAN };
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	for (;;) {
		read_all(&f->conf, res, &ps, &f->stop);
		pthread_mutex_lock(&f->mu);
		if (!f->stop) {
			f->latest = *res;
			f->fresh = true;
		}
		/* the next read is an interval after this one began */
		ts.tv_sec += (time_t)f->conf.interval;
		ts.tv_nsec += (long)((f->conf.interval - floor(f->conf.interval)) * 1e9);
		if (ts.tv_nsec >= 1000000000L) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000L;
		}
		while (!f->stop && pthread_cond_timedwait(&f->cv, &f->mu, &ts) != ETIMEDOUT)
			;
		if (f->stop) {
			pthread_mutex_unlock(&f->mu);
			break;
		}
		pthread_mutex_unlock(&f->mu);
		/* fell behind (reads slower than the interval): no burst */
		if (clock_mono() > (double)ts.tv_sec + ts.tv_nsec / 1e9 + f->conf.interval)
			clock_gettime(CLOCK_MONOTONIC, &ts);
	}
	free(res);
	return NULL;
}

int gofetch_start(struct gofetch **out, const struct gofetch_conf *c)
{
	struct gofetch *f = xcalloc(1, sizeof(*f));
	pthread_condattr_t ca;
	int rc;

	pthread_once(&curl_once, curl_start);
	f->conf = *c;
	pthread_mutex_init(&f->mu, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&f->cv, &ca);
	pthread_condattr_destroy(&ca);
	rc = pthread_create(&f->thread, NULL, run, f);
	if (rc) {
		pthread_cond_destroy(&f->cv);
		pthread_mutex_destroy(&f->mu);
		free(f);
		return -rc;
	}
	*out = f;
	return 0;
}

bool gofetch_poll(struct gofetch *f, struct gofetch_result *res)
{
	bool fresh;

	pthread_mutex_lock(&f->mu);
	fresh = f->fresh;
	if (fresh)
		*res = f->latest;
	f->fresh = false;
	pthread_mutex_unlock(&f->mu);
	return fresh;
}

void gofetch_stop(struct gofetch *f)
{
	if (!f)
		return;
	pthread_mutex_lock(&f->mu);
	f->stop = true;
	pthread_cond_signal(&f->cv);
	pthread_mutex_unlock(&f->mu);
	pthread_join(f->thread, NULL);
	pthread_cond_destroy(&f->cv);
	pthread_mutex_destroy(&f->mu);
	free(f);
}
