#include "core/nic/loopback_frame.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>

namespace memfrag::nic {
namespace {

// The pattern word covering bytes [8 * index, 8 * index + 8) of frame `sequence`: splitmix64's
// finalizer over both, so that no two frames and no two places share a word.
std::uint64_t pattern_word(std::uint64_t sequence, std::uint64_t index) {
   std::uint64_t mixed = sequence * 0x9e3779b97f4a7c15ULL + index + 1;
   mixed = (mixed ^ (mixed >> 30)) * 0xbf58476d1ce4e5b9ULL;
   mixed = (mixed ^ (mixed >> 27)) * 0x94d049bb133111ebULL;
   return mixed ^ (mixed >> 31);
}

std::byte pattern_byte(std::uint64_t word, std::size_t offset) {
   return static_cast<std::byte>(word >> (8 * (offset % 8)));
}

void put_le(std::byte *out, std::uint64_t value, std::size_t bytes) {
   for (std::size_t index = 0; index < bytes; ++index) {
      out[index] = static_cast<std::byte>(value >> (8 * index));
   }
}

// Whole pattern words are written and compared 8 bytes at a time: byte k of a word goes to
// offset 8 * index + k whatever the host's byte order.
void put_word(std::byte *out, std::uint64_t word) {
   if constexpr (std::endian::native == std::endian::little) {
      std::memcpy(out, &word, sizeof word);
   } else {
      put_le(out, word, sizeof word);
   }
}

bool word_matches(const std::byte *in, std::uint64_t word) {
   std::array<std::byte, sizeof word> expected;
   put_word(expected.data(), word);
   return std::memcmp(in, expected.data(), expected.size()) == 0;
}

std::uint64_t get_le(const std::byte *in, std::size_t bytes) {
   std::uint64_t value = 0;
   for (std::size_t index = 0; index < bytes; ++index) {
      value |= std::uint64_t{std::to_integer<std::uint8_t>(in[index])} << (8 * index);
   }
   return value;
}

} // namespace

void write_loopback_frame(std::span<std::byte> frame, std::uint64_t sequence,
                          const MacAddress &station) {
   std::byte *bytes = frame.data();
   std::memcpy(bytes, station.data(), station.size());
   std::memcpy(bytes + 6, station.data(), station.size());
   bytes[12] = static_cast<std::byte>(kLoopbackEtherType >> 8);
   bytes[13] = static_cast<std::byte>(kLoopbackEtherType & 0xff);
   put_le(bytes + 14, sequence, 8);
   put_le(bytes + 22, frame.size(), 4);
   std::size_t offset = kLoopbackHeaderBytes;
   for (; offset < frame.size() && offset % 8 != 0; ++offset) {
      bytes[offset] = pattern_byte(pattern_word(sequence, offset / 8), offset);
   }
   for (; offset + 8 <= frame.size(); offset += 8) {
      put_word(bytes + offset, pattern_word(sequence, offset / 8));
   }
   for (; offset < frame.size(); ++offset) {
      bytes[offset] = pattern_byte(pattern_word(sequence, offset / 8), offset);
   }
}

void LoopbackFrameCheck::begin() {
   word_index_ = UINT32_MAX;
   received_ = 0;
   sequence_ = 0;
   claimed_length_ = 0;
   header_ok_ = false;
   pattern_ok_ = true;
}

void LoopbackFrameCheck::feed(std::span<const std::byte> bytes) {
   std::size_t used = 0;
   if (received_ < kLoopbackHeaderBytes) {
      used = std::min<std::size_t>(bytes.size(), kLoopbackHeaderBytes - received_);
      std::memcpy(header_.data() + received_, bytes.data(), used);
      received_ += static_cast<std::uint32_t>(used);
      if (received_ == kLoopbackHeaderBytes) {
         check_header();
      }
   }
   pattern_ok_ = pattern_ok_ && (header_ok_ || used == bytes.size());
   while (used < bytes.size() && pattern_ok_) {
      const std::uint32_t index = received_ / 8;
      if (index != word_index_) {
         word_index_ = index;
         word_ = pattern_word(sequence_, index);
      }
      if (received_ % 8 == 0 && used + 8 <= bytes.size()) {
         pattern_ok_ = word_matches(bytes.data() + used, word_);
         used += 8;
         received_ += 8;
      } else {
         pattern_ok_ = bytes[used] == pattern_byte(word_, received_);
         ++used;
         ++received_;
      }
   }
   received_ += static_cast<std::uint32_t>(bytes.size() - used);
}

void LoopbackFrameCheck::check_header() {
   const std::byte *bytes = header_.data();
   const bool addressed = std::memcmp(bytes, station_.data(), 6) == 0 &&
                          std::memcmp(bytes + 6, station_.data(), 6) == 0;
   const bool typed = get_le(bytes + 12, 1) == (kLoopbackEtherType >> 8) &&
                      get_le(bytes + 13, 1) == (kLoopbackEtherType & 0xff);
   sequence_ = get_le(bytes + 14, 8);
   claimed_length_ = static_cast<std::uint32_t>(get_le(bytes + 22, 4));
   header_ok_ = addressed && typed;
}

bool LoopbackFrameCheck::intact() const {
   return header_ok_ && pattern_ok_ && received_ == claimed_length_ && received_ >= kMinFrameBytes;
}

} // namespace memfrag::nic
