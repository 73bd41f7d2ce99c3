// The mobility plugin through the raw C ABI, on 16-frame regions of four 4-frame pageblocks:
// requests served from their own type, the kernel's fallback order, claiming a pageblock at least
// half free and stealing from one that is not, the per-type statistics, and validate() catching
// a corrupted pageblock type.
#include "loaded_plugin.hpp"
#include "plugin_instance.hpp"

#include <cstdint>
#include <gtest/gtest.h>

namespace memfrag::test {
namespace {

constexpr uint32_t kUnmovable = MEMFRAG_REQ_MOBILITY(MEMFRAG_MOBILITY_UNMOVABLE);
constexpr uint32_t kReclaimable = MEMFRAG_REQ_MOBILITY(MEMFRAG_MOBILITY_RECLAIMABLE);
constexpr uint32_t kMovable = MEMFRAG_REQ_MOBILITY(MEMFRAG_MOBILITY_MOVABLE);

class MobilityTest : public ::testing::Test {
 protected:
   // 16 frames, blocks up to order 3, pageblocks of order 2: all movable, two free order-3 blocks.
   PluginInstance make() {
      return PluginInstance(plugin_, "mobility", 16,
                            {{"max_order", int_value(3)}, {"pageblock_order", int_value(2)}});
   }

   // Every frame handed out as a movable single frame.
   static void fill_with_movable_frames(const PluginInstance &mobility) {
      for (uint64_t frame = 0; frame < 16; ++frame) {
         ASSERT_EQ(mobility.alloc(0, kMovable), frame);
      }
   }

   LoadedPlugin plugin_{built_plugin_path("mobility")};
};

TEST_F(MobilityTest, ServesARequestFromItsOwnTypeWithoutFallback) {
   PluginInstance mobility = make();
   EXPECT_EQ(mobility.alloc(0, kMovable), 0u);
   const auto stats = mobility.stats();
   EXPECT_EQ(stats.at("fallbacks"), 0.0);
   EXPECT_EQ(stats.at("movable_pageblocks"), 4.0);
   EXPECT_EQ(stats.at("free_movable_order_0"), 1.0);
   EXPECT_EQ(stats.at("free_movable_order_3"), 1.0);
   EXPECT_EQ(mobility.validate(), std::nullopt);
}

TEST_F(MobilityTest, ABlockOfAtLeastAPageblockBringsItsPageblocksOver) {
   PluginInstance mobility = make();
   EXPECT_EQ(mobility.alloc(0, kUnmovable), 0u);
   auto stats = mobility.stats();
   EXPECT_EQ(stats.at("fallbacks"), 1.0);
   EXPECT_EQ(stats.at("fragmenting_fallbacks"), 0.0);
   EXPECT_EQ(stats.at("claimed_pageblocks"), 2.0);
   EXPECT_EQ(stats.at("unmovable_pageblocks"), 2.0);
   EXPECT_EQ(stats.at("free_unmovable_order_0"), 1.0);
   EXPECT_EQ(stats.at("free_unmovable_order_1"), 1.0);
   EXPECT_EQ(stats.at("free_unmovable_order_2"), 1.0);
   EXPECT_EQ(stats.at("free_movable_order_3"), 1.0);
   EXPECT_EQ(mobility.alloc(0, kUnmovable), 1u) << "the rest of the split block is unmovable now";
   EXPECT_EQ(mobility.stats().at("fallbacks"), 1.0);
   EXPECT_EQ(mobility.alloc(0, kMovable), 8u) << "movable stays in the movable pageblocks";
   EXPECT_EQ(mobility.validate(), std::nullopt);
}

TEST_F(MobilityTest, UnmovableFallsBackToReclaimableBeforeMovable) {
   PluginInstance mobility = make();
   ASSERT_EQ(mobility.alloc(3, kReclaimable), 0u);
   mobility.free(0, 3);
   EXPECT_EQ(mobility.stats().at("free_reclaimable_order_3"), 1.0);
   EXPECT_EQ(mobility.alloc(0, kUnmovable), 0u);
   const auto stats = mobility.stats();
   EXPECT_EQ(stats.at("reclaimable_pageblocks"), 0.0);
   EXPECT_EQ(stats.at("unmovable_pageblocks"), 2.0);
   EXPECT_EQ(stats.at("movable_pageblocks"), 2.0);
   EXPECT_EQ(mobility.validate(), std::nullopt);
}

TEST_F(MobilityTest, StealsOneBlockFromAPageblockLessThanHalfFree) {
   PluginInstance mobility = make();
   fill_with_movable_frames(mobility);
   mobility.free(0, 0);
   EXPECT_EQ(mobility.alloc(0, kUnmovable), 0u);
   const auto stats = mobility.stats();
   EXPECT_EQ(stats.at("fragmenting_fallbacks"), 1.0);
   EXPECT_EQ(stats.at("claimed_pageblocks"), 0.0);
   EXPECT_EQ(stats.at("movable_pageblocks"), 4.0);
   EXPECT_EQ(mobility.validate(), std::nullopt);
}

TEST_F(MobilityTest, ClaimsAPageblockAtLeastHalfFree) {
   PluginInstance mobility = make();
   fill_with_movable_frames(mobility);
   for (uint64_t frame = 0; frame < 3; ++frame) {
      mobility.free(frame, 0);
   }
   EXPECT_EQ(mobility.alloc(0, kUnmovable), 0u) << "the largest fallback block: order 1 at 0";
   const auto stats = mobility.stats();
   EXPECT_EQ(stats.at("fragmenting_fallbacks"), 1.0);
   EXPECT_EQ(stats.at("claimed_pageblocks"), 1.0);
   EXPECT_EQ(stats.at("unmovable_pageblocks"), 1.0);
   EXPECT_EQ(stats.at("free_unmovable_order_0"), 2.0) << "frames 1 and 2 moved with the pageblock";
   EXPECT_EQ(stats.at("free_movable_order_0"), 0.0);
   EXPECT_EQ(mobility.validate(), std::nullopt);
}

TEST_F(MobilityTest, FreedBlocksMergeAcrossPageblocksOfDifferentTypes) {
   PluginInstance mobility = make();
   ASSERT_EQ(mobility.alloc(0, kUnmovable), 0u);
   mobility.free(0, 0);
   EXPECT_EQ(mobility.histogram(), (std::vector<uint64_t>{0, 0, 0, 2}));
   EXPECT_EQ(mobility.stats().at("free_unmovable_order_3"), 1.0);
   EXPECT_EQ(mobility.validate(), std::nullopt);
}

TEST_F(MobilityTest, RefusesAPageblockOrderAboveMaxOrder) {
   EXPECT_THROW(PluginInstance(plugin_, "mobility", 16,
                               {{"max_order", int_value(2)}, {"pageblock_order", int_value(3)}}),
                std::runtime_error);
}

TEST_F(MobilityTest, ValidateCatchesACorruptedPageblockType) {
   PluginInstance mobility = make();
   mobility.metadata().back() = std::byte{7};
   const auto message = mobility.validate();
   ASSERT_TRUE(message.has_value());
   EXPECT_EQ(*message, "pageblock 3 has type 7, not a mobility type");
}

} // namespace
} // namespace memfrag::test
