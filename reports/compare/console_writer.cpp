#include "reports/compare/writers.hpp"
#include "reports/table_text.hpp"

namespace memfrag::reports::compare {
namespace {

// Unchanged metrics are left out: the console shows what needs a look.
bool worth_showing(const MetricComparison &metric) {
   return metric.verdict != Verdict::unchanged;
}

std::string group_lines(const GroupComparison &group) {
   std::string text = group.name + ": " + verdict_name(group.verdict);
   if (!group.reason.empty())
      text += " (" + group.reason + ")";
   text += "\n";
   for (const MetricComparison &metric : group.metrics)
      if (worth_showing(metric))
         text += "  " + std::string(verdict_name(metric.verdict)) + ": " +
                 row_label(metric.metric) + " " + better_arrow(metric.metric.better) + "  " +
                 change_text(metric) + "  " + metric.reason + "\n";
   return text;
}

std::string reason_lines(const std::vector<std::string> &reasons, const char *prefix) {
   std::string text;
   for (const std::string &reason : reasons)
      text += std::string(prefix) + reason + "\n";
   return text;
}

} // namespace

std::string render_comparison_console(const Comparison &comparison) {
   std::string text = reason_lines(comparison.not_comparable, "not comparable: ") +
                      reason_lines(comparison.overridden, "allowed: ");
   for (const GroupComparison &group : comparison.groups)
      text += group_lines(group);
   return text + "\n" + verdict_counts_text(comparison) + "\n" + outcome_text(comparison) + "\n";
}

} // namespace memfrag::reports::compare
