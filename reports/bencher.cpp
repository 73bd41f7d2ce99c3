#include "reports/reporter.hpp"
#include "reports/run_groups.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace memfrag::reports {
namespace {

using nlohmann::json;

// A measure: the median over the repetitions, bounded by their minimum and maximum.
json measure(std::vector<double> values) {
   const auto [lowest, highest] = std::minmax_element(values.begin(), values.end());
   return {{"value", *median_of(values)}, {"lower_value", *lowest}, {"upper_value", *highest}};
}

json group_measures(const RunGroup &group) {
   json measures = json::object();
   for (const Metric &metric : group_metrics(group)) {
      const std::string key = metric_key(metric);
      std::vector<double> values = metric_values(group, key);
      if (!values.empty())
         measures[key] = measure(std::move(values));
   }
   return measures;
}

} // namespace

// Bencher Metric Format: {benchmark: {measure: {value, lower_value, upper_value}}}, one
// benchmark per plugin x workload x seed with runs that finished ok, one measure per headline
// metric.
std::string render_bencher(const results::Document &document) {
   json benchmarks = json::object();
   for (const RunGroup &group : group_runs(document))
      if (!group.ok_runs.empty())
         benchmarks[group_name(group)] = group_measures(group);
   return benchmarks.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

} // namespace memfrag::reports
