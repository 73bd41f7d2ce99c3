// The HTML report is one self-contained page: the charting library, the page script and the
// data inline, nothing fetched.
#include "reports/html_assets.hpp"
#include "reports/reporter.hpp"
#include "tests/results/sample_document.hpp"

#include <gtest/gtest.h>

namespace memfrag::reports {
namespace {

TEST(Html, InlinesTheLibraryTheScriptAndTheData) {
   const std::string page = render_html(testing::sample_document());
   EXPECT_EQ(page.rfind("<!DOCTYPE html>", 0), 0u);
   EXPECT_NE(page.find(assets::kEchartsScript), std::string::npos);
   EXPECT_NE(page.find(assets::kReportScript), std::string::npos);
   EXPECT_NE(page.find("<script id=\"memfrag-data\" type=\"application/json\">"),
             std::string::npos);
   EXPECT_EQ(page.find("src=\"http"), std::string::npos);
   EXPECT_EQ(page.find("href=\"http"), std::string::npos);
}

TEST(Html, EmbeddedLibraryIsTheVendoredEcharts) {
   EXPECT_GT(assets::kEchartsScript.size(), 500'000u);
   EXPECT_NE(assets::kEchartsScript.find("Apache"), std::string::npos);
}

TEST(Html, TextFromTheDocumentCannotCloseTheDataScript) {
   results::Document document = testing::sample_document();
   document.plugins[0].description = "</script><script>alert(1)</script>";
   const std::string page = render_html(document);
   EXPECT_EQ(page.find("</script><script>alert"), std::string::npos);
   EXPECT_NE(page.find("\\u003c/script>"), std::string::npos);
}

TEST(Html, TitleIsEscaped) {
   results::Document document = testing::sample_document();
   document.memfrag_version = "<b>1</b>";
   EXPECT_NE(render_html(document).find("<title>memfrag &lt;b&gt;1&lt;/b&gt;"), std::string::npos);
}

TEST(Formats, ByFileNameEnding) {
   EXPECT_EQ(format_from_path("results.gbench.json"), Format::gbench);
   EXPECT_EQ(format_from_path("out/results.bmf.json"), Format::bencher);
   EXPECT_EQ(format_from_path("results.json"), Format::json);
   EXPECT_EQ(format_from_path("report.html"), Format::html);
   EXPECT_FALSE(format_from_path(".html").has_value());
   EXPECT_EQ(format_from_name("bmf"), Format::bencher);
}

} // namespace
} // namespace memfrag::reports
