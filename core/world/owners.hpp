// The owners of live blocks: one record per block the workload holds, found by a handle that
// stays unique for the run, with the reclaimable ones on an LRU list (oldest at the head).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace memfrag::world {

// What the engine hands the workload for a block: the owner's slot and a generation, so that a
// handle kept after its block is gone never names another block. Bit 63 is never set in an
// owner's handle (the world uses it for handles of blocks without an owner record).
using BlockHandle = std::uint64_t;

enum class OwnerState : std::uint8_t { unused, live, dropped };

struct Owner {
   std::uint64_t location = 0; // first frame, or the stitched-block id
   std::uint64_t data = 0;     // identity of the data (reclaimable blocks)
   std::uint64_t lru_age = 0;  // when it joined the LRU list
   std::uint32_t order = 0;
   std::uint32_t generation = 0;
   std::uint32_t lru_prev = 0, lru_next = 0; // slot + 1; 0 ends the list
   std::uint8_t mobility = 0;
   OwnerState state = OwnerState::unused;
};

class Owners {
 public:
   static constexpr std::uint32_t kNone = UINT32_MAX;
   static constexpr std::uint32_t kGenerationMask = 0x7fffffff;

   // Room for `count` owners, its memory written once now: a run that stays within it neither
   // grows the table nor takes page faults on it while the run is timed.
   void prepare(std::size_t count);
   // A fresh live owner; returns its slot.
   std::uint32_t add(const Owner &owner);
   // The slot a handle names while its owner is live or dropped; kNone otherwise.
   std::uint32_t slot_of(BlockHandle handle) const;
   BlockHandle handle_of(std::uint32_t slot) const {
      return std::uint64_t{owners_[slot].generation & kGenerationMask} << 32 | slot;
   }
   Owner &operator[](std::uint32_t slot) { return owners_[slot]; }
   const Owner &operator[](std::uint32_t slot) const { return owners_[slot]; }
   // Gives the slot back: its handle names nothing from now on.
   void release(std::uint32_t slot);

   // The LRU list of reclaimable owners.
   void lru_push(std::uint32_t slot);
   void lru_remove(std::uint32_t slot);
   std::uint32_t lru_oldest() const { return lru_head_ == 0 ? kNone : lru_head_ - 1; }
   bool lru_empty() const { return lru_head_ == 0; }
   // True when the owner sits in the younger half of the list's age span.
   bool lru_is_hot(std::uint32_t slot) const;

 private:
   std::vector<Owner> owners_;
   std::vector<std::uint32_t> unused_;
   std::uint32_t lru_head_ = 0, lru_tail_ = 0;
   std::uint64_t next_age_ = 0;
};

} // namespace memfrag::world
