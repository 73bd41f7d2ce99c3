// Replays a trace through a plugin: each traced block is mapped to the handle of whatever block
// the plugin handed out for it, so traced frees become frees of the plugin's blocks. One lane
// replays every event in trace order; several lanes split the events by traced CPU, each lane
// keeping its CPU's order, a free waiting when the block's allocation on another lane has not
// happened yet.
#pragma once

#include "core/workload/driver.hpp"
#include "core/workload/trace/replay_options.hpp"
#include "core/workload/trace/replay_plan.hpp"
#include "core/workload/trace/trace_input.hpp"
#include "core/workload/trace/traced_layout.hpp"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <span>
#include <vector>

namespace memfrag::workload::trace {

class Replay final : public Lanes {
 public:
   Replay(LoadedTrace trace, ReplayPlan plan, const ReplayOptions &options,
          std::uint32_t lanes = 1);
   ~Replay() override;

   std::uint32_t count() const override { return static_cast<std::uint32_t>(lanes_.size()); }
   Driver &lane(std::uint32_t index) override;
   std::uint64_t expected_ops() const override { return script_.entries.size(); }
   void report(results::RunCounts &counts) const override;

 private:
   class Lane;

   // The handle a traced block got, published by the lane that allocated it.
   struct BlockSlot {
      std::atomic<bool> ready{false};
      BlockHandle handle = kNoBlock;
   };

   void pace(const TraceEvent &event);
   std::vector<SamplePoint> sample_points() const;

   LoadedTrace trace_;
   std::span<const TraceEvent> events_;
   ReplayScript script_;
   std::uint32_t cpus_;
   std::uint32_t max_order_;
   std::uint64_t sample_every_;
   std::unique_ptr<BlockSlot[]> blocks_;
   std::vector<std::unique_ptr<Lane>> lanes_;

   bool honour_time_;
   double time_scale_;
   std::once_flag started_once_;
   std::chrono::steady_clock::time_point started_;
};

} // namespace memfrag::workload::trace
