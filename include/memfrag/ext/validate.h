/* Extension: the plugin's own invariant check. */
#ifndef MEMFRAG_EXT_VALIDATE_H
#define MEMFRAG_EXT_VALIDATE_H

#include <stddef.h>

#include "../allocator.h"

#ifdef __cplusplus
extern "C" {
#endif

#define MEMFRAG_EXT_VALIDATE "memfrag.validate/1"

typedef struct memfrag_ext_validate {
   /* Checks every invariant of the instance's metadata (free lists consistent with per-frame
    * state, counts, no unmerged buddies, ...). Returns true when all hold. Otherwise returns
    * false and writes a NUL-terminated one-line description of the first broken invariant into
    * `message` (at most `capacity` bytes, truncated if needed; `message` may be NULL when
    * capacity is 0). Must not change the instance's state.
    * [alloc-thread] Never concurrently with alloc() or free() of the same instance. */
   bool (*validate)(const memfrag_allocator_t *allocator, char *message, size_t capacity);
} memfrag_ext_validate_t;

#ifdef __cplusplus
}
#endif

#endif
