#include "reports/summary.hpp"

#include "core/metrics/latency_histogram.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iterator>
#include <utility>

namespace memfrag::reports {
namespace {

using results::RequestCounts;
using results::RunResult;
using results::RunStatus;

RequestCounts total_requests(const results::RunCounts &counts) {
   RequestCounts total;
   for (const auto &classes : counts.by_order) {
      for (const RequestCounts &entry : classes) {
         total.requests += entry.requests;
         total.successes += entry.successes;
         total.exhaustion_failures += entry.exhaustion_failures;
         total.fragmentation_failures += entry.fragmentation_failures;
         total.policy_failures += entry.policy_failures;
      }
   }
   return total;
}

std::optional<double> ratio(double numerator, double denominator, double scale) {
   if (denominator == 0)
      return std::nullopt;
   return numerator / denominator * scale;
}

// Kernel indices are thousandths; tables show them as the kernel prints them.
std::optional<double> index_at(const std::vector<std::int32_t> &indices, std::uint32_t order) {
   if (order >= indices.size())
      return std::nullopt;
   return indices[order] / 1000.0;
}

using IndexVector = std::vector<std::int32_t> results::FreeState::*;

std::optional<double> timeline_mean(const std::vector<results::FreeState> &timeline,
                                    IndexVector indices, std::uint32_t order) {
   double sum = 0;
   std::size_t samples = 0;
   for (const results::FreeState &state : timeline) {
      if (const auto value = index_at(state.*indices, order)) {
         sum += *value;
         ++samples;
      }
   }
   return ratio(sum, static_cast<double>(samples), 1.0);
}

// Percentile over the latencies of all orders together.
std::optional<double> latency_percentile(const std::vector<results::LatencySummary> &by_order,
                                         double quantile) {
   metrics::LatencyHistogram all_orders;
   for (const results::LatencySummary &summary : by_order)
      all_orders.merge(metrics::LatencyHistogram::from_summary(summary));
   if (all_orders.count() == 0)
      return std::nullopt;
   return static_cast<double>(all_orders.percentile(quantile));
}

Metric metric(std::string name, std::string label, std::string unit, Better better, int decimals,
              std::optional<double> value, std::optional<std::uint32_t> order = std::nullopt) {
   return Metric{std::move(name), std::move(label), std::move(unit), better, order, decimals,
                 true, value};
}

// Latencies and wall time vary from run to run.
Metric timing_metric(std::string name, std::string label, std::string unit, int decimals,
                     std::optional<double> value) {
   Metric timing = metric(std::move(name), std::move(label), std::move(unit), Better::lower,
                          decimals, value);
   timing.deterministic = false;
   return timing;
}

void add_request_metrics(const results::RunCounts &counts, std::vector<Metric> &metrics) {
   const RequestCounts total = total_requests(counts);
   const auto as_double = [](std::uint64_t count) { return static_cast<double>(count); };
   metrics.push_back(metric("success_rate", "success rate", "%", Better::higher, 2,
                            ratio(as_double(total.successes), as_double(total.requests), 100.0)));
   metrics.push_back(
       metric("failures", "failures", "", Better::lower, 0, as_double(total.failures())));
   metrics.push_back(metric("fragmentation_failures", "fragmentation failures", "", Better::lower,
                            0, as_double(total.fragmentation_failures)));
   metrics.push_back(metric("exhaustion_failures", "exhaustion failures", "", Better::lower, 0,
                            as_double(total.exhaustion_failures)));
}

void add_index_metrics(const results::RunCounts &counts, std::vector<Metric> &metrics) {
   using results::FreeState;
   for (const std::uint32_t order : headline_orders(counts.max_order)) {
      metrics.push_back(metric("unusable_index", "unusable index, end", "", Better::lower, 3,
                               index_at(counts.final_state.unusable_index, order), order));
      metrics.push_back(metric("unusable_index_mean", "unusable index, mean", "", Better::lower, 3,
                               timeline_mean(counts.timeline, &FreeState::unusable_index, order),
                               order));
      metrics.push_back(metric("fragmentation_index", "fragmentation index, end", "", Better::lower,
                               3, index_at(counts.final_state.fragmentation_index, order), order));
      metrics.push_back(
          metric("fragmentation_index_mean", "fragmentation index, mean", "", Better::lower, 3,
                 timeline_mean(counts.timeline, &FreeState::fragmentation_index, order), order));
   }
}

// Internal waste of the requests the workload sized in bytes or frames, in runs that have any:
// frames handed out beyond those the requests needed, as a share of the frames handed out.
void add_sizing_metrics(const results::RunCounts &counts, std::vector<Metric> &metrics) {
   if (!counts.sizing)
      return;
   const results::SizingCounts &sizing = *counts.sizing;
   const auto as_double = [](std::uint64_t count) { return static_cast<double>(count); };
   metrics.push_back(
       metric("waste_pct", "internal waste, sized requests", "%", Better::lower, 2,
              ratio(as_double(sizing.waste_frames()), as_double(sizing.frames_handed_out), 100.0)));
   metrics.push_back(metric("waste_frames", "frames wasted", "", Better::lower, 0,
                            as_double(sizing.waste_frames())));
   metrics.push_back(metric("waste_bytes", "bytes wasted", "", Better::lower, 0,
                            as_double(sizing.waste_bytes())));
   metrics.push_back(metric("sized_frames_handed_out", "frames handed out, sized requests", "",
                            Better::lower, 0, as_double(sizing.frames_handed_out)));
   // More frames needed means more of the same request stream was served.
   metrics.push_back(metric("sized_frames_needed", "frames needed, sized requests", "",
                            Better::higher, 0, as_double(sizing.frames_needed)));
}

// What mitigation cost: the world's counts and the time its services took.
void add_mitigation_metrics(const RunResult &run, std::vector<Metric> &metrics) {
   const results::MitigationCounts &mitigation = run.counts.mitigation;
   const auto count = [&](const char *name, const char *label, std::uint64_t value) {
      metrics.push_back(metric(name, label, "", Better::lower, 0, static_cast<double>(value)));
   };
   const auto milliseconds = [&](const char *name, const char *label, std::uint64_t ns) {
      metrics.push_back(
          metric(name, label, "ms", Better::lower, 2, static_cast<double>(ns) / 1e6));
   };
   count("frames_reclaimed", "frames reclaimed", mitigation.frames_reclaimed);
   count("hot_evictions", "evictions of hot data", mitigation.hot_evictions);
   count("refaults", "refaults", mitigation.refaults);
   count("migrated_frames", "frames migrated", mitigation.migrated_frames);
   count("stitched_blocks", "stitched blocks", mitigation.stitched_blocks);
   milliseconds("failed_alloc_ms", "time failing", run.timing.failed_alloc_ns);
   milliseconds("vmap_ms", "mapping time", run.timing.vmap_ns);
   milliseconds("background_cpu_ms", "background CPU", run.timing.background_cpu_ns);
}

void add_cost_metrics(const RunResult &run, std::vector<Metric> &metrics) {
   const auto &timing = run.timing;
   metrics.push_back(timing_metric("alloc_p50_ns", "alloc latency p50", "ns", 0,
                                   latency_percentile(timing.alloc_latency, 0.5)));
   metrics.push_back(timing_metric("alloc_p99_ns", "alloc latency p99", "ns", 0,
                                   latency_percentile(timing.alloc_latency, 0.99)));
   metrics.push_back(timing_metric("free_p50_ns", "free latency p50", "ns", 0,
                                   latency_percentile(timing.free_latency, 0.5)));
   metrics.push_back(timing_metric("free_p99_ns", "free latency p99", "ns", 0,
                                   latency_percentile(timing.free_latency, 0.99)));
   metrics.push_back(metric("metadata_bytes_per_frame", "metadata", "bytes/frame", Better::lower, 3,
                            ratio(static_cast<double>(run.counts.metadata_bytes),
                                  static_cast<double>(run.counts.frames), 1.0)));
   metrics.push_back(timing_metric("wall_time_ms", "wall time", "ms", 2,
                                   static_cast<double>(timing.wall_ns) / 1e6));
}

// Workload figures whose meaning is known get a row of their own in runs that report them: the
// NIC harness's drops and descriptors (docs/nic.md).
struct FigureRow {
   const char *figure;
   const char *name;
   const char *label;
   const char *unit;
   Better better;
   int decimals;
};

constexpr FigureRow kFigureRows[] = {
    {"drop_pct", "nic_drop_pct", "NIC frames dropped", "%", Better::lower, 2},
    {"drops_alloc_failed", "nic_drops_alloc_failed", "NIC drops, failed refills", "", Better::lower,
     0},
    {"drops_no_buffer", "nic_drops_no_buffer", "NIC drops, ring overrun", "", Better::lower, 0},
    {"refill_failures", "nic_refill_failures", "NIC refill failures", "", Better::lower, 0},
    {"descriptors_per_packet", "nic_descriptors_per_packet", "NIC descriptors per frame", "",
     Better::lower, 2},
    {"payload_errors", "nic_payload_errors", "NIC payload errors", "", Better::lower, 0},
};

void add_workload_metrics(const results::RunCounts &counts, std::vector<Metric> &metrics) {
   for (const FigureRow &row : kFigureRows) {
      for (const auto &[name, value] : counts.workload_figures) {
         if (name == row.figure) {
            const auto known = std::isfinite(value) ? std::optional(value) : std::nullopt;
            metrics.push_back(
                metric(row.name, row.label, row.unit, row.better, row.decimals, known));
         }
      }
   }
}

// p50 and p99 of each latency the workload timed itself (nic_refill, ...).
void add_workload_latency_metrics(const results::RunTiming &timing, std::vector<Metric> &metrics) {
   for (const auto &[name, summary] : timing.latencies) {
      std::string label = name;
      std::replace(label.begin(), label.end(), '_', ' ');
      for (const auto &[suffix, quantile] : {std::pair{"p50", 0.5}, std::pair{"p99", 0.99}}) {
         metrics.push_back(timing_metric(name + "_" + suffix + "_ns", label + " " + suffix, "ns", 0,
                                         latency_percentile({summary}, quantile)));
      }
   }
}

bool same_metric(const Metric &a, const Metric &b) {
   return a.name == b.name && a.order == b.order;
}

const Metric *find_metric(const std::vector<Metric> &metrics, const Metric &wanted) {
   const auto found = std::find_if(metrics.begin(), metrics.end(),
                                   [&](const Metric &m) { return same_metric(m, wanted); });
   return found == metrics.end() ? nullptr : &*found;
}

PluginColumn plugin_column(const std::string &plugin, const std::vector<const RunResult *> &runs) {
   PluginColumn column;
   column.plugin = plugin;
   column.runs = runs.size();
   std::vector<const RunResult *> ok_runs;
   std::copy_if(runs.begin(), runs.end(), std::back_inserter(ok_runs),
                [](const RunResult *run) { return run->status == RunStatus::ok; });
   column.ok_runs = ok_runs.size();
   if (!ok_runs.empty())
      column.medians = median_metrics(ok_runs);
   else if (!runs.empty())
      column.placeholder = results::run_status_name(runs.front()->status);
   else
      column.placeholder = "not run";
   return column;
}

std::vector<const RunResult *> runs_of(const results::Document &document, const std::string &plugin,
                                       const std::string &workload) {
   std::vector<const RunResult *> runs;
   for (const RunResult &run : document.runs)
      if (run.plugin == plugin && run.workload == workload)
         runs.push_back(&run);
   return runs;
}

WorkloadComparison compare_workload(const results::Document &document,
                                    const std::string &workload) {
   WorkloadComparison comparison;
   comparison.workload = workload;
   for (const results::PluginRecord &plugin : document.plugins) {
      comparison.columns.push_back(
          plugin_column(plugin.key, runs_of(document, plugin.key, workload)));
      if (comparison.rows.empty())
         comparison.rows = comparison.columns.back().medians;
   }
   for (Metric &row : comparison.rows)
      row.value.reset();
   for (const RunResult &run : document.runs)
      if (run.workload == workload && run.status != RunStatus::ok)
         comparison.problem_runs.push_back(&run);
   return comparison;
}

// The value as the table shows it: a difference hidden by rounding picks no winner.
std::optional<double> shown_value(const PluginColumn &column, const Metric &row) {
   const std::optional<double> value = cell_value(column, row);
   if (!value)
      return std::nullopt;
   const double scale = std::pow(10.0, row.decimals);
   return std::round(*value * scale) / scale;
}

} // namespace

std::vector<std::uint32_t> headline_orders(std::uint32_t max_order) {
   std::vector<std::uint32_t> orders;
   for (const std::uint32_t order : {1u, 3u, 9u})
      if (order <= max_order)
         orders.push_back(order);
   return orders;
}

std::vector<Metric> headline_metrics(const RunResult &run) {
   std::vector<Metric> metrics;
   add_request_metrics(run.counts, metrics);
   add_workload_metrics(run.counts, metrics);
   add_sizing_metrics(run.counts, metrics);
   add_index_metrics(run.counts, metrics);
   add_mitigation_metrics(run, metrics);
   add_workload_latency_metrics(run.timing, metrics);
   add_cost_metrics(run, metrics);
   return metrics;
}

std::vector<Metric> median_metrics(const std::vector<const RunResult *> &runs) {
   std::vector<std::vector<Metric>> per_run;
   for (const RunResult *run : runs)
      per_run.push_back(headline_metrics(*run));
   std::vector<Metric> medians = per_run.front();
   for (Metric &metric : medians) {
      std::vector<double> values;
      for (const std::vector<Metric> &metrics : per_run)
         if (const Metric *found = find_metric(metrics, metric); found && found->value)
            values.push_back(*found->value);
      metric.value = median_of(std::move(values));
   }
   return medians;
}

std::optional<double> median_of(std::vector<double> values) {
   if (values.empty())
      return std::nullopt;
   std::sort(values.begin(), values.end());
   const std::size_t middle = values.size() / 2;
   if (values.size() % 2 == 1)
      return values[middle];
   return (values[middle - 1] + values[middle]) / 2;
}

std::string format_metric_value(const Metric &metric) {
   if (!metric.value)
      return "-";
   char text[64];
   std::snprintf(text, sizeof text, "%.*f", metric.decimals, *metric.value);
   return text;
}

std::vector<WorkloadComparison> compare_by_workload(const results::Document &document) {
   std::vector<WorkloadComparison> comparisons;
   for (const results::WorkloadRecord &workload : document.workloads)
      comparisons.push_back(compare_workload(document, workload.key));
   return comparisons;
}

std::optional<double> cell_value(const PluginColumn &column, const Metric &row) {
   const Metric *found = find_metric(column.medians, row);
   return found ? found->value : std::nullopt;
}

bool is_best(const WorkloadComparison &comparison, const PluginColumn &column, const Metric &row) {
   const std::optional<double> value = shown_value(column, row);
   if (!value)
      return false;
   std::vector<double> values;
   for (const PluginColumn &other : comparison.columns)
      if (const auto other_value = shown_value(other, row))
         values.push_back(*other_value);
   const auto [lowest, highest] = std::minmax_element(values.begin(), values.end());
   if (values.size() < 2 || *lowest == *highest)
      return false;
   return *value == (row.better == Better::lower ? *lowest : *highest);
}

std::string problem_description(const RunResult &run) {
   std::string text = run.message.empty() ? std::string(run_status_name(run.status)) : run.message;
   if (run.violation)
      text += "; violation at op " + std::to_string(run.violation->op_index) + ": " +
              run.violation->kind + ", frame " + std::to_string(run.violation->frame) + ", order " +
              std::to_string(run.violation->order) +
              (run.violation->detail.empty() ? "" : " (" + run.violation->detail + ")");
   if (run.last_op)
      text += "; last op " + std::to_string(run.last_op->op_index) + ": " + run.last_op->kind +
              " order " + std::to_string(run.last_op->order) + ", frame " +
              std::to_string(run.last_op->frame);
   if (run.validate_failure)
      text += "; validate() failed: " + *run.validate_failure;
   return text;
}

} // namespace memfrag::reports
