// Setting up a mobility-grouping instance over its region, allocation with the kernel's
// fallback, freeing with buddy merges, and the statistics.
#include "mobility_allocator.hpp"

#include <stdexcept>

namespace memfrag::mobility {

using buddy::allocated_head_state;
using buddy::FrameLinks;
using buddy::free_head_state;
using buddy::inside_block_state;

namespace {

// Frames are numbered by uint32 links with no_link reserved as the end marker.
constexpr uint64_t max_frame_count = buddy::no_link - 1;

uint64_t pageblock_count_of(uint64_t frame_count, uint32_t pageblock_order) {
   return (frame_count + (uint64_t{1} << pageblock_order) - 1) >> pageblock_order;
}

// The metadata: the links of every frame, the state byte of every frame, then the type byte of
// every pageblock (bytes last, so the 8-byte links stay aligned).
std::size_t links_bytes(uint64_t frame_count) {
   return frame_count * sizeof(FrameLinks);
}

std::size_t own_metadata_bytes(uint64_t frame_count, uint32_t pageblock_order) {
   return links_bytes(frame_count) + frame_count + pageblock_count_of(frame_count, pageblock_order);
}

uint64_t checked_frame_count(const cpp::Config &config) {
   const uint64_t frame_count = config.region.frame_count;
   if (frame_count > max_frame_count) {
      throw std::invalid_argument("the region has more frames than 32-bit frame links can number");
   }
   return frame_count;
}

uint32_t checked_pageblock_order(const cpp::Config &config) {
   const auto pageblock_order = static_cast<uint32_t>(config.params.integer("pageblock_order"));
   if (pageblock_order > config.params.integer("max_order")) {
      throw std::invalid_argument("pageblock_order is above max_order");
   }
   return pageblock_order;
}

FrameLinks *links_in(std::span<std::byte> metadata) {
   return reinterpret_cast<FrameLinks *>(metadata.data());
}

} // namespace

std::size_t MobilityAllocator::metadata_size(const cpp::Config &config) {
   if (config.region.frame_count > max_frame_count) {
      return SIZE_MAX;
   }
   const auto pageblock_order = static_cast<uint32_t>(config.params.integer("pageblock_order"));
   return own_metadata_bytes(config.region.frame_count, pageblock_order);
}

MobilityAllocator::MobilityAllocator(const cpp::CreateContext &context)
    : frame_count_(checked_frame_count(context.config)),
      max_order_(static_cast<uint32_t>(context.config.params.integer("max_order"))),
      pageblock_order_(checked_pageblock_order(context.config)),
      pageblock_count_(pageblock_count_of(frame_count_, pageblock_order_)),
      states_(reinterpret_cast<uint8_t *>(context.metadata.data() + links_bytes(frame_count_))),
      types_(states_ + frame_count_), lists_{buddy::FreeLists(links_in(context.metadata)),
                                             buddy::FreeLists(links_in(context.metadata)),
                                             buddy::FreeLists(links_in(context.metadata)),
                                             buddy::FreeLists(links_in(context.metadata))},
      free_frames_(frame_count_) {
   if (context.metadata.size() < own_metadata_bytes(frame_count_, pageblock_order_)) {
      throw std::invalid_argument("the metadata is smaller than metadata_size() asked for");
   }
   add_initial_free_blocks();
}

// Every pageblock starts movable, as the kernel marks them at boot, and every frame free.
void MobilityAllocator::add_initial_free_blocks() noexcept {
   for (uint64_t pageblock = 0; pageblock < pageblock_count_; ++pageblock) {
      types_[pageblock] = MEMFRAG_MOBILITY_MOVABLE;
   }
   buddy::for_each_initial_block(frame_count_, max_order_, [this](uint32_t frame, uint32_t order) {
      push_free(frame, order);
   });
}

// A free block always sits on the list of the type of the pageblock holding its first frame.
void MobilityAllocator::push_free(uint32_t frame, uint32_t order) noexcept {
   lists_at(frame).push(frame, order);
   states_[frame] = free_head_state(order);
}

uint64_t MobilityAllocator::alloc(uint32_t order, uint32_t flags, uint32_t) noexcept {
   if (order > max_order_) [[unlikely]] {
      return MEMFRAG_NO_FRAME;
   }
   const uint8_t type = type_of_request(flags);
   const uint64_t frame = alloc_from_type(order, type);
   if (frame != MEMFRAG_NO_FRAME) {
      return frame;
   }
   const Source source = take_fallback(order, type);
   return source.order <= max_order_ ? hand_out(source, order) : MEMFRAG_NO_FRAME;
}

uint64_t MobilityAllocator::alloc_from_type(uint32_t order, uint8_t type) noexcept {
   buddy::FreeLists &lists = lists_[type];
   const uint32_t found = lists.first_nonempty_order_from(order);
   if (order > max_order_ || found > max_order_) {
      return MEMFRAG_NO_FRAME;
   }
   return hand_out({lists.pop(found), found}, order);
}

uint64_t MobilityAllocator::take_free_block(uint32_t frame, uint32_t order) noexcept {
   const uint32_t found = buddy::order_of_state(states_[frame]);
   lists_at(frame).unlink(frame, found);
   return hand_out({frame, found}, order);
}

// The source block is off its list: split it down to `order` and hand out its first frames.
uint64_t MobilityAllocator::hand_out(Source source, uint32_t order) noexcept {
   split_down(source.frame, source.order, order);
   states_[source.frame] = allocated_head_state(order);
   free_frames_ -= uint64_t{1} << order;
   return source.frame;
}

bool MobilityAllocator::has_free_block(uint32_t order) const noexcept {
   for (const buddy::FreeLists &lists : lists_) {
      if (lists.first_nonempty_order_from(order) <= max_order_) {
         return true;
      }
   }
   return false;
}

// __rmqueue_fallback: the largest free block of any fallback type, tried type by type at each
// order from the top, taken off its list and stolen for `type`. Its order is above max_order
// when every fallback list is empty too.
MobilityAllocator::Source MobilityAllocator::take_fallback(uint32_t order, uint8_t type) noexcept {
   for (uint32_t current = max_order_ + 1; current-- > order;) {
      for (const uint8_t fallback : fallback_types[type]) {
         buddy::FreeLists &lists = lists_[fallback];
         if (lists.count(current) != 0) {
            const Source source{lists.pop(current), current};
            steal(source, type);
            return source;
         }
      }
   }
   return {0, max_order_ + 1};
}

// steal_suitable_fallback: a block of at least a pageblock brings all its pageblocks over to the
// new type; a smaller one claims its pageblock when at least half of it is free, else it is
// taken alone and the pageblock keeps its type (a fragmenting fallback: the new type's data now
// sits in a pageblock of another type).
void MobilityAllocator::steal(Source source, uint8_t type) noexcept {
   ++fallbacks_;
   if (source.order >= pageblock_order_) {
      const uint32_t first = source.frame >> pageblock_order_;
      const uint32_t count = 1u << (source.order - pageblock_order_);
      for (uint32_t pageblock = first; pageblock < first + count && pageblock < pageblock_count_;
           ++pageblock) {
         claimed_pageblocks_ += types_[pageblock] != type ? 1 : 0;
         types_[pageblock] = type;
      }
      return;
   }
   ++fragmenting_fallbacks_;
   const uint32_t pageblock = source.frame >> pageblock_order_;
   if (2 * free_frames_in_pageblock(pageblock) >= uint64_t{1} << pageblock_order_) {
      claim_pageblock(pageblock, source, type);
   }
}

// set_pageblock_migratetype after steal_suitable_fallback has taken `source` off its list.
void MobilityAllocator::claim_pageblock(uint32_t pageblock, Source source, uint8_t type) noexcept {
   move_free_blocks(pageblock, source.frame, type);
   types_[pageblock] = type;
   ++claimed_pageblocks_;
}

void MobilityAllocator::set_pageblock_type(uint32_t pageblock, uint8_t type) noexcept {
   const bool leaves_highatomic = types_[pageblock] == highatomic_type && type != highatomic_type;
   move_free_blocks(pageblock, buddy::no_link, type);
   types_[pageblock] = type;
   const auto start = static_cast<uint32_t>(uint64_t{pageblock} << pageblock_order_);
   if (leaves_highatomic && states_[start] == free_head_state(pageblock_order_)) {
      lists_at(start).unlink(start, pageblock_order_);
      states_[start] = inside_block_state;
      merge_and_push(start, pageblock_order_);
   }
}

// move_freepages_block: every free block of the pageblock but `kept_frame` moves to the lists
// of `type`.
void MobilityAllocator::move_free_blocks(uint32_t pageblock, uint32_t kept_frame,
                                         uint8_t type) noexcept {
   const uint64_t start = uint64_t{pageblock} << pageblock_order_;
   const uint64_t end = start + pageblock_frames(pageblock);
   for (uint64_t frame = start; frame < end;) {
      const auto head = static_cast<uint32_t>(frame);
      const uint32_t order = buddy::order_of_state(states_[head]);
      if (buddy::is_free_head_state(states_[head]) && head != kept_frame) {
         lists_at(head).unlink(head, order);
         lists_[type].push(head, order);
      }
      frame += uint64_t{1} << order;
   }
}

// Free frames of a pageblock, found by walking its blocks (a pageblock holds whole blocks only:
// any block of at least its size is handled before this is asked).
uint64_t MobilityAllocator::free_frames_in_pageblock(uint32_t pageblock) const noexcept {
   const uint64_t start = uint64_t{pageblock} << pageblock_order_;
   const uint64_t end = start + pageblock_frames(pageblock);
   uint64_t free = 0;
   for (uint64_t frame = start; frame < end;) {
      const uint32_t order = buddy::order_of_state(states_[frame]);
      free += buddy::is_free_head_state(states_[frame]) ? uint64_t{1} << order : 0;
      frame += uint64_t{1} << order;
   }
   return free;
}

// The last pageblock of a region that is not a multiple of the pageblock size is shorter.
uint64_t MobilityAllocator::pageblock_frames(uint32_t pageblock) const noexcept {
   const uint64_t start = uint64_t{pageblock} << pageblock_order_;
   return std::min(uint64_t{1} << pageblock_order_, frame_count_ - start);
}

// Halves the block at `frame` down to `to_order`, freeing the upper half each time onto the
// lists of its own pageblock's type (a split block may span pageblocks of several types).
void MobilityAllocator::split_down(uint32_t frame, uint32_t from_order,
                                   uint32_t to_order) noexcept {
   for (uint32_t order = from_order; order > to_order;) {
      --order;
      push_free(frame + (1u << order), order);
   }
}

// A free that does not match a live block (out of range, wrong order, double free) breaks the
// host's side of the contract; it is counted and ignored so the metadata stays consistent.
void MobilityAllocator::free(uint64_t frame, uint32_t order, uint32_t) noexcept {
   if (frame >= frame_count_ || order > max_order_ || states_[frame] != allocated_head_state(order))
       [[unlikely]] {
      ++ignored_frees_;
      return;
   }
   states_[frame] = inside_block_state;
   free_frames_ += uint64_t{1} << order;
   merge_and_push(static_cast<uint32_t>(frame), order);
}

// Free buddies merge whatever their pageblocks' types, as in the kernel, except that nothing
// merges with a highatomic pageblock above pageblock_order (migratetype_is_mergeable).
void MobilityAllocator::merge_and_push(uint32_t frame, uint32_t order) noexcept {
   const buddy::FreedBlock merged =
       buddy::merge_with_buddies(states_, frame_count_, merge_limit(frame), frame, order,
                                 [this](uint32_t buddy, uint32_t buddy_order) {
                                    lists_at(buddy).unlink(buddy, buddy_order);
                                 });
   push_free(merged.frame, merged.order);
}

// The highest order a block freed at `frame` may reach: below the first order at which its
// buddy would bring a highatomic pageblock and another one together.
uint32_t MobilityAllocator::merge_limit(uint32_t frame) const noexcept {
   for (uint32_t order = pageblock_order_; order < max_order_; ++order) {
      const uint32_t first = frame >> order << order;
      if (!may_merge(first, first ^ (1u << order), order)) {
         return order;
      }
   }
   return max_order_;
}

bool MobilityAllocator::may_merge(uint32_t frame, uint32_t buddy, uint32_t order) const noexcept {
   return order < pageblock_order_ || buddy >= frame_count_ ||
          (type_at(frame) != highatomic_type && type_at(buddy) != highatomic_type);
}

uint64_t MobilityAllocator::free_blocks(uint32_t order) const noexcept {
   uint64_t blocks = 0;
   for (const buddy::FreeLists &lists : lists_) {
      blocks += lists.count(order);
   }
   return blocks;
}

uint64_t MobilityAllocator::pageblocks_of_type(uint8_t type) const noexcept {
   uint64_t count = 0;
   for (uint64_t pageblock = 0; pageblock < pageblock_count_; ++pageblock) {
      count += types_[pageblock] == type ? 1 : 0;
   }
   return count;
}

double MobilityAllocator::stat_value(std::size_t index) const noexcept {
   if (index >= counter_names.size()) {
      const std::size_t histogram_index = index - counter_names.size();
      const auto type = static_cast<uint32_t>(histogram_index / (max_histogram_order + 1));
      const auto order = static_cast<uint32_t>(histogram_index % (max_histogram_order + 1));
      return static_cast<double>(lists_[type].count(order));
   }
   const std::array<uint64_t, counter_names.size()> values{
       free_frames_,
       fallbacks_,
       fragmenting_fallbacks_,
       claimed_pageblocks_,
       pageblocks_of_type(MEMFRAG_MOBILITY_UNMOVABLE),
       pageblocks_of_type(MEMFRAG_MOBILITY_RECLAIMABLE),
       pageblocks_of_type(MEMFRAG_MOBILITY_MOVABLE),
       pageblocks_of_type(highatomic_type),
       ignored_frees_};
   return static_cast<double>(values[index]);
}

} // namespace memfrag::mobility
