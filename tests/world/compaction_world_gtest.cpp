// The compaction plugin against the real world, on a 1024-frame region of 64 pageblocks of 16
// frames (orders up to 4): direct compaction migrates the movable blocks out of the lowest
// pageblock into free frames found from the high end, their bytes following them; it is skipped
// when the fragmentation index says lack of memory, and deferred after a run that fails; the
// proactive daemon compacts down to its low mark; a fragmenting fallback boosts the watermark
// and the daemon reclaims for it.
#include "core/world/world.hpp"

#include <cstring>
#include <gtest/gtest.h>
#include <map>
#include <string>
#include <vector>

namespace memfrag::world {
namespace {

constexpr std::uint64_t kFrames = 1024;
constexpr std::uint32_t kPageblockOrder = 4;
constexpr std::uint32_t kUnmovable = MEMFRAG_REQ_MOBILITY(MEMFRAG_MOBILITY_UNMOVABLE);
constexpr std::uint32_t kMovable = MEMFRAG_REQ_MOBILITY(MEMFRAG_MOBILITY_MOVABLE);

// max_order, pageblock_order, extfrag_threshold, proactiveness, proactive_period_ops,
// watermark_boost_factor, highatomic_reserve.
std::vector<plugin::ParamValue> params(std::int64_t proactiveness, std::int64_t boost_factor) {
   return {std::int64_t{4},
           std::int64_t{kPageblockOrder},
           std::int64_t{500},
           proactiveness,
           std::int64_t{1000},
           boost_factor,
           true};
}

// The engine's side of a run, reduced to what the world and the plugin need.
class CompactionInWorld {
 public:
   explicit CompactionInWorld(const std::vector<plugin::ParamValue> &values)
       : library_(std::string(MEMFRAG_BUILD_PLUGIN_DIR) + "/libcompaction.so"),
         memory_(kFrames), region_{kFrames, memory_.base(), -1, 1}, shadow_(kFrames),
         world_(shadow_, memory_, 16),
         instance_(library_, library_.allocators().front(), values, region_, &world_) {
      world_.attach(instance_);
   }

   std::uint64_t allocate(std::uint32_t order, std::uint32_t flags) {
      world_.begin_alloc({order, flags, 0});
      const std::uint64_t frame = instance_.alloc(order, flags, 0);
      EXPECT_TRUE(world_.end_alloc(frame));
      if (frame != MEMFRAG_NO_FRAME) {
         shadow_.mark_allocated(frame, order);
         handles_.push_back(world_.adopt(frame, order, flags, frame));
      }
      return frame;
   }

   void release(BlockHandle handle) {
      const Released block = world_.release(handle);
      ASSERT_EQ(block.kind, Released::Kind::live);
      shadow_.mark_free(block.location, block.order);
      world_.begin_free(0);
      instance_.free(block.location, block.order, 0);
      world_.end_free(block.location, block.order);
   }

   // Every frame handed out as a single frame of `flags`, in frame order; each frame's bytes
   // carry its number.
   void fill(std::uint32_t flags) {
      for (std::uint64_t frame = 0; frame < kFrames; ++frame) {
         ASSERT_EQ(allocate(0, flags), frame);
         std::memset(memory_.frame_address(frame), static_cast<int>(frame % 251),
                     platform::kFrameSize);
      }
   }

   // Frees the frames for which `chosen(frame)` holds.
   template <class Chosen> std::vector<BlockHandle> free_frames(Chosen chosen) {
      std::vector<BlockHandle> kept;
      for (std::uint64_t frame = 0; frame < kFrames; ++frame) {
         if (chosen(frame)) {
            release(handles_[frame]);
         } else {
            kept.push_back(handles_[frame]);
         }
      }
      return kept;
   }

   // The inline points of the daemon at operations `first_op`, `first_op` + 1, ... while a
   // pass is due there (periodic, woken, or work left), at most `bound`; returns the passes.
   int run_daemon(std::uint64_t first_op, int bound) {
      int passes = 0;
      for (std::uint64_t op = first_op; passes < bound; ++op) {
         const std::uint32_t period = world_.background_period();
         if (!world_.background_wanted() && (period == 0 || op % period != 0)) {
            break;
         }
         world_.background_point(op);
         ++passes;
      }
      return passes;
   }

   std::map<std::string, double> stats() const {
      std::map<std::string, double> values;
      for (const auto &[name, value] : instance_.plugin_stats()) {
         values[name] = value;
      }
      return values;
   }

   const World &world() const { return world_; }
   const plugin::Instance &instance() const { return instance_; }
   platform::RegionMemory &memory() { return memory_; }

 private:
   plugin::Library library_;
   platform::RegionMemory memory_;
   memfrag_region_t region_;
   plugin::ShadowMap shadow_;
   World world_;
   plugin::Instance instance_;
   std::vector<BlockHandle> handles_; // by the frame each block was first given
};

TEST(CompactionInWorld, DirectCompactionEmptiesTheLowestPageblockAndTheBytesFollow) {
   CompactionInWorld run(params(0, 0));
   run.fill(kMovable);
   const std::vector<BlockHandle> kept =
       run.free_frames([](std::uint64_t frame) { return frame % 2 == 1; });
   EXPECT_EQ(run.allocate(kPageblockOrder, kMovable), 0U) << "pageblock 0 emptied";
   ASSERT_FALSE(run.world().violation().has_value()) << run.world().violation()->detail;
   const auto counts = run.world().counts();
   EXPECT_EQ(counts.migrations, 8U) << "the 8 movable frames of pageblock 0";
   const auto values = run.stats();
   EXPECT_EQ(values.at("compaction_runs"), 1.0);
   EXPECT_EQ(values.at("compaction_successes"), 1.0);
   EXPECT_EQ(values.at("migrated_frames"), 8.0);
   EXPECT_EQ(values.at("migrate_scanned_frames"), 16.0);
   EXPECT_GE(values.at("free_scanned_frames"), 8.0);
   for (std::size_t index = 0; index < 8; ++index) {
      const std::uint64_t first_frame = 2 * index;
      const std::optional<std::uint64_t> location = run.world().location_of(kept[index]);
      ASSERT_TRUE(location.has_value());
      EXPECT_GE(*location, kFrames / 2) << "moved to the high end";
      EXPECT_EQ(std::to_integer<int>(run.memory().frame_address(*location)[100]),
                static_cast<int>(first_frame % 251))
          << "the bytes of the block first given at frame " << first_frame;
   }
   EXPECT_EQ(run.instance().validate_failure(), std::nullopt);
}

TEST(CompactionInWorld, LackOfMemoryByTheIndexSkipsCompaction) {
   CompactionInWorld run(params(0, 0));
   run.fill(kMovable);
   // The upper half of every pageblock: 64 free order-3 blocks, each half the request, put the
   // index of order 4 at 485, at or below the threshold of 500: lack of memory.
   run.free_frames([](std::uint64_t frame) { return (frame / 8) % 2 == 1; });
   const auto before = run.stats();
   EXPECT_EQ(run.allocate(kPageblockOrder, kMovable), MEMFRAG_NO_FRAME);
   const auto after = run.stats();
   EXPECT_EQ(after.at("compaction_skipped"), before.at("compaction_skipped") + 1);
   EXPECT_EQ(after.at("compaction_runs"), 0.0);
   EXPECT_EQ(run.world().counts().migrations, 0U);
}

TEST(CompactionInWorld, AFailedRunDefersTheNextAttempts) {
   CompactionInWorld run(params(0, 0));
   run.fill(kUnmovable);
   run.free_frames([](std::uint64_t frame) { return frame % 2 == 1; });
   EXPECT_EQ(run.allocate(kPageblockOrder, kMovable), MEMFRAG_NO_FRAME)
       << "every pageblock is unmovable, none a source for a movable request";
   auto values = run.stats();
   EXPECT_EQ(values.at("compaction_failures"), 1.0);
   EXPECT_EQ(values.at("compact_defer_shift"), 1.0);
   EXPECT_EQ(run.world().counts().migrations, 0U);
   EXPECT_EQ(run.allocate(kPageblockOrder, kMovable), MEMFRAG_NO_FRAME);
   values = run.stats();
   EXPECT_EQ(values.at("compaction_deferred"), 1.0);
   EXPECT_EQ(values.at("compaction_runs"), 1.0);
   EXPECT_EQ(run.allocate(kPageblockOrder, kMovable), MEMFRAG_NO_FRAME);
   values = run.stats();
   EXPECT_EQ(values.at("compaction_runs"), 2.0) << "the second attempt after the failure runs";
   EXPECT_EQ(values.at("compact_defer_shift"), 2.0);
   EXPECT_EQ(run.instance().validate_failure(), std::nullopt);
}

// Every other frame free: the score (the share of free memory outside order-4 blocks) is 100,
// above the high mark of 90 for proactiveness 20. Each pass empties one pageblock; after the
// seventh, 112 of the 512 free frames are whole free pageblocks and the score is 78, at or
// below the low mark of 80.
TEST(CompactionInWorld, ProactiveCompactionLowersTheScoreToItsLowMarkThenSleeps) {
   CompactionInWorld run(params(20, 0));
   run.fill(kMovable);
   run.free_frames([](std::uint64_t frame) { return frame % 2 == 1; });
   EXPECT_EQ(run.stats().at("proactive_score"), 100.0);
   ASSERT_NE(run.instance().background_work(), nullptr);
   EXPECT_EQ(run.instance().background_work()->period_ops(run.instance().raw()), 1000U);
   EXPECT_EQ(run.run_daemon(1000, 64), 7) << "one pageblock a pass, from the periodic wake-up";
   const auto values = run.stats();
   EXPECT_EQ(values.at("proactive_runs"), 1.0);
   EXPECT_EQ(values.at("proactive_score"), 78.0);
   EXPECT_EQ(values.at("migrated_frames"), 56.0);
   EXPECT_EQ(run.world().counts().migrations, 56U);
   EXPECT_FALSE(run.world().violation().has_value());
   EXPECT_EQ(run.instance().validate_failure(), std::nullopt);
}

// A fragmenting fallback (an unmovable frame taken from a reclaimable pageblock it cannot
// claim) boosts the watermark by a pageblock and wakes the daemon, whose pass reclaims page
// cache up to the high watermark plus the boost (96 + 16 frames) and spends the boost.
TEST(CompactionInWorld, AFragmentingFallbackBoostsTheWatermarkAndTheDaemonReclaims) {
   CompactionInWorld run(params(0, 15000));
   run.fill(MEMFRAG_REQ_MOBILITY(MEMFRAG_MOBILITY_RECLAIMABLE));
   run.free_frames([](std::uint64_t frame) { return frame == 5; });
   EXPECT_EQ(run.allocate(0, kUnmovable), 5U);
   auto values = run.stats();
   EXPECT_EQ(values.at("fragmenting_fallbacks"), 1.0);
   EXPECT_EQ(values.at("watermark_boosts"), 1.0);
   EXPECT_EQ(values.at("boost_frames"), 16.0);
   EXPECT_EQ(run.run_daemon(1, 4), 1) << "woken by the boost";
   values = run.stats();
   EXPECT_EQ(values.at("boost_frames"), 0.0);
   EXPECT_EQ(values.at("boost_reclaimed_frames"), 112.0);
   EXPECT_EQ(run.world().counts().evictions, 112U);
   EXPECT_EQ(run.instance().validate_failure(), std::nullopt);
}

} // namespace
} // namespace memfrag::world
