#include "reports/compare/comparison.hpp"

#include "core/results/fingerprint.hpp"
#include "core/results/json.hpp"
#include "reports/compare/mann_whitney.hpp"
#include "reports/run_groups.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace memfrag::reports::compare {
namespace {

using results::Document;

// What makes two groups the same measurement: the plugin with its parameters, the workload with
// its resolved specification, the seed. The plugin's file hash is what a change alters, so it
// is left out.
std::vector<std::string> group_identities(const Document &document,
                                          const std::vector<RunGroup> &groups) {
   Document holder;
   holder.plugins = document.plugins;
   holder.workloads = document.workloads;
   const nlohmann::json records = results::to_json(holder);
   std::vector<std::string> identities;
   for (const RunGroup &group : groups) {
      std::string identity =
          group.plugin + "\n" + group.workload + "\n" + std::to_string(group.seed);
      for (const auto &plugin : records["plugins"])
         if (plugin["key"] == group.plugin)
            identity += "\n" + plugin["params"].dump();
      for (const auto &workload : records["workloads"])
         if (workload["key"] == group.workload)
            identity += "\n" + workload["sha256"].get<std::string>();
      identities.push_back(identity);
   }
   return identities;
}

std::string number_text(double value) {
   char text[32];
   std::snprintf(text, sizeof text, "%.4g", value);
   return text;
}

// +1 when an increase is worse, -1 when a decrease is.
double worse_sign(const Metric &metric) {
   return metric.better == Better::lower ? 1.0 : -1.0;
}

// The change in the worse direction a rule tolerates, in the metric's unit.
double allowed_change(const MetricRule &rule, double baseline) {
   if (rule.absolute)
      return *rule.absolute;
   return std::abs(baseline) * rule.threshold_percent.value_or(0) / 100.0;
}

void judge_exactly(MetricComparison &result) {
   const double baseline = *result.baseline_median, candidate = *result.candidate_median;
   const double worse_by = worse_sign(result.metric) * (candidate - baseline);
   const double allowed = allowed_change(result.rule, baseline);
   if (worse_by > allowed) {
      result.verdict = Verdict::regression;
      result.reason = "worse by " + number_text(std::abs(candidate - baseline)) + " (allowed " +
                      number_text(allowed) + ")";
   } else if (-worse_by > allowed) {
      result.verdict = Verdict::improvement;
      result.reason = "better by " + number_text(std::abs(candidate - baseline));
   } else {
      result.reason = worse_by == 0 ? "identical" : "within the threshold";
   }
}

// The candidate/baseline ratio beyond which the change exceeds the rule, in the worse direction.
double worse_ratio_limit(const MetricComparison &result) {
   const double allowed = allowed_change(result.rule, *result.baseline_median);
   return 1.0 + worse_sign(result.metric) * allowed / std::abs(*result.baseline_median);
}

void judge_statistically(MetricComparison &result, const GateSettings &settings) {
   const MannWhitney test = mann_whitney(result.candidate, result.baseline);
   const bool increase_is_worse = result.metric.better == Better::lower;
   const double p_worse = increase_is_worse ? test.p_greater : test.p_less;
   const double p_better = increase_is_worse ? test.p_less : test.p_greater;
   result.p_value = p_worse;
   result.ratio = median_ratio_interval(result.baseline, result.candidate, settings.bootstrap);
   if (!result.ratio || *result.baseline_median == 0) {
      result.verdict = Verdict::inconclusive;
      result.reason = "baseline median is 0: no ratio";
      return;
   }
   const double worse_limit = worse_ratio_limit(result), better_limit = 2.0 - worse_limit;
   const double near_worse = increase_is_worse ? result.ratio->lower : result.ratio->upper;
   const double near_better = increase_is_worse ? result.ratio->upper : result.ratio->lower;
   const bool beyond_worse =
       increase_is_worse ? near_worse > worse_limit : near_worse < worse_limit;
   const bool beyond_better =
       increase_is_worse ? near_better < better_limit : near_better > better_limit;
   const std::string interval =
       "ratio " + number_text(result.ratio->lower) + ".." + number_text(result.ratio->upper);
   if (p_worse < settings.alpha && beyond_worse) {
      result.verdict = Verdict::regression;
      result.reason =
          "p=" + number_text(p_worse) + ", " + interval + " beyond " + number_text(worse_limit);
   } else if (p_better < settings.alpha && beyond_better) {
      result.verdict = Verdict::improvement;
      result.reason = "p=" + number_text(p_better) + ", " + interval;
   } else {
      result.reason = "no significant change beyond the threshold (p=" + number_text(p_worse) +
                      ", " + interval + ")";
   }
}

MetricComparison compare_metric(const Metric &metric, const RunGroup &baseline,
                                const RunGroup &candidate, const GateSettings &settings) {
   MetricComparison result;
   result.metric = metric;
   result.key = metric_key(metric);
   result.baseline = metric_values(baseline, result.key);
   result.candidate = metric_values(candidate, result.key);
   result.baseline_median = median_of(result.baseline);
   result.candidate_median = median_of(result.candidate);
   result.rule = rule_for(settings, metric);
   if (result.baseline_median && result.candidate_median && *result.baseline_median != 0)
      result.change_percent = (*result.candidate_median - *result.baseline_median) /
                              std::abs(*result.baseline_median) * 100.0;
   if (result.rule.ignore) {
      result.reason = "ignored by the gate";
   } else if (!result.baseline_median || !result.candidate_median) {
      result.verdict = Verdict::inconclusive;
      result.reason = "no value on one side";
   } else if (metric.deterministic) {
      judge_exactly(result);
   } else if (std::min(result.baseline.size(), result.candidate.size()) <
              settings.min_repetitions) {
      result.verdict = Verdict::inconclusive;
      result.reason = "too few repetitions for a timing (the gate needs " +
                      std::to_string(settings.min_repetitions) + ")";
   } else {
      judge_statistically(result, settings);
   }
   return result;
}

Verdict worst_of(const std::vector<MetricComparison> &metrics) {
   const auto has = [&](Verdict verdict) {
      return std::any_of(metrics.begin(), metrics.end(),
                         [&](const MetricComparison &m) { return m.verdict == verdict; });
   };
   if (has(Verdict::regression))
      return Verdict::regression;
   if (has(Verdict::improvement))
      return Verdict::improvement;
   return Verdict::unchanged;
}

GroupComparison matched_group(const RunGroup &baseline, const RunGroup &candidate,
                              const GateSettings &settings) {
   GroupComparison group{group_name(candidate),
                         candidate.plugin,
                         candidate.workload,
                         candidate.seed,
                         baseline.runs.size(),
                         baseline.ok_runs.size(),
                         candidate.runs.size(),
                         candidate.ok_runs.size(),
                         Verdict::unchanged,
                         "",
                         {}};
   for (const Metric &metric : group_metrics(baseline.ok_runs.empty() ? candidate : baseline))
      group.metrics.push_back(compare_metric(metric, baseline, candidate, settings));
   group.verdict = worst_of(group.metrics);
   const std::size_t baseline_failed = baseline.runs.size() - baseline.ok_runs.size();
   const std::size_t candidate_failed = candidate.runs.size() - candidate.ok_runs.size();
   if (candidate_failed > baseline_failed) {
      group.verdict = Verdict::regression;
      group.reason = std::to_string(candidate_failed) + " of " +
                     std::to_string(candidate.runs.size()) +
                     " runs did not finish ok (baseline: " + std::to_string(baseline_failed) + ")";
   }
   return group;
}

GroupComparison unmatched_group(const RunGroup &group, Verdict verdict) {
   const bool in_baseline = verdict == Verdict::baseline_only;
   return {group_name(group),
           group.plugin,
           group.workload,
           group.seed,
           in_baseline ? group.runs.size() : 0,
           in_baseline ? group.ok_runs.size() : 0,
           in_baseline ? 0 : group.runs.size(),
           in_baseline ? 0 : group.ok_runs.size(),
           verdict,
           in_baseline ? "only in the baseline" : "only in the candidate",
           {}};
}

bool needs_repetitions(const GroupComparison &group) {
   return std::any_of(group.metrics.begin(), group.metrics.end(), [](const MetricComparison &m) {
      return !m.metric.deterministic && !m.rule.ignore && m.verdict == Verdict::inconclusive &&
             m.baseline_median && m.candidate_median;
   });
}

void add_reason(Comparison &comparison, bool overridden, const std::string &reason) {
   (overridden ? comparison.overridden : comparison.not_comparable).push_back(reason);
}

void check_comparable(Comparison &comparison, const Document &baseline, const Document &candidate) {
   const std::vector<std::string> differences =
       results::fingerprint_differences(baseline.environment, candidate.environment);
   for (const std::string &difference : differences)
      add_reason(comparison, comparison.settings.allow_environment_mismatch,
                 "environment differs: " + difference);
   const auto few =
       std::count_if(comparison.groups.begin(), comparison.groups.end(), needs_repetitions);
   if (few > 0)
      add_reason(comparison, comparison.settings.allow_few_repetitions,
                 std::to_string(few) + " benchmarks have fewer than " +
                     std::to_string(comparison.settings.min_repetitions) +
                     " repetitions that finished ok on a side: their timings cannot be judged");
   const bool any_matched =
       std::any_of(comparison.groups.begin(), comparison.groups.end(), [](const auto &group) {
          return group.verdict != Verdict::baseline_only &&
                 group.verdict != Verdict::candidate_only;
       });
   if (!any_matched)
      comparison.not_comparable.push_back(
          "no benchmark (plugin, workload, parameters, seed) is in both documents");
}

} // namespace

const char *verdict_name(Verdict verdict) {
   switch (verdict) {
   case Verdict::unchanged:
      return "unchanged";
   case Verdict::improvement:
      return "improvement";
   case Verdict::regression:
      return "regression";
   case Verdict::inconclusive:
      return "inconclusive";
   case Verdict::baseline_only:
      return "baseline only";
   case Verdict::candidate_only:
      return "candidate only";
   }
   return "unknown";
}

bool Comparison::has_regression() const {
   return std::any_of(groups.begin(), groups.end(), [](const GroupComparison &group) {
      return group.verdict == Verdict::regression;
   });
}

std::size_t Comparison::count(Verdict verdict) const {
   std::size_t total = 0;
   for (const GroupComparison &group : groups)
      total += static_cast<std::size_t>(
          std::count_if(group.metrics.begin(), group.metrics.end(),
                        [&](const MetricComparison &metric) { return metric.verdict == verdict; }));
   return total;
}

Comparison compare_documents(const Document &baseline, const Document &candidate,
                             const GateSettings &settings) {
   Comparison comparison;
   comparison.settings = settings;
   const std::vector<RunGroup> baseline_groups = group_runs(baseline);
   const std::vector<RunGroup> candidate_groups = group_runs(candidate);
   const std::vector<std::string> baseline_ids = group_identities(baseline, baseline_groups);
   const std::vector<std::string> candidate_ids = group_identities(candidate, candidate_groups);
   std::vector<bool> baseline_matched(baseline_groups.size(), false);
   for (std::size_t i = 0; i < candidate_groups.size(); ++i) {
      const auto match = std::find(baseline_ids.begin(), baseline_ids.end(), candidate_ids[i]);
      if (match == baseline_ids.end()) {
         comparison.groups.push_back(unmatched_group(candidate_groups[i], Verdict::candidate_only));
         continue;
      }
      const auto matched = static_cast<std::size_t>(match - baseline_ids.begin());
      baseline_matched[matched] = true;
      comparison.groups.push_back(
          matched_group(baseline_groups[matched], candidate_groups[i], settings));
   }
   for (std::size_t i = 0; i < baseline_groups.size(); ++i)
      if (!baseline_matched[i])
         comparison.groups.push_back(unmatched_group(baseline_groups[i], Verdict::baseline_only));
   check_comparable(comparison, baseline, candidate);
   return comparison;
}

} // namespace memfrag::reports::compare
