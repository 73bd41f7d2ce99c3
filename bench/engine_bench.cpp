// Whole runs through the engine (driver, contract checker, metrics, per-operation timing): the
// mixed workload for the reference buddy and the C baseline plugin, checker on and off (the
// difference between plugins is the allocator's own cost, between checker settings the
// checker's), and the replay of a recorded kernel trace converted to the binary format.
#include "core/platform/cpu_choice.hpp"
#include "core/plugin/catalog.hpp"
#include "core/run/engine.hpp"
#include "core/run/prepare.hpp"
#include "core/workload/trace/mft_file.hpp"
#include "core/workload/trace/trace_input.hpp"

#include <algorithm>
#include <benchmark/benchmark.h>
#include <filesystem>
#include <map>
#include <vector>

namespace {

using memfrag::run::Preparation;

const std::string kMixedWorkload = "mixed-70";
const std::string kTraceSample = MEMFRAG_TRACE_SAMPLES "/find-python.ftrace.txt.zst";
// Stands for binary_trace_workload(), converted on first use rather than at start-up.
const std::string kBinaryTrace = "the sample capture as .mft";
const std::string kOrder0Churn = MEMFRAG_BENCH_DIR "/order0-churn.toml";

// The sample capture as a .mft file, written once per process: replay reads binary traces.
const std::string &binary_trace_workload() {
   static const std::string workload = [] {
      namespace trace = memfrag::workload::trace;
      const std::string path =
          (std::filesystem::temp_directory_path() / "memfrag-engine-bench.mft").string();
      const trace::LoadedTrace loaded = trace::load_trace(kTraceSample, {});
      trace::MftWriter writer(path);
      for (const trace::TraceEvent &event : loaded.events) {
         writer.append(event);
      }
      writer.finish(loaded.metadata);
      return "trace:" + path;
   }();
   return workload;
}

double trace_events(const memfrag::results::RunResult &result) {
   for (const auto &[name, value] : result.counts.workload_figures) {
      if (name == "trace_events") {
         return value;
      }
   }
   return 0.0;
}

const Preparation &prepared(const std::string &plugin, const std::string &workload) {
   static std::map<std::pair<std::string, std::string>, Preparation> cache;
   auto key = std::make_pair(plugin, workload);
   auto found = cache.find(key);
   if (found == cache.end()) {
      found = cache.emplace(key, memfrag::run::prepare({plugin}, {workload}, {})).first;
   }
   return found->second;
}

// `threads` workers pinned to CPUs of their own, chosen as memfrag run chooses them.
memfrag::run::Placement pinned_workers(std::uint32_t threads) {
   memfrag::run::Placement placement;
   placement.worker_cpus = memfrag::platform::choose_worker_cpus(
       memfrag::platform::Topology::machine(), {threads, std::nullopt, std::nullopt});
   return placement;
}

memfrag::run::RunSpec run_spec(const std::string &plugin, const std::string &workload, bool check,
                               std::uint32_t threads, bool prefault = false) {
   const Preparation &preparation =
       prepared(plugin, workload == kBinaryTrace ? binary_trace_workload() : workload);
   const auto &chosen = preparation.plugins.front();
   memfrag::platform::BackingRequest backing;
   backing.prefault = prefault;
   return {chosen.library.get(),
           chosen.allocator,
           chosen.params_per_workload.front(),
           &preparation.workloads.front().loaded,
           1,
           check,
           backing,
           "4k",
           pinned_workers(threads),
           false};
}

// Operations per second of the engine's loop in one whole run.
double loop_ops_per_s(const memfrag::run::RunSpec &spec) {
   memfrag::run::Progress progress;
   const memfrag::results::RunResult result = memfrag::run::execute_run(spec, progress);
   return static_cast<double>(result.counts.ops) * 1e9 /
          static_cast<double>(std::max<std::uint64_t>(result.timing.wall_ns, 1));
}

// Executes whole runs of `workload` and reports the engine's cost per operation.
void whole_runs(benchmark::State &state, const std::string &plugin, const std::string &workload,
                bool check, std::uint32_t threads = 1, bool prefault = false) {
   if (workload == kBinaryTrace && !std::filesystem::exists(kTraceSample)) {
      state.SkipWithError(("sample capture not found: " + kTraceSample).c_str());
      return;
   }
   const memfrag::run::RunSpec spec = run_spec(plugin, workload, check, threads, prefault);
   std::uint64_t ops = 0;
   std::uint64_t loop_ns = 0;
   double events = 0.0;
   for (auto _ : state) {
      memfrag::run::Progress progress;
      memfrag::results::RunResult result = memfrag::run::execute_run(spec, progress);
      ops += result.counts.ops;
      loop_ns += result.timing.wall_ns;
      events += trace_events(result);
      benchmark::DoNotOptimize(result);
   }
   // The engine's own loop time, without instance creation and driver set-up.
   state.counters["loop_ns_per_op"] =
       static_cast<double>(loop_ns) / static_cast<double>(std::max<std::uint64_t>(ops, 1));
   state.counters["ops_per_s"] =
       static_cast<double>(ops) * 1e9 / static_cast<double>(std::max<std::uint64_t>(loop_ns, 1));
   if (events > 0.0) {
      // A trace's events include those replay resolves before the loop (unseen frees, frees of
      // part of a block): the rate the target is stated in.
      state.counters["events_per_s"] =
          events * 1e9 / static_cast<double>(std::max<std::uint64_t>(loop_ns, 1));
   }
}

// Two-worker scaling measured in pairs: each iteration runs the workload with one worker, then
// with two, and the figure is the median of the pairs' ratios, so that what else the host runs,
// which changes between pairs, tilts no pair much.
void scaling_pairs(benchmark::State &state, const std::string &plugin,
                   const std::string &workload) {
   const memfrag::run::RunSpec one = run_spec(plugin, workload, true, 1);
   const memfrag::run::RunSpec two = run_spec(plugin, workload, true, 2);
   std::vector<double> speedups;
   for (auto _ : state) {
      const double alone = loop_ops_per_s(one);
      speedups.push_back(loop_ops_per_s(two) / alone);
   }
   std::sort(speedups.begin(), speedups.end());
   state.counters["speedup_median"] = speedups[speedups.size() / 2];
   state.counters["speedup_min"] = speedups.front();
   state.counters["speedup_max"] = speedups.back();
}

BENCHMARK_CAPTURE(whole_runs, mixed_buddy_checked, "buddy", kMixedWorkload, true)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(whole_runs, mixed_buddy_unchecked, "buddy", kMixedWorkload, false)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(whole_runs, mixed_frame_stack_checked, "frame-stack", kMixedWorkload, true)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(whole_runs, mixed_frame_stack_unchecked, "frame-stack", kMixedWorkload, false)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(whole_runs, trace_replay_buddy_unchecked, "buddy", kBinaryTrace, false)
    ->Unit(benchmark::kMillisecond);
// The replay alone: the region faulted in before the run, so first touches take no page faults.
BENCHMARK_CAPTURE(whole_runs, trace_replay_buddy_unchecked_prefaulted, "buddy", kBinaryTrace, false,
                  1, true)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(whole_runs, trace_replay_buddy_pcp_2_threads_unchecked, "buddy-pcp", kBinaryTrace,
                  false, 2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
// The per-CPU lists' scaling through the whole engine: one worker, then two.
BENCHMARK_CAPTURE(whole_runs, order0_churn_buddy_pcp_1_thread, "buddy-pcp", kOrder0Churn, true, 1)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK_CAPTURE(whole_runs, order0_churn_buddy_pcp_2_threads, "buddy-pcp", kOrder0Churn, true, 2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK_CAPTURE(scaling_pairs, order0_churn_buddy_pcp, "buddy-pcp", kOrder0Churn)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(15);

} // namespace

BENCHMARK_MAIN();
