// Replays a trace through a plugin: each traced block is mapped to the handle of whatever block
// the plugin handed out for it, so traced frees become frees of the plugin's blocks.
#pragma once

#include "core/workload/driver.hpp"
#include "core/workload/trace/block_map.hpp"
#include "core/workload/trace/free_frames.hpp"
#include "core/workload/trace/replay_options.hpp"
#include "core/workload/trace/replay_plan.hpp"
#include "core/workload/trace/trace_input.hpp"
#include "core/workload/trace/traced_layout.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace memfrag::workload::trace {

// What replay met, reported as workload figures.
struct ReplayCounts {
   std::uint64_t allocs = 0;
   std::uint64_t frees = 0;
   std::uint64_t seeded_blocks = 0;
   std::uint64_t unseen_frees = 0;           // skipped: never seen allocated (nor seeded)
   std::uint64_t stale_blocks = 0;           // a traced alloc hit a block still live: freed first
   std::uint64_t split_frees = 0;            // frees of part of a live block
   std::uint64_t frees_of_failed_blocks = 0; // the plugin had failed the allocation: skipped
   std::uint64_t traced_failed_allocs = 0;   // page=(nil) in the trace: not replayed
   std::uint64_t traced_extfrag = 0;         // the traced kernel's own fallback count
};

class ReplayDriver final : public Driver {
 public:
   ReplayDriver(LoadedTrace trace, ReplayPlan plan, const ReplayOptions &options);

   bool next(Op &op) override;
   void allocated(const Op &op, BlockHandle block) override;
   std::uint64_t expected_ops() const override { return expected_ops_; }
   void report(results::RunCounts &counts) const override;

   const ReplayCounts &counts() const { return counts_; }

 private:
   struct PluginBlock {
      BlockHandle block = kNoBlock; // kNoBlock: the plugin failed the allocation
      std::uint8_t order = 0;
      std::uint32_t remaining = 0;
   };

   bool emit_seed(Op &op);
   bool emit_alloc(Op &op, std::uint64_t pfn, std::uint32_t order, std::uint32_t flags,
                   std::uint32_t cpu);
   bool emit_free(Op &op, BlockHandle block, std::uint32_t order, std::uint32_t cpu);
   bool replay_alloc(Op &op, const TraceEvent &event);
   bool replay_free(Op &op, const TraceEvent &event);
   std::uint32_t cpu_of(const TraceEvent &event) const { return cpus_ > 1 ? event.cpu % cpus_ : 0; }
   void note_sample();
   void pace(const TraceEvent &event);

   LoadedTrace trace_;
   std::span<const TraceEvent> events_;
   std::vector<SeedBlock> seeds_;
   std::size_t seed_cursor_ = 0;
   std::size_t cursor_ = 0;
   BlockMap<PluginBlock> blocks_;
   std::uint32_t search_order_;
   std::uint32_t cpus_;
   std::uint32_t max_order_;
   std::uint64_t expected_ops_;
   std::uint64_t ops_ = 0;
   std::uint64_t pending_pfn_ = 0;
   std::uint8_t pending_order_ = 0;
   ReplayCounts counts_;

   std::vector<SamplePoint> samples_;
   std::uint64_t sample_every_;
   std::uint64_t next_sample_;

   bool honour_time_;
   double time_scale_;
   std::optional<std::chrono::steady_clock::time_point> started_;
};

} // namespace memfrag::workload::trace
