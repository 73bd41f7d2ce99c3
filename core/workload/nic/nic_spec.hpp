// The validated description of a NIC workload's [nic] table: the device and how the driver
// uses it, the buffer policy, and the traffic offered. The background load of the rest of the
// system is the workload's [[phase]] tables, read as a generator's.
#pragma once

#include "core/nic/backend.hpp"
#include "core/nic/device.hpp"
#include "core/nic/loopback_frame.hpp"

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace memfrag::workload::nic {

using memfrag::nic::Contiguity;
using memfrag::nic::Interrupts;

enum class BufferPolicy : std::uint8_t {
   contiguous,     // one block per receive buffer, sized to the largest frame
   scatter_gather, // single frames, several descriptors per jumbo frame
   page_pool,      // contiguous buffers recycled through a pool instead of freed
};

enum class DmaMapping : std::uint8_t {
   whole,      // the region is mapped once at bring-up (DPDK's way)
   per_buffer, // each buffer is mapped when posted, unmapped when received (a kernel driver's)
};

struct FrameSize {
   std::uint32_t bytes = 0; // Ethernet header and payload, without the frame check sequence
   std::uint64_t weight = 0;
};

struct NicSpec {
   std::string backend = "soft";
   std::string device; // PCI address, for a backend driving hardware
   BufferPolicy buffers = BufferPolicy::contiguous;
   std::uint32_t mtu = 9000;
   Contiguity contiguity = Contiguity::iova; // resolved: what receive buffers must be
   DmaMapping dma_map = DmaMapping::whole;
   Interrupts interrupts = Interrupts::poll;
   bool accept_stitched = false; // refills accept frames stitched into one IOVA range
   std::uint32_t rx_descriptors = 256;
   std::uint32_t tx_descriptors = 64;
   std::uint32_t pool_size = 512; // page-pool: buffers kept for reuse at most
   std::uint64_t packets = 20000; // frames offered
   std::uint64_t rate_pps = 100000;
   double burst = 8.0; // mean frames per burst
   double line_gbps = 10.0;
   std::vector<FrameSize> sizes;    // the frame size mix
   std::uint64_t poll_us = 20;      // interrupt moderation: the driver runs at most this often
   std::uint64_t hold_us = 50;      // mean time the network stack keeps a received frame
   std::uint32_t warmup_phases = 0; // background phases run before the interface comes up
   bool dma_probe = true; // at bring-up, check that a DMA to an unmapped address is blocked
};

// Largest frame the MTU allows: the payload plus the 14-byte Ethernet header.
inline std::uint32_t largest_frame_bytes(const NicSpec &spec) {
   return spec.mtu + memfrag::nic::kEthernetHeaderBytes;
}

// What one receive buffer is: a block of `order` and the RCTL buffer size the device fills.
struct BufferLayout {
   std::uint32_t order = 0;
   std::uint32_t buffer_bytes = 4096;
};
// Contiguous and page-pool buffers: the block of ceil(log2(frames)) for the largest frame;
// scatter-gather: single frames.
BufferLayout buffer_layout(const NicSpec &spec);

// Frames of the smallest power-of-two block that holds `bytes`.
std::uint32_t order_for_bytes(std::uint64_t bytes);

nlohmann::json nic_spec_to_json(const NicSpec &spec);
NicSpec nic_spec_from_json(const nlohmann::json &json);

const char *buffer_policy_name(BufferPolicy policy);
const char *dma_mapping_name(DmaMapping mapping);
const char *contiguity_name(Contiguity contiguity);
const char *interrupts_name(Interrupts interrupts);

inline const std::vector<std::string> kBufferPolicyNames = {"contiguous", "scatter-gather",
                                                            "page-pool"};
inline const std::vector<std::string> kDmaMappingNames = {"whole", "per-buffer"};
// Indexed by Interrupts.
inline const std::vector<std::string> kInterruptsNames = {"poll", "msi-x", "msi"};
// Indexed by Contiguity; "auto" is what a file may also say.
inline const std::vector<std::string> kContiguityNames = {"none", "iova", "physical"};

} // namespace memfrag::workload::nic
