#include "core/metrics/free_blocks.hpp"

#include <array>
#include <atomic>
#include <bit>
#include <stdexcept>

namespace memfrag::metrics {
namespace {

// Words are read atomically (a plain load on every target memfrag runs on): worker threads of a
// multi-threaded run update the shadow map's words while a failed allocation is classified.
std::uint64_t word_at(AllocationBitmap bitmap, std::size_t index) {
   return std::atomic_ref<std::uint64_t>(const_cast<std::uint64_t &>(bitmap[index]))
       .load(std::memory_order_relaxed);
}

// The greedy split into maximal aligned blocks counts an aligned block of order o exactly when
// all its frames are free and its parent (the aligned block of order o + 1 holding it) is not,
// or o is max_order. So the histogram follows from "fully free" masks built bottom-up with word
// operations: six orders per 64-bit word, then the same again over a bitmap with one bit per
// fully free word, and so on. The cost is a few operations per word whatever the layout.

constexpr std::uint32_t kWordBits = 64;
constexpr std::uint32_t kOrdersPerWord = 6; // log2(kWordBits)

// kAlignedBits[k]: the bits at positions that are multiples of 2^k.
constexpr std::array<std::uint64_t, kOrdersPerWord + 1> kAlignedBits{
    0xffffffffffffffffu, 0x5555555555555555u, 0x1111111111111111u, 0x0101010101010101u,
    0x0001000100010001u, 0x0000000100000001u, 0x0000000000000001u};

// Counts the blocks of orders base_order.. in one word of a level (bit i: the aligned block of
// order base_order at i is fully free). Returns whether the whole word is one free block of
// order base_order + 6 that the next level must consider.
bool count_word(std::uint64_t free_bits, std::uint32_t base_order, std::uint32_t max_order,
                std::vector<std::uint64_t> &nr_free) {
   for (std::uint32_t k = 0; k < kOrdersPerWord; ++k) {
      const std::uint32_t order = base_order + k;
      if (order == max_order) {
         nr_free[order] += static_cast<std::uint64_t>(std::popcount(free_bits));
         return false;
      }
      const std::uint32_t half = 1u << k;
      const std::uint64_t parents = free_bits & (free_bits >> half) & kAlignedBits[k + 1];
      const std::uint64_t in_parents = parents | (parents << half);
      nr_free[order] += static_cast<std::uint64_t>(std::popcount(free_bits & ~in_parents));
      free_bits = parents;
   }
   return free_bits != 0;
}

// One level: counts its blocks and returns the next level's bitmap (bit j: word j fully free).
std::vector<std::uint64_t> count_level(const std::vector<std::uint64_t> &level,
                                       std::uint32_t base_order, std::uint32_t max_order,
                                       std::vector<std::uint64_t> &nr_free) {
   std::vector<std::uint64_t> next((level.size() + kWordBits - 1) / kWordBits, 0);
   for (std::size_t i = 0; i < level.size(); ++i) {
      if (level[i] == 0)
         continue;
      const bool whole_word_below_max =
          level[i] == ~std::uint64_t{0} && base_order + kOrdersPerWord <= max_order;
      if (whole_word_below_max || count_word(level[i], base_order, max_order, nr_free))
         next[i / kWordBits] |= std::uint64_t{1} << (i % kWordBits);
   }
   return next;
}

// Level 0: one bit per frame, set when free; frames at or past frame_count are not free.
std::vector<std::uint64_t> free_frame_bits(AllocationBitmap allocated, std::uint64_t frame_count) {
   std::vector<std::uint64_t> free_bits((frame_count + kWordBits - 1) / kWordBits);
   for (std::size_t i = 0; i < free_bits.size(); ++i)
      free_bits[i] = ~word_at(allocated, i);
   if (const std::uint64_t tail = frame_count % kWordBits; tail != 0)
      free_bits.back() &= (std::uint64_t{1} << tail) - 1;
   return free_bits;
}

} // namespace

std::vector<std::uint64_t> free_block_histogram(AllocationBitmap allocated,
                                                std::uint64_t frame_count,
                                                std::uint32_t max_order) {
   if (max_order >= kWordBits)
      throw std::invalid_argument("free_block_histogram: max_order must be below 64");
   if (allocated.size() < (frame_count + kWordBits - 1) / kWordBits)
      throw std::invalid_argument("free_block_histogram: bitmap shorter than the frame count");
   std::vector<std::uint64_t> nr_free(max_order + 1, 0);
   std::vector<std::uint64_t> level = free_frame_bits(allocated, frame_count);
   for (std::uint32_t base_order = 0; base_order <= max_order && !level.empty();
        base_order += kOrdersPerWord)
      level = count_level(level, base_order, max_order, nr_free);
   return nr_free;
}

namespace {

// Whether the aligned block of 2^order frames starting at `first` is entirely free; the caller
// ensures it lies inside the region.
bool block_is_free(AllocationBitmap allocated, std::uint64_t first, std::uint32_t order) {
   if (order < kOrdersPerWord) {
      const std::uint64_t mask = ((std::uint64_t{1} << (1u << order)) - 1) << (first % kWordBits);
      return (word_at(allocated, first / kWordBits) & mask) == 0;
   }
   const std::uint64_t words = std::uint64_t{1} << (order - kOrdersPerWord);
   for (std::uint64_t w = first / kWordBits; w < first / kWordBits + words; ++w)
      if (word_at(allocated, w) != 0)
         return false;
   return true;
}

// The first free aligned block of a small order inside one word, or nothing.
std::optional<std::uint64_t> free_block_in_word(AllocationBitmap allocated, std::uint64_t word,
                                                std::uint64_t frame_count, std::uint32_t order) {
   std::uint64_t run = ~word_at(allocated, word);
   if (word == frame_count / kWordBits)
      run &= (std::uint64_t{1} << (frame_count % kWordBits)) - 1;
   // After the loop bit b is set when frames b .. b + 2^order - 1 of the word are free.
   for (std::uint32_t shift = 1; shift < (1u << order); shift <<= 1)
      run &= run >> shift;
   run &= kAlignedBits[order];
   if (run == 0)
      return std::nullopt;
   return word * kWordBits + static_cast<std::uint64_t>(std::countr_zero(run));
}

} // namespace

std::optional<std::uint64_t> find_free_aligned_block(AllocationBitmap allocated,
                                                     std::uint64_t frame_count,
                                                     std::uint32_t order,
                                                     std::uint64_t start_frame) {
   if (order >= kWordBits || (std::uint64_t{1} << order) > frame_count)
      return std::nullopt;
   const std::uint64_t block = std::uint64_t{1} << order;
   const std::uint64_t whole_blocks = frame_count / block;
   const std::uint64_t start = start_frame < frame_count ? start_frame / block : 0;
   if (order < kOrdersPerWord) {
      // Small blocks are searched a word at a time, from the word holding the start.
      const std::uint64_t words = (frame_count + kWordBits - 1) / kWordBits;
      const std::uint64_t first_word = start * block / kWordBits;
      for (std::uint64_t i = 0; i < words; ++i) {
         if (auto found = free_block_in_word(allocated, (first_word + i) % words, frame_count, order))
            return found;
      }
      return std::nullopt;
   }
   for (std::uint64_t i = 0; i < whole_blocks; ++i) {
      const std::uint64_t first = ((start + i) % whole_blocks) * block;
      if (block_is_free(allocated, first, order))
         return first;
   }
   return std::nullopt;
}

std::optional<std::uint64_t> find_free_run(AllocationBitmap allocated, std::uint64_t frame_count,
                                           std::uint64_t frames) {
   if (frames == 0 || frames > frame_count)
      return std::nullopt;
   const std::uint64_t words = (frame_count + kWordBits - 1) / kWordBits;
   std::uint64_t run_start = 0, run = 0;
   for (std::uint64_t w = 0; w < words; ++w) {
      std::uint64_t free_bits = ~word_at(allocated, w);
      if (w == frame_count / kWordBits)
         free_bits &= (std::uint64_t{1} << (frame_count % kWordBits)) - 1;
      // Alternating stretches of free and allocated frames, each measured with one count.
      std::uint32_t position = 0;
      while (position < kWordBits) {
         const auto free_here = static_cast<std::uint32_t>(std::countr_one(free_bits >> position));
         if (free_here != 0) {
            run_start = run == 0 ? w * kWordBits + position : run_start;
            run += free_here;
            if (run >= frames)
               return run_start;
            position += free_here;
            continue;
         }
         run = 0;
         position += static_cast<std::uint32_t>(std::countr_zero(free_bits >> position));
      }
   }
   return std::nullopt;
}

} // namespace memfrag::metrics
