// The network stack's side of received frames: each is held, with its receive buffers, until its
// release time comes (the application has read it), earliest first; ties go to the frame
// received first, so the order is deterministic.
#pragma once

#include <cstdint>
#include <optional>
#include <queue>
#include <vector>

namespace memfrag::workload::nic {

struct HeldPacket {
   std::uint64_t release_ns = 0;
   std::uint64_t order = 0;            // receive order, to break ties
   std::vector<std::uint64_t> buffers; // ids in RxBuffers
};

class HeldPackets {
 public:
   void hold(std::uint64_t release_ns, std::vector<std::uint64_t> buffers) {
      packets_.push({release_ns, next_order_++, std::move(buffers)});
   }
   bool empty() const { return packets_.empty(); }
   std::optional<std::uint64_t> next_release_ns() const {
      return packets_.empty() ? std::nullopt : std::optional(packets_.top().release_ns);
   }
   HeldPacket take() {
      HeldPacket packet = packets_.top();
      packets_.pop();
      return packet;
   }

 private:
   struct Later {
      bool operator()(const HeldPacket &a, const HeldPacket &b) const {
         return a.release_ns != b.release_ns ? a.release_ns > b.release_ns : a.order > b.order;
      }
   };
   std::priority_queue<HeldPacket, std::vector<HeldPacket>, Later> packets_;
   std::uint64_t next_order_ = 0;
};

} // namespace memfrag::workload::nic
