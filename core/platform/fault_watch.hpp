// Locating a fatal memory fault in a child process: the child names address ranges it cares
// about (metadata, region) in a record shared with the parent (SharedPage), and a fault handler
// stores the faulting address there before the child dies of the fault as it would have anyway.
// The parent can then report "wrote 8 bytes past the metadata" instead of a bare SIGSEGV.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>

namespace memfrag::platform {

struct WatchedRange {
   std::uintptr_t begin = 0, end = 0;             // [begin, end) of the range itself
   std::uintptr_t guard_begin = 0, guard_end = 0; // with the guard pages around it, if any
};

struct FaultRecord {
   static constexpr std::size_t kRanges = 4;
   std::array<WatchedRange, kRanges> ranges{};
   bool faulted = false;
   std::uintptr_t address = 0;
};

// Installs SIGSEGV and SIGBUS handlers in the calling process that fill `record` (which must
// stay mapped until the process ends). Meant for a child that exists to run one check.
void record_memory_faults_in(FaultRecord &record);

// Which range of `record` the fault hit (inside it or in its guard pages), if any.
std::optional<std::size_t> faulting_range(const FaultRecord &record);

} // namespace memfrag::platform
