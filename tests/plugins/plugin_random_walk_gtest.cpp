// Seeded random alloc/free walks through the raw C ABI, every block checked against the test's
// own shadow map and validate() called along the way; then a drain back to the initial free set.
#include "greedy_blocks.hpp"
#include "loaded_plugin.hpp"
#include "plugin_instance.hpp"
#include "shadow_map.hpp"

#include <cstdint>
#include <gtest/gtest.h>
#include <ostream>
#include <random>
#include <string>
#include <utility>
#include <vector>

namespace memfrag::test {
namespace {

struct Walk {
   std::string plugin;
   uint64_t frame_count;
   uint32_t max_order; // highest order requested; also the buddy's max_order
   uint64_t seed;
};

std::ostream &operator<<(std::ostream &out, const Walk &walk) {
   return out << walk.plugin << " over " << walk.frame_count << " frames, max_order "
              << walk.max_order << ", seed " << walk.seed;
}

constexpr int operations = 20000;
constexpr int validate_every = 250;

class RandomWalkTest : public ::testing::TestWithParam<Walk> {
 protected:
   PluginInstance make() {
      const Walk &walk = GetParam();
      if (walk.plugin == "buddy") {
         return PluginInstance(plugin_, walk.plugin, walk.frame_count,
                               {{"max_order", int_value(walk.max_order)}});
      }
      return PluginInstance(plugin_, walk.plugin, walk.frame_count);
   }

   // Small orders dominate, as in real workloads; every order up to max_order occurs.
   uint32_t random_order() {
      std::geometric_distribution<uint32_t> order(0.5);
      return std::min(order(random_), GetParam().max_order);
   }

   // Allocates a little more often than it frees, so the walk reaches a full region.
   bool next_is_alloc(const std::vector<LiveBlock> &live) {
      return live.empty() || std::bernoulli_distribution(0.55)(random_);
   }

   LoadedPlugin plugin_{built_plugin_path(GetParam().plugin)};
   std::mt19937_64 random_{GetParam().seed};
};

TEST_P(RandomWalkTest, BlocksStaySoundAndDrainRestoresTheFreeSet) {
   PluginInstance instance = make();
   ShadowMap shadow(GetParam().frame_count);
   std::vector<LiveBlock> live;
   for (int step = 0; step < operations; ++step) {
      if (next_is_alloc(live)) {
         const uint32_t order = random_order();
         const uint64_t frame = instance.alloc(order);
         if (frame != MEMFRAG_NO_FRAME) {
            ASSERT_EQ(shadow.take(frame, order), "") << "step " << step;
            live.push_back({frame, order});
         } else if (order == 0) {
            ASSERT_EQ(shadow.owned_frames(), GetParam().frame_count)
                << "step " << step << ": an order-0 request failed while frames were free";
         }
      } else {
         const std::size_t index =
             std::uniform_int_distribution<std::size_t>(0, live.size() - 1)(random_);
         std::swap(live[index], live.back());
         instance.free(live.back().frame, live.back().order);
         shadow.give_back(live.back().frame, live.back().order);
         live.pop_back();
      }
      if (step % validate_every == 0) {
         ASSERT_EQ(instance.validate(), std::nullopt) << "step " << step;
      }
   }
   for (const LiveBlock &block : live) {
      instance.free(block.frame, block.order);
   }
   EXPECT_EQ(instance.validate(), std::nullopt);
   const uint32_t histogram_orders = GetParam().plugin == "buddy" ? GetParam().max_order : 0;
   EXPECT_EQ(instance.histogram(), greedy_histogram(GetParam().frame_count, histogram_orders));
}

// The frame stack serves order 0 only, so its walks request nothing larger.
INSTANTIATE_TEST_SUITE_P(Buddy, RandomWalkTest,
                         ::testing::Values(Walk{"buddy", 1024, 10, 1}, Walk{"buddy", 1000, 10, 2},
                                           Walk{"buddy", 4096, 4, 3}, Walk{"buddy", 777, 3, 4},
                                           Walk{"buddy", 1025, 0, 5}, Walk{"buddy", 65536, 10, 6}));
INSTANTIATE_TEST_SUITE_P(FrameStack, RandomWalkTest,
                         ::testing::Values(Walk{"frame-stack", 1024, 0, 7},
                                           Walk{"frame-stack", 333, 0, 8}));

} // namespace
} // namespace memfrag::test
