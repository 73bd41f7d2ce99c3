#include "reports/reporter.hpp"

#include <array>
#include <utility>

namespace memfrag::reports {
namespace {

constexpr std::array<std::pair<std::string_view, Format>, 5> kFormatNames{{
    {"console", Format::console},
    {"json", Format::json},
    {"csv", Format::csv},
    {"markdown", Format::markdown},
    {"md", Format::markdown},
}};

constexpr std::array<std::pair<std::string_view, Format>, 5> kExtensions{{
    {".json", Format::json},
    {".csv", Format::csv},
    {".md", Format::markdown},
    {".markdown", Format::markdown},
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
   const std::string extension = path.extension().string();
   for (const auto &[known_extension, format] : kExtensions)
      if (extension == known_extension)
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
   }
   return "unknown";
}

} // namespace memfrag::reports
