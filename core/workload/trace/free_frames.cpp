#include "core/workload/trace/free_frames.hpp"

#include "core/workload/trace/byte_source.hpp"

#include <algorithm>
#include <bit>
#include <cstring>
#include <sstream>

namespace memfrag::workload::trace {

namespace {

constexpr std::uint64_t kWordBits = 64;
// No kernel has more frames than 2^52 (a 64 PiB address space of 4 KiB frames).
constexpr std::uint64_t kMaxFrames = 1ull << 52;

std::uint64_t word_count(std::uint64_t frames) {
   return (frames + kWordBits - 1) / kWordBits;
}

// First frame index at or after `from` whose bit equals `free`, or `limit`.
std::uint64_t find_bit(std::span<const std::uint64_t> words, std::uint64_t from,
                       std::uint64_t limit, bool free) {
   while (from < limit) {
      const std::uint64_t word = free ? words[from / kWordBits] : ~words[from / kWordBits];
      const std::uint64_t masked = word >> (from % kWordBits);
      if (masked != 0)
         return std::min(limit, from + std::countr_zero(masked));
      from = (from / kWordBits + 1) * kWordBits;
   }
   return limit;
}

} // namespace

FreeFrameSet::FreeFrameSet(std::uint64_t first_pfn, std::uint64_t frame_count)
    : first_pfn_(first_pfn), frame_count_(frame_count), words_(word_count(frame_count)) {
}

bool FreeFrameSet::is_free(std::uint64_t pfn) const {
   if (pfn < first_pfn_ || pfn - first_pfn_ >= frame_count_)
      return false;
   const std::uint64_t index = pfn - first_pfn_;
   return ((words_[index / kWordBits] >> (index % kWordBits)) & 1u) != 0;
}

void FreeFrameSet::set(std::uint64_t pfn, std::uint64_t count, bool free) {
   const std::uint64_t begin = std::max(pfn, first_pfn_) - first_pfn_;
   const std::uint64_t end = std::min(pfn + count, first_pfn_ + frame_count_);
   for (std::uint64_t index = begin; index + first_pfn_ < end; ++index) {
      const std::uint64_t bit = 1ull << (index % kWordBits);
      words_[index / kWordBits] =
          free ? words_[index / kWordBits] | bit : words_[index / kWordBits] & ~bit;
   }
}

std::uint64_t FreeFrameSet::free_frames() const {
   std::uint64_t total = 0;
   for (const std::uint64_t word : words_)
      total += static_cast<std::uint64_t>(std::popcount(word));
   return total;
}

void split_free_run(std::uint64_t begin, std::uint64_t end, std::vector<std::uint64_t> &nr_free) {
   const auto max_order = static_cast<std::uint32_t>(nr_free.size() - 1);
   while (begin < end) {
      std::uint32_t order =
          begin == 0 ? max_order : std::min<std::uint32_t>(max_order, std::countr_zero(begin));
      while ((1ull << order) > end - begin)
         --order;
      ++nr_free[order];
      begin += 1ull << order;
   }
}

std::vector<std::uint64_t> FreeFrameSet::histogram(std::uint32_t max_order) const {
   std::vector<std::uint64_t> nr_free(max_order + 1, 0);
   std::uint64_t index = 0;
   while (index < frame_count_) {
      const std::uint64_t begin = find_bit(words_, index, frame_count_, true);
      const std::uint64_t end = find_bit(words_, begin, frame_count_, false);
      split_free_run(first_pfn_ + begin, first_pfn_ + end, nr_free);
      index = end;
   }
   return nr_free;
}

std::vector<char> FreeFrameSet::serialize() const {
   std::vector<char> bytes(16 + words_.size() * 8);
   std::memcpy(bytes.data(), &first_pfn_, 8);
   std::memcpy(bytes.data() + 8, &frame_count_, 8);
   std::memcpy(bytes.data() + 16, words_.data(), words_.size() * 8);
   return bytes;
}

FreeFrameSet FreeFrameSet::deserialize(std::span<const char> bytes) {
   std::uint64_t first_pfn = 0;
   std::uint64_t frame_count = 0;
   if (bytes.size() < 16)
      throw TraceReadError("free-frame snapshot: section too short");
   std::memcpy(&first_pfn, bytes.data(), 8);
   std::memcpy(&frame_count, bytes.data() + 8, 8);
   if (frame_count > kMaxFrames || first_pfn > kMaxFrames ||
       bytes.size() != 16 + word_count(frame_count) * 8)
      throw TraceReadError("free-frame snapshot: size does not match its frame count");
   FreeFrameSet set(first_pfn, frame_count);
   std::memcpy(set.words_.data(), bytes.data() + 16, set.words_.size() * 8);
   return set;
}

std::vector<std::uint64_t> parse_buddyinfo(const std::string &text) {
   std::vector<std::uint64_t> nr_free;
   std::istringstream lines(text);
   std::string line;
   while (std::getline(lines, line)) {
      const std::size_t zone = line.find("zone");
      if (zone == std::string::npos)
         continue;
      std::istringstream fields(line.substr(zone + 4));
      std::string zone_name;
      fields >> zone_name;
      std::uint64_t count = 0;
      for (std::size_t order = 0; fields >> count; ++order) {
         if (order >= nr_free.size())
            nr_free.resize(order + 1, 0);
         nr_free[order] += count;
      }
   }
   return nr_free;
}

} // namespace memfrag::workload::trace

namespace memfrag::workload::trace {

BuddyinfoComparison compare_with_buddyinfo(const FreeFrameSet &free_frames,
                                           const std::string &buddyinfo_text) {
   BuddyinfoComparison comparison;
   comparison.buddyinfo = parse_buddyinfo(buddyinfo_text);
   if (comparison.buddyinfo.empty())
      return comparison;
   const auto max_order = static_cast<std::uint32_t>(comparison.buddyinfo.size() - 1);
   comparison.reconstructed = free_frames.histogram(max_order);
   auto exact_from = static_cast<std::uint32_t>(comparison.buddyinfo.size());
   while (exact_from > 0 &&
          comparison.reconstructed[exact_from - 1] == comparison.buddyinfo[exact_from - 1])
      --exact_from;
   comparison.exact_from_order = exact_from;
   for (std::uint32_t order = 0; order <= max_order; ++order) {
      comparison.reconstructed_frames += comparison.reconstructed[order] << order;
      comparison.buddyinfo_frames += comparison.buddyinfo[order] << order;
   }
   return comparison;
}

} // namespace memfrag::workload::trace
