// A set of free frames of the traced kernel, one bit per frame, and the free-block histogram it
// gives when split greedily into aligned blocks (the view /proc/buddyinfo shows).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace memfrag::workload::trace {

class FreeFrameSet {
 public:
   FreeFrameSet() = default;
   FreeFrameSet(std::uint64_t first_pfn, std::uint64_t frame_count);

   std::uint64_t first_pfn() const { return first_pfn_; }
   std::uint64_t frame_count() const { return frame_count_; }
   bool empty() const { return frame_count_ == 0; }
   std::span<const std::uint64_t> words() const { return words_; }
   std::span<std::uint64_t> words() { return words_; }

   bool is_free(std::uint64_t pfn) const;
   // Marks [pfn, pfn + count) free or in use; frames outside the set are ignored.
   void set(std::uint64_t pfn, std::uint64_t count, bool free);
   std::uint64_t free_frames() const;

   // Free blocks per order 0..max_order: each run of free frames split greedily into the largest
   // aligned blocks that fit, never above max_order.
   std::vector<std::uint64_t> histogram(std::uint32_t max_order) const;

   // Serialized as in the .mft section: {u64 first_pfn, u64 frame_count, u64 words[]}.
   std::vector<char> serialize() const;
   // Throws TraceReadError when `bytes` is not a well-formed section.
   static FreeFrameSet deserialize(std::span<const char> bytes);

 private:
   std::uint64_t first_pfn_ = 0;
   std::uint64_t frame_count_ = 0;
   std::vector<std::uint64_t> words_;
};

// Adds the greedy split of the free run [begin, end) to `nr_free`.
void split_free_run(std::uint64_t begin, std::uint64_t end, std::vector<std::uint64_t> &nr_free);

// Free blocks per order summed over the nodes and zones of /proc/buddyinfo text; empty when the
// text has no zone line.
std::vector<std::uint64_t> parse_buddyinfo(const std::string &text);

} // namespace memfrag::workload::trace

namespace memfrag::workload::trace {

// How far a free set split greedily is from the kernel's own /proc/buddyinfo.
struct BuddyinfoComparison {
   std::vector<std::uint64_t> reconstructed; // [order] from the free set
   std::vector<std::uint64_t> buddyinfo;     // [order] summed over zones
   std::uint64_t reconstructed_frames = 0;
   std::uint64_t buddyinfo_frames = 0;
   // Lowest order from which every order up to the highest matches exactly; one past the highest
   // order when even that differs.
   std::uint32_t exact_from_order = 0;
};

// Empty comparison (no orders) when `buddyinfo_text` has no zone line.
BuddyinfoComparison compare_with_buddyinfo(const FreeFrameSet &free_frames,
                                           const std::string &buddyinfo_text);

} // namespace memfrag::workload::trace
