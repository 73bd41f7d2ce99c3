#include "reports/compare/writers.hpp"
#include "reports/table_text.hpp"

namespace memfrag::reports::compare {
namespace {

const char *verdict_mark(Verdict verdict) {
   switch (verdict) {
   case Verdict::regression:
      return "❌ regression";
   case Verdict::improvement:
      return "✅ improvement";
   case Verdict::inconclusive:
      return "❔ inconclusive";
   case Verdict::baseline_only:
      return "➖ baseline only";
   case Verdict::candidate_only:
      return "➕ candidate only";
   case Verdict::unchanged:
      break;
   }
   return "unchanged";
}

std::string escaped(const std::string &text) {
   std::string safe;
   for (char c : text)
      safe += c == '|' ? std::string("\\|") : std::string(1, c);
   return safe;
}

std::string metric_row(const GroupComparison &group, const MetricComparison &metric) {
   return "| `" + escaped(group.name) + "` | " + escaped(row_label(metric.metric)) + " | " +
          better_arrow(metric.metric.better) + " | " + change_text(metric) + " | " +
          verdict_mark(metric.verdict) + " | " + escaped(metric.reason) + " |\n";
}

std::string changes_table(const Comparison &comparison) {
   std::string rows;
   for (const GroupComparison &group : comparison.groups) {
      if (!group.reason.empty())
         rows += "| `" + escaped(group.name) + "` | | | | " + verdict_mark(group.verdict) + " | " +
                 escaped(group.reason) + " |\n";
      for (const MetricComparison &metric : group.metrics)
         if (metric.verdict != Verdict::unchanged)
            rows += metric_row(group, metric);
   }
   if (rows.empty())
      return "No metric changed beyond its threshold.\n";
   return "| benchmark | metric | better | baseline → candidate | verdict | why |\n"
          "| --- | --- | :---: | ---: | --- | --- |\n" +
          rows;
}

std::string reasons(const Comparison &comparison) {
   std::string text;
   for (const std::string &reason : comparison.not_comparable)
      text += "- **Not comparable**: " + reason + "\n";
   for (const std::string &reason : comparison.overridden)
      text += "- Allowed: " + reason + "\n";
   return text.empty() ? text : text + "\n";
}

} // namespace

std::string render_comparison_markdown(const Comparison &comparison) {
   const std::string outcome = outcome_text(comparison);
   return "## memfrag compare: " + outcome + "\n\n" + reasons(comparison) +
          verdict_counts_text(comparison) + " (" + std::to_string(comparison.groups.size()) +
          " benchmarks).\n\n" + changes_table(comparison);
}

} // namespace memfrag::reports::compare
