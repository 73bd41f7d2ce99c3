// The buddy plugin through the raw C ABI: hand-worked split and merge, the reserve watermark,
// odd region sizes, draining, and validate() catching corrupted metadata.
#include "greedy_blocks.hpp"
#include "loaded_plugin.hpp"
#include "plugin_instance.hpp"

#include <algorithm>
#include <cstdint>
#include <gtest/gtest.h>
#include <vector>

namespace memfrag::test {
namespace {

class BuddyTest : public ::testing::Test {
 protected:
   PluginInstance make(uint64_t frame_count, int64_t max_order, int64_t reserve_frames = 0) {
      return PluginInstance(
          plugin_, "buddy", frame_count,
          {{"max_order", int_value(max_order)}, {"reserve_frames", int_value(reserve_frames)}});
   }

   LoadedPlugin plugin_{built_plugin_path("buddy")};
};

using Histogram = std::vector<uint64_t>;

TEST_F(BuddyTest, SplitsDownToTheRequestedOrder) {
   PluginInstance buddy = make(16, 3);
   EXPECT_EQ(buddy.histogram(), (Histogram{0, 0, 0, 2}));
   EXPECT_EQ(buddy.alloc(0), 0u);
   EXPECT_EQ(buddy.histogram(), (Histogram{1, 1, 1, 1}));
   EXPECT_EQ(buddy.stats().at("splits"), 3.0);
   EXPECT_EQ(buddy.alloc(0), 1u);
   EXPECT_EQ(buddy.alloc(1), 2u);
   EXPECT_EQ(buddy.histogram(), (Histogram{0, 0, 1, 1}));
   EXPECT_EQ(buddy.validate(), std::nullopt);
}

TEST_F(BuddyTest, MergesWithFreeBuddiesUpToMaxOrder) {
   PluginInstance buddy = make(16, 3);
   ASSERT_EQ(buddy.alloc(0), 0u);
   ASSERT_EQ(buddy.alloc(0), 1u);
   ASSERT_EQ(buddy.alloc(1), 2u);
   buddy.free(1, 0);
   EXPECT_EQ(buddy.histogram(), (Histogram{1, 0, 1, 1})) << "buddy frame 0 is still allocated";
   buddy.free(0, 0);
   EXPECT_EQ(buddy.histogram(), (Histogram{0, 1, 1, 1}));
   EXPECT_EQ(buddy.stats().at("merges"), 1.0);
   buddy.free(2, 1);
   EXPECT_EQ(buddy.histogram(), (Histogram{0, 0, 0, 2})) << "order 3 is max_order: no merge";
   EXPECT_EQ(buddy.stats().at("merges"), 3.0);
   EXPECT_EQ(buddy.validate(), std::nullopt);
}

TEST_F(BuddyTest, RefusesOrdersAboveMaxOrderAndExhaustion) {
   PluginInstance buddy = make(16, 3);
   EXPECT_EQ(buddy.alloc(4), MEMFRAG_NO_FRAME);
   EXPECT_EQ(buddy.alloc(3), 0u);
   EXPECT_EQ(buddy.alloc(3), 8u);
   EXPECT_EQ(buddy.alloc(3), MEMFRAG_NO_FRAME);
   EXPECT_EQ(buddy.alloc(0, MEMFRAG_REQ_ATOMIC), MEMFRAG_NO_FRAME);
}

TEST_F(BuddyTest, IgnoresFreesThatMatchNoLiveBlock) {
   PluginInstance buddy = make(16, 3);
   ASSERT_EQ(buddy.alloc(1), 0u);
   buddy.free(0, 0);
   buddy.free(4, 0);
   buddy.free(99, 0);
   buddy.free(0, 1);
   buddy.free(0, 1);
   EXPECT_EQ(buddy.stats().at("ignored_frees"), 4.0);
   EXPECT_EQ(buddy.histogram(), (Histogram{0, 0, 0, 2}));
   EXPECT_EQ(buddy.validate(), std::nullopt);
}

TEST_F(BuddyTest, ReserveRefusesNormalRequestsButNotAtomicOnes) {
   PluginInstance buddy = make(16, 4, 4);
   EXPECT_EQ(buddy.alloc(3), 0u);
   EXPECT_EQ(buddy.alloc(2), 8u) << "leaves exactly the reserve";
   EXPECT_EQ(buddy.alloc(0), MEMFRAG_NO_FRAME);
   EXPECT_EQ(buddy.alloc(0, MEMFRAG_REQ_NORECLAIM), MEMFRAG_NO_FRAME);
   EXPECT_EQ(buddy.alloc(0, MEMFRAG_REQ_HIGH), MEMFRAG_NO_FRAME);
   EXPECT_EQ(buddy.alloc(0, MEMFRAG_REQ_ATOMIC), 12u);
   EXPECT_EQ(buddy.alloc(1, MEMFRAG_REQ_ATOMIC), 14u);
   EXPECT_EQ(buddy.alloc(0, MEMFRAG_REQ_ATOMIC), 13u);
   EXPECT_EQ(buddy.alloc(0, MEMFRAG_REQ_ATOMIC), MEMFRAG_NO_FRAME);
   EXPECT_EQ(buddy.stats().at("reserve_refusals"), 3.0);
   EXPECT_EQ(buddy.validate(), std::nullopt);
}

TEST_F(BuddyTest, InitialFreeSetIsTheGreedySplit) {
   for (const uint64_t frame_count : {0ull, 1ull, 3ull, 1000ull, 1025ull, 4097ull, 65537ull}) {
      for (const uint32_t max_order : {0u, 4u, 10u}) {
         PluginInstance buddy = make(frame_count, max_order);
         EXPECT_EQ(buddy.histogram(), greedy_histogram(frame_count, max_order))
             << frame_count << " frames, max_order " << max_order;
         EXPECT_EQ(buddy.validate(), std::nullopt);
      }
   }
}

TEST_F(BuddyTest, HandsOutEveryFrameOfAnOddRegionOnce) {
   for (const uint64_t frame_count : {0ull, 1ull, 3ull, 1000ull, 1025ull}) {
      PluginInstance buddy = make(frame_count, 10);
      std::vector<bool> handed_out(frame_count);
      for (uint64_t frame = buddy.alloc(0); frame != MEMFRAG_NO_FRAME; frame = buddy.alloc(0)) {
         ASSERT_LT(frame, frame_count);
         ASSERT_FALSE(handed_out[frame]) << "frame " << frame << " handed out twice";
         handed_out[frame] = true;
      }
      EXPECT_EQ(std::count(handed_out.begin(), handed_out.end(), true),
                static_cast<std::ptrdiff_t>(frame_count));
      EXPECT_EQ(buddy.validate(), std::nullopt);
      for (uint64_t frame = 0; frame < frame_count; ++frame) {
         buddy.free(frame, 0);
      }
      EXPECT_EQ(buddy.histogram(), greedy_histogram(frame_count, 10)) << frame_count << " frames";
      EXPECT_EQ(buddy.validate(), std::nullopt);
   }
}

TEST_F(BuddyTest, RefusesRegionsTooLargeForItsLinks) {
   EXPECT_THROW(make(uint64_t{1} << 33, 10), std::runtime_error);
}

// The state bytes are the last frame_count bytes of the metadata (README.md).
TEST_F(BuddyTest, ValidateReportsEveryCorruptedStateByte) {
   constexpr uint64_t frame_count = 48;
   PluginInstance buddy = make(frame_count, 4);
   for (const uint32_t order : {0u, 2u, 1u, 0u, 3u}) {
      ASSERT_NE(buddy.alloc(order), MEMFRAG_NO_FRAME);
   }
   ASSERT_EQ(buddy.validate(), std::nullopt);
   const std::span<std::byte> states = buddy.metadata().last(frame_count);
   for (std::byte &state : states) {
      const std::byte original = state;
      for (const auto corrupted : {0x00, 0x80, 0x81, 0x40, 0x44, 0xc0, 0x20, 0xff}) {
         if (std::byte(corrupted) == original) {
            continue;
         }
         state = std::byte(corrupted);
         const std::optional<std::string> message = buddy.validate();
         ASSERT_TRUE(message.has_value()) << "state byte " << &state - states.data() << " set to "
                                          << corrupted << " went unnoticed";
         EXPECT_FALSE(message->empty());
         state = original;
      }
   }
   EXPECT_EQ(buddy.validate(), std::nullopt);
}

// The links of every frame come before the state bytes: {next, prev} as two uint32 each.
TEST_F(BuddyTest, ValidateReportsACorruptedFreeListLink) {
   constexpr uint64_t frame_count = 64;
   PluginInstance buddy = make(frame_count, 4);
   ASSERT_EQ(buddy.histogram()[4], 4u);
   const std::span<std::byte> links = buddy.metadata().last(frame_count * 9).first(frame_count * 8);
   std::byte &next_of_frame_0 = links[0];
   next_of_frame_0 = std::byte{0};
   const std::optional<std::string> message = buddy.validate();
   ASSERT_TRUE(message.has_value());
   EXPECT_NE(message->find("order 4"), std::string::npos) << *message;
}

} // namespace
} // namespace memfrag::test
