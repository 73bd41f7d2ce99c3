// Setting up a buddy instance over its region, and its statistics.
#include "buddy_allocator.hpp"

#include <stdexcept>

namespace memfrag::buddy {

namespace {

// Frames are numbered by uint32 links with no_link reserved as the end marker.
constexpr uint64_t max_frame_count = no_link - 1;

// The allocator's own metadata: the links of every frame, then its state byte (last, so the
// 8-byte links stay aligned).
std::size_t links_bytes(uint64_t frame_count) {
   return frame_count * sizeof(FrameLinks);
}

std::size_t own_metadata_bytes(uint64_t frame_count) {
   return links_bytes(frame_count) + frame_count * sizeof(uint8_t);
}

uint64_t checked_frame_count(const cpp::Config &config) {
   const uint64_t frame_count = config.region.frame_count;
   if (frame_count > max_frame_count) {
      throw std::invalid_argument("the region has more frames than 32-bit frame links can number");
   }
   return frame_count;
}

FrameLinks *links_in(std::span<std::byte> metadata) {
   return reinterpret_cast<FrameLinks *>(metadata.data());
}

uint8_t *states_in(std::span<std::byte> metadata, uint64_t frame_count) {
   return reinterpret_cast<uint8_t *>(metadata.data() + links_bytes(frame_count));
}

} // namespace

std::size_t BuddyAllocator::metadata_size(const cpp::Config &config) {
   if (config.region.frame_count > max_frame_count) {
      return SIZE_MAX;
   }
   return own_metadata_bytes(config.region.frame_count);
}

BuddyAllocator::BuddyAllocator(const cpp::CreateContext &context)
    : frame_count_(checked_frame_count(context.config)),
      max_order_(static_cast<uint32_t>(context.config.params.integer("max_order"))),
      reserve_frames_(static_cast<uint64_t>(context.config.params.integer("reserve_frames"))),
      states_(states_in(context.metadata, frame_count_)), free_lists_(links_in(context.metadata)),
      free_frames_(frame_count_) {
   if (max_order_ > max_supported_order) {
      throw std::invalid_argument("max_order is above the highest supported order");
   }
   if (context.metadata.size() < own_metadata_bytes(frame_count_)) {
      throw std::invalid_argument("the metadata is smaller than metadata_size() asked for");
   }
   add_initial_free_blocks();
}

// Every frame starts free, in maximal aligned blocks.
void BuddyAllocator::add_initial_free_blocks() noexcept {
   for_each_initial_block(frame_count_, max_order_, [this](uint32_t frame, uint32_t order) {
      free_lists_.push(frame, order);
      states_[frame] = free_head_state(order);
   });
}

// Halves the block at `frame` from `from_order` down to `to_order`, freeing the upper half each
// time; the lower half keeps the block's first frame.
void BuddyAllocator::split_down(uint32_t frame, uint32_t from_order, uint32_t to_order) noexcept {
   for (uint32_t order = from_order; order > to_order;) {
      --order;
      const uint32_t upper_half = frame + (1u << order);
      free_lists_.push(upper_half, order);
      states_[upper_half] = free_head_state(order);
      ++splits_;
   }
}

double BuddyAllocator::stat_value(std::size_t index) const noexcept {
   const std::array<uint64_t, stat_names.size()> values{splits_, merges_, free_frames_,
                                                        reserve_refusals_, ignored_frees_};
   return static_cast<double>(values[index]);
}

} // namespace memfrag::buddy
