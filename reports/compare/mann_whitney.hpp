// The Mann-Whitney U test (Wilcoxon rank-sum): do the values of one sample tend to be larger
// than those of another? No assumption about the distribution, which suits timings (skewed,
// with outliers) better than a t-test.
#pragma once

#include <vector>

namespace memfrag::reports::compare {

struct MannWhitney {
   double u = 0;         // pairs (x, y) with x > y, ties counting one half
   double p_greater = 1; // one-sided p-value of "x tends to be larger than y"
   double p_less = 1;    // one-sided p-value of "x tends to be smaller than y"
   bool exact = false;   // from the exact distribution rather than the normal approximation
};

// Exact distribution of U for small samples without ties (both sizes at most 20); otherwise the
// normal approximation with tie correction and continuity correction. Empty samples give p = 1.
MannWhitney mann_whitney(const std::vector<double> &x, const std::vector<double> &y);

} // namespace memfrag::reports::compare
