/* Host extension: migration of a movable block, as compaction does. The host copies the bytes
 * for real and updates the block's owner, so the workload later frees the block where it now
 * lives.
 *
 * Protocol, one call per block:
 *   1. The plugin finds a movable block (reclaim_frame.h's block_at()) and a free destination of
 *      the same order, aligned to it, and takes the destination out of its free space as if it
 *      had handed it out.
 *   2. It calls migrate(from, to). The host checks that the destination is free in its own view
 *      (anything else is a contract violation that makes the run invalid), copies
 *      4096 << order bytes, and records the block at `to`.
 *   3. On success the source frames are the plugin's again: the host does not call free() for
 *      them, the plugin puts them back in its free space itself. On failure nothing moved and
 *      the plugin puts the destination back. */
#ifndef MEMFRAG_EXT_MIGRATE_H
#define MEMFRAG_EXT_MIGRATE_H

#include "../host.h"

#ifdef __cplusplus
extern "C" {
#endif

#define MEMFRAG_EXT_MIGRATE "memfrag.migrate/1"

typedef struct memfrag_host_migrate {
   /* Moves the live movable block whose first frame is `from` to the block of the same order
    * starting at `to`, following the protocol above. Returns true when it moved. Returns false,
    * moving nothing, when `from` does not start a live movable block (a block may have been
    * freed or dropped since the plugin looked), when the call is refused (see reclaim.h for
    * when services may be called), and when the destination is misaligned, outside the region
    * or not free in the host's view (the last three are also contract violations).
    * [alloc-thread] As the services of reclaim.h: from alloc() of a non-atomic request that may
    * reclaim, or from background work; never from free(). */
   bool (*migrate)(const memfrag_host_t *host, uint64_t from, uint64_t to);
} memfrag_host_migrate_t;

#ifdef __cplusplus
}
#endif

#endif
