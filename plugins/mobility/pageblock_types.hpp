// The mobility types a pageblock can be given, the order in which a type falls back to the
// others when its own free lists are empty, and the plugin statistics that name them.
#pragma once

#include "memfrag/allocator.h"

#include <array>
#include <cstdint>

namespace memfrag::mobility {

inline constexpr uint32_t type_count = 3;

// MEMFRAG_MOBILITY_* of a request; the unused fourth value of the two-bit field is served as
// unmovable, the type that is never wrong to give (it is only ever more restrictive).
constexpr uint8_t type_of_request(uint32_t flags) noexcept {
   const uint32_t mobility = MEMFRAG_REQ_GET_MOBILITY(flags);
   return static_cast<uint8_t>(mobility < type_count ? mobility : MEMFRAG_MOBILITY_UNMOVABLE);
}

// Linux's fallbacks[] table (mm/page_alloc.c): the types tried, in order, when a type's own
// lists are empty. Unmovable and reclaimable prefer each other, so that what can never move
// stays with what can at least be dropped, away from movable pageblocks.
inline constexpr std::array<std::array<uint8_t, type_count - 1>, type_count> fallback_types{{
    {MEMFRAG_MOBILITY_RECLAIMABLE, MEMFRAG_MOBILITY_MOVABLE},   // unmovable
    {MEMFRAG_MOBILITY_UNMOVABLE, MEMFRAG_MOBILITY_MOVABLE},     // reclaimable
    {MEMFRAG_MOBILITY_RECLAIMABLE, MEMFRAG_MOBILITY_UNMOVABLE}, // movable
}};

inline constexpr std::array<const char *, type_count> type_names{"unmovable", "reclaimable",
                                                                 "movable"};

// The same, as prefixes of validate() messages ("movable order 3 free list ...").
inline constexpr std::array<const char *, type_count> type_prefixes{"unmovable ", "reclaimable ",
                                                                    "movable "};

} // namespace memfrag::mobility
