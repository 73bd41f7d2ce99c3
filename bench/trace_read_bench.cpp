// How fast traces are read (zstd ftrace text, .mft) and replayed by the driver alone.
#include "core/workload/trace/replay_driver.hpp"
#include "core/workload/trace/trace_input.hpp"

#include <benchmark/benchmark.h>
#include <filesystem>

namespace memfrag::workload::trace {
namespace {

const std::string kSample = std::string(MEMFRAG_TRACE_SAMPLES) + "/find-python.ftrace.txt.zst";

bool have_sample(benchmark::State &state) {
   if (std::filesystem::exists(kSample))
      return true;
   state.SkipWithError(("sample capture not found: " + kSample).c_str());
   return false;
}

void BM_ReadZstdFtrace(benchmark::State &state) {
   if (!have_sample(state))
      return;
   std::uint64_t events = 0;
   for (auto _ : state) {
      TextTraceReader reader(kSample, {});
      TraceEvent event;
      while (reader.next(event))
         ++events;
      benchmark::DoNotOptimize(event);
   }
   state.counters["events_per_second"] =
       benchmark::Counter(static_cast<double>(events), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_ReadZstdFtrace)->Unit(benchmark::kMillisecond)->UseRealTime();

std::string converted_sample() {
   const std::string path =
       (std::filesystem::temp_directory_path() / "memfrag-trace-bench.mft").string();
   const LoadedTrace trace = load_trace(kSample, {});
   MftWriter writer(path);
   for (const TraceEvent &event : trace.events)
      writer.append(event);
   writer.finish(trace.metadata);
   return path;
}

void BM_ReadMft(benchmark::State &state) {
   if (!have_sample(state))
      return;
   const std::string path = converted_sample();
   std::uint64_t events = 0;
   std::uint64_t checksum = 0;
   for (auto _ : state) {
      const MftFile file = MftFile::open(path);
      for (const TraceEvent &event : file.events())
         checksum += event.pfn;
      events += file.events().size();
   }
   benchmark::DoNotOptimize(checksum);
   state.counters["events_per_second"] =
       benchmark::Counter(static_cast<double>(events), benchmark::Counter::kIsRate);
   std::filesystem::remove(path);
}
BENCHMARK(BM_ReadMft)->Unit(benchmark::kMillisecond)->UseRealTime();

// next() and allocated() per event, with an allocator that costs nothing: the driver's share of
// a replay.
void BM_ReplayDriver(benchmark::State &state) {
   if (!have_sample(state))
      return;
   const LoadedTrace trace = load_trace(kSample, {});
   const ReplayPlan plan = plan_replay(trace.events, true);
   std::uint64_t ops = 0;
   for (auto _ : state) {
      Replay replay(trace, plan, {});
      Driver &driver = replay.lane(0);
      std::uint64_t next_frame = 0;
      Op op;
      while (driver.next(op)) {
         if (op.kind == Op::Kind::alloc)
            driver.allocated(op, next_frame += 1024);
         ++ops;
      }
   }
   state.counters["ops_per_second"] =
       benchmark::Counter(static_cast<double>(ops), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_ReplayDriver)->Unit(benchmark::kMillisecond)->UseRealTime();

} // namespace
} // namespace memfrag::workload::trace

BENCHMARK_MAIN();
