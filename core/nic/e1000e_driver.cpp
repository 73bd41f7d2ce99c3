#include "core/nic/e1000e_driver.hpp"

#include "core/nic/e1000e_registers.hpp"
#include "core/platform/clock.hpp"

#include <atomic>
#include <stdexcept>
#include <string>

namespace memfrag::nic {
namespace {

namespace reg = e1000e;

// The 82574L clears CTRL.RST within microseconds; the limit only guards against a device
// that never answers.
constexpr std::uint64_t kResetLimitNs = 100'000'000;

// A frame arrived (legacy and MSI: RXT0; MSI-X: receive queue 0), or none could be stored.
constexpr std::uint32_t kReceiveInterrupts = reg::kIntRxt0 | reg::kIntRxq0 | reg::kIntRxo;

std::uint32_t low_word(std::uint64_t value) {
   return static_cast<std::uint32_t>(value);
}

std::uint32_t high_word(std::uint64_t value) {
   return static_cast<std::uint32_t>(value >> 32);
}

std::uint32_t receive_control(const LinkSettings &settings) {
   const std::uint32_t size_bits = reg::rctl_buffer_size_bits(settings.rx_buffer_bytes);
   if (size_bits == UINT32_MAX) {
      throw std::runtime_error("82574L: a receive buffer of " +
                               std::to_string(settings.rx_buffer_bytes) +
                               " bytes cannot be expressed in RCTL (256 to 16384, powers of two)");
   }
   std::uint32_t rctl =
       reg::kRctlEn | reg::kRctlUpe | reg::kRctlMpe | reg::kRctlBam | reg::kRctlSecrc | size_bits;
   rctl |= settings.long_packets ? reg::kRctlLpe : 0u;
   rctl |= settings.mac_loopback ? reg::kRctlLbmMac : 0u;
   return rctl;
}

} // namespace

E1000eDriver::E1000eDriver(Device &device, const RingMemory &rx, const RingMemory &tx)
    : device_(device), rx_(rx), tx_(tx) {
}

void E1000eDriver::bring_up(const LinkSettings &settings) {
   const std::uint32_t rctl = receive_control(settings);
   reset();
   const auto &mac = settings.mac;
   device_.write32(reg::kRal0, std::uint32_t{mac[0]} | std::uint32_t{mac[1]} << 8 |
                                   std::uint32_t{mac[2]} << 16 | std::uint32_t{mac[3]} << 24);
   device_.write32(reg::kRah0, std::uint32_t{mac[4]} | std::uint32_t{mac[5]} << 8 | reg::kRahAv);
   program_rings();
   device_.write32(reg::kTipg, reg::kTipgCopper);
   device_.write32(reg::kTctl, reg::kTctlEn | reg::kTctlPsp | (0x0Fu << reg::kTctlCtShift) |
                                   (0x3Fu << reg::kTctlColdShift));
   device_.write32(reg::kRctl, rctl);
   if (settings.interrupts) {
      device_.write32(reg::kIvar, reg::kIvarRxq0Vector0 | reg::kIvarOtherVector0);
      device_.write32(reg::kIms, kReceiveInterrupts);
   }
   update_counters();
   counters_ = {};
}

void E1000eDriver::reset() {
   device_.write32(reg::kImc, UINT32_MAX);
   device_.write32(reg::kCtrl, device_.read32(reg::kCtrl) | reg::kCtrlRst);
   const std::uint64_t start = platform::wall_ns();
   while ((device_.read32(reg::kCtrl) & reg::kCtrlRst) != 0) {
      if (platform::wall_ns() - start > kResetLimitNs) {
         throw std::runtime_error(device_.describe() + ": the reset (CTRL.RST) did not complete");
      }
   }
   device_.write32(reg::kImc, UINT32_MAX);
   device_.read32(reg::kIcr);
   device_.write32(reg::kCtrl, device_.read32(reg::kCtrl) | reg::kCtrlSlu);
}

void E1000eDriver::program_rings() {
   const RingMemory &rx = rx_.memory();
   device_.write32(reg::kRdbal, low_word(rx.iova));
   device_.write32(reg::kRdbah, high_word(rx.iova));
   device_.write32(reg::kRdlen, static_cast<std::uint32_t>(rx.bytes()));
   device_.write32(reg::kRdh, 0);
   device_.write32(reg::kRdt, 0);
   const RingMemory &tx = tx_.memory();
   device_.write32(reg::kTdbal, low_word(tx.iova));
   device_.write32(reg::kTdbah, high_word(tx.iova));
   device_.write32(reg::kTdlen, static_cast<std::uint32_t>(tx.bytes()));
   device_.write32(reg::kTdh, 0);
   device_.write32(reg::kTdt, 0);
}

void E1000eDriver::shut_down() {
   device_.write32(reg::kRctl, 0);
   device_.write32(reg::kTctl, 0);
   device_.write32(reg::kImc, UINT32_MAX);
   update_counters();
}

void E1000eDriver::publish_rx() {
   // The descriptors must be in memory before the device may read them.
   std::atomic_thread_fence(std::memory_order_release);
   device_.write32(reg::kRdt, rx_.tail());
}

void E1000eDriver::publish_tx() {
   std::atomic_thread_fence(std::memory_order_release);
   device_.write32(reg::kTdt, tx_.tail());
}

std::uint64_t E1000eDriver::wait_interrupt(std::chrono::microseconds timeout) {
   const std::uint64_t delivered = device_.wait_interrupt(timeout);
   if (delivered == 0) {
      return 0;
   }
   // In MSI-X mode reading ICR does not clear it and a cause still set is not delivered
   // again: clear what was read by writing it back, and unmask the causes in case the
   // delivery masked them (auto-mask).
   device_.write32(reg::kIcr, device_.read32(reg::kIcr));
   device_.write32(reg::kIms, kReceiveInterrupts);
   return delivered;
}

const DeviceCounters &E1000eDriver::update_counters() {
   counters_.good_packets_received += device_.read32(reg::kGprc);
   counters_.good_packets_transmitted += device_.read32(reg::kGptc);
   counters_.receive_no_buffers += device_.read32(reg::kRnbc);
   return counters_;
}

} // namespace memfrag::nic
