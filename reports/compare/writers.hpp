// Writers of a comparison: console, Markdown (pull-request comments, CI job summaries), JUnit
// XML (CI test views) and JSON. Each only turns the comparison into bytes; one file per format.
#pragma once

#include "reports/compare/comparison.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace memfrag::reports::compare {

enum class CompareFormat { console, markdown, junit, json };

// "console", "md" / "markdown", "junit", "json".
std::optional<CompareFormat> compare_format_from_name(std::string_view name);

std::string render_comparison(const Comparison &comparison, CompareFormat format);

std::string render_comparison_console(const Comparison &comparison);
std::string render_comparison_markdown(const Comparison &comparison);
std::string render_comparison_junit(const Comparison &comparison);
std::string render_comparison_json(const Comparison &comparison);

// Shared wording: "1.234 → 1.300 (+5.3%)", "-" for a missing side.
std::string change_text(const MetricComparison &metric);
// "2 regressions, 1 improvement, 40 unchanged, 0 inconclusive".
std::string verdict_counts_text(const Comparison &comparison);
// The line that ends every format: "regression", "no regression", "not comparable: ...".
std::string outcome_text(const Comparison &comparison);

} // namespace memfrag::reports::compare
