/* Extension: statistics the plugin reports about itself. The host records them beside the
 * figures it measures, never instead of them. */
#ifndef MEMFRAG_EXT_STATS_H
#define MEMFRAG_EXT_STATS_H

#include "../allocator.h"

#ifdef __cplusplus
extern "C" {
#endif

#define MEMFRAG_EXT_STATS "memfrag.stats/1"

typedef struct memfrag_stat {
   const char *name; /* snake_case, stable across runs; owned by the plugin */
   double value;
} memfrag_stat_t;

typedef struct memfrag_ext_stats {
   /* Number of statistics; constant for the life of the instance.
    * [alloc-thread] Never concurrently with alloc() or free() of the same instance. */
   uint32_t (*count)(const memfrag_allocator_t *allocator);

   /* Fills `out` with statistic `index` in [0, count()) and returns true; false when out of
    * range. The name stays valid until destroy().
    * [alloc-thread] Never concurrently with alloc() or free() of the same instance. */
   bool (*get)(const memfrag_allocator_t *allocator, uint32_t index, memfrag_stat_t *out);
} memfrag_ext_stats_t;

#ifdef __cplusplus
}
#endif

#endif
