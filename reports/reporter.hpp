// Report writers: each turns an immutable results document into bytes in one format.
#pragma once

#include "core/results/model.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace memfrag::reports {

enum class Format { console, json, csv, markdown, html, gbench, bencher };

std::string render(const results::Document &document, Format format);

// "console", "json", "csv", "markdown" (or "md"), "html", "gbench", "bencher" (or "bmf").
std::optional<Format> format_from_name(std::string_view name);
// By how the file name ends: .gbench.json, .bmf.json, .json, .csv, .md / .markdown, .html /
// .htm, .txt (console).
std::optional<Format> format_from_path(const std::filesystem::path &path);
const char *format_name(Format format);
// For messages: the names format_from_name() knows and the endings format_from_path() knows.
inline constexpr const char *kFormatNamesText =
    "console, json, csv, markdown (md), html, gbench or bencher (bmf)";
inline constexpr const char *kFileEndingsText =
    ".json, .gbench.json, .bmf.json, .csv, .md, .markdown, .html, .htm or .txt";

// One per format, each in its own file.
std::string render_console(const results::Document &document);
std::string render_json(const results::Document &document);
std::string render_csv(const results::Document &document);
std::string render_markdown(const results::Document &document);
std::string render_html(const results::Document &document);
// Google Benchmark's JSON output format.
std::string render_gbench(const results::Document &document);
// Bencher Metric Format (BMF) JSON.
std::string render_bencher(const results::Document &document);

} // namespace memfrag::reports
