#include "extent_map.hpp"

namespace memfrag::extent {
namespace {

constexpr std::size_t kAlignment = 8;

std::size_t aligned(std::size_t bytes) noexcept {
   return (bytes + kAlignment - 1) / kAlignment * kAlignment;
}

} // namespace

std::size_t ExtentMap::bytes_for(uint64_t frame_count) noexcept {
   const uint64_t words = words_for(frame_count);
   return aligned(frame_count * sizeof(uint32_t)) + 2 * words * sizeof(uint64_t) +
          words_for(words) * sizeof(uint64_t);
}

ExtentMap::ExtentMap(std::span<std::byte> metadata, uint64_t frame_count) noexcept
    : frame_count_(frame_count), tags_(reinterpret_cast<uint32_t *>(metadata.data())),
      starts_(
          reinterpret_cast<uint64_t *>(metadata.data() + aligned(frame_count * sizeof(uint32_t)))),
      ends_(starts_ + words_for(frame_count)), summary_(ends_ + words_for(frame_count)),
      summary_words_(words_for(words_for(frame_count))) {
   if (frame_count_ != 0) {
      add(0, frame_count_);
   }
}

void ExtentMap::set_start(uint64_t frame, bool value) noexcept {
   const uint64_t word = frame / kWordBits;
   const uint64_t mask = uint64_t{1} << (frame % kWordBits);
   starts_[word] = value ? starts_[word] | mask : starts_[word] & ~mask;
   const uint64_t summary_mask = uint64_t{1} << (word % kWordBits);
   uint64_t &summary = summary_[word / kWordBits];
   summary = starts_[word] != 0 ? summary | summary_mask : summary & ~summary_mask;
}

void ExtentMap::add(uint64_t start, uint64_t length) noexcept {
   const uint64_t last = start + length - 1;
   tags_[start] = static_cast<uint32_t>(length);
   tags_[last] = static_cast<uint32_t>(length);
   set_start(start, true);
   ends_[last / kWordBits] |= uint64_t{1} << (last % kWordBits);
   free_frames_ += length;
   ++extent_count_;
}

void ExtentMap::remove(uint64_t start, uint64_t length) noexcept {
   const uint64_t last = start + length - 1;
   set_start(start, false);
   ends_[last / kWordBits] &= ~(uint64_t{1} << (last % kWordBits));
   free_frames_ -= length;
   --extent_count_;
}

Extent ExtentMap::release(uint64_t start, uint64_t length) noexcept {
   Extent merged{start, length};
   if (start != 0 && ends_extent(start - 1)) {
      const uint64_t before = tags_[start - 1];
      merged.start -= before;
      merged.length += before;
      remove(merged.start, before);
   }
   if (merged.end() < frame_count_ && starts_extent(merged.end())) {
      const uint64_t after = tags_[merged.end()];
      remove(merged.end(), after);
      merged.length += after;
   }
   add(merged.start, merged.length);
   return merged;
}

void ExtentMap::take(const Extent &from, uint64_t start, uint64_t length) noexcept {
   remove(from.start, from.length);
   if (start > from.start) {
      add(from.start, start - from.start);
   }
   if (start + length < from.end()) {
      add(start + length, from.end() - start - length);
   }
}

uint64_t ExtentMap::marks(const uint64_t *bits) const noexcept {
   uint64_t count = 0;
   for (uint64_t word = 0; word < words_for(frame_count_); ++word) {
      count += static_cast<uint64_t>(std::popcount(bits[word]));
   }
   return count;
}

bool ExtentMap::summary_matches() const noexcept {
   for (uint64_t word = 0; word < words_for(frame_count_); ++word) {
      if ((starts_[word] != 0) != bit(summary_, word)) {
         return false;
      }
   }
   return true;
}

} // namespace memfrag::extent
