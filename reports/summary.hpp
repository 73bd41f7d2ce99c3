// The headline metrics of a run and their comparison across plugins, shared by the console and
// Markdown reporters (tables) and the CSV reporter (one row per run and metric).
#pragma once

#include "core/results/model.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace memfrag::reports {

enum class Better { higher, lower };

struct Metric {
   std::string name;  // snake_case, stable: the CSV `metric` column
   std::string label; // for tables
   std::string unit;  // "%", "ns", "ms", "bytes/frame", "" for counts and indices
   Better better = Better::lower;
   std::optional<std::uint32_t> order; // for per-order metrics
   int decimals = 0;                   // digits shown after the point
   // Same plugin, workload and seed give the same value (counts, indices); timings do not, and
   // need repetitions and statistics to be compared.
   bool deterministic = true;
   std::optional<double> value;        // none when it cannot be computed (no requests, ...)
};

// Orders whose indices are headline figures: 1, 3 and 9 (the huge-page order), where they
// exist at `max_order`.
std::vector<std::uint32_t> headline_orders(std::uint32_t max_order);

// Success rate, failures, the NIC harness's drop figures where the run has them, the internal
// waste of requests sized in bytes or frames where the workload has them, index figures
// at the headline orders (at the end of the run and averaged over the timeline), mitigation
// costs, p50/p99 of the latencies the workload timed itself, alloc/free latency p50/p99 over all
// orders, metadata bytes per frame, wall time. Indices are shown as the kernel prints them:
// thousandths as a fraction.
std::vector<Metric> headline_metrics(const results::RunResult &run);

// The median of each metric over `runs` (the mean of the two middle values for an even count);
// the metric list is the first run's. `runs` must not be empty.
std::vector<Metric> median_metrics(const std::vector<const results::RunResult *> &runs);

// The middle value (the mean of the two middle values for an even count); none when empty.
std::optional<double> median_of(std::vector<double> values);

// A metric's value with its decimals, or "-" when it has none.
std::string format_metric_value(const Metric &metric);

// One plugin's column in a workload's comparison.
struct PluginColumn {
   std::string plugin;
   std::size_t runs = 0;
   std::size_t ok_runs = 0;
   std::vector<Metric> medians; // over the ok runs; empty when there is none
   std::string placeholder;     // shown instead of values without ok runs: a status name
};

// One workload: a column per plugin (document order), a row per metric, and the runs that did
// not finish ok, to be listed with their status and message.
struct WorkloadComparison {
   std::string workload;
   std::vector<PluginColumn> columns;
   std::vector<Metric> rows; // the metrics, without values
   std::vector<const results::RunResult *> problem_runs;
};

std::vector<WorkloadComparison> compare_by_workload(const results::Document &document);

// The value of row `row` in `column`, if it has one.
std::optional<double> cell_value(const PluginColumn &column, const Metric &row);

// Whether `column` holds the best value of `row` at the precision shown: ties all count;
// nothing is best when fewer than two columns have a value or all values are equal.
bool is_best(const WorkloadComparison &comparison, const PluginColumn &column, const Metric &row);

// Why a run did not finish ok, on one line: its message, then the violation, the last
// operation started and the validate() failure when known.
std::string problem_description(const results::RunResult &run);

} // namespace memfrag::reports
