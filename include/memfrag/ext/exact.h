/* Extension: exact-size requests. An allocator that offers it serves runs of any number of
 * contiguous frames, not only blocks of 2^order: a request for 9000 bytes takes the 3 frames it
 * needs instead of the 4 of an order-2 block (the "9000 bytes anywhere" wish of linux-kernel,
 * 1996).
 *
 * A run is `frames` contiguous frames of the region, named by its first frame. No alignment is
 * promised beyond the frame: a run may start at any frame of the region. Runs and blocks share
 * the region: a run handed out and not yet freed never overlaps another run or a block (alloc())
 * handed out and not yet freed, and the other way round. alloc() and free() keep their own
 * promises, alignment of a block to 2^order included.
 *
 * The host asks for a run only for requests the workload sizes in bytes or frames (a request
 * of `bytes` bytes asks for ceil(bytes / 4096) frames); order requests still go to alloc(). A
 * plugin without this extension gets sized requests through alloc() with the order rounded up
 * to the next power of two; the frames that rounding hands out beyond the request are what the
 * host reports as internal waste.
 *
 * Runs and the world: the host keeps a run like an unmovable block, whatever mobility the
 * request's flags name (the mobility still reaches the plugin as a placement hint). It never
 * drops a run under reclaim (reclaim.h, reclaim_frame.h) nor migrates one (migrate.h), and
 * block_at() reports each frame of a run as an unmovable block of order 0 starting at that
 * frame. */
#ifndef MEMFRAG_EXT_EXACT_H
#define MEMFRAG_EXT_EXACT_H

#include "../allocator.h"

#ifdef __cplusplus
extern "C" {
#endif

#define MEMFRAG_EXT_EXACT "memfrag.exact/1"

typedef struct memfrag_ext_exact {
   /* Serves a request for one run of `frames` contiguous frames, `frames` >= 1. Returns the
    * region-relative number of the run's first frame, with frame + frames <= frame_count, not
    * overlapping any block or run handed out and not yet freed; or MEMFRAG_NO_FRAME when the
    * request cannot be served (also for a count the plugin does not support). `flags` are
    * MEMFRAG_REQ_* bits as for alloc(), never with MEMFRAG_REQ_VIRT_OK: a run is always
    * physically contiguous and never stitched (vmap.h's map() is refused during the call, and a
    * stitched-block id returned is a contract violation). `cpu` as for alloc(). The world
    * services may be called from it under the rules reclaim.h gives for alloc(). The run belongs
    * to the host until it is passed back to free_run(). Must not touch frame memory.
    * [alloc-thread] Same concurrency rule as alloc(), counting alloc(), free(), alloc_run() and
    * free_run() of the instance as one set of calls. */
   uint64_t (*alloc_run)(const memfrag_allocator_t *allocator, uint64_t frames, uint32_t flags,
                         uint32_t cpu);

   /* Takes back the run of `frames` frames starting at `frame`, which the host received from
    * alloc_run() with the same `frames` and has not freed since: always a whole run, never a
    * part of one, never a block from alloc() (that one goes back through free()). `cpu` as for
    * alloc(). Must not touch frame memory.
    * [alloc-thread] Same concurrency rule as alloc_run(). */
   void (*free_run)(const memfrag_allocator_t *allocator, uint64_t frame, uint64_t frames,
                    uint32_t cpu);
} memfrag_ext_exact_t;

#ifdef __cplusplus
}
#endif

#endif
