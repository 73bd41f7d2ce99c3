#include "core/metrics/free_blocks.hpp"

#include <gtest/gtest.h>
#include <random>
#include <stdexcept>

namespace memfrag::metrics {
namespace {

using Bitmap = std::vector<std::uint64_t>;

Bitmap all_free(std::uint64_t frames) {
   return Bitmap((frames + 63) / 64, 0);
}

void set_allocated(Bitmap &bitmap, std::uint64_t frame) {
   bitmap[frame / 64] |= std::uint64_t{1} << (frame % 64);
}

bool is_free(const Bitmap &bitmap, std::uint64_t frame) {
   return (bitmap[frame / 64] >> (frame % 64) & 1) == 0;
}

// The definition, frame by frame: an aligned block is counted when all its frames are free and
// no larger counted block contains it, trying the largest orders first.
std::vector<std::uint64_t> brute_force_histogram(const Bitmap &bitmap, std::uint64_t frames,
                                                 std::uint32_t max_order) {
   std::vector<std::uint64_t> nr_free(max_order + 1, 0);
   std::vector<bool> covered(frames, false);
   for (std::uint32_t order = max_order + 1; order-- > 0;) {
      const std::uint64_t size = std::uint64_t{1} << order;
      for (std::uint64_t start = 0; start + size <= frames; start += size) {
         bool usable = true;
         for (std::uint64_t f = start; f < start + size && usable; ++f)
            usable = is_free(bitmap, f) && !covered[f];
         if (!usable)
            continue;
         ++nr_free[order];
         for (std::uint64_t f = start; f < start + size; ++f)
            covered[f] = true;
      }
   }
   return nr_free;
}

TEST(FreeBlocks, WholeGibibyteRegionIsMaxOrderBlocks) {
   const Bitmap bitmap = all_free(262144);
   const auto nr_free = free_block_histogram(bitmap, 262144, 10);
   std::vector<std::uint64_t> expected(11, 0);
   expected[10] = 256;
   EXPECT_EQ(nr_free, expected);
}

// 1000 = 512 + 256 + 128 + 64 + 32 + 8: one block each of orders 9, 8, 7, 6, 5 and 3.
TEST(FreeBlocks, NonPowerOfTwoFrameCount) {
   const auto nr_free = free_block_histogram(all_free(1000), 1000, 10);
   const std::vector<std::uint64_t> expected{0, 0, 0, 1, 0, 1, 1, 1, 1, 1, 0};
   EXPECT_EQ(nr_free, expected);
}

// Bits past frame_count are ignored: 70 frames = 64 + 4 + 2, wherever the tail bits point.
TEST(FreeBlocks, FramesBeyondCountAreNotFree) {
   const Bitmap bitmap = all_free(128); // frames 64..127 say "free" but only 64..69 exist
   const auto nr_free = free_block_histogram(bitmap, 70, 10);
   const std::vector<std::uint64_t> expected{0, 1, 1, 0, 0, 0, 1, 0, 0, 0, 0};
   EXPECT_EQ(nr_free, expected);
}

// Frame 0 allocated, 1..15 free: blocks 1 (order 0), 2-3 (1), 4-7 (2), 8-15 (3).
TEST(FreeBlocks, AlignmentLimitsBlocks) {
   Bitmap bitmap = all_free(16);
   set_allocated(bitmap, 0);
   const auto nr_free = free_block_histogram(bitmap, 16, 10);
   const std::vector<std::uint64_t> expected{1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0};
   EXPECT_EQ(nr_free, expected);
}

TEST(FreeBlocks, MaxOrderCapsBlockSize) {
   const auto nr_free = free_block_histogram(all_free(64), 64, 2);
   const std::vector<std::uint64_t> expected{0, 0, 16};
   EXPECT_EQ(nr_free, expected);
}

TEST(FreeBlocks, EverythingAllocated) {
   const Bitmap bitmap(4, ~std::uint64_t{0});
   EXPECT_EQ(free_block_histogram(bitmap, 256, 4), std::vector<std::uint64_t>(5, 0));
}

TEST(FreeBlocks, RejectsShortBitmap) {
   EXPECT_THROW(free_block_histogram(all_free(64), 65, 10), std::invalid_argument);
   EXPECT_THROW(free_block_histogram(all_free(64), 64, 64), std::invalid_argument);
}

TEST(FreeBlocks, MatchesBruteForceOnRandomBitmaps) {
   std::mt19937_64 random(12345);
   const std::uint64_t frame_counts[] = {1, 63, 64, 65, 127, 1000, 1024, 4099};
   const double allocated_shares[] = {0.0, 0.05, 0.3, 0.7, 0.97};
   for (const std::uint64_t frames : frame_counts) {
      for (const double share : allocated_shares) {
         std::bernoulli_distribution allocated(share);
         Bitmap bitmap = all_free(frames);
         for (std::uint64_t f = 0; f < frames; ++f)
            if (allocated(random))
               set_allocated(bitmap, f);
         for (const std::uint32_t max_order : {0u, 3u, 10u}) {
            SCOPED_TRACE(testing::Message() << frames << " frames, " << share << " allocated, "
                                            << "max order " << max_order);
            EXPECT_EQ(free_block_histogram(bitmap, frames, max_order),
                      brute_force_histogram(bitmap, frames, max_order));
         }
      }
   }
}

// The definition, frame by frame: some aligned block of the order has only free frames.
bool brute_force_has_free_block(const Bitmap &bitmap, std::uint64_t frames, std::uint32_t order) {
   const std::uint64_t size = std::uint64_t{1} << order;
   for (std::uint64_t start = 0; start + size <= frames; start += size) {
      bool all_free = true;
      for (std::uint64_t f = start; f < start + size && all_free; ++f)
         all_free = is_free(bitmap, f);
      if (all_free)
         return true;
   }
   return false;
}

TEST(FreeBlocks, FreeAlignedBlockTestMatchesBruteForce) {
   std::mt19937_64 random(777);
   const std::uint64_t frame_counts[] = {1, 2, 63, 64, 65, 200, 1024, 4099};
   const double allocated_shares[] = {0.0, 0.02, 0.2, 0.6, 0.95, 1.0};
   for (const std::uint64_t frames : frame_counts) {
      for (const double share : allocated_shares) {
         std::bernoulli_distribution allocated(share);
         Bitmap bitmap = all_free(frames);
         for (std::uint64_t f = 0; f < frames; ++f)
            if (allocated(random))
               set_allocated(bitmap, f);
         for (std::uint32_t order = 0; order <= 13; ++order) {
            SCOPED_TRACE(testing::Message() << frames << " frames, " << share << " allocated, "
                                            << "order " << order);
            const bool expected = brute_force_has_free_block(bitmap, frames, order);
            for (const std::uint64_t start : {std::uint64_t{0}, frames / 3, frames - 1}) {
               const auto found = find_free_aligned_block(bitmap, frames, order, start);
               ASSERT_EQ(found.has_value(), expected) << "start " << start;
               if (found) {
                  EXPECT_EQ(*found % (std::uint64_t{1} << order), 0u);
                  for (std::uint64_t f = *found; f < *found + (std::uint64_t{1} << order); ++f)
                     ASSERT_TRUE(f < frames && is_free(bitmap, f)) << "frame " << f;
               }
            }
         }
      }
   }
}

TEST(FreeBlocks, FreeAlignedBlockIgnoresFramesBeyondTheCount) {
   Bitmap bitmap = all_free(70);
   for (std::uint64_t f = 0; f < 64; ++f)
      set_allocated(bitmap, f);
   EXPECT_EQ(find_free_aligned_block(bitmap, 70, 2), 64u);
   EXPECT_EQ(find_free_aligned_block(bitmap, 70, 1, 69), 64u);
   EXPECT_FALSE(find_free_aligned_block(bitmap, 70, 3).has_value());
   EXPECT_FALSE(find_free_aligned_block(bitmap, 70, 64).has_value());
}

} // namespace
} // namespace memfrag::metrics

namespace memfrag::metrics {
namespace {

TEST(FreeRuns, FindsTheFirstRunOfALengthAtAnyAlignment) {
   Bitmap bitmap((200 + 63) / 64, 0);
   for (std::uint64_t frame : {2u, 6u, 70u, 130u}) {
      bitmap[frame / 64] |= std::uint64_t{1} << (frame % 64);
   }
   EXPECT_EQ(find_free_run(bitmap, 200, 2), 0u);
   EXPECT_EQ(find_free_run(bitmap, 200, 3), 3u);
   EXPECT_EQ(find_free_run(bitmap, 200, 4), 7u);
   EXPECT_EQ(find_free_run(bitmap, 200, 63), 7u) << "frames 7..69 cross a word boundary";
   EXPECT_EQ(find_free_run(bitmap, 200, 64), 131u) << "7..69 holds 63 frames, 71..129 59";
   EXPECT_EQ(find_free_run(bitmap, 200, 69), 131u) << "131..199 ends at the region";
   EXPECT_EQ(find_free_run(bitmap, 200, 70), std::nullopt);
   EXPECT_EQ(find_free_run(bitmap, 200, 0), std::nullopt);
}

TEST(FreeRuns, FramesBeyondCountAreNotFree) {
   const Bitmap bitmap(2, 0);
   EXPECT_EQ(find_free_run(bitmap, 100, 100), 0u);
   EXPECT_EQ(find_free_run(bitmap, 100, 101), std::nullopt);
}

} // namespace
} // namespace memfrag::metrics
