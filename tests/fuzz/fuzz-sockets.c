/* The socket tables `top --go-pprof URL` reads to find the process that
 * listens at URL: /proc/net/tcp (or tcp6), /proc/net/unix, and the URL
 * itself, cut at FUZZ_SEP.  Each is parsed from a buffer and its length
 * (not NUL-terminated); the URL's unix path must fit its buffer. */
#include "config.h"
#include "fuzz.h"
#include "source-sockowner.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_piece p[3];
	size_t n = fuzz_split(data, size, p, 3);
	char url[512], path[64];
	unsigned port;

	sockowner_tcp_inode((const char *)p[0].data, p[0].len, 6060);
	sockowner_tcp_inode((const char *)p[0].data, p[0].len, (unsigned)(size & 0xffff));
	if (n > 1)
		sockowner_unix_inode((const char *)p[1].data, p[1].len, "/run/gosvc/svc.sock");
	if (n > 2 && p[2].len < sizeof(url)) {
		memcpy(url, p[2].data, p[2].len);
		url[p[2].len] = '\0';
		if (sockowner_url_place(url, &port, path, sizeof(path)) == 0 &&
		    (strlen(path) >= sizeof(path) || (!path[0] && (port == 0 || port > 65535))))
			abort(); /* a place is a path that fits or a port */
	}
	return 0;
}
