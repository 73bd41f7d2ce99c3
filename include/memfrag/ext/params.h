/* Descriptor-level extension: typed parameters an allocator declares. The host parses values for
 * them from workload TOML files and `--set <allocator-id>.<name>=<value>`, checks types and
 * ranges, fills defaults, shows the schema in `memfrag list`, and passes the values to
 * metadata_size() and create() in declaration order (factory.h). Looked up with
 * factory->get_descriptor_extension(factory, allocator_id, MEMFRAG_EXT_PARAMS). */
#ifndef MEMFRAG_EXT_PARAMS_H
#define MEMFRAG_EXT_PARAMS_H

#include "../factory.h"

#ifdef __cplusplus
extern "C" {
#endif

#define MEMFRAG_EXT_PARAMS "memfrag.params/1"

typedef enum memfrag_param_type {
   MEMFRAG_PARAM_INT = 0,    /* int64_t, bounded by min_int..max_int inclusive */
   MEMFRAG_PARAM_FLOAT = 1,  /* double, bounded by min_float..max_float inclusive */
   MEMFRAG_PARAM_BOOL = 2,   /* bool */
   MEMFRAG_PARAM_STRING = 3, /* one of `choices` when choices is not NULL, else any string */
} memfrag_param_type_t;

typedef struct memfrag_param_info {
   /* snake_case name, unique within the allocator, at most 63 characters. */
   const char *name;
   /* One sentence: what it changes and in which unit. */
   const char *doc;
   int32_t type; /* memfrag_param_type_t */
   memfrag_param_value_t default_value;
   int64_t min_int, max_int;      /* MEMFRAG_PARAM_INT only */
   double min_float, max_float;   /* MEMFRAG_PARAM_FLOAT only */
   /* MEMFRAG_PARAM_STRING only: NULL-terminated list of accepted values, or NULL for any. */
   const char *const *choices;
} memfrag_param_info_t;

typedef struct memfrag_ext_params {
   /* Number of parameters; constant for the life of the library.
    * [main-thread] */
   uint32_t (*count)(const memfrag_allocator_factory_t *factory, const char *allocator_id);

   /* Fills `out` with parameter `index` in [0, count()) and returns true; false when out of
    * range. Strings stay owned by the plugin, valid until deinit().
    * [main-thread] */
   bool (*get)(const memfrag_allocator_factory_t *factory, const char *allocator_id,
               uint32_t index, memfrag_param_info_t *out);
} memfrag_ext_params_t;

#ifdef __cplusplus
}
#endif

#endif
