// The mixed workload through the whole engine (driver, contract checker, metrics, per-operation
// timing), for the reference buddy and the C baseline plugin, checker on and off. The
// difference between plugins is the allocator's own cost; the difference between checker
// settings is the checker's.
#include <benchmark/benchmark.h>

#include <map>

#include "core/plugin/catalog.hpp"
#include "core/run/engine.hpp"
#include "core/run/prepare.hpp"

namespace {

using memfrag::run::Preparation;

const Preparation &prepared(const std::string &plugin) {
   static std::map<std::string, Preparation> cache;
   auto found = cache.find(plugin);
   if (found == cache.end()) {
      found = cache
                 .emplace(plugin, memfrag::run::prepare({plugin}, {"mixed-70"},
                                                        {"workload.ops=1000000"}))
                 .first;
   }
   return found->second;
}

void mixed_workload(benchmark::State &state, const std::string &plugin, bool check) {
   const Preparation &preparation = prepared(plugin);
   const auto &chosen = preparation.plugins.front();
   memfrag::run::RunSpec spec{chosen.library.get(), chosen.allocator, chosen.params,
                              &preparation.workloads.front().loaded, 1, check};
   std::uint64_t ops = 0;
   for (auto _ : state) {
      memfrag::run::Progress progress;
      memfrag::results::RunResult result = memfrag::run::execute_run(spec, progress);
      ops += result.counts.ops;
      benchmark::DoNotOptimize(result);
   }
   state.counters["ns_per_op"] = benchmark::Counter(
      static_cast<double>(ops), benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

BENCHMARK_CAPTURE(mixed_workload, buddy_checked, "buddy", true)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(mixed_workload, buddy_unchecked, "buddy", false)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(mixed_workload, frame_stack_checked, "frame-stack", true)
   ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(mixed_workload, frame_stack_unchecked, "frame-stack", false)
   ->Unit(benchmark::kMillisecond);

} // namespace

BENCHMARK_MAIN();
