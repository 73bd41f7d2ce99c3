// End-to-end tests of `memfrag validate` and `memfrag bench` on the built binary.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/support/memfrag_command.hpp"
#include <regex>
#include <sstream>
#include <sys/wait.h>
#include <unistd.h>

namespace {

namespace fs = std::filesystem;

using Outcome = memfrag::test::CommandOutcome;

Outcome memfrag(const std::string &arguments) {
   fs::path dir = fs::path(testing::TempDir()) /
                  ("memfrag-sdk-" + std::to_string(getpid()) + "-" +
                   testing::UnitTest::GetInstance()->current_test_info()->name());
   fs::create_directories(dir);
   Outcome outcome = memfrag::test::run_in(dir, MEMFRAG_BINARY, arguments);
   fs::remove_all(dir);
   return outcome;
}

std::string fixture(const std::string &name) {
   return std::string(MEMFRAG_FIXTURE_DIR) + "/libfixture-" + name + ".so";
}

TEST(Validate, ABuiltinPluginPassesWithOneLinePerCheckAndTheSeed) {
   Outcome outcome = memfrag("validate buddy --seed 9");
   ASSERT_EQ(outcome.exit_code, 0) << outcome.out << outcome.err;
   EXPECT_NE(outcome.out.find("seed 9; repeat with --seed 9"), std::string::npos) << outcome.out;
   EXPECT_TRUE(std::regex_search(outcome.out, std::regex(R"(\n  pass  contract +\S)")));
   EXPECT_TRUE(
       std::regex_search(outcome.out, std::regex(R"(\n  skip  concurrency +no allocator)")));
   EXPECT_TRUE(std::regex_search(outcome.out,
                                 std::regex(R"(\n  skip  exact-size +no allocator offers)")));
   // The leak check skips itself where sanitizers hide malloc's statistics.
   EXPECT_TRUE(std::regex_search(outcome.out,
                                 std::regex(R"(14 checks: 1[12] passed, 0 failed, [23] skipped)")))
      << outcome.out;
}

TEST(Validate, APlantedDefectFailsWithExitCodeOneAndJson) {
   Outcome outcome = memfrag("validate " + fixture("double-handout") + " --seed 3 --json");
   ASSERT_EQ(outcome.exit_code, 1) << outcome.err;
   auto report = nlohmann::json::parse(outcome.out);
   EXPECT_EQ(report["seed"], 3);
   EXPECT_EQ(report["passed"], false);
   for (const auto &check : report["checks"]) {
      std::string expected = check["name"] == "contract" ? "fail" : "";
      if (!expected.empty()) {
         EXPECT_EQ(check["status"], expected);
         EXPECT_NE(check["reason"].get<std::string>().find("seed 3"), std::string::npos);
      } else {
         EXPECT_NE(check["status"], "fail") << check["name"];
      }
   }
}

TEST(Validate, OneCheckByName) {
   Outcome outcome = memfrag("validate " + fixture("leak") + " --check exports --check loads");
   ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
   EXPECT_TRUE(std::regex_search(outcome.out, std::regex(R"(2 checks: 2 passed)"))) << outcome.out;
}

TEST(Validate, AHangIsKilledAfterTheTimeout) {
   Outcome outcome =
       memfrag("validate " + fixture("hang-on-alloc") + " --check contract --timeout 2");
   EXPECT_EQ(outcome.exit_code, 1);
   EXPECT_NE(outcome.out.find("hung: killed after 2 s"), std::string::npos) << outcome.out;
}

TEST(Validate, BadInputExitsWithTwo) {
   EXPECT_EQ(memfrag("validate ./no-such-plugin.so").exit_code, 2);
   Outcome unknown = memfrag("validate buddy --check contrakt");
   EXPECT_EQ(unknown.exit_code, 2);
   EXPECT_NE(unknown.err.find("did you mean 'contract'"), std::string::npos) << unknown.err;
}

TEST(Validate, ListChecks) {
   Outcome outcome = memfrag("validate --list-checks");
   ASSERT_EQ(outcome.exit_code, 0);
   for (const char *name :
        {"loads", "exports", "contract", "metadata-bounds", "frame-memory", "drain", "odd-regions",
         "bad-params", "determinism", "concurrency", "exact-size", "leak"}) {
      EXPECT_NE(outcome.out.find(name), std::string::npos) << name;
   }
}

TEST(Bench, GoogleBenchmarkJsonWithItsFlags) {
   Outcome outcome = memfrag("bench frame-stack --frames 4096 --benchmark_format=json "
                             "--benchmark_min_time=0.01 --benchmark_filter=pair");
   ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
   auto report = nlohmann::json::parse(outcome.out);
   ASSERT_TRUE(report.contains("context"));
   std::vector<std::string> names;
   for (const auto &benchmark : report["benchmarks"]) {
      names.push_back(benchmark["name"]);
      EXPECT_GT(benchmark["cpu_time"].get<double>(), 0.0);
   }
   EXPECT_EQ(names, (std::vector<std::string>{"frame-stack/pair/order:0/empty",
                                              "frame-stack/pair/order:0/70%-full"}));
}

TEST(Bench, EveryKindOfBenchmarkIsListed) {
   Outcome outcome = memfrag("bench buddy --benchmark_list_tests=true");
   ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
   for (const char *name : {"buddy/pair/order:0/empty", "buddy/pair/order:10/70%-full",
                            "buddy/burst/order:0/blocks:1024", "buddy/churn/orders:0-3"}) {
      EXPECT_NE(outcome.out.find(name), std::string::npos) << name << "\n" << outcome.out;
   }
}

TEST(Bench, AnUnknownFlagIsBadInput) {
   EXPECT_EQ(memfrag("bench buddy --benchmark_no_such_flag=1").exit_code, 2);
   EXPECT_EQ(memfrag("bench buddy --frobnicate").exit_code, 2);
}

} // namespace
