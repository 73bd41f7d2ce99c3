/* Host extension: stitching single frames into one virtually contiguous block with the OS page
 * tables, the fallback proposed on linux-kernel in 1996 for multi-frame requests that fail only
 * because free frames are scattered.
 *
 * Protocol: a plugin serving a request with MEMFRAG_REQ_VIRT_OK that cannot find a contiguous
 * block takes 2^order single frames out of its free space, calls map() with them, and returns
 * the stitched-block id map() gave in place of a frame number. The host maps the frames side by
 * side in a window of its address space (the same memory is then reachable at two addresses)
 * and uses that mapping for the block's data. When the block is freed, free() receives the id
 * with the request's order; the plugin calls unmap(), which gives the frames back to it, and
 * puts them back in its free space (no further free() call follows for them). A request
 * without MEMFRAG_REQ_VIRT_OK requires physical contiguity: never stitch it. */
#ifndef MEMFRAG_EXT_VMAP_H
#define MEMFRAG_EXT_VMAP_H

#include "../host.h"

#ifdef __cplusplus
extern "C" {
#endif

#define MEMFRAG_EXT_VMAP "memfrag.vmap/1"

/* Set in every stitched-block id, never in a frame number: alloc() may return such an id only
 * when it was given by map() during that same call. */
#define MEMFRAG_STITCHED_BIT (UINT64_C(1) << 63)
#define MEMFRAG_IS_STITCHED(value) (((value)&MEMFRAG_STITCHED_BIT) != 0 && (value) != UINT64_MAX)

typedef struct memfrag_host_vmap {
   /* Largest `count` map() accepts. Constant for the life of the instance.
    * [any-thread] */
   uint32_t (*max_frames)(const memfrag_host_t *host);

   /* Maps `frames` (`count` region-relative frame numbers, each a single frame the plugin took
    * out of its free space, all distinct) side by side into one virtual range, in the order
    * given, and returns the stitched-block id the current alloc() must return. `count` must be
    * 2^order of the request being served. `frames` is owned by the caller and read during the
    * call only. Returns MEMFRAG_NO_FRAME, mapping nothing, when the call is not allowed here, the
    * count is wrong or above max_frames(), or the OS refuses the mapping; a frame outside the
    * region or not free in the host's view is also a contract violation.
    * [alloc-thread] Only from within alloc() of a request with MEMFRAG_REQ_VIRT_OK, at most once
    * per call. */
   uint64_t (*map)(const memfrag_host_t *host, const uint64_t *frames, uint32_t count);

   /* Removes the mapping of the stitched block `id`, writes its frames in mapping order into
    * `frames` (up to `capacity` of them) and returns how many the block had (0 for an id that is
    * not a live stitched block). The frames are the plugin's again. The block's data is gone.
    * [alloc-thread] From within free() of that id. */
   uint32_t (*unmap)(const memfrag_host_t *host, uint64_t id, uint64_t *frames,
                     uint32_t capacity);
} memfrag_host_vmap_t;

#ifdef __cplusplus
}
#endif

#endif
