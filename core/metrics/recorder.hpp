// Everything measured during one run, fed by the engine operation by operation: request counts
// per order and class with failures classified, latency histograms per operation and order, and
// the free-state timeline sampled from the host's shadow map.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "core/metrics/latency_histogram.hpp"
#include "core/plugin/shadow_map.hpp"
#include "core/results/model.hpp"

namespace memfrag::metrics {

enum class FailureKind : std::uint8_t { exhaustion, fragmentation, policy };

class Recorder {
 public:
   // `samples` timeline samples are spread evenly over `expected_ops` operations (a sample is
   // also taken at every phase change and at the end).
   Recorder(std::uint32_t max_order, std::uint64_t expected_ops, std::uint32_t samples);

   // `live_frames`: frames allocated once this block is counted, for the peak.
   void alloc_succeeded(std::uint32_t order, results::RequestClass request_class,
                        std::uint64_t latency_ns, std::uint64_t live_frames) {
      counts_for(order, request_class).successes++;
      alloc_latency_for(order).record(latency_ns);
      peak_live_frames_ = live_frames > peak_live_frames_ ? live_frames : peak_live_frames_;
   }
   void alloc_failed(std::uint32_t order, results::RequestClass request_class,
                     std::uint64_t latency_ns, FailureKind kind);
   void freed(std::uint32_t order, std::uint64_t latency_ns) {
      ++frees_;
      free_latency_for(order).record(latency_ns);
   }
   void touched(std::uint64_t touch_ns) { touch_ns_ += touch_ns; }
   // A request sized in bytes (as_run: asked as a run, ext/exact.h) besides its counts per
   // order: served with `frames_handed_out` frames, or failed.
   void sized_served(std::uint64_t bytes, std::uint64_t frames_handed_out, bool as_run);
   void sized_failed(bool as_run);

   // True when the operation count `ops_done` or the phase calls for a timeline sample.
   bool sample_due(std::uint64_t ops_done, std::uint32_t phase) const {
      return ops_done >= next_sample_at_ || phase != last_phase_;
   }
   void sample(std::uint64_t ops_done, std::uint32_t phase, const plugin::ShadowMap &shadow);

   // The free state of `shadow` now, as a sample.
   results::FreeState free_state(std::uint64_t ops_done, std::uint32_t phase,
                                 const plugin::ShadowMap &shadow) const;

   // Adds the counts, latencies and touch time of another worker's recorder (its timeline, if
   // any, is not taken: the coordinating worker samples for the whole run).
   void merge(const Recorder &other);

   // Moves the counts and timing into `result` (ops and final state included).
   void finish(std::uint64_t ops_done, std::uint32_t phase, const plugin::ShadowMap &shadow,
               results::RunCounts &counts, results::RunTiming &timing);

 private:
   static constexpr std::uint32_t kOrderSlots = 64;

   results::RequestCounts &counts_for(std::uint32_t order, results::RequestClass request_class) {
      auto &slot = by_order_[order < kOrderSlots ? order : kOrderSlots - 1];
      auto &counts = slot[static_cast<std::size_t>(request_class)];
      ++counts.requests;
      ++allocs_;
      highest_order_ = order > highest_order_ ? order : highest_order_;
      return counts;
   }
   LatencyHistogram &alloc_latency_for(std::uint32_t order) {
      return alloc_latency_[order < kOrderSlots ? order : kOrderSlots - 1];
   }
   LatencyHistogram &free_latency_for(std::uint32_t order) {
      return free_latency_[order < kOrderSlots ? order : kOrderSlots - 1];
   }

   std::uint32_t max_order_;
   std::uint32_t highest_order_ = 0;
   std::uint64_t sample_interval_;
   std::uint64_t next_sample_at_;
   std::uint32_t last_phase_ = 0;
   std::uint64_t allocs_ = 0, frees_ = 0, touch_ns_ = 0, peak_live_frames_ = 0;
   std::vector<std::array<results::RequestCounts, results::kRequestClassCount>> by_order_;
   std::vector<LatencyHistogram> alloc_latency_, free_latency_;
   std::vector<results::FreeState> timeline_;
   results::SizingCounts sizing_;
};

} // namespace memfrag::metrics
