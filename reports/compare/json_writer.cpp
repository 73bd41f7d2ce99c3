#include "reports/compare/writers.hpp"

#include <nlohmann/json.hpp>

namespace memfrag::reports::compare {
namespace {

using nlohmann::json;

json nullable(const std::optional<double> &value) {
   return value ? json(*value) : json(nullptr);
}

json rule_json(const MetricRule &rule) {
   return {{"threshold_percent", nullable(rule.threshold_percent)},
           {"absolute", nullable(rule.absolute)},
           {"ignore", rule.ignore}};
}

json metric_json(const MetricComparison &metric) {
   return {{"metric", metric.key},
           {"better", metric.metric.better == Better::higher ? "higher" : "lower"},
           {"deterministic", metric.metric.deterministic},
           {"baseline", metric.baseline},
           {"candidate", metric.candidate},
           {"baseline_median", nullable(metric.baseline_median)},
           {"candidate_median", nullable(metric.candidate_median)},
           {"change_percent", nullable(metric.change_percent)},
           {"p_value", nullable(metric.p_value)},
           {"ratio_interval",
            metric.ratio ? json{metric.ratio->lower, metric.ratio->upper} : json(nullptr)},
           {"rule", rule_json(metric.rule)},
           {"verdict", verdict_name(metric.verdict)},
           {"reason", metric.reason}};
}

json group_json(const GroupComparison &group) {
   json metrics = json::array();
   for (const MetricComparison &metric : group.metrics)
      metrics.push_back(metric_json(metric));
   return {{"benchmark", group.name},
           {"plugin", group.plugin},
           {"workload", group.workload},
           {"seed", group.seed},
           {"baseline_runs", group.baseline_runs},
           {"baseline_ok", group.baseline_ok},
           {"candidate_runs", group.candidate_runs},
           {"candidate_ok", group.candidate_ok},
           {"verdict", verdict_name(group.verdict)},
           {"reason", group.reason},
           {"metrics", metrics}};
}

json settings_json(const GateSettings &settings) {
   return {{"alpha", settings.alpha},
           {"confidence", settings.bootstrap.confidence},
           {"bootstrap_resamples", settings.bootstrap.resamples},
           {"seed", settings.bootstrap.seed},
           {"min_repetitions", settings.min_repetitions},
           {"timing_threshold", settings.timing_threshold_percent},
           {"deterministic_threshold", settings.deterministic_threshold_percent}};
}

} // namespace

std::string render_comparison_json(const Comparison &comparison) {
   json groups = json::array();
   for (const GroupComparison &group : comparison.groups)
      groups.push_back(group_json(group));
   const json document{
       {"outcome", outcome_text(comparison)},         {"regression", comparison.has_regression()},
       {"not_comparable", comparison.not_comparable}, {"overridden", comparison.overridden},
       {"gate", settings_json(comparison.settings)},  {"benchmarks", groups}};
   return document.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

} // namespace memfrag::reports::compare
