// The NIC harness through the engine, with built plugins loaded for real: what each buffer
// policy and DMA mapping does to the operation stream, how drops are attributed, the DMA probe
// with and without an IOMMU, teardown returning everything, and determinism.
#include "core/run/engine.hpp"
#include "core/run/prepare.hpp"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <map>
#include <string>
#include <unistd.h>
#include <vector>

namespace memfrag::workload::nic {
namespace {

// A quiet region: the background load keeps it 30% full with single frames.
const std::string kQuiet = R"([workload]
frames = 8192
ops = 20000
samples = 10

[[phase]]
occupancy = [0.25, 0.35]

[nic]
packets = 2000
sizes = { mtu = 1 }
)";

// A fragmented region: filled with single frames to 97%, freed at random to 95%, then churned
// with some multi-frame requests while traffic flows.
const std::string kFragmented = R"([workload]
frames = 8192
ops = 60000
samples = 10

[[phase]]
share = 1
occupancy = [0.97, 0.97]

[[phase]]
share = 1
occupancy = [0.95, 0.95]

[[phase]]
share = 4
occupancy = [0.93, 0.97]
orders = { 0 = 85, 1 = 8, 2 = 4, 3 = 3 }

[nic]
packets = 4000
warmup_phases = 2
)";

struct Outcome {
   results::RunResult result;
   std::map<std::string, double> figures;
   double figure(const std::string &name) const {
      const auto found = figures.find(name);
      return found == figures.end() ? -1.0 : found->second;
   }
};

class NicDriverTest : public testing::Test {
 protected:
   Outcome run(const std::string &text, const std::vector<std::string> &settings = {},
               const std::string &plugin = "buddy", std::uint64_t seed = 1) {
      const auto path = std::filesystem::path(testing::TempDir()) /
                        ("nic-driver-" + std::to_string(getpid()) + ".toml");
      std::ofstream(path) << text;
      const run::Preparation preparation = run::prepare({plugin}, {path.string()}, settings);
      std::filesystem::remove(path);
      const auto &chosen = preparation.plugins.front();
      run::RunSpec spec{chosen.library.get(),
                        chosen.allocator,
                        chosen.params_per_workload.front(),
                        &preparation.workloads.front().loaded,
                        seed,
                        true,
                        platform::BackingRequest{},
                        "4k",
                        run::Placement{},
                        false};
      run::Progress progress;
      Outcome outcome{run::execute_run(spec, progress), {}};
      for (const auto &[name, value] : outcome.result.counts.workload_figures) {
         outcome.figures[name] = value;
      }
      EXPECT_EQ(outcome.result.status, results::RunStatus::ok) << outcome.result.message;
      return outcome;
   }

   static std::uint64_t atomic_requests(const Outcome &outcome, std::uint32_t order) {
      const auto &by_order = outcome.result.counts.by_order;
      return order < by_order.size()
                 ? by_order[order][static_cast<std::size_t>(results::RequestClass::atomic)].requests
                 : 0;
   }
};

TEST_F(NicDriverTest, QuietRegionReceivesEveryFrameIntactInOneBuffer) {
   const Outcome outcome = run(kQuiet);
   EXPECT_EQ(outcome.figure("interface_up"), 1.0);
   EXPECT_EQ(outcome.figure("packets_offered"), 2000.0);
   EXPECT_EQ(outcome.figure("packets_transmitted"), 2000.0);
   EXPECT_EQ(outcome.figure("packets_received"), 2000.0);
   EXPECT_EQ(outcome.figure("bytes_received"), 2000.0 * 9014);
   EXPECT_EQ(outcome.figure("bytes_contiguous"), 2000.0 * 9014);
   EXPECT_EQ(outcome.figure("bytes_scatter_gather"), 0.0);
   EXPECT_EQ(outcome.figure("drops"), 0.0);
   EXPECT_EQ(outcome.figure("payload_errors"), 0.0);
   EXPECT_EQ(outcome.figure("descriptors_per_packet"), 1.0);
   EXPECT_EQ(outcome.figure("refill_requests"), 2000.0) << "one buffer per frame";
   EXPECT_EQ(atomic_requests(outcome, 2), 2000u) << "refills are atomic order-2 requests";
   EXPECT_EQ(outcome.figure("dma_maps"), 2.0) << "the region, and the probe's own mapping";
   EXPECT_EQ(outcome.figure("dma_unmaps"), 2.0);
}

TEST_F(NicDriverTest, TeardownGivesEveryBlockBack) {
   const Outcome outcome = run(kQuiet, {"phase.0.occupancy=[0, 0]"});
   // With the background at 0% it holds at most one block; the interface holds none.
   EXPECT_LE(outcome.result.counts.final_state.live_blocks, 1u);
   EXPECT_EQ(outcome.result.counts.allocs - outcome.result.counts.frees,
             outcome.result.counts.final_state.live_blocks);
}

TEST_F(NicDriverTest, DmaProbeIsBlockedByTheIommuOnly) {
   const Outcome iommu = run(kQuiet);
   EXPECT_EQ(iommu.figure("dma_probe_blocked"), 1.0);
   EXPECT_EQ(iommu.figure("blocked_dma"), 1.0) << "the probe's write, and nothing else";
   const Outcome physical = run(kQuiet, {"nic.contiguity=physical"});
   EXPECT_EQ(physical.figure("dma_probe_blocked"), 0.0) << "without an IOMMU the write lands";
   EXPECT_EQ(physical.figure("blocked_dma"), 0.0);
   EXPECT_EQ(physical.figure("packets_received"), 2000.0);
   const Outcome unprobed = run(kQuiet, {"nic.dma_probe=false"});
   EXPECT_EQ(unprobed.figure("dma_probe_blocked"), -1.0) << "not reported when not run";
   EXPECT_EQ(unprobed.figure("blocked_dma"), 0.0);
}

TEST_F(NicDriverTest, ScatterGatherSplitsJumboFramesAcrossSingleFrames) {
   const Outcome outcome = run(kQuiet, {"nic.buffers=scatter-gather"});
   EXPECT_EQ(outcome.figure("packets_received"), 2000.0);
   EXPECT_EQ(outcome.figure("descriptors_per_packet"), 3.0) << "4096 + 4096 + 822 bytes";
   EXPECT_EQ(outcome.figure("max_descriptors_per_packet"), 3.0);
   EXPECT_EQ(outcome.figure("bytes_scatter_gather"), 2000.0 * 9014);
   EXPECT_EQ(outcome.figure("bytes_contiguous"), 0.0);
   EXPECT_EQ(outcome.figure("payload_errors"), 0.0);
   EXPECT_EQ(atomic_requests(outcome, 2), 0u);
   EXPECT_EQ(outcome.figure("refill_requests"), 6000.0);
}

TEST_F(NicDriverTest, SmallFramesFitOneScatterGatherBuffer) {
   const Outcome outcome =
       run(kQuiet, {"nic.buffers=scatter-gather", "nic.sizes={ 1514 = 1, 60 = 1 }"});
   EXPECT_EQ(outcome.figure("descriptors_per_packet"), 1.0);
   EXPECT_EQ(outcome.figure("bytes_scatter_gather"), 0.0);
}

TEST_F(NicDriverTest, PagePoolRecyclesBuffersInsteadOfAllocating) {
   const Outcome outcome = run(kQuiet, {"nic.buffers=page-pool"});
   EXPECT_EQ(outcome.figure("packets_received"), 2000.0);
   EXPECT_GT(outcome.figure("pool_reuses"), 1900.0);
   EXPECT_LT(outcome.figure("refill_requests"), 100.0);
   EXPECT_EQ(outcome.figure("payload_errors"), 0.0);
}

TEST_F(NicDriverTest, PerBufferMappingMapsAndWithdrawsEachBuffer) {
   const Outcome outcome = run(kQuiet, {"nic.dma_map=per-buffer"});
   // Both rings, 64 transmit buffers, the probe, 255 buffers of the first fill and a refill per
   // frame: each mapped once and withdrawn once.
   EXPECT_EQ(outcome.figure("dma_maps"), 2 + 64 + 1 + 255 + 2000.0);
   EXPECT_EQ(outcome.figure("dma_unmaps"), outcome.figure("dma_maps"));
   EXPECT_EQ(outcome.figure("packets_received"), 2000.0);
   const auto &latencies = outcome.result.timing.latencies;
   ASSERT_TRUE(latencies.contains("nic_dma_map"));
   EXPECT_EQ(latencies.at("nic_dma_map").count, 2 + 64 + 1 + 255 + 2000u);
   ASSERT_TRUE(latencies.contains("nic_refill"));
   EXPECT_EQ(latencies.at("nic_refill").count, 255 + 2000u) << "every buffer posted";
}

TEST_F(NicDriverTest, BurstsOverrunningASmallRingDropWithoutBuffers) {
   const Outcome outcome = run(
       kQuiet, {"nic.rx_descriptors=8", "nic.burst=64", "nic.rate_pps=50000", "nic.poll_us=200"});
   EXPECT_GT(outcome.figure("drops_no_buffer"), 0.0);
   EXPECT_EQ(outcome.figure("drops_alloc_failed"), 0.0);
   EXPECT_EQ(outcome.figure("refill_failures"), 0.0);
   EXPECT_EQ(outcome.figure("packets_received") + outcome.figure("drops"),
             outcome.figure("packets_transmitted"));
}

TEST_F(NicDriverTest, FailedRefillsDropAsAllocationFailures) {
   const Outcome outcome = run(kFragmented);
   EXPECT_GT(outcome.figure("refill_failures"), 0.0);
   EXPECT_GT(outcome.figure("drops_alloc_failed"), 0.0);
   EXPECT_EQ(outcome.figure("drops_no_buffer"), 0.0);
   EXPECT_EQ(outcome.figure("packets_received") + outcome.figure("drops"),
             outcome.figure("packets_transmitted"));
   EXPECT_EQ(outcome.figure("payload_errors"), 0.0);
   const auto &order2 = outcome.result.counts.by_order[2][1];
   EXPECT_EQ(order2.failures(), order2.fragmentation_failures)
       << "free frames were plentiful: every failed refill is a fragmentation failure";
}

TEST_F(NicDriverTest, StitchedBuffersBehindTheIommuAvoidTheDrops) {
   const Outcome stitched =
       run(kFragmented, {"nic.dma_map=per-buffer", "nic.accept_stitched=true"}, "vstitch");
   EXPECT_GT(stitched.result.counts.mitigation.stitched_blocks, 0u);
   EXPECT_EQ(stitched.figure("payload_errors"), 0.0) << "frames land across stitched frames";
   const Outcome plain = run(kFragmented, {}, "vstitch");
   EXPECT_LT(stitched.figure("drops"), plain.figure("drops"));
}

TEST_F(NicDriverTest, InterfaceThatCannotGetItsRingsStaysDown) {
   const Outcome outcome = run(kQuiet, {"phase.0.occupancy=[1, 1]", "nic.warmup_phases=1"});
   EXPECT_EQ(outcome.figure("interface_up"), 0.0);
   EXPECT_EQ(outcome.figure("packets_offered"), 0.0);
}

TEST_F(NicDriverTest, SameSeedSameFigures) {
   const Outcome first = run(kFragmented, {}, "buddy", 7);
   const Outcome again = run(kFragmented, {}, "buddy", 7);
   EXPECT_EQ(first.result.counts.workload_figures, again.result.counts.workload_figures);
   EXPECT_EQ(first.result.counts.ops, again.result.counts.ops);
   const Outcome other = run(kFragmented, {}, "buddy", 8);
   EXPECT_NE(first.result.counts.workload_figures, other.result.counts.workload_figures);
}

} // namespace
} // namespace memfrag::workload::nic
