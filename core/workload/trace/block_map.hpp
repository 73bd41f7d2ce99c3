// Live traced blocks keyed by the traced kernel's frame number: open addressing with linear
// probing and backward-shift deletion, so lookups touch one or two cache lines and deletions
// leave no tombstones behind. Replay does one lookup per event, so the constants matter.
#pragma once

#include <bit>
#include <cstdint>
#include <vector>

namespace memfrag::workload::trace {

template <typename Value> class BlockMap {
 public:
   explicit BlockMap(std::size_t expected_blocks = 1024) {
      const std::size_t capacity = std::bit_ceil(std::max<std::size_t>(expected_blocks * 2, 16));
      reset(capacity);
   }

   Value *find(std::uint64_t pfn) {
      for (std::size_t index = home(pfn);; index = (index + 1) & mask_) {
         Slot &slot = slots_[index];
         if (slot.pfn == pfn)
            return &slot.value;
         if (slot.pfn == kEmpty)
            return nullptr;
      }
   }

   // Inserts or replaces the block at `pfn`.
   void insert(std::uint64_t pfn, const Value &value) {
      if ((size_ + 1) * 2 > slots_.size())
         grow();
      std::size_t index = home(pfn);
      while (slots_[index].pfn != kEmpty && slots_[index].pfn != pfn)
         index = (index + 1) & mask_;
      size_ += slots_[index].pfn == kEmpty ? 1 : 0;
      slots_[index] = {pfn, value};
   }

   void erase(std::uint64_t pfn) {
      std::size_t hole = home(pfn);
      while (slots_[hole].pfn != pfn) {
         if (slots_[hole].pfn == kEmpty)
            return;
         hole = (hole + 1) & mask_;
      }
      // Pull back every later entry of the probe run whose home does not lie after the hole.
      for (std::size_t next = (hole + 1) & mask_; slots_[next].pfn != kEmpty;
           next = (next + 1) & mask_) {
         const std::size_t ideal = home(slots_[next].pfn);
         const bool stays =
             hole <= next ? (hole < ideal && ideal <= next) : (hole < ideal || ideal <= next);
         if (!stays) {
            slots_[hole] = slots_[next];
            hole = next;
         }
      }
      slots_[hole].pfn = kEmpty;
      --size_;
   }

   std::size_t size() const { return size_; }

 private:
   static constexpr std::uint64_t kEmpty = UINT64_MAX;
   struct Slot {
      std::uint64_t pfn = kEmpty;
      Value value{};
   };

   // Fibonacci hashing: frame numbers come in dense runs, which the multiply spreads out.
   std::size_t home(std::uint64_t pfn) const {
      return static_cast<std::size_t>((pfn * 0x9e3779b97f4a7c15ull) >> shift_);
   }

   void reset(std::size_t capacity) {
      slots_.assign(capacity, Slot{});
      mask_ = capacity - 1;
      shift_ = 64 - static_cast<unsigned>(std::countr_zero(capacity));
      size_ = 0;
   }

   void grow() {
      std::vector<Slot> old = std::move(slots_);
      reset(old.size() * 2);
      for (const Slot &slot : old)
         if (slot.pfn != kEmpty)
            insert(slot.pfn, slot.value);
   }

   std::vector<Slot> slots_;
   std::size_t mask_ = 0;
   unsigned shift_ = 0;
   std::size_t size_ = 0;
};

// How a traced free relates to the live blocks.
enum class FreeMatch : std::uint8_t {
   unseen,    // no live block holds the frame: the block was allocated before the trace began
   whole,     // frees the live block starting at the frame
   partial,   // frees part of a larger live block (the kernel split it); the block stays live
   completes, // frees the last part of a split block
};

// Matches a traced free of 2^order frames at `pfn` against `blocks` (values with `order` and
// `remaining` frames), updating the remaining count of a split block. `head` receives the first
// frame of the matched block. `max_order` bounds the search for a containing block.
template <typename Value>
FreeMatch match_free(BlockMap<Value> &blocks, std::uint64_t pfn, std::uint32_t order,
                     std::uint32_t max_order, std::uint64_t &head) {
   Value *block = blocks.find(pfn);
   head = pfn;
   for (std::uint32_t outer = order + 1; block == nullptr && outer <= max_order; ++outer) {
      head = pfn & ~((std::uint64_t{1} << outer) - 1);
      block = blocks.find(head);
      if (block != nullptr && block->order < outer)
         block = nullptr;
   }
   if (block == nullptr)
      return FreeMatch::unseen;
   const std::uint64_t full = std::uint64_t{1} << block->order;
   const std::uint64_t freed = std::uint64_t{1} << order;
   if (head == pfn && freed >= full && block->remaining == full)
      return FreeMatch::whole;
   block->remaining -= static_cast<std::uint32_t>(std::min<std::uint64_t>(freed, block->remaining));
   return block->remaining == 0 ? FreeMatch::completes : FreeMatch::partial;
}

} // namespace memfrag::workload::trace
