// The generator's live blocks, oldest first, in a ring: fifo takes the oldest, lifo the newest,
// random moves the newest into the hole it leaves, all in O(1).
#pragma once

#include <cstdint>
#include <vector>

namespace memfrag::workload {

struct LiveBlock {
   std::uint64_t block = 0; // the handle the engine gave for it
   std::uint32_t order = 0;
   std::uint32_t mobility = 0; // MEMFRAG_MOBILITY_*
   std::uint64_t data = 0;     // reclaimable blocks: identity of the data
   std::uint64_t frames = 0;   // frames the request needed: 2^order, or a sized request's frames
};

class LiveBlocks {
 public:
   bool empty() const { return count_ == 0; }
   std::size_t size() const { return count_; }

   void push(const LiveBlock &block) {
      if (count_ == slots_.size()) {
         grow();
      }
      slots_[(head_ + count_) & mask_] = block;
      ++count_;
   }

   LiveBlock take_oldest() {
      LiveBlock block = slots_[head_];
      head_ = (head_ + 1) & mask_;
      --count_;
      return block;
   }

   LiveBlock take_newest() {
      --count_;
      return slots_[(head_ + count_) & mask_];
   }

   // `index` counts from the oldest, in [0, size()).
   LiveBlock take_at(std::size_t index) {
      LiveBlock &slot = slots_[(head_ + index) & mask_];
      LiveBlock block = slot;
      slot = take_newest();
      return block;
   }

 private:
   // Doubles the ring, unrolling it so that the oldest block sits at slot 0.
   void grow() {
      std::vector<LiveBlock> larger(slots_.empty() ? 1024 : slots_.size() * 2);
      for (std::size_t index = 0; index < count_; ++index) {
         larger[index] = slots_[(head_ + index) & mask_];
      }
      slots_.swap(larger);
      head_ = 0;
      mask_ = slots_.size() - 1;
   }

   std::vector<LiveBlock> slots_;
   std::size_t head_ = 0;
   std::size_t count_ = 0;
   std::size_t mask_ = 0;
};

} // namespace memfrag::workload
