// The conformance suite: each built-in plugin, loaded like any third-party library, driven by
// seeded random alloc/free walks whose every block the host checks against its shadow map,
// with the plugin's validate() called along the way.
#include <gtest/gtest.h>

#include <filesystem>
#include <random>

#include "core/metrics/free_blocks.hpp"
#include "core/platform/region_memory.hpp"
#include "core/plugin/instance.hpp"
#include "core/plugin/library.hpp"
#include "core/plugin/shadow_map.hpp"

namespace memfrag::plugin {
namespace {

struct Block {
   std::uint64_t frame;
   std::uint32_t order;
};

std::vector<std::string> builtin_plugin_files() {
   std::vector<std::string> files;
   for (const auto &entry : std::filesystem::directory_iterator(MEMFRAG_BUILD_PLUGIN_DIR)) {
      if (entry.path().extension() == ".so") {
         files.push_back(entry.path().string());
      }
   }
   std::sort(files.begin(), files.end());
   return files;
}

// One instance of one allocator over a real region, every block checked by the host.
class Harness {
 public:
   Harness(const Library &library, const AllocatorInfo &info, std::uint64_t frames)
      : memory_(frames), region_{frames, memory_.base(), -1, 1},
        instance_(library, info, defaults(info), region_), shadow_(frames) {}

   bool alloc(std::uint32_t order, std::uint32_t flags) {
      std::uint64_t frame = instance_.alloc(order, flags, 0);
      if (frame == MEMFRAG_NO_FRAME) {
         return false;
      }
      ContractBreach breach = shadow_.check_alloc(frame, order);
      EXPECT_EQ(breach, ContractBreach::none)
         << contract_breach_name(breach) << ": order " << order << " at frame " << frame;
      if (breach == ContractBreach::none) {
         shadow_.mark_allocated(frame, order);
         live_.push_back({frame, order});
      }
      return true;
   }

   void free_at(std::size_t index) {
      Block block = live_[index];
      live_[index] = live_.back();
      live_.pop_back();
      instance_.free(block.frame, block.order, 0);
      shadow_.mark_free(block.frame, block.order);
   }

   // A run through the exact-size extension (ext/exact.h): any length, any alignment.
   bool alloc_run(std::uint64_t frames, std::uint32_t flags) {
      std::uint64_t frame = instance_.alloc_run(frames, flags, 0);
      if (frame == MEMFRAG_NO_FRAME) {
         return false;
      }
      ContractBreach breach = shadow_.check_alloc_run(frame, frames);
      EXPECT_EQ(breach, ContractBreach::none)
         << contract_breach_name(breach) << ": run of " << frames << " at frame " << frame;
      if (breach == ContractBreach::none) {
         shadow_.mark_run_allocated(frame, frames);
         runs_.push_back({frame, frames});
      }
      return true;
   }

   void free_run_at(std::size_t index) {
      Run run = runs_[index];
      runs_[index] = runs_.back();
      runs_.pop_back();
      instance_.free_run(run.frame, run.frames, 0);
      shadow_.mark_run_free(run.frame, run.frames);
   }

   void drain() {
      while (!live_.empty()) {
         free_at(live_.size() - 1);
      }
      while (!runs_.empty()) {
         free_run_at(runs_.size() - 1);
      }
   }

   void expect_valid(const std::string &when) const {
      auto failure = instance_.validate_failure();
      EXPECT_FALSE(failure.has_value()) << when << ": " << failure.value_or("");
   }

   const Instance &instance() const { return instance_; }
   const ShadowMap &shadow() const { return shadow_; }
   std::vector<Block> &live() { return live_; }
   std::size_t live_runs() const { return runs_.size(); }

 private:
   static std::vector<ParamValue> defaults(const AllocatorInfo &info) {
      std::vector<ParamValue> values;
      for (const auto &spec : info.params) {
         values.push_back(spec.default_value);
      }
      return values;
   }

   platform::RegionMemory memory_;
   memfrag_region_t region_;
   Instance instance_;
   struct Run {
      std::uint64_t frame;
      std::uint64_t frames;
   };

   ShadowMap shadow_;
   std::vector<Block> live_;
   std::vector<Run> runs_;
};

// A seeded walk of `steps` operations keeping occupancy between roughly 30% and 80%, orders
// 0..4, mixed request classes; returns the blocks handed out, in order.
std::vector<std::uint64_t> random_walk(Harness &harness, std::uint64_t seed, int steps) {
   std::mt19937_64 random(seed);
   std::vector<std::uint64_t> handed_out;
   std::uint64_t frames = harness.shadow().frame_count();
   for (int step = 0; step < steps; ++step) {
      std::uint64_t live_frames = frames - harness.shadow().free_frames();
      bool allocate = live_frames < frames * 3 / 10 ||
                      (live_frames < frames * 8 / 10 && random() % 2 == 0);
      if (allocate || harness.live().empty()) {
         auto order = static_cast<std::uint32_t>(random() % 5);
         std::uint32_t flags = (random() % 10 == 0 ? MEMFRAG_REQ_ATOMIC : 0u) |
                               MEMFRAG_REQ_MOBILITY(random() % 3);
         if (harness.alloc(order, flags)) {
            handed_out.push_back(harness.live().back().frame);
         }
      } else {
         harness.free_at(static_cast<std::size_t>(random() % harness.live().size()));
      }
      if (step % 1000 == 0) {
         harness.expect_valid("after step " + std::to_string(step));
      }
   }
   return handed_out;
}

class Conformance : public testing::TestWithParam<std::string> {
 protected:
   void SetUp() override { library_ = std::make_unique<Library>(GetParam()); }
   std::unique_ptr<Library> library_;
};

TEST_P(Conformance, RandomWalksRespectTheContract) {
   for (const auto &info : library_->allocators()) {
      for (std::uint64_t seed : {1u, 2u, 3u}) {
         Harness harness(*library_, info, 4096);
         random_walk(harness, seed, 20000);
         harness.expect_valid("after the walk");
         harness.drain();
         harness.expect_valid("after draining");
      }
   }
}

// Runs of 1 to 40 frames mixed with blocks of orders 0 to 4, for plugins with the exact-size
// extension: no run or block may overlap another or leave the region, blocks stay aligned.
TEST_P(Conformance, RunsAndBlocksRespectTheContract) {
   for (const auto &info : library_->allocators()) {
      for (std::uint64_t seed : {1u, 2u}) {
         Harness harness(*library_, info, 4000);
         if (!harness.instance().has_exact()) {
            GTEST_SKIP() << info.id << " has no exact-size extension";
         }
         std::mt19937_64 random(seed);
         std::uint64_t served_runs = 0;
         for (int step = 0; step < 20000; ++step) {
            const std::uint64_t live = 4000 - harness.shadow().free_frames();
            const bool empty = harness.live().empty() && harness.live_runs() == 0;
            if (empty || live < 1200 || (live < 3200 && random() % 2 == 0)) {
               const std::uint32_t flags = MEMFRAG_REQ_MOBILITY(random() % 3);
               if (random() % 2 == 0) {
                  served_runs += harness.alloc_run(1 + random() % 40, flags) ? 1 : 0;
               } else {
                  harness.alloc(static_cast<std::uint32_t>(random() % 5), flags);
               }
            } else if (harness.live_runs() != 0 &&
                       (harness.live().empty() || random() % 2 == 0)) {
               harness.free_run_at(static_cast<std::size_t>(random() % harness.live_runs()));
            } else {
               harness.free_at(static_cast<std::size_t>(random() % harness.live().size()));
            }
            if (step % 1000 == 0) {
               harness.expect_valid("after step " + std::to_string(step));
            }
         }
         EXPECT_GT(served_runs, 1000u) << info.id;
         harness.drain();
         EXPECT_EQ(harness.shadow().free_frames(), 4000u);
         harness.expect_valid("after draining runs and blocks");
      }
   }
}

TEST_P(Conformance, DrainingReturnsEveryFrame) {
   for (const auto &info : library_->allocators()) {
      Harness harness(*library_, info, 3000);
      random_walk(harness, 11, 5000);
      harness.drain();
      auto nr_free = harness.instance().plugin_histogram();
      if (!nr_free) {
         GTEST_SKIP() << info.id << " has no histogram extension";
      }
      std::uint64_t free_frames = 0;
      for (std::size_t order = 0; order < nr_free->size(); ++order) {
         free_frames += (*nr_free)[order] << order;
      }
      EXPECT_EQ(free_frames, 3000u) << info.id;
   }
}

// A buddy allocator merges every pair of free buddies, so once everything is freed its free
// lists are exactly the greedy split of the region into maximal aligned blocks.
TEST_P(Conformance, DrainedBuddyEndsAsWholeMaxOrderBlocks) {
   if (std::filesystem::path(GetParam()).filename() != "libbuddy.so") {
      GTEST_SKIP() << "applies to the buddy allocator only";
   }
   const AllocatorInfo &info = library_->allocator("buddy");
   Harness harness(*library_, info, 5000);
   random_walk(harness, 21, 20000);
   harness.drain();
   auto nr_free = harness.instance().plugin_histogram();
   ASSERT_TRUE(nr_free.has_value());
   ASSERT_FALSE(nr_free->empty());
   auto max_order = static_cast<std::uint32_t>(nr_free->size() - 1);
   EXPECT_EQ(*nr_free, metrics::free_block_histogram(harness.shadow().allocated_bits(), 5000,
                                                     max_order));
}

TEST_P(Conformance, SameSeedGivesTheSameBlocks) {
   for (const auto &info : library_->allocators()) {
      Harness first(*library_, info, 2048);
      Harness second(*library_, info, 2048);
      EXPECT_EQ(random_walk(first, 5, 5000), random_walk(second, 5, 5000)) << info.id;
   }
}

TEST_P(Conformance, OddRegionSizes) {
   for (const auto &info : library_->allocators()) {
      for (std::uint64_t frames : {0u, 1u, 3u, 1000u, 4097u}) {
         Harness harness(*library_, info, frames);
         while (harness.alloc(0, 0)) {
         }
         EXPECT_EQ(harness.shadow().free_frames(), 0u)
            << info.id << " left order-0 requests unserved in a region of " << frames;
         harness.expect_valid("full region of " + std::to_string(frames));
         harness.drain();
         harness.expect_valid("drained region of " + std::to_string(frames));
      }
   }
}

TEST_P(Conformance, UnsupportedOrdersFailCleanly) {
   for (const auto &info : library_->allocators()) {
      Harness harness(*library_, info, 1024);
      EXPECT_FALSE(harness.alloc(40, 0)) << info.id;
      EXPECT_FALSE(harness.alloc(11, 0)) << info.id << ": region of 1024 frames";
      harness.expect_valid("after refused orders");
   }
}

INSTANTIATE_TEST_SUITE_P(Builtin, Conformance, testing::ValuesIn(builtin_plugin_files()),
                         [](const testing::TestParamInfo<std::string> &param) {
                            std::string name = std::filesystem::path(param.param).stem().string();
                            std::replace(name.begin(), name.end(), '-', '_');
                            return name;
                         });

} // namespace
} // namespace memfrag::plugin
