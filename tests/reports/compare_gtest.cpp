// memfrag compare's verdicts: crafted regressions are caught, pure noise is not called one,
// documents that cannot be compared are said to be so, and the gate file is read strictly.
#include "reports/compare/comparison.hpp"
#include "tests/reports/timing_documents.hpp"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>

namespace memfrag::reports::compare {
namespace {

using testing::timing_document;
using testing::TimingNoise;

const MetricComparison *find(const Comparison &comparison, const std::string &group,
                             const std::string &metric) {
   for (const GroupComparison &candidate : comparison.groups)
      if (candidate.name == group)
         for (const MetricComparison &entry : candidate.metrics)
            if (entry.key == metric)
               return &entry;
   return nullptr;
}

TEST(Compare, IdenticalDocumentsShowNoChange) {
   const results::Document document = timing_document({});
   const Comparison comparison = compare_documents(document, document, {});
   EXPECT_TRUE(comparison.not_comparable.empty());
   EXPECT_FALSE(comparison.has_regression());
   EXPECT_EQ(comparison.count(Verdict::regression), 0u);
   EXPECT_EQ(comparison.count(Verdict::improvement), 0u);
}

TEST(Compare, DeterministicMetricsCompareExactly) {
   const results::Document baseline = timing_document({});
   results::Document candidate = timing_document({});
   testing::add_fragmentation_failures(candidate, "first-fit", 1);
   const Comparison comparison = compare_documents(baseline, candidate, {});
   EXPECT_TRUE(comparison.has_regression());
   const MetricComparison *failures =
       find(comparison, "mixed-70/first-fit/seed:42", "fragmentation_failures");
   ASSERT_NE(failures, nullptr);
   EXPECT_EQ(failures->verdict, Verdict::regression);
   const MetricComparison *success = find(comparison, "mixed-70/first-fit/seed:42", "success_rate");
   ASSERT_NE(success, nullptr);
   EXPECT_EQ(success->verdict, Verdict::regression); // lower is worse for a success rate
   EXPECT_EQ(find(comparison, "mixed-70/buddy/seed:42", "fragmentation_failures")->verdict,
             Verdict::unchanged);
}

TEST(Compare, FewerFailuresAreAnImprovement) {
   results::Document baseline = timing_document({});
   testing::add_fragmentation_failures(baseline, "buddy", 10);
   const Comparison comparison = compare_documents(baseline, timing_document({}), {});
   EXPECT_FALSE(comparison.has_regression());
   EXPECT_EQ(find(comparison, "mixed-70/buddy/seed:42", "fragmentation_failures")->verdict,
             Verdict::improvement);
}

TEST(Compare, AThresholdToleratesSmallDeterministicChanges) {
   const results::Document baseline = timing_document({});
   results::Document candidate = timing_document({});
   testing::add_fragmentation_failures(candidate, "first-fit", 1);
   GateSettings settings;
   settings.rules["fragmentation_failures"].absolute = 5;
   settings.rules["failures"].absolute = 5;
   settings.rules["success_rate"].absolute = 1;
   EXPECT_FALSE(compare_documents(baseline, candidate, settings).has_regression());
}

TEST(Compare, ATimingRegressionBeyondTheNoiseIsCaught) {
   const results::Document baseline = timing_document({.seed = 1});
   const results::Document candidate = timing_document({.seed = 2, .slowdown = 1.5});
   const Comparison comparison = compare_documents(baseline, candidate, {});
   EXPECT_TRUE(comparison.has_regression());
   const MetricComparison *wall = find(comparison, "mixed-70/buddy/seed:42", "wall_time_ms");
   ASSERT_NE(wall, nullptr);
   EXPECT_EQ(wall->verdict, Verdict::regression) << wall->reason;
   ASSERT_TRUE(wall->ratio);
   EXPECT_LT(wall->ratio->lower, 1.5);
   EXPECT_GT(wall->ratio->upper, 1.5);
}

TEST(Compare, PureNoiseRaisesNoAlarmAtTheDefaultSettings) {
   for (std::uint64_t seed = 1; seed <= 40; ++seed) {
      const results::Document baseline = timing_document({.seed = 2 * seed});
      const results::Document candidate = timing_document({.seed = 2 * seed + 1});
      const Comparison comparison = compare_documents(baseline, candidate, {});
      EXPECT_TRUE(comparison.not_comparable.empty());
      EXPECT_EQ(comparison.count(Verdict::regression), 0u) << "seed " << seed;
      EXPECT_EQ(comparison.count(Verdict::improvement), 0u) << "seed " << seed;
   }
}

TEST(Compare, TooFewRepetitionsAreNotComparableUnlessAllowed) {
   const results::Document baseline = timing_document({.seed = 1, .repetitions = 3});
   const results::Document candidate =
       timing_document({.seed = 2, .repetitions = 3, .slowdown = 2.0});
   EXPECT_FALSE(compare_documents(baseline, candidate, {}).not_comparable.empty());
   GateSettings settings;
   settings.allow_few_repetitions = true;
   const Comparison allowed = compare_documents(baseline, candidate, settings);
   EXPECT_TRUE(allowed.not_comparable.empty());
   EXPECT_FALSE(allowed.overridden.empty());
   EXPECT_EQ(find(allowed, "mixed-70/buddy/seed:42", "wall_time_ms")->verdict,
             Verdict::inconclusive);
}

TEST(Compare, ADifferentEnvironmentIsNotComparableUnlessAllowed) {
   const results::Document baseline = timing_document({});
   results::Document candidate = timing_document({});
   candidate.environment["cpu_model"] = "Other CPU";
   const Comparison comparison = compare_documents(baseline, candidate, {});
   ASSERT_EQ(comparison.not_comparable.size(), 1u);
   EXPECT_NE(comparison.not_comparable.front().find("cpu_model"), std::string::npos);
   GateSettings settings;
   settings.allow_environment_mismatch = true;
   EXPECT_TRUE(compare_documents(baseline, candidate, settings).not_comparable.empty());
}

TEST(Compare, RunsAreMatchedByPluginParameters) {
   const results::Document baseline = timing_document({});
   results::Document candidate = timing_document({});
   candidate.plugins[0].params["max_order"] = std::int64_t{11};
   const Comparison comparison = compare_documents(baseline, candidate, {});
   std::size_t only_baseline = 0, only_candidate = 0;
   for (const GroupComparison &group : comparison.groups) {
      only_baseline += group.verdict == Verdict::baseline_only;
      only_candidate += group.verdict == Verdict::candidate_only;
   }
   EXPECT_EQ(only_baseline, 2u); // buddy on both workloads
   EXPECT_EQ(only_candidate, 2u);
}

TEST(Compare, ACandidateWhoseRunsFailIsARegression) {
   const results::Document baseline = timing_document({});
   results::Document candidate = timing_document({});
   candidate.runs[0].status = results::RunStatus::crashed;
   EXPECT_TRUE(compare_documents(baseline, candidate, {}).has_regression());
}

class GateFile : public ::testing::Test {
 protected:
   std::filesystem::path write(const std::string &text) {
      const auto path = std::filesystem::path(::testing::TempDir()) / "memfrag-gate.toml";
      std::ofstream(path) << text;
      return path;
   }
};

TEST_F(GateFile, ReadsSettingsAndRules) {
   GateSettings settings;
   read_gate_file(write("alpha = 0.05\nmin_repetitions = 3\ntiming_threshold = 10\n"
                        "[metrics.wall_time_ms]\nignore = true\n"
                        "[metrics.unusable_index_order_3]\nabsolute = 0.01\n"),
                  settings);
   EXPECT_DOUBLE_EQ(settings.alpha, 0.05);
   EXPECT_EQ(settings.min_repetitions, 3u);
   EXPECT_DOUBLE_EQ(settings.timing_threshold_percent, 10);
   EXPECT_TRUE(settings.rules.at("wall_time_ms").ignore);
   EXPECT_DOUBLE_EQ(*settings.rules.at("unusable_index_order_3").absolute, 0.01);
}

TEST_F(GateFile, RefusesUnknownKeys) {
   GateSettings settings;
   EXPECT_THROW(read_gate_file(write("alpah = 0.05\n"), settings), GateError);
   EXPECT_THROW(read_gate_file(write("[metrics.wall_time_ms]\nthreshhold = 3\n"), settings),
                GateError);
   EXPECT_THROW(read_gate_file(write("alpha = 2\n"), settings), GateError);
}

TEST(GateFlags, ThresholdFlagSetsARule) {
   GateSettings settings;
   apply_threshold_flag("alloc_p99_ns=12.5", settings);
   EXPECT_DOUBLE_EQ(*settings.rules.at("alloc_p99_ns").threshold_percent, 12.5);
   EXPECT_THROW(apply_threshold_flag("alloc_p99_ns", settings), GateError);
   EXPECT_THROW(apply_threshold_flag("alloc_p99_ns=x", settings), GateError);
}

} // namespace
} // namespace memfrag::reports::compare
