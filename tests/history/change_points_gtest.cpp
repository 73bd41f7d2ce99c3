// Change points by lookback z-score: noise within the history is not flagged, a jump is, in
// the direction the metric's better direction makes it.
#include "history/change_points.hpp"

#include <gtest/gtest.h>

namespace memfrag::history {
namespace {

TEST(ChangePoints, NoiseIsNotFlagged) {
   const std::vector<double> values{100, 102, 98, 101, 99, 103, 97, 100, 102, 98};
   for (const ChangeJudgement &judgement : judge_changes(values, false, {}))
      EXPECT_NE(judgement.change, Change::regression);
}

TEST(ChangePoints, AJumpIsFlaggedInItsDirection) {
   const std::vector<double> values{100, 102, 98, 101, 99, 150};
   const auto judgements = judge_changes(values, false, {});
   EXPECT_EQ(judgements.back().change, Change::regression);
   EXPECT_GT(*judgements.back().z, 5.0);
   EXPECT_EQ(judge_changes(values, true, {}).back().change, Change::improvement);
}

TEST(ChangePoints, ADeterministicMetricChangesWhenItsValueDoes) {
   const auto judgements = judge_changes({7, 7, 7, 7, 8}, false, {});
   EXPECT_EQ(judgements[3].change, Change::none);
   EXPECT_EQ(judgements[4].change, Change::regression);
}

TEST(ChangePoints, ShortHistoryIsNotJudged) {
   const auto judgements = judge_changes({1, 100}, false, {});
   EXPECT_EQ(judgements[1].change, Change::not_enough_history);
}

TEST(ChangePoints, OnlyTheLookbackCounts) {
   // An old, noisy era followed by a long quiet one: the jump is judged against the quiet one.
   std::vector<double> values{10, 200, 30, 180};
   for (int i = 0; i < 10; ++i)
      values.push_back(100 + (i % 2));
   values.push_back(110);
   ChangePointSettings settings;
   settings.lookback = 8;
   EXPECT_EQ(judge_changes(values, false, settings).back().change, Change::regression);
}

} // namespace
} // namespace memfrag::history
