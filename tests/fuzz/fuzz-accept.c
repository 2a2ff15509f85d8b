/* The Accept header of a scrape of `memtrace export`: any bytes from any
 * client.  metrics_negotiate() must stay within the header's length (the
 * input is not NUL-terminated here), answer one of the two formats, and
 * answer the same for the same header. */
#include "config.h"
#include "fuzz.h"
#include "output-metrics.h"

#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	enum metrics_format f = metrics_negotiate((const char *)data, size);

	if (f != METRICS_TEXT && f != METRICS_OPENMETRICS)
		abort();
	if (metrics_negotiate((const char *)data, size) != f)
		abort();
	return 0;
}
