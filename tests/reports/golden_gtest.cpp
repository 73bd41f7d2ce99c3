// Each format's rendering of the sample document, byte for byte. After an intended change of
// output, regenerate with MEMFRAG_UPDATE_GOLDEN=1 and review the diff of tests/reports/golden/.
#include "reports/reporter.hpp"
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

void expect_matches_golden(Format format, const std::string &name) {
   const std::string rendered = render(testing::sample_document(), format);
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

} // namespace
} // namespace memfrag::reports
