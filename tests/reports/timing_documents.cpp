#include "tests/reports/timing_documents.hpp"

#include "core/metrics/latency_histogram.hpp"
#include "tests/results/sample_document.hpp"

#include <cmath>
#include <random>

namespace memfrag::testing {
namespace {

using namespace results;

// A latency summary of `count` operations around `base_ns`, all scaled by `factor`.
LatencySummary latency(double base_ns, double factor, int count) {
   metrics::LatencyHistogram histogram;
   for (int i = 0; i < count; ++i)
      histogram.record(static_cast<std::uint64_t>(base_ns * factor * (1.0 + (i % 20) / 10.0)));
   return histogram.summary();
}

RunTiming noisy_timing(double factor, std::uint32_t max_order) {
   RunTiming timing;
   timing.wall_ns = static_cast<std::uint64_t>(40e6 * factor);
   timing.cpu_ns = static_cast<std::uint64_t>(39e6 * factor);
   timing.alloc_latency.resize(max_order + 1);
   timing.free_latency.resize(max_order + 1);
   timing.alloc_latency[0] = latency(200, factor, 400);
   timing.alloc_latency[3] = latency(900, factor, 100);
   timing.free_latency[0] = latency(120, factor, 400);
   return timing;
}

} // namespace

Document timing_document(const TimingNoise &noise) {
   Document document = sample_document();
   document.complete = true;
   document.repeat = noise.repetitions;
   document.plugins.resize(2); // buddy, first-fit
   const RunCounts counts = document.runs.front().counts;
   document.runs.clear();
   std::mt19937_64 generator(noise.seed);
   std::normal_distribution<double> log_factor(0.0, noise.spread);
   for (const WorkloadRecord &workload : document.workloads)
      for (std::uint32_t repetition = 0; repetition < noise.repetitions; ++repetition)
         for (const PluginRecord &plugin : document.plugins) {
            RunResult run;
            run.plugin = plugin.key;
            run.workload = workload.key;
            run.seed = 42;
            run.repetition = repetition;
            run.counts = counts;
            run.timing =
                noisy_timing(noise.slowdown * std::exp(log_factor(generator)), counts.max_order);
            document.runs.push_back(run);
         }
   return document;
}

void add_fragmentation_failures(Document &document, const std::string &plugin,
                                std::uint64_t failures) {
   for (RunResult &run : document.runs) {
      if (run.plugin != plugin)
         continue;
      auto &order3 = run.counts.by_order[3][static_cast<std::size_t>(RequestClass::normal)];
      order3.successes -= failures;
      order3.fragmentation_failures += failures;
   }
}

} // namespace memfrag::testing
