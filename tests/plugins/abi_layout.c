/* The ABI struct layout pinned down in C11: static assertions at compile time, and the layout as
 * seen by the C compiler for the C++ test to compare against. */
#include "abi_layout.h"

#include "abi_layout_fields.h"
#include "memfrag/memfrag.h"

#include <stddef.h>

#define ASSERT_SIZE(type, expected) _Static_assert(sizeof(type) == (expected), #type " size");
#define ASSERT_OFFSET(type, member, expected)                                                      \
   _Static_assert(offsetof(type, member) == (expected), #type "." #member " offset");
MEMFRAG_ABI_LAYOUT_FIELDS(ASSERT_SIZE, ASSERT_OFFSET)

#define SIZE_ENTRY(type, expected) {#type, sizeof(type)},
#define OFFSET_ENTRY(type, member, expected) {#type "." #member, offsetof(type, member)},
static const abi_layout_entry_t layout[] = {MEMFRAG_ABI_LAYOUT_FIELDS(SIZE_ENTRY, OFFSET_ENTRY)};

const abi_layout_entry_t *abi_layout_seen_by_c(size_t *count) {
   *count = sizeof layout / sizeof layout[0];
   return layout;
}
