#include "core/world/owners.hpp"

namespace memfrag::world {

void Owners::prepare(std::size_t count) {
   owners_.assign(count, Owner{});
   owners_.clear();
   unused_.assign(count, 0);
   unused_.clear();
}

std::uint32_t Owners::add(const Owner &owner) {
   std::uint32_t slot = 0;
   if (unused_.empty()) {
      slot = static_cast<std::uint32_t>(owners_.size());
      owners_.push_back(owner);
   } else {
      slot = unused_.back();
      unused_.pop_back();
      const std::uint32_t generation = owners_[slot].generation;
      owners_[slot] = owner;
      owners_[slot].generation = generation;
   }
   owners_[slot].state = OwnerState::live;
   return slot;
}

std::uint32_t Owners::slot_of(BlockHandle handle) const {
   const auto slot = static_cast<std::uint32_t>(handle);
   if (slot >= owners_.size() || owners_[slot].state == OwnerState::unused ||
       (owners_[slot].generation & kGenerationMask) != static_cast<std::uint32_t>(handle >> 32)) {
      return kNone;
   }
   return slot;
}

void Owners::release(std::uint32_t slot) {
   owners_[slot].state = OwnerState::unused;
   ++owners_[slot].generation;
   unused_.push_back(slot);
}

void Owners::lru_push(std::uint32_t slot) {
   Owner &owner = owners_[slot];
   owner.lru_age = next_age_++;
   owner.lru_prev = lru_tail_;
   owner.lru_next = 0;
   if (lru_tail_ != 0) {
      owners_[lru_tail_ - 1].lru_next = slot + 1;
   } else {
      lru_head_ = slot + 1;
   }
   lru_tail_ = slot + 1;
}

void Owners::lru_remove(std::uint32_t slot) {
   Owner &owner = owners_[slot];
   if (owner.lru_prev != 0) {
      owners_[owner.lru_prev - 1].lru_next = owner.lru_next;
   } else {
      lru_head_ = owner.lru_next;
   }
   if (owner.lru_next != 0) {
      owners_[owner.lru_next - 1].lru_prev = owner.lru_prev;
   } else {
      lru_tail_ = owner.lru_prev;
   }
   owner.lru_prev = owner.lru_next = 0;
}

// Ages only grow along the list, so the span runs from the head's age to the tail's.
bool Owners::lru_is_hot(std::uint32_t slot) const {
   if (lru_head_ == lru_tail_) {
      return false;
   }
   const std::uint64_t oldest = owners_[lru_head_ - 1].lru_age;
   const std::uint64_t newest = owners_[lru_tail_ - 1].lru_age;
   return owners_[slot].lru_age - oldest > (newest - oldest) / 2;
}

} // namespace memfrag::world
