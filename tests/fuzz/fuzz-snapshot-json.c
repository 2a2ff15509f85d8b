/* Saved snapshots (`memtrace snapshot --save`, read by `diff`): any JSON
 * document, and any bytes, must give a snapshot or a clear error. */
#include "config.h"
#include "fuzz.h"
#include "model-snapshot.h"
#include "output-json.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t *doc = json_loadb((const char *)data, size, 0, NULL);
	struct snapshot s;
	char err[256];

	if (!doc)
		return 0;
	snapshot_init(&s, 0, 0, true);
	if (snapshot_from_json(doc, &s, err, sizeof(err)) != 0 && !err[0])
		abort(); /* a rejection says why */
	snapshot_free(&s);
	json_decref(doc);
	return 0;
}
