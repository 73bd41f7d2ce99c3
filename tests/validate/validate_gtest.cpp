// The validator's checks: every built-in plugin passes them all, and each fixture with a planted
// defect fails exactly the check that is about its defect.
#include "core/validate/registry.hpp"
#include "core/validate/validator.hpp"

#include <algorithm>
#include <gtest/gtest.h>
#include <map>
#include <string>

namespace memfrag::validate {
namespace {

constexpr std::uint64_t kSeed = 42;

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kMallocStatisticsHidden = true; // AddressSanitizer replaces malloc
#else
constexpr bool kMallocStatisticsHidden = false;
#endif

ValidationReport validate_file(const std::string &path) {
   ValidateOptions options;
   options.path = path;
   options.seed = kSeed;
   options.time_limit = std::chrono::seconds(10);
   return validate_plugin(options);
}

std::map<std::string, Verdict> verdicts_of(const ValidationReport &report) {
   std::map<std::string, Verdict> verdicts;
   for (const auto &check : report.checks) {
      verdicts[check.name] = check.verdict;
   }
   return verdicts;
}

std::string fixture(const std::string &name) {
   return std::string(MEMFRAG_FIXTURE_DIR) + "/libfixture-" + name + ".so";
}

std::string failed_checks(const ValidationReport &report) {
   std::string failed;
   for (const auto &check : report.checks) {
      if (check.verdict == Verdict::fail) {
         failed += (failed.empty() ? "" : " ") + check.name;
      }
   }
   return failed;
}

class BuiltinPlugin : public testing::TestWithParam<std::string> {};

TEST_P(BuiltinPlugin, PassesEveryCheckThatApplies) {
   ValidationReport report =
       validate_file(std::string(MEMFRAG_BUILD_PLUGIN_DIR) + "/lib" + GetParam() + ".so");
   for (const auto &check : report.checks) {
      EXPECT_NE(check.verdict, Verdict::fail) << check.name << ": " << check.reason;
   }
   EXPECT_EQ(report.checks.size(), all_checks().size());
   EXPECT_EQ(verdicts_of(report)["concurrency"], Verdict::skip) << "not declared thread-safe";
   EXPECT_TRUE(report.passed());
}

INSTANTIATE_TEST_SUITE_P(Builtin, BuiltinPlugin,
                         testing::Values("buddy", "extent", "frame-stack", "kswapd-order", "lumpy",
                                         "mobility", "compaction"),
                         [](const testing::TestParamInfo<std::string> &param) {
                            std::string name = param.param;
                            std::replace(name.begin(), name.end(), '-', '_');
                            return name;
                         });

TEST(ExactSizeBuiltinPlugin, ExtentPassesTheExactSizeCheckWhichBuddySkips) {
   const std::string dir = std::string(MEMFRAG_BUILD_PLUGIN_DIR);
   EXPECT_EQ(verdicts_of(validate_file(dir + "/libextent.so"))["exact-size"], Verdict::pass);
   EXPECT_EQ(verdicts_of(validate_file(dir + "/libbuddy.so"))["exact-size"], Verdict::skip);
}

TEST(ThreadSafeBuiltinPlugin, BuddyWithPerCpuListsPassesTheConcurrencyCheckToo) {
   ValidationReport report =
       validate_file(std::string(MEMFRAG_BUILD_PLUGIN_DIR) + "/libbuddy-pcp.so");
   EXPECT_EQ(failed_checks(report), "");
   EXPECT_EQ(verdicts_of(report)["concurrency"], Verdict::pass);
   EXPECT_TRUE(report.passed());
}

struct PlantedDefect {
   const char *fixture;
   const char *failing_check;
};

class DefectFixture : public testing::TestWithParam<PlantedDefect> {};

TEST_P(DefectFixture, FailsOnlyTheCheckAboutItsDefect) {
   if (kMallocStatisticsHidden && std::string(GetParam().fixture) == "leak") {
      GTEST_SKIP() << "the leak check needs glibc's malloc statistics";
   }
   ValidationReport report = validate_file(fixture(GetParam().fixture));
   EXPECT_EQ(failed_checks(report), GetParam().failing_check);
   EXPECT_FALSE(report.passed());
}

INSTANTIATE_TEST_SUITE_P(Planted, DefectFixture,
                         testing::Values(PlantedDefect{"overlapping-blocks", "contract"},
                                         PlantedDefect{"double-handout", "contract"},
                                         PlantedDefect{"validate-fails", "contract"},
                                         PlantedDefect{"write-outside-metadata", "metadata-bounds"},
                                         PlantedDefect{"crash-on-alloc", "contract"},
                                         PlantedDefect{"hang-on-alloc", "contract"},
                                         PlantedDefect{"leak", "leak"},
                                         PlantedDefect{"wrong-abi-version", "loads"},
                                         PlantedDefect{"invalid-id", "descriptor"},
                                         PlantedDefect{"thread-safe-racy", "concurrency"},
                                         PlantedDefect{"overlapping-runs", "exact-size"}),
                         [](const testing::TestParamInfo<PlantedDefect> &param) {
                            std::string name = param.param.fixture;
                            std::replace(name.begin(), name.end(), '-', '_');
                            return name;
                         });

TEST(Validator, AThreadSafePluginIsDrivenFromSeveralThreads) {
   ValidationReport report = validate_file(fixture("thread-safe-locked"));
   EXPECT_EQ(verdicts_of(report)["concurrency"], Verdict::pass);
   EXPECT_TRUE(report.passed()) << failed_checks(report);
}

TEST(Validator, ReasonsNameWhatWentWrong) {
   auto reason_of = [](const std::string &name, const std::string &check) {
      for (const auto &report : validate_file(fixture(name)).checks) {
         if (report.name == check) {
            return report.reason;
         }
      }
      return std::string();
   };
   EXPECT_NE(reason_of("double-handout", "contract").find("the same block is already handed out"),
             std::string::npos);
   EXPECT_NE(reason_of("crash-on-alloc", "contract").find("SIGSEGV"), std::string::npos);
   EXPECT_NE(reason_of("write-outside-metadata", "metadata-bounds").find("outside its"),
             std::string::npos);
   EXPECT_NE(reason_of("wrong-abi-version", "loads").find("ABI 2.0.0"), std::string::npos);
}

TEST(Validator, ChecksSkippedWhenWhatTheyNeedFailed) {
   auto verdicts = verdicts_of(validate_file(fixture("overlapping-blocks")));
   EXPECT_EQ(verdicts["drain"], Verdict::skip);
   EXPECT_EQ(verdicts["determinism"], Verdict::skip);
   EXPECT_EQ(verdicts["exports"], Verdict::pass);
}

TEST(Validator, SameSeedSameReasons) {
   EXPECT_EQ(validate_file(fixture("double-handout")).checks[4].reason,
             validate_file(fixture("double-handout")).checks[4].reason);
}

TEST(Validator, UnknownCheckNameIsRefused) {
   ValidateOptions options;
   options.path = fixture("leak");
   options.checks = {"contrakt"};
   EXPECT_THROW(validate_plugin(options), std::invalid_argument);
}

} // namespace
} // namespace memfrag::validate
