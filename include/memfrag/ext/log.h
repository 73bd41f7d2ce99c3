/* Host extension: logging. Messages go to the host's diagnostics (stderr), never into results. */
#ifndef MEMFRAG_EXT_LOG_H
#define MEMFRAG_EXT_LOG_H

#include "../host.h"

#ifdef __cplusplus
extern "C" {
#endif

#define MEMFRAG_EXT_LOG "memfrag.log/1"

typedef enum memfrag_log_level {
   MEMFRAG_LOG_DEBUG = 0,
   MEMFRAG_LOG_INFO = 1,
   MEMFRAG_LOG_WARNING = 2,
   MEMFRAG_LOG_ERROR = 3,
} memfrag_log_level_t;

typedef struct memfrag_host_log {
   /* Logs one NUL-terminated line (the host adds the plugin's id and the newline). `message` is
    * owned by the caller. Cheap enough for errors, too slow for the alloc() fast path.
    * [any-thread] */
   void (*log)(const memfrag_host_t *host, int32_t level, const char *message);
} memfrag_host_log_t;

#ifdef __cplusplus
}
#endif

#endif
