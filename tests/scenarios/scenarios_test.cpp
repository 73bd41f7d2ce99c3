// The qualitative outcomes history predicts, on fixed seeds, through the built memfrag command:
// the 1996 buddy refuses two-frame RPC requests while free frames are plentiful, the GFP_DEFRAG
// retry cuts those failures at the price of evictions and refaults; grouping pages by mobility
// leaves more of memory obtainable as huge pages once the load is over, and compaction more
// still, at a measured cost in copying; a kswapd that keeps order-1 watermarks serves atomic
// packet bursts that no direct reclaim may help; lumpy reclaim serves high-order requests by
// evicting hot data; two-frame process stacks fail where one-frame stacks do not.
#include <cstdio>
#include <fstream>
#include <gtest/gtest.h>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

namespace {

using nlohmann::json;

struct RunFigures {
   std::string status;
   std::uint64_t fragmentation_failures = 0;
   std::uint64_t atomic_failures = 0;
   std::map<std::string, double> workload;
   json mitigation;
   json timing;
   std::map<std::string, double> plugin_stats;
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
      figures.status = run.at("status");
      for (const json &order : counts.at("by_order")) {
         for (const char *request_class : {"normal", "atomic"}) {
            figures.fragmentation_failures +=
                order.at(request_class).at("fragmentation_failures").get<std::uint64_t>();
         }
         const json &atomic = order.at("atomic");
         figures.atomic_failures += atomic.at("requests").get<std::uint64_t>() -
                                    atomic.at("successes").get<std::uint64_t>();
      }
      for (const json &figure : counts.at("workload_figures")) {
         figures.workload[figure.at("name")] = figure.at("value");
      }
      for (const json &stat : counts.at("plugin_stats")) {
         figures.plugin_stats[stat.at("name")] = stat.at("value");
      }
      figures.mitigation = counts.at("mitigation");
      figures.timing = run.at("timing");
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

// Compaction on top of the grouping (plugins/compaction, README.md). At rest, seeds 1 to 5 give
// 56.2-60.9% with compaction against 34.4-59.4% with grouping alone and 34.4-35.9% with the
// plain buddy. Most of the gain is on seed 5, where grouping alone let unmovable requests steal
// single blocks out of 166 pageblocks of other types: the watermark boost after each
// fragmenting fallback (Linux 5.0) cuts those fallbacks to 32 (the kernel's series measured
// -94%), so fewer pageblocks are polluted. Direct compaction itself can do little at rest here:
// once the free pageblocks are taken, 757-1554 frames are left free in smaller blocks, below
// the kernel's compaction gap (the low watermark plus twice the request, 1476 frames of this
// 32768-frame region) on four seeds, so the attempts are refused compaction as the kernel would
// refuse it; its migrations happen under load and in the daemon. Grouping alone can end one
// pageblock ahead at rest: on seed 1 the boost's reclaim changes where later blocks land
// (boosting alone, with nothing migrated, gives the same figure).
TEST(Scenarios, CompactionRaisesHugePageSuccessAtRestAtAMeasuredCost) {
   double plain_sum = 0;
   double grouped_sum = 0;
   double compacted_sum = 0;
   double grouped_fallbacks = 0;
   double compacted_fallbacks = 0;
   const int seeds = 5;
   const double pageblock_pct = 100.0 / 64;
   for (int seed = 1; seed <= seeds; ++seed) {
      auto runs = run_scenario("hugepage-attempts", "",
                               " --plugin buddy --plugin mobility --plugin compaction", seed);
      const RunFigures &compacted = runs.at("compaction");
      ASSERT_EQ(compacted.status, "ok") << "seed " << seed << ": the world saw no broken rule";
      const double plain = runs.at("buddy").workload.at("at_rest_success_pct");
      const double grouped = runs.at("mobility").workload.at("at_rest_success_pct");
      const double compacting = compacted.workload.at("at_rest_success_pct");
      EXPECT_GT(compacting, plain + 10.0) << "seed " << seed;
      EXPECT_GE(compacting, grouped - pageblock_pct) << "seed " << seed;
      const auto migrated = compacted.mitigation.at("migrated_frames").get<std::uint64_t>();
      EXPECT_GT(migrated, 0U) << "seed " << seed;
      EXPECT_EQ(compacted.plugin_stats.at("migrated_frames"), static_cast<double>(migrated))
          << "the plugin counts what the world moved";
      EXPECT_GT(compacted.timing.at("migrate_ns").get<std::uint64_t>(), 0U) << "seed " << seed;
      EXPECT_GT(compacted.plugin_stats.at("migrate_scanned_frames"), 0.0) << "seed " << seed;
      EXPECT_GT(compacted.plugin_stats.at("free_scanned_frames"), 0.0) << "seed " << seed;
      plain_sum += plain;
      grouped_sum += grouped;
      compacted_sum += compacting;
      grouped_fallbacks += runs.at("mobility").plugin_stats.at("fragmenting_fallbacks");
      compacted_fallbacks += compacted.plugin_stats.at("fragmenting_fallbacks");
   }
   EXPECT_GT(compacted_sum / seeds, grouped_sum / seeds + 2.0)
       << "mean at-rest success: " << compacted_sum / seeds << "% compacting, "
       << grouped_sum / seeds << "% grouped, " << plain_sum / seeds << "% plain";
   EXPECT_LT(compacted_fallbacks, grouped_fallbacks / 2) << "the boost cuts fragmenting fallbacks";
}

// Atomic requests may not reclaim, so the 1996 allocator and its GFP_DEFRAG retry refuse
// two-frame packets as the plain buddy does. A kswapd woken by the failures keeps free blocks of
// order 1 above the watermarks between the bursts, at the price of evicting (cold) page cache
// that is later read again. Seed 1: 2,200 of 10,177 packets refused by buddy, buddy-1996 and
// defrag-retry alike, none by kswapd-order, which evicted 1,408 blocks (548 refaults).
TEST(Scenarios, HighOrderAwareReclaimCutsAtomicFailuresOnAtomicBursts) {
   auto runs = run_scenario("atomic-bursts", "",
                            " --plugin buddy --plugin buddy-1996 --plugin defrag-retry"
                            " --plugin kswapd-order");
   const RunFigures &plain = runs.at("buddy");
   const RunFigures &classic = runs.at("buddy-1996");
   const RunFigures &kswapd = runs.at("kswapd-order");
   EXPECT_GT(plain.atomic_failures, 1000U);
   EXPECT_GT(classic.atomic_failures, 1000U);
   EXPECT_EQ(runs.at("defrag-retry").atomic_failures, classic.atomic_failures)
       << "an atomic request may not reclaim, so the retry cannot help it";
   EXPECT_EQ(plain.workload.at("traffic_burst_failures"), double(plain.atomic_failures));
   EXPECT_LT(kswapd.atomic_failures, plain.atomic_failures / 10);
   EXPECT_LT(kswapd.atomic_failures, classic.atomic_failures / 10);
   EXPECT_GT(kswapd.mitigation.at("background_runs").get<std::uint64_t>(), 0U);
   EXPECT_GT(kswapd.mitigation.at("evictions").get<std::uint64_t>(), 0U);
   EXPECT_GT(kswapd.mitigation.at("refaults").get<std::uint64_t>(), 0U);
   EXPECT_EQ(kswapd.mitigation.at("hot_evictions").get<std::uint64_t>(), 0U)
       << "the daemon reclaims in LRU order";
   EXPECT_EQ(kswapd.plugin_stats.at("daemon_frames_reclaimed"),
             kswapd.mitigation.at("frames_reclaimed").get<double>())
       << "the plugin's count and the host's agree";
   EXPECT_GT(kswapd.plugin_stats.at("wakeups"), 0.0);
}

// The per-order test is what serves the packets: the same daemon watching only the free count
// (high_order 0, kswapd before order-aware watermarks) keeps more frames free than the plain
// buddy but few of them in pairs. Seed 1: 1,224 packets refused, against none at order 1.
TEST(Scenarios, AKswapdWatchingOnlyTheFreeCountStillFailsAtomicBursts) {
   auto count_only =
       run_scenario("atomic-bursts", " --set kswapd-order.high_order=0", " --plugin kswapd-order");
   auto order_aware = run_scenario("atomic-bursts", "", " --plugin kswapd-order");
   EXPECT_GT(count_only.at("kswapd-order").atomic_failures, 500U);
   EXPECT_LT(order_aware.at("kswapd-order").atomic_failures,
             count_only.at("kswapd-order").atomic_failures / 10);
}

// The same daemon on its own thread: not a reproducible stream, and how far it keeps up with a
// burst depends on when the machine schedules it (0 to 706 of 10,177 packets refused in five
// runs on a loaded two-core machine), but it always serves packets the plain buddy refuses.
TEST(Scenarios, HighOrderAwareReclaimWorksOnItsOwnThread) {
   auto runs = run_scenario("atomic-bursts", " --set workload.background=thread",
                            " --plugin buddy --plugin kswapd-order");
   EXPECT_LT(runs.at("kswapd-order").atomic_failures, runs.at("buddy").atomic_failures);
   EXPECT_GT(runs.at("kswapd-order").mitigation.at("background_runs").get<std::uint64_t>(), 0U);
}

// Lumpy reclaim (2.6.23) empties the aligned block a failed request needs, whatever the age of
// the data in it: the two-frame RPC requests the plain buddy refuses over and over succeed, with
// fewer evictions than LRU-order retrying but most of them of hot data. Seed 1: 77,233 failed
// attempts with buddy, none with lumpy; lumpy evicted 1,900 blocks of which 1,698 hot (136
// refaults), defrag-retry 3,632 blocks, none hot.
TEST(Scenarios, LumpyReclaimRaisesHighOrderSuccessAtTheCostOfHotData) {
   auto runs =
       run_scenario("rpc-retry", "", " --plugin buddy --plugin lumpy --plugin defrag-retry");
   const RunFigures &plain = runs.at("buddy");
   const RunFigures &lumpy = runs.at("lumpy");
   EXPECT_GT(plain.fragmentation_failures, 10000U);
   EXPECT_LT(lumpy.fragmentation_failures, plain.fragmentation_failures / 10);
   EXPECT_LT(lumpy.workload.at("rpc_failed_attempts"), plain.workload.at("rpc_failed_attempts"));
   EXPECT_GT(lumpy.mitigation.at("targeted_reclaim_calls").get<std::uint64_t>(), 0U);
   EXPECT_GT(lumpy.mitigation.at("evictions").get<std::uint64_t>(), 0U);
   EXPECT_GT(lumpy.mitigation.at("refaults").get<std::uint64_t>(), 0U);
   const auto hot = lumpy.mitigation.at("hot_evictions").get<std::uint64_t>();
   EXPECT_GT(hot, lumpy.mitigation.at("evictions").get<std::uint64_t>() / 2);
   EXPECT_GT(hot, runs.at("defrag-retry").mitigation.at("hot_evictions").get<std::uint64_t>());
   EXPECT_EQ(lumpy.plugin_stats.at("lumpy_frames_freed"),
             lumpy.mitigation.at("frames_reclaimed").get<double>())
       << "the plugin's count and the host's agree";
   EXPECT_GT(lumpy.plugin_stats.at("lumpy_successes"), 0.0);
}

// At order 3 an emptied block costs up to eight evictions: lumpy reclaim still serves nearly
// every RPC request, with far fewer evictions than LRU-order retrying needs to find eight free
// neighbours by chance, but hot ones. Seed 1: order-3 successes 66 with buddy, 17,014 of 17,067
// with lumpy (6,695 evictions, 6,291 hot); defrag-retry 17,081 evictions, none hot.
TEST(Scenarios, LumpyReclaimBuildsOrderThreeBlocksWithFewerEvictionsThanLruRetrying) {
   auto runs = run_scenario("rpc-retry", " --set 'phase.2.orders={ 0 = 1, 3 = 1 }'",
                            " --plugin buddy --plugin lumpy --plugin defrag-retry");
   const RunFigures &plain = runs.at("buddy");
   const RunFigures &lumpy = runs.at("lumpy");
   const RunFigures &defrag = runs.at("defrag-retry");
   EXPECT_LT(lumpy.workload.at("rpc_failed_attempts"),
             plain.workload.at("rpc_failed_attempts") / 100);
   EXPECT_LT(lumpy.mitigation.at("evictions").get<std::uint64_t>(),
             defrag.mitigation.at("evictions").get<std::uint64_t>());
   EXPECT_GT(lumpy.mitigation.at("hot_evictions").get<std::uint64_t>(),
             lumpy.mitigation.at("evictions").get<std::uint64_t>() / 2);
   EXPECT_GT(lumpy.mitigation.at("refaults").get<std::uint64_t>(), 0U);
}

// Every built-in strategy runs the scenario (no --plugin: all of them).
TEST(Scenarios, ProcessStacksRunsForEveryBuiltinPlugin) {
   auto runs = run_scenario("process-stacks", "", "");
   EXPECT_GE(runs.size(), 9U);
   for (const auto &[plugin, figures] : runs) {
      EXPECT_EQ(figures.status, "ok") << plugin;
      EXPECT_EQ(figures.workload.at("processes_burst_requests"), 8000.0) << plugin;
   }
   EXPECT_EQ(runs.count("kswapd-order") + runs.count("lumpy") + runs.count("buddy-1996"), 3U);
}

// 8 KiB stacks are two-frame requests that scattered free frames cannot serve; 4 KiB stacks
// (CONFIG_4KSTACKS, 2.6.6) are single frames, served whenever any frame is free. Seed 1 on the
// 1996 buddy: 985 of 8,000 forks fail with two-frame stacks, none with one-frame stacks.
TEST(Scenarios, TwoFrameStacksFailMoreThanOneFrameStacksOnThe1996Buddy) {
   auto two = run_scenario("process-stacks", "", " --plugin buddy-1996");
   auto one =
       run_scenario("process-stacks", " --set phase.1.burst_order=0", " --plugin buddy-1996");
   const RunFigures &two_frame = two.at("buddy-1996");
   const RunFigures &one_frame = one.at("buddy-1996");
   EXPECT_GT(two_frame.workload.at("processes_burst_failures"), 100.0);
   EXPECT_GT(two_frame.fragmentation_failures, 100U);
   EXPECT_GT(two_frame.workload.at("processes_burst_failures"),
             one_frame.workload.at("processes_burst_failures"));
   EXPECT_EQ(one_frame.fragmentation_failures, 0U);
}

} // namespace
