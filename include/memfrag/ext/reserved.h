/* Host extension ids reserved in ABI v1 for the world's services. A host that does not offer a
 * service returns NULL for its id; plugins must work (with less mitigation) when it does. Each
 * id's struct is specified in its own header when the host first offers it; until then the id is
 * only reserved, so that no plugin uses it for anything else. */
#ifndef MEMFRAG_EXT_RESERVED_H
#define MEMFRAG_EXT_RESERVED_H

/* Reclaim N frames in LRU order (untargeted), as kswapd and direct reclaim do. */
#define MEMFRAG_EXT_RECLAIM "memfrag.reclaim/1"
/* Reclaim a given frame if its owner can drop it (reverse mapping, targeted reclaim). */
#define MEMFRAG_EXT_RECLAIM_FRAME "memfrag.reclaim-frame/1"
/* Migrate a movable block to a given frame (real copy of the bytes, owner updated). */
#define MEMFRAG_EXT_MIGRATE "memfrag.migrate/1"
/* Map a list of frames as one virtually contiguous range with the OS page tables, and unmap. */
#define MEMFRAG_EXT_VMAP "memfrag.vmap/1"
/* Run background work inline at deterministic points or on its own pinned thread. */
#define MEMFRAG_EXT_BACKGROUND "memfrag.background/1"

#endif
