#include "reports/reporter.hpp"
#include "reports/run_groups.hpp"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <numeric>

namespace memfrag::reports {
namespace {

using nlohmann::json;

json context_of(const results::Document &document) {
   const json &environment = document.environment;
   const auto field = [&](const char *name, json fallback) {
      return environment.contains(name) ? environment[name] : fallback;
   };
   return {{"date", document.created},
           {"executable", "memfrag"},
           {"host_name", field("hostname", "")},
           {"num_cpus", field("online_cpus", 0)},
           {"mhz_per_cpu", 0},
           {"cpu_scaling_enabled", false},
           {"caches", json::array()},
           {"load_avg", json::array()},
           {"library_build_type", field("build_type", "unspecified")},
           {"memfrag_version", document.memfrag_version}};
}

// Time per operation, as Google Benchmark reports time per iteration.
double per_op(std::uint64_t total_ns, std::uint64_t ops) {
   return ops == 0 ? 0.0 : static_cast<double>(total_ns) / static_cast<double>(ops);
}

// Headline metrics become user counters; a metric without a value is left out, as a counter
// cannot be null.
void add_counters(json &entry, const std::vector<Metric> &metrics) {
   for (const Metric &metric : metrics)
      if (metric.value && std::isfinite(*metric.value))
         entry[metric_key(metric)] = *metric.value;
}

json iteration_entry(const RunGroup &group, const results::RunResult &run, std::size_t index) {
   const std::string name = group_name(group);
   json entry{{"name", name},
              {"family_index", 0},
              {"per_family_instance_index", 0},
              {"run_name", name},
              {"run_type", "iteration"},
              {"repetitions", group.ok_runs.size()},
              {"repetition_index", index},
              {"threads", 1},
              {"iterations", run.counts.ops},
              {"real_time", per_op(run.timing.wall_ns, run.counts.ops)},
              {"cpu_time", per_op(run.timing.cpu_ns, run.counts.ops)},
              {"time_unit", "ns"}};
   add_counters(entry, headline_metrics(run));
   return entry;
}

double mean(const std::vector<double> &values) {
   return std::accumulate(values.begin(), values.end(), 0.0) / static_cast<double>(values.size());
}

double stddev(const std::vector<double> &values) {
   if (values.size() < 2)
      return 0.0;
   const double centre = mean(values);
   double squares = 0;
   for (double value : values)
      squares += (value - centre) * (value - centre);
   return std::sqrt(squares / static_cast<double>(values.size() - 1));
}

using Statistic = double (*)(const std::vector<double> &);

// The aggregate rows Google Benchmark adds after repetitions: every number is the statistic
// over the repetitions' numbers.
json aggregate_entry(const json &iterations, const std::string &aggregate, Statistic statistic) {
   json entry = iterations.front();
   entry["name"] = entry["run_name"].get<std::string>() + "_" + aggregate;
   entry["run_type"] = "aggregate";
   entry["aggregate_name"] = aggregate;
   entry["aggregate_unit"] = "time";
   entry.erase("repetition_index");
   for (auto &[key, value] : entry.items()) {
      if (!value.is_number() || key == "family_index" || key == "per_family_instance_index" ||
          key == "repetitions" || key == "threads")
         continue;
      std::vector<double> values;
      for (const json &iteration : iterations)
         if (iteration.contains(key))
            values.push_back(iteration[key].get<double>());
      value = statistic(values);
   }
   entry["iterations"] = iterations.size();
   return entry;
}

void add_group(json &benchmarks, const RunGroup &group) {
   json iterations = json::array();
   for (std::size_t index = 0; index < group.ok_runs.size(); ++index)
      iterations.push_back(iteration_entry(group, *group.ok_runs[index], index));
   for (const json &iteration : iterations)
      benchmarks.push_back(iteration);
   if (iterations.size() < 2)
      return;
   benchmarks.push_back(aggregate_entry(iterations, "mean", mean));
   benchmarks.push_back(aggregate_entry(
       iterations, "median", [](const std::vector<double> &v) { return *median_of(v); }));
   benchmarks.push_back(aggregate_entry(iterations, "stddev", stddev));
}

} // namespace

// Google Benchmark's JSON output: a context and one benchmark per plugin x workload x seed,
// one iteration entry per repetition that finished ok (time per operation), then the mean,
// median and stddev aggregates. Tools that read Google Benchmark's files (compare.py,
// github-action-benchmark) read it as they are.
std::string render_gbench(const results::Document &document) {
   json benchmarks = json::array();
   for (const RunGroup &group : group_runs(document))
      add_group(benchmarks, group);
   return json{{"context", context_of(document)}, {"benchmarks", benchmarks}}.dump(
              2, ' ', false, json::error_handler_t::replace) +
          "\n";
}

} // namespace memfrag::reports
