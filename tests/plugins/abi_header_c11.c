/* Compile test: the umbrella header is valid strict C11 (-std=c11 -pedantic-errors) on its own. */
#include "memfrag/memfrag.h"

/* Names one thing from every header so an empty translation unit is not what gets tested. */
const memfrag_plugin_entry_t *abi_header_c11_probe(const memfrag_allocator_factory_t *factory,
                                                   const memfrag_ext_params_t *params);

const memfrag_plugin_entry_t *abi_header_c11_probe(const memfrag_allocator_factory_t *factory,
                                                   const memfrag_ext_params_t *params) {
   (void)factory;
   (void)params;
   return (const memfrag_plugin_entry_t *)0;
}
