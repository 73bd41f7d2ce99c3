// The mobility types a pageblock can be given, the order in which a type falls back to the
// others when its own free lists are empty, and the plugin statistics that name them.
#pragma once

#include "memfrag/allocator.h"

#include <array>
#include <cstdint>

namespace memfrag::mobility {

// The types a request can ask for: MEMFRAG_MOBILITY_UNMOVABLE, _RECLAIMABLE and _MOVABLE.
inline constexpr uint32_t request_type_count = 3;

// MIGRATE_HIGHATOMIC (Linux 4.4): pageblocks reserved for high-order atomic requests. No request
// asks for it and no type falls back to it; only a strategy that reserves pageblocks
// (plugins/compaction) gives it. A free block never spans a highatomic pageblock and another
// one, as in the kernel, where such pageblocks do not merge above pageblock_order.
inline constexpr uint8_t highatomic_type = 3;

inline constexpr uint32_t type_count = 4;

// MEMFRAG_MOBILITY_* of a request; the unused fourth value of the two-bit field is served as
// unmovable, the type that is never wrong to give (it is only ever more restrictive).
constexpr uint8_t type_of_request(uint32_t flags) noexcept {
   const uint32_t mobility = MEMFRAG_REQ_GET_MOBILITY(flags);
   return static_cast<uint8_t>(mobility < request_type_count ? mobility
                                                             : MEMFRAG_MOBILITY_UNMOVABLE);
}

// Linux's fallbacks[] table (mm/page_alloc.c): the types tried, in order, when a type's own
// lists are empty. Unmovable and reclaimable prefer each other, so that what can never move
// stays with what can at least be dropped, away from movable pageblocks.
inline constexpr std::array<std::array<uint8_t, request_type_count - 1>, request_type_count>
    fallback_types{{
        {MEMFRAG_MOBILITY_RECLAIMABLE, MEMFRAG_MOBILITY_MOVABLE},   // unmovable
        {MEMFRAG_MOBILITY_UNMOVABLE, MEMFRAG_MOBILITY_MOVABLE},     // reclaimable
        {MEMFRAG_MOBILITY_RECLAIMABLE, MEMFRAG_MOBILITY_UNMOVABLE}, // movable
    }};

inline constexpr std::array<const char *, type_count> type_names{"unmovable", "reclaimable",
                                                                 "movable", "highatomic"};

// The same, as prefixes of validate() messages ("movable order 3 free list ...").
inline constexpr std::array<const char *, type_count> type_prefixes{"unmovable ", "reclaimable ",
                                                                    "movable ", "highatomic "};

} // namespace memfrag::mobility
