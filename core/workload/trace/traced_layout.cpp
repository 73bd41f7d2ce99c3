#include "core/workload/trace/traced_layout.hpp"

#include "core/metrics/frag_index.hpp"

namespace memfrag::workload::trace {

namespace {

void apply(FreeFrameSet &free_frames, const TraceEvent &event) {
   if (event.kind == EventKind::alloc)
      free_frames.set(event.pfn, std::uint64_t{1} << event.order, false);
   else if (event.kind == EventKind::free)
      free_frames.set(event.pfn, std::uint64_t{1} << event.order, true);
}

} // namespace

results::FreeState free_state_of(const FreeFrameSet &free_frames, std::uint32_t max_order,
                                 std::uint64_t op_index) {
   results::FreeState state;
   state.op_index = op_index;
   state.nr_free = free_frames.histogram(max_order);
   state.free_frames = free_frames.free_frames();
   metrics::fill_indices(state);
   return state;
}

std::vector<results::FreeState> traced_layout_timeline(const FreeFrameSet &start,
                                                       std::span<const TraceEvent> events,
                                                       std::span<const SamplePoint> points,
                                                       std::uint32_t max_order) {
   FreeFrameSet free_frames = start;
   std::vector<results::FreeState> timeline;
   std::size_t applied = 0;
   for (const SamplePoint &point : points) {
      for (; applied < point.event_index && applied < events.size(); ++applied)
         apply(free_frames, events[applied]);
      timeline.push_back(free_state_of(free_frames, max_order, point.op_index));
   }
   return timeline;
}

} // namespace memfrag::workload::trace
