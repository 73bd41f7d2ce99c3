#include "core/metrics/recorder.hpp"

#include "core/metrics/frag_index.hpp"
#include "core/metrics/free_blocks.hpp"
#include "core/platform/region_memory.hpp"

#include <algorithm>

namespace memfrag::metrics {

Recorder::Recorder(std::uint32_t max_order, std::uint64_t expected_ops, std::uint32_t samples)
    : max_order_(max_order), sample_interval_(std::max<std::uint64_t>(
                                 1, expected_ops / std::max<std::uint32_t>(1, samples))),
      next_sample_at_(0), by_order_(kOrderSlots), alloc_latency_(kOrderSlots),
      free_latency_(kOrderSlots) {
}

void Recorder::alloc_failed(std::uint32_t order, results::RequestClass request_class,
                            std::uint64_t latency_ns, FailureKind kind) {
   results::RequestCounts &counts = counts_for(order, request_class);
   switch (kind) {
   case FailureKind::exhaustion:
      ++counts.exhaustion_failures;
      break;
   case FailureKind::fragmentation:
      ++counts.fragmentation_failures;
      break;
   case FailureKind::policy:
      ++counts.policy_failures;
      break;
   }
   alloc_latency_for(order).record(latency_ns);
}

void Recorder::sized_served(std::uint64_t bytes, std::uint64_t frames_handed_out, bool as_run) {
   ++sizing_.requests;
   sizing_.run_requests += as_run ? 1 : 0;
   ++sizing_.successes;
   sizing_.bytes_requested += bytes;
   sizing_.frames_needed += (bytes + platform::kFrameSize - 1) / platform::kFrameSize;
   sizing_.frames_handed_out += frames_handed_out;
}

void Recorder::sized_failed(bool as_run) {
   ++sizing_.requests;
   sizing_.run_requests += as_run ? 1 : 0;
}

results::FreeState Recorder::free_state(std::uint64_t ops_done, std::uint32_t phase,
                                        const plugin::ShadowMap &shadow) const {
   results::FreeState state;
   state.op_index = ops_done;
   state.phase = phase;
   state.free_frames = shadow.free_frames();
   state.live_blocks = shadow.live_blocks();
   state.nr_free = free_block_histogram(shadow.allocated_bits(), shadow.frame_count(), max_order_);
   fill_indices(state);
   return state;
}

void Recorder::sample(std::uint64_t ops_done, std::uint32_t phase,
                      const plugin::ShadowMap &shadow) {
   timeline_.push_back(free_state(ops_done, phase, shadow));
   last_phase_ = phase;
   next_sample_at_ = ops_done + sample_interval_;
}

void Recorder::merge(const Recorder &other) {
   highest_order_ = std::max(highest_order_, other.highest_order_);
   allocs_ += other.allocs_;
   frees_ += other.frees_;
   touch_ns_ += other.touch_ns_;
   peak_live_frames_ = std::max(peak_live_frames_, other.peak_live_frames_);
   sizing_ += other.sizing_;
   for (std::uint32_t order = 0; order < kOrderSlots; ++order) {
      for (std::size_t request_class = 0; request_class < results::kRequestClassCount;
           ++request_class) {
         results::RequestCounts &counts = by_order_[order][request_class];
         const results::RequestCounts &more = other.by_order_[order][request_class];
         counts.requests += more.requests;
         counts.successes += more.successes;
         counts.exhaustion_failures += more.exhaustion_failures;
         counts.fragmentation_failures += more.fragmentation_failures;
         counts.policy_failures += more.policy_failures;
      }
      alloc_latency_[order].merge(other.alloc_latency_[order]);
      free_latency_[order].merge(other.free_latency_[order]);
   }
}

void Recorder::finish(std::uint64_t ops_done, std::uint32_t phase, const plugin::ShadowMap &shadow,
                      results::RunCounts &counts, results::RunTiming &timing) {
   counts.frames = shadow.frame_count();
   counts.max_order = max_order_;
   counts.ops = ops_done;
   counts.allocs = allocs_;
   counts.frees = frees_;
   counts.final_state = free_state(ops_done, phase, shadow);
   if (timeline_.empty() || timeline_.back().op_index != ops_done) {
      timeline_.push_back(counts.final_state);
   }
   counts.timeline = std::move(timeline_);
   counts.peak_live_frames = peak_live_frames_;
   if (sizing_.requests != 0) {
      counts.sizing = sizing_;
   }
   std::uint32_t orders = std::max(max_order_, highest_order_) + 1;
   counts.by_order.assign(by_order_.begin(), by_order_.begin() + orders);
   timing.touch_ns = touch_ns_;
   timing.alloc_latency.clear();
   timing.free_latency.clear();
   for (std::uint32_t order = 0; order < orders; ++order) {
      timing.alloc_latency.push_back(alloc_latency_[order].summary());
      timing.free_latency.push_back(free_latency_[order].summary());
   }
}

} // namespace memfrag::metrics
