// The physical contiguity check: the run table on made-up frame numbers, then on real regions
// (root: pagemap gives frame numbers) checked against the frame numbers read directly, and on
// 2 MiB hugetlb backing, where every block inside one huge page is contiguous by construction.
#include "core/metrics/contiguity.hpp"
#include "core/platform/hugepage_reservation.hpp"
#include "core/platform/pagemap.hpp"
#include "core/platform/region_memory.hpp"

#include <gtest/gtest.h>
#include <optional>
#include <unistd.h>

namespace memfrag::metrics {
namespace {

using platform::BackingKind;
using platform::BackingRequest;
using platform::RegionAccess;
using platform::RegionMemory;

constexpr std::uint64_t kFrames = 2048; // 8 MiB: four 2 MiB huge pages

BackingRequest populated(BackingKind kind) {
   BackingRequest request;
   request.kind = kind;
   request.prefault = true;
   request.lock = true;
   return request;
}

// Whether the `2^order` frames from `frame` have consecutive numbers, read directly.
bool contiguous(const std::vector<std::uint64_t> &numbers, std::uint64_t frame,
                std::uint32_t order) {
   for (std::uint64_t next = frame + 1; next < frame + (std::uint64_t{1} << order); ++next) {
      if (numbers[next] != numbers[next - 1] + 1) {
         return false;
      }
   }
   return true;
}

// Checks every aligned block of orders 0..max_order.
results::ContiguityRecord check_all_blocks(ContiguityCheck &check, std::uint32_t max_order) {
   for (std::uint32_t order = 0; order <= max_order; ++order) {
      for (std::uint64_t frame = 0; frame < kFrames; frame += std::uint64_t{1} << order) {
         check.check(frame, order);
      }
   }
   return *check.finish();
}

class RealFrames : public testing::Test {
 protected:
   void SetUp() override {
      if (!platform::pagemap_gives_frames()) {
         GTEST_SKIP() << "pagemap hides physical frame numbers from this process (not root)";
      }
   }
};

TEST(ConsecutiveRuns, CountsEachRunFromItsStart) {
   EXPECT_EQ(consecutive_runs({10, 11, 12, 40, 41, 7, 0, 9}, 100),
             (std::vector<std::uint32_t>{3, 2, 1, 2, 1, 1, 0, 1}));
   EXPECT_EQ(consecutive_runs({5, 6, 7, 8}, 2), (std::vector<std::uint32_t>{2, 2, 2, 1}));
   EXPECT_TRUE(consecutive_runs({}, 4).empty());
}

TEST(Contiguity, OffReportsNothing) {
   ContiguityCheck off;
   off.check(0, 3);
   EXPECT_FALSE(off.finish().has_value());
}

TEST(Contiguity, FramesNotInMemorySayWhy) {
   RegionMemory memory(kFrames, RegionAccess::read_write, BackingRequest{});
   ContiguityCheck check(memory);
   check.check(0, 0);
   const auto record = check.finish();
   ASSERT_TRUE(record.has_value());
   EXPECT_FALSE(record->checked);
   EXPECT_FALSE(record->reason.empty());
   if (platform::pagemap_gives_frames()) {
      EXPECT_NE(record->reason.find("2048 of 2048 region frames were not in memory"),
                std::string::npos)
          << record->reason;
   } else {
      EXPECT_NE(record->reason.find("hidden"), std::string::npos) << record->reason;
   }
   EXPECT_EQ(record->blocks, std::vector<std::uint64_t>{0});
}

TEST_F(RealFrames, FourKBlocksAgreeWithTheFrameNumbers) {
   RegionMemory memory(kFrames, RegionAccess::read_write, populated(BackingKind::base_4k));
   const std::vector<std::uint64_t> numbers = platform::frame_numbers(memory.base(), kFrames);
   ContiguityCheck check(memory);
   const results::ContiguityRecord record = check_all_blocks(check, 4);
   ASSERT_TRUE(record.checked) << record.reason;
   ASSERT_EQ(record.blocks.size(), 5u);
   for (std::uint32_t order = 0; order <= 4; ++order) {
      std::uint64_t expected = 0;
      for (std::uint64_t frame = 0; frame < kFrames; frame += std::uint64_t{1} << order) {
         expected += contiguous(numbers, frame, order) ? 1 : 0;
      }
      EXPECT_EQ(record.blocks[order], kFrames >> order) << "order " << order;
      EXPECT_EQ(record.contiguous_blocks[order], expected) << "order " << order;
   }
   EXPECT_EQ(record.contiguous_blocks[0], kFrames);
   EXPECT_EQ(record.frames_moved, 0u);
}

TEST_F(RealFrames, BlocksInsideOneHugePageAreContiguous) {
   std::optional<platform::HugepageReservation> reservation;
   try {
      reservation.emplace(platform::HugepageAsk{kFrames / 512, std::uint64_t{2} << 20, {}});
   } catch (const std::exception &error) {
      GTEST_SKIP() << error.what();
   }
   RegionMemory memory(kFrames, RegionAccess::read_write, populated(BackingKind::hugetlb_2m));
   ContiguityCheck check(memory);
   const results::ContiguityRecord record = check_all_blocks(check, 10);
   ASSERT_TRUE(record.checked) << record.reason;
   for (std::uint32_t order = 0; order <= 9; ++order) {
      EXPECT_EQ(record.blocks[order], kFrames >> order) << "order " << order;
      EXPECT_EQ(record.contiguous_blocks[order], record.blocks[order]) << "order " << order;
   }
   // An order-10 block spans two huge pages: contiguous only when the kernel gave neighbours.
   const std::vector<std::uint64_t> numbers = platform::frame_numbers(memory.base(), kFrames);
   std::uint64_t spanning = 0;
   for (std::uint64_t frame = 0; frame < kFrames; frame += 1024) {
      spanning += contiguous(numbers, frame, 10) ? 1 : 0;
   }
   EXPECT_EQ(record.contiguous_blocks[10], spanning);
}

TEST_F(RealFrames, ABlockPastTheRegionIsNotContiguous) {
   RegionMemory memory(kFrames, RegionAccess::read_write, populated(BackingKind::base_4k));
   ContiguityCheck check(memory);
   check.check(kFrames + 8, 0);
   const results::ContiguityRecord record = *check.finish();
   EXPECT_EQ(record.blocks[0], 1u);
   EXPECT_EQ(record.contiguous_blocks[0], 0u);
}

} // namespace
} // namespace memfrag::metrics
