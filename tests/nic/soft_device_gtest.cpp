// The software 82574L driven by the driver core, on real memory: bring-up, MAC loopback with
// the descriptor split of a jumbo frame, drops for want of descriptors, the model's IOMMU, and
// the device without one.
#include "core/nic/e1000e_driver.hpp"
#include "core/nic/e1000e_registers.hpp"
#include "core/nic/loopback_frame.hpp"
#include "core/nic/soft_device.hpp"
#include "core/platform/region_memory.hpp"

#include <cstring>
#include <gtest/gtest.h>
#include <stdexcept>
#include <vector>

namespace memfrag::nic {
namespace {

namespace reg = e1000e;

constexpr std::uint64_t kFrames = 64;
constexpr std::uint64_t kRxRingFrame = 0, kTxRingFrame = 1, kTxBufferFrame = 2;
constexpr std::uint64_t kRxBufferFrame = 16; // receive buffers from here on
constexpr MacAddress kStation = {0x52, 0x54, 0x00, 0x12, 0x34, 0x56};

class SoftNicTest : public testing::Test {
 protected:
   explicit SoftNicTest(bool iommu = true)
       : device_({iommu, {memory_.base(), kFrames * platform::kFrameSize}}) {}

   std::byte *frame(std::uint64_t index) { return memory_.frame_address(index); }
   std::uint64_t map(std::uint64_t first, std::uint64_t count) {
      return device_.map_dma(frame(first), count * platform::kFrameSize);
   }

   E1000eDriver &bring_up(std::uint32_t buffer_bytes, bool long_packets = true) {
      driver_.emplace(device_, RingMemory{frame(kRxRingFrame), map(kRxRingFrame, 1), 32},
                      RingMemory{frame(kTxRingFrame), map(kTxRingFrame, 1), 32});
      tx_buffers_iova_ = map(kTxBufferFrame, 8);
      driver_->bring_up({buffer_bytes, long_packets, true, kStation});
      return *driver_;
   }

   // Posts receive buffers of `frames_each` frames; the cookie is the buffer's first frame.
   void post_buffers(std::uint32_t count, std::uint64_t frames_each) {
      for (std::uint32_t index = 0; index < count; ++index) {
         const std::uint64_t first = kRxBufferFrame + index * frames_each;
         driver_->rx().post(map(first, frames_each), first);
      }
      driver_->publish_rx();
   }

   // Sends frame `sequence` of `length` bytes from the transmit buffers, 4 KiB a descriptor.
   void send(std::uint64_t sequence, std::uint32_t length) {
      std::vector<std::byte> bytes(length);
      write_loopback_frame(bytes, sequence, kStation);
      for (std::uint32_t offset = 0; offset < length; offset += platform::kFrameSize) {
         const std::uint32_t piece = std::min<std::uint32_t>(platform::kFrameSize, length - offset);
         std::memcpy(frame(kTxBufferFrame) + offset, bytes.data() + offset, piece);
         driver_->tx().queue(tx_buffers_iova_ + offset, static_cast<std::uint16_t>(piece),
                             offset + piece == length, offset);
      }
      driver_->publish_tx();
   }

   std::vector<RxCompletion> received() {
      std::vector<RxCompletion> completions;
      while (auto completion = driver_->rx().take()) {
         completions.push_back(*completion);
      }
      return completions;
   }

   bool intact(const std::vector<RxCompletion> &pieces) {
      LoopbackFrameCheck check(kStation);
      check.begin();
      for (const auto &piece : pieces) {
         check.feed({frame(piece.cookie), piece.length});
      }
      return check.intact();
   }

   platform::RegionMemory memory_{kFrames};
   SoftDevice device_;
   std::optional<E1000eDriver> driver_;
   std::uint64_t tx_buffers_iova_ = 0;
};

class SoftNicWithoutIommuTest : public SoftNicTest {
 protected:
   SoftNicWithoutIommuTest() : SoftNicTest(false) {}
};

TEST_F(SoftNicTest, BringUpProgramsTheReceiverAsAsked) {
   bring_up(16384);
   const std::uint32_t rctl = device_.read32(reg::kRctl);
   EXPECT_NE(rctl & reg::kRctlEn, 0u);
   EXPECT_NE(rctl & reg::kRctlLpe, 0u);
   EXPECT_NE(rctl & reg::kRctlLbmMac, 0u);
   EXPECT_NE(rctl & reg::kRctlBsex, 0u);
   EXPECT_EQ(reg::rctl_buffer_bytes(rctl), 16384u);
   EXPECT_EQ(device_.read32(reg::kRdlen), 32u * 16);
   EXPECT_NE(device_.read32(reg::kStatus) & reg::kStatusLu, 0u) << "link up after CTRL.SLU";
   EXPECT_EQ(device_.read32(reg::kRah0), 0x5634u | reg::kRahAv);
}

TEST_F(SoftNicTest, BufferSizesTheRctlFieldCannotExpressAreRefused) {
   EXPECT_THROW(bring_up(3000), std::runtime_error);
}

TEST_F(SoftNicTest, JumboFrameIsSplitAcrossFourKibBuffersWithEopOnTheLast) {
   bring_up(4096);
   post_buffers(8, 1);
   send(7, 9014);
   const auto pieces = received();
   ASSERT_EQ(pieces.size(), 3u);
   EXPECT_EQ(pieces[0].length, 4096);
   EXPECT_EQ(pieces[1].length, 4096);
   EXPECT_EQ(pieces[2].length, 822);
   EXPECT_FALSE(pieces[0].end_of_packet);
   EXPECT_FALSE(pieces[1].end_of_packet);
   EXPECT_TRUE(pieces[2].end_of_packet);
   EXPECT_TRUE(intact(pieces));
   const DeviceCounters &counters = driver_->update_counters();
   EXPECT_EQ(counters.good_packets_received, 1u);
   EXPECT_EQ(counters.good_packets_transmitted, 1u);
   EXPECT_EQ(counters.receive_no_buffers, 0u);
   EXPECT_EQ(driver_->tx().take_sent(), 0u) << "transmit descriptors come back with DD";
}

TEST_F(SoftNicTest, JumboFrameLandsInOneSixteenKibBuffer) {
   bring_up(16384);
   post_buffers(4, 4);
   send(1, 9014);
   const auto pieces = received();
   ASSERT_EQ(pieces.size(), 1u);
   EXPECT_EQ(pieces[0].length, 9014);
   EXPECT_TRUE(pieces[0].end_of_packet);
   EXPECT_TRUE(intact(pieces));
}

TEST_F(SoftNicTest, CorruptedPayloadFailsTheCheck) {
   bring_up(16384);
   post_buffers(1, 4);
   send(1, 9014);
   const auto pieces = received();
   ASSERT_EQ(pieces.size(), 1u);
   frame(pieces[0].cookie)[5000] ^= std::byte{1};
   EXPECT_FALSE(intact(pieces));
}

TEST(LoopbackFrame, CheckCatchesDamageAnywhere) {
   std::vector<std::byte> frame(1514);
   write_loopback_frame(frame, 42, kStation);
   const auto verdict = [](const std::vector<std::byte> &bytes, std::size_t pieces) {
      LoopbackFrameCheck check(kStation);
      check.begin();
      const std::size_t piece = (bytes.size() + pieces - 1) / pieces;
      for (std::size_t offset = 0; offset < bytes.size(); offset += piece) {
         check.feed({bytes.data() + offset, std::min(piece, bytes.size() - offset)});
      }
      return std::pair{check.intact(), check.sequence()};
   };
   EXPECT_EQ(verdict(frame, 1), std::pair(true, std::uint64_t{42}));
   EXPECT_EQ(verdict(frame, 7), std::pair(true, std::uint64_t{42})) << "in pieces of any size";
   auto readdressed = frame;
   readdressed[3] ^= std::byte{0x10};
   EXPECT_FALSE(verdict(readdressed, 1).first);
   auto truncated = frame;
   truncated.resize(1000);
   EXPECT_FALSE(verdict(truncated, 1).first) << "shorter than the length it claims";
   auto flipped = frame;
   flipped[1513] ^= std::byte{0x80};
   EXPECT_FALSE(verdict(flipped, 3).first);
   std::vector<std::byte> other(1514);
   write_loopback_frame(other, 43, kStation);
   EXPECT_NE(std::memcmp(frame.data() + 26, other.data() + 26, 1488), 0)
       << "frames of different sequence numbers differ";
}

TEST_F(SoftNicTest, FrameWithoutEnoughDescriptorsIsDroppedAndCounted) {
   bring_up(4096);
   post_buffers(2, 1);
   send(1, 9014);
   EXPECT_TRUE(received().empty());
   EXPECT_EQ(driver_->rx().posted(), 2u) << "a dropped frame consumes no descriptor";
   EXPECT_EQ(driver_->update_counters().receive_no_buffers, 1u);
   send(2, 1514);
   const auto pieces = received();
   ASSERT_EQ(pieces.size(), 1u) << "a smaller frame still fits";
   EXPECT_TRUE(intact(pieces));
}

TEST_F(SoftNicTest, JumboFrameIsDroppedWithoutLongPackets) {
   bring_up(16384, false);
   post_buffers(2, 4);
   send(1, 9014);
   EXPECT_TRUE(received().empty());
   EXPECT_EQ(device_.oversize_frames(), 1u);
   send(2, 1514);
   EXPECT_EQ(received().size(), 1u);
}

TEST_F(SoftNicTest, WriteToAnUnmappedAddressIsBlockedAndCounted) {
   bring_up(4096);
   const std::uint64_t stale = map(kRxBufferFrame, 1);
   device_.unmap_dma(stale, platform::kFrameSize);
   std::memset(frame(kRxBufferFrame), 0xA5, platform::kFrameSize);
   driver_->rx().post(stale, kRxBufferFrame);
   driver_->publish_rx();
   send(3, 1514);
   const auto pieces = received();
   ASSERT_EQ(pieces.size(), 1u) << "the descriptor is still written back";
   EXPECT_EQ(device_.blocked_dma(), 1u);
   EXPECT_EQ(frame(kRxBufferFrame)[0], std::byte{0xA5}) << "the buffer was not written";
}

TEST_F(SoftNicTest, BufferSmallerThanTheConfiguredSizeCannotBeOverrun) {
   bring_up(8192);
   // A one-frame mapping given as an 8 KiB buffer: the second 4 KiB would land past it.
   driver_->rx().post(map(kRxBufferFrame, 1), kRxBufferFrame);
   driver_->publish_rx();
   send(4, 6000);
   ASSERT_EQ(received().size(), 1u);
   EXPECT_EQ(device_.blocked_dma(), 1u);
}

TEST_F(SoftNicTest, MappingsMustBeFrameAligned) {
   EXPECT_THROW(device_.map_dma(frame(1) + 8, platform::kFrameSize), std::invalid_argument);
   EXPECT_THROW(device_.map_dma(frame(1), 100), std::invalid_argument);
   EXPECT_THROW(device_.unmap_dma(0x1234000, platform::kFrameSize), std::invalid_argument);
}

TEST_F(SoftNicTest, ResetClearsTheRegisters) {
   bring_up(4096);
   device_.write32(reg::kCtrl, reg::kCtrlRst);
   EXPECT_EQ(device_.read32(reg::kCtrl) & reg::kCtrlRst, 0u) << "reset clears itself";
   EXPECT_EQ(device_.read32(reg::kRctl), 0u);
   EXPECT_EQ(device_.read32(reg::kRdlen), 0u);
   EXPECT_THROW(device_.read32(SoftDevice::kWindowBytes), std::out_of_range);
   EXPECT_THROW(device_.read32(2), std::out_of_range);
}

TEST_F(SoftNicTest, InterruptCauseIsRaisedOnReceiveWhenUnmasked) {
   bring_up(16384);
   post_buffers(1, 4);
   EXPECT_EQ(device_.wait_interrupt(std::chrono::microseconds(0)), 0u);
   device_.write32(reg::kIms, reg::kIntRxt0);
   send(1, 60);
   EXPECT_EQ(device_.wait_interrupt(std::chrono::microseconds(0)), 1u);
   EXPECT_NE(device_.read32(reg::kIcr) & reg::kIntRxt0, 0u);
   EXPECT_EQ(device_.wait_interrupt(std::chrono::microseconds(0)), 0u) << "ICR clears on read";
}

TEST_F(SoftNicTest, TheDriverUnmasksReceiveInterruptsAndAcknowledgesThem) {
   driver_.emplace(device_, RingMemory{frame(kRxRingFrame), map(kRxRingFrame, 1), 32},
                   RingMemory{frame(kTxRingFrame), map(kTxRingFrame, 1), 32});
   tx_buffers_iova_ = map(kTxBufferFrame, 8);
   driver_->bring_up({16384, true, true, kStation, true});
   EXPECT_EQ(device_.read32(reg::kIms) & reg::kIntRxt0, reg::kIntRxt0);
   post_buffers(2, 4);
   EXPECT_EQ(driver_->wait_interrupt(std::chrono::microseconds(0)), 0u);
   send(1, 60);
   EXPECT_EQ(driver_->wait_interrupt(std::chrono::microseconds(0)), 1u);
   EXPECT_EQ(driver_->wait_interrupt(std::chrono::microseconds(0)), 0u) << "acknowledged";
   send(2, 60);
   EXPECT_EQ(driver_->wait_interrupt(std::chrono::microseconds(0)), 1u) << "and raised again";
}

TEST_F(SoftNicTest, WritingAnInterruptCauseClearsIt) {
   bring_up(16384);
   post_buffers(1, 4);
   device_.write32(reg::kIms, reg::kIntRxt0);
   send(1, 60);
   device_.write32(reg::kIcr, reg::kIntRxt0);
   EXPECT_EQ(device_.read32(reg::kIcr) & reg::kIntRxt0, 0u);
}

TEST_F(SoftNicWithoutIommuTest, AddressesArePhysicalAndUnmappingProtectsNothing) {
   bring_up(4096);
   EXPECT_EQ(device_.required_contiguity(), Contiguity::physical);
   const std::uint64_t address = map(kRxBufferFrame, 1);
   EXPECT_EQ(address, kSoftPhysicalBase + kRxBufferFrame * platform::kFrameSize);
   device_.unmap_dma(address, platform::kFrameSize);
   driver_->rx().post(address, kRxBufferFrame);
   driver_->publish_rx();
   send(5, 1514);
   const auto pieces = received();
   ASSERT_EQ(pieces.size(), 1u);
   EXPECT_TRUE(intact(pieces)) << "without an IOMMU the write lands anyway";
   EXPECT_EQ(device_.blocked_dma(), 0u);
}

TEST_F(SoftNicWithoutIommuTest, OnlyRegionMemoryHasPhysicalAddresses) {
   std::vector<std::byte> elsewhere(2 * platform::kFrameSize);
   EXPECT_THROW(device_.map_dma(elsewhere.data(), platform::kFrameSize), std::runtime_error);
}

} // namespace
} // namespace memfrag::nic
