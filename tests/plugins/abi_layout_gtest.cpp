// The ABI struct layout pinned down in C++20, and compared entry by entry with what the C
// compiler laid out (abi_layout.c): a plugin and a host built by different compilers must agree.
#include "abi_layout.h"
#include "abi_layout_fields.h"
#include "memfrag/memfrag.h"

#include <cstddef>
#include <gtest/gtest.h>
#include <span>
#include <string>
#include <vector>

namespace {

#define ASSERT_SIZE(type, expected) static_assert(sizeof(type) == (expected), #type " size");
#define ASSERT_OFFSET(type, member, expected)                                                      \
   static_assert(offsetof(type, member) == (expected), #type "." #member " offset");
MEMFRAG_ABI_LAYOUT_FIELDS(ASSERT_SIZE, ASSERT_OFFSET)

#define SIZE_ENTRY(type, expected) {#type, sizeof(type)},
#define OFFSET_ENTRY(type, member, expected) {#type "." #member, offsetof(type, member)},
const std::vector<abi_layout_entry_t> layout_seen_by_cxx{
    MEMFRAG_ABI_LAYOUT_FIELDS(SIZE_ENTRY, OFFSET_ENTRY)};

TEST(AbiLayoutTest, CAndCxxCompilersAgree) {
   std::size_t count = 0;
   const abi_layout_entry_t *entries = abi_layout_seen_by_c(&count);
   const std::span<const abi_layout_entry_t> seen_by_c(entries, count);
   ASSERT_EQ(seen_by_c.size(), layout_seen_by_cxx.size());
   for (std::size_t index = 0; index < seen_by_c.size(); ++index) {
      EXPECT_EQ(std::string(seen_by_c[index].what), layout_seen_by_cxx[index].what);
      EXPECT_EQ(seen_by_c[index].value, layout_seen_by_cxx[index].value) << seen_by_c[index].what;
   }
}

TEST(AbiLayoutTest, RequestFlagsKeepTheirBits) {
   EXPECT_EQ(MEMFRAG_REQ_ATOMIC, 1u);
   EXPECT_EQ(MEMFRAG_REQ_MOBILITY(MEMFRAG_MOBILITY_MOVABLE), 4u);
   EXPECT_EQ(MEMFRAG_REQ_GET_MOBILITY(MEMFRAG_REQ_MOBILITY(MEMFRAG_MOBILITY_RECLAIMABLE)),
             MEMFRAG_MOBILITY_RECLAIMABLE);
   EXPECT_EQ(MEMFRAG_REQ_VIRT_OK, 8u);
   EXPECT_EQ(MEMFRAG_REQ_NORECLAIM, 16u);
   EXPECT_EQ(MEMFRAG_REQ_HIGH, 32u);
   EXPECT_EQ(MEMFRAG_NO_FRAME, UINT64_MAX);
}

} // namespace
