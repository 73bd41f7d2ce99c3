#include "core/workload/trace/replay_driver.hpp"

#include "memfrag/allocator.h"

#include <algorithm>
#include <thread>

namespace memfrag::workload::trace {

namespace {

// Seeded blocks have no recorded request: they are treated as ordinary unmovable requests.
constexpr std::uint32_t kSeedFlags = MEMFRAG_REQ_MOBILITY(MEMFRAG_MOBILITY_UNMOVABLE);

} // namespace

ReplayDriver::ReplayDriver(LoadedTrace trace, ReplayPlan plan, const ReplayOptions &options)
    : trace_(std::move(trace)), events_(trace_.events), seeds_(std::move(plan.seeds)),
      blocks_(plan.max_live_blocks + seeds_.size()), search_order_(plan.max_order),
      cpus_(options.cpus), max_order_(options.max_order), expected_ops_(plan.expected_ops),
      sample_every_(std::max<std::uint64_t>(1, events_.size() / std::max(1u, options.samples))),
      next_sample_(sample_every_), honour_time_(options.time == TimeMode::honour),
      time_scale_(options.time_scale) {
   samples_.push_back({0, 0});
}

bool ReplayDriver::next(Op &op) {
   if (seed_cursor_ < seeds_.size())
      return emit_seed(op);
   while (cursor_ < events_.size()) {
      if (cursor_ == next_sample_)
         note_sample();
      const TraceEvent &event = events_[cursor_];
      if (honour_time_)
         pace(event);
      switch (event.kind) {
      case EventKind::alloc:
         if (replay_alloc(op, event))
            return true;
         break;
      case EventKind::free:
         ++cursor_;
         if (replay_free(op, event))
            return true;
         break;
      case EventKind::alloc_failed:
         ++cursor_;
         ++counts_.traced_failed_allocs;
         break;
      case EventKind::extfrag:
         ++cursor_;
         ++counts_.traced_extfrag;
         break;
      }
   }
   if (samples_.back().event_index != events_.size())
      samples_.push_back({events_.size(), ops_});
   return false;
}

void ReplayDriver::allocated(const Op &op, BlockHandle block) {
   blocks_.insert(pending_pfn_, {block, pending_order_, 1u << op.order});
}

bool ReplayDriver::emit_seed(Op &op) {
   const SeedBlock &seed = seeds_[seed_cursor_++];
   ++counts_.seeded_blocks;
   return emit_alloc(op, seed.pfn, seed.order, kSeedFlags, 0);
}

bool ReplayDriver::emit_alloc(Op &op, std::uint64_t pfn, std::uint32_t order, std::uint32_t flags,
                              std::uint32_t cpu) {
   op = Op{};
   op.kind = Op::Kind::alloc;
   op.order = order;
   op.flags = flags;
   op.cpu = cpu;
   pending_pfn_ = pfn;
   pending_order_ = static_cast<std::uint8_t>(order);
   ++ops_;
   return true;
}

bool ReplayDriver::emit_free(Op &op, BlockHandle block, std::uint32_t order, std::uint32_t cpu) {
   if (block == kNoBlock) {
      ++counts_.frees_of_failed_blocks;
      return false;
   }
   op = Op{};
   op.kind = Op::Kind::free;
   op.order = order;
   op.block = block;
   op.cpu = cpu;
   ++counts_.frees;
   ++ops_;
   return true;
}

// A traced allocation of a block still live here means its free was not traced (lost events,
// a free path without a tracepoint): the stale block is freed first, the event stays current.
bool ReplayDriver::replay_alloc(Op &op, const TraceEvent &event) {
   if (const PluginBlock *stale = blocks_.find(event.pfn)) {
      const PluginBlock block = *stale;
      blocks_.erase(event.pfn);
      ++counts_.stale_blocks;
      return emit_free(op, block.block, block.order, cpu_of(event));
   }
   ++cursor_;
   ++counts_.allocs;
   return emit_alloc(op, event.pfn, event.order, event.request_flags, cpu_of(event));
}

bool ReplayDriver::replay_free(Op &op, const TraceEvent &event) {
   std::uint64_t head = 0;
   switch (match_free(blocks_, event.pfn, event.order, search_order_, head)) {
   case FreeMatch::unseen:
      ++counts_.unseen_frees;
      return false;
   case FreeMatch::partial:
      ++counts_.split_frees;
      return false;
   case FreeMatch::completes:
      ++counts_.split_frees;
      break;
   case FreeMatch::whole:
      break;
   }
   const PluginBlock block = *blocks_.find(head);
   blocks_.erase(head);
   return emit_free(op, block.block, block.order, cpu_of(event));
}

void ReplayDriver::note_sample() {
   samples_.push_back({cursor_, ops_});
   next_sample_ += sample_every_;
}

// Sleeps until the event's traced time, measured from the first event and divided by the scale.
void ReplayDriver::pace(const TraceEvent &event) {
   const auto now = std::chrono::steady_clock::now();
   if (!started_)
      started_ = now;
   const double traced_ns = static_cast<double>(event.time_ns - events_.front().time_ns);
   const auto due =
       *started_ + std::chrono::nanoseconds(static_cast<std::int64_t>(traced_ns / time_scale_));
   if (due > now)
      std::this_thread::sleep_until(due);
}

void ReplayDriver::report(results::RunCounts &counts) const {
   const auto add = [&](const char *name, double value) {
      counts.workload_figures.emplace_back(name, value);
   };
   add("trace_events", static_cast<double>(events_.size()));
   add("trace_allocs_replayed", static_cast<double>(counts_.allocs));
   add("trace_frees_replayed", static_cast<double>(counts_.frees));
   add("trace_seeded_blocks", static_cast<double>(counts_.seeded_blocks));
   add("trace_unseen_frees_skipped", static_cast<double>(counts_.unseen_frees));
   add("trace_stale_blocks_freed", static_cast<double>(counts_.stale_blocks));
   add("trace_split_frees", static_cast<double>(counts_.split_frees));
   add("trace_frees_of_failed_allocs", static_cast<double>(counts_.frees_of_failed_blocks));
   add("trace_kernel_failed_allocs", static_cast<double>(counts_.traced_failed_allocs));
   add("trace_kernel_extfrag_fallbacks", static_cast<double>(counts_.traced_extfrag));
   add("trace_lost_events", static_cast<double>(trace_.metadata.lost_events));
   add("trace_malformed_lines", static_cast<double>(trace_.metadata.malformed_lines));
   const auto &start = trace_.metadata.free_frames_start;
   add("trace_kernel_layout_known", start ? 1.0 : 0.0);
   if (start)
      counts.reference_timeline = traced_layout_timeline(*start, events_, samples_, max_order_);
}

} // namespace memfrag::workload::trace
