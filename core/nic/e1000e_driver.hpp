// The driver core of the 82574L, written only against nic::Device so that the software model
// and the vfio backend run the very same code: bring-up through registers (reset, receive and
// transmit control, buffer size, long packets, MAC loopback), the two descriptor rings, and the
// statistics registers. Buffers are the caller's: it posts their device addresses and learns
// completions from the rings.
#pragma once

#include "core/nic/descriptor_ring.hpp"
#include "core/nic/device.hpp"

#include <array>
#include <chrono>
#include <cstdint>

namespace memfrag::nic {

struct LinkSettings {
   std::uint32_t rx_buffer_bytes = 2048; // one the RCTL buffer-size field can express
   bool long_packets = false;            // accept frames above 1522 bytes (jumbo frames)
   bool mac_loopback = true;             // what is transmitted is received, no peer needed
   std::array<std::uint8_t, 6> mac{};    // the station address (receive address 0)
   bool interrupts = false;              // raise receive interrupts (MSI-X vector 0 or MSI)
};

// The device's statistics registers, accumulated (each read clears the register).
struct DeviceCounters {
   std::uint64_t good_packets_received = 0;    // GPRC
   std::uint64_t good_packets_transmitted = 0; // GPTC
   std::uint64_t receive_no_buffers = 0;       // RNBC: frames dropped for want of descriptors
};

class E1000eDriver {
 public:
   // `device` must outlive the driver. The rings' memory must be reachable by the device at
   // their iova (mapped with map_dma() already).
   E1000eDriver(Device &device, const RingMemory &rx, const RingMemory &tx);

   // Resets the device, masks its interrupts and programs the station address, both rings,
   // the transmitter and the receiver. Throws std::runtime_error when the reset does not
   // complete or the buffer size cannot be expressed.
   void bring_up(const LinkSettings &settings);
   // Disables the receiver and transmitter; the device no longer touches the rings or buffers.
   void shut_down();

   RxRing &rx() { return rx_; }
   TxRing &tx() { return tx_; }
   // Hands every descriptor posted so far to the device (RDT, TDT).
   void publish_rx();
   void publish_tx();
   // Reads the statistics registers into the running totals.
   const DeviceCounters &update_counters();
   // Waits at most `timeout` for an interrupt and acknowledges it (reads ICR); returns how
   // many the device delivered since the last call, 0 at once when it delivers none (polling).
   std::uint64_t wait_interrupt(std::chrono::microseconds timeout);

   Device &device() { return device_; }

 private:
   void reset();
   void program_rings();

   Device &device_;
   RxRing rx_;
   TxRing tx_;
   DeviceCounters counters_;
};

} // namespace memfrag::nic
