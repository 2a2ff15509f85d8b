/* The container runtime's HTTP answer (source-runtimeapi.c): status line,
 * headers, Content-Length or chunked body, then the JSON "Id".  The first
 * byte says whether the connection has ended (bit 0); the rest is what the
 * socket sent.  Whatever the bytes, the parser stays within them, and a
 * parsed body is within the bounds. */
#include "config.h"
#include "fuzz.h"
#include "source-runtimeapi.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rtapi_reply r;
	bool eof = size > 0 && (data[0] & 1);
	/* a copy of exactly the input, so ASan sees any read past it */
	size_t n = size > 0 ? size - 1 : 0;
	char *buf = malloc(n ? n : 1), id[RTAPI_ID_MAX];

	if (n)
		memcpy(buf, data + 1, n);
	if (rtapi_parse_response(buf, n, eof, &r) == 0) {
		if (r.len > RTAPI_BODY_MAX || r.status < 0 || r.status > 999 || r.body[r.len] != '\0')
			abort();
		if (rtapi_container_id(r.body, r.len, id, sizeof(id)) == 0 && (strlen(id) < 12 || strlen(id) >= RTAPI_ID_MAX))
			abort();
		rtapi_reply_free(&r);
	}
	free(buf);
	return 0;
}
