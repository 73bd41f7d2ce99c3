#include "core/workload/nic/arrival_process.hpp"

#include "core/workload/nic/traffic_plan.hpp"

namespace memfrag::workload::nic {
namespace {

std::vector<std::uint64_t> size_weights(const NicSpec &spec) {
   std::vector<std::uint64_t> weights;
   for (const auto &size : spec.sizes) {
      weights.push_back(size.weight);
   }
   return weights;
}

} // namespace

ArrivalProcess::ArrivalProcess(const NicSpec &spec, std::uint64_t seed)
    : random_(seed), sizes_(size_weights(spec)), burst_continues_(1.0 - 1.0 / spec.burst),
      gap_bound_ns_(2 * mean_burst_gap_ns(spec)) {
   for (const auto &size : spec.sizes) {
      bytes_.push_back(size.bytes);
      wire_ns_.push_back(wire_ns(spec, size.bytes));
   }
}

Arrival ArrivalProcess::next() {
   std::uint64_t start = next_free_ns_;
   if (!first_ && !burst_continues_.draw(random_.next())) {
      start += uniform_below(random_.next(), gap_bound_ns_ + 1);
   }
   first_ = false;
   const std::uint32_t size = sizes_.pick(random_.next());
   next_free_ns_ = start + wire_ns_[size];
   return {start, bytes_[size]};
}

} // namespace memfrag::workload::nic
