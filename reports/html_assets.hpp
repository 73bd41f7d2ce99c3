// Files compiled into the binary (cmake/MemfragEmbed.cmake) that every HTML report inlines.
#pragma once

#include <string_view>

namespace memfrag::reports::assets {

extern const std::string_view kEchartsScript; // reports/vendor/echarts/echarts.min.js
extern const std::string_view kReportScript;  // reports/html/report.js
extern const std::string_view kReportStyle;   // reports/html/report.css

} // namespace memfrag::reports::assets
