// The statistics behind memfrag compare: Mann-Whitney U against values known from its exact
// distribution and its normal approximation, the bootstrap interval's behaviour.
#include "reports/compare/bootstrap.hpp"
#include "reports/compare/mann_whitney.hpp"

#include <gtest/gtest.h>

namespace memfrag::reports::compare {
namespace {

TEST(MannWhitney, ExactForSmallSamplesWithoutTies) {
   const MannWhitney test = mann_whitney({1, 2, 3}, {4, 5, 6});
   EXPECT_TRUE(test.exact);
   EXPECT_DOUBLE_EQ(test.u, 0);
   EXPECT_DOUBLE_EQ(test.p_less, 1.0 / 20); // one arrangement of C(6,3) = 20
   EXPECT_DOUBLE_EQ(test.p_greater, 1.0);
}

TEST(MannWhitney, CompleteSeparationOfFiveAgainstFive) {
   const MannWhitney test = mann_whitney({10, 11, 12, 13, 14}, {1, 2, 3, 4, 5});
   EXPECT_DOUBLE_EQ(test.u, 25);
   EXPECT_DOUBLE_EQ(test.p_greater, 1.0 / 252);
}

TEST(MannWhitney, ExactDistributionIsSymmetric) {
   const MannWhitney test = mann_whitney({1, 4, 6, 7}, {2, 3, 5, 8});
   const MannWhitney swapped = mann_whitney({2, 3, 5, 8}, {1, 4, 6, 7});
   EXPECT_DOUBLE_EQ(test.p_greater, swapped.p_less);
   EXPECT_DOUBLE_EQ(test.p_less, swapped.p_greater);
}

TEST(MannWhitney, NormalApproximationForLargeSamples) {
   std::vector<double> x, y; // 22 odd values against the same shifted by 11: no ties
   for (int i = 0; i < 22; ++i) {
      x.push_back(2 * i + 1);
      y.push_back(2 * i + 12);
   }
   const MannWhitney test = mann_whitney(x, y);
   EXPECT_FALSE(test.exact);
   EXPECT_DOUBLE_EQ(test.u, 136);
   EXPECT_NEAR(test.p_less, 0.0066364, 1e-7); // z = 2.4777, continuity corrected
}

TEST(MannWhitney, TiesUseTheNormalApproximationWithTieCorrection) {
   std::vector<double> x{1, 2, 2, 3, 3, 3};
   for (int i = 4; i <= 20; ++i)
      x.push_back(i);
   std::vector<double> y;
   for (double value : x)
      y.push_back(value + 3);
   const MannWhitney test = mann_whitney(x, y);
   EXPECT_FALSE(test.exact);
   EXPECT_DOUBLE_EQ(test.u, 189);
   EXPECT_NEAR(test.p_less, 0.049531, 1e-6);
}

TEST(MannWhitney, IdenticalValuesShowNothing) {
   const MannWhitney test = mann_whitney({5, 5, 5}, {5, 5, 5});
   EXPECT_DOUBLE_EQ(test.p_greater, 1.0);
   EXPECT_DOUBLE_EQ(test.p_less, 1.0);
}

TEST(Bootstrap, SameSeedSameInterval) {
   const std::vector<double> base{100, 104, 98, 101, 99}, candidate{120, 118, 125, 119, 121};
   const auto first = median_ratio_interval(base, candidate, {});
   const auto second = median_ratio_interval(base, candidate, {});
   ASSERT_TRUE(first && second);
   EXPECT_EQ(first->lower, second->lower);
   EXPECT_EQ(first->upper, second->upper);
   EXPECT_GT(first->lower, 1.1);
   EXPECT_LT(first->upper, 1.3);
}

TEST(Bootstrap, ConstantSamplesGiveTheirRatio) {
   const auto interval = median_ratio_interval({50, 50, 50}, {100, 100, 100}, {});
   ASSERT_TRUE(interval);
   EXPECT_DOUBLE_EQ(interval->lower, 2.0);
   EXPECT_DOUBLE_EQ(interval->upper, 2.0);
}

TEST(Bootstrap, NoRatioWithoutAPositiveBaseline) {
   EXPECT_FALSE(median_ratio_interval({0, 0, 0}, {1, 2, 3}, {}));
   EXPECT_FALSE(median_ratio_interval({}, {1, 2, 3}, {}));
}

} // namespace
} // namespace memfrag::reports::compare
