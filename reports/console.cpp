#include "reports/reporter.hpp"
#include "reports/summary.hpp"
#include "reports/table_text.hpp"

#include <algorithm>
#include <string>
#include <vector>

namespace memfrag::reports {
namespace {

// Columns are aligned by what the terminal shows: UTF-8 continuation bytes take no space.
std::size_t display_width(const std::string &text) {
   return static_cast<std::size_t>(
       std::count_if(text.begin(), text.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

std::string padded(const std::string &text, std::size_t width, bool align_right) {
   const std::string padding(width - std::min(width, display_width(text)), ' ');
   return align_right ? padding + text : text + padding;
}

using Row = std::vector<std::string>;

// Label, arrow, then one cell per plugin; the best value carries a '*', others a space so the
// digits stay aligned.
Row metric_row(const WorkloadComparison &comparison, const Metric &metric) {
   Row row{row_label(metric), better_arrow(metric.better)};
   for (const PluginColumn &column : comparison.columns)
      row.push_back(cell_text(column, metric) + (is_best(comparison, column, metric) ? "*" : " "));
   return row;
}

std::vector<Row> table_rows(const WorkloadComparison &comparison) {
   Row header{"metric", ""};
   Row runs_ok{"runs ok", ""};
   for (const PluginColumn &column : comparison.columns) {
      header.push_back(column.plugin + " ");
      runs_ok.push_back(runs_ok_text(column) + " ");
   }
   std::vector<Row> rows{header, runs_ok};
   for (const Metric &metric : comparison.rows)
      rows.push_back(metric_row(comparison, metric));
   return rows;
}

std::string aligned_table(const std::vector<Row> &rows) {
   std::vector<std::size_t> widths(rows.front().size(), 0);
   for (const Row &row : rows)
      for (std::size_t i = 0; i < row.size(); ++i)
         widths[i] = std::max(widths[i], display_width(row[i]));
   std::string text;
   for (const Row &row : rows) {
      std::string line = "  " + padded(row[0], widths[0], false);
      for (std::size_t i = 1; i < row.size(); ++i)
         line += "  " + padded(row[i], widths[i], i > 1);
      text += line.substr(0, line.find_last_not_of(' ') + 1) + "\n";
   }
   return text;
}

std::string problem_lines(const WorkloadComparison &comparison) {
   std::string text;
   for (const results::RunResult *run : comparison.problem_runs)
      text += "  " + run_title(*run) + ": " + run_status_name(run->status) + ": " +
              problem_description(*run) + "\n";
   return text;
}

std::string workload_section(const WorkloadComparison &comparison) {
   std::string text = "\nworkload " + comparison.workload + "\n";
   if (comparison.columns.empty())
      return text + "  no plugins\n";
   text += aligned_table(table_rows(comparison));
   if (!comparison.problem_runs.empty())
      text += "\n" + problem_lines(comparison);
   return text;
}

std::string heading(const results::Document &document) {
   std::string text = "memfrag " + document.memfrag_version + ": " +
                      std::to_string(document.plugins.size()) + " plugins, " +
                      std::to_string(document.workloads.size()) + " workloads, " +
                      std::to_string(document.runs.size()) + " runs\n";
   if (!document.complete)
      text += "incomplete: interrupted before every run finished\n";
   return text;
}

} // namespace

std::string render_console(const results::Document &document) {
   std::string text = heading(document);
   for (const WorkloadComparison &comparison : compare_by_workload(document))
      text += workload_section(comparison);
   text += "\n* best; ↑ higher is better, ↓ lower is better; medians over the runs that "
           "finished ok\n";
   return text;
}

} // namespace memfrag::reports
