#include "reports/reporter.hpp"
#include "tests/results/sample_document.hpp"

#include <gtest/gtest.h>
#include <string>
#include <vector>

namespace memfrag::reports {
namespace {

using Record = std::vector<std::string>;

// A strict RFC 4180 reader: CRLF line ends, quoted fields with doubled quotes.
std::vector<Record> parse_csv(const std::string &text) {
   std::vector<Record> records;
   Record record;
   std::string field;
   bool quoted = false;
   for (std::size_t i = 0; i < text.size(); ++i) {
      const char c = text[i];
      if (quoted && c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
         field += '"';
         ++i;
      } else if (c == '"') {
         quoted = !quoted;
      } else if (!quoted && c == ',') {
         record.push_back(std::move(field));
         field.clear();
      } else if (!quoted && c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
         record.push_back(std::move(field));
         field.clear();
         records.push_back(std::move(record));
         record.clear();
         ++i;
      } else {
         field += c;
      }
   }
   EXPECT_FALSE(quoted) << "unterminated quoted field";
   EXPECT_TRUE(record.empty() && field.empty()) << "last line does not end with CRLF";
   return records;
}

TEST(Csv, EveryRecordHasTheNineColumns) {
   const std::vector<Record> records = parse_csv(render_csv(testing::sample_document()));
   ASSERT_GT(records.size(), 1u);
   EXPECT_EQ(records[0], (Record{"plugin", "workload", "repetition", "seed", "status", "metric",
                                 "order", "class", "value"}));
   for (const Record &record : records)
      EXPECT_EQ(record.size(), 9u);
}

TEST(Csv, RunsWithoutFiguresStillAppear) {
   const std::vector<Record> records = parse_csv(render_csv(testing::sample_document()));
   std::size_t crashed = 0;
   for (const Record &record : records) {
      if (record[4] == "crashed") {
         ++crashed;
         EXPECT_EQ(record[5], "");
         EXPECT_EQ(record[8], "");
      }
   }
   EXPECT_EQ(crashed, 1u);
}

TEST(Csv, ValuesReadBack) {
   const std::vector<Record> records = parse_csv(render_csv(testing::sample_document()));
   bool found = false;
   for (const Record &record : records) {
      if (record[0] == "buddy" && record[1] == "mixed-70" && record[2] == "0" &&
          record[5] == "requests" && record[6] == "3" && record[7] == "atomic") {
         EXPECT_EQ(record[8], "400");
         found = true;
      }
   }
   EXPECT_TRUE(found);
}

TEST(Csv, QuotesFieldsWithCommasQuotesAndLineBreaks) {
   results::Document document = testing::sample_document();
   const std::string awkward = "vendor, \"fast\"\nedition";
   for (results::RunResult &run : document.runs)
      if (run.plugin == "first-fit")
         run.plugin = awkward;
   const std::vector<Record> records = parse_csv(render_csv(document));
   std::size_t awkward_rows = 0;
   for (const Record &record : records) {
      ASSERT_EQ(record.size(), 9u);
      awkward_rows += record[0] == awkward ? 1 : 0;
   }
   EXPECT_GT(awkward_rows, 0u);
}

} // namespace
} // namespace memfrag::reports
