// The workload drivers' own cost per operation (next() plus allocated()), which every run pays
// in the engine loop beside the allocator: the generator on the built-in mixed workload.
#include <benchmark/benchmark.h>

#include <memfrag/allocator.h>

#include "core/workload/workload.hpp"

namespace {

void generator_mixed(benchmark::State &state) {
   auto workload = memfrag::workload::load_workload("mixed-70", {});
   std::uint64_t ops = 0;
   for (auto _ : state) {
      auto driver = memfrag::workload::make_driver(workload, 1);
      std::uint64_t next_handle = 0;
      memfrag::workload::Op op;
      while (driver->next(op)) {
         ++ops;
         if (op.kind == memfrag::workload::Op::Kind::alloc) {
            driver->allocated(op, next_handle++);
         }
      }
   }
   state.counters["ns_per_op"] = benchmark::Counter(
      static_cast<double>(ops), benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

BENCHMARK(generator_mixed)->Unit(benchmark::kMillisecond);

} // namespace

BENCHMARK_MAIN();
