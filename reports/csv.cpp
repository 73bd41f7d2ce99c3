#include "reports/reporter.hpp"
#include "reports/summary.hpp"

#include <charconv>
#include <cmath>
#include <optional>
#include <string>
#include <vector>

namespace memfrag::reports {
namespace {

using results::RunResult;

// RFC 4180: a field holding a comma, a quote or a line break is quoted, quotes doubled.
std::string csv_field(const std::string &text) {
   if (text.find_first_of(",\"\r\n") == std::string::npos)
      return text;
   std::string quoted = "\"";
   for (char c : text)
      quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
   return quoted + "\"";
}

// Shortest text that reads back as the same double; empty for a non-finite value.
std::string number_text(double value) {
   if (!std::isfinite(value))
      return "";
   char text[32];
   const auto result = std::to_chars(text, text + sizeof text, value);
   return std::string(text, result.ptr);
}

struct Figure {
   std::string metric;
   std::optional<std::uint32_t> order;
   std::string request_class;
   std::optional<double> value;
};

void add_headline_figures(const RunResult &run, std::vector<Figure> &figures) {
   for (const Metric &metric : headline_metrics(run))
      figures.push_back({metric.name, metric.order, "", metric.value});
}

void add_request_figures(const RunResult &run, std::vector<Figure> &figures) {
   const auto &by_order = run.counts.by_order;
   for (std::uint32_t order = 0; order < by_order.size(); ++order) {
      for (std::size_t c = 0; c < results::kRequestClassCount; ++c) {
         const results::RequestCounts &counts = by_order[order][c];
         if (counts.requests == 0)
            continue;
         const std::string request_class =
             results::request_class_name(static_cast<results::RequestClass>(c));
         const std::pair<const char *, std::uint64_t> values[] = {
             {"requests", counts.requests},
             {"successes", counts.successes},
             {"exhaustion_failures", counts.exhaustion_failures},
             {"fragmentation_failures", counts.fragmentation_failures},
             {"policy_failures", counts.policy_failures}};
         for (const auto &[name, value] : values)
            figures.push_back({name, order, request_class, static_cast<double>(value)});
      }
   }
}

void add_state_figures(const RunResult &run, std::vector<Figure> &figures) {
   const auto &nr_free = run.counts.final_state.nr_free;
   for (std::uint32_t order = 0; order < nr_free.size(); ++order)
      figures.push_back({"final_nr_free", order, "", static_cast<double>(nr_free[order])});
   for (const auto &[name, value] : run.counts.workload_figures)
      figures.push_back({"workload." + name, std::nullopt, "", value});
   for (const auto &[name, value] : run.counts.plugin_stats)
      figures.push_back({"plugin." + name, std::nullopt, "", value});
}

// Runs that crashed, timed out, failed to start or were skipped have no figures; they still
// get one row so that every run appears.
bool has_figures(const RunResult &run) {
   return run.status == results::RunStatus::ok || run.status == results::RunStatus::invalid;
}

std::vector<Figure> figures_of(const RunResult &run) {
   std::vector<Figure> figures;
   if (!has_figures(run))
      return {Figure{}};
   add_headline_figures(run, figures);
   add_request_figures(run, figures);
   add_state_figures(run, figures);
   return figures;
}

std::string csv_line(const std::vector<std::string> &fields) {
   std::string line;
   for (std::size_t i = 0; i < fields.size(); ++i)
      line += (i == 0 ? "" : ",") + csv_field(fields[i]);
   return line + "\r\n";
}

std::string run_lines(const RunResult &run) {
   std::string text;
   for (const Figure &figure : figures_of(run))
      text += csv_line({run.plugin, run.workload, std::to_string(run.repetition),
                        std::to_string(run.seed), run_status_name(run.status), figure.metric,
                        figure.order ? std::to_string(*figure.order) : "", figure.request_class,
                        figure.value ? number_text(*figure.value) : ""});
   return text;
}

} // namespace

// Tidy data: one row per run and figure.
std::string render_csv(const results::Document &document) {
   std::string text = csv_line(
       {"plugin", "workload", "repetition", "seed", "status", "metric", "order", "class", "value"});
   for (const RunResult &run : document.runs)
      text += run_lines(run);
   return text;
}

} // namespace memfrag::reports
