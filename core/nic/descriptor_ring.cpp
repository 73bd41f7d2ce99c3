#include "core/nic/descriptor_ring.hpp"

#include "core/nic/e1000e_registers.hpp"

#include <atomic>
#include <cstring>

namespace memfrag::nic {
namespace {

// Descriptors live in memory a real device writes behind the compiler's back: every access
// goes through a volatile pointer, and the fences order the status byte against the rest.
volatile e1000e::RxDescriptor *rx_descriptor(const RingMemory &memory, std::uint32_t index) {
   return reinterpret_cast<volatile e1000e::RxDescriptor *>(memory.address) + index;
}

volatile e1000e::TxDescriptor *tx_descriptor(const RingMemory &memory, std::uint32_t index) {
   return reinterpret_cast<volatile e1000e::TxDescriptor *>(memory.address) + index;
}

std::uint32_t following(std::uint32_t index, std::uint32_t descriptors) {
   return index + 1 == descriptors ? 0 : index + 1;
}

} // namespace

RxRing::RxRing(const RingMemory &memory) : memory_(memory), cookies_(memory.descriptors) {
   std::memset(memory_.address, 0, memory_.bytes());
}

void RxRing::post(std::uint64_t buffer_iova, std::uint64_t cookie) {
   volatile e1000e::RxDescriptor *descriptor = rx_descriptor(memory_, next_to_use_);
   descriptor->address = buffer_iova;
   descriptor->length = 0;
   descriptor->errors = 0;
   descriptor->status = 0;
   cookies_[next_to_use_] = cookie;
   next_to_use_ = following(next_to_use_, memory_.descriptors);
   ++posted_;
}

std::optional<RxCompletion> RxRing::take() {
   if (posted_ == 0) {
      return std::nullopt;
   }
   volatile e1000e::RxDescriptor *descriptor = rx_descriptor(memory_, next_to_clean_);
   const std::uint8_t status = descriptor->status;
   if ((status & e1000e::kRxStatusDd) == 0) {
      return std::nullopt;
   }
   std::atomic_thread_fence(std::memory_order_acquire);
   RxCompletion completion{cookies_[next_to_clean_], descriptor->length,
                           (status & e1000e::kRxStatusEop) != 0, descriptor->errors};
   descriptor->status = 0;
   next_to_clean_ = following(next_to_clean_, memory_.descriptors);
   --posted_;
   return completion;
}

std::vector<std::uint64_t> RxRing::take_all_posted() {
   std::vector<std::uint64_t> cookies;
   for (; posted_ > 0; --posted_) {
      cookies.push_back(cookies_[next_to_clean_]);
      rx_descriptor(memory_, next_to_clean_)->status = 0;
      next_to_clean_ = following(next_to_clean_, memory_.descriptors);
   }
   return cookies;
}

TxRing::TxRing(const RingMemory &memory) : memory_(memory), cookies_(memory.descriptors) {
   std::memset(memory_.address, 0, memory_.bytes());
}

void TxRing::queue(std::uint64_t iova, std::uint16_t length, bool end_of_packet,
                   std::uint64_t cookie) {
   volatile e1000e::TxDescriptor *descriptor = tx_descriptor(memory_, next_to_use_);
   descriptor->address = iova;
   descriptor->length = length;
   descriptor->checksum_offset = 0;
   descriptor->checksum_start = 0;
   descriptor->special = 0;
   descriptor->status = 0;
   descriptor->command = static_cast<std::uint8_t>(e1000e::kTxCommandIfcs | e1000e::kTxCommandRs |
                                                   (end_of_packet ? e1000e::kTxCommandEop : 0));
   cookies_[next_to_use_] = cookie;
   next_to_use_ = following(next_to_use_, memory_.descriptors);
   ++in_flight_;
}

std::optional<std::uint64_t> TxRing::take_sent() {
   if (in_flight_ == 0) {
      return std::nullopt;
   }
   volatile e1000e::TxDescriptor *descriptor = tx_descriptor(memory_, next_to_clean_);
   if ((descriptor->status & e1000e::kTxStatusDd) == 0) {
      return std::nullopt;
   }
   std::atomic_thread_fence(std::memory_order_acquire);
   const std::uint64_t cookie = cookies_[next_to_clean_];
   descriptor->status = 0;
   next_to_clean_ = following(next_to_clean_, memory_.descriptors);
   --in_flight_;
   return cookie;
}

} // namespace memfrag::nic
