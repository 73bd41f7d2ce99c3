#include "tests/results/sample_document.hpp"

#include "core/metrics/frag_index.hpp"
#include "core/metrics/latency_histogram.hpp"

#include <utility>

namespace memfrag::testing {
namespace {

using namespace results;

constexpr std::uint32_t kMaxOrder = 10;
constexpr std::uint64_t kFrames = 4096;

FreeState free_state(std::uint64_t op_index, std::uint32_t phase,
                     std::vector<std::uint64_t> nr_free, std::uint64_t live_blocks) {
   FreeState state;
   state.op_index = op_index;
   state.phase = phase;
   state.free_frames = metrics::free_frames(nr_free);
   state.live_blocks = live_blocks;
   state.nr_free = std::move(nr_free);
   metrics::fill_indices(state);
   return state;
}

// Latencies of one order: `count` values spread from `base` ns with a slow tail.
LatencySummary latency(std::uint64_t base, std::uint64_t count) {
   metrics::LatencyHistogram histogram;
   for (std::uint64_t i = 0; i < count; ++i)
      histogram.record(base + (i * 37) % (base + 1) + (i % 50 == 0 ? base * 20 : 0));
   return histogram.summary();
}

// A completed run; `spread` makes plugins and repetitions differ.
RunCounts counts(std::uint64_t spread) {
   RunCounts counts;
   counts.frames = kFrames;
   counts.max_order = kMaxOrder;
   counts.allocs = 5000 + spread;
   counts.frees = 4800;
   counts.ops = counts.allocs + counts.frees;
   counts.by_order.resize(kMaxOrder + 1);
   auto &order0 = counts.by_order[0][static_cast<std::size_t>(RequestClass::normal)];
   order0 = {3000, 3000, 0, 0, 0};
   auto &order3 = counts.by_order[3][static_cast<std::size_t>(RequestClass::normal)];
   order3 = {1500, 1400 - spread, 10, 90 + spread, 0};
   auto &order3_atomic = counts.by_order[3][static_cast<std::size_t>(RequestClass::atomic)];
   order3_atomic = {400 + spread, 380, 0, 15 + spread, 5};
   auto &order9 = counts.by_order[9][static_cast<std::size_t>(RequestClass::normal)];
   order9 = {100, 60 - spread, 30, 10 + spread, 0};
   counts.timeline = {
       free_state(0, 0, {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4}, 0),
       free_state(4000, 0, {180 + spread, 40, 21, 9, 4, 2, 1, 1, 1, 0, 1}, 812),
       free_state(9800, 1, {258, 9, 5, 0, 1, 2, 0, 1, 1, 0, 0}, 1203 + spread),
   };
   counts.final_state = counts.timeline.back();
   counts.peak_live_frames = 3500 + spread;
   counts.metadata_bytes = 1024 + 8 * spread;
   counts.workload_figures = {{"phase_0_success_rate", 0.984}, {"unseen_frees", 12.0}};
   return counts;
}

RunTiming timing(std::uint64_t spread) {
   RunTiming timing;
   timing.wall_ns = 41'000'000 + spread * 1'250'000;
   timing.cpu_ns = 40'000'000 + spread * 1'000'000;
   timing.alloc_ns = 900'000 + spread * 5000;
   timing.free_ns = 400'000 + spread * 3000;
   timing.touch_ns = 7'000'000;
   timing.alloc_latency.resize(kMaxOrder + 1);
   timing.free_latency.resize(kMaxOrder + 1);
   timing.alloc_latency[0] = latency(40 + spread, 3000);
   timing.alloc_latency[3] = latency(90 + 2 * spread, 1900);
   timing.alloc_latency[9] = latency(700 + 10 * spread, 100);
   timing.free_latency[0] = latency(30 + spread, 3000);
   timing.free_latency[3] = latency(45 + spread, 1700);
   return timing;
}

RunResult run(const char *plugin, const char *workload, std::uint32_t repetition, RunStatus status,
              std::uint64_t spread) {
   RunResult result;
   result.plugin = plugin;
   result.workload = workload;
   result.repetition = repetition;
   result.seed = 42;
   result.status = status;
   const bool completed = status == RunStatus::ok || status == RunStatus::invalid;
   if (completed) {
      result.counts = counts(spread);
      result.timing = timing(spread);
   }
   return result;
}

PluginRecord plugin(const char *key, const char *vendor, bool thread_safe, ParamMap params) {
   PluginRecord record;
   record.key = key;
   record.ref = key;
   record.id = key;
   record.name = std::string(key) + " allocator";
   record.vendor = vendor;
   record.version = "1.2.0";
   record.description = "Sample allocator \"" + std::string(key) + "\", for tests";
   record.path = "/usr/lib/memfrag/plugins/lib" + std::string(key) + ".so";
   record.sha256 = std::string(64, 'a');
   record.thread_safe = thread_safe;
   record.params = std::move(params);
   return record;
}

WorkloadRecord workload(const char *key, std::uint64_t ops) {
   WorkloadRecord record;
   record.key = key;
   record.ref = key;
   record.name = key;
   record.path = "/usr/share/memfrag/workloads/" + std::string(key) + ".toml";
   record.sha256 = std::string(64, 'b');
   record.spec = {{"workload", {{"name", key}, {"frames", kFrames}, {"ops", ops}}},
                  {"phase", nlohmann::json::array({{{"ops", ops}, {"orders", {0, 3, 9}}}})}};
   return record;
}

std::vector<RunResult> mixed_runs() {
   std::vector<RunResult> runs{
       run("buddy", "mixed-70", 0, RunStatus::ok, 0),
       run("buddy", "mixed-70", 1, RunStatus::ok, 2),
       run("first-fit", "mixed-70", 0, RunStatus::ok, 6),
       run("first-fit", "mixed-70", 1, RunStatus::invalid, 7),
       run("vendor-x", "mixed-70", 0, RunStatus::crashed, 0),
       run("vendor-x", "mixed-70", 1, RunStatus::timeout, 0),
   };
   runs[0].counts.plugin_nr_free = runs[0].counts.final_state.nr_free;
   runs[0].counts.plugin_stats = {{"merges", 4711.0}, {"splits", 4920.0}};
   runs[3].message = "contract violation: overlap";
   runs[3].violation = Violation{7012, "overlap", 2048, 3, "block 2048+8 overlaps live block 2050"};
   runs[3].validate_failure = "free list 3 holds block 2048, which is live";
   runs[4].message = "killed by signal 11 (SIGSEGV)";
   runs[4].last_op = LastOp{1234, "alloc", 9, 0};
   runs[5].message = "exceeded the 60 s time limit";
   runs[5].last_op = LastOp{88100, "free", 0, 3071};
   return runs;
}

std::vector<RunResult> nic_runs() {
   std::vector<RunResult> runs{
       run("buddy", "nic-jumbo", 0, RunStatus::ok, 1),
       run("buddy", "nic-jumbo", 1, RunStatus::ok, 1),
       run("first-fit", "nic-jumbo", 0, RunStatus::ok, 3),
       run("first-fit", "nic-jumbo", 1, RunStatus::ok, 4),
       run("vendor-x", "nic-jumbo", 0, RunStatus::error, 0),
       run("vendor-x", "nic-jumbo", 1, RunStatus::skipped, 0),
   };
   runs[4].message = "create() failed: parameter 'pool_mb', 0 is below the minimum 1";
   runs[5].message = "interrupted before this run started";
   return runs;
}

} // namespace

Document sample_document() {
   Document document;
   document.memfrag_version = "0.1.0";
   document.complete = false;
   document.created = "2025-03-14T09:26:53Z";
   document.command = {"memfrag", "run", "-p", "buddy,first-fit,vendor-x", "-w", "mixed-70"};
   document.environment = {{"cpu_model", "Sample CPU @ 3.0GHz"},
                           {"kernel", "6.18.0"},
                           {"numa_nodes", 1},
                           {"backing", "4k"}};
   document.seeds = {42};
   document.repeat = 2;
   document.plugins = {
       plugin("buddy", "memfrag", true, {{"max_order", std::int64_t{10}}, {"merge", true}}),
       plugin("first-fit", "memfrag", false, {{"policy", std::string("lowest")}}),
       plugin("vendor-x", "Vendor, Inc.", false, {{"pool_mb", std::int64_t{0}}, {"slack", 0.25}}),
   };
   document.workloads = {workload("mixed-70", 9800), workload("nic-jumbo", 20000)};
   document.runs = mixed_runs();
   for (RunResult &nic_run : nic_runs())
      document.runs.push_back(std::move(nic_run));
   return document;
}

} // namespace memfrag::testing
