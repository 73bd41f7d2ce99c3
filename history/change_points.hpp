// Change points in a metric's history: each value against the ones just before it, by a
// lookback z-score, as conbench does it. A deterministic metric (no spread in its history)
// changes when its value differs at all.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace memfrag::history {

struct ChangePointSettings {
   std::size_t lookback = 10;   // values before the current one that form its reference
   std::size_t min_history = 3; // fewer values before it: no judgement
   double z_threshold = 5.0;    // |z| above this is a change
};

enum class Change { none, regression, improvement, not_enough_history };
const char *change_name(Change change);

struct ChangeJudgement {
   std::optional<double> z; // (value - mean) / standard deviation of the lookback values
   Change change = Change::none;
};

// One judgement per value, oldest first; `higher_is_better` says which direction is worse.
std::vector<ChangeJudgement> judge_changes(const std::vector<double> &values, bool higher_is_better,
                                           const ChangePointSettings &settings);

} // namespace memfrag::history
