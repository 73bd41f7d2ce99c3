// The HTML report in a real headless Chromium (Debian's): the page loads offline with no
// console error, every chart draws, and a screenshot is made for a person to look at.
#include "tests/support/memfrag_command.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <regex>
#include <sys/wait.h>
#include <unistd.h>

namespace {

namespace fs = std::filesystem;
using memfrag::test::slurp;

int shell(const std::string &command) {
   const int status = std::system(command.c_str());
   return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// No network, no profile of the user's, nothing in the background: only the page.
std::string chromium(const fs::path &profile) {
   return std::string("'" MEMFRAG_CHROMIUM "' --headless --no-sandbox --disable-gpu "
                      "--disable-background-networking --disable-component-update --disable-sync "
                      "--no-first-run --disable-extensions --hide-scrollbars --user-data-dir='") +
          profile.string() + "' --enable-logging=stderr --v=0 --virtual-time-budget=10000 ";
}

std::string attribute(const std::string &dom, const std::string &name) {
   std::smatch match;
   if (std::regex_search(dom, match, std::regex(name + "=\"([^\"]*)\"")))
      return match[1];
   return "";
}

class HtmlBrowser : public testing::Test {
 protected:
   void SetUp() override {
      if (std::string(MEMFRAG_CHROMIUM).empty() || !fs::exists(MEMFRAG_CHROMIUM))
         GTEST_FAIL() << "Chromium not found: install Debian's chromium (scripts/setup test does)";
      dir_ = fs::path(testing::TempDir()) / ("memfrag-html-" + std::to_string(getpid()));
      fs::remove_all(dir_);
      fs::create_directories(dir_);
      const std::string memfrag = "cd '" + dir_.string() + "' && '" MEMFRAG_BINARY "' ";
      ASSERT_EQ(shell(memfrag + "run -q -p buddy -p frame-stack -w mixed-70 -w fill-free-random "
                                "--repeat 2 --set workload.ops=20000 --set workload.frames=4096 "
                                "-o results.json >/dev/null 2>&1"),
                0);
      ASSERT_EQ(shell(memfrag + "report results.json -o report.html >/dev/null 2>&1"), 0);
   }
   void TearDown() override { fs::remove_all(dir_); }
   fs::path dir_;
};

struct LoadedPage {
   std::string dom, log;
};

// The page after its scripts ran, and Chromium's log (console messages appear as ":CONSOLE").
LoadedPage load(const fs::path &dir, const fs::path &page) {
   const std::string dump = chromium(dir / "profile") + "--dump-dom 'file://" + page.string() +
                            "' >'" + (dir / "dom.html").string() + "' 2>'" +
                            (dir / "console.log").string() + "'";
   EXPECT_EQ(shell(dump), 0) << slurp(dir / "console.log");
   return {slurp(dir / "dom.html"), slurp(dir / "console.log")};
}

void expect_drawn_without_errors(const LoadedPage &page, int charts) {
   const std::string expected = attribute(page.dom, "data-charts-expected");
   ASSERT_FALSE(expected.empty()) << "the page script did not run\n" << page.log;
   EXPECT_EQ(std::stoi(expected), charts);
   EXPECT_EQ(attribute(page.dom, "data-charts-drawn"), expected) << page.log;
   EXPECT_EQ(attribute(page.dom, "data-errors"), "");
   EXPECT_EQ(page.log.find(":CONSOLE"), std::string::npos) << page.log;
   EXPECT_EQ(page.log.find("Uncaught"), std::string::npos) << page.log;
}

TEST_F(HtmlBrowser, EveryChartDrawsWithoutAConsoleError) {
   const LoadedPage page = load(dir_, dir_ / "report.html");
   // 2 workloads x (2 heatmaps, 2 indices, success per order, 4 latency charts)
   expect_drawn_without_errors(page, 18);
   EXPECT_NE(page.dom.find("<td class=\"best\">"), std::string::npos);
}

// The sample document has runs of every status and a plugin without a single ok run.
TEST_F(HtmlBrowser, RunsThatFailedDoNotBreakThePage) {
   ASSERT_EQ(shell("cd '" + dir_.string() +
                   "' && '" MEMFRAG_BINARY "' report '" MEMFRAG_SAMPLE
                   "' -o sample.html >/dev/null 2>&1"),
             0);
   const LoadedPage page = load(dir_, dir_ / "sample.html");
   // 2 workloads x (2 heatmaps for the plugins with ok runs, 2 indices, success, 4 latency)
   expect_drawn_without_errors(page, 18);
   EXPECT_NE(page.dom.find("SIGSEGV"), std::string::npos);
}

TEST_F(HtmlBrowser, Screenshot) {
   const fs::path screenshot = fs::path(MEMFRAG_SCREENSHOT_DIR) / "memfrag-report.png";
   fs::remove(screenshot);
   const std::string shot = chromium(dir_ / "profile") + "--window-size=1280,4000 --screenshot='" +
                            screenshot.string() + "' 'file://" + (dir_ / "report.html").string() +
                            "' >/dev/null 2>'" + (dir_ / "shot.log").string() + "'";
   ASSERT_EQ(shell(shot), 0) << slurp(dir_ / "shot.log");
   const std::string png = slurp(screenshot);
   ASSERT_GT(png.size(), 50'000u) << "a blank page compresses to far less";
   EXPECT_EQ(png.substr(1, 3), "PNG");
}

} // namespace
