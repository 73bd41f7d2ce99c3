// The frame-stack plugin (plain C, raw ABI) through the raw C ABI.
#include "loaded_plugin.hpp"
#include "plugin_instance.hpp"

#include <cstdint>
#include <cstring>
#include <gtest/gtest.h>
#include <vector>

namespace memfrag::test {
namespace {

class FrameStackTest : public ::testing::Test {
 protected:
   LoadedPlugin plugin_{built_plugin_path("frame-stack")};
};

TEST_F(FrameStackTest, RefusesOrdersAboveZero) {
   PluginInstance stack(plugin_, "frame-stack", 64);
   for (uint32_t order = 1; order <= 12; ++order) {
      EXPECT_EQ(stack.alloc(order), MEMFRAG_NO_FRAME) << "order " << order;
      EXPECT_EQ(stack.alloc(order, MEMFRAG_REQ_ATOMIC), MEMFRAG_NO_FRAME) << "order " << order;
   }
   EXPECT_EQ(stack.histogram(), (std::vector<uint64_t>{64}));
}

TEST_F(FrameStackTest, HandsOutAscendingThenLastFreedFirst) {
   PluginInstance stack(plugin_, "frame-stack", 3);
   EXPECT_EQ(stack.alloc(0), 0u);
   EXPECT_EQ(stack.alloc(0), 1u);
   EXPECT_EQ(stack.alloc(0), 2u);
   EXPECT_EQ(stack.alloc(0), MEMFRAG_NO_FRAME);
   stack.free(1, 0);
   stack.free(0, 0);
   EXPECT_EQ(stack.histogram(), (std::vector<uint64_t>{2}));
   EXPECT_EQ(stack.alloc(0), 0u);
   EXPECT_EQ(stack.alloc(0), 1u);
   EXPECT_EQ(stack.validate(), std::nullopt);
}

TEST_F(FrameStackTest, IgnoresFreesThatMatchNoLiveFrame) {
   PluginInstance stack(plugin_, "frame-stack", 4);
   ASSERT_EQ(stack.alloc(0), 0u);
   stack.free(0, 0);
   stack.free(0, 0);
   stack.free(1, 0);
   stack.free(7, 0);
   stack.free(0, 1);
   EXPECT_EQ(stack.histogram(), (std::vector<uint64_t>{4}));
   EXPECT_EQ(stack.validate(), std::nullopt);
}

TEST_F(FrameStackTest, HandlesEmptyAndSingleFrameRegions) {
   PluginInstance empty(plugin_, "frame-stack", 0);
   EXPECT_EQ(empty.alloc(0), MEMFRAG_NO_FRAME);
   EXPECT_EQ(empty.validate(), std::nullopt);
   PluginInstance single(plugin_, "frame-stack", 1);
   EXPECT_EQ(single.alloc(0), 0u);
   EXPECT_EQ(single.alloc(0), MEMFRAG_NO_FRAME);
}

// The metadata ends with the stack (one uint32 per frame), then the slots (one per frame).
TEST_F(FrameStackTest, ValidateReportsACorruptedStackEntry) {
   constexpr uint64_t frame_count = 16;
   PluginInstance stack(plugin_, "frame-stack", frame_count);
   ASSERT_EQ(stack.alloc(0), 0u);
   const std::span<std::byte> entries =
       stack.metadata().last(frame_count * 8).first(frame_count * 4);
   const uint32_t duplicate = 5;
   std::memcpy(entries.data(), &duplicate, sizeof duplicate);
   const std::optional<std::string> message = stack.validate();
   ASSERT_TRUE(message.has_value());
   EXPECT_NE(message->find("stack entry 0"), std::string::npos) << *message;
}

} // namespace
} // namespace memfrag::test
