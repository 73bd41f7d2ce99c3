// The real memory behind a region: frame_count 4 KiB frames in a memory file, mapped once as the
// region. Being a file, any frame can be mapped a second time elsewhere (virtual_window.hpp).
// The file is backed by 4 KiB pages, transparent huge pages or hugetlb huge pages.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "core/platform/backing.hpp"
#include "core/platform/numa_memory.hpp"

namespace memfrag::platform {

inline constexpr std::size_t kFrameSize = 4096;
inline constexpr std::size_t kCacheLineSize = 64;

// How the region may be accessed: read_write for runs; none for checking that a plugin never
// touches frame memory (any access then faults).
enum class RegionAccess { read_write, none };

// What backs a region, as measured.
struct BackingObtained {
   BackingKind kind = BackingKind::base_4k;
   std::uint64_t page_bytes = 4096;
   std::uint64_t pages = 0;        // backing pages of the mapping
   std::uint64_t mapped_frames = 0; // frame count rounded up to whole backing pages
   // Bytes of the mapping held by transparent huge pages, from /proc/self/smaps; nullopt when
   // not measurable.
   std::optional<std::uint64_t> thp_bytes;
   bool prefaulted = false;
   bool locked = false;
};

class RegionMemory {
 public:
   // Creates a memory file of `frame_count` frames and maps it shared, reserved lazily: a frame
   // costs physical memory only once a workload touches it. With RegionAccess::none the mapping
   // is inaccessible (the validator's check that a plugin never touches frame memory). Throws
   // std::system_error on failure.
   explicit RegionMemory(std::uint64_t frame_count,
                         RegionAccess access = RegionAccess::read_write);
   // The same with the backing `request` asks for. Hugetlb backing rounds the mapping up to
   // whole huge pages (the region still has `frame_count` frames) and reserves them at once:
   // too few free huge pages is a std::system_error here, never a SIGBUS later. A hugetlb memory
   // file can be mapped elsewhere only in whole huge pages, so stitching single frames fails.
   // With `node`, the memory is bound to that NUMA node before any fault (prefault included); a
   // bind the kernel refuses leaves the region unbound and is reported by bind_failure(), never
   // thrown.
   RegionMemory(std::uint64_t frame_count, RegionAccess access, const BackingRequest &request,
                std::optional<unsigned> node = std::nullopt);
   ~RegionMemory();
   RegionMemory(const RegionMemory &) = delete;
   RegionMemory &operator=(const RegionMemory &) = delete;

   std::uint64_t frame_count() const { return frame_count_; }
   std::byte *base() const { return base_; }
   std::byte *frame_address(std::uint64_t frame) const { return base_ + frame * kFrameSize; }
   // The memory file, for mapping frames elsewhere; -1 for an empty region.
   int file() const { return file_; }
   // What backs the region now; transparent huge page coverage is measured at each call.
   BackingObtained backing() const;
   // The NUMA node the memory was asked to be bound to, and why binding failed (nullopt: bound,
   // or no node asked).
   std::optional<unsigned> node_asked() const { return node_; }
   const std::optional<std::string> &bind_failure() const { return bind_failure_; }
   // Where the backing pages faulted in so far sit, by NUMA node.
   NodeCounts backing_page_nodes() const;

 private:
   std::byte *base_ = nullptr;
   std::uint64_t frame_count_ = 0;
   std::uint64_t mapping_bytes_ = 0;
   BackingRequest request_;
   bool locked_ = false;
   int file_ = -1;
   std::optional<unsigned> node_;
   std::optional<std::string> bind_failure_;
};

} // namespace memfrag::platform
