#include "core/nic/soft_device.hpp"

#include "core/nic/descriptor_ring.hpp"
#include "core/nic/e1000e_registers.hpp"

#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <string>

namespace memfrag::nic {
namespace {

namespace reg = e1000e;

// The longest frame accepted without RCTL.LPE, counting the 4-byte frame check sequence the
// model's frames (stripped as with RCTL.SECRC) no longer carry.
constexpr std::size_t kLongestNormalFrame = 1522 - 4;
// Frames the model gathers at most: larger transmissions are cut (the 82574L's limit is 9 KiB
// of jumbo payload; the model allows a 16 KiB receive buffer's worth).
constexpr std::size_t kLongestFrame = 16384;

bool clears_on_read(std::uint32_t offset) {
   return offset == reg::kIcr || offset == reg::kGprc || offset == reg::kGptc ||
          offset == reg::kRnbc;
}

std::uint32_t ring_slots(std::uint32_t length_register) {
   return length_register / kDescriptorBytes;
}

std::uint32_t next_slot(std::uint32_t index, std::uint32_t slots) {
   return index + 1 >= slots ? 0 : index + 1;
}

} // namespace

SoftDevice::SoftDevice(const SoftDeviceConfig &config)
    : config_(config), registers_(kWindowBytes / 4) {
}

std::uint32_t &SoftDevice::reg(std::uint32_t offset) {
   if (offset % 4 != 0 || offset >= kWindowBytes) {
      throw std::out_of_range("soft NIC: register access at offset " + std::to_string(offset) +
                              " outside the modelled window or not 4-byte aligned");
   }
   return registers_[offset / 4];
}

std::uint32_t SoftDevice::read32(std::uint32_t offset) {
   std::uint32_t &value = reg(offset);
   const std::uint32_t read = value;
   if (clears_on_read(offset)) {
      value = 0;
   }
   return read;
}

void SoftDevice::write32(std::uint32_t offset, std::uint32_t value) {
   switch (offset) {
   case reg::kCtrl:
      if ((value & reg::kCtrlRst) != 0) {
         reset();
         return;
      }
      reg(reg::kCtrl) = value;
      reg(reg::kStatus) = (value & reg::kCtrlSlu) != 0 ? reg::kStatusLu : 0u;
      return;
   case reg::kIms:
      reg(reg::kIms) |= value;
      return;
   case reg::kImc:
      reg(reg::kIms) &= ~value;
      return;
   case reg::kIcr: // writing 1 clears a cause
      reg(reg::kIcr) &= ~value;
      return;
   case reg::kTdt:
      reg(reg::kTdt) = value;
      transmit();
      return;
   default:
      reg(offset) = value;
   }
}

void SoftDevice::reset() {
   std::fill(registers_.begin(), registers_.end(), 0u);
   tx_frame_.clear();
   tx_frame_faulted_ = false;
}

std::uint64_t SoftDevice::map_dma(void *address, std::size_t length) {
   auto *bytes = static_cast<std::byte *>(address);
   if (config_.iommu) {
      return iommu_.map(bytes, length);
   }
   const auto *memory = config_.memory.data();
   if (bytes < memory || length > config_.memory.size() ||
       static_cast<std::size_t>(bytes - memory) > config_.memory.size() - length) {
      throw std::runtime_error("soft NIC without IOMMU: the " + std::to_string(length) +
                               " bytes to map are not in the region, the only memory the "
                               "model gives physical addresses");
   }
   return kSoftPhysicalBase + static_cast<std::uint64_t>(bytes - memory);
}

void SoftDevice::unmap_dma(std::uint64_t iova, std::size_t length) {
   if (config_.iommu) {
      iommu_.unmap(iova, length);
   }
}

std::uint64_t SoftDevice::wait_interrupt(std::chrono::microseconds /*timeout*/) {
   // The model acts inside write32(): a cause is either pending now or will never come, and
   // pending causes are one interrupt until ICR is read.
   return (reg(reg::kIcr) & reg(reg::kIms)) != 0 ? 1 : 0;
}

Contiguity SoftDevice::required_contiguity() const {
   return config_.iommu ? Contiguity::iova : Contiguity::physical;
}

std::string SoftDevice::describe() const {
   return config_.iommu ? "soft" : "soft (no IOMMU)";
}

std::byte *SoftDevice::dma(std::uint64_t address, std::size_t length) {
   std::byte *bytes = nullptr;
   if (config_.iommu) {
      bytes = iommu_.translate(address, length);
   } else if (address >= kSoftPhysicalBase && length <= config_.memory.size() &&
              address - kSoftPhysicalBase <= config_.memory.size() - length) {
      bytes = config_.memory.data() + (address - kSoftPhysicalBase);
   }
   blocked_dma_ += bytes == nullptr ? 1 : 0;
   return bytes;
}

std::uint64_t SoftDevice::ring_base(std::uint32_t low_offset) const {
   return std::uint64_t{registers_[(low_offset + 4) / 4]} << 32 | registers_[low_offset / 4];
}

void SoftDevice::raise(std::uint32_t cause) {
   reg(reg::kIcr) |= cause;
}

void SoftDevice::transmit() {
   if ((reg(reg::kTctl) & reg::kTctlEn) == 0) {
      return;
   }
   const std::uint32_t slots = ring_slots(reg(reg::kTdlen));
   while (slots != 0 && reg(reg::kTdh) != reg(reg::kTdt) % slots) {
      if (!transmit_descriptor(reg(reg::kTdh))) {
         return; // the ring itself is unreachable: the transmitter stalls
      }
      reg(reg::kTdh) = next_slot(reg(reg::kTdh), slots);
   }
   raise(reg::kIntTxdw);
}

bool SoftDevice::transmit_descriptor(std::uint32_t index) {
   std::byte *slot =
       dma(ring_base(reg::kTdbal) + std::uint64_t{index} * kDescriptorBytes, kDescriptorBytes);
   if (slot == nullptr) {
      return false;
   }
   reg::TxDescriptor descriptor;
   std::memcpy(&descriptor, slot, sizeof descriptor);
   const std::byte *data = dma(descriptor.address, descriptor.length);
   if (data == nullptr || tx_frame_.size() + descriptor.length > kLongestFrame) {
      tx_frame_faulted_ = true;
   } else {
      tx_frame_.insert(tx_frame_.end(), data, data + descriptor.length);
   }
   if ((descriptor.command & reg::kTxCommandRs) != 0) {
      descriptor.status |= reg::kTxStatusDd;
      std::memcpy(slot, &descriptor, sizeof descriptor);
   }
   if ((descriptor.command & reg::kTxCommandEop) != 0) {
      if (!tx_frame_faulted_) {
         ++reg(reg::kGptc);
         if ((reg(reg::kRctl) & reg::kRctlLbmMac) != 0) {
            receive(tx_frame_);
         }
      }
      tx_frame_.clear();
      tx_frame_faulted_ = false;
   }
   return true;
}

void SoftDevice::receive(std::span<const std::byte> frame) {
   const std::uint32_t rctl = reg(reg::kRctl);
   if ((rctl & reg::kRctlEn) == 0) {
      return;
   }
   if ((rctl & reg::kRctlLpe) == 0 && frame.size() > kLongestNormalFrame) {
      ++oversize_frames_;
      return;
   }
   const std::uint32_t slots = ring_slots(reg(reg::kRdlen));
   const std::size_t buffer_bytes = reg::rctl_buffer_bytes(rctl);
   const std::size_t needed = (frame.size() + buffer_bytes - 1) / buffer_bytes;
   const std::uint32_t available =
       slots == 0 ? 0 : (reg(reg::kRdt) % slots + slots - reg(reg::kRdh)) % slots;
   if (needed > available) {
      ++reg(reg::kRnbc);
      raise(reg::kIntRxo);
      return;
   }
   for (std::size_t offset = 0; offset < frame.size(); offset += buffer_bytes) {
      const std::size_t length = std::min(buffer_bytes, frame.size() - offset);
      if (!receive_chunk(frame.subspan(offset, length), offset + length == frame.size())) {
         return;
      }
   }
   ++reg(reg::kGprc);
   raise(reg::kIntRxt0);
}

// Writes one descriptor's share of a frame. A buffer address nothing translates is blocked (the
// write is refused, as an IOMMU refuses it) but the descriptor is still written back.
bool SoftDevice::receive_chunk(std::span<const std::byte> chunk, bool last) {
   const std::uint32_t slots = ring_slots(reg(reg::kRdlen));
   const std::uint32_t head = reg(reg::kRdh);
   std::byte *slot =
       dma(ring_base(reg::kRdbal) + std::uint64_t{head} * kDescriptorBytes, kDescriptorBytes);
   if (slot == nullptr) {
      return false;
   }
   reg::RxDescriptor descriptor;
   std::memcpy(&descriptor, slot, sizeof descriptor);
   if (std::byte *buffer = dma(descriptor.address, chunk.size()); buffer != nullptr) {
      std::memcpy(buffer, chunk.data(), chunk.size());
   }
   descriptor.length = static_cast<std::uint16_t>(chunk.size());
   descriptor.errors = 0;
   descriptor.status = static_cast<std::uint8_t>(reg::kRxStatusDd | (last ? reg::kRxStatusEop : 0));
   std::memcpy(slot, &descriptor, sizeof descriptor);
   reg(reg::kRdh) = next_slot(head, slots);
   return true;
}

} // namespace memfrag::nic
