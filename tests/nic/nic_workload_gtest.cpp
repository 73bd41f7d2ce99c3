// Loading NIC workloads: the [nic] table's defaults, --set nic.* overrides, what the loader
// derives (buffer orders, contiguity), and errors that name the file, line and key.
#include "core/nic/backend.hpp"
#include "core/workload/nic/nic_spec.hpp"
#include "core/workload/nic/nic_workload.hpp"
#include "core/workload/nic/traffic_plan.hpp"
#include "core/workload/workload.hpp"

#include <gtest/gtest.h>
#include <string>
#include <vector>

namespace memfrag::workload::nic {
namespace {

const std::string kMinimal = R"([workload]
frames = 4096
ops = 1000

[[phase]]
occupancy = [0.3, 0.4]

[nic]
)";

LoadedWorkload load(const std::string &text, const std::vector<Override> &overrides = {}) {
   return load_nic_text(text, "nic.toml", overrides);
}

NicSpec spec_of(const std::string &text, const std::vector<Override> &overrides = {}) {
   return nic_spec_from_json(load(text, overrides).spec.resolved.at("nic"));
}

std::string error_of(const std::string &text, const std::vector<Override> &overrides = {}) {
   try {
      load(text, overrides);
   } catch (const WorkloadError &error) {
      return error.what();
   }
   return "(no error)";
}

TEST(NicWorkload, EmptyTableTakesTheDefaults) {
   const LoadedWorkload workload = load(kMinimal);
   EXPECT_EQ(workload.spec.resolved.at("kind"), "nic");
   const NicSpec spec = nic_spec_from_json(workload.spec.resolved.at("nic"));
   EXPECT_EQ(spec.backend, "soft");
   EXPECT_EQ(spec.buffers, BufferPolicy::contiguous);
   EXPECT_EQ(spec.mtu, 9000u);
   EXPECT_EQ(spec.contiguity, Contiguity::iova);
   EXPECT_EQ(spec.dma_map, DmaMapping::whole);
   EXPECT_EQ(spec.rx_descriptors, 256u);
   ASSERT_EQ(spec.sizes.size(), 1u);
   EXPECT_EQ(spec.sizes[0].bytes, 9014u) << "the largest frame: MTU plus the Ethernet header";
   EXPECT_GT(workload.spec.ops, 1000u) << "the interface's operations come on top";
}

TEST(NicWorkload, BufferOrderIsTheCeilingOfTheFramesLog) {
   EXPECT_EQ(buffer_layout(spec_of(kMinimal)).order, 2u) << "9014 bytes: 3 frames, order 2";
   EXPECT_EQ(buffer_layout(spec_of(kMinimal)).buffer_bytes, 16384u);
   EXPECT_EQ(buffer_layout(spec_of(kMinimal, {{"nic.mtu", "1500"}})).order, 0u);
   EXPECT_EQ(buffer_layout(spec_of(kMinimal, {{"nic.mtu", "5000"}})).order, 1u);
   EXPECT_EQ(buffer_layout(spec_of(kMinimal, {{"nic.mtu", "4082"}})).order, 0u)
       << "4096 bytes fit one frame";
   EXPECT_EQ(buffer_layout(spec_of(kMinimal, {{"nic.mtu", "4083"}})).order, 1u);
   const NicSpec gather = spec_of(kMinimal, {{"nic.buffers", "scatter-gather"}});
   EXPECT_EQ(buffer_layout(gather).order, 0u);
   EXPECT_EQ(buffer_layout(gather).buffer_bytes, 4096u);
   EXPECT_EQ(gather.contiguity, Contiguity::none) << "auto for single frames";
   EXPECT_EQ(buffer_layout(spec_of(kMinimal, {{"nic.buffers", "page-pool"}})).order, 2u);
}

TEST(NicWorkload, OverridesReachEveryKey) {
   const NicSpec spec = spec_of(kMinimal, {{"nic.dma_map", "per-buffer"},
                                           {"nic.accept_stitched", "true"},
                                           {"nic.rx_descriptors", "512"},
                                           {"nic.sizes", "{ mtu = 3, 1514 = 1 }"},
                                           {"nic.contiguity", "physical"},
                                           {"nic.contiguity", "iova"},
                                           {"nic.dma_probe", "false"},
                                           {"nic.warmup_phases", "1"}});
   EXPECT_EQ(spec.dma_map, DmaMapping::per_buffer);
   EXPECT_TRUE(spec.accept_stitched);
   EXPECT_EQ(spec.rx_descriptors, 512u);
   ASSERT_EQ(spec.sizes.size(), 2u);
   EXPECT_EQ(spec.contiguity, Contiguity::iova) << "the later override wins";
   EXPECT_FALSE(spec.dma_probe);
   EXPECT_EQ(spec.warmup_phases, 1u);
}

TEST(NicWorkload, TheVfioBackendTakesADeviceAndInterrupts) {
   const NicSpec spec = spec_of(
       kMinimal,
       {{"nic.backend", "vfio"}, {"nic.device", "0000:00:02.0"}, {"nic.interrupts", "msi-x"}});
   EXPECT_EQ(spec.backend, "vfio");
   EXPECT_EQ(spec.device, "0000:00:02.0");
   EXPECT_EQ(spec.interrupts, Interrupts::msix);
   EXPECT_EQ(spec_of(kMinimal).interrupts, Interrupts::poll);
   const NicSpec again = nic_spec_from_json(nic_spec_to_json(spec));
   EXPECT_EQ(again.interrupts, Interrupts::msix);
   EXPECT_EQ(error_of(kMinimal, {{"nic.interrupts", "msi"}}),
             "--set: nic.interrupts: the 'soft' backend acts within the register write and "
             "delivers no interrupt: expected 'poll'");
   EXPECT_EQ(error_of(kMinimal, {{"nic.backend", "vfio"},
                                 {"nic.device", "0000:00:02.0"},
                                 {"nic.interrupts", "intx"}}),
             "--set: nic.interrupts: expected one of 'poll', 'msi-x', 'msi', got string 'intx'");
}

TEST(NicWorkload, GeneratorOverridesStillApply) {
   const LoadedWorkload workload =
       load(kMinimal, {{"workload.ops", "5000"}, {"phase.0.occupancy", "[0.5, 0.6]"}});
   EXPECT_EQ(workload.spec.resolved.at("ops"), 5000);
   EXPECT_EQ(workload.spec.resolved.at("phases").at(0).at("occupancy").at(1), 0.6);
}

TEST(NicWorkload, ResolvedSpecificationRoundTrips) {
   const NicSpec spec = spec_of(kMinimal, {{"nic.buffers", "page-pool"}, {"nic.pool_size", "9"}});
   const NicSpec again = nic_spec_from_json(nic_spec_to_json(spec));
   EXPECT_EQ(nic_spec_to_json(again), nic_spec_to_json(spec));
   EXPECT_EQ(again.pool_size, 9u);
}

TEST(NicWorkload, SameFileAndOverridesHashAlike) {
   EXPECT_EQ(load(kMinimal).sha256, load(kMinimal).sha256);
   EXPECT_NE(load(kMinimal).sha256, load(kMinimal, {{"nic.mtu", "1500"}}).sha256);
}

TEST(NicWorkloadErrors, NameTheFileLineAndKey) {
   EXPECT_EQ(error_of(kMinimal + "mtu = 20000\n"),
             "nic.toml:9:7: nic.mtu: expected an integer in 68..16370, got integer 20000");
   EXPECT_EQ(error_of(kMinimal + "buffers = \"sg\"\n"),
             "nic.toml:9:11: nic.buffers: expected one of 'contiguous', 'scatter-gather', "
             "'page-pool', got string 'sg'");
   EXPECT_EQ(error_of(kMinimal + "mut = 1500\n"),
             "nic.toml:9:1: nic.mut: unknown key, expected one of 'backend', 'device', "
             "'buffers', 'mtu', 'contiguity', 'dma_map', 'interrupts', 'accept_stitched', "
             "'rx_descriptors', 'tx_descriptors', 'pool_size', 'packets', 'rate_pps', 'burst', "
             "'line_gbps', 'sizes', 'poll_us', 'hold_us', 'warmup_phases', 'dma_probe'");
}

TEST(NicWorkloadErrors, OverridesAreNamedAsSuch) {
   EXPECT_EQ(error_of(kMinimal, {{"nic.mtu", "big"}}),
             "--set: nic.mtu: expected an integer, got 'big'");
   EXPECT_EQ(error_of(kMinimal, {{"nic.dma_probe", "yes"}}),
             "--set: nic.dma_probe: expected true or false, got 'yes'");
   EXPECT_EQ(error_of(kMinimal, {{"nic.rx_ring", "8"}}),
             "--set: nic.rx_ring: unknown key 'rx_ring'");
   EXPECT_EQ(error_of(kMinimal, {{"nic.mtu.x", "8"}}),
             "--set: nic.mtu.x: unknown key, expected nic.<key>");
}

TEST(NicWorkloadErrors, UnknownBackendListsTheBackendsOfThisBuild) {
   const std::string error = error_of(kMinimal, {{"nic.backend", "vfi"}});
   EXPECT_NE(error.find("--set: nic.backend: unknown NIC backend 'vfi'"), std::string::npos)
       << error;
   EXPECT_NE(error.find("this build has: " + memfrag::nic::backend_list()), std::string::npos)
       << error;
   EXPECT_EQ(error_of(kMinimal + "backend = \"soft\"\ndevice = \"0000:00:02.0\"\n"),
             "nic.toml:10:10: nic.device: the 'soft' backend drives no hardware: leave "
             "nic.device out");
}

TEST(NicWorkloadErrors, ContiguityMustSuitTheBuffers) {
   EXPECT_EQ(error_of(kMinimal, {{"nic.contiguity", "none"}}),
             "--set: nic.contiguity: 'contiguous' buffers hold a whole frame: expected 'iova', "
             "'physical' or 'auto', got 'none'");
   EXPECT_EQ(error_of(kMinimal, {{"nic.buffers", "scatter-gather"}, {"nic.contiguity", "iova"}}),
             "--set: nic.contiguity: scatter-gather buffers are single frames: expected 'none' "
             "or 'auto', got 'iova'");
   EXPECT_EQ(error_of(kMinimal, {{"nic.accept_stitched", "true"}}),
             "--set: nic.accept_stitched: stitched frames are contiguous only through an IOMMU "
             "mapping of their own: needs nic.contiguity = 'iova' and nic.dma_map = "
             "'per-buffer'");
}

TEST(NicWorkloadErrors, RingsAndSizesAreChecked) {
   EXPECT_EQ(error_of(kMinimal, {{"nic.rx_descriptors", "100"}}),
             "--set: nic.rx_descriptors: expected a multiple of 8 descriptors (the ring length "
             "is a multiple of 128 bytes), got 100");
   EXPECT_EQ(error_of(kMinimal + "sizes = { 9100 = 1 }\n"),
             "nic.toml:9:11: nic.sizes.9100: expected 'mtu' or a frame size in 60..9014 bytes "
             "(the MTU plus the 14-byte header)");
   EXPECT_EQ(error_of(kMinimal + "sizes = { mtu = 0 }\n"),
             "nic.toml:9:9: nic.sizes: expected at least one non-zero weight");
}

TEST(NicWorkloadErrors, TrafficMustFitTheLineAndTheRegion) {
   const std::string error = error_of(kMinimal, {{"nic.rate_pps", "200000"}});
   EXPECT_NE(error.find("--set: nic.rate_pps: expected fewer frames per second than the line "
                        "carries at this size mix (138293 at 10 Gb/s)"),
             std::string::npos)
       << error;
   EXPECT_EQ(error_of(kMinimal, {{"workload.frames", "512"}}),
             "nic.toml:8:1: nic: the rings and buffers of the interface need 1086 frames, the "
             "region has 512 (workload.frames)");
   EXPECT_EQ(error_of(kMinimal, {{"nic.warmup_phases", "2"}}),
             "--set: nic.warmup_phases: expected an integer in 0..1, got integer 2");
}

TEST(NicWorkloadErrors, NicMustBeATable) {
   EXPECT_EQ(error_of("nic = 3\n[workload]\nframes = 4096\nops = 10\n[[phase]]\noccupancy = "
                      "[0.1, 0.2]\n"),
             "nic.toml:1:7: nic: expected a [nic] table, got integer 3");
}

TEST(NicWorkload, BuiltinWorkloadLoadsAsANicWorkload) {
   const LoadedWorkload workload =
       load_workload(std::string(MEMFRAG_SOURCE_WORKLOAD_DIR) + "/nic-jumbo.toml", {});
   EXPECT_EQ(workload.spec.resolved.at("kind"), "nic");
   EXPECT_EQ(workload.spec.name, "nic-jumbo");
   const NicSpec spec = nic_spec_from_json(workload.spec.resolved.at("nic"));
   EXPECT_EQ(buffer_layout(spec).order, 2u);
   EXPECT_LE(bring_up_frames(spec), workload.spec.frames);
}

} // namespace
} // namespace memfrag::workload::nic
