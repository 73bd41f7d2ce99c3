#include "core/workload/trace/traced_layout.hpp"

namespace memfrag::workload::trace {

namespace {

void apply(FreeFrameSet &free_frames, const TraceEvent &event) {
   if (event.kind == EventKind::alloc)
      free_frames.set(event.pfn, std::uint64_t{1} << event.order, false);
   else if (event.kind == EventKind::free)
      free_frames.set(event.pfn, std::uint64_t{1} << event.order, true);
}

std::int32_t unusable_index(std::uint64_t free_pages, std::uint64_t suitable, std::uint32_t order) {
   if (free_pages == 0)
      return 1000;
   return static_cast<std::int32_t>((free_pages - (suitable << order)) * 1000 / free_pages);
}

std::int32_t fragmentation_index(std::uint64_t free_pages, std::uint64_t total_blocks,
                                 std::uint64_t suitable, std::uint32_t order) {
   if (total_blocks == 0)
      return 0;
   if (suitable > 0)
      return -1000;
   const auto requested = std::uint64_t{1} << order;
   return static_cast<std::int32_t>(
       1000 - static_cast<std::int64_t>((1000 + free_pages * 1000 / requested) / total_blocks));
}

} // namespace

void fill_kernel_indices(results::FreeState &state, std::uint32_t max_order) {
   std::uint64_t free_pages = 0;
   std::uint64_t total_blocks = 0;
   for (std::uint32_t order = 0; order <= max_order; ++order) {
      free_pages += state.nr_free[order] << order;
      total_blocks += state.nr_free[order];
   }
   state.unusable_index.assign(max_order + 1, 0);
   state.fragmentation_index.assign(max_order + 1, 0);
   for (std::uint32_t order = 0; order <= max_order; ++order) {
      std::uint64_t suitable = 0;
      for (std::uint32_t larger = order; larger <= max_order; ++larger)
         suitable += state.nr_free[larger] << (larger - order);
      state.unusable_index[order] = unusable_index(free_pages, suitable, order);
      state.fragmentation_index[order] =
          fragmentation_index(free_pages, total_blocks, suitable, order);
   }
}

results::FreeState free_state_of(const FreeFrameSet &free_frames, std::uint32_t max_order,
                                 std::uint64_t op_index) {
   results::FreeState state;
   state.op_index = op_index;
   state.nr_free = free_frames.histogram(max_order);
   state.free_frames = free_frames.free_frames();
   fill_kernel_indices(state, max_order);
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
