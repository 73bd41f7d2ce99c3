// Runs grouped by what makes them repetitions of one measurement: plugin, workload and seed.
// The exporters (Google Benchmark, Bencher) name one benchmark per group; compare matches groups.
#pragma once

#include "core/results/model.hpp"
#include "reports/summary.hpp"

#include <string>
#include <vector>

namespace memfrag::reports {

struct RunGroup {
   std::string plugin, workload;
   std::uint64_t seed = 0;
   std::vector<const results::RunResult *> runs;    // every repetition, in document order
   std::vector<const results::RunResult *> ok_runs; // those that finished ok
};

// Groups in document order of their first run.
std::vector<RunGroup> group_runs(const results::Document &document);

// "mixed-70/buddy/seed:1": stable across documents, the benchmark's name in exports.
std::string group_name(const RunGroup &group);

// A metric's stable key: its name, with "_order_<o>" for per-order metrics.
std::string metric_key(const Metric &metric);

// The values of the metric `key` in each ok run of the group that has one.
std::vector<double> metric_values(const RunGroup &group, const std::string &key);

// The metrics of the group's first ok run, without values: which keys exist, their direction.
std::vector<Metric> group_metrics(const RunGroup &group);

} // namespace memfrag::reports
