#include "reports/html_assets.hpp"
#include "reports/html_data.hpp"
#include "reports/markup.hpp"
#include "reports/reporter.hpp"

#include <string>

namespace memfrag::reports {
namespace {

// JSON inside <script>: '<' only occurs inside JSON strings, where \u003c means the same, and
// without it a "</script>" in a plugin's description would end the element.
std::string script_safe_json(const nlohmann::json &data) {
   const std::string text = data.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
   std::string safe;
   for (char c : text)
      safe += c == '<' ? std::string("\\u003c") : std::string(1, c);
   return safe;
}

std::string title_of(const results::Document &document) {
   return "memfrag " + document.memfrag_version + ": " + std::to_string(document.plugins.size()) +
          " plugins, " + std::to_string(document.workloads.size()) + " workloads, " +
          std::to_string(document.runs.size()) + " runs";
}

} // namespace

// One file that opens offline: the charting library, the page script and the data inline.
std::string render_html(const results::Document &document) {
   const std::string title = markup_escaped(title_of(document));
   std::string page = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                      "<title>" +
                      title + "</title>\n<style>\n";
   page += assets::kReportStyle;
   page += "</style>\n</head>\n<body>\n<h1>" + title + "</h1>\n";
   page += "<main id=\"report\">JavaScript is needed to show this report.</main>\n";
   page += "<script id=\"memfrag-data\" type=\"application/json\">" +
           script_safe_json(html_report_data(document)) + "</script>\n<script>\n";
   page += assets::kEchartsScript;
   page += "\n</script>\n<script>\n";
   page += assets::kReportScript;
   page += "</script>\n</body>\n</html>\n";
   return page;
}

} // namespace memfrag::reports
