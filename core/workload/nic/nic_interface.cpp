#include "core/workload/nic/nic_interface.hpp"

#include "core/platform/clock.hpp"
#include "core/workload/nic/traffic_plan.hpp"

#include <algorithm>
#include <cstring>

namespace memfrag::workload::nic {
namespace {

using memfrag::nic::RingMemory;

// A locally administered unicast address: the harness only talks to itself.
constexpr memfrag::nic::MacAddress kStation = {0x02, 0x00, 0x6d, 0x66, 0x00, 0x01};
constexpr std::size_t kFrameBytes = 4096;
constexpr std::byte kProbePoison{0x5a};
// A real device answers the probe within microseconds; the limit only bounds a silent one.
constexpr std::uint64_t kProbeLimitNs = 1'000'000'000;
// A frame sent at a line rate of 1 Gb/s is back within 100 us; what has not come back after
// this long was dropped.
constexpr std::uint64_t kSettleLimitNs = 1'000'000;
constexpr std::chrono::microseconds kSettleWait{100};

memfrag::nic::LinkSettings link_settings(const NicSpec &spec, std::uint32_t buffer_bytes) {
   return {buffer_bytes, largest_frame_bytes(spec) > 1514, true, kStation,
           spec.interrupts != Interrupts::poll};
}

} // namespace

NicInterface::NicInterface(const NicSpec &spec, memfrag::nic::Device &device,
                           std::span<std::byte> region, NicFigures &figures)
    : spec_(spec), device_(device), layout_(buffer_layout(spec)),
      mapper_(device, spec.dma_map, region), figures_(figures),
      link_(link_settings(spec, layout_.buffer_bytes)), check_(kStation) {
}

NicInterface::Mapped NicInterface::map(std::byte *address, std::size_t bytes) {
   return {address, mapper_.map(address, bytes), bytes};
}

void NicInterface::bring_up(const InterfaceMemory &memory) {
   mapper_.map_region();
   // Mappings are in whole frames: a ring's is its whole block.
   rx_ring_ = map(memory.rx_ring, kFrameBytes << ring_order(spec_.rx_descriptors));
   tx_ring_ = map(memory.tx_ring, kFrameBytes << ring_order(spec_.tx_descriptors));
   for (std::byte *buffer : memory.tx_buffers) {
      tx_buffers_.push_back(map(buffer, kFrameBytes));
   }
   driver_.emplace(device_,
                   RingMemory{rx_ring_.address, rx_ring_.device_address, spec_.rx_descriptors},
                   RingMemory{tx_ring_.address, tx_ring_.device_address, spec_.tx_descriptors});
   driver_->bring_up(link_);
   if (link_.interrupts) {
      figures_.interrupts = 0;
   }
}

bool NicInterface::probe_unmapped(std::byte *buffer, std::size_t bytes) {
   std::memset(buffer, std::to_integer<int>(kProbePoison), bytes);
   const std::uint64_t stale = mapper_.map_own(buffer, bytes);
   mapper_.unmap_own(stale, bytes);
   driver_->rx().post(stale, 0);
   driver_->publish_rx();
   transmit(0, memfrag::nic::kMinFrameBytes);
   const std::uint64_t start = platform::wall_ns();
   std::optional<memfrag::nic::RxCompletion> completion;
   while (!(completion = driver_->rx().take()) && platform::wall_ns() - start < kProbeLimitNs) {
      await_interrupt(std::chrono::microseconds(1000));
   }
   const bool untouched =
       std::all_of(buffer, buffer + bytes, [](std::byte value) { return value == kProbePoison; });
   if (!completion) {
      // The device kept the descriptor: start over with clean rings.
      driver_->rx().take_all_posted();
      driver_->bring_up(link_);
   }
   while (driver_->tx().take_sent()) {
   }
   counters_seen_ = driver_->update_counters();
   figures_.packets_transmitted = 0;
   figures_.bytes_transmitted = 0;
   return untouched;
}

void NicInterface::post_new(BlockHandle block, std::byte *address) {
   const std::uint64_t device_address = mapper_.map(address, buffer_bytes());
   const std::uint64_t id =
       buffers_.add({block, address, device_address, spec_.dma_map == DmaMapping::per_buffer});
   driver_->rx().post(device_address, id);
}

void NicInterface::post_again(std::uint64_t id) {
   driver_->rx().post(buffers_[id].device_address, id);
}

bool NicInterface::transmit(std::uint64_t sequence, std::uint32_t bytes) {
   memfrag::nic::TxRing &tx = driver_->tx();
   while (tx.take_sent()) {
   }
   const std::uint32_t pieces = static_cast<std::uint32_t>((bytes + kFrameBytes - 1) / kFrameBytes);
   if (tx.free_slots() < pieces) {
      return false;
   }
   frame_.resize(bytes);
   memfrag::nic::write_loopback_frame(frame_, sequence, kStation);
   for (std::uint32_t offset = 0; offset < bytes; offset += kFrameBytes) {
      const auto length =
          static_cast<std::uint32_t>(std::min<std::size_t>(kFrameBytes, bytes - offset));
      const Mapped &buffer = tx_buffers_[tx.tail()];
      std::memcpy(buffer.address, frame_.data() + offset, length);
      tx.queue(buffer.device_address, static_cast<std::uint16_t>(length), offset + length == bytes,
               tx.tail());
   }
   driver_->publish_tx();
   ++figures_.packets_transmitted;
   figures_.bytes_transmitted += bytes;
   return true;
}

void NicInterface::await_interrupt(std::chrono::microseconds timeout) {
   const std::uint64_t delivered = driver_->wait_interrupt(timeout);
   if (link_.interrupts) {
      figures_.interrupts = figures_.interrupts.value_or(0) + delivered;
   }
}

void NicInterface::harvest(std::vector<ReceivedFrame> &frames, bool keep_mapped) {
   await_interrupt(std::chrono::microseconds(0));
   while (auto piece = driver_->rx().take()) {
      take_piece(*piece, frames, keep_mapped);
   }
}

void NicInterface::take_piece(const memfrag::nic::RxCompletion &piece,
                              std::vector<ReceivedFrame> &frames, bool keep_mapped) {
   if (assembling_.buffers.empty()) {
      check_.begin();
      assembled_bytes_ = 0;
   }
   RxBuffer &buffer = buffers_[piece.cookie];
   check_.feed({buffer.address, std::min<std::size_t>(piece.length, buffer_bytes())});
   assembling_.buffers.push_back(piece.cookie);
   assembled_bytes_ += piece.length;
   ++figures_.rx_descriptors_used;
   if (piece.end_of_packet) {
      finish_frame(frames, keep_mapped);
   }
}

void NicInterface::finish_frame(std::vector<ReceivedFrame> &frames, bool keep_mapped) {
   const bool in_order = !last_sequence_ || check_.sequence() > *last_sequence_;
   if (!check_.intact() || !in_order) {
      ++figures_.payload_errors;
   }
   last_sequence_ = std::max(last_sequence_.value_or(0), check_.sequence());
   ++figures_.packets_received;
   figures_.bytes_received += assembled_bytes_;
   const std::size_t pieces = assembling_.buffers.size();
   figures_.max_descriptors_per_packet =
       std::max<std::uint64_t>(figures_.max_descriptors_per_packet, pieces);
   (pieces == 1 ? figures_.bytes_contiguous : figures_.bytes_scatter_gather) += assembled_bytes_;
   if (!keep_mapped) {
      for (std::uint64_t id : assembling_.buffers) {
         unmap_buffer(buffers_[id]);
      }
   }
   frames.push_back(std::move(assembling_));
   assembling_ = {};
}

void NicInterface::unmap_buffer(RxBuffer &buffer) {
   if (buffer.mapped) {
      mapper_.unmap(buffer.device_address, buffer_bytes());
      buffer.mapped = false;
   }
}

std::uint64_t NicInterface::unreturned(const memfrag::nic::DeviceCounters &now) const {
   const std::uint64_t sent =
       now.good_packets_transmitted - counters_seen_.good_packets_transmitted;
   const std::uint64_t back = now.good_packets_received - counters_seen_.good_packets_received;
   return sent > back ? sent - back : 0;
}

std::uint64_t NicInterface::take_drops() {
   memfrag::nic::DeviceCounters now = driver_->update_counters();
   const auto no_buffers = [&] {
      return now.receive_no_buffers - counters_seen_.receive_no_buffers;
   };
   const std::uint64_t start = platform::wall_ns();
   while (unreturned(now) > no_buffers() && platform::wall_ns() - start < kSettleLimitNs) {
      await_interrupt(kSettleWait);
      now = driver_->update_counters();
   }
   const std::uint64_t drops = std::max(unreturned(now), no_buffers());
   counters_seen_ = now;
   return drops;
}

BlockHandle NicInterface::release(std::uint64_t id) {
   RxBuffer &buffer = buffers_[id];
   unmap_buffer(buffer);
   const BlockHandle block = buffer.block;
   buffers_.remove(id);
   return block;
}

std::vector<BlockHandle> NicInterface::shut_down() {
   driver_->shut_down();
   std::vector<BlockHandle> blocks;
   for (std::uint64_t id : driver_->rx().take_all_posted()) {
      blocks.push_back(release(id));
   }
   for (std::uint64_t id : assembling_.buffers) {
      blocks.push_back(release(id));
   }
   assembling_ = {};
   for (const Mapped &buffer : tx_buffers_) {
      mapper_.unmap(buffer.device_address, buffer.bytes);
   }
   mapper_.unmap(tx_ring_.device_address, tx_ring_.bytes);
   mapper_.unmap(rx_ring_.device_address, rx_ring_.bytes);
   mapper_.unmap_region();
   return blocks;
}

} // namespace memfrag::workload::nic
