#include "reports/table_text.hpp"

namespace memfrag::reports {

std::string row_label(const Metric &row) {
   std::string label = row.label;
   if (row.order)
      label += " (order " + std::to_string(*row.order) + ")";
   if (!row.unit.empty())
      label += ", " + row.unit;
   return label;
}

const char *better_arrow(Better better) {
   return better == Better::higher ? "↑" : "↓";
}

std::string cell_text(const PluginColumn &column, const Metric &row) {
   if (column.ok_runs == 0)
      return column.placeholder;
   Metric cell = row;
   cell.value = cell_value(column, row);
   return format_metric_value(cell);
}

std::string runs_ok_text(const PluginColumn &column) {
   return std::to_string(column.ok_runs) + "/" + std::to_string(column.runs);
}

std::string run_title(const results::RunResult &run) {
   return run.plugin + ", repetition " + std::to_string(run.repetition) + ", seed " +
          std::to_string(run.seed);
}

} // namespace memfrag::reports
