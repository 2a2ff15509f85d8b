#include "config.h"
#include "source-status.h"
#include "source-proc.h"

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const status_keys[ST_COUNT] = {
	[ST_VM_PEAK] = "VmPeak",   [ST_VM_SIZE] = "VmSize",     [ST_VM_LCK] = "VmLck",
	[ST_VM_HWM] = "VmHWM",     [ST_VM_RSS] = "VmRSS",       [ST_RSS_ANON] = "RssAnon",
	[ST_RSS_FILE] = "RssFile", [ST_RSS_SHMEM] = "RssShmem", [ST_VM_DATA] = "VmData",
	[ST_VM_STK] = "VmStk",     [ST_VM_PTE] = "VmPTE",       [ST_VM_SWAP] = "VmSwap",
	[ST_HUGETLB] = "HugetlbPages",
};

/* A decimal number in [S, END) after optional blanks: the text is not
 * NUL-terminated at the line's end (found by fuzzing: strtoull/atoi read
 * past the buffer on a status cut after "Threads:"). */
static bool parse_decimal(const char *s, const char *end, unsigned long long *out)
{
	unsigned long long v = 0;
	const char *start;

	while (s < end && (*s == ' ' || *s == '\t'))
		s++;
	start = s;
	for (; s < end && *s >= '0' && *s <= '9'; s++) {
		if (v > (ULLONG_MAX - 9) / 10)
			return false;
		v = v * 10 + (unsigned long long)(*s - '0');
	}
	*out = v;
	return s > start;
}

static void parse_kb(struct proc_status *st, const char *key, size_t klen, const char *val, const char *end)
{
	for (int f = 0; f < ST_COUNT; f++) {
		if (strlen(status_keys[f]) == klen && memcmp(status_keys[f], key, klen) == 0) {
			unsigned long long kb;
			if (parse_decimal(val, end, &kb) && kb <= UINT64_MAX / 1024) {
				st->v[f] = (uint64_t)kb * 1024;
				st->present |= 1u << f;
			}
			return;
		}
	}
}

int status_parse(const char *text, size_t len, struct proc_status *st)
{
	const char *s = text, *end = text + len;
	bool have_name = false;

	memset(st, 0, sizeof(*st));
	st->threads = -1;
	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		const char *line_end = nl ? nl : end;
		const char *colon = memchr(s, ':', (size_t)(line_end - s));
		const char *val;
		size_t klen;

		if (colon) {
			klen = (size_t)(colon - s);
			val = colon + 1;
			while (val < line_end && (*val == ' ' || *val == '\t'))
				val++;
			if (klen == 4 && memcmp(s, "Name", 4) == 0) {
				size_t n = (size_t)(line_end - val);
				if (n >= sizeof(st->name))
					n = sizeof(st->name) - 1;
				memcpy(st->name, val, n);
				st->name[n] = '\0';
				have_name = true;
			} else if (klen == 5 && memcmp(s, "State", 5) == 0) {
				st->state = val < line_end ? *val : 0;
			} else if (klen == 7 && memcmp(s, "Threads", 7) == 0) {
				unsigned long long n;
				if (parse_decimal(val, line_end, &n) && n <= INT_MAX)
					st->threads = (int)n;
			} else if (klen == 3 && memcmp(s, "Uid", 3) == 0) {
				unsigned long long uid;
				if (parse_decimal(val, line_end, &uid) && uid <= UINT32_MAX) {
					st->uid = (uid_t)uid;
					st->has_uid = true;
				}
			} else if (klen >= 5 && (s[0] == 'V' || s[0] == 'R' || s[0] == 'H')) {
				parse_kb(st, s, klen, val, line_end);
			}
		}
		if (!nl)
			break;
		s = nl + 1;
	}
	return have_name ? 0 : -EINVAL;
}

int status_read(const char *root, pid_t pid, struct proc_status *st)
{
	char *text;
	size_t len;
	int rc = proc_read_file(root, pid, "status", &text, &len);

	if (rc)
		return rc;
	rc = status_parse(text, len, st);
	free(text);
	return rc;
}

int stat_read(const char *root, pid_t pid, struct proc_stat *out)
{
	unsigned long long utime, stime, start, stack;
	char *text, *p;
	size_t len;
	int rc = proc_read_file(root, pid, "stat", &text, &len);

	if (rc)
		return rc;
	p = strrchr(text, ')');
	/* after ") ": state ppid pgrp session tty_nr tpgid flags minflt cminflt
	 * majflt cmajflt utime stime cutime cstime priority nice num_threads
	 * itrealvalue starttime vsize rss rsslim startcode endcode startstack */
	if (!p || sscanf(p + 1, " %*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu %*d %*d %*d %*d %*d %*d %llu",
			 &utime, &stime, &start) != 3) {
		free(text);
		return -EINVAL;
	}
	if (sscanf(p + 1, " %*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %*u %*u %*d %*d %*d %*d %*d %*d %*u %*u %*d %*u %*u "
			  "%*u %llu",
		   &stack) != 1)
		stack = 0;
	free(text);
	out->cpu = (double)(utime + stime) / (double)sysconf(_SC_CLK_TCK);
	out->start_ticks = start;
	out->start_stack = stack;
	return 0;
}

int stat_cpu_seconds(const char *root, pid_t pid, double *cpu)
{
	struct proc_stat st;
	int rc = stat_read(root, pid, &st);

	if (rc == 0)
		*cpu = st.cpu;
	return rc;
}
