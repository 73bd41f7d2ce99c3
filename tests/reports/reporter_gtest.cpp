#include "core/results/json.hpp"
#include "reports/reporter.hpp"
#include "reports/summary.hpp"
#include "tests/results/sample_document.hpp"

#include <gtest/gtest.h>

namespace memfrag::reports {
namespace {

TEST(Reporter, FormatsByNameAndExtension) {
   EXPECT_EQ(format_from_name("csv"), Format::csv);
   EXPECT_EQ(format_from_name("md"), Format::markdown);
   EXPECT_EQ(format_from_name("console"), Format::console);
   EXPECT_FALSE(format_from_name("pdf").has_value());
   EXPECT_EQ(format_from_path("out/results.json"), Format::json);
   EXPECT_EQ(format_from_path("report.markdown"), Format::markdown);
   EXPECT_FALSE(format_from_path("results").has_value());
   for (Format format : {Format::console, Format::json, Format::csv, Format::markdown,
                         Format::html, Format::gbench, Format::bencher})
      EXPECT_EQ(format_from_name(format_name(format)), format);
}

TEST(Reporter, JsonReportReadsBack) {
   const results::Document document = testing::sample_document();
   const std::string text = render(document, Format::json);
   EXPECT_EQ(render(results::document_from_text(text), Format::json), text);
}

TEST(Reporter, EmptyDocumentRendersInEveryFormat) {
   for (Format format : {Format::console, Format::json, Format::csv, Format::markdown})
      EXPECT_FALSE(render(results::Document{}, format).empty());
}

// Medians over the two ok repetitions of buddy on mixed-70 (spreads 0 and 2): fragmentation
// failures (90 + s) + (15 + s) + (10 + s) at orders 3, 3 atomic and 9: 115 and 121, median 118.
TEST(Summary, MediansOverOkRepetitions) {
   const auto comparisons = compare_by_workload(testing::sample_document());
   ASSERT_EQ(comparisons.size(), 2u);
   const WorkloadComparison &mixed = comparisons[0];
   ASSERT_EQ(mixed.columns.size(), 3u);
   const PluginColumn &buddy = mixed.columns[0];
   EXPECT_EQ(buddy.ok_runs, 2u);
   Metric fragmentation_failures;
   fragmentation_failures.name = "fragmentation_failures";
   EXPECT_EQ(cell_value(buddy, fragmentation_failures), 118.0);
   EXPECT_EQ(mixed.columns[2].ok_runs, 0u);
   EXPECT_EQ(mixed.columns[2].placeholder, "crashed");
   EXPECT_EQ(mixed.problem_runs.size(), 3u);
}

TEST(Summary, HeadlineOrdersStopAtMaxOrder) {
   EXPECT_EQ(headline_orders(10), (std::vector<std::uint32_t>{1, 3, 9}));
   EXPECT_EQ(headline_orders(4), (std::vector<std::uint32_t>{1, 3}));
   EXPECT_TRUE(headline_orders(0).empty());
}

const Metric *metric_named(const std::vector<Metric> &metrics, const std::string &name) {
   for (const Metric &metric : metrics)
      if (metric.name == name)
         return &metric;
   return nullptr;
}

// NIC runs get rows for their drops and the latencies the harness timed; other runs do not.
TEST(Summary, NicFiguresAndWorkloadLatenciesHaveRowsWhereRunsHaveThem) {
   results::RunResult run = testing::sample_document().runs.front();
   EXPECT_EQ(metric_named(headline_metrics(run), "nic_drop_pct"), nullptr);
   EXPECT_EQ(metric_named(headline_metrics(run), "nic_refill_p99_ns"), nullptr);
   run.counts.workload_figures.emplace_back("drop_pct", 12.5);
   run.counts.workload_figures.emplace_back("drops_alloc_failed", 250.0);
   run.timing.latencies["nic_refill"] =
       results::LatencySummary{2, 40, 40, 50, 50, 50, 50, 45.0, {{40, 1}, {50, 1}}};
   const std::vector<Metric> metrics = headline_metrics(run);
   const Metric *drops = metric_named(metrics, "nic_drop_pct");
   ASSERT_NE(drops, nullptr);
   EXPECT_EQ(drops->value, 12.5);
   EXPECT_EQ(drops->better, Better::lower);
   EXPECT_TRUE(drops->deterministic);
   ASSERT_NE(metric_named(metrics, "nic_drops_alloc_failed"), nullptr);
   const Metric *refill = metric_named(metrics, "nic_refill_p99_ns");
   ASSERT_NE(refill, nullptr);
   EXPECT_EQ(refill->value, 50.0);
   EXPECT_EQ(refill->label, "nic refill p99");
   EXPECT_FALSE(refill->deterministic);
   results::Document document = testing::sample_document();
   document.runs.front() = run;
   EXPECT_NE(render(document, Format::console).find("NIC frames dropped"), std::string::npos);
}

TEST(Summary, BestRespectsDirection) {
   WorkloadComparison comparison;
   Metric row;
   row.name = "wall_time_ms";
   row.better = Better::lower;
   for (double value : {3.0, 1.0, 2.0}) {
      PluginColumn column;
      column.ok_runs = 1;
      Metric cell = row;
      cell.value = value;
      column.medians = {cell};
      comparison.columns.push_back(column);
   }
   EXPECT_TRUE(is_best(comparison, comparison.columns[1], row));
   EXPECT_FALSE(is_best(comparison, comparison.columns[0], row));
   row.better = Better::higher;
   EXPECT_TRUE(is_best(comparison, comparison.columns[0], row));
}

} // namespace
} // namespace memfrag::reports
