#include "config.h"
#include "export-http.h"
#include "output-metrics.h"
#include "util.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#define HTTP_CONNECTIONS 64
#define HTTP_TIMEOUT 10
/* Per connection: the request line and headers must fit, or MHD answers
 * 431 Request Header Fields Too Large (0.9.75, Debian 12: tests/export.test) */
#define HTTP_MEMORY (32 * 1024)
#define HTTP_THREADS 2

struct export_http {
	struct MHD_Daemon *d;
	pthread_mutex_t lock;
	char *page[2]; /* by enum metrics_format */
	size_t len[2];
	unsigned port;
};

static enum MHD_Result answer(struct MHD_Connection *c, unsigned status, const char *type, const char *body,
			      size_t len, const char *allow)
{
	struct MHD_Response *r = MHD_create_response_from_buffer(len, (void *)body, MHD_RESPMEM_MUST_COPY);
	enum MHD_Result rc;

	if (!r)
		return MHD_NO;
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
	if (allow)
		MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, allow);
	rc = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	return rc;
}

static enum MHD_Result serve_metrics(struct export_http *h, struct MHD_Connection *c)
{
	const char *accept = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_ACCEPT);
	enum metrics_format f = metrics_negotiate(accept, accept ? strlen(accept) : 0);
	enum MHD_Result rc;

	pthread_mutex_lock(&h->lock);
	if (!h->page[f]) {
		pthread_mutex_unlock(&h->lock);
		static const char wait[] = "memtrace export: the first round is not done yet\n";
		return answer(c, MHD_HTTP_SERVICE_UNAVAILABLE, "text/plain; charset=utf-8", wait, sizeof(wait) - 1,
			      NULL);
	}
	/* copied under the lock: the next round may replace the page */
	rc = answer(c, MHD_HTTP_OK, metrics_content_type(f), h->page[f], h->len[f], NULL);
	pthread_mutex_unlock(&h->lock);
	return rc;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url, const char *method,
				  const char *version, const char *upload, size_t *upload_size, void **state)
{
	static const char index[] = "memtrace export: the metrics are at /metrics\n";
	static const char missing[] = "not found: the metrics are at /metrics\n";
	static const char method_not_allowed[] = "only GET and HEAD\n";
	struct export_http *h = cls;

	(void)version;
	(void)upload;
	(void)state;
	if (strcmp(method, MHD_HTTP_METHOD_GET) != 0 && strcmp(method, MHD_HTTP_METHOD_HEAD) != 0) {
		*upload_size = 0; /* a body is not read */
		return answer(c, MHD_HTTP_METHOD_NOT_ALLOWED, "text/plain; charset=utf-8", method_not_allowed,
			      sizeof(method_not_allowed) - 1, "GET, HEAD");
	}
	if (strcmp(url, "/metrics") == 0)
		return serve_metrics(h, c);
	if (strcmp(url, "/") == 0)
		return answer(c, MHD_HTTP_OK, "text/plain; charset=utf-8", index, sizeof(index) - 1, NULL);
	return answer(c, MHD_HTTP_NOT_FOUND, "text/plain; charset=utf-8", missing, sizeof(missing) - 1, NULL);
}

/* "ADDR:PORT", "[V6]:PORT" or ":PORT" into SS. */
static int parse_listen(const char *s, struct sockaddr_storage *ss, socklen_t *sslen)
{
	const char *colon = strrchr(s, ':');
	char host[64];
	long port;
	char *end;

	if (!colon || colon - s >= (long)sizeof(host))
		return -EINVAL;
	errno = 0;
	port = strtol(colon + 1, &end, 10);
	if (colon[1] == '\0' || *end || errno || port < 0 || port > 65535)
		return -EINVAL;
	memcpy(host, s, (size_t)(colon - s));
	host[colon - s] = '\0';
	memset(ss, 0, sizeof(*ss));
	if (host[0] == '[') {
		struct sockaddr_in6 *a = (struct sockaddr_in6 *)ss;
		size_t n = strlen(host);
		if (n < 2 || host[n - 1] != ']')
			return -EINVAL;
		host[n - 1] = '\0';
		a->sin6_family = AF_INET6;
		a->sin6_port = htons((uint16_t)port);
		*sslen = sizeof(*a);
		return inet_pton(AF_INET6, host + 1, &a->sin6_addr) == 1 ? 0 : -EINVAL;
	}
	struct sockaddr_in *a = (struct sockaddr_in *)ss;
	a->sin_family = AF_INET;
	a->sin_port = htons((uint16_t)port);
	*sslen = sizeof(*a);
	if (host[0] == '\0') {
		a->sin_addr.s_addr = htonl(INADDR_ANY);
		return 0;
	}
	return inet_pton(AF_INET, host, &a->sin_addr) == 1 ? 0 : -EINVAL;
}

struct export_http *export_http_start(const char *listen, int *err)
{
	struct export_http *h = xcalloc(1, sizeof(*h));
	struct sockaddr_storage ss;
	socklen_t sslen;
	const union MHD_DaemonInfo *info;
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG;

	if ((*err = parse_listen(listen, &ss, &sslen)) != 0) {
		free(h);
		return NULL;
	}
	if (ss.ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	pthread_mutex_init(&h->lock, NULL);
	errno = 0;
	h->d = MHD_start_daemon(flags, 0, NULL, NULL, on_request, h, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
				MHD_OPTION_THREAD_POOL_SIZE, (unsigned)HTTP_THREADS, MHD_OPTION_CONNECTION_LIMIT,
				(unsigned)HTTP_CONNECTIONS, MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)HTTP_TIMEOUT,
				MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)HTTP_MEMORY, MHD_OPTION_END);
	if (!h->d) {
		*err = errno ? -errno : -EADDRINUSE;
		pthread_mutex_destroy(&h->lock);
		free(h);
		return NULL;
	}
	info = MHD_get_daemon_info(h->d, MHD_DAEMON_INFO_BIND_PORT);
	h->port = info ? info->port : 0;
	return h;
}

unsigned export_http_port(const struct export_http *h)
{
	return h->port;
}

void export_http_publish(struct export_http *h, const char *text, size_t tlen, const char *om, size_t olen)
{
	char *t = xmalloc(tlen + 1), *o = xmalloc(olen + 1), *old_t, *old_o;

	memcpy(t, text, tlen);
	memcpy(o, om, olen);
	pthread_mutex_lock(&h->lock);
	old_t = h->page[METRICS_TEXT];
	old_o = h->page[METRICS_OPENMETRICS];
	h->page[METRICS_TEXT] = t;
	h->len[METRICS_TEXT] = tlen;
	h->page[METRICS_OPENMETRICS] = o;
	h->len[METRICS_OPENMETRICS] = olen;
	pthread_mutex_unlock(&h->lock);
	free(old_t);
	free(old_o);
}

void export_http_stop(struct export_http *h)
{
	if (!h)
		return;
	MHD_stop_daemon(h->d);
	pthread_mutex_destroy(&h->lock);
	free(h->page[0]);
	free(h->page[1]);
	free(h);
}
