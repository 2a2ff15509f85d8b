#include "config.h"
#include "source-record.h"
#include "output-record.h"
#include "output-verdict.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int bad(struct record_error *e, unsigned long line, const char *what, const char *detail)
{
	e->line = line;
	snprintf(e->text, sizeof(e->text), "%s%s%s", what, detail ? ": " : "", detail ? detail : "");
	return -EINVAL;
}

int record_read(const char *path, double from, double to, struct series *series, struct record_data *d,
		struct record_error *e)
{
	FILE *f = fopen(path, "re");
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	unsigned long no = 0;
	int rc = 0;

	memset(d, 0, sizeof(*d));
	memset(e, 0, sizeof(*e));
	d->first_t = NAN;
	if (!f)
		return -errno;
	while ((len = getline(&line, &cap, f)) > 0) {
		bool complete = line[len - 1] == '\n';
		json_error_t jerr;
		json_t *o;
		const char *type;

		no++;
		o = json_loadb(line, (size_t)len, 0, &jerr);
		if (!o) {
			if (!complete) { /* the last line, cut by a crash: keep the rest */
				d->truncated = true;
				break;
			}
			if (no == 1)
				rc = bad(e, no, "not a memtrace recording (JSON Lines whose first line is the header)",
					 jerr.text);
			else
				rc = bad(e, no, "not valid JSON", jerr.text);
			break;
		}
		type = json_string_value(json_object_get(o, "type"));
		if (no == 1) {
			const char *fmt = json_string_value(json_object_get(o, "format"));
			if (!type || strcmp(type, "header") != 0 || !fmt || strcmp(fmt, RECORDING_FORMAT) != 0) {
				json_decref(o);
				rc = bad(e, no, "not a memtrace recording (the first line must be its header)", NULL);
				break;
			}
			if (json_integer_value(json_object_get(o, "version")) != RECORDING_VERSION) {
				json_decref(o);
				rc = bad(e, no, "unsupported recording version (this memtrace reads version 1)", NULL);
				break;
			}
			d->header = o;
			continue;
		}
		if (type && strcmp(type, "sample") == 0) {
			struct sample x;
			if (sample_from_json(o, &x) != 0) {
				json_decref(o);
				rc = bad(e, no, "a sample without its time \"t\"", NULL);
				break;
			}
			if (isnan(d->first_t))
				d->first_t = x.t;
			if (x.t - d->first_t >= from && x.t - d->first_t <= to) {
				series_add(series, &x);
				d->samples++;
			}
		} else if (type && strcmp(type, "verdict") == 0) {
			json_decref(d->verdict);
			d->verdict = json_incref(o);
		}
		/* other types: written by a newer memtrace; skipped */
		json_decref(o);
	}
	if (rc == 0 && ferror(f))
		rc = -EIO;
	if (rc == 0 && !d->header)
		rc = bad(e, no ? no : 1, "empty: no header line", NULL);
	free(line);
	fclose(f);
	return rc;
}

void record_data_free(struct record_data *d)
{
	json_decref(d->header);
	json_decref(d->verdict);
	memset(d, 0, sizeof(*d));
}
