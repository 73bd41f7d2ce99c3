// End-to-end tests of the platform options of the memfrag command: region backing (4k, THP,
// hugetlb, auto), huge-page reservation and its restoration, and memfrag doctor. Tests that need
// root or free huge pages skip with the reason when the machine cannot give them.
#include <gtest/gtest.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <thread>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

#include "tests/support/command_test.hpp"

namespace {

namespace fs = std::filesystem;

using Outcome = memfrag::test::CommandOutcome;
using memfrag::test::slurp;

const std::string kPool2m = "/sys/kernel/mm/hugepages/hugepages-2048kB/";
const std::string kShmemThp = "/sys/kernel/mm/transparent_hugepage/shmem_enabled";
// 4096 frames: 16 MiB, eight 2 MiB backing pages.
const std::string kQuick = " --plugin buddy --workload mixed-70 --quiet --set workload.ops=20000 "
                           "--set workload.frames=4096 ";

std::uint64_t read_number(const std::string &path) {
   std::ifstream in(path);
   std::uint64_t value = 0;
   in >> value;
   return value;
}

void write_text(const std::string &path, const std::string &text) {
   std::ofstream(path) << text << '\n';
}

// The selected choice of a sysfs file such as "always [advise] never".
std::string selected(const std::string &path) {
   std::string line = slurp(path);
   auto open = line.find('[');
   auto close = line.find(']');
   return open == std::string::npos ? "" : line.substr(open + 1, close - open - 1);
}

// Puts a sysfs setting back as it was when the guard was made.
class SettingGuard {
 public:
   SettingGuard(std::string path, std::string previous)
      : path_(std::move(path)), previous_(std::move(previous)) {}
   ~SettingGuard() { write_text(path_, previous_); }
   SettingGuard(const SettingGuard &) = delete;
   SettingGuard &operator=(const SettingGuard &) = delete;

 private:
   std::string path_, previous_;
};

class Platform : public memfrag::test::CommandTest {
 protected:
   void expect_valid(const std::string &name) const {
      std::string validate = "/usr/bin/python3 -m jsonschema -i '" + (dir_ / name).string() +
                             "' '" MEMFRAG_SCHEMA "' 2>&1";
      EXPECT_EQ(std::system(validate.c_str()), 0) << "schema validation failed";
   }
};

bool root() { return geteuid() == 0; }

TEST_F(Platform, FourKRunRecordsBackingAskedAndObtained) {
   Outcome outcome = memfrag("run" + kQuick + "--output results.json");
   ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
   nlohmann::json document = read_json("results.json");
   const auto &backing = document["runs"][0]["backing"];
   EXPECT_EQ(backing["asked"], "4k");
   EXPECT_EQ(backing["obtained"], "4k");
   EXPECT_EQ(backing["page_bytes"], 4096);
   EXPECT_EQ(backing["pages"], 4096);
   EXPECT_EQ(backing["mapped_frames"], 4096);
   EXPECT_EQ(document["environment"]["region_backing"]["resolved"], "4k");
   EXPECT_TRUE(document["environment"]["machine"]["hugepage_pools"].is_array());
   EXPECT_TRUE(document["environment"]["warnings"].is_array());
   expect_valid("results.json");
}

TEST_F(Platform, HugetlbRunRoundsTheMappingUpToWholeHugePages) {
   if (!root()) {
      GTEST_SKIP() << "reserving 2 MiB huge pages needs root";
   }
   const std::uint64_t pool = read_number(kPool2m + "nr_hugepages");
   SettingGuard restore(kPool2m + "nr_hugepages", std::to_string(pool));
   write_text(kPool2m + "nr_hugepages", std::to_string(pool + 8));
   if (read_number(kPool2m + "free_hugepages") < 8) {
      GTEST_SKIP() << "the kernel could not find 8 free 2 MiB huge pages";
   }
   Outcome outcome = memfrag("run" + kQuick +
                             "--set workload.frames=4000 --backing hugetlb-2m --prefault --lock "
                             "--output results.json");
   ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
   nlohmann::json document = read_json("results.json");
   const auto &run = document["runs"][0];
   EXPECT_EQ(run["status"], "ok") << run["message"];
   EXPECT_EQ(run["backing"]["obtained"], "hugetlb-2m");
   EXPECT_EQ(run["backing"]["page_bytes"], 2 << 20);
   EXPECT_EQ(run["backing"]["pages"], 8);
   EXPECT_EQ(run["backing"]["mapped_frames"], 4096);
   EXPECT_EQ(run["backing"]["prefaulted"], true);
   EXPECT_EQ(run["backing"]["locked"], true);
   expect_valid("results.json");
}

TEST_F(Platform, ThpRunReportsHugePageCoverage) {
   std::unique_ptr<SettingGuard> restore;
   if (root() && selected(kShmemThp) != "advise") {
      restore = std::make_unique<SettingGuard>(kShmemThp, selected(kShmemThp));
      write_text(kShmemThp, "advise");
   }
   if (selected(kShmemThp) != "advise" && selected(kShmemThp) != "always") {
      GTEST_SKIP() << "shmem transparent huge pages are off and this test is not root";
   }
   Outcome outcome = memfrag("run" + kQuick + "--backing thp --prefault --output results.json");
   ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
   const nlohmann::json document = read_json("results.json");
   const auto &backing = document["runs"][0]["backing"];
   EXPECT_EQ(backing["asked"], "thp");
   ASSERT_TRUE(backing["thp_bytes"].is_number()) << backing;
   EXPECT_GT(backing["thp_bytes"].get<std::uint64_t>(), 0u) << backing;
   EXPECT_EQ(backing["obtained"], "thp");
   expect_valid("results.json");
}

TEST_F(Platform, ThpWhenShmemHugePagesAreOffIsAnErrorSayingHowToEnable) {
   std::unique_ptr<SettingGuard> restore;
   if (root() && selected(kShmemThp) != "never") {
      restore = std::make_unique<SettingGuard>(kShmemThp, selected(kShmemThp));
      write_text(kShmemThp, "never");
   }
   if (selected(kShmemThp) != "never") {
      GTEST_SKIP() << "shmem transparent huge pages are on and this test is not root";
   }
   Outcome outcome = memfrag("run" + kQuick + "--backing thp --output results.json");
   EXPECT_EQ(outcome.exit_code, 2);
   EXPECT_NE(outcome.err.find("echo advise > " + kShmemThp), std::string::npos) << outcome.err;
   EXPECT_FALSE(fs::exists(dir_ / "results.json"));
}

TEST_F(Platform, AutoFallsBackWithAWarningWhenNoHugePagesAreFree) {
   if (read_number(kPool2m + "free_hugepages") != 0 ||
       read_number("/sys/kernel/mm/hugepages/hugepages-1048576kB/free_hugepages") != 0) {
      GTEST_SKIP() << "huge pages are free on this machine";
   }
   Outcome outcome = memfrag("run" + kQuick + "--backing auto --output results.json");
   ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
   EXPECT_NE(outcome.err.find("memfrag: warning: --backing auto: no hugetlb backing"),
             std::string::npos)
      << outcome.err;
   nlohmann::json document = read_json("results.json");
   EXPECT_EQ(document["runs"][0]["backing"]["asked"], "auto");
   EXPECT_NE(document["runs"][0]["backing"]["obtained"], "hugetlb-2m");
   ASSERT_FALSE(document["environment"]["warnings"].empty());
   EXPECT_NE(document["environment"]["warnings"][0].get<std::string>().find("--backing auto"),
             std::string::npos);
   expect_valid("results.json");
}

TEST_F(Platform, ExplicitHugetlbWithoutFreePagesSaysHowManyAndHowToReserve) {
   if (read_number(kPool2m + "free_hugepages") != 0) {
      GTEST_SKIP() << "2 MiB huge pages are free on this machine";
   }
   Outcome outcome = memfrag("run" + kQuick + "--backing hugetlb-2m --output results.json");
   EXPECT_EQ(outcome.exit_code, 2);
   EXPECT_NE(outcome.err.find("needs 8 free huge pages of 2 MiB"), std::string::npos)
      << outcome.err;
   EXPECT_NE(outcome.err.find("--reserve-hugepages 8:2m"), std::string::npos) << outcome.err;
   EXPECT_NE(outcome.err.find("echo 8 > " + kPool2m + "nr_hugepages"), std::string::npos)
      << outcome.err;
   EXPECT_FALSE(fs::exists(dir_ / "results.json"));
}

TEST_F(Platform, ReservationIsRestoredAfterARun) {
   if (!root()) {
      GTEST_SKIP() << "reserving huge pages needs root";
   }
   const std::uint64_t pool = read_number(kPool2m + "nr_hugepages");
   Outcome outcome = memfrag("run" + kQuick +
                             "--reserve-hugepages 8:2m --backing hugetlb-2m --output results.json");
   ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
   EXPECT_EQ(read_number(kPool2m + "nr_hugepages"), pool);
   nlohmann::json document = read_json("results.json");
   EXPECT_EQ(document["runs"][0]["backing"]["obtained"], "hugetlb-2m");
   EXPECT_EQ(document["environment"]["hugepage_reservation"][0]["pages"], 8);
   expect_valid("results.json");
}

TEST_F(Platform, ReservationIsRestoredAfterAFailingRun) {
   if (!root()) {
      GTEST_SKIP() << "reserving huge pages needs root";
   }
   const std::uint64_t pool = read_number(kPool2m + "nr_hugepages");
   Outcome outcome = memfrag("run --plugin " + std::string(MEMFRAG_FIXTURE_DIR) +
                             "/libfixture-crash-on-alloc.so --workload mixed-70 --quiet "
                             "--set workload.frames=4096 --reserve-hugepages 8@0 "
                             "--backing hugetlb-2m --output results.json");
   EXPECT_EQ(outcome.exit_code, 1) << outcome.err;
   EXPECT_EQ(read_json("results.json")["runs"][0]["status"], "crashed");
   EXPECT_EQ(read_number(kPool2m + "nr_hugepages"), pool);
}

TEST_F(Platform, ReservationIsRestoredAfterAnInterrupt) {
   if (!root()) {
      GTEST_SKIP() << "reserving huge pages needs root";
   }
   const std::uint64_t pool = read_number(kPool2m + "nr_hugepages");
   const std::uint64_t free_before = read_number(kPool2m + "free_hugepages");
   pid_t pid = fork();
   ASSERT_GE(pid, 0);
   if (pid == 0) {
      if (chdir(dir_.c_str()) != 0) {
         _exit(127);
      }
      const std::string plugin = std::string(MEMFRAG_FIXTURE_DIR) + "/libfixture-hang-on-alloc.so";
      execl(MEMFRAG_BINARY, MEMFRAG_BINARY, "run", "--plugin", plugin.c_str(), "--workload",
            "mixed-70", "--quiet", "--timeout", "60", "--set", "workload.frames=4096",
            "--reserve-hugepages", "8", "--backing", "hugetlb-2m", "--output", "results.json",
            static_cast<char *>(nullptr));
      _exit(127);
   }
   std::this_thread::sleep_for(std::chrono::seconds(3));
   EXPECT_EQ(read_number(kPool2m + "nr_hugepages"),
             pool + 8 - std::min<std::uint64_t>(8, free_before));
   kill(pid, SIGINT);
   int status = 0;
   waitpid(pid, &status, 0);
   ASSERT_TRUE(WIFEXITED(status));
   EXPECT_EQ(WEXITSTATUS(status), 130);
   EXPECT_EQ(read_number(kPool2m + "nr_hugepages"), pool);
}

TEST_F(Platform, MalformedReservationIsBadInput) {
   Outcome outcome = memfrag("run" + kQuick + "--reserve-hugepages 8:3m");
   EXPECT_EQ(outcome.exit_code, 2);
   EXPECT_NE(outcome.err.find("expected N[:2m|1g][@node]"), std::string::npos) << outcome.err;
}

TEST_F(Platform, DoctorExplainsEachFact) {
   Outcome outcome = memfrag("doctor");
   ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
   for (const char *fact : {"cpu:", "numa nodes:", "huge-page pools:", "transparent huge pages:",
                            "cpu frequency:", "aslr:", "perf counters:", "pagemap:",
                            "privileges:"}) {
      EXPECT_NE(outcome.out.find(fact), std::string::npos) << fact << "\n" << outcome.out;
   }
}

TEST_F(Platform, DoctorJsonHasTheFingerprintAndTheChecks) {
   Outcome outcome = memfrag("doctor --json");
   ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
   nlohmann::json doctor = nlohmann::json::parse(outcome.out);
   const auto &print = doctor["fingerprint"];
   for (const char *key : {"cpu_model", "cpus", "numa_nodes", "hugepage_pools", "thp",
                           "cpufreq_governor", "boost", "aslr", "perf_event_paranoid",
                           "pagemap_frames", "root"}) {
      EXPECT_TRUE(print.contains(key)) << key;
   }
   EXPECT_EQ(print["root"], root());
   EXPECT_EQ(print["pagemap_frames"], root());
   ASSERT_FALSE(doctor["checks"].empty());
   for (const auto &check : doctor["checks"]) {
      for (const char *key : {"name", "value", "fine", "meaning", "fix"}) {
         EXPECT_TRUE(check.contains(key)) << key << " in " << check;
      }
   }
}

} // namespace
