// End-to-end tests of the memfrag command: the built binary, real plugins, real child
// processes, outputs matched as a user would read them.
#include <gtest/gtest.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "tests/support/command_test.hpp"

namespace {

namespace fs = std::filesystem;

using Outcome = memfrag::test::CommandOutcome;
using memfrag::test::slurp;

class Cli : public memfrag::test::CommandTest {
 protected:
   fs::path write(const std::string &name, const std::string &text) const {
      std::ofstream(dir_ / name) << text;
      return dir_ / name;
   }
};

std::string fixture(const std::string &name) {
   return std::string(MEMFRAG_FIXTURE_DIR) + "/libfixture-" + name + ".so";
}

// Small enough to run in well under a second per run.
const std::string kQuick = " --set workload.ops=20000 --set workload.frames=4096 ";

// The document without what legitimately differs between two identical invocations.
nlohmann::json without_timing(nlohmann::json document) {
   document.erase("environment");
   document.erase("created");
   document.erase("command");
   for (auto &run : document["runs"]) {
      run.erase("timing");
   }
   return document;
}

TEST_F(Cli, HelpNamesEverySubcommand) {
   Outcome outcome = memfrag("--help");
   EXPECT_EQ(outcome.exit_code, 0);
   for (const char *command : {"list", "run", "trace"}) {
      EXPECT_NE(outcome.out.find(command), std::string::npos) << command;
   }
}

TEST_F(Cli, ListShowsPluginsWithParametersAndWorkloads) {
   Outcome outcome = memfrag("list");
   ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
   EXPECT_TRUE(std::regex_search(outcome.out, std::regex(R"(\n  buddy +\S)"))) << outcome.out;
   EXPECT_TRUE(std::regex_search(outcome.out, std::regex(R"(\n  frame-stack +\S)")));
   EXPECT_TRUE(std::regex_search(outcome.out,
                                 std::regex(R"(buddy\.max_order \(int, default 10, 0\.\.\d+\))")))
      << outcome.out;
   EXPECT_TRUE(std::regex_search(outcome.out, std::regex(R"(\n  mixed-70 +\S)")));
   EXPECT_TRUE(std::regex_search(outcome.out, std::regex(R"(\n  fill-free-random +\S)")));
}

TEST_F(Cli, ListAsJson) {
   Outcome outcome = memfrag("list --json");
   ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
   auto listing = nlohmann::json::parse(outcome.out);
   bool found = false;
   for (const auto &plugin : listing["plugins"]) {
      if (plugin["id"] == "buddy") {
         found = true;
         EXPECT_FALSE(plugin["params"].empty());
      }
   }
   EXPECT_TRUE(found);
   EXPECT_GE(listing["workloads"].size(), 2u);
}

TEST_F(Cli, RunComparesPluginsAndWritesAValidDocument) {
   Outcome outcome = memfrag("run --plugin buddy --plugin frame-stack --workload mixed-70 "
                             "--seed 7 --repeat 2" + kQuick + "--output results.json");
   ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
   EXPECT_NE(outcome.out.find("buddy"), std::string::npos) << outcome.out;
   EXPECT_NE(outcome.out.find("frame-stack"), std::string::npos) << outcome.out;
   nlohmann::json document = read_json("results.json");
   EXPECT_EQ(document["schema_version"], 1);
   EXPECT_EQ(document["complete"], true);
   ASSERT_EQ(document["runs"].size(), 4u);
   for (const auto &run : document["runs"]) {
      EXPECT_EQ(run["status"], "ok");
      EXPECT_EQ(run["seed"], 7);
   }
   EXPECT_EQ(document["plugins"][0]["sha256"].get<std::string>().size(), 64u);
   std::string validate = "/usr/bin/python3 -m jsonschema -i '" + (dir_ / "results.json").string() +
                          "' '" MEMFRAG_SCHEMA "' 2>&1";
   EXPECT_EQ(std::system(validate.c_str()), 0) << "schema validation failed";
}

TEST_F(Cli, SameSeedGivesByteIdenticalResultsApartFromTiming) {
   std::string run = "run --plugin buddy --workload mixed-70 --workload fill-free-random "
                     "--seed 3 --quiet" + kQuick;
   ASSERT_EQ(memfrag(run + "--output a.json").exit_code, 0);
   ASSERT_EQ(memfrag(run + "--output b.json").exit_code, 0);
   EXPECT_EQ(without_timing(read_json("a.json")).dump(), without_timing(read_json("b.json")).dump());
   ASSERT_EQ(memfrag("run --plugin buddy --workload mixed-70 --seed 4 --quiet" + kQuick +
                     "--output c.json").exit_code, 0);
   EXPECT_NE(without_timing(read_json("a.json"))["runs"][0]["counts"].dump(),
             without_timing(read_json("c.json"))["runs"][0]["counts"].dump());
}

TEST_F(Cli, FormatsOnStdout) {
   Outcome csv = memfrag("run --plugin buddy --workload mixed-70 --quiet --format csv" + kQuick);
   ASSERT_EQ(csv.exit_code, 0) << csv.err;
   EXPECT_EQ(csv.out.rfind("plugin,workload,repetition,seed,status,metric,order,class,value", 0),
             0u) << csv.out.substr(0, 200);
   Outcome json = memfrag("run --plugin buddy --workload mixed-70 --quiet --format json" + kQuick);
   ASSERT_EQ(json.exit_code, 0) << json.err;
   EXPECT_EQ(nlohmann::json::parse(json.out)["runs"].size(), 1u);
   Outcome markdown = memfrag("run --plugin buddy --workload mixed-70 --quiet --format md" + kQuick);
   ASSERT_EQ(markdown.exit_code, 0) << markdown.err;
   EXPECT_NE(markdown.out.find("| "), std::string::npos);
   EXPECT_TRUE(json.err.empty()) << "diagnostics leaked: " << json.err;
}

// The README's main job: every built-in plugin on every built-in workload, where workload files
// may set plugin parameters of their own.
// Under AddressSanitizer the suite runs at 100,000 operations per workload: still every plugin
// on every workload, in a quarter of the time of the full size there (over 200 s).
#if defined(__SANITIZE_ADDRESS__)
const std::string kDefaultSuiteSize = " --set workload.ops=100000";
#else
const std::string kDefaultSuiteSize;
#endif

TEST_F(Cli, DefaultSuiteRunsEveryBuiltinPluginOnEveryBuiltinWorkload) {
   Outcome outcome = memfrag("run --quiet --output all.json --output all.md --output all.csv" +
                             kDefaultSuiteSize);
   ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
   nlohmann::json document = read_json("all.json");
   EXPECT_EQ(document["runs"].size(), document["plugins"].size() * document["workloads"].size());
   EXPECT_GE(document["plugins"].size(), 2u);
   for (const auto &run : document["runs"]) {
      EXPECT_EQ(run["status"], "ok") << run["plugin"] << " x " << run["workload"];
   }
   EXPECT_NE(slurp(dir_ / "all.md").find("## Workload `mixed-70`"), std::string::npos);
   EXPECT_FALSE(slurp(dir_ / "all.csv").empty());
}

TEST_F(Cli, OutputDirectoriesAreCreatedAndAnImpossibleOneFailsBeforeAnyRun) {
   Outcome outcome = memfrag("run --plugin buddy --workload mixed-70 --quiet" + kQuick +
                             "--output nested/dir/results.json");
   ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
   EXPECT_EQ(read_json("nested/dir/results.json")["runs"].size(), 1u);
   write("a-file", "");
   Outcome impossible = memfrag("run --plugin buddy --workload mixed-70 --quiet" + kQuick +
                                "--output a-file/results.json");
   EXPECT_EQ(impossible.exit_code, 2);
   EXPECT_NE(impossible.err.find("--output a-file/results.json: cannot create a-file"),
             std::string::npos) << impossible.err;
}

TEST_F(Cli, UnknownPluginIsBadInput) {
   Outcome outcome = memfrag("run --plugin budy --workload mixed-70");
   EXPECT_EQ(outcome.exit_code, 2);
   EXPECT_NE(outcome.err.find("budy: no built-in plugin by that name (did you mean 'buddy'?)"),
             std::string::npos) << outcome.err;
}

TEST_F(Cli, WrongAbiVersionIsBadInput) {
   Outcome outcome = memfrag("run --plugin " + fixture("wrong-abi-version") + " --workload mixed-70");
   EXPECT_EQ(outcome.exit_code, 2);
   EXPECT_NE(outcome.err.find("built for memfrag plugin ABI 2.0.0, this host speaks 1.x"),
             std::string::npos) << outcome.err;
}

TEST_F(Cli, MistypedParameterSuggestsTheNearest) {
   Outcome outcome = memfrag("run --plugin buddy --workload mixed-70 --set buddy.max_ordr=3");
   EXPECT_EQ(outcome.exit_code, 2);
   EXPECT_NE(outcome.err.find("buddy.max_ordr: allocator 'buddy' has no such parameter (did you "
                              "mean 'max_order'?)"),
             std::string::npos) << outcome.err;
   Outcome range = memfrag("run --plugin buddy --workload mixed-70 --set buddy.max_order=99");
   EXPECT_EQ(range.exit_code, 2);
   EXPECT_NE(range.err.find("buddy.max_order: expected an integer in 0..20, got '99'"),
             std::string::npos) << range.err;
}

TEST_F(Cli, MalformedWorkloadNamesFileLineAndColumn) {
   write("broken.toml", "[workload]\nname = \"broken\"\nframes = 4096\nopps = 100\n");
   Outcome outcome = memfrag("run --plugin buddy --workload broken.toml");
   EXPECT_EQ(outcome.exit_code, 2);
   EXPECT_TRUE(std::regex_search(outcome.err, std::regex(R"(broken\.toml:4:1: .*opps.*'ops')")))
      << outcome.err;
   write("syntax.toml", "[workload\nname = 1\n");
   Outcome syntax = memfrag("run --plugin buddy --workload syntax.toml");
   EXPECT_EQ(syntax.exit_code, 2);
   EXPECT_TRUE(std::regex_search(syntax.err, std::regex(R"(syntax\.toml:1:\d+)"))) << syntax.err;
}

TEST_F(Cli, CrashingPluginIsReportedAndOtherRunsComplete) {
   Outcome outcome = memfrag("run --plugin " + fixture("crash-on-alloc") +
                             " --plugin buddy --workload mixed-70 --quiet" + kQuick +
                             "--output results.json");
   EXPECT_EQ(outcome.exit_code, 1) << outcome.err;
   nlohmann::json document = read_json("results.json");
   ASSERT_EQ(document["runs"].size(), 2u);
   EXPECT_EQ(document["runs"][0]["status"], "crashed");
   EXPECT_NE(document["runs"][0]["message"].get<std::string>().find("SIGSEGV"), std::string::npos);
   EXPECT_EQ(document["runs"][0]["last_op"]["kind"], "alloc");
   EXPECT_EQ(document["runs"][1]["status"], "ok");
   EXPECT_NE(outcome.err.find("crashed: SIGSEGV (Segmentation fault) during operation"),
             std::string::npos) << outcome.err;
}

TEST_F(Cli, HangingPluginIsKilledAtItsTimeLimit) {
   Outcome outcome = memfrag("run --plugin " + fixture("hang-on-alloc") +
                             " --plugin buddy --workload mixed-70 --quiet --timeout 2" + kQuick +
                             "--output results.json");
   EXPECT_EQ(outcome.exit_code, 1);
   nlohmann::json document = read_json("results.json");
   ASSERT_EQ(document["runs"].size(), 2u);
   EXPECT_EQ(document["runs"][0]["status"], "timeout");
   EXPECT_EQ(document["runs"][1]["status"], "ok");
}

TEST_F(Cli, OverlappingBlocksMakeTheRunInvalid) {
   Outcome outcome = memfrag("run --plugin " + fixture("overlapping-blocks") +
                             " --workload mixed-70 --quiet" + kQuick + "--output results.json");
   EXPECT_EQ(outcome.exit_code, 1);
   nlohmann::json run = read_json("results.json")["runs"][0];
   EXPECT_EQ(run["status"], "invalid");
   EXPECT_EQ(run["violation"]["kind"], "overlap");
   EXPECT_EQ(run["violation"]["frame"], 0);
   // Without the checker nobody stops the plugin: it may corrupt its own metadata and crash,
   // but no violation is reported.
   Outcome unchecked = memfrag("run --plugin " + fixture("overlapping-blocks") +
                               " --workload mixed-70 --quiet --no-check" + kQuick +
                               "--output unchecked.json");
   nlohmann::json unchecked_run = read_json("unchecked.json")["runs"][0];
   EXPECT_NE(unchecked_run["status"], "invalid") << unchecked.err;
   EXPECT_TRUE(unchecked_run["violation"].is_null());
}

TEST_F(Cli, FailedValidateMakesTheRunInvalid) {
   Outcome outcome = memfrag("run --plugin " + fixture("validate-fails") +
                             " --workload mixed-70 --quiet" + kQuick + "--output results.json");
   EXPECT_EQ(outcome.exit_code, 1);
   nlohmann::json run = read_json("results.json")["runs"][0];
   EXPECT_EQ(run["status"], "invalid");
   EXPECT_NE(run["validate_failure"].get<std::string>().find("free stack holds"),
             std::string::npos);
}

TEST_F(Cli, SampleCapturesReplayWithEveryBuiltinPlugin) {
   for (const char *capture : {"find-python.ftrace.txt.zst", "xz.perfscript.txt.zst"}) {
      std::string path = std::string(MEMFRAG_TRACE_SAMPLES) + "/" + capture;
      if (!fs::exists(path)) {
         GTEST_SKIP() << "sample captures not found at " << MEMFRAG_TRACE_SAMPLES;
      }
      Outcome outcome = memfrag("run --workload trace:" + path + " --quiet --output replay.json");
      ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
      nlohmann::json document = read_json("replay.json");
      ASSERT_GE(document["runs"].size(), 2u);
      for (const auto &run : document["runs"]) {
         EXPECT_EQ(run["status"], "ok") << capture << ": " << run["plugin"];
         EXPECT_GT(run["counts"]["ops"].get<std::uint64_t>(), 50000u);
      }
      EXPECT_EQ(document["workloads"][0]["spec"]["kind"], "trace");
   }
}

TEST_F(Cli, ReplayingTheConvertedBinaryTraceGivesTheSameResultsAsTheText) {
   std::string text = std::string(MEMFRAG_TRACE_SAMPLES) + "/xz.perfscript.txt.zst";
   if (!fs::exists(text)) {
      GTEST_SKIP() << "sample captures not found at " << MEMFRAG_TRACE_SAMPLES;
   }
   ASSERT_EQ(memfrag("trace convert " + text + " -o capture.mft").exit_code, 0);
   std::string run = "run --plugin buddy --plugin frame-stack --quiet --workload trace:";
   ASSERT_EQ(memfrag(run + text + " --output text.json").exit_code, 0);
   ASSERT_EQ(memfrag(run + "capture.mft --output binary.json").exit_code, 0);
   nlohmann::json from_text = without_timing(read_json("text.json"));
   nlohmann::json from_binary = without_timing(read_json("binary.json"));
   ASSERT_EQ(from_text["runs"].size(), 2u);
   for (std::size_t i = 0; i < 2; ++i) {
      EXPECT_EQ(from_text["runs"][i]["status"], "ok");
      EXPECT_TRUE(from_text["runs"][i]["counts"] == from_binary["runs"][i]["counts"])
         << "run " << i << " differs between the text and the binary trace";
   }
}

TEST_F(Cli, InterruptWritesWhatCompletedMarkedIncomplete) {
   pid_t pid = fork();
   ASSERT_GE(pid, 0);
   if (pid == 0) {
      chdir(dir_.c_str());
      std::string plugin = fixture("hang-on-alloc");
      execl(MEMFRAG_BINARY, MEMFRAG_BINARY, "run", "--plugin", "buddy", "--plugin",
            plugin.c_str(), "--workload", "mixed-70", "--quiet", "--timeout", "60", "--set",
            "workload.ops=20000", "--set", "workload.frames=4096", "--output", "results.json",
            static_cast<char *>(nullptr));
      _exit(127);
   }
   std::this_thread::sleep_for(std::chrono::seconds(3));
   kill(pid, SIGINT);
   int status = 0;
   waitpid(pid, &status, 0);
   ASSERT_TRUE(WIFEXITED(status));
   EXPECT_EQ(WEXITSTATUS(status), 130);
   nlohmann::json document = read_json("results.json");
   EXPECT_EQ(document["complete"], false);
   ASSERT_EQ(document["runs"].size(), 1u);
   EXPECT_EQ(document["runs"][0]["plugin"], "buddy");
}

} // namespace
