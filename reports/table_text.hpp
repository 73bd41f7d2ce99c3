// Text shared by the table reporters (console, Markdown): row labels, arrows, cell values.
#pragma once

#include "reports/summary.hpp"

#include <string>

namespace memfrag::reports {

// "success rate (%)", "unusable index, end (order 3)".
std::string row_label(const Metric &row);

// "↑" when higher is better, "↓" when lower is.
const char *better_arrow(Better better);

// The cell of `row` in `column`: the formatted median, "-" without a value, or the column's
// placeholder (a status) when the plugin has no run that finished ok.
std::string cell_text(const PluginColumn &column, const Metric &row);

// "2/2": runs that finished ok out of the runs of the column.
std::string runs_ok_text(const PluginColumn &column);

// "first-fit, repetition 1, seed 42".
std::string run_title(const results::RunResult &run);

} // namespace memfrag::reports
