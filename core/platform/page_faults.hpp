// Page faults taken, as the kernel counts them (getrusage): minor faults map memory already
// there or zero-fill a new frame, major faults had to wait for I/O.
#pragma once

#include <cstdint>

namespace memfrag::platform {

struct FaultCounts {
   std::uint64_t minor = 0;
   std::uint64_t major = 0;
};

inline FaultCounts operator-(const FaultCounts &after, const FaultCounts &before) {
   return {after.minor - before.minor, after.major - before.major};
}

// Faults of the calling thread since it started.
FaultCounts thread_faults();
// Faults of the calling process (all its threads) since it started.
FaultCounts process_faults();

} // namespace memfrag::platform
