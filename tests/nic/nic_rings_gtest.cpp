// The descriptor rings on their own: the head/tail protocol the driver keeps, with the
// device's write-backs done by hand where the test plays the device.
#include "core/nic/descriptor_ring.hpp"
#include "core/nic/e1000e_registers.hpp"
#include "core/platform/region_memory.hpp"

#include <gtest/gtest.h>

namespace memfrag::nic {
namespace {

namespace reg = e1000e;

class RingTest : public testing::Test {
 protected:
   RingMemory ring(std::uint32_t descriptors) { return {memory_.base(), 0x1000, descriptors}; }
   reg::RxDescriptor &rx_at(std::uint32_t index) {
      return reinterpret_cast<reg::RxDescriptor *>(memory_.base())[index];
   }
   reg::TxDescriptor &tx_at(std::uint32_t index) {
      return reinterpret_cast<reg::TxDescriptor *>(memory_.base())[index];
   }
   platform::RegionMemory memory_{1};
};

TEST(RingLength, FollowsTheRdlenRules) {
   EXPECT_TRUE(valid_ring_length(8));
   EXPECT_TRUE(valid_ring_length(256));
   EXPECT_TRUE(valid_ring_length(4096));
   EXPECT_FALSE(valid_ring_length(0));
   EXPECT_FALSE(valid_ring_length(12)) << "RDLEN must be a multiple of 128 bytes";
   EXPECT_FALSE(valid_ring_length(8192));
}

TEST_F(RingTest, ReceiveRingHoldsOneDescriptorFewerThanItsLength) {
   RxRing rx(ring(8));
   EXPECT_EQ(rx.capacity(), 7u);
   for (std::uint64_t cookie = 0; cookie < 7; ++cookie) {
      rx.post(0x10000 + cookie * 4096, cookie);
   }
   EXPECT_EQ(rx.free_slots(), 0u);
   EXPECT_EQ(rx.tail(), 7u);
   EXPECT_EQ(rx_at(3).address, 0x10000u + 3 * 4096);
   EXPECT_EQ(rx_at(3).status, 0);
}

TEST_F(RingTest, ReceiveCompletionsComeBackInOrderOnceWrittenBack) {
   RxRing rx(ring(8));
   rx.post(0x10000, 41);
   rx.post(0x11000, 42);
   EXPECT_FALSE(rx.take()) << "nothing is done before the device writes DD";
   rx_at(0).length = 4096;
   rx_at(0).status = reg::kRxStatusDd;
   rx_at(1).length = 822;
   rx_at(1).status = reg::kRxStatusDd | reg::kRxStatusEop;
   auto first = rx.take();
   ASSERT_TRUE(first);
   EXPECT_EQ(first->cookie, 41u);
   EXPECT_EQ(first->length, 4096);
   EXPECT_FALSE(first->end_of_packet);
   auto second = rx.take();
   ASSERT_TRUE(second);
   EXPECT_EQ(second->cookie, 42u);
   EXPECT_EQ(second->length, 822);
   EXPECT_TRUE(second->end_of_packet);
   EXPECT_EQ(rx.posted(), 0u);
   EXPECT_EQ(rx_at(0).status, 0) << "a taken descriptor is cleared for reuse";
}

TEST_F(RingTest, ReceiveRingWrapsAround) {
   RxRing rx(ring(8));
   for (std::uint64_t round = 0; round < 20; ++round) {
      rx.post(0x10000 + round * 4096, round);
      const std::uint32_t index = static_cast<std::uint32_t>(round % 8);
      EXPECT_EQ(rx.tail(), (index + 1) % 8);
      rx_at(index).status = reg::kRxStatusDd | reg::kRxStatusEop;
      auto completion = rx.take();
      ASSERT_TRUE(completion);
      EXPECT_EQ(completion->cookie, round);
   }
}

TEST_F(RingTest, ShutdownReturnsThePostedBuffersOldestFirst) {
   RxRing rx(ring(8));
   rx.post(0x10000, 7);
   rx.post(0x11000, 8);
   rx_at(0).status = reg::kRxStatusDd | reg::kRxStatusEop;
   ASSERT_TRUE(rx.take());
   rx.post(0x12000, 9);
   EXPECT_EQ(rx.take_all_posted(), (std::vector<std::uint64_t>{8, 9}));
   EXPECT_EQ(rx.posted(), 0u);
}

TEST_F(RingTest, TransmitDescriptorsCarryEopOnlyOnTheLastOfAFrame) {
   TxRing tx(ring(8));
   tx.queue(0x20000, 4096, false, 1);
   tx.queue(0x21000, 4096, false, 2);
   tx.queue(0x22000, 822, true, 3);
   EXPECT_EQ(tx.in_flight(), 3u);
   EXPECT_EQ(tx.tail(), 3u);
   EXPECT_EQ(tx_at(0).command & reg::kTxCommandEop, 0);
   EXPECT_EQ(tx_at(2).command & reg::kTxCommandEop, reg::kTxCommandEop);
   EXPECT_NE(tx_at(1).command & reg::kTxCommandRs, 0) << "every descriptor reports its status";
   EXPECT_EQ(tx_at(2).length, 822);
   EXPECT_FALSE(tx.take_sent());
   tx_at(0).status = reg::kTxStatusDd;
   EXPECT_EQ(tx.take_sent(), 1u);
   EXPECT_FALSE(tx.take_sent()) << "the second descriptor is not sent yet";
}

} // namespace
} // namespace memfrag::nic
