#include "config.h"
#include "source-system.h"
#include "source-proc.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void first_line(const char *root, const char *file, char *buf, size_t len)
{
	char *text;
	size_t n;

	buf[0] = '\0';
	if (proc_read_file(root, -1, file, &text, &n))
		return;
	n = strcspn(text, "\n");
	if (n >= len)
		n = len - 1;
	memcpy(buf, text, n);
	buf[n] = '\0';
	free(text);
}

void system_kernel_release(const char *root, char *buf, size_t len)
{
	first_line(root, "proc/sys/kernel/osrelease", buf, len);
}

void system_thp_mode(const char *root, char *buf, size_t len)
{
	char line[128];
	char *open, *close;

	buf[0] = '\0';
	first_line(root, "sys/kernel/mm/transparent_hugepage/enabled", line, sizeof(line));
	open = strchr(line, '[');
	close = open ? strchr(open, ']') : NULL;
	if (open && close && (size_t)(close - open - 1) < len) {
		memcpy(buf, open + 1, (size_t)(close - open - 1));
		buf[close - open - 1] = '\0';
	}
}

/* The value of "KEY: N kB" in meminfo TEXT, in bytes; NaN if absent. */
static double meminfo_value(const char *text, const char *key)
{
	size_t klen = strlen(key);
	unsigned long long kb;
	const char *p;
	char *end;

	for (p = text; p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
		if (strncmp(p, key, klen) == 0 && p[klen] == ':') {
			errno = 0;
			kb = strtoull(p + klen + 1, &end, 10);
			return errno == 0 && end != p + klen + 1 ? (double)kb * 1024 : NAN;
		}
	return NAN;
}

static double meminfo_bytes(const char *root, const char *key)
{
	char *text;
	size_t len;
	double v;

	if (proc_read_file(root, -1, "proc/meminfo", &text, &len))
		return NAN;
	v = meminfo_value(text, key);
	free(text);
	return v;
}

void system_meminfo(const char *root, struct meminfo *m)
{
	char *text;
	size_t len;

	m->total = m->available = m->swap_total = m->swap_free = NAN;
	if (proc_read_file(root, -1, "proc/meminfo", &text, &len))
		return;
	m->total = meminfo_value(text, "MemTotal");
	m->available = meminfo_value(text, "MemAvailable");
	m->swap_total = meminfo_value(text, "SwapTotal");
	m->swap_free = meminfo_value(text, "SwapFree");
	free(text);
}

double system_mem_available(const char *root)
{
	return meminfo_bytes(root, "MemAvailable");
}

double system_swap_free(const char *root)
{
	return meminfo_bytes(root, "SwapFree");
}

double system_boot_time(const char *root)
{
	char *text, *end;
	size_t len;
	double v = NAN;

	if (proc_read_file(root, -1, "proc/stat", &text, &len))
		return NAN;
	for (const char *p = text; p && p < text + len; p = memchr(p, '\n', (size_t)(text + len - p)), p = p ? p + 1 : NULL)
		if ((size_t)(text + len - p) > 6 && strncmp(p, "btime ", 6) == 0) {
			unsigned long long s;
			errno = 0;
			s = strtoull(p + 6, &end, 10);
			if (errno == 0 && end != p + 6)
				v = (double)s;
			break;
		}
	free(text);
	return v;
}
