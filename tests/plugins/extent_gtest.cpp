// The extent plugin through the raw C ABI: runs of any length, coalescing with both neighbours,
// blocks aligned to their order, the different choices of first and best fit, and validate()
// catching a broken boundary tag.
#include "loaded_plugin.hpp"
#include "plugin_instance.hpp"

#include <cstdint>
#include <gtest/gtest.h>

namespace memfrag::test {
namespace {

memfrag_param_value_t fit(const char *name) {
   memfrag_param_value_t value{};
   value.as_string = name;
   return value;
}

class ExtentTest : public ::testing::Test {
 protected:
   PluginInstance make(uint64_t frames, const char *fit_name = "first") {
      return PluginInstance(plugin_, "extent", frames, {{"fit", fit(fit_name)}});
   }

   // Free extents [0, 5), [6, 9) and [10, 32): a 5-frame hole low, a 3-frame hole above it.
   static void leave_holes_of_five_and_three(const PluginInstance &extent) {
      ASSERT_EQ(extent.alloc_run(5), 0u);
      ASSERT_EQ(extent.alloc_run(1), 5u);
      ASSERT_EQ(extent.alloc_run(3), 6u);
      ASSERT_EQ(extent.alloc_run(1), 9u);
      extent.free_run(0, 5);
      extent.free_run(6, 3);
      ASSERT_EQ(extent.stats().at("free_extents"), 3.0);
   }

   LoadedPlugin plugin_{built_plugin_path("extent")};
};

TEST_F(ExtentTest, ServesRunsOfAnyLengthBackToBack) {
   PluginInstance extent = make(16);
   EXPECT_EQ(extent.alloc_run(3), 0u);
   EXPECT_EQ(extent.alloc_run(5), 3u);
   EXPECT_EQ(extent.alloc_run(7), 8u);
   EXPECT_EQ(extent.alloc_run(2), MEMFRAG_NO_FRAME) << "one frame is left";
   EXPECT_EQ(extent.alloc_run(1), 15u);
   EXPECT_EQ(extent.alloc_run(0), MEMFRAG_NO_FRAME);
   EXPECT_EQ(extent.stats().at("free_extents"), 0.0);
   EXPECT_EQ(extent.validate(), std::nullopt);
}

TEST_F(ExtentTest, FreeCoalescesWithBothNeighbours) {
   PluginInstance extent = make(16);
   ASSERT_EQ(extent.alloc_run(3), 0u);
   ASSERT_EQ(extent.alloc_run(3), 3u);
   ASSERT_EQ(extent.alloc_run(3), 6u);
   extent.free_run(0, 3);
   extent.free_run(6, 3);
   EXPECT_EQ(extent.stats().at("free_extents"), 2.0) << "[0, 3) and [6, 16)";
   EXPECT_EQ(extent.stats().at("largest_free_extent"), 10.0);
   extent.free_run(3, 3);
   EXPECT_EQ(extent.stats().at("free_extents"), 1.0) << "one extent again";
   EXPECT_EQ(extent.stats().at("largest_free_extent"), 16.0);
   EXPECT_EQ(extent.alloc_run(16), 0u) << "the whole region is one run again";
   EXPECT_EQ(extent.validate(), std::nullopt);
}

TEST_F(ExtentTest, BlocksAreAlignedToTheirOrder) {
   PluginInstance extent = make(16);
   ASSERT_EQ(extent.alloc_run(3), 0u);
   EXPECT_EQ(extent.alloc(2), 4u) << "frame 3 cannot start an order-2 block";
   EXPECT_EQ(extent.alloc(0), 3u) << "first fit fills the frame left in front of it";
   EXPECT_EQ(extent.alloc(3), 8u);
   EXPECT_EQ(extent.alloc(3), MEMFRAG_NO_FRAME);
   extent.free(4, 2);
   extent.free(8, 3);
   EXPECT_EQ(extent.stats().at("largest_free_extent"), 12.0) << "[4, 16) coalesced";
   EXPECT_EQ(extent.validate(), std::nullopt);
}

TEST_F(ExtentTest, FirstFitTakesTheLowestHoleThatFits) {
   PluginInstance extent = make(32, "first");
   leave_holes_of_five_and_three(extent);
   EXPECT_EQ(extent.alloc_run(3), 0u);
   EXPECT_EQ(extent.alloc_run(3), 6u) << "the 2 frames left at 3 are too few";
   EXPECT_EQ(extent.validate(), std::nullopt);
}

TEST_F(ExtentTest, BestFitTakesTheSmallestHoleThatFits) {
   PluginInstance extent = make(32, "best");
   leave_holes_of_five_and_three(extent);
   EXPECT_EQ(extent.alloc_run(3), 6u) << "the 3-frame hole fits exactly";
   EXPECT_EQ(extent.alloc_run(4), 0u) << "the 5-frame hole is smaller than [10, 32)";
   EXPECT_EQ(extent.alloc_run(1), 4u) << "the frame left of it";
   EXPECT_EQ(extent.stats().at("free_extents"), 1.0);
   EXPECT_EQ(extent.validate(), std::nullopt);
}

TEST_F(ExtentTest, BestFitPrefersTheLowerOfTwoEqualHoles) {
   PluginInstance extent = make(32, "best");
   ASSERT_EQ(extent.alloc_run(4), 0u);
   ASSERT_EQ(extent.alloc_run(1), 4u);
   ASSERT_EQ(extent.alloc_run(4), 5u);
   ASSERT_EQ(extent.alloc_run(1), 9u);
   extent.free_run(5, 4);
   extent.free_run(0, 4);
   EXPECT_EQ(extent.alloc_run(2), 0u);
}

TEST_F(ExtentTest, StatisticsCountRunsAndBlocks) {
   PluginInstance extent = make(64);
   ASSERT_NE(extent.alloc_run(9), MEMFRAG_NO_FRAME);
   ASSERT_NE(extent.alloc(1), MEMFRAG_NO_FRAME);
   ASSERT_EQ(extent.alloc(7), MEMFRAG_NO_FRAME);
   const auto stats = extent.stats();
   EXPECT_EQ(stats.at("runs_served"), 1.0);
   EXPECT_EQ(stats.at("blocks_served"), 1.0);
}

TEST_F(ExtentTest, ValidateCatchesAMissingEndMark) {
   PluginInstance extent = make(16);
   // The metadata ends with the end-mark word and the summary word; frame 15's end mark is bit
   // 15 of the first, in its second byte.
   std::span<std::byte> metadata = extent.metadata();
   metadata[metadata.size() - 15] = std::byte{0};
   const auto message = extent.validate();
   ASSERT_TRUE(message.has_value());
   EXPECT_EQ(*message,
             "free extent at frame 0 of 16 frames: its last frame 15 has tag 16 and end mark 0");
}

TEST_F(ExtentTest, RefusesRegionsBeyondThirtyTwoBitFrameNumbers) {
   EXPECT_THROW(PluginInstance(plugin_, "extent", uint64_t{1} << 33), std::runtime_error);
}

} // namespace
} // namespace memfrag::test
