// Bytes fenced in by inaccessible guard pages, for catching code that writes (or reads) outside
// the bytes it was given: an access past either guard faults at once, and a write into the few
// bytes of alignment slack between the bytes and a guard is found by a canary check.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

namespace memfrag::platform {

class GuardedBytes {
 public:
   // `size` zero-filled bytes whose start is aligned to `alignment` (a power of two, at most a
   // frame) and whose end lies as close to the trailing guard as that alignment allows. Throws
   // std::system_error when the mapping fails.
   GuardedBytes(std::size_t size, std::size_t alignment);
   ~GuardedBytes();
   GuardedBytes(const GuardedBytes &) = delete;
   GuardedBytes &operator=(const GuardedBytes &) = delete;

   std::byte *data() const { return data_; }
   std::size_t size() const { return size_; }
   // Where the inaccessible pages around the bytes start and end, for telling a fault in them
   // apart from any other.
   const std::byte *mapping_begin() const { return mapping_; }
   const std::byte *mapping_end() const { return mapping_ + mapping_size_; }

   // Offset from data() of the first slack byte that was overwritten (negative: before the
   // bytes), or nothing when the slack on both sides is intact.
   std::optional<std::ptrdiff_t> overwritten_slack() const;

 private:
   std::byte *mapping_ = nullptr;
   std::size_t mapping_size_ = 0;
   std::byte *accessible_ = nullptr; // first byte after the leading guard
   std::size_t accessible_size_ = 0;
   std::byte *data_ = nullptr;
   std::size_t size_ = 0;
};

} // namespace memfrag::platform
