#include "reports/reporter.hpp"
#include "reports/summary.hpp"
#include "reports/table_text.hpp"

#include <string>

namespace memfrag::reports {
namespace {

// Text inside a table cell: a '|' would end the cell and a newline the row.
std::string cell_escaped(const std::string &text) {
   std::string escaped;
   for (char c : text) {
      if (c == '|')
         escaped += "\\|";
      else if (c == '\n' || c == '\r')
         escaped += ' ';
      else
         escaped += c;
   }
   return escaped;
}

std::string code(const std::string &text) {
   return "`" + text + "`";
}

std::string table_line(const std::vector<std::string> &cells) {
   std::string line = "|";
   for (const std::string &cell : cells)
      line += " " + cell + " |";
   return line + "\n";
}

std::string table_head(const WorkloadComparison &comparison) {
   std::vector<std::string> header{"metric", "better"};
   std::vector<std::string> alignment{"---", ":---:"};
   std::vector<std::string> runs_ok{"runs ok", ""};
   for (const PluginColumn &column : comparison.columns) {
      header.push_back(code(cell_escaped(column.plugin)));
      alignment.push_back("---:");
      runs_ok.push_back(runs_ok_text(column));
   }
   return table_line(header) + table_line(alignment) + table_line(runs_ok);
}

std::string metric_line(const WorkloadComparison &comparison, const Metric &metric) {
   std::vector<std::string> cells{cell_escaped(row_label(metric)), better_arrow(metric.better)};
   for (const PluginColumn &column : comparison.columns) {
      const std::string text = cell_escaped(cell_text(column, metric));
      cells.push_back(is_best(comparison, column, metric) ? "**" + text + "**" : text);
   }
   return table_line(cells);
}

std::string problem_list(const WorkloadComparison &comparison) {
   std::string text = "\nRuns that did not finish ok:\n\n";
   for (const results::RunResult *run : comparison.problem_runs)
      text += "- " + code(run->plugin) + ", repetition " + std::to_string(run->repetition) +
              ", seed " + std::to_string(run->seed) + ": **" + run_status_name(run->status) +
              "**: " + cell_escaped(problem_description(*run)) + "\n";
   return text;
}

std::string workload_section(const WorkloadComparison &comparison) {
   std::string text = "\n## Workload " + code(comparison.workload) + "\n\n";
   if (comparison.columns.empty())
      return text + "No plugins.\n";
   text += table_head(comparison);
   for (const Metric &metric : comparison.rows)
      text += metric_line(comparison, metric);
   if (!comparison.problem_runs.empty())
      text += problem_list(comparison);
   return text;
}

std::string heading(const results::Document &document) {
   std::string text = "# memfrag results\n\nmemfrag " + document.memfrag_version + ": " +
                      std::to_string(document.plugins.size()) + " plugins, " +
                      std::to_string(document.workloads.size()) + " workloads, " +
                      std::to_string(document.runs.size()) + " runs.";
   if (!document.complete)
      text += " **Incomplete**: interrupted before every run finished.";
   return text + " Values are medians over the runs that finished ok; the best is in bold.\n";
}

} // namespace

std::string render_markdown(const results::Document &document) {
   std::string text = heading(document);
   for (const WorkloadComparison &comparison : compare_by_workload(document))
      text += workload_section(comparison);
   return text;
}

} // namespace memfrag::reports
