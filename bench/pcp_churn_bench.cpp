// Order-0 churn on one instance of the buddy allocator with per-CPU lists, from one thread and
// from two at once (each with its own cpu index): bursts of single-frame allocations then frees.
// A burst that fits the lists (64 or 256 frames, below pcp_high) is the fast path a busy machine
// mostly takes; a longer one (2048) refills and drains the lists through the locked buddy
// allocator every pcp_batch frames, where the two threads contend for the zone lock and for the
// buddy allocator's shared metadata. Throughput is items (alloc or free calls) per wall second; two
// threads against one is the per-CPU lists' scaling.
#include "loaded_plugin.hpp"
#include "plugin_instance.hpp"

#include <benchmark/benchmark.h>
#include <cstdint>
#include <string>
#include <vector>

namespace {

using memfrag::test::LoadedPlugin;
using memfrag::test::PluginInstance;

constexpr uint64_t kRegionFrames = uint64_t{1} << 18;
constexpr uint32_t kMostThreads = 2;

const PluginInstance &shared_instance() {
   static const LoadedPlugin plugin(memfrag::test::built_plugin_path("buddy-pcp"));
   static const PluginInstance instance(plugin, "buddy-pcp", kRegionFrames, {}, kMostThreads);
   return instance;
}

void order0_churn(benchmark::State &state) {
   const PluginInstance &instance = shared_instance();
   const memfrag_allocator_t *allocator = &instance.abi();
   const auto cpu = static_cast<uint32_t>(state.thread_index());
   std::vector<uint64_t> held(static_cast<std::size_t>(state.range(0)));
   for (auto _ : state) {
      for (uint64_t &frame : held) {
         frame = allocator->alloc(allocator, 0, 0, cpu);
      }
      benchmark::DoNotOptimize(held.data());
      for (const uint64_t frame : held) {
         allocator->free(allocator, frame, 0, cpu);
      }
   }
   state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * held.size() * 2));
}

BENCHMARK(order0_churn)->Arg(64)->Arg(256)->Arg(2048)->Threads(1)->Threads(2)->UseRealTime();

} // namespace

BENCHMARK_MAIN();
