/* Host extension: untargeted reclaim in LRU order, as kswapd and direct reclaim do.
 *
 * Re-entrancy, the model of the Linux kernel: the world drops reclaimable data by handing its
 * blocks back to the calling instance through the instance's own free(), on the calling thread,
 * before the service returns. A plugin therefore calls it only with its metadata consistent (as
 * between two calls of alloc()), and must expect free() of any block it handed out for
 * reclaimable data (MEMFRAG_MOBILITY_RECLAIMABLE), of any order, while its alloc() is running.
 *
 * When the service may be called (the same for every world service that frees or moves blocks:
 * reclaim.h, reclaim_frame.h, migrate.h):
 *   - from within alloc() of a request without MEMFRAG_REQ_ATOMIC and without
 *     MEMFRAG_REQ_NORECLAIM;
 *   - from background work (background.h);
 *   - never from free(), including a free() the service itself triggered.
 * Called anywhere else it does nothing and returns 0; the host counts such refused calls. */
#ifndef MEMFRAG_EXT_RECLAIM_H
#define MEMFRAG_EXT_RECLAIM_H

#include "../host.h"

#ifdef __cplusplus
extern "C" {
#endif

#define MEMFRAG_EXT_RECLAIM "memfrag.reclaim/1"

typedef struct memfrag_host_reclaim {
   /* Drops reclaimable blocks, least recently used first, until at least `frames` frames have
    * been freed or no reclaimable block is left. Each dropped block reaches the plugin through
    * free() (see above) before this returns. Returns the number of frames freed: at most
    * `frames` plus one block less one frame, 0 when nothing reclaimable is live or the call is
    * refused. Every dropped block counts as an eviction; a later read of its data counts as a
    * refault.
    * [alloc-thread] Only as described at the top of this header. */
   uint64_t (*reclaim)(const memfrag_host_t *host, uint64_t frames);
} memfrag_host_reclaim_t;

#ifdef __cplusplus
}
#endif

#endif
