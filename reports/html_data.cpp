#include "reports/html_data.hpp"

#include "core/metrics/latency_histogram.hpp"
#include "core/results/json.hpp"
#include "reports/summary.hpp"
#include "reports/table_text.hpp"

#include <algorithm>
#include <map>

namespace memfrag::reports {
namespace {

using nlohmann::json;
using results::RunResult;

json nullable(const std::optional<double> &value) {
   return value ? json(*value) : json(nullptr);
}

json summary_row(const WorkloadComparison &comparison, const Metric &row) {
   json values = json::array(), best = json::array(), cells = json::array();
   for (const PluginColumn &column : comparison.columns) {
      values.push_back(nullable(cell_value(column, row)));
      cells.push_back(cell_text(column, row));
      best.push_back(is_best(comparison, column, row));
   }
   return {{"name", row.name},
           {"label", row_label(row)},
           {"better", row.better == Better::higher ? "higher" : "lower"},
           {"arrow", better_arrow(row.better)},
           {"order", row.order ? json(*row.order) : json(nullptr)},
           {"values", values},
           {"cells", cells},
           {"best", best}};
}

json summary_table(const WorkloadComparison &comparison) {
   json plugins = json::array(), runs_ok = json::array(), rows = json::array();
   for (const PluginColumn &column : comparison.columns) {
      plugins.push_back(column.plugin);
      runs_ok.push_back(runs_ok_text(column));
   }
   for (const Metric &row : comparison.rows)
      rows.push_back(summary_row(comparison, row));
   json problems = json::array();
   for (const RunResult *run : comparison.problem_runs)
      problems.push_back({{"run", run_title(*run)},
                          {"status", run_status_name(run->status)},
                          {"why", problem_description(*run)}});
   return {{"plugins", plugins}, {"runs_ok", runs_ok}, {"rows", rows}, {"problems", problems}};
}

bool finished_ok(const RunResult &run) {
   return run.status == results::RunStatus::ok;
}

json requests_per_order(const std::vector<const RunResult *> &runs) {
   std::map<std::uint32_t, std::pair<std::uint64_t, std::uint64_t>> totals;
   for (const RunResult *run : runs)
      for (std::uint32_t order = 0; order < run->counts.by_order.size(); ++order)
         for (const results::RequestCounts &counts : run->counts.by_order[order]) {
            totals[order].first += counts.requests;
            totals[order].second += counts.successes;
         }
   json orders = json::array();
   for (const auto &[order, total] : totals)
      if (total.first > 0)
         orders.push_back(
             {{"order", order}, {"requests", total.first}, {"successes", total.second}});
   return orders;
}

using LatencyField = std::vector<results::LatencySummary> results::RunTiming::*;

json latency_over_orders(const std::vector<const RunResult *> &runs, LatencyField field) {
   metrics::LatencyHistogram all;
   for (const RunResult *run : runs)
      for (const results::LatencySummary &summary : run->timing.*field)
         all.merge(metrics::LatencyHistogram::from_summary(summary));
   const results::LatencySummary summary = all.summary();
   json buckets = json::array();
   for (const auto &[upper_bound, count] : summary.buckets)
      buckets.push_back({upper_bound, count});
   return {{"count", summary.count},   {"p50_ns", summary.p50_ns},   {"p90_ns", summary.p90_ns},
           {"p99_ns", summary.p99_ns}, {"p999_ns", summary.p999_ns}, {"max_ns", summary.max_ns},
           {"buckets", buckets}};
}

using Figures = std::vector<std::pair<std::string, double>> results::RunCounts::*;

// Median of each named figure over the runs, in the first run's order of names.
json median_figures(const std::vector<const RunResult *> &runs, Figures field) {
   std::vector<std::string> names;
   std::map<std::string, std::vector<double>> values;
   for (const RunResult *run : runs)
      for (const auto &[name, value] : run->counts.*field) {
         if (!values.contains(name))
            names.push_back(name);
         values[name].push_back(value);
      }
   json figures = json::array();
   for (const std::string &name : names) {
      figures.push_back({{"name", name}, {"value", nullable(median_of(values[name]))}});
   }
   return figures;
}

std::optional<std::size_t> first_ok_run(const results::Document &document,
                                        const std::string &plugin, const std::string &workload) {
   for (std::size_t index = 0; index < document.runs.size(); ++index) {
      const RunResult &run = document.runs[index];
      if (run.plugin == plugin && run.workload == workload && finished_ok(run))
         return index;
   }
   return std::nullopt;
}

json plugin_figures(const results::Document &document, const std::string &plugin,
                    const std::string &workload) {
   std::vector<const RunResult *> runs;
   for (const RunResult &run : document.runs)
      if (run.plugin == plugin && run.workload == workload && finished_ok(run))
         runs.push_back(&run);
   const std::optional<std::size_t> representative = first_ok_run(document, plugin, workload);
   return {{"plugin", plugin},
           {"representative_run", representative ? json(*representative) : json(nullptr)},
           {"ok_runs", runs.size()},
           {"requests_per_order", requests_per_order(runs)},
           {"alloc_latency", latency_over_orders(runs, &results::RunTiming::alloc_latency)},
           {"free_latency", latency_over_orders(runs, &results::RunTiming::free_latency)},
           {"workload_figures", median_figures(runs, &results::RunCounts::workload_figures)},
           {"plugin_stats", median_figures(runs, &results::RunCounts::plugin_stats)}};
}

json workload_data(const results::Document &document, const WorkloadComparison &comparison) {
   json plugins = json::array();
   for (const results::PluginRecord &plugin : document.plugins)
      plugins.push_back(plugin_figures(document, plugin.key, comparison.workload));
   return {{"workload", comparison.workload},
           {"summary", summary_table(comparison)},
           {"plugins", plugins}};
}

} // namespace

json html_report_data(const results::Document &document) {
   json workloads = json::array();
   for (const WorkloadComparison &comparison : compare_by_workload(document))
      workloads.push_back(workload_data(document, comparison));
   return {{"document", results::to_json(document)}, {"workloads", workloads}};
}

} // namespace memfrag::reports
