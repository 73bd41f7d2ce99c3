// The kswapd-order plugin through the raw C ABI: when allocations wake the daemon (the kernel's
// per-order watermark test, worked by hand on 16 frames), the daemon's extension, and refusing
// a high_order no free list holds. The test host has no world, so the daemon finds nothing to
// reclaim and goes back to sleep; what it does with one is tested by the scenarios.
#include "loaded_plugin.hpp"
#include "plugin_instance.hpp"

#include <cstdint>
#include <gtest/gtest.h>
#include <stdexcept>

namespace memfrag::test {
namespace {

class KswapdOrderTest : public ::testing::Test {
 protected:
   // 16 frames as two order-3 blocks; min watermark 4 frames, so low 5 and high 6.
   PluginInstance make(int64_t high_order) {
      return PluginInstance(plugin_, "kswapd-order", 16,
                            {{"max_order", int_value(3)},
                             {"min_free_frames", int_value(4)},
                             {"high_order", int_value(high_order)}});
   }

   // Every frame handed out as a single frame, then every even one freed: 8 free frames, no
   // free pair.
   static void scatter(const PluginInstance &kswapd) {
      for (uint64_t frame = 0; frame < 16; ++frame) {
         ASSERT_EQ(kswapd.alloc(0), frame);
      }
      for (uint64_t frame = 0; frame < 16; frame += 2) {
         kswapd.free(frame, 0);
      }
   }

   static const memfrag_ext_background_work_t *daemon_of(const PluginInstance &kswapd) {
      return static_cast<const memfrag_ext_background_work_t *>(
          kswapd.abi().get_extension(&kswapd.abi(), MEMFRAG_EXT_BACKGROUND_WORK));
   }

   LoadedPlugin plugin_{built_plugin_path("kswapd-order")};
};

TEST_F(KswapdOrderTest, SleepsWhileTheLowWatermarkHolds) {
   PluginInstance kswapd = make(1);
   for (uint64_t frame = 0; frame < 9; ++frame) {
      ASSERT_EQ(kswapd.alloc(0), frame);
   }
   // 7 free frames: 1 single, a pair and a block of 4. Order 1 leaves 6 > 5, and 6 frames in
   // blocks of two or more > 5 >> 1.
   EXPECT_EQ(kswapd.stats().at("wakeups"), 0.0);
   ASSERT_EQ(kswapd.alloc(0), 9u);
   // 6 free frames: 6 - 1 <= 5 at order 1.
   EXPECT_EQ(kswapd.stats().at("wakeups"), 1.0);
   EXPECT_EQ(kswapd.validate(), std::nullopt);
}

// Filling the region woke the daemon; with nothing to reclaim its first pass puts it back to
// sleep, so the next allocation shows whether the watermark holds.
TEST_F(KswapdOrderTest, ScatteredFreeFramesMissTheOrderOneWatermarkOnly) {
   PluginInstance count_only = make(0);
   scatter(count_only);
   EXPECT_FALSE(daemon_of(count_only)->run(&count_only.abi()));
   const double woken_by_filling = count_only.stats().at("wakeups");
   ASSERT_NE(count_only.alloc(0), MEMFRAG_NO_FRAME);
   EXPECT_EQ(count_only.stats().at("wakeups"), woken_by_filling) << "7 free frames > 5";

   PluginInstance order_aware = make(1);
   scatter(order_aware);
   EXPECT_FALSE(daemon_of(order_aware)->run(&order_aware.abi()));
   ASSERT_NE(order_aware.alloc(0), MEMFRAG_NO_FRAME);
   EXPECT_EQ(order_aware.stats().at("wakeups"), woken_by_filling + 1)
       << "7 free frames, none in a block of two";
   EXPECT_EQ(order_aware.validate(), std::nullopt);
}

TEST_F(KswapdOrderTest, AFailedHighOrderRequestWakesTheDaemon) {
   PluginInstance kswapd = make(0);
   scatter(kswapd);
   EXPECT_FALSE(daemon_of(kswapd)->run(&kswapd.abi()));
   const double woken_by_filling = kswapd.stats().at("wakeups");
   EXPECT_EQ(kswapd.alloc(1, MEMFRAG_REQ_ATOMIC), MEMFRAG_NO_FRAME);
   EXPECT_EQ(kswapd.stats().at("high_order_failures"), 1.0);
   EXPECT_EQ(kswapd.stats().at("wakeups"), woken_by_filling + 1)
       << "8 free frames meet the order-0 watermark: the failure alone woke it";
}

TEST_F(KswapdOrderTest, TheDaemonSleepsWhenNothingCanBeReclaimed) {
   PluginInstance kswapd = make(1);
   const memfrag_ext_background_work_t *daemon = daemon_of(kswapd);
   ASSERT_NE(daemon, nullptr);
   EXPECT_EQ(daemon->period_ops(&kswapd.abi()), 0u) << "it runs only when woken";
   scatter(kswapd);
   ASSERT_NE(kswapd.alloc(0), MEMFRAG_NO_FRAME);
   EXPECT_FALSE(daemon->run(&kswapd.abi())) << "no world here: nothing to reclaim";
   EXPECT_EQ(kswapd.stats().at("daemon_passes"), 1.0);
   EXPECT_EQ(kswapd.stats().at("daemon_frames_reclaimed"), 0.0);
   ASSERT_NE(kswapd.alloc(0), MEMFRAG_NO_FRAME);
   EXPECT_EQ(kswapd.stats().at("wakeups"), 2.0) << "asleep again, so woken again";
   EXPECT_EQ(kswapd.validate(), std::nullopt);
}

TEST_F(KswapdOrderTest, TheDefaultMinWatermarkFollowsTheKernelsRule) {
   // 16384 frames = 64 MiB: sqrt(16 x 65536 KiB) = 1024 KiB = 256 frames; low 320. At the
   // default high_order 1 a pair must be left over it: 321 frames.
   PluginInstance kswapd(plugin_, "kswapd-order", 16384);
   for (uint64_t count = 0; count < 16384 - 322; ++count) {
      ASSERT_NE(kswapd.alloc(0), MEMFRAG_NO_FRAME);
   }
   EXPECT_EQ(kswapd.stats().at("wakeups"), 0.0) << "322 free frames, 1 + 320 needed";
   ASSERT_NE(kswapd.alloc(0), MEMFRAG_NO_FRAME);
   EXPECT_EQ(kswapd.stats().at("wakeups"), 1.0) << "321 free frames";
}

TEST_F(KswapdOrderTest, RefusesAHighOrderAboveMaxOrder) {
   EXPECT_THROW(make(4), std::runtime_error);
}

} // namespace
} // namespace memfrag::test
