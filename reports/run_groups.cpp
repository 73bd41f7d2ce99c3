#include "reports/run_groups.hpp"

#include <algorithm>

namespace memfrag::reports {
namespace {

bool belongs_to(const RunGroup &group, const results::RunResult &run) {
   return group.plugin == run.plugin && group.workload == run.workload && group.seed == run.seed;
}

} // namespace

std::vector<RunGroup> group_runs(const results::Document &document) {
   std::vector<RunGroup> groups;
   for (const results::RunResult &run : document.runs) {
      auto group = std::find_if(groups.begin(), groups.end(), [&](const RunGroup &candidate) {
         return belongs_to(candidate, run);
      });
      if (group == groups.end())
         group = groups.insert(groups.end(), RunGroup{run.plugin, run.workload, run.seed, {}, {}});
      group->runs.push_back(&run);
      if (run.status == results::RunStatus::ok)
         group->ok_runs.push_back(&run);
   }
   return groups;
}

std::string group_name(const RunGroup &group) {
   return group.workload + "/" + group.plugin + "/seed:" + std::to_string(group.seed);
}

std::string metric_key(const Metric &metric) {
   return metric.order ? metric.name + "_order_" + std::to_string(*metric.order) : metric.name;
}

std::vector<double> metric_values(const RunGroup &group, const std::string &key) {
   std::vector<double> values;
   for (const results::RunResult *run : group.ok_runs)
      for (const Metric &metric : headline_metrics(*run))
         if (metric_key(metric) == key && metric.value)
            values.push_back(*metric.value);
   return values;
}

std::vector<Metric> group_metrics(const RunGroup &group) {
   if (group.ok_runs.empty())
      return {};
   std::vector<Metric> metrics = headline_metrics(*group.ok_runs.front());
   for (Metric &metric : metrics)
      metric.value.reset();
   return metrics;
}

} // namespace memfrag::reports
