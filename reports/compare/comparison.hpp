// Comparing a candidate results document with a baseline: runs matched by plugin, workload,
// parameters and seed; per headline metric, its better direction decides what "worse" means.
// Deterministic metrics (counts, indices) compare exactly; timings need repetitions, a
// Mann-Whitney U test and a bootstrap interval on the ratio of medians, so that noise is not
// called a regression.
#pragma once

#include "core/results/model.hpp"
#include "reports/compare/bootstrap.hpp"
#include "reports/compare/gate.hpp"
#include "reports/summary.hpp"

#include <optional>
#include <string>
#include <vector>

namespace memfrag::reports::compare {

enum class Verdict {
   unchanged,
   improvement,
   regression,
   inconclusive,
   baseline_only,
   candidate_only
};
const char *verdict_name(Verdict verdict);

struct MetricComparison {
   Metric metric; // name, label, unit, direction; value unset
   std::string key;
   std::vector<double> baseline, candidate; // per ok run
   std::optional<double> baseline_median, candidate_median;
   // (candidate - baseline) / |baseline| in percent; none when the baseline is 0.
   std::optional<double> change_percent;
   std::optional<double> p_value; // one-sided, in the worse direction (timings only)
   std::optional<Interval> ratio; // candidate / baseline medians (timings only)
   MetricRule rule;
   Verdict verdict = Verdict::unchanged;
   std::string reason; // one line: why this verdict
};

struct GroupComparison {
   std::string name; // "workload/plugin/seed:1"
   std::string plugin, workload;
   std::uint64_t seed = 0;
   std::size_t baseline_runs = 0, baseline_ok = 0, candidate_runs = 0, candidate_ok = 0;
   Verdict verdict = Verdict::unchanged; // the worst of its metrics
   std::string reason;                   // for a group-level verdict (missing, runs failing)
   std::vector<MetricComparison> metrics;
};

struct Comparison {
   std::vector<GroupComparison> groups;
   // Why the documents cannot be compared (environment, repetitions, nothing matched); empty
   // when they can. Overridden reasons are listed in `overridden` instead.
   std::vector<std::string> not_comparable;
   std::vector<std::string> overridden;
   GateSettings settings;

   bool has_regression() const;
   std::size_t count(Verdict verdict) const; // metrics with this verdict
};

Comparison compare_documents(const results::Document &baseline, const results::Document &candidate,
                             const GateSettings &settings);

} // namespace memfrag::reports::compare
