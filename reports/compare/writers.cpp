#include "reports/compare/writers.hpp"

#include <array>
#include <cstdio>
#include <utility>

namespace memfrag::reports::compare {
namespace {

constexpr std::array<std::pair<std::string_view, CompareFormat>, 5> kNames{{
    {"console", CompareFormat::console},
    {"md", CompareFormat::markdown},
    {"markdown", CompareFormat::markdown},
    {"junit", CompareFormat::junit},
    {"json", CompareFormat::json},
}};

std::string value_text(const std::optional<double> &value, int decimals) {
   if (!value)
      return "-";
   char text[48];
   std::snprintf(text, sizeof text, "%.*f", decimals, *value);
   return text;
}

std::string plural(std::size_t count, const char *word) {
   return std::to_string(count) + " " + word + (count == 1 ? "" : "s");
}

} // namespace

std::optional<CompareFormat> compare_format_from_name(std::string_view name) {
   for (const auto &[known, format] : kNames)
      if (name == known)
         return format;
   return std::nullopt;
}

std::string render_comparison(const Comparison &comparison, CompareFormat format) {
   switch (format) {
   case CompareFormat::console:
      return render_comparison_console(comparison);
   case CompareFormat::markdown:
      return render_comparison_markdown(comparison);
   case CompareFormat::junit:
      return render_comparison_junit(comparison);
   case CompareFormat::json:
      return render_comparison_json(comparison);
   }
   return {};
}

std::string change_text(const MetricComparison &metric) {
   std::string text = value_text(metric.baseline_median, metric.metric.decimals) + " → " +
                      value_text(metric.candidate_median, metric.metric.decimals);
   if (metric.change_percent) {
      char percent[32];
      std::snprintf(percent, sizeof percent, " (%+.1f%%)", *metric.change_percent);
      text += percent;
   }
   return text;
}

std::string verdict_counts_text(const Comparison &comparison) {
   return plural(comparison.count(Verdict::regression), "regression") + ", " +
          plural(comparison.count(Verdict::improvement), "improvement") + ", " +
          std::to_string(comparison.count(Verdict::unchanged)) + " unchanged, " +
          std::to_string(comparison.count(Verdict::inconclusive)) + " inconclusive";
}

std::string outcome_text(const Comparison &comparison) {
   if (!comparison.not_comparable.empty())
      return "not comparable: " + comparison.not_comparable.front();
   return comparison.has_regression() ? "regression" : "no regression";
}

} // namespace memfrag::reports::compare
