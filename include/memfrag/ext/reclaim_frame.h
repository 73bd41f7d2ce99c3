/* Host extension: the reverse map (which live block covers a frame) and targeted reclaim of the
 * block covering a given frame, as lumpy reclaim does with the kernel's rmap. */
#ifndef MEMFRAG_EXT_RECLAIM_FRAME_H
#define MEMFRAG_EXT_RECLAIM_FRAME_H

#include "../host.h"

#ifdef __cplusplus
extern "C" {
#endif

#define MEMFRAG_EXT_RECLAIM_FRAME "memfrag.reclaim-frame/1"

/* A live block as the host's world knows it. */
typedef struct memfrag_block_info {
   uint64_t first_frame; /* region-relative; for a frame of a stitched block (vmap.h): that frame */
   uint32_t order;       /* 0 for a frame of a stitched block */
   uint32_t mobility;    /* MEMFRAG_MOBILITY_* of the data the block holds */
   bool stitched;        /* part of a stitched block: never migrated */
} memfrag_block_info_t;

typedef struct memfrag_host_reclaim_frame {
   /* Reverse map: fills `out` with the live block covering `frame` and returns true; returns
    * false when `frame` is outside the region or free in the host's view. Does not change
    * anything. Blocks handed out by the current alloc() are not live yet.
    * [alloc-thread] From alloc(), free() or background work of the instance. */
   bool (*block_at)(const memfrag_host_t *host, uint64_t frame, memfrag_block_info_t *out);

   /* Drops the live block covering `frame` if its owner can (reclaimable data), handing it back
    * through free() as reclaim.h describes. Returns the frames freed: the block's size, or 0
    * when the frame is free, its block is unmovable or movable (never dropped), or the call is
    * refused. The dropped block counts as an eviction, and as an eviction of hot data when it
    * was in the younger half of the LRU list's age span: targeted reclaim ignores LRU order.
    * [alloc-thread] As the services of reclaim.h: from alloc() of a non-atomic request that may
    * reclaim, or from background work; never from free(). */
   uint64_t (*reclaim_frame)(const memfrag_host_t *host, uint64_t frame);
} memfrag_host_reclaim_frame_t;

#ifdef __cplusplus
}
#endif

#endif
