// Order-0 churn on one instance of the buddy allocator with per-CPU lists, from one thread and
// from two at once (each with its own cpu index): bursts of single-frame allocations then frees,
// so that the lists are refilled from and drained into the locked buddy allocator in batches as
// they would be on a busy machine. Throughput is items (alloc or free calls) per wall second;
// two threads against one is the per-CPU lists' scaling.
#include "loaded_plugin.hpp"
#include "plugin_instance.hpp"

#include <array>
#include <benchmark/benchmark.h>
#include <cstdint>
#include <string>

namespace {

using memfrag::test::LoadedPlugin;
using memfrag::test::PluginInstance;

constexpr uint64_t kRegionFrames = uint64_t{1} << 18;
constexpr uint32_t kMostThreads = 2;
constexpr std::size_t kBurst = 256;

const PluginInstance &shared_instance() {
   static const LoadedPlugin plugin(memfrag::test::built_plugin_path("buddy-pcp"));
   static const PluginInstance instance(plugin, "buddy-pcp", kRegionFrames, {}, kMostThreads);
   return instance;
}

void order0_churn(benchmark::State &state) {
   const PluginInstance &instance = shared_instance();
   const memfrag_allocator_t *allocator = &instance.abi();
   const auto cpu = static_cast<uint32_t>(state.thread_index());
   std::array<uint64_t, kBurst> held{};
   for (auto _ : state) {
      for (uint64_t &frame : held) {
         frame = allocator->alloc(allocator, 0, 0, cpu);
      }
      benchmark::DoNotOptimize(held);
      for (const uint64_t frame : held) {
         allocator->free(allocator, frame, 0, cpu);
      }
   }
   state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kBurst * 2));
}

BENCHMARK(order0_churn)->Threads(1)->Threads(2)->UseRealTime();

} // namespace

BENCHMARK_MAIN();
