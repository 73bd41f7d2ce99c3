// The receive buffers the driver holds, found by the cookie their descriptor carries: the block
// the allocator handed out, where its bytes are, and the address the device was given.
#pragma once

#include "core/workload/driver.hpp"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace memfrag::workload::nic {

struct RxBuffer {
   BlockHandle block = kNoBlock;
   std::byte *address = nullptr;
   std::uint64_t device_address = 0;
   bool mapped = false; // holds a mapping of its own to withdraw (per-buffer DMA mapping)
};

class RxBuffers {
 public:
   // Records `buffer`; returns its id (the descriptor's cookie).
   std::uint64_t add(const RxBuffer &buffer) {
      if (unused_.empty()) {
         buffers_.push_back(buffer);
         return buffers_.size() - 1;
      }
      const std::uint64_t id = unused_.back();
      unused_.pop_back();
      buffers_[id] = buffer;
      return id;
   }
   RxBuffer &operator[](std::uint64_t id) { return buffers_[id]; }
   // Forgets buffer `id` (its block was freed).
   void remove(std::uint64_t id) {
      buffers_[id] = {};
      unused_.push_back(id);
   }
   std::size_t held() const { return buffers_.size() - unused_.size(); }

 private:
   std::vector<RxBuffer> buffers_;
   std::vector<std::uint64_t> unused_;
};

} // namespace memfrag::workload::nic
