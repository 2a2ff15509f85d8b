/* The /metrics endpoint of `memtrace export`, served by libmicrohttpd
 * from its own threads.  The sampling loop publishes each round's page
 * (both formats) into a buffer under a mutex; a scrape copies the one its
 * Accept header asks for (metrics_negotiate) and never waits for a round,
 * so slow or many scrapers cannot stall sampling.  Limits: 64 connections,
 * 10 s idle timeout, 32 KiB of request per connection (a bigger header
 * gets 431), GET and HEAD only (405), /metrics and / only (404). */
#ifndef MEMTRACE_EXPORT_HTTP_H
#define MEMTRACE_EXPORT_HTTP_H

#include <stddef.h>

struct export_http;

/* Parses "ADDR:PORT" ("127.0.0.1:9101", "[::1]:9101", ":9101" = all IPv4
 * addresses); PORT 0 asks the kernel for a free port.  Starts serving.
 * NULL with *ERR set (a negative errno, or -EINVAL for a bad address) on
 * failure. */
struct export_http *export_http_start(const char *listen, int *err);

/* The port it listens on (the chosen one for port 0). */
unsigned export_http_port(const struct export_http *h);

/* Publishes the page of a round: TEXT (0.0.4) and OM (OpenMetrics),
 * copied. */
void export_http_publish(struct export_http *h, const char *text, size_t tlen, const char *om, size_t olen);

void export_http_stop(struct export_http *h);

#endif
