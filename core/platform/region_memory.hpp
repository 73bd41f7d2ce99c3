// The real memory behind a region: one mapping of frame_count 4 KiB frames.
#pragma once

#include <cstddef>
#include <cstdint>

namespace memfrag::platform {

inline constexpr std::size_t kFrameSize = 4096;
inline constexpr std::size_t kCacheLineSize = 64;

// How the region may be accessed: read_write for runs; none for checking that a plugin never
// touches frame memory (any access then faults).
enum class RegionAccess { read_write, none };

class RegionMemory {
 public:
   // Maps `frame_count` frames of private anonymous memory, reserved lazily: a frame costs
   // physical memory only once a workload touches it. Throws std::system_error on failure.
   explicit RegionMemory(std::uint64_t frame_count,
                         RegionAccess access = RegionAccess::read_write);
   ~RegionMemory();
   RegionMemory(const RegionMemory &) = delete;
   RegionMemory &operator=(const RegionMemory &) = delete;

   std::uint64_t frame_count() const { return frame_count_; }
   std::byte *base() const { return base_; }
   std::byte *frame_address(std::uint64_t frame) const { return base_ + frame * kFrameSize; }

 private:
   std::byte *base_ = nullptr;
   std::uint64_t frame_count_ = 0;
};

} // namespace memfrag::platform
