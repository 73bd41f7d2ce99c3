// End-to-end tests of report, compare, history and sharded runs with merge: the built binary,
// real plugins and runs, files read back as a user or a CI job would.
#include "tests/support/memfrag_command.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

namespace {

namespace fs = std::filesystem;
using memfrag::test::CommandOutcome;
using memfrag::test::slurp;

const std::string kQuick = " --set workload.ops=20000 --set workload.frames=4096 ";
const std::string kMatrix = "run -q --plugin buddy --plugin frame-stack --workload mixed-70 "
                            "--workload fill-free-random --seed 3 --repeat 2" +
                            kQuick;

// One directory for the whole suite: the runs that every test reads are made once.
class ReportsCli : public testing::Test {
 protected:
   static void SetUpTestSuite() {
      dir_ = fs::path(testing::TempDir()) / ("memfrag-reports-cli-" + std::to_string(getpid()));
      fs::remove_all(dir_);
      fs::create_directories(dir_);
      ASSERT_EQ(memfrag(kMatrix + "-o full.json").exit_code, 0);
   }
   static void TearDownTestSuite() { fs::remove_all(dir_); }

   static CommandOutcome memfrag(const std::string &arguments) {
      return ::memfrag::test::run_in(dir_, MEMFRAG_BINARY, arguments);
   }

   static nlohmann::json read_json(const std::string &name) {
      return nlohmann::json::parse(slurp(dir_ / name));
   }

   static void write_json(const std::string &name, const nlohmann::json &json) {
      std::ofstream(dir_ / name) << json.dump(1);
   }

   static fs::path dir_;
};

fs::path ReportsCli::dir_;

nlohmann::json without_run_variation(nlohmann::json document) {
   for (const char *field : {"environment", "created", "command"})
      document.erase(field);
   for (auto &run : document["runs"])
      run.erase("timing");
   return document;
}

TEST_F(ReportsCli, ShardsMergeIntoWhatOneFullRunWrites) {
   for (int part = 1; part <= 3; ++part)
      ASSERT_EQ(memfrag(kMatrix + "--shard " + std::to_string(part) + "/3 -o part" +
                        std::to_string(part) + ".json")
                    .exit_code,
                0);
   EXPECT_EQ(read_json("part2.json")["shard"]["count"], 3);
   const CommandOutcome merge = memfrag("merge part3.json part1.json part2.json -o all.json");
   ASSERT_EQ(merge.exit_code, 0) << merge.err;
   EXPECT_EQ(without_run_variation(read_json("all.json")),
             without_run_variation(read_json("full.json")));
}

TEST_F(ReportsCli, MergeRefusesAnIncompleteSetOfParts) {
   ASSERT_EQ(memfrag(kMatrix + "--shard 1/2 -o half.json").exit_code, 0);
   const CommandOutcome merge = memfrag("merge half.json -o all.json");
   EXPECT_EQ(merge.exit_code, 2);
   EXPECT_NE(merge.err.find("shard 2/2 is missing"), std::string::npos) << merge.err;
}

TEST_F(ReportsCli, RunRefusesAMalformedShard) {
   EXPECT_EQ(memfrag(kMatrix + "--shard 4/3").exit_code, 2);
   EXPECT_EQ(memfrag(kMatrix + "--shard 1").exit_code, 2);
}

TEST_F(ReportsCli, ReportWritesEveryFormat) {
   const CommandOutcome report =
       memfrag("report full.json -o r.html -o r.md -o r.csv -o r.gbench.json "
               "-o r.bmf.json");
   ASSERT_EQ(report.exit_code, 0) << report.err;
   EXPECT_NE(slurp(dir_ / "r.html").find("echarts"), std::string::npos);
   EXPECT_NE(slurp(dir_ / "r.md").find("## Workload `mixed-70`"), std::string::npos);
   const nlohmann::json gbench = read_json("r.gbench.json");
   EXPECT_EQ(gbench["benchmarks"][0]["name"], "mixed-70/buddy/seed:3");
   EXPECT_EQ(gbench["benchmarks"][0]["run_type"], "iteration");
   const nlohmann::json bencher = read_json("r.bmf.json");
   EXPECT_TRUE(bencher.contains("fill-free-random/frame-stack/seed:3"));
   EXPECT_TRUE(bencher["mixed-70/buddy/seed:3"]["success_rate"].contains("value"));
}

TEST_F(ReportsCli, ReportOfSeveralDocumentsShowsThemSideBySide) {
   nlohmann::json other = read_json("full.json");
   other["plugins"][0]["sha256"] = std::string(64, 'f');
   write_json("other.json", other);
   const CommandOutcome report = memfrag("report full.json other.json --format md");
   ASSERT_EQ(report.exit_code, 0) << report.err;
   EXPECT_NE(report.out.find("`buddy@other`"), std::string::npos) << report.out;
}

TEST_F(ReportsCli, CompareNeedsRepetitionsForTimings) {
   const CommandOutcome same = memfrag("compare full.json full.json");
   EXPECT_EQ(same.exit_code, 3) << same.out;
   EXPECT_NE(same.out.find("not comparable"), std::string::npos);
   EXPECT_EQ(memfrag("compare full.json full.json --allow-few-repetitions").exit_code, 0);
   EXPECT_EQ(memfrag("compare full.json full.json --min-repetitions 2").exit_code, 0);
}

TEST_F(ReportsCli, CompareFailsOnACraftedRegression) {
   nlohmann::json worse = read_json("full.json");
   for (auto &run : worse["runs"])
      if (run["plugin"] == "buddy")
         run["counts"]["by_order"][0]["normal"]["fragmentation_failures"] =
             run["counts"]["by_order"][0]["normal"]["fragmentation_failures"].get<int>() + 3;
   write_json("worse.json", worse);
   const CommandOutcome compare = memfrag("compare full.json worse.json --allow-few-repetitions");
   EXPECT_EQ(compare.exit_code, 1) << compare.out;
   EXPECT_NE(compare.out.find("regression: fragmentation failures"), std::string::npos)
       << compare.out;
   const CommandOutcome junit =
       memfrag("compare full.json worse.json --allow-few-repetitions --format junit");
   EXPECT_EQ(junit.exit_code, 1);
   EXPECT_NE(junit.out.find("<failure type=\"regression\""), std::string::npos) << junit.out;
}

TEST_F(ReportsCli, CompareWithAGateFile) {
   nlohmann::json worse = read_json("full.json");
   for (auto &run : worse["runs"])
      run["counts"]["by_order"][0]["normal"]["fragmentation_failures"] =
          run["counts"]["by_order"][0]["normal"]["fragmentation_failures"].get<int>() + 3;
   write_json("worse.json", worse);
   std::ofstream(dir_ / "gate.toml") << "min_repetitions = 2\n"
                                        "[metrics.fragmentation_failures]\nabsolute = 5\n"
                                        "[metrics.failures]\nabsolute = 5\n"
                                        "[metrics.success_rate]\nabsolute = 1\n";
   const CommandOutcome compare =
       memfrag("compare full.json worse.json --gate gate.toml --format md");
   EXPECT_EQ(compare.exit_code, 0) << compare.out;
   EXPECT_NE(compare.out.find("## memfrag compare: no regression"), std::string::npos)
       << compare.out;
   std::ofstream(dir_ / "bad-gate.toml") << "alhpa = 1\n";
   EXPECT_EQ(memfrag("compare full.json worse.json --gate bad-gate.toml").exit_code, 2);
}

TEST_F(ReportsCli, CompareSaysWhenEnvironmentsDiffer) {
   nlohmann::json elsewhere = read_json("full.json");
   elsewhere["environment"]["cpu_model"] = "Another CPU";
   write_json("elsewhere.json", elsewhere);
   const CommandOutcome compare =
       memfrag("compare full.json elsewhere.json --allow-few-repetitions --format json");
   EXPECT_EQ(compare.exit_code, 3);
   EXPECT_NE(
       nlohmann::json::parse(compare.out)["not_comparable"][0].get<std::string>().find("cpu_model"),
       std::string::npos);
   EXPECT_EQ(memfrag("compare full.json elsewhere.json --allow-few-repetitions "
                     "--allow-environment-mismatch")
                 .exit_code,
             0);
}

TEST_F(ReportsCli, CompareRefusesWhatIsNotAResultsDocument) {
   std::ofstream(dir_ / "garbage.json") << "{\"schema_version\": 1}";
   EXPECT_EQ(memfrag("compare full.json garbage.json").exit_code, 2);
}

TEST_F(ReportsCli, HistoryAddListShowTrend) {
   fs::remove(dir_ / "history.db");
   ASSERT_EQ(memfrag("history add full.json --db history.db --label first").exit_code, 0);
   ASSERT_EQ(memfrag("history add full.json --db history.db --label second").exit_code, 0);
   const CommandOutcome list = memfrag("history list --db history.db");
   ASSERT_EQ(list.exit_code, 0) << list.err;
   EXPECT_NE(list.out.find("second"), std::string::npos) << list.out;
   const CommandOutcome show = memfrag("history show 1 --db history.db --format md");
   ASSERT_EQ(show.exit_code, 0) << show.err;
   EXPECT_NE(show.out.find("# memfrag results"), std::string::npos);
   const CommandOutcome trend =
       memfrag("history trend --db history.db --plugin buddy "
               "--metric fragmentation_failures --workload mixed-70 --check");
   ASSERT_EQ(trend.exit_code, 0) << trend.err;
   EXPECT_NE(trend.out.find("buddy x mixed-70 seed 3: fragmentation_failures"), std::string::npos)
       << trend.out;
   const CommandOutcome typo =
       memfrag("history trend --db history.db --plugin buddy --metric fragmentaton_failures");
   EXPECT_EQ(typo.exit_code, 2);
   EXPECT_NE(typo.err.find("did you mean 'fragmentation_failures'"), std::string::npos) << typo.err;
}

} // namespace
