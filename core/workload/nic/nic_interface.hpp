// The interface as the NIC harness drives it through the driver core: DMA mapping, bring-up of
// the device with its rings and transmit buffers, posting receive buffers, sending loopback
// frames, taking received frames off the ring with their payload checked, and shutting down.
// It never allocates: the blocks come from the allocator under test through the op stream.
#pragma once

#include "core/nic/e1000e_driver.hpp"
#include "core/nic/loopback_frame.hpp"
#include "core/workload/nic/dma_mapper.hpp"
#include "core/workload/nic/nic_figures.hpp"
#include "core/workload/nic/nic_spec.hpp"
#include "core/workload/nic/rx_buffers.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace memfrag::workload::nic {

// A frame taken off the receive ring: the buffers it fills, in order.
struct ReceivedFrame {
   std::vector<std::uint64_t> buffers;
};

// The blocks bring-up needs, as the allocator handed them out.
struct InterfaceMemory {
   std::byte *rx_ring = nullptr;
   std::byte *tx_ring = nullptr;
   std::vector<std::byte *> tx_buffers; // one frame per transmit descriptor
};

class NicInterface {
 public:
   // `device` outlives the interface; `region` is the run's region; `figures` receives what the
   // interface counts.
   NicInterface(const NicSpec &spec, memfrag::nic::Device &device, std::span<std::byte> region,
                NicFigures &figures);

   // Maps the region (whole) or the rings and transmit buffers (per-buffer) and brings the
   // device up. Throws std::runtime_error when the device does not come up.
   void bring_up(const InterfaceMemory &memory);
   // Gives the device an address that was mapped and withdrawn again, sends it one frame, and
   // says whether the write was blocked (the buffer of `bytes` at `buffer` left untouched).
   bool probe_unmapped(std::byte *buffer, std::size_t bytes);

   std::uint32_t free_slots() { return driver_->rx().free_slots(); }
   // Posts a new buffer (the block `block`, whose bytes are at `address`), mapping it first.
   void post_new(BlockHandle block, std::byte *address);
   // Posts again a buffer received earlier and kept mapped (page-pool).
   void post_again(std::uint64_t id);
   // Hands the descriptors posted so far to the device.
   void publish() { driver_->publish_rx(); }

   // Sends loopback frame `sequence` of `bytes`; false when the transmit ring has no room.
   bool transmit(std::uint64_t sequence, std::uint32_t bytes);
   // Takes every completed frame off the receive ring into `frames`, checking its payload; its
   // buffers' own mappings are withdrawn unless `keep_mapped` (page-pool keeps them).
   void harvest(std::vector<ReceivedFrame> &frames, bool keep_mapped);
   // Frames the device dropped since the last call: those RNBC counts (no descriptor) or,
   // where more, those sent in loopback that did not come back (QEMU's e1000e drops a frame
   // it has no descriptors for without counting it in RNBC). A device that completes frames
   // after the tail write (real hardware) is given up to a millisecond to bring back what is
   // in flight, woken by its interrupt or polled.
   std::uint64_t take_drops();

   // Withdraws buffer `id`'s mapping if it has one and forgets it; returns its block.
   BlockHandle release(std::uint64_t id);
   // Stops the device and withdraws every mapping; returns the blocks of the receive buffers
   // still posted.
   std::vector<BlockHandle> shut_down();

   const DmaMapper &mapper() const { return mapper_; }

 private:
   struct Mapped {
      std::byte *address = nullptr;
      std::uint64_t device_address = 0;
      std::size_t bytes = 0;
   };
   Mapped map(std::byte *address, std::size_t bytes);
   // Waits at most `timeout` for the device's interrupt and counts every one it delivered.
   void await_interrupt(std::chrono::microseconds timeout);
   void take_piece(const memfrag::nic::RxCompletion &piece, std::vector<ReceivedFrame> &frames,
                   bool keep_mapped);
   void finish_frame(std::vector<ReceivedFrame> &frames, bool keep_mapped);
   void unmap_buffer(RxBuffer &buffer);
   std::size_t buffer_bytes() const { return std::size_t{4096} << layout_.order; }

   const NicSpec &spec_;
   memfrag::nic::Device &device_;
   BufferLayout layout_;
   DmaMapper mapper_;
   NicFigures &figures_;
   std::optional<memfrag::nic::E1000eDriver> driver_;
   memfrag::nic::LinkSettings link_;
   Mapped rx_ring_, tx_ring_;
   std::vector<Mapped> tx_buffers_;
   RxBuffers buffers_;
   memfrag::nic::LoopbackFrameCheck check_;
   ReceivedFrame assembling_; // the frame whose pieces are coming in
   std::uint32_t assembled_bytes_ = 0;
   std::optional<std::uint64_t> last_sequence_;
   std::vector<std::byte> frame_; // the frame being sent, before it goes to transmit buffers
   std::uint64_t unreturned(const memfrag::nic::DeviceCounters &now) const;
   memfrag::nic::DeviceCounters counters_seen_;
};

} // namespace memfrag::workload::nic
