/* memfrag plugin ABI: version numbers.
 *
 * Compatibility is by major version: a host loads a plugin whose entry carries the same major
 * version, whatever its minor and revision. Released structs never change; new abilities arrive
 * as extensions looked up by versioned string id (see ext/), never by bumping the major.
 */
#ifndef MEMFRAG_VERSION_H
#define MEMFRAG_VERSION_H

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define MEMFRAG_ABI_VERSION_MAJOR 1
#define MEMFRAG_ABI_VERSION_MINOR 0
#define MEMFRAG_ABI_VERSION_REVISION 0

typedef struct memfrag_version {
   uint32_t major;
   uint32_t minor;
   uint32_t revision;
} memfrag_version_t;

#define MEMFRAG_ABI_VERSION_INIT                                                                   \
   { MEMFRAG_ABI_VERSION_MAJOR, MEMFRAG_ABI_VERSION_MINOR, MEMFRAG_ABI_VERSION_REVISION }

/* True when a struct stamped with `v` can be used by code built against these headers. */
static inline bool memfrag_version_is_compatible(memfrag_version_t v) {
   return v.major == MEMFRAG_ABI_VERSION_MAJOR;
}

#ifdef __cplusplus
}
#endif

#endif
