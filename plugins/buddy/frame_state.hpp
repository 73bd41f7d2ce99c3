// The per-frame state byte of the buddy allocator. Only the first frame of a block carries a
// state (free or allocated, and the block's order); every other frame holds 0. That makes "is my
// buddy a free block of my order?" a single byte compare, and lets validate() check that the
// blocks tile the region exactly.
#pragma once

#include <cstdint>

namespace memfrag::buddy {

inline constexpr uint8_t inside_block_state = 0;
inline constexpr uint8_t free_head_bit = 0x80;
inline constexpr uint8_t allocated_head_bit = 0x40;
inline constexpr uint8_t order_bits = 0x1f;

constexpr uint8_t free_head_state(uint32_t order) noexcept {
   return static_cast<uint8_t>(free_head_bit | order);
}

constexpr uint8_t allocated_head_state(uint32_t order) noexcept {
   return static_cast<uint8_t>(allocated_head_bit | order);
}

// True for a byte that is exactly one of the two head kinds with an order and no other bit.
constexpr bool is_head_state(uint8_t state) noexcept {
   const uint8_t kind = state & (free_head_bit | allocated_head_bit);
   const bool one_kind = kind == free_head_bit || kind == allocated_head_bit;
   return one_kind && (state & ~(free_head_bit | allocated_head_bit | order_bits)) == 0;
}

constexpr bool is_free_head_state(uint8_t state) noexcept {
   return is_head_state(state) && (state & free_head_bit) != 0;
}

constexpr uint32_t order_of_state(uint8_t state) noexcept {
   return state & order_bits;
}

} // namespace memfrag::buddy
