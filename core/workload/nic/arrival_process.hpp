// The frames offered to the interface, in simulated time: bursts of back-to-back frames at line
// rate (geometric lengths with mean spec.burst), separated by idle gaps drawn uniformly from
// [0, 2 x the mean that makes the long-run rate spec.rate_pps], each frame's size drawn from the
// size mix. Integer sampling only, so a seed gives the same arrivals everywhere.
#pragma once

#include "core/workload/nic/nic_spec.hpp"
#include "core/workload/prng.hpp"

#include <cstdint>
#include <vector>

namespace memfrag::workload::nic {

struct Arrival {
   std::uint64_t time_ns = 0;
   std::uint32_t frame_bytes = 0;
};

class ArrivalProcess {
 public:
   ArrivalProcess(const NicSpec &spec, std::uint64_t seed);

   // The next frame; times never decrease.
   Arrival next();

 private:
   Xoshiro256 random_;
   WeightedChoice sizes_;
   std::vector<std::uint32_t> bytes_;
   std::vector<std::uint64_t> wire_ns_;
   Chance burst_continues_;
   std::uint64_t gap_bound_ns_;     // gaps are uniform in [0, gap_bound_ns_]
   std::uint64_t next_free_ns_ = 0; // when the line is free after the last frame
   bool first_ = true;
};

} // namespace memfrag::workload::nic
