// Cost of one order-0 alloc+free pair through the raw C ABI, for each built-in plugin, on an empty
// region and on a region 70% full whose free frames are scattered by a seeded fill and free. The
// frame stack's figure is the harness-overhead baseline.
#include "loaded_plugin.hpp"
#include "plugin_instance.hpp"

#include <algorithm>
#include <benchmark/benchmark.h>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace {

using memfrag::test::LoadedPlugin;
using memfrag::test::PluginInstance;

constexpr uint64_t region_frames = uint64_t{1} << 18; // 1 GiB of 4 KiB frames
constexpr uint64_t fragmentation_seed = 20240607;

// Fills the region with order-0 blocks, then frees a seeded random (100 - percent_full)% of them,
// leaving free frames scattered the way a long-running system leaves them.
void fill_to(const PluginInstance &instance, int percent_full) {
   std::vector<uint64_t> frames;
   for (uint64_t frame = instance.alloc(0); frame != MEMFRAG_NO_FRAME; frame = instance.alloc(0)) {
      frames.push_back(frame);
   }
   std::mt19937_64 random(fragmentation_seed);
   std::shuffle(frames.begin(), frames.end(), random);
   const std::size_t to_free = frames.size() * static_cast<std::size_t>(100 - percent_full) / 100;
   for (std::size_t index = 0; index < to_free; ++index) {
      instance.free(frames[index], 0);
   }
}

void order0_pair(benchmark::State &state, const std::string &plugin_name, int percent_full) {
   const LoadedPlugin plugin(memfrag::test::built_plugin_path(plugin_name));
   const PluginInstance instance(plugin, plugin_name, region_frames);
   if (percent_full > 0) {
      fill_to(instance, percent_full);
   }
   const memfrag_allocator_t *allocator = &instance.abi();
   for (auto _ : state) {
      const uint64_t frame = allocator->alloc(allocator, 0, 0, 0);
      benchmark::DoNotOptimize(frame);
      allocator->free(allocator, frame, 0, 0);
   }
   state.counters["pairs/s"] =
       benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}

BENCHMARK_CAPTURE(order0_pair, buddy_empty, std::string("buddy"), 0);
BENCHMARK_CAPTURE(order0_pair, buddy_70_percent_full, std::string("buddy"), 70);
BENCHMARK_CAPTURE(order0_pair, frame_stack_empty, std::string("frame-stack"), 0);
BENCHMARK_CAPTURE(order0_pair, frame_stack_70_percent_full, std::string("frame-stack"), 70);

} // namespace

BENCHMARK_MAIN();
