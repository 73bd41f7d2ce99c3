// A trace turned into the operations replay executes, once, before replay starts: which traced
// block each allocation creates and which one each free releases, with frees of unseen blocks,
// partial frees and stale blocks already resolved. The matching depends on the trace alone, so
// replay itself only indexes a table of handles, and worker threads replaying the events of
// different CPUs can find the block another thread allocated.
#pragma once

#include "core/workload/trace/trace_event.hpp"

#include <cstdint>
#include <span>
#include <vector>

namespace memfrag::workload::trace {

// A block live from the start of replay: freed in the trace, never seen allocated.
struct SeedBlock {
   std::uint64_t pfn = 0;
   std::uint8_t order = 0;
};

struct ScriptEntry {
   enum class Kind : std::uint8_t { alloc, free };
   std::uint32_t event = 0; // index of the event it comes from (0 for seeded blocks)
   std::uint32_t block = 0; // traced block: its index in allocation order, seeds first
   Kind kind = Kind::alloc;
   std::uint8_t order = 0;
   std::uint8_t flags = 0; // MEMFRAG_REQ_* (alloc only)
   std::uint16_t traced_cpu = 0;
};
static_assert(sizeof(ScriptEntry) == 16);

// What resolving the trace met: the replay's workload figures that do not depend on the plugin.
struct ScriptCounts {
   std::uint64_t allocs = 0; // alloc events replayed (seeds not included)
   std::uint64_t seeded_blocks = 0;
   std::uint64_t unseen_frees = 0;         // skipped: never seen allocated (nor seeded)
   std::uint64_t stale_blocks = 0;         // a traced alloc hit a block still live: freed first
   std::uint64_t split_frees = 0;          // frees of part of a live block
   std::uint64_t traced_failed_allocs = 0; // page=(nil) in the trace: not replayed
   std::uint64_t traced_extfrag = 0;       // the traced kernel's own fallback count
};

struct ReplayScript {
   std::vector<ScriptEntry> entries;
   std::uint64_t blocks = 0; // traced blocks the entries name: [0, blocks)
   ScriptCounts counts;
   std::vector<SeedBlock> unseen; // the first free of each block never seen allocated
};

// Resolves `events` with `seeds` live from the start (allocated first, in order, on CPU 0).
// `search_order` bounds the search for the block a partial free belongs to.
ReplayScript build_script(std::span<const TraceEvent> events, std::span<const SeedBlock> seeds,
                          std::uint32_t search_order);

// The highest order of any event.
std::uint32_t highest_order(std::span<const TraceEvent> events);

} // namespace memfrag::workload::trace
