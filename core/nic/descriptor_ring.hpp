// The receive and transmit descriptor rings of the 82574L in their legacy format, kept in DMA
// memory that both the driver and the device write: the driver's half of the head/tail protocol.
// The device owns the descriptors from its head up to (not including) the tail the driver last
// wrote; the driver owns the rest, so a ring of n descriptors holds at most n - 1 buffers.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace memfrag::nic {

inline constexpr std::uint32_t kDescriptorBytes = 16;
// Ring lengths the 82574L accepts: RDLEN and TDLEN are multiples of 128 bytes (8 descriptors);
// 4096 is the most its Linux driver configures.
inline constexpr std::uint32_t kMinRingDescriptors = 8;
inline constexpr std::uint32_t kMaxRingDescriptors = 4096;
inline constexpr std::uint32_t kRingDescriptorMultiple = 8;

// Whether `descriptors` is a ring length the device accepts.
constexpr bool valid_ring_length(std::uint32_t descriptors) {
   return descriptors >= kMinRingDescriptors && descriptors <= kMaxRingDescriptors &&
          descriptors % kRingDescriptorMultiple == 0;
}

// Where a ring lives: the same bytes seen by the driver (a pointer in this process) and by the
// device (an address it was given by map_dma()).
struct RingMemory {
   std::byte *address = nullptr;
   std::uint64_t iova = 0;
   std::uint32_t descriptors = 0;
   std::size_t bytes() const { return std::size_t{descriptors} * kDescriptorBytes; }
};

// A receive descriptor the device wrote back.
struct RxCompletion {
   std::uint64_t cookie = 0; // what post() was given with the buffer
   std::uint16_t length = 0; // bytes the device wrote into the buffer
   bool end_of_packet = false;
   std::uint8_t errors = 0;
};

class RxRing {
 public:
   // Clears every descriptor of `memory`.
   explicit RxRing(const RingMemory &memory);

   const RingMemory &memory() const { return memory_; }
   std::uint32_t capacity() const { return memory_.descriptors - 1; }
   std::uint32_t posted() const { return posted_; }
   std::uint32_t free_slots() const { return capacity() - posted_; }

   // Gives the device the buffer at `buffer_iova` in the descriptor after the last one posted;
   // `cookie` comes back with its completion. Visible to the device only once tail() is written
   // to RDT. Requires free_slots() > 0.
   void post(std::uint64_t buffer_iova, std::uint64_t cookie);
   // The RDT value that hands every posted descriptor to the device.
   std::uint32_t tail() const { return next_to_use_; }
   // The oldest posted descriptor once the device has written it back (DD set), cleared for
   // reuse; nullopt while the device has not.
   std::optional<RxCompletion> take();
   // Forgets every posted descriptor, oldest first, returning their cookies: the buffers the
   // device never filled, for a driver shutting down with the receiver disabled.
   std::vector<std::uint64_t> take_all_posted();

 private:
   RingMemory memory_;
   std::vector<std::uint64_t> cookies_; // by descriptor index
   std::uint32_t next_to_use_ = 0;      // where post() writes
   std::uint32_t next_to_clean_ = 0;    // where take() looks
   std::uint32_t posted_ = 0;
};

class TxRing {
 public:
   // Clears every descriptor of `memory`.
   explicit TxRing(const RingMemory &memory);

   const RingMemory &memory() const { return memory_; }
   std::uint32_t capacity() const { return memory_.descriptors - 1; }
   std::uint32_t in_flight() const { return in_flight_; }
   std::uint32_t free_slots() const { return capacity() - in_flight_; }

   // Queues `length` bytes at `iova` as one descriptor of a frame (the last one with
   // end_of_packet), with the frame check sequence inserted and status reported. Visible to the
   // device only once tail() is written to TDT. Requires free_slots() > 0.
   void queue(std::uint64_t iova, std::uint16_t length, bool end_of_packet, std::uint64_t cookie);
   std::uint32_t tail() const { return next_to_use_; }
   // The cookie of the oldest queued descriptor once the device has sent it (DD set).
   std::optional<std::uint64_t> take_sent();

 private:
   RingMemory memory_;
   std::vector<std::uint64_t> cookies_;
   std::uint32_t next_to_use_ = 0;
   std::uint32_t next_to_clean_ = 0;
   std::uint32_t in_flight_ = 0;
};

} // namespace memfrag::nic
