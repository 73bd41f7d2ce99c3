// A memfrag plugin written with the C++ helper layer: a next-fit bitmap allocator. It is meant to
// be copied and replaced by your own policy; every hook the host calls is here, with what the host
// expects of it. The contract itself is in <memfrag/memfrag.h> and the headers it includes.
//
// Policy: one bit per frame (set = allocated) in the host-given metadata. A request of order k
// scans the aligned blocks of 2^k frames from where the previous allocation ended (next fit) and
// takes the first whose frames are all free.
#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <memfrag/cpp/plugin.hpp>
#include <span>

namespace {

using memfrag::cpp::AllocatorInfo;
using memfrag::cpp::Config;
using memfrag::cpp::CreateContext;
using memfrag::cpp::Diagnostic;

constexpr uint32_t kHighestSupportedOrder = 20;
constexpr uint64_t kFramesPerWord = 64;

class MyAllocator {
 public:
   // Descriptor: the id names the allocator on the command line (`--plugin libmyalloc.so:myalloc`,
   // `--set myalloc.max_order=9`) and in results. Add MEMFRAG_ALLOCATOR_THREAD_SAFE to `features`
   // only if alloc() and free() may really run concurrently (memfrag validate then tests it).
   static constexpr AllocatorInfo info{"myalloc", "My allocator", "Your name", "0.1.0",
                                       "Next-fit bitmap allocator: a template to start from."};

   // Optional: typed parameters. The host checks types and ranges and fills in defaults, so the
   // constructor and metadata_size() only ever see declared, in-range values.
   static constexpr std::array params{
       memfrag::cpp::int_param("max_order",
                               "Highest block order served (blocks of 2^order frames).", 10, 0,
                               kHighestSupportedOrder),
   };

   // Optional: statistics the plugin reports about itself, recorded beside the host's figures.
   static constexpr std::array stat_names{"allocations", "frees", "free_frames"};

   // Required: how many metadata bytes an instance needs for this region and these parameters.
   // The host allocates exactly that many (zero-filled, 64-byte aligned) and counts them as this
   // allocator's metadata overhead. Return SIZE_MAX to refuse a configuration.
   static std::size_t metadata_size(const Config &config) {
      return bitmap_words(config.region.frame_count) * sizeof(uint64_t);
   }

   // Required: builds an instance over the region. Every frame starts free. `context.metadata`
   // holds the bytes metadata_size() asked for: keep all per-region state there, never in frame
   // memory (plugins must not read or write it) and preferably not on the heap (a plugin that
   // mallocs per instance must free it in its destructor). Throw to refuse; the host is told why.
   explicit MyAllocator(const CreateContext &context)
       : frame_count_(context.config.region.frame_count),
         max_order_(static_cast<uint32_t>(context.config.params.integer("max_order"))),
         bitmap_(reinterpret_cast<uint64_t *>(context.metadata.data()), bitmap_words(frame_count_)),
         free_frames_(frame_count_) {
      mark_frames_past_the_end_allocated();
   }

   // Required: one block of 2^order frames, aligned to its size, inside the region and not
   // overlapping any live block; or MEMFRAG_NO_FRAME. `flags` are MEMFRAG_REQ_* bits (ignore the
   // ones you do not model); `cpu` is the caller's cpu index for per-CPU state. Never touches
   // frame memory. Called on the hot path: no logging, no allocation.
   uint64_t alloc(uint32_t order, uint32_t /*flags*/, uint32_t /*cpu*/) noexcept {
      const uint64_t size = uint64_t{1} << (order & 63);
      if (order > max_order_ || size > free_frames_) {
         return MEMFRAG_NO_FRAME;
      }
      const uint64_t blocks = frame_count_ >> order;
      const uint64_t first = (next_frame_ >> order) % blocks;
      for (uint64_t step = 0; step < blocks; ++step) {
         const uint64_t frame = ((first + step) % blocks) << order;
         if (is_free(frame, order)) {
            set_frames(frame, order, true);
            free_frames_ -= size;
            next_frame_ = frame + size;
            ++allocations_;
            return frame;
         }
      }
      return MEMFRAG_NO_FRAME;
   }

   // Required: takes back a block the host received from alloc() with the same order. The host
   // checks its own side of the contract, so this does not have to.
   void free(uint64_t frame, uint32_t order, uint32_t /*cpu*/) noexcept {
      set_frames(frame, order, false);
      free_frames_ += uint64_t{1} << order;
      ++frees_;
   }

   // Optional (with free_blocks): the free-block histogram per order, the /proc/buddyinfo view.
   // Here it is the region's free frames split greedily into maximal aligned blocks.
   uint32_t order_count() const noexcept { return max_order_ + 1; }

   uint64_t free_blocks(uint32_t order) const noexcept {
      if (histogram_generation_ != allocations_ + frees_) {
         count_free_blocks();
      }
      return histogram_[order];
   }

   // Optional: the invariant check. memfrag validate and `memfrag run` call it along the way;
   // describe the first broken invariant with diagnostic.fail(). Must not change any state.
   bool validate(Diagnostic &diagnostic) const {
      uint64_t allocated = 0;
      for (const uint64_t word : bitmap_) {
         allocated += static_cast<uint64_t>(std::popcount(word));
      }
      const uint64_t past_the_end = bitmap_.size() * kFramesPerWord - frame_count_;
      if (allocated - past_the_end != frame_count_ - free_frames_) {
         return diagnostic.fail("bitmap holds %llu allocated frames, the counter says %llu",
                                static_cast<unsigned long long>(allocated - past_the_end),
                                static_cast<unsigned long long>(frame_count_ - free_frames_));
      }
      if (past_the_end > 0 && (bitmap_.back() >> (kFramesPerWord - past_the_end)) !=
                                  (uint64_t{1} << past_the_end) - 1) {
         return diagnostic.fail("a frame past the end of the region is marked free");
      }
      return true;
   }

   // Optional: the value of stat_names[index].
   double stat_value(std::size_t index) const noexcept {
      const std::array<uint64_t, stat_names.size()> values{allocations_, frees_, free_frames_};
      return static_cast<double>(values[index]);
   }

 private:
   static uint64_t bitmap_words(uint64_t frame_count) {
      return (frame_count + kFramesPerWord - 1) / kFramesPerWord;
   }

   // The last word's bits beyond the region stay set, so no block ever reaches past the end.
   void mark_frames_past_the_end_allocated() {
      const uint64_t used_bits = frame_count_ % kFramesPerWord;
      if (used_bits != 0) {
         bitmap_.back() = ~uint64_t{0} << used_bits;
      }
   }

   // Bits of the block's frames within their word; a block of order < 6 never spans two words.
   static uint64_t word_mask(uint64_t frame, uint32_t order) {
      return ((uint64_t{1} << (uint64_t{1} << order)) - 1) << (frame % kFramesPerWord);
   }

   bool is_free(uint64_t frame, uint32_t order) const {
      if (order < 6) {
         return (bitmap_[frame / kFramesPerWord] & word_mask(frame, order)) == 0;
      }
      const auto words = bitmap_.subspan(frame / kFramesPerWord, (uint64_t{1} << order) / 64);
      for (const uint64_t word : words) {
         if (word != 0) {
            return false;
         }
      }
      return true;
   }

   void set_frames(uint64_t frame, uint32_t order, bool allocated) {
      if (order < 6) {
         uint64_t &word = bitmap_[frame / kFramesPerWord];
         word = allocated ? word | word_mask(frame, order) : word & ~word_mask(frame, order);
         return;
      }
      for (uint64_t &word : bitmap_.subspan(frame / kFramesPerWord, (uint64_t{1} << order) / 64)) {
         word = allocated ? ~uint64_t{0} : 0;
      }
   }

   // The host asks for every order in turn: one walk over the region answers them all, and is
   // redone only after the bitmap changed.
   void count_free_blocks() const {
      histogram_.fill(0);
      uint64_t frame = 0;
      while (frame < frame_count_) {
         const int order = largest_free_block_at(frame);
         if (order < 0) {
            ++frame;
            continue;
         }
         ++histogram_[static_cast<std::size_t>(order)];
         frame += uint64_t{1} << order;
      }
      histogram_generation_ = allocations_ + frees_;
   }

   int largest_free_block_at(uint64_t frame) const {
      for (int order = static_cast<int>(max_order_); order >= 0; --order) {
         const uint64_t size = uint64_t{1} << order;
         const bool aligned_and_inside = frame % size == 0 && frame + size <= frame_count_;
         if (aligned_and_inside && is_free(frame, static_cast<uint32_t>(order))) {
            return order;
         }
      }
      return -1;
   }

   uint64_t frame_count_;
   uint32_t max_order_;
   std::span<uint64_t> bitmap_;
   uint64_t free_frames_;
   uint64_t next_frame_ = 0;
   uint64_t allocations_ = 0;
   uint64_t frees_ = 0;
   mutable std::array<uint64_t, kHighestSupportedOrder + 1> histogram_{};
   mutable uint64_t histogram_generation_ = ~uint64_t{0};
};

} // namespace

// Exports memfrag_plugin_entry, the library's only symbol, offering MyAllocator. List several
// classes to offer several allocators from one library.
MEMFRAG_CPP_PLUGIN(MyAllocator)
