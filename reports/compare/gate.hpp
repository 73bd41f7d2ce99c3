// The regression gate of `memfrag compare`: how much worse a metric may get before it counts as
// a regression, and how sure the statistics must be. Read from a TOML gate file, overridden by
// command-line flags. Format: docs/reports.md.
#pragma once

#include "reports/compare/bootstrap.hpp"
#include "reports/summary.hpp"

#include <filesystem>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>

namespace memfrag::reports::compare {

// A gate file or flag that cannot be used; what() names the file, key and why.
class GateError : public std::runtime_error {
 public:
   using std::runtime_error::runtime_error;
};

// How far a metric may move in its worse direction: relative (percent of the baseline) unless
// `absolute` is set (in the metric's unit). `ignore` leaves it out of the verdict.
struct MetricRule {
   std::optional<double> threshold_percent;
   std::optional<double> absolute;
   bool ignore = false;
};

struct GateSettings {
   double alpha = 0.01;                        // one-sided Mann-Whitney significance level
   std::uint32_t min_repetitions = 5;          // per side, for timing metrics
   double timing_threshold_percent = 10;       // latency, wall time
   double deterministic_threshold_percent = 0; // counts, indices: compared exactly by default
   BootstrapSettings bootstrap;
   // By metric key ("unusable_index_order_3") or name ("unusable_index", every order).
   std::map<std::string, MetricRule> rules;
   bool allow_environment_mismatch = false;
   bool allow_few_repetitions = false;
};

// The rule for `metric`: its key's, else its name's, else the default for its kind.
MetricRule rule_for(const GateSettings &settings, const Metric &metric);

// Reads a gate file over `settings`: top-level alpha, confidence, min_repetitions,
// bootstrap_resamples, seed, timing_threshold, deterministic_threshold, and [metrics.<name>]
// tables with threshold, absolute, ignore. Unknown keys are refused.
void read_gate_file(const std::filesystem::path &path, GateSettings &settings);

// "NAME=PERCENT" from the command line, as [metrics.NAME] threshold = PERCENT.
void apply_threshold_flag(const std::string &flag, GateSettings &settings);

} // namespace memfrag::reports::compare
