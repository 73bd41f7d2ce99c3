// End-to-end tests of placement on the built command: worker CPUs (--cpus, --threads), NUMA
// nodes (--node, --cpu-node, --mem-node), the physical contiguity check (--contiguity) and the
// first-touch figures, as recorded in the results document; bad input exits with 2 before any
// run. Node 0 and CPU 0 exist on every Linux machine; tests that need a second CPU, root or
// free huge pages skip with the reason.
#include "tests/support/command_test.hpp"

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <string>
#include <sys/stat.h>
#include <unistd.h>

namespace {

using Outcome = memfrag::test::CommandOutcome;
using nlohmann::json;

const std::string kQuick = " --plugin buddy --workload mixed-70 --quiet --set workload.ops=20000 "
                           "--set workload.frames=4096 ";
const std::string kPool2m = "/sys/kernel/mm/hugepages/hugepages-2048kB/nr_hugepages";

std::uint64_t read_number(const std::string &path) {
   std::ifstream in(path);
   std::uint64_t value = 0;
   in >> value;
   return value;
}

bool root() {
   return geteuid() == 0;
}

class Placement : public memfrag::test::CommandTest {
 protected:
   void expect_valid(const std::string &name) const {
      const std::string validate = "/usr/bin/python3 -m jsonschema -i '" + (dir_ / name).string() +
                                   "' '" MEMFRAG_SCHEMA "' 2>&1";
      EXPECT_EQ(std::system(validate.c_str()), 0) << "schema validation failed";
   }
   // A run that must fail before any run with exit code 2, saying `expected` on stderr.
   void expect_bad_input(const std::string &options, const std::string &expected) const {
      const Outcome outcome = memfrag("run" + kQuick + options + " --output results.json");
      EXPECT_EQ(outcome.exit_code, 2) << outcome.err;
      EXPECT_NE(outcome.err.find(expected), std::string::npos) << outcome.err;
      EXPECT_FALSE(std::filesystem::exists(dir_ / "results.json"));
   }
   json run_ok(const std::string &options) const {
      const Outcome outcome = memfrag("run" + kQuick + options + " --output results.json");
      EXPECT_EQ(outcome.exit_code, 0) << outcome.err;
      json document = read_json("results.json");
      EXPECT_EQ(document["runs"][0]["status"], "ok") << document["runs"][0]["message"];
      expect_valid("results.json");
      return document;
   }
};

std::uint64_t pages_on_nodes(const json &placement) {
   std::uint64_t pages = 0;
   for (const auto &entry : placement["backing_pages_by_node"]) {
      pages += entry["backing_pages"].get<std::uint64_t>();
   }
   return pages;
}

TEST_F(Placement, NodeAndCpusAreRecordedAsAskedAndObtained) {
   if (sysconf(_SC_NPROCESSORS_ONLN) < 2) {
      GTEST_SKIP() << "needs CPUs 0 and 1";
   }
   const json document = run_ok("--node 0 --cpus 0-1 --threads 1");
   const json &placement = document["runs"][0]["placement"];
   ASSERT_EQ(placement["workers"].size(), 1u) << placement;
   const json &worker = placement["workers"][0];
   EXPECT_EQ(worker["cpu"], 0);
   EXPECT_EQ(worker["pinned"], true);
   EXPECT_EQ(worker["running_on"], 0);
   EXPECT_EQ(worker["node"], 0);
   EXPECT_EQ(placement["cpu_node"], 0);
   EXPECT_EQ(placement["mem_node"], 0);
   EXPECT_EQ(placement["mem_bound"], true);
   ASSERT_EQ(placement["backing_pages_by_node"].size(), 1u) << placement;
   EXPECT_EQ(placement["backing_pages_by_node"][0]["node"], 0);
   EXPECT_EQ(pages_on_nodes(placement) +
                 placement["backing_pages_not_present"].get<std::uint64_t>(),
             document["runs"][0]["backing"]["pages"].get<std::uint64_t>());
   EXPECT_TRUE(placement["warnings"].empty()) << placement["warnings"];
   const json &asked = document["environment"]["placement"];
   EXPECT_EQ(asked["threads"], 1);
   EXPECT_EQ(asked["worker_cpus"], json::array({0}));
   EXPECT_EQ(asked["cpu_node"], 0);
   EXPECT_EQ(asked["mem_node"], 0);
}

TEST_F(Placement, ACpuOfTheListIsWhereTheWorkerRuns) {
   if (sysconf(_SC_NPROCESSORS_ONLN) < 2) {
      GTEST_SKIP() << "needs a second CPU";
   }
   const json document = run_ok("--cpus 1");
   const json &worker = document["runs"][0]["placement"]["workers"][0];
   EXPECT_EQ(worker["cpu"], 1);
   EXPECT_EQ(worker["running_on"], 1);
   EXPECT_EQ(document["runs"][0]["placement"]["mem_node"], nullptr);
   EXPECT_EQ(document["runs"][0]["placement"]["mem_bound"], false);
}

TEST_F(Placement, WithoutPlacementOptionsTheWorkerIsPinnedToTheFirstCore) {
   const json document = run_ok("");
   const json &worker = document["runs"][0]["placement"]["workers"][0];
   EXPECT_EQ(worker["pinned"], true);
   EXPECT_EQ(worker["cpu"], document["environment"]["placement"]["worker_cpus"][0]);
   EXPECT_EQ(worker["running_on"], worker["cpu"]);
}

TEST_F(Placement, CpuNodeAndMemNodeApart) {
   const json document = run_ok("--cpu-node 0 --mem-node 0");
   const json &placement = document["runs"][0]["placement"];
   EXPECT_EQ(placement["cpu_node"], 0);
   EXPECT_EQ(placement["mem_node"], 0);
   EXPECT_EQ(placement["mem_bound"], true);
   EXPECT_EQ(placement["workers"][0]["node"], 0);
}

TEST_F(Placement, BadCpuListsAreBadInput) {
   expect_bad_input("--cpus 2-", "--cpus 2-: CPU list '2-': '2-' is not a CPU number or range");
   expect_bad_input("--cpus 3-1", "range 3-1 runs backwards");
   expect_bad_input("--cpus 0,0", "CPU 0 is listed twice");
   expect_bad_input("--cpus 4095", "--cpus 4095: CPU 4095 does not exist (this machine has CPUs");
}

TEST_F(Placement, ACpuThisProcessMayNotUseIsBadInput) {
   if (sysconf(_SC_NPROCESSORS_ONLN) < 2) {
      GTEST_SKIP() << "needs a second CPU";
   }
   const Outcome outcome = memfrag::test::run_in(
       dir_, "/usr/bin/taskset", "-c 0 '" MEMFRAG_BINARY "' run" + kQuick + "--cpus 1");
   EXPECT_EQ(outcome.exit_code, 2) << outcome.err;
   EXPECT_NE(outcome.err.find("--cpus 1: CPU 1 is not allowed to this process (it may run on "
                              "CPUs 0;"),
             std::string::npos)
       << outcome.err;
}

TEST_F(Placement, BadNodesAreBadInput) {
   expect_bad_input("--node 7", "--node 7: NUMA node 7 does not exist (this machine has node");
   expect_bad_input("--mem-node 9", "--mem-node 9: NUMA node 9 does not exist");
   expect_bad_input("--cpu-node 8", "--cpu-node 8: NUMA node 8 does not exist");
   expect_bad_input("--node 0 --mem-node 0", "--node excludes --mem-node");
}

TEST_F(Placement, MoreThreadsThanCpusIsBadInput) {
   const auto cpus = static_cast<unsigned>(sysconf(_SC_NPROCESSORS_ONLN));
   expect_bad_input("--threads " + std::to_string(cpus + 1),
                    std::to_string(cpus + 1) + " worker threads need " + std::to_string(cpus + 1) +
                        " CPUs, but ");
   expect_bad_input("--cpus 0 --threads 2",
                    "--threads 2 --cpus 0: 2 worker threads need 2 CPUs, but 1 can be used "
                    "(CPUs 0 of the list 0)");
}

TEST_F(Placement, EachWorkerIsPinnedToACpuOfItsOwn) {
   if (sysconf(_SC_NPROCESSORS_ONLN) < 2) {
      GTEST_SKIP() << "needs two CPUs for two worker threads";
   }
   const json document = run_ok("--cpus 0-1 --threads 2");
   const json &run = document["runs"][0];
   EXPECT_EQ(run["execution"]["threads"], 2);
   const json &workers = run["placement"]["workers"];
   ASSERT_EQ(workers.size(), 2u) << run["placement"];
   for (unsigned index = 0; index < 2; ++index) {
      EXPECT_EQ(workers[index]["cpu"], index) << workers;
      EXPECT_EQ(workers[index]["pinned"], true) << workers;
      EXPECT_EQ(workers[index]["running_on"], index) << workers;
   }
   EXPECT_TRUE(run["placement"]["warnings"].empty()) << run["placement"]["warnings"];
}

TEST_F(Placement, FirstTouchesAndFaultsAreRecordedApartFromTheAllocator) {
   const json lazy = run_ok("");
   const json &first = lazy["runs"][0]["timing"]["first_touch"];
   EXPECT_GT(first["frames"].get<std::uint64_t>(), 0u) << first;
   EXPECT_GT(first["minor_faults"].get<std::uint64_t>(), 0u) << first;
   EXPECT_TRUE(first["ns_per_frame"].is_number()) << first;
   EXPECT_LE(first["ns"].get<std::uint64_t>(),
             lazy["runs"][0]["timing"]["touch_ns"].get<std::uint64_t>());
   EXPECT_GE(lazy["runs"][0]["timing"]["faults"]["minor"].get<std::uint64_t>(),
             first["minor_faults"].get<std::uint64_t>());
   std::filesystem::remove(dir_ / "results.json");
   const json prefaulted = run_ok("--prefault");
   const json &touched = prefaulted["runs"][0]["timing"]["first_touch"];
   EXPECT_EQ(touched["frames"], first["frames"]);
   EXPECT_LT(touched["minor_faults"].get<std::uint64_t>(),
             first["minor_faults"].get<std::uint64_t>() / 4)
       << touched;
}

TEST_F(Placement, ContiguityOnFourKBackingCountsEveryBlock) {
   if (!root()) {
      GTEST_SKIP() << "physical frame numbers are readable only as root";
   }
   const json document = run_ok("--contiguity");
   const json &run = document["runs"][0];
   const json &contiguity = run["contiguity"];
   ASSERT_EQ(contiguity["checked"], true) << contiguity;
   EXPECT_EQ(run["backing"]["prefaulted"], true);
   EXPECT_EQ(run["backing"]["locked"], true);
   EXPECT_EQ(contiguity["blocks"][0], contiguity["contiguous_blocks"][0]);
   std::uint64_t blocks = 0;
   for (const auto &count : contiguity["blocks"]) {
      blocks += count.get<std::uint64_t>();
   }
   std::uint64_t stitched = run["counts"]["mitigation"]["stitched_blocks"].get<std::uint64_t>();
   std::uint64_t successes = 0;
   for (const auto &order : run["counts"]["by_order"]) {
      successes += order["normal"]["successes"].get<std::uint64_t>() +
                   order["atomic"]["successes"].get<std::uint64_t>();
   }
   EXPECT_EQ(blocks + stitched, successes);
   EXPECT_EQ(document["environment"]["placement"]["contiguity_check"], true);
}

TEST_F(Placement, ContiguityOnHugetlbAgreesThatBlocksInsideAHugePageAreContiguous) {
   if (!root()) {
      GTEST_SKIP() << "reserving huge pages and reading frame numbers need root";
   }
   const std::uint64_t pool = read_number(kPool2m);
   const Outcome outcome =
       memfrag("run" + kQuick +
               "--set workload.frames=32768 --backing hugetlb-2m --reserve-hugepages 64 "
               "--contiguity --output results.json");
   EXPECT_EQ(read_number(kPool2m), pool);
   if (outcome.exit_code == 2 && outcome.err.find("found only") != std::string::npos) {
      GTEST_SKIP() << outcome.err;
   }
   ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
   const json document = read_json("results.json");
   const json &run = document["runs"][0];
   EXPECT_EQ(run["backing"]["obtained"], "hugetlb-2m");
   const json &contiguity = run["contiguity"];
   ASSERT_EQ(contiguity["checked"], true) << contiguity;
   ASSERT_EQ(contiguity["blocks"].size(), contiguity["contiguous_blocks"].size());
   ASSERT_GE(contiguity["blocks"].size(), 5u) << contiguity;
   for (std::size_t order = 0; order < contiguity["blocks"].size(); ++order) {
      EXPECT_GT(contiguity["blocks"][order].get<std::uint64_t>(), 0u) << "order " << order;
      EXPECT_EQ(contiguity["contiguous_blocks"][order], contiguity["blocks"][order])
          << "order " << order;
   }
   EXPECT_EQ(contiguity["frames_moved"], 0);
   expect_valid("results.json");
}

TEST_F(Placement, ContiguityWithoutPermissionSaysSoAndTheRunSucceeds) {
   if (!root()) {
      GTEST_SKIP() << "drops root privileges to show the unprivileged case";
   }
   chmod(dir_.c_str(), 0777);
   const Outcome outcome =
       memfrag::test::run_in(dir_, "/usr/bin/setpriv",
                             "--reuid=65534 --regid=65534 --clear-groups '" MEMFRAG_BINARY "' run" +
                                 kQuick + "--contiguity --output results.json");
   if (outcome.exit_code == 2 && outcome.err.find("results.json") != std::string::npos) {
      GTEST_SKIP() << "the unprivileged user cannot write here: " << outcome.err;
   }
   ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
   EXPECT_NE(outcome.err.find("--contiguity: physical frame numbers are hidden"), std::string::npos)
       << outcome.err;
   const json document = read_json("results.json");
   const json &contiguity = document["runs"][0]["contiguity"];
   EXPECT_EQ(contiguity["checked"], false);
   EXPECT_NE(contiguity["reason"].get<std::string>().find("hidden"), std::string::npos)
       << contiguity;
   EXPECT_EQ(document["runs"][0]["backing"]["prefaulted"], false);
   expect_valid("results.json");
}

TEST_F(Placement, DoctorSummarizesTheTopology) {
   const Outcome text = memfrag("doctor");
   ASSERT_EQ(text.exit_code, 0) << text.err;
   EXPECT_NE(text.out.find("topology: "), std::string::npos) << text.out;
   EXPECT_NE(text.out.find("node 0: "), std::string::npos) << text.out;
   EXPECT_NE(text.out.find("memory locking: "), std::string::npos) << text.out;
   const json doctor = json::parse(memfrag("doctor --json").out);
   const json &topology = doctor["fingerprint"]["topology"];
   ASSERT_TRUE(topology.is_object()) << doctor["fingerprint"];
   EXPECT_EQ(topology["pus"], doctor["fingerprint"]["cpus"]);
   EXPECT_GE(topology["cores"].get<unsigned>(), 1u);
   EXPECT_TRUE(topology["smt"].is_boolean());
   ASSERT_FALSE(topology["nodes"].empty());
   EXPECT_EQ(topology["nodes"][0]["node"], 0);
}

} // namespace
