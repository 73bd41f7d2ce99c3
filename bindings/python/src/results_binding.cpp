// Results documents cross the boundary as JSON text: reading through the core's strict reader
// and writing through its report writers is what keeps files from Python and from the CLI in
// one schema, byte for byte.
#include "bindings/python/src/bindings.hpp"

#include <pybind11/stl.h>

#include <map>
#include <optional>
#include <stdexcept>
#include <string>

#include "core/results/json.hpp"
#include "reports/reporter.hpp"
#include "reports/summary.hpp"

namespace memfrag::python {
namespace {

// Reads `text` strictly (ResultsFormatError naming the offending field) and renders it as the
// report writer of `format_name` does: "json" gives the canonical form the CLI writes.
std::string render(const std::string &text, const std::string &format_name) {
   std::optional<reports::Format> format = reports::format_from_name(format_name);
   if (!format) {
      throw pybind11::value_error("unknown format '" + format_name + "' (expected " +
                                  reports::kFormatNamesText + ")");
   }
   return reports::render(results::document_from_text(text), *format);
}

// The format a file name's ending selects, as for `memfrag run --output`; None when unknown.
std::optional<std::string> format_for_path(const std::string &path) {
   const std::optional<reports::Format> format = reports::format_from_path(path);
   if (!format)
      return std::nullopt;
   return std::string(reports::format_name(*format));
}

// For every headline metric of the document's runs, whether higher or lower is better.
std::map<std::string, std::string> metric_directions(const std::string &text) {
   std::map<std::string, std::string> directions;
   for (const auto &run : results::document_from_text(text).runs) {
      for (const auto &metric : reports::headline_metrics(run)) {
         directions[metric.name] = metric.better == reports::Better::higher ? "higher" : "lower";
      }
   }
   return directions;
}

} // namespace

void bind_results(pybind11::module_ &module) {
   module.def("render", &render, pybind11::arg("document_json"), pybind11::arg("format"),
              "Reads a results document (JSON text) and renders it in one of memfrag's formats "
              "(console, json, csv, markdown, html, gbench, bencher), exactly as `memfrag run "
              "--format` does.");
   module.def("format_for_path", &format_for_path, pybind11::arg("path"),
              "The format `memfrag run --output` would write for this file name, or None.");
   module.def("metric_directions", &metric_directions, pybind11::arg("document_json"),
              "Maps each headline metric name of the document's runs to 'higher' or 'lower' "
              "(the better direction).");
}

} // namespace memfrag::python
