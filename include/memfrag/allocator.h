/* memfrag plugin ABI: an allocator instance and the requests it serves.
 *
 * Vocabulary: a frame is one 4 KiB base page frame; a block of order k is 2^k contiguous frames
 * whose first frame number is a multiple of 2^k; the region is the range of frames
 * [0, frame_count) the host gives one instance. Frame numbers at this boundary are always
 * region-relative.
 */
#ifndef MEMFRAG_ALLOCATOR_H
#define MEMFRAG_ALLOCATOR_H

#include "version.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Frame number returned by alloc() when the request cannot be served. */
#define MEMFRAG_NO_FRAME UINT64_MAX

/* Request flags (the `flags` argument of alloc()). A plugin must ignore bits it does not know:
 * later minor versions may define more, always with a meaning a plugin can safely ignore. */

/* Atomic request: served from what is free now. The plugin must not call reclaim, migration or
 * any other host service that waits, and may dip into reserves kept for atomic requests. */
#define MEMFRAG_REQ_ATOMIC (1u << 0)

/* Mobility of the data the block will hold: a two-bit field at bits 1..2. */
#define MEMFRAG_REQ_MOBILITY_SHIFT 1u
#define MEMFRAG_REQ_MOBILITY_MASK (3u << MEMFRAG_REQ_MOBILITY_SHIFT)
#define MEMFRAG_MOBILITY_UNMOVABLE 0u   /* kernel objects: never moved, never dropped */
#define MEMFRAG_MOBILITY_RECLAIMABLE 1u /* clean cache: the world may drop it under reclaim */
#define MEMFRAG_MOBILITY_MOVABLE 2u     /* user data: the world may migrate it */
#define MEMFRAG_REQ_MOBILITY(mobility) ((uint32_t)(mobility) << MEMFRAG_REQ_MOBILITY_SHIFT)
#define MEMFRAG_REQ_GET_MOBILITY(flags)                                                           \
   (((flags) & MEMFRAG_REQ_MOBILITY_MASK) >> MEMFRAG_REQ_MOBILITY_SHIFT)

/* The caller accepts a virtually contiguous result (frames stitched together in a virtual
 * mapping). Without this bit the block must be physically contiguous in the region: contiguity
 * is required by default, as for a device doing DMA without an IOMMU. */
#define MEMFRAG_REQ_VIRT_OK (1u << 3)

/* The caller may not reclaim (the 1996 kernel's buffer-cache requests): unlike an atomic
 * request it is not entitled to reserves either. */
#define MEMFRAG_REQ_NORECLAIM (1u << 4)

/* High-priority caller (a file-system RPC that must make progress): a plugin modelling request
 * priorities may favour it; others ignore it. */
#define MEMFRAG_REQ_HIGH (1u << 5)

typedef struct memfrag_allocator_descriptor memfrag_allocator_descriptor_t;

/* One allocator instance over one region. Created by the factory (factory.h); the struct itself
 * is owned by the plugin and stays valid until destroy(). */
typedef struct memfrag_allocator {
   /* The descriptor this instance was created from (owned by the plugin). */
   const memfrag_allocator_descriptor_t *desc;

   /* Private to the plugin; the host never reads or writes it. */
   void *plugin_data;

   /* Serves a request for one block of 2^order frames. Returns the region-relative number of
    * the block's first frame, a multiple of 2^order with frame + 2^order <= frame_count, not
    * overlapping any block handed out and not yet freed; or MEMFRAG_NO_FRAME when the request
    * cannot be served (also for an order the plugin does not support). `flags` are MEMFRAG_REQ_*
    * bits. `cpu` is the index, in [0, region.cpu_count), of the CPU the calling thread is pinned
    * to; plugins may keep per-CPU state keyed by it. The block belongs to the host until it is
    * passed back to free(). Must not touch frame memory.
    * [alloc-thread] Concurrently with alloc()/free() of the same instance only if the
    * descriptor has MEMFRAG_ALLOCATOR_THREAD_SAFE, and then never twice at once with the same
    * `cpu`. */
   uint64_t (*alloc)(const struct memfrag_allocator *allocator, uint32_t order, uint32_t flags,
                     uint32_t cpu);

   /* Takes back the block of 2^order frames starting at `frame`, which the host received from
    * alloc() with the same order and has not freed since. `cpu` as for alloc(). Must not touch
    * frame memory.
    * [alloc-thread] Same concurrency rule as alloc(). */
   void (*free)(const struct memfrag_allocator *allocator, uint64_t frame, uint32_t order,
                uint32_t cpu);

   /* Returns the instance-level extension registered under `extension_id` (see ext/), or NULL
    * when the plugin does not implement it. The pointer is owned by the plugin and valid until
    * destroy().
    * [any-thread] */
   const void *(*get_extension)(const struct memfrag_allocator *allocator,
                                const char *extension_id);

   /* Releases the instance. Blocks still handed out are simply forgotten: the host owns the
    * region and the metadata bytes and releases them itself afterwards.
    * [main-thread] No other call on this instance is in progress or follows. */
   void (*destroy)(const struct memfrag_allocator *allocator);
} memfrag_allocator_t;

#ifdef __cplusplus
}
#endif

#endif
