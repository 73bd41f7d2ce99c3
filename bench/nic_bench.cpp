// The NIC harness's costs: one loopback frame through the soft device and the driver core
// (transmit, DMA, receive, payload check), one IOMMU map and unmap, and whole nic-jumbo runs
// through the engine for each buffer policy and DMA mapping.
#include "core/nic/e1000e_driver.hpp"
#include "core/nic/loopback_frame.hpp"
#include "core/nic/soft_device.hpp"
#include "core/platform/region_memory.hpp"
#include "core/run/engine.hpp"
#include "core/run/prepare.hpp"

#include <benchmark/benchmark.h>
#include <cstring>
#include <map>
#include <optional>
#include <vector>

namespace {

using namespace memfrag;

constexpr nic::MacAddress kStation = {0x02, 0x00, 0x6d, 0x66, 0x00, 0x01};
constexpr std::uint64_t kFrames = 64;

// A soft device brought up on real memory: frame 0 the receive ring, 1 the transmit ring, 2..5
// transmit buffers, 8.. receive buffers.
struct LoopbackBench {
   explicit LoopbackBench(std::uint32_t buffer_bytes)
       : memory(kFrames), device({true, {memory.base(), kFrames * platform::kFrameSize}}),
         buffer_frames(buffer_bytes / platform::kFrameSize) {
      driver.emplace(device, nic::RingMemory{memory.frame_address(0), map(0, 1), 256},
                     nic::RingMemory{memory.frame_address(1), map(1, 1), 256});
      tx_address = map(2, 4);
      for (std::uint64_t first = 8; first + buffer_frames <= kFrames; first += buffer_frames) {
         rx_buffers.emplace_back(first, map(first, buffer_frames));
      }
      driver->bring_up({buffer_bytes, true, true, kStation});
   }

   std::uint64_t map(std::uint64_t first, std::uint64_t count) {
      return device.map_dma(memory.frame_address(first), count * platform::kFrameSize);
   }

   // Sends `frame` and takes it back off the ring; returns whether it arrived intact.
   bool loop_back(const std::vector<std::byte> &frame) {
      const std::size_t pieces = (frame.size() + buffer_frames * 4096 - 1) / (buffer_frames * 4096);
      for (std::size_t index = 0; index < pieces; ++index) {
         driver->rx().post(rx_buffers[index].second, rx_buffers[index].first);
      }
      driver->publish_rx();
      for (std::size_t offset = 0; offset < frame.size(); offset += platform::kFrameSize) {
         const std::size_t length = std::min(platform::kFrameSize, frame.size() - offset);
         std::memcpy(memory.frame_address(2) + offset, frame.data() + offset, length);
         driver->tx().queue(tx_address + offset, static_cast<std::uint16_t>(length),
                            offset + length == frame.size(), 0);
      }
      driver->publish_tx();
      while (driver->tx().take_sent()) {
      }
      check.begin();
      while (auto piece = driver->rx().take()) {
         check.feed({memory.frame_address(piece->cookie), piece->length});
      }
      return check.intact();
   }

   platform::RegionMemory memory;
   nic::SoftDevice device;
   std::uint64_t buffer_frames;
   std::optional<nic::E1000eDriver> driver;
   std::uint64_t tx_address = 0;
   std::vector<std::pair<std::uint64_t, std::uint64_t>> rx_buffers; // first frame, address
   nic::LoopbackFrameCheck check{kStation};
};

void soft_loopback(benchmark::State &state) {
   const auto frame_bytes = static_cast<std::uint32_t>(state.range(0));
   LoopbackBench bench(static_cast<std::uint32_t>(state.range(1)));
   std::vector<std::byte> frame(frame_bytes);
   std::uint64_t sequence = 0;
   for (auto _ : state) {
      nic::write_loopback_frame(frame, ++sequence, kStation);
      if (!bench.loop_back(frame)) {
         state.SkipWithError("a frame arrived damaged");
         break;
      }
   }
   state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * frame_bytes);
}
BENCHMARK(soft_loopback)->Args({9014, 16384})->Args({9014, 4096})->Args({1514, 4096});

void soft_iommu_map_unmap(benchmark::State &state) {
   platform::RegionMemory memory(kFrames);
   nic::SoftDevice device({true, {memory.base(), kFrames * platform::kFrameSize}});
   // Live mappings as a ring's worth of posted buffers would hold.
   for (std::uint64_t frame = 0; frame < 32; ++frame) {
      device.map_dma(memory.frame_address(frame), platform::kFrameSize);
   }
   for (auto _ : state) {
      const std::uint64_t iova = device.map_dma(memory.frame_address(48), 4 * platform::kFrameSize);
      device.unmap_dma(iova, 4 * platform::kFrameSize);
   }
}
BENCHMARK(soft_iommu_map_unmap);

// Whole runs of nic-jumbo with the reference buddy, checker on.
void nic_jumbo_run(benchmark::State &state, const std::vector<std::string> &settings) {
   static std::map<std::vector<std::string>, run::Preparation> cache;
   auto found = cache.find(settings);
   if (found == cache.end()) {
      found = cache.emplace(settings, run::prepare({"buddy"}, {"nic-jumbo"}, settings)).first;
   }
   const auto &chosen = found->second.plugins.front();
   run::RunSpec spec{chosen.library.get(),
                     chosen.allocator,
                     chosen.params_per_workload.front(),
                     &found->second.workloads.front().loaded,
                     1,
                     true,
                     platform::BackingRequest{},
                     "4k",
                     run::Placement{},
                     false};
   std::uint64_t ops = 0;
   for (auto _ : state) {
      run::Progress progress;
      results::RunResult result = run::execute_run(spec, progress);
      ops += result.counts.ops;
      benchmark::DoNotOptimize(result);
   }
   state.counters["ops"] =
       benchmark::Counter(static_cast<double>(ops), benchmark::Counter::kAvgIterations);
}
BENCHMARK_CAPTURE(nic_jumbo_run, contiguous_whole, std::vector<std::string>{})
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(nic_jumbo_run, contiguous_per_buffer,
                  std::vector<std::string>{"nic.dma_map=per-buffer"})
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(nic_jumbo_run, scatter_gather,
                  std::vector<std::string>{"nic.buffers=scatter-gather"})
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(nic_jumbo_run, page_pool, std::vector<std::string>{"nic.buffers=page-pool"})
    ->Unit(benchmark::kMillisecond);

} // namespace

BENCHMARK_MAIN();
