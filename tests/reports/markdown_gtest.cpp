#include "reports/reporter.hpp"
#include "tests/results/sample_document.hpp"

#include <gtest/gtest.h>
#include <sstream>
#include <string>
#include <vector>

namespace memfrag::reports {
namespace {

// Cells of a Markdown table line: '|' separators that are not escaped.
std::size_t cell_count(const std::string &line) {
   std::size_t separators = 0;
   for (std::size_t i = 0; i < line.size(); ++i)
      if (line[i] == '|' && (i == 0 || line[i - 1] != '\\'))
         ++separators;
   return separators - 1;
}

// Groups consecutive lines starting with '|' into tables.
std::vector<std::vector<std::string>> tables_of(const std::string &markdown) {
   std::vector<std::vector<std::string>> tables;
   std::istringstream lines(markdown);
   bool in_table = false;
   for (std::string line; std::getline(lines, line);) {
      const bool table_line = !line.empty() && line.front() == '|';
      if (table_line && !in_table)
         tables.emplace_back();
      if (table_line)
         tables.back().push_back(line);
      in_table = table_line;
   }
   return tables;
}

TEST(Markdown, TablesAreWellFormed) {
   results::Document document = testing::sample_document();
   document.runs[0].message = "a | b"; // not shown in a table, but escaped where it would be
   const auto tables = tables_of(render_markdown(document));
   ASSERT_EQ(tables.size(), 2u); // one per workload
   for (const auto &table : tables) {
      ASSERT_GE(table.size(), 3u);
      const std::size_t columns = cell_count(table[0]);
      EXPECT_EQ(columns, 2u + document.plugins.size());
      EXPECT_EQ(table[1], "| --- | :---: | ---: | ---: | ---: |");
      for (const std::string &line : table) {
         EXPECT_EQ(cell_count(line), columns) << line;
         EXPECT_EQ(line.back(), '|') << line;
      }
   }
}

TEST(Markdown, BestValuesAreBoldAndFailedRunsListed) {
   const std::string markdown = render_markdown(testing::sample_document());
   EXPECT_NE(markdown.find("**"), std::string::npos);
   EXPECT_NE(markdown.find("- `vendor-x`, repetition 0, seed 42: **crashed**: killed by signal 11"),
             std::string::npos);
   EXPECT_NE(markdown.find("| crashed |"), std::string::npos);
}

} // namespace
} // namespace memfrag::reports
