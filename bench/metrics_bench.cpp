// The host-side free-block computations over a gibibyte region (262144 frames): the histogram
// taken at every timeline sample, and the free-block test behind every failed request.
#include <benchmark/benchmark.h>

#include <vector>

#include "core/metrics/free_blocks.hpp"

namespace {

constexpr std::uint64_t kFrames = 262144;

// Every other frame allocated: one free run per frame, the slowest shape for a histogram, and
// no free block above order 0 anywhere, the slowest case for the free-block test.
std::vector<std::uint64_t> alternating_bitmap() {
   return std::vector<std::uint64_t>(kFrames / 64, 0x5555555555555555u);
}

void histogram_alternating(benchmark::State &state) {
   auto bitmap = alternating_bitmap();
   for (auto _ : state) {
      benchmark::DoNotOptimize(memfrag::metrics::free_block_histogram(bitmap, kFrames, 10));
   }
}

void free_block_test_absent(benchmark::State &state) {
   auto bitmap = alternating_bitmap();
   auto order = static_cast<std::uint32_t>(state.range(0));
   for (auto _ : state) {
      benchmark::DoNotOptimize(memfrag::metrics::find_free_aligned_block(bitmap, kFrames, order));
   }
}

BENCHMARK(histogram_alternating)->Unit(benchmark::kMicrosecond);
BENCHMARK(free_block_test_absent)->Arg(1)->Arg(4)->Arg(9)->Unit(benchmark::kMicrosecond);

} // namespace

BENCHMARK_MAIN();
