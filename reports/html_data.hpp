// What the HTML report's page script draws, computed here so that the page shows the same
// medians, best values and better directions as the console and Markdown tables.
#pragma once

#include "core/results/model.hpp"

#include <nlohmann/json.hpp>

namespace memfrag::reports {

// {"document": the results JSON, "workloads": [per workload: "summary" (the comparison table),
// "plugins" (per plugin: the representative run's index into runs, request counts per order,
// latencies over all orders and ok runs, median workload figures and plugin statistics)]}.
// Layout: docs/reports.md.
nlohmann::json html_report_data(const results::Document &document);

} // namespace memfrag::reports
