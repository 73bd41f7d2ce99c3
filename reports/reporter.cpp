#include "reports/reporter.hpp"

#include <array>
#include <utility>

namespace memfrag::reports {
namespace {

constexpr std::array<std::pair<std::string_view, Format>, 9> kFormatNames{{
    {"console", Format::console},
    {"json", Format::json},
    {"csv", Format::csv},
    {"markdown", Format::markdown},
    {"md", Format::markdown},
    {"html", Format::html},
    {"gbench", Format::gbench},
    {"bencher", Format::bencher},
    {"bmf", Format::bencher},
}};

// Longer endings first: "x.gbench.json" is Google Benchmark's format, not the results JSON.
constexpr std::array<std::pair<std::string_view, Format>, 9> kEndings{{
    {".gbench.json", Format::gbench},
    {".bmf.json", Format::bencher},
    {".json", Format::json},
    {".csv", Format::csv},
    {".md", Format::markdown},
    {".markdown", Format::markdown},
    {".html", Format::html},
    {".htm", Format::html},
    {".txt", Format::console},
}};

} // namespace

std::string render(const results::Document &document, Format format) {
   switch (format) {
   case Format::console:
      return render_console(document);
   case Format::json:
      return render_json(document);
   case Format::csv:
      return render_csv(document);
   case Format::markdown:
      return render_markdown(document);
   case Format::html:
      return render_html(document);
   case Format::gbench:
      return render_gbench(document);
   case Format::bencher:
      return render_bencher(document);
   }
   return {};
}

std::optional<Format> format_from_name(std::string_view name) {
   for (const auto &[format_name, format] : kFormatNames)
      if (name == format_name)
         return format;
   return std::nullopt;
}

std::optional<Format> format_from_path(const std::filesystem::path &path) {
   const std::string file_name = path.filename().string();
   for (const auto &[ending, format] : kEndings)
      if (file_name.size() > ending.size() && file_name.ends_with(ending))
         return format;
   return std::nullopt;
}

const char *format_name(Format format) {
   switch (format) {
   case Format::console:
      return "console";
   case Format::json:
      return "json";
   case Format::csv:
      return "csv";
   case Format::markdown:
      return "markdown";
   case Format::html:
      return "html";
   case Format::gbench:
      return "gbench";
   case Format::bencher:
      return "bencher";
   }
   return "unknown";
}

} // namespace memfrag::reports
