#include "core/workload/trace/replay_script.hpp"

#include "core/workload/trace/block_map.hpp"

#include <algorithm>
#include <limits>
#include <memfrag/allocator.h>
#include <stdexcept>

namespace memfrag::workload::trace {
namespace {

// Seeded blocks have no recorded request: they are treated as ordinary unmovable requests.
constexpr std::uint8_t kSeedFlags = MEMFRAG_REQ_MOBILITY(MEMFRAG_MOBILITY_UNMOVABLE);

struct TracedBlock {
   std::uint32_t block = 0;
   std::uint8_t order = 0;
   std::uint32_t remaining = 0;
};

class ScriptBuilder {
 public:
   ScriptBuilder(std::size_t events, std::uint32_t search_order) : search_order_(search_order) {
      if (events >= std::numeric_limits<std::uint32_t>::max())
         throw std::length_error("trace replay: more than 2^32 - 1 events");
      script_.entries.reserve(events);
   }

   void seed(const SeedBlock &block) {
      ++script_.counts.seeded_blocks;
      allocate(0, block.pfn, block.order, kSeedFlags, 0);
   }

   void apply(std::uint32_t index, const TraceEvent &event) {
      switch (event.kind) {
      case EventKind::alloc:
         replay_alloc(index, event);
         break;
      case EventKind::free:
         replay_free(index, event);
         break;
      case EventKind::alloc_failed:
         ++script_.counts.traced_failed_allocs;
         break;
      case EventKind::extfrag:
         ++script_.counts.traced_extfrag;
         break;
      }
   }

   ReplayScript finish() { return std::move(script_); }

 private:
   void allocate(std::uint32_t index, std::uint64_t pfn, std::uint8_t order, std::uint8_t flags,
                 std::uint16_t cpu) {
      const auto block = static_cast<std::uint32_t>(script_.blocks++);
      live_.insert(pfn, {block, order, 1u << order});
      script_.entries.push_back({index, block, ScriptEntry::Kind::alloc, order, flags, cpu});
   }

   void release(std::uint32_t index, std::uint64_t head, std::uint16_t cpu) {
      const TracedBlock block = *live_.find(head);
      live_.erase(head);
      script_.entries.push_back({index, block.block, ScriptEntry::Kind::free, block.order, 0, cpu});
   }

   // A traced allocation of a block still live means its free was not traced (lost events, a
   // free path without a tracepoint): the stale block is freed first.
   void replay_alloc(std::uint32_t index, const TraceEvent &event) {
      if (live_.find(event.pfn) != nullptr) {
         ++script_.counts.stale_blocks;
         release(index, event.pfn, event.cpu);
      }
      ++script_.counts.allocs;
      allocate(index, event.pfn, event.order, event.request_flags, event.cpu);
   }

   void replay_free(std::uint32_t index, const TraceEvent &event) {
      std::uint64_t head = 0;
      switch (match_free(live_, event.pfn, event.order, search_order_, head)) {
      case FreeMatch::unseen:
         ++script_.counts.unseen_frees;
         script_.unseen.push_back({event.pfn, event.order});
         return;
      case FreeMatch::partial:
         ++script_.counts.split_frees;
         return;
      case FreeMatch::completes:
         ++script_.counts.split_frees;
         break;
      case FreeMatch::whole:
         break;
      }
      release(index, head, event.cpu);
   }

   std::uint32_t search_order_;
   BlockMap<TracedBlock> live_;
   ReplayScript script_;
};

} // namespace

std::uint32_t highest_order(std::span<const TraceEvent> events) {
   std::uint32_t order = 0;
   for (const TraceEvent &event : events)
      order = std::max<std::uint32_t>(order, event.order);
   return order;
}

ReplayScript build_script(std::span<const TraceEvent> events, std::span<const SeedBlock> seeds,
                          std::uint32_t search_order) {
   ScriptBuilder builder(events.size() + seeds.size(), search_order);
   for (const SeedBlock &seed : seeds)
      builder.seed(seed);
   for (std::size_t index = 0; index < events.size(); ++index)
      builder.apply(static_cast<std::uint32_t>(index), events[index]);
   return builder.finish();
}

} // namespace memfrag::workload::trace
