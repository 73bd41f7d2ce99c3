// The frames the harness sends itself through MAC loopback: an Ethernet header addressed to the
// station, the frame's sequence number and length, then a pattern derived from both, so that
// the receiver can check every byte without a copy of what was sent.
//
// Layout (little-endian integers): destination MAC [0, 6), source MAC [6, 12), EtherType
// 0x88B5 (IEEE local experimental) [12, 14), sequence [14, 22), frame length [22, 26), pattern
// [26, length). The frame check sequence is not part of it (the device adds and strips it).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

namespace memfrag::nic {

using MacAddress = std::array<std::uint8_t, 6>;

inline constexpr std::uint32_t kEthernetHeaderBytes = 14;
inline constexpr std::uint32_t kLoopbackHeaderBytes = 26;
inline constexpr std::uint32_t kMinFrameBytes = 60; // without the frame check sequence
inline constexpr std::uint16_t kLoopbackEtherType = 0x88B5;

// Writes frame `sequence` into `frame` (its whole size is the frame length, at least
// kMinFrameBytes).
void write_loopback_frame(std::span<std::byte> frame, std::uint64_t sequence,
                          const MacAddress &station);

// Checks a received frame piece by piece, in order, as it lies in its receive buffers.
class LoopbackFrameCheck {
 public:
   explicit LoopbackFrameCheck(const MacAddress &station) : station_(station) {}

   // Starts a new frame.
   void begin();
   // The next `bytes` of the frame.
   void feed(std::span<const std::byte> bytes);
   // After the last piece: whether the frame is intact (header, length and every pattern
   // byte), and the sequence it carries.
   bool intact() const;
   std::uint64_t sequence() const { return sequence_; }
   std::uint32_t length() const { return received_; }

 private:
   void check_header();

   MacAddress station_;
   std::array<std::byte, kLoopbackHeaderBytes> header_{};
   std::uint32_t received_ = 0;
   std::uint64_t sequence_ = 0;
   std::uint32_t claimed_length_ = 0;
   bool header_ok_ = false;
   bool pattern_ok_ = true;
   std::uint32_t word_index_ = UINT32_MAX; // of the pattern word cached in word_
   std::uint64_t word_ = 0;
};

} // namespace memfrag::nic
