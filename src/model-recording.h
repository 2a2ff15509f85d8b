/* The recording format's name and version, shared by the writer
 * (output-record) and the reader (source-record).  The format itself is
 * described in output-record.h and memtrace(1), RECORDING FORMAT. */
#ifndef MEMTRACE_MODEL_RECORDING_H
#define MEMTRACE_MODEL_RECORDING_H

#define RECORDING_FORMAT "memtrace-recording"
#define RECORDING_VERSION 1

/* No line of a recording is longer than this: memtrace's own lines are
 * under 2 KiB but the header, whose command line the writer cuts at
 * RECORDING_CMDLINE_MAX bytes (escaped), so the reader can refuse a longer
 * line at once, with bounded memory, as not a recording. */
#define RECORDING_LINE_MAX (1u << 20)
#define RECORDING_CMDLINE_MAX (256u << 10)

#endif
