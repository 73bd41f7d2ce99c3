#include "extent_allocator.hpp"

#include <stdexcept>
#include <string>

namespace memfrag::extent {
namespace {

Fit fit_of(const cpp::Config &config) {
   return config.params.string("fit") == "best" ? Fit::best : Fit::first;
}

uint64_t checked_frame_count(const cpp::Config &config) {
   if (config.region.frame_count > ExtentMap::max_frame_count) {
      throw std::invalid_argument("the region has more frames than 32-bit extents can number");
   }
   return config.region.frame_count;
}

} // namespace

std::size_t ExtentAllocator::metadata_size(const cpp::Config &config) {
   if (config.region.frame_count > ExtentMap::max_frame_count) {
      return SIZE_MAX;
   }
   return ExtentMap::bytes_for(config.region.frame_count);
}

ExtentAllocator::ExtentAllocator(const cpp::CreateContext &context)
    : extents_(context.metadata, checked_frame_count(context.config)), fit_(fit_of(context.config)),
      max_order_(static_cast<uint32_t>(context.config.params.integer("max_order"))) {
   if (context.metadata.size() < ExtentMap::bytes_for(extents_.frame_count())) {
      throw std::invalid_argument("the metadata is smaller than metadata_size() asked for");
   }
}

std::optional<uint64_t> ExtentAllocator::place_in(const Extent &extent, uint64_t length,
                                                  uint64_t alignment) noexcept {
   const uint64_t start = (extent.start + alignment - 1) / alignment * alignment;
   if (start >= extent.end() || extent.end() - start < length) {
      return std::nullopt;
   }
   return start;
}

// First fit stops at the first extent that holds the request. Best fit looks at every extent for
// the smallest that does, stopping early only at one of exactly the request's length; among
// extents of equal length the lowest-addressed wins, as in first fit.
uint64_t ExtentAllocator::take(uint64_t length, uint64_t alignment) noexcept {
   std::optional<Extent> chosen;
   uint64_t chosen_start = 0;
   extents_.for_each([&](const Extent &extent) {
      if (chosen && extent.length >= chosen->length) {
         return true;
      }
      const std::optional<uint64_t> start = place_in(extent, length, alignment);
      if (!start) {
         return true;
      }
      chosen = extent;
      chosen_start = *start;
      return fit_ == Fit::best && extent.length != length;
   });
   if (!chosen) {
      return MEMFRAG_NO_FRAME;
   }
   extents_.take(*chosen, chosen_start, length);
   return chosen_start;
}

uint64_t ExtentAllocator::alloc(uint32_t order, uint32_t, uint32_t) noexcept {
   if (order > max_order_) [[unlikely]] {
      return MEMFRAG_NO_FRAME;
   }
   const uint64_t frames = uint64_t{1} << order;
   const uint64_t frame = take(frames, frames);
   blocks_served_ += frame != MEMFRAG_NO_FRAME ? 1 : 0;
   return frame;
}

void ExtentAllocator::free(uint64_t frame, uint32_t order, uint32_t) noexcept {
   extents_.release(frame, uint64_t{1} << order);
}

uint64_t ExtentAllocator::alloc_run(uint64_t frames) noexcept {
   if (frames == 0 || frames > extents_.free_frames()) {
      return MEMFRAG_NO_FRAME;
   }
   const uint64_t frame = take(frames, 1);
   runs_served_ += frame != MEMFRAG_NO_FRAME ? 1 : 0;
   return frame;
}

void ExtentAllocator::free_run(uint64_t frame, uint64_t frames) noexcept {
   extents_.release(frame, frames);
}

double ExtentAllocator::stat_value(std::size_t index) const noexcept {
   switch (index) {
   case 0:
      return static_cast<double>(extents_.extent_count());
   case 1: {
      uint64_t largest = 0;
      extents_.for_each([&](const Extent &extent) {
         largest = extent.length > largest ? extent.length : largest;
         return true;
      });
      return static_cast<double>(largest);
   }
   case 2:
      return static_cast<double>(runs_served_);
   default:
      return static_cast<double>(blocks_served_);
   }
}

} // namespace memfrag::extent
