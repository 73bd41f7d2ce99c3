/* memfrag plugin ABI: the allocator factory, through which one library offers several
 * allocators, and the region an instance is created over. */
#ifndef MEMFRAG_FACTORY_H
#define MEMFRAG_FACTORY_H

#include <stddef.h>

#include "allocator.h"
#include "host.h"
#include "version.h"

#ifdef __cplusplus
extern "C" {
#endif

#define MEMFRAG_ALLOCATOR_FACTORY_ID "memfrag.allocator-factory/1"

/* Descriptor feature bits. */

/* alloc() and free() may be called concurrently from several threads, each with its own cpu
 * index. Without it the host serializes every call on an instance under one lock (and records
 * that it did). */
#define MEMFRAG_ALLOCATOR_THREAD_SAFE (UINT64_C(1) << 0)

struct memfrag_allocator_descriptor {
   /* ABI version the descriptor was built against. */
   memfrag_version_t abi_version;

   /* Identifier, unique within the library: lower-case letters, digits, '-' and '_', starting
    * with a letter, at most 63 characters. Used on the command line and in results. */
   const char *id;
   const char *name;        /* human-readable name */
   const char *vendor;      /* who wrote it */
   const char *version;     /* the allocator's own version, free form, e.g. "1.2.0" */
   const char *description; /* one sentence */
   uint64_t features;       /* MEMFRAG_ALLOCATOR_* bits; unknown bits are ignored by the host */
};

/* The region an instance manages. Filled by the host, valid during the call it is passed to. */
typedef struct memfrag_region {
   /* Number of frames; may be any value, including 0 and values that are not a power of two. */
   uint64_t frame_count;
   /* Address where frame 0 is mapped in the host. Informative: plugins must not read or write
    * frame memory (host services such as virtual mapping take frame numbers, not addresses). */
   void *base;
   /* NUMA node the region's memory is bound to, or -1 when unknown or not bound. */
   int32_t numa_node;
   /* Number of distinct cpu indices alloc()/free() may receive: [0, cpu_count). At least 1. */
   uint32_t cpu_count;
} memfrag_region_t;

/* A parameter value as parsed by the host from the declared schema (ext/params.h): the member
 * matching the declared type is set. String values are owned by the host and valid during the
 * call they are passed to: copy what must be kept. */
typedef union memfrag_param_value {
   int64_t as_int;
   double as_float;
   bool as_bool;
   const char *as_string;
} memfrag_param_value_t;

/* What an instance is created with: the region and, when the allocator declares parameters, one
 * value per declared parameter in declaration order (defaults filled in by the host, ranges
 * checked against the declaration). */
typedef struct memfrag_instance_config {
   const memfrag_region_t *region;
   const memfrag_param_value_t *params; /* NULL when param_count is 0 */
   uint32_t param_count;
} memfrag_instance_config_t;

typedef struct memfrag_allocator_factory {
   /* Number of allocators the library offers.
    * [main-thread] */
   uint32_t (*count)(const struct memfrag_allocator_factory *factory);

   /* Descriptor of allocator `index` in [0, count()), or NULL for an index out of range. Owned
    * by the plugin, valid until the library's deinit().
    * [main-thread] */
   const memfrag_allocator_descriptor_t *(*get_descriptor)(
      const struct memfrag_allocator_factory *factory, uint32_t index);

   /* Returns the descriptor-level extension `extension_id` of allocator `allocator_id` (for
    * example MEMFRAG_EXT_PARAMS, whose schema the host needs before creating an instance), or
    * NULL when the allocator does not implement it or the id is unknown. Owned by the plugin,
    * valid until deinit().
    * [main-thread] */
   const void *(*get_descriptor_extension)(const struct memfrag_allocator_factory *factory,
                                           const char *allocator_id, const char *extension_id);

   /* Number of metadata bytes an instance of `allocator_id` needs for `config`. The host
    * allocates exactly that many bytes, zero-filled and aligned to 64 bytes, and passes them to
    * create(); the plugin keeps all per-region state there, so metadata overhead is measured the
    * same way for every plugin. Returns 0 when it needs none. Returns SIZE_MAX when the
    * configuration is unusable (unknown id, parameter out of the plugin's own limits).
    * [main-thread] */
   size_t (*metadata_size)(const struct memfrag_allocator_factory *factory,
                           const char *allocator_id, const memfrag_instance_config_t *config);

   /* Creates an instance over config->region with `metadata` (metadata_size() bytes, owned by
    * the host, valid until the instance is destroyed; NULL when metadata_size() returned 0). `host` is valid until destroy(). Every
    * frame of the region starts free. Returns NULL on failure, after logging the reason through
    * the host's log extension when it has one.
    * [main-thread] */
   const memfrag_allocator_t *(*create)(const struct memfrag_allocator_factory *factory,
                                        const memfrag_host_t *host, const char *allocator_id,
                                        const memfrag_instance_config_t *config, void *metadata,
                                        size_t metadata_size);
} memfrag_allocator_factory_t;

#ifdef __cplusplus
}
#endif

#endif
