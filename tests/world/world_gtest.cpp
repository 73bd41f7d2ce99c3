// The world against the reference buddy plugin: reclaim order, refaults, migration copying the
// bytes, stitched blocks really mapping the same frames, and services refused where the ABI
// forbids them.
#include "core/world/world.hpp"

#include <gtest/gtest.h>

#include <cstring>
#include <vector>

namespace memfrag::world {
namespace {

constexpr std::uint64_t kFrames = 64;
constexpr std::uint32_t kReclaimable = MEMFRAG_REQ_MOBILITY(MEMFRAG_MOBILITY_RECLAIMABLE);
constexpr std::uint32_t kMovable = MEMFRAG_REQ_MOBILITY(MEMFRAG_MOBILITY_MOVABLE);

// The engine's side of a run, reduced to what the world needs.
class WorldTest : public ::testing::Test {
 protected:
   WorldTest()
       : library_(std::string(MEMFRAG_BUILD_PLUGIN_DIR) + "/libbuddy.so"), memory_(kFrames),
         region_{kFrames, memory_.base(), -1, 1}, shadow_(kFrames), world_(shadow_, memory_, 16),
         instance_(library_, library_.allocators().front(), {std::int64_t{10}, std::int64_t{0}},
                   region_, &world_) {
      world_.attach(instance_);
   }

   BlockHandle allocate(std::uint32_t order, std::uint32_t flags, std::uint64_t data = 0) {
      world_.note_read(flags, data);
      world_.begin_alloc({order, flags, 0});
      const std::uint64_t frame = instance_.alloc(order, flags, 0);
      EXPECT_TRUE(world_.end_alloc(frame));
      shadow_.mark_allocated(frame, order);
      return world_.adopt(frame, order, flags, data);
   }

   plugin::Library library_;
   platform::RegionMemory memory_;
   memfrag_region_t region_;
   plugin::ShadowMap shadow_;
   World world_;
   plugin::Instance instance_;
};

TEST_F(WorldTest, ReclaimDropsLeastRecentlyUsedFirstAndCountsRefaults) {
   const BlockHandle oldest = allocate(0, kReclaimable, 100);
   const BlockHandle middle = allocate(0, kReclaimable, 101);
   const BlockHandle unmovable = allocate(0, 0);
   const BlockHandle newest = allocate(0, kReclaimable, 102);
   world_.begin_alloc({1, 0, 0});
   EXPECT_EQ(world_.reclaim(2), 2U);
   world_.end_alloc(MEMFRAG_NO_FRAME);
   EXPECT_EQ(world_.counts().evictions, 2U);
   EXPECT_EQ(shadow_.free_frames(), kFrames - 2);
   EXPECT_EQ(world_.release(oldest).kind, Released::Kind::dropped);
   EXPECT_EQ(world_.release(middle).kind, Released::Kind::dropped);
   EXPECT_EQ(world_.release(unmovable).kind, Released::Kind::live);
   EXPECT_EQ(world_.release(newest).kind, Released::Kind::live);
   EXPECT_EQ(world_.counts().frees_of_dropped_blocks, 2U);
   world_.note_read(kReclaimable, 101);
   world_.note_read(kReclaimable, 102);
   EXPECT_EQ(world_.counts().refaults, 1U);
}

TEST_F(WorldTest, AtomicRequestsMayNotReclaim) {
   allocate(0, kReclaimable, 1);
   world_.begin_alloc({1, MEMFRAG_REQ_ATOMIC, 0});
   EXPECT_EQ(world_.reclaim(1), 0U);
   world_.end_alloc(MEMFRAG_NO_FRAME);
   EXPECT_EQ(world_.counts().refused_service_calls, 1U);
   EXPECT_EQ(world_.counts().evictions, 0U);
}

TEST_F(WorldTest, MigrationCopiesTheBytesAndMovesTheOwner) {
   const BlockHandle block = allocate(1, kMovable);
   memfrag_block_info_t info{};
   world_.begin_alloc({0, 0, 0});
   ASSERT_TRUE(world_.block_at(1, info));
   EXPECT_EQ(info.first_frame, 0U);
   EXPECT_EQ(info.order, 1U);
   std::memset(memory_.frame_address(0), 0x5a, 2 * platform::kFrameSize);
   const std::uint64_t target = instance_.alloc(1, 0, 0);
   ASSERT_TRUE(world_.migrate(0, target));
   world_.end_alloc(MEMFRAG_NO_FRAME);
   EXPECT_EQ(std::to_integer<int>(memory_.frame_address(target)[2 * platform::kFrameSize - 1]),
             0x5a);
   const Released released = world_.release(block);
   EXPECT_EQ(released.location, target);
   EXPECT_EQ(world_.counts().migrated_frames, 2U);
}

TEST_F(WorldTest, MigrationToAFrameInUseIsAViolation) {
   allocate(0, kMovable);
   const BlockHandle other = allocate(0, 0);
   (void)other;
   world_.begin_alloc({0, 0, 0});
   EXPECT_FALSE(world_.migrate(0, 1));
   world_.end_alloc(MEMFRAG_NO_FRAME);
   ASSERT_TRUE(world_.violation().has_value());
   EXPECT_EQ(world_.violation()->kind, "migrate-overlap");
}

TEST_F(WorldTest, StitchedBlockMapsTheSameFrames) {
   const std::uint64_t first = instance_.alloc(0, 0, 0);
   const std::uint64_t skipped = instance_.alloc(0, 0, 0);
   const std::uint64_t second = instance_.alloc(0, 0, 0);
   shadow_.mark_allocated(skipped, 0);
   world_.begin_alloc({1, MEMFRAG_REQ_VIRT_OK, 0});
   const std::vector<std::uint64_t> frames{second, first};
   const std::uint64_t id = world_.map(frames);
   ASSERT_TRUE(MEMFRAG_IS_STITCHED(id));
   ASSERT_TRUE(world_.end_alloc(id));
   const BlockHandle block = world_.adopt(id, 1, MEMFRAG_REQ_VIRT_OK, 0);
   std::byte *window = world_.address_of(id);
   std::memset(window, 0x11, platform::kFrameSize);
   std::memset(window + platform::kFrameSize, 0x22, platform::kFrameSize);
   EXPECT_EQ(std::to_integer<int>(memory_.frame_address(second)[10]), 0x11);
   EXPECT_EQ(std::to_integer<int>(memory_.frame_address(first)[10]), 0x22);
   EXPECT_EQ(shadow_.free_frames(), kFrames - 3);
   const Released released = world_.release(block);
   world_.begin_free(0);
   std::vector<std::uint64_t> back(2);
   EXPECT_EQ(world_.unmap(released.location, back), 2U);
   world_.end_free(released.location, 1);
   EXPECT_EQ(back, frames);
   EXPECT_EQ(shadow_.free_frames(), kFrames - 1);
   EXPECT_FALSE(world_.violation().has_value());
}

TEST_F(WorldTest, StitchingIsRefusedWithoutVirtOk) {
   const std::uint64_t frame = instance_.alloc(0, 0, 0);
   world_.begin_alloc({0, 0, 0});
   const std::vector<std::uint64_t> frames{frame};
   EXPECT_EQ(world_.map(frames), MEMFRAG_NO_FRAME);
   world_.end_alloc(MEMFRAG_NO_FRAME);
   EXPECT_EQ(world_.counts().refused_service_calls, 1U);
}

} // namespace
} // namespace memfrag::world

namespace memfrag::world {
namespace {

// A run (ext/exact.h) is held like an unmovable block: its handle names its first frame, no
// other handle is taken for one, reclaim passes it by and the reverse map shows its frames as
// unmovable single frames.
TEST_F(WorldTest, RunsAreHeldLikeUnmovableBlocks) {
   const BlockHandle run = World::run_handle(5);
   EXPECT_EQ(World::run_of(run), 5u);
   EXPECT_EQ(world_.location_of(run), 5u);
   EXPECT_EQ(World::run_of(allocate(0, kReclaimable, 7)), std::nullopt);
   EXPECT_EQ(World::run_of(allocate(1, 0)), std::nullopt);
   EXPECT_EQ(World::run_of(MEMFRAG_NO_FRAME), std::nullopt);
   shadow_.mark_run_allocated(5, 3);
   memfrag_block_info_t info{};
   ASSERT_TRUE(world_.block_at(6, info));
   EXPECT_EQ(info.first_frame, 6u);
   EXPECT_EQ(info.order, 0u);
   EXPECT_EQ(info.mobility, MEMFRAG_MOBILITY_UNMOVABLE);
   world_.begin_alloc({0, 0, 0});
   EXPECT_EQ(world_.reclaim_frame(6), 0u);
   world_.end_alloc(MEMFRAG_NO_FRAME);
}

} // namespace
} // namespace memfrag::world
