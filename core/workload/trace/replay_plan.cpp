#include "core/workload/trace/replay_plan.hpp"

#include "core/workload/trace/block_map.hpp"

#include <algorithm>

namespace memfrag::workload::trace {
namespace {

// One seed per traced frame: the first free of a block never seen allocated.
std::vector<SeedBlock> seeds_from(const std::vector<SeedBlock> &unseen) {
   std::vector<SeedBlock> seeds;
   BlockMap<std::uint8_t> seeded;
   for (const SeedBlock &block : unseen) {
      if (seeded.find(block.pfn) != nullptr)
         continue;
      seeded.insert(block.pfn, 1);
      seeds.push_back(block);
   }
   return seeds;
}

// Live frames along the script: its peak sizes the region.
std::uint64_t peak_live_frames(const ReplayScript &script) {
   std::int64_t live = 0;
   std::int64_t peak = 0;
   for (const ScriptEntry &entry : script.entries) {
      const std::int64_t frames = std::int64_t{1} << entry.order;
      live += entry.kind == ScriptEntry::Kind::alloc ? frames : -frames;
      peak = std::max(peak, live);
   }
   return static_cast<std::uint64_t>(peak);
}

} // namespace

ReplayPlan plan_replay(std::span<const TraceEvent> events, bool seed_unseen) {
   ReplayPlan plan;
   plan.max_order = highest_order(events);
   plan.script = build_script(events, {}, plan.max_order);
   plan.unseen_frees = plan.script.counts.unseen_frees;
   if (seed_unseen) {
      plan.seeds = seeds_from(plan.script.unseen);
      if (!plan.seeds.empty())
         plan.script = build_script(events, plan.seeds, plan.max_order);
   }
   plan.peak_live_frames = peak_live_frames(plan.script);
   plan.expected_ops = plan.script.entries.size();
   return plan;
}

} // namespace memfrag::workload::trace
