// Each format's rendering of the sample document, byte for byte. After an intended change of
// output, regenerate with MEMFRAG_UPDATE_GOLDEN=1 and review the diff of tests/reports/golden/.
#include "reports/compare/writers.hpp"
#include "reports/html_data.hpp"
#include "reports/reporter.hpp"
#include "tests/reports/timing_documents.hpp"
#include "tests/results/sample_document.hpp"

#include <cstdlib>
#include <fstream>
#include <gtest/gtest.h>
#include <sstream>
#include <string>

namespace memfrag::reports {
namespace {

std::string golden_path(const std::string &name) {
   return std::string(MEMFRAG_GOLDEN_DIR) + "/" + name;
}

bool updating_golden_files() {
   const char *update = std::getenv("MEMFRAG_UPDATE_GOLDEN");
   return update != nullptr && std::string(update) == "1";
}

void expect_matches_golden(const std::string &rendered, const std::string &name) {
   if (updating_golden_files()) {
      std::ofstream(golden_path(name), std::ios::binary) << rendered;
      GTEST_SKIP() << "rewrote " << golden_path(name);
   }
   std::ifstream golden(golden_path(name), std::ios::binary);
   ASSERT_TRUE(golden) << golden_path(name) << " is missing; run with MEMFRAG_UPDATE_GOLDEN=1";
   std::ostringstream expected;
   expected << golden.rdbuf();
   EXPECT_EQ(rendered, expected.str()) << "differs from " << golden_path(name)
                                       << "; if intended, regenerate with MEMFRAG_UPDATE_GOLDEN=1";
}

void expect_matches_golden(Format format, const std::string &name) {
   expect_matches_golden(render(testing::sample_document(), format), name);
}

// A baseline and a candidate that is slower and has one more fragmentation failure.
compare::Comparison sample_comparison() {
   const results::Document baseline = testing::timing_document({.seed = 1});
   results::Document candidate = testing::timing_document({.seed = 2, .slowdown = 1.4});
   testing::add_fragmentation_failures(candidate, "first-fit", 1);
   return compare::compare_documents(baseline, candidate, {});
}

void expect_matches_golden(compare::CompareFormat format, const std::string &name) {
   expect_matches_golden(compare::render_comparison(sample_comparison(), format), name);
}

TEST(Golden, Console) {
   expect_matches_golden(Format::console, "sample.txt");
}
TEST(Golden, Markdown) {
   expect_matches_golden(Format::markdown, "sample.md");
}
TEST(Golden, Csv) {
   expect_matches_golden(Format::csv, "sample.csv");
}
TEST(Golden, Json) {
   expect_matches_golden(Format::json, "sample.json");
}
TEST(Golden, GoogleBenchmarkJson) {
   expect_matches_golden(Format::gbench, "sample.gbench.json");
}
TEST(Golden, BencherMetricFormat) {
   expect_matches_golden(Format::bencher, "sample.bmf.json");
}
// The HTML page is the vendored library, the page script and this data: the data is what
// changes with the document.
TEST(Golden, HtmlReportData) {
   expect_matches_golden(html_report_data(testing::sample_document()).dump(1) + "\n",
                         "sample.html-data.json");
}
TEST(Golden, CompareConsole) {
   expect_matches_golden(compare::CompareFormat::console, "compare.txt");
}
TEST(Golden, CompareMarkdown) {
   expect_matches_golden(compare::CompareFormat::markdown, "compare.md");
}
TEST(Golden, CompareJunit) {
   expect_matches_golden(compare::CompareFormat::junit, "compare.junit.xml");
}
TEST(Golden, CompareJson) {
   expect_matches_golden(compare::CompareFormat::json, "compare.json");
}

} // namespace
} // namespace memfrag::reports
