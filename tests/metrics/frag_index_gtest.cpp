#include "core/metrics/frag_index.hpp"

#include <gtest/gtest.h>
#include <vector>

namespace memfrag::metrics {
namespace {

using Histogram = std::vector<std::uint64_t>;

// Nothing free: free_pages == 0, so unusable is 1000 at every order, and free_blocks_total == 0
// makes the fragmentation index 0 (no reason to blame fragmentation).
TEST(FragIndex, EmptyHistogram) {
   const Histogram nr_free(11, 0);
   for (std::uint32_t order = 0; order <= 10; ++order) {
      EXPECT_EQ(unusable_index(nr_free, order), 1000);
      EXPECT_EQ(fragmentation_index(nr_free, order), 0);
      EXPECT_EQ(extfrag_for_order(nr_free, order), 0);
   }
   EXPECT_EQ(format_index(1000), "1.000");
   EXPECT_EQ(format_index(0), "0.000");
}

// One free order-10 block: free_pages 1024, one block. At order j it holds 2^(10-j) suitable
// blocks covering all 1024 frames: unusable (1024 - 1024) * 1000 / 1024 = 0, and the request
// would succeed: -1000, printed -1.000.
TEST(FragIndex, AllFreeInOneBlock) {
   Histogram nr_free(11, 0);
   nr_free[10] = 1;
   EXPECT_EQ(free_frames(nr_free), 1024u);
   EXPECT_EQ(free_blocks_total(nr_free), 1u);
   for (std::uint32_t order = 0; order <= 10; ++order) {
      EXPECT_EQ(free_blocks_suitable(nr_free, order), 1u << (10 - order));
      EXPECT_EQ(unusable_index(nr_free, order), 0);
      EXPECT_EQ(fragmentation_index(nr_free, order), -1000);
      EXPECT_EQ(extfrag_for_order(nr_free, order), 0);
   }
   EXPECT_EQ(format_index(-1000), "-1.000");
}

// 1000 free single frames: free_pages 1000, 1000 blocks, none suitable above order 0.
//   unusable(1)      = (1000 - 0) * 1000 / 1000 = 1000
//   fragmentation(1) = 1000 - (1000 + 1000 * 1000 / 2) / 1000    = 1000 - 501 = 499
//   fragmentation(3) = 1000 - (1000 + 1000000 / 8) / 1000        = 1000 - 126 = 874
//   fragmentation(9) = 1000 - (1000 + 1000000 / 512 = 1953) / 1000 = 1000 - 2 = 998
//   fragmentation(10)= 1000 - (1000 + 976) / 1000                = 999
//   extfrag(1)       = 1000 * 100 / 1000 = 100
TEST(FragIndex, AllOrderZero) {
   Histogram nr_free(11, 0);
   nr_free[0] = 1000;
   EXPECT_EQ(unusable_index(nr_free, 0), 0);
   EXPECT_EQ(fragmentation_index(nr_free, 0), -1000);
   EXPECT_EQ(unusable_index(nr_free, 1), 1000);
   EXPECT_EQ(fragmentation_index(nr_free, 1), 499);
   EXPECT_EQ(fragmentation_index(nr_free, 3), 874);
   EXPECT_EQ(fragmentation_index(nr_free, 9), 998);
   EXPECT_EQ(fragmentation_index(nr_free, 10), 999);
   EXPECT_EQ(extfrag_for_order(nr_free, 1), 100);
   EXPECT_EQ(format_index(499), "0.499");
}

// The LWN example buddyinfo line "258 9 5 0 1 2 0 1 1 0 0" (orders 0..10).
//   free_pages = 258 + 9*2 + 5*4 + 1*16 + 2*32 + 1*128 + 1*256 = 760
//   free_blocks_total = 258 + 9 + 5 + 1 + 2 + 1 + 1 = 277
//   suitable(1) = 9 + 5*2 + 1*8 + 2*16 + 1*64 + 1*128 = 251 -> (760 - 502) * 1000 / 760 = 339
//   suitable(2) = 5 + 1*4 + 2*8 + 1*32 + 1*64 = 121        -> (760 - 484) * 1000 / 760 = 363
//   suitable(3) = 1*2 + 2*4 + 1*16 + 1*32 = 58             -> (760 - 464) * 1000 / 760 = 389
//   suitable(4) = 1 + 2*2 + 1*8 + 1*16 = 29                -> 464 frames again         = 389
//   suitable(5) = 2 + 1*4 + 1*8 = 14                       -> (760 - 448) * 1000 / 760 = 410
//   suitable(6) = 1*2 + 1*4 = 6                            -> (760 - 384) * 1000 / 760 = 494
//   suitable(7) = 1 + 1*2 = 3                              -> 384 frames again         = 494
//   suitable(8) = 1                                        -> (760 - 256) * 1000 / 760 = 663
//   suitable(9) = suitable(10) = 0                         -> 1000
//   fragmentation(9)  = 1000 - (1000 + 760000 / 512 = 1484) / 277 = 1000 - 8 = 992
//   fragmentation(10) = 1000 - (1000 + 760000 / 1024 = 742) / 277 = 1000 - 6 = 994
//   extfrag(8) = (760 - 256) * 100 / 760 = 66; extfrag(9) = 100
TEST(FragIndex, LwnExample) {
   const Histogram nr_free{258, 9, 5, 0, 1, 2, 0, 1, 1, 0, 0};
   EXPECT_EQ(free_frames(nr_free), 760u);
   EXPECT_EQ(free_blocks_total(nr_free), 277u);
   EXPECT_EQ(free_blocks_suitable(nr_free, 1), 251u);
   const std::vector<std::int32_t> unusable{0, 339, 363, 389, 389, 410, 494, 494, 663, 1000, 1000};
   const std::vector<std::int32_t> fragmentation{-1000, -1000, -1000, -1000, -1000, -1000,
                                                 -1000, -1000, -1000, 992,   994};
   const IndicesByOrder indices = indices_by_order(nr_free);
   EXPECT_EQ(indices.unusable, unusable);
   EXPECT_EQ(indices.fragmentation, fragmentation);
   EXPECT_EQ(extfrag_for_order(nr_free, 8), 66);
   EXPECT_EQ(extfrag_for_order(nr_free, 9), 100);
   EXPECT_EQ(format_index(indices.unusable[1]), "0.339");
}

// Four free frames and two free order-1 blocks, order 2 requested: free_pages 8, six blocks,
// none suitable: 1000 - (1000 + 8000 / 4) / 6 = 1000 - 500 = 500.
TEST(FragIndex, MixedSmallBlocks) {
   const Histogram nr_free{4, 2, 0, 0};
   EXPECT_EQ(fragmentation_index(nr_free, 2), 500);
   EXPECT_EQ(unusable_index(nr_free, 2), 1000);
   EXPECT_EQ(unusable_index(nr_free, 1), 500); // (8 - 2*2) * 1000 / 8
}

// The kernel formula dips below 0 with very few small blocks: one free frame, order 1:
// 1000 - (1000 + 1000 / 2) / 1 = -500. Kept as the kernel computes and prints it.
TEST(FragIndex, KernelQuirkBelowZero) {
   const Histogram nr_free{1, 0};
   EXPECT_EQ(fragmentation_index(nr_free, 1), -500);
   EXPECT_EQ(format_index(-500), "0.-500");
}

TEST(FragIndex, FillIndicesOfFreeState) {
   results::FreeState state;
   state.nr_free = {258, 9, 5, 0, 1, 2, 0, 1, 1, 0, 0};
   fill_indices(state);
   ASSERT_EQ(state.unusable_index.size(), 11u);
   EXPECT_EQ(state.unusable_index[8], 663);
   EXPECT_EQ(state.fragmentation_index[10], 994);
}

} // namespace
} // namespace memfrag::metrics
