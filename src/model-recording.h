/* The recording format's name and version, shared by the writer
 * (output-record) and the reader (source-record).  The format itself is
 * described in output-record.h and memtrace(1), RECORDING FORMAT. */
#ifndef MEMTRACE_MODEL_RECORDING_H
#define MEMTRACE_MODEL_RECORDING_H

#define RECORDING_FORMAT "memtrace-recording"
#define RECORDING_VERSION 1

#endif
