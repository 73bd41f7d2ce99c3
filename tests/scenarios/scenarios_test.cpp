// The qualitative outcomes history predicts, on fixed seeds, through the built memfrag command:
// the 1996 buddy refuses two-frame RPC requests while free frames are plentiful, the GFP_DEFRAG
// retry cuts those failures at the price of evictions and refaults; grouping pages by mobility
// leaves more of memory obtainable as huge pages once the load is over.
#include <cstdio>
#include <fstream>
#include <gtest/gtest.h>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

namespace {

using nlohmann::json;

struct RunFigures {
   std::uint64_t fragmentation_failures = 0;
   std::map<std::string, double> workload;
   json mitigation;
   std::uint64_t final_free_frames = 0;
};

constexpr const char *kClassicPlugins =
    " --plugin buddy-1996 --plugin defrag-retry --plugin vstitch --plugin buddy";

std::map<std::string, RunFigures> run_scenario(const std::string &workload,
                                               const std::string &settings = "",
                                               const std::string &plugins = kClassicPlugins,
                                               int seed = 1) {
   const std::string output =
       ::testing::TempDir() + "scenario-" + workload + "-" + std::to_string(seed) + ".json";
   const std::string command = std::string(MEMFRAG_BINARY) + " run" + plugins + " --workload " +
                               workload + " --seed " + std::to_string(seed) +
                               " --format csv --output " + output + settings + " >/dev/null";
   EXPECT_EQ(std::system(command.c_str()), 0) << command;
   std::ifstream file(output);
   const json document = json::parse(file);
   std::map<std::string, RunFigures> runs;
   for (const json &run : document.at("runs")) {
      RunFigures figures;
      const json &counts = run.at("counts");
      for (const json &order : counts.at("by_order")) {
         for (const char *request_class : {"normal", "atomic"}) {
            figures.fragmentation_failures +=
                order.at(request_class).at("fragmentation_failures").get<std::uint64_t>();
         }
      }
      for (const json &figure : counts.at("workload_figures")) {
         figures.workload[figure.at("name")] = figure.at("value");
      }
      figures.mitigation = counts.at("mitigation");
      runs[run.at("plugin")] = figures;
   }
   return runs;
}

TEST(Scenarios, RpcRetryShowsThe1996LivelockAndTheDefragRetryCure) {
   auto runs = run_scenario("rpc-retry");
   const RunFigures &classic = runs.at("buddy-1996");
   const RunFigures &defrag = runs.at("defrag-retry");
   // Fragmentation failures: the host saw enough free frames (far above the 32-frame reserve
   // of a region kept at most 97% full) but no free pair.
   EXPECT_GT(classic.fragmentation_failures, 10000U);
   EXPECT_GE(classic.workload.at("rpc_longest_failure_streak"), 200.0);
   EXPECT_GT(classic.workload.at("rpc_given_up"), 0.0);
   EXPECT_EQ(classic.mitigation.at("frames_reclaimed"), 0U);
   EXPECT_LT(defrag.fragmentation_failures, classic.fragmentation_failures / 10);
   EXPECT_LT(defrag.workload.at("rpc_longest_failure_streak"),
             classic.workload.at("rpc_longest_failure_streak"));
   EXPECT_GT(defrag.mitigation.at("evictions").get<std::uint64_t>(), 0U);
   EXPECT_GT(defrag.mitigation.at("refaults").get<std::uint64_t>(), 0U);
}

TEST(Scenarios, StitchingServesRequestsThatAcceptIt) {
   // Half the RPC requests accept a virtually contiguous block.
   auto runs = run_scenario("rpc-retry", " --set phase.2.virt_ok=0.5");
   const RunFigures &stitching = runs.at("vstitch");
   const RunFigures &classic = runs.at("buddy-1996");
   EXPECT_GT(stitching.mitigation.at("stitched_blocks").get<std::uint64_t>(), 0U);
   EXPECT_LT(stitching.fragmentation_failures, classic.fragmentation_failures);
}

// Mel Gorman's 2.6.16-era stress-highalloc figures put order-10 success at rest at 51% without
// grouping by mobility and 88% with it. Here, on order-9 attempts at rest after the caches are
// dropped, seeds 1 to 5 give 57.8-59.4% with grouping on four seeds and 34.4% on the fifth,
// against 34.4-35.9% without: grouping never does worse and wins clearly on average. On the
// fifth seed unmovable requests found no reclaimable pageblock half free to claim and stole
// single blocks out of many of them, which dropping the caches then could not empty (README.md
// of plugins/mobility).
TEST(Scenarios, MobilityGroupingRaisesHugePageSuccessAtRest) {
   double plain_sum = 0;
   double grouped_sum = 0;
   const int seeds = 5;
   for (int seed = 1; seed <= seeds; ++seed) {
      auto runs = run_scenario("hugepage-attempts", "", " --plugin buddy --plugin mobility", seed);
      const double plain = runs.at("buddy").workload.at("at_rest_success_pct");
      const double grouped = runs.at("mobility").workload.at("at_rest_success_pct");
      EXPECT_GE(grouped, plain) << "seed " << seed;
      EXPECT_EQ(runs.at("mobility").workload.at("at_rest_attempts"), 64.0) << "one per pageblock";
      plain_sum += plain;
      grouped_sum += grouped;
   }
   EXPECT_GT(grouped_sum / seeds, plain_sum / seeds + 10.0)
       << "mean at-rest success: " << grouped_sum / seeds << "% grouped, " << plain_sum / seeds
       << "% plain";
}

} // namespace
