// One page-allocator event of a recorded kernel trace, in the fixed 32-byte form that .mft files
// store and replay reads (docs/trace-format.md, "Records").
#pragma once

#include <bit>
#include <cstdint>

namespace memfrag::workload::trace {

enum class EventKind : std::uint8_t {
   alloc = 0,        // mm_page_alloc that returned a block
   alloc_failed = 1, // mm_page_alloc with page=(nil): the traced kernel could not serve it
   free = 2,         // mm_page_free or mm_page_free_batched
   extfrag = 3,      // mm_page_alloc_extfrag: the traced kernel fell back to another mobility
};
inline constexpr std::uint8_t kEventKindCount = 4;
const char *event_kind_name(EventKind kind);

// Marks a migratetype field the trace did not print.
inline constexpr std::int8_t kNoMigratetype = -1;

struct TraceEvent {
   std::uint64_t time_ns = 0; // traced clock, nanoseconds
   std::uint64_t pfn = 0;     // traced kernel's frame number (0 for alloc_failed)
   std::uint32_t pid = 0;
   std::uint32_t gfp = 0; // GfpBit mask (gfp_flags.hpp)
   std::uint16_t cpu = 0;
   EventKind kind = EventKind::alloc;
   std::uint8_t order = 0;                   // extfrag: alloc_order
   std::uint8_t request_flags = 0;           // MEMFRAG_REQ_* derived from gfp and migratetype
   std::int8_t migratetype = kNoMigratetype; // as printed; extfrag: alloc_migratetype
   std::uint8_t fallback_order = 0;          // extfrag only
   std::uint8_t fallback_detail = 0;         // extfrag only: fallback migratetype (bits 0..3),
                                             // fragmenting (bit 4), change_ownership (bit 5)
};

static_assert(sizeof(TraceEvent) == 32, ".mft records are the in-memory events byte for byte");
static_assert(std::endian::native == std::endian::little, ".mft is little-endian");

inline constexpr std::uint8_t kFallbackFragmenting = 1u << 4;
inline constexpr std::uint8_t kFallbackChangeOwnership = 1u << 5;

} // namespace memfrag::workload::trace
