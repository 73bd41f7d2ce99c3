/* Extension: the instance's free-block histogram per order (the /proc/buddyinfo view). */
#ifndef MEMFRAG_EXT_HISTOGRAM_H
#define MEMFRAG_EXT_HISTOGRAM_H

#include "../allocator.h"

#ifdef __cplusplus
extern "C" {
#endif

#define MEMFRAG_EXT_HISTOGRAM "memfrag.histogram/1"

typedef struct memfrag_ext_histogram {
   /* Writes into nr_free[o] the number of free blocks of order o the plugin holds, for o from 0
    * to min(capacity, orders) - 1, where `orders` is the plugin's highest order plus one, and
    * returns `orders`. Counts blocks as the plugin keeps them (a buddy's free lists), which the
    * host records beside its own plugin-independent histogram.
    * [alloc-thread] Never concurrently with alloc() or free() of the same instance. */
   uint32_t (*free_blocks)(const memfrag_allocator_t *allocator, uint64_t *nr_free,
                           uint32_t capacity);
} memfrag_ext_histogram_t;

#ifdef __cplusplus
}
#endif

#endif
