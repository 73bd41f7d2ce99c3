/* The layout of the ABI structs as one compiler saw it, so a C++ test can compare what the C
 * compiler and the C++ compiler laid out. */
#ifndef MEMFRAG_TEST_ABI_LAYOUT_H
#define MEMFRAG_TEST_ABI_LAYOUT_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct abi_layout_entry {
   const char *what; /* "struct.member" or "struct" for its size */
   size_t value;
} abi_layout_entry_t;

/* The layout as compiled by the C compiler; `count` receives the number of entries. */
const abi_layout_entry_t *abi_layout_seen_by_c(size_t *count);

#ifdef __cplusplus
}
#endif

#endif
