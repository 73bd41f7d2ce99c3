#include "reports/compare/writers.hpp"
#include "reports/markup.hpp"
#include "reports/table_text.hpp"

namespace memfrag::reports::compare {
namespace {

std::string attribute(const char *name, const std::string &value) {
   return std::string(" ") + name + "=\"" + markup_escaped(value) + "\"";
}

// Regressions fail; inconclusive and one-sided benchmarks are skipped; the rest pass.
std::string outcome_element(Verdict verdict, const std::string &message) {
   if (verdict == Verdict::regression)
      return "<failure" + attribute("type", "regression") + attribute("message", message) + "/>";
   if (verdict == Verdict::inconclusive || verdict == Verdict::baseline_only ||
       verdict == Verdict::candidate_only)
      return "<skipped" + attribute("message", message) + "/>";
   return "";
}

std::string test_case(const std::string &classname, const std::string &name, Verdict verdict,
                      const std::string &message) {
   const std::string outcome = outcome_element(verdict, message);
   const std::string head =
       "    <testcase" + attribute("classname", classname) + attribute("name", name);
   if (outcome.empty())
      return head + "/>\n";
   return head + ">\n      " + outcome + "\n    </testcase>\n";
}

struct Suite {
   std::string cases;
   std::size_t tests = 0, failures = 0, skipped = 0;
   void add(const std::string &classname, const std::string &name, Verdict verdict,
            const std::string &message) {
      cases += test_case(classname, name, verdict, message);
      ++tests;
      failures += verdict == Verdict::regression ? 1 : 0;
      skipped += outcome_element(verdict, "").rfind("<skipped", 0) == 0 ? 1 : 0;
   }
};

void add_group(Suite &suite, const GroupComparison &group) {
   const std::string classname = "memfrag." + group.name;
   if (!group.reason.empty())
      suite.add(classname, "runs", group.verdict, group.reason);
   for (const MetricComparison &metric : group.metrics)
      suite.add(classname, metric.key, metric.verdict,
                std::string(verdict_name(metric.verdict)) + ": " + change_text(metric) + "; " +
                    metric.reason);
}

} // namespace

std::string render_comparison_junit(const Comparison &comparison) {
   Suite suite;
   for (const std::string &reason : comparison.not_comparable)
      suite.add("memfrag.compare", "comparable", Verdict::regression, "not comparable: " + reason);
   for (const GroupComparison &group : comparison.groups)
      add_group(suite, group);
   const std::string counts = attribute("tests", std::to_string(suite.tests)) +
                              attribute("failures", std::to_string(suite.failures)) +
                              attribute("errors", "0") +
                              attribute("skipped", std::to_string(suite.skipped));
   return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites" +
          attribute("name", "memfrag compare") + counts + ">\n  <testsuite" +
          attribute("name", "memfrag compare") + counts + ">\n" + suite.cases +
          "  </testsuite>\n</testsuites>\n";
}

} // namespace memfrag::reports::compare
