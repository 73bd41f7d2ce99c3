// The arrival process: deterministic for a seed, at the configured long-run rate, in bursts of
// back-to-back frames, with the size mix's weights.
#include "core/workload/nic/arrival_process.hpp"
#include "core/workload/nic/traffic_plan.hpp"

#include <gtest/gtest.h>
#include <map>
#include <vector>

namespace memfrag::workload::nic {
namespace {

NicSpec traffic(double burst, std::uint64_t rate_pps = 100000) {
   NicSpec spec;
   spec.rate_pps = rate_pps;
   spec.burst = burst;
   spec.line_gbps = 10.0;
   spec.sizes = {{9014, 9}, {60, 1}};
   return spec;
}

std::vector<Arrival> arrivals(const NicSpec &spec, std::uint64_t seed, std::size_t count) {
   ArrivalProcess process(spec, seed);
   std::vector<Arrival> list;
   for (std::size_t index = 0; index < count; ++index) {
      list.push_back(process.next());
   }
   return list;
}

bool same(const std::vector<Arrival> &a, const std::vector<Arrival> &b) {
   for (std::size_t index = 0; index < a.size(); ++index) {
      if (a[index].time_ns != b[index].time_ns || a[index].frame_bytes != b[index].frame_bytes) {
         return false;
      }
   }
   return a.size() == b.size();
}

TEST(ArrivalProcess, SameSeedSameArrivals) {
   EXPECT_TRUE(same(arrivals(traffic(8), 3, 1000), arrivals(traffic(8), 3, 1000)));
   EXPECT_FALSE(same(arrivals(traffic(8), 3, 1000), arrivals(traffic(8), 4, 1000)));
}

TEST(ArrivalProcess, KeepsTheLongRunRate) {
   for (const double burst : {1.0, 8.0, 32.0}) {
      const auto list = arrivals(traffic(burst), 1, 200000);
      const double seconds = static_cast<double>(list.back().time_ns) / 1e9;
      EXPECT_NEAR(static_cast<double>(list.size()) / seconds, 100000.0, 3000.0)
          << "burst " << burst;
   }
}

TEST(ArrivalProcess, FramesOfABurstFollowBackToBackAtLineRate) {
   const NicSpec spec = traffic(8);
   const auto list = arrivals(spec, 2, 100000);
   std::size_t back_to_back = 0;
   for (std::size_t index = 1; index < list.size(); ++index) {
      const std::uint64_t wire = wire_ns(spec, list[index - 1].frame_bytes);
      ASSERT_GE(list[index].time_ns, list[index - 1].time_ns + wire) << "frames never overlap";
      back_to_back += list[index].time_ns == list[index - 1].time_ns + wire ? 1 : 0;
   }
   // A burst continues with probability 1 - 1/8; a gap of exactly 0 is rare.
   EXPECT_NEAR(static_cast<double>(back_to_back) / static_cast<double>(list.size()), 7.0 / 8.0,
               0.01);
}

TEST(ArrivalProcess, WithoutBurstsFramesAreSpreadOut) {
   const NicSpec spec = traffic(1);
   const auto list = arrivals(spec, 2, 10000);
   std::size_t back_to_back = 0;
   for (std::size_t index = 1; index < list.size(); ++index) {
      back_to_back += list[index].time_ns ==
                              list[index - 1].time_ns + wire_ns(spec, list[index - 1].frame_bytes)
                          ? 1
                          : 0;
   }
   EXPECT_LT(back_to_back, 10u);
}

TEST(ArrivalProcess, SizesFollowTheirWeights) {
   std::map<std::uint32_t, std::size_t> counts;
   for (const Arrival &arrival : arrivals(traffic(8), 5, 100000)) {
      ++counts[arrival.frame_bytes];
   }
   ASSERT_EQ(counts.size(), 2u);
   EXPECT_NEAR(static_cast<double>(counts[9014]) / 100000.0, 0.9, 0.01);
}

TEST(TrafficPlan, WireTimeCountsTheFrameCheckSequencePreambleAndGap) {
   const NicSpec spec = traffic(1);
   EXPECT_EQ(wire_ns(spec, 1514), 1231u) << "(1514 + 24) bytes at 10 Gb/s";
   EXPECT_EQ(wire_ns(spec, 60), 68u);
   EXPECT_NEAR(line_rate_pps(spec), 1e9 / (0.9 * 7231 + 0.1 * 68), 1.0);
   EXPECT_EQ(traffic_duration_ns(spec), 200'000'000u) << "20000 frames at 100000 per second";
}

} // namespace
} // namespace memfrag::workload::nic
