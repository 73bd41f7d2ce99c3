// The compaction plugin through the raw C ABI, on a host without a world (so nothing can be
// migrated): 64-frame regions of sixteen 4-frame pageblocks. The highatomic reserve forms
// around a high-order atomic request, serves such requests first, keeps its pageblock apart
// from its free buddy, is an order-0 atomic request's last resort, and is given back to a
// request that may wait and would otherwise fail; the daemon is offered only when proactive
// compaction or boosting is on; without migration no compaction runs.
#include "loaded_plugin.hpp"
#include "plugin_instance.hpp"

#include <cstdint>
#include <gtest/gtest.h>

namespace memfrag::test {
namespace {

constexpr uint32_t kMovable = MEMFRAG_REQ_MOBILITY(MEMFRAG_MOBILITY_MOVABLE);
constexpr uint32_t kAtomicMovable = kMovable | MEMFRAG_REQ_ATOMIC;

class CompactionTest : public ::testing::Test {
 protected:
   // 64 frames, blocks up to order 3, pageblocks of order 2: the reserve's limit is 64 / 100 + 4
   // = 4 frames, so it takes one pageblock.
   PluginInstance make(ParamOverrides overrides = {}) {
      overrides.emplace("max_order", int_value(3));
      overrides.emplace("pageblock_order", int_value(2));
      return PluginInstance(plugin_, "compaction", 64, overrides);
   }

   static const void *daemon_of(const PluginInstance &instance) {
      return instance.abi().get_extension(&instance.abi(), MEMFRAG_EXT_BACKGROUND_WORK);
   }

   LoadedPlugin plugin_{built_plugin_path("compaction")};
};

TEST_F(CompactionTest, AHighOrderAtomicRequestReservesItsPageblock) {
   PluginInstance compaction = make();
   ASSERT_EQ(compaction.alloc(1, kAtomicMovable), 0u);
   auto stats = compaction.stats();
   EXPECT_EQ(stats.at("highatomic_reservations"), 1.0);
   EXPECT_EQ(stats.at("highatomic_pageblocks"), 1.0);
   EXPECT_EQ(stats.at("highatomic_reserved_frames"), 4.0);
   EXPECT_EQ(stats.at("free_highatomic_order_1"), 1.0) << "frames 2-3 moved with the pageblock";
   EXPECT_GE(compaction.alloc(0, kMovable), 4u) << "an order-0 request stays out of the reserve";
   EXPECT_EQ(compaction.alloc(1, kAtomicMovable), 2u) << "the next one is served from it";
   EXPECT_EQ(compaction.stats().at("highatomic_served"), 1.0);
   EXPECT_EQ(compaction.validate(), std::nullopt);
}

TEST_F(CompactionTest, TheReserveStaysAtItsLimit) {
   PluginInstance compaction = make();
   ASSERT_EQ(compaction.alloc(1, kAtomicMovable), 0u);
   ASSERT_EQ(compaction.alloc(2, kAtomicMovable), 4u);
   EXPECT_EQ(compaction.stats().at("highatomic_pageblocks"), 1.0);
   EXPECT_EQ(compaction.validate(), std::nullopt);
}

TEST_F(CompactionTest, AFreeHighatomicPageblockDoesNotMergeWithItsBuddy) {
   PluginInstance compaction = make();
   ASSERT_EQ(compaction.alloc(1, kAtomicMovable), 0u);
   compaction.free(0, 1);
   const auto stats = compaction.stats();
   EXPECT_EQ(stats.at("free_highatomic_order_2"), 1.0);
   EXPECT_EQ(stats.at("free_movable_order_2"), 1.0) << "frames 4-7 stay a block of their own";
   EXPECT_EQ(stats.at("free_movable_order_3"), 7.0);
   EXPECT_EQ(compaction.validate(), std::nullopt);
}

TEST_F(CompactionTest, ARequestThatWouldFailTakesTheReserveBack) {
   PluginInstance compaction = make();
   ASSERT_EQ(compaction.alloc(1, kAtomicMovable), 0u);
   for (uint64_t frame = 4; frame < 64; ++frame) {
      ASSERT_NE(compaction.alloc(0, kMovable), MEMFRAG_NO_FRAME);
   }
   EXPECT_EQ(compaction.alloc(0, kMovable | MEMFRAG_REQ_NORECLAIM), MEMFRAG_NO_FRAME)
       << "a request that may not wait leaves the reserve alone";
   EXPECT_EQ(compaction.alloc(0, kMovable), 2u);
   const auto stats = compaction.stats();
   EXPECT_EQ(stats.at("highatomic_releases"), 1.0);
   EXPECT_EQ(stats.at("highatomic_pageblocks"), 0.0);
   EXPECT_EQ(stats.at("movable_pageblocks"), 16.0);
   EXPECT_EQ(compaction.validate(), std::nullopt);
}

TEST_F(CompactionTest, AnOrderZeroAtomicRequestHasTheReserveAsALastResort) {
   PluginInstance compaction = make();
   ASSERT_EQ(compaction.alloc(1, kAtomicMovable), 0u);
   for (uint64_t frame = 4; frame < 64; ++frame) {
      ASSERT_NE(compaction.alloc(0, kMovable), MEMFRAG_NO_FRAME);
   }
   EXPECT_EQ(compaction.alloc(0, kAtomicMovable), 2u);
   const auto stats = compaction.stats();
   EXPECT_EQ(stats.at("highatomic_served"), 1.0);
   EXPECT_EQ(stats.at("highatomic_pageblocks"), 1.0) << "the reserve stays reserved";
   EXPECT_EQ(compaction.validate(), std::nullopt);
}

TEST_F(CompactionTest, WithoutTheReserveNoPageblockIsReserved) {
   memfrag_param_value_t off{};
   off.as_bool = false;
   PluginInstance compaction = make({{"highatomic_reserve", off}});
   ASSERT_EQ(compaction.alloc(1, kAtomicMovable), 0u);
   EXPECT_EQ(compaction.stats().at("highatomic_pageblocks"), 0.0);
}

TEST_F(CompactionTest, WithoutAWorldNothingIsCompacted) {
   PluginInstance compaction = make();
   for (uint64_t frame = 0; frame < 64; ++frame) {
      ASSERT_EQ(compaction.alloc(0, kMovable), frame);
   }
   for (uint64_t frame = 0; frame < 64; frame += 2) {
      compaction.free(frame, 0);
   }
   EXPECT_EQ(compaction.alloc(1, kMovable), MEMFRAG_NO_FRAME);
   const auto stats = compaction.stats();
   EXPECT_EQ(stats.at("compaction_runs"), 0.0);
   EXPECT_EQ(stats.at("migrated_frames"), 0.0);
   EXPECT_EQ(compaction.validate(), std::nullopt);
}

TEST_F(CompactionTest, TheDaemonIsOfferedOnlyWhenItHasWork) {
   EXPECT_NE(daemon_of(make()), nullptr);
   EXPECT_NE(daemon_of(make({{"proactiveness", int_value(0)}})), nullptr) << "boosting is on";
   EXPECT_EQ(
       daemon_of(make({{"proactiveness", int_value(0)}, {"watermark_boost_factor", int_value(0)}})),
       nullptr);
}

} // namespace
} // namespace memfrag::test
