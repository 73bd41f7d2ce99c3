#include "core/workload/trace/replay_plan.hpp"

#include "core/workload/trace/block_map.hpp"

#include <algorithm>

namespace memfrag::workload::trace {

namespace {

struct TracedBlock {
   std::uint8_t order = 0;
   std::uint32_t remaining = 0;
};

class LiveSimulation {
 public:
   LiveSimulation(std::uint32_t max_order, bool seed_unseen)
       : max_order_(max_order), seed_unseen_(seed_unseen) {}

   void apply(const TraceEvent &event) {
      if (event.kind == EventKind::alloc)
         allocate(event);
      else if (event.kind == EventKind::free)
         release(event);
   }

   ReplayPlan finish() {
      const auto seeded_frames = static_cast<std::int64_t>(seeded_frames_);
      plan_.peak_live_frames = static_cast<std::uint64_t>(seeded_frames + peak_balance_);
      plan_.expected_ops += plan_.seeds.size();
      return std::move(plan_);
   }

 private:
   void allocate(const TraceEvent &event) {
      if (TracedBlock *stale = blocks_.find(event.pfn)) {
         balance_ -= std::int64_t{1} << stale->order;
         blocks_.erase(event.pfn);
         ++plan_.expected_ops;
      }
      blocks_.insert(event.pfn, {event.order, 1u << event.order});
      balance_ += std::int64_t{1} << event.order;
      ++plan_.expected_ops;
      note_peak();
   }

   void release(const TraceEvent &event) {
      std::uint64_t head = 0;
      const FreeMatch match = match_free(blocks_, event.pfn, event.order, max_order_, head);
      if (match == FreeMatch::whole || match == FreeMatch::completes) {
         balance_ -= std::int64_t{1} << blocks_.find(head)->order;
         blocks_.erase(head);
         ++plan_.expected_ops;
      } else if (match == FreeMatch::unseen) {
         note_unseen(event);
      }
   }

   // A seeded block is live from the start until this free: the balance counts live frames
   // relative to the seeded total, which is only known at the end.
   void note_unseen(const TraceEvent &event) {
      ++plan_.unseen_frees;
      if (!seed_unseen_ || seeded_.find(event.pfn) != nullptr)
         return;
      seeded_.insert(event.pfn, 1);
      plan_.seeds.push_back({event.pfn, event.order});
      seeded_frames_ += std::uint64_t{1} << event.order;
      balance_ -= std::int64_t{1} << event.order;
      ++plan_.expected_ops;
   }

   void note_peak() {
      peak_balance_ = std::max(peak_balance_, balance_);
      plan_.max_live_blocks = std::max<std::uint64_t>(plan_.max_live_blocks, blocks_.size());
   }

   std::uint32_t max_order_;
   bool seed_unseen_;
   BlockMap<TracedBlock> blocks_;
   BlockMap<std::uint8_t> seeded_;
   ReplayPlan plan_;
   std::int64_t balance_ = 0;
   std::int64_t peak_balance_ = 0;
   std::uint64_t seeded_frames_ = 0;
};

std::uint32_t highest_order(std::span<const TraceEvent> events) {
   std::uint32_t order = 0;
   for (const TraceEvent &event : events)
      order = std::max<std::uint32_t>(order, event.order);
   return order;
}

} // namespace

ReplayPlan plan_replay(std::span<const TraceEvent> events, bool seed_unseen) {
   const std::uint32_t max_order = highest_order(events);
   LiveSimulation simulation(max_order, seed_unseen);
   for (const TraceEvent &event : events)
      simulation.apply(event);
   ReplayPlan plan = simulation.finish();
   plan.max_order = max_order;
   return plan;
}

} // namespace memfrag::workload::trace
