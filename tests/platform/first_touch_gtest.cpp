// First-touch accounting on real regions: the first write of a frame of a fresh memory file
// faults it in (a minor fault per 4 KiB backing page, one per 2 MiB huge page), a second write
// does not, and a prefaulted region takes no faults at first touch.
#include "core/metrics/first_touch.hpp"
#include "core/platform/clock.hpp"
#include "core/platform/hugepage_reservation.hpp"
#include "core/platform/region_memory.hpp"

#include <cstring>
#include <gtest/gtest.h>
#include <optional>
#include <thread>
#include <unistd.h>

namespace memfrag::metrics {
namespace {

using platform::BackingKind;
using platform::BackingRequest;
using platform::RegionAccess;
using platform::RegionMemory;

constexpr std::uint64_t kFrames = 1024;

void write_frames(FirstTouchMeter &meter, RegionMemory &memory, std::uint64_t first,
                  std::uint64_t frames) {
   meter.touch(first, frames, [&] {
      std::memset(memory.frame_address(first), 0x5a, frames * platform::kFrameSize);
   });
}

TEST(FirstTouch, EachFreshFrameFaultsOnceAndIsCountedOnce) {
   RegionMemory memory(kFrames, RegionAccess::read_write, BackingRequest{});
   FirstTouchMeter meter(kFrames, platform::ns_per_tick());
   for (std::uint64_t frame = 0; frame < kFrames; frame += 8) {
      write_frames(meter, memory, frame, 8);
   }
   const results::FirstTouchCost first = meter.cost();
   EXPECT_EQ(first.frames, kFrames);
   EXPECT_GE(first.minor_faults, kFrames);
   EXPECT_EQ(first.major_faults, 0u);
   for (std::uint64_t frame = 0; frame < kFrames; frame += 8) {
      write_frames(meter, memory, frame, 8);
   }
   EXPECT_EQ(meter.cost().frames, first.frames);
   EXPECT_EQ(meter.cost().ns, first.ns);
   EXPECT_EQ(meter.cost().minor_faults, first.minor_faults);
}

TEST(FirstTouch, APartlyWrittenBlockCountsItsFreshFramesOnly) {
   RegionMemory memory(kFrames, RegionAccess::read_write, BackingRequest{});
   FirstTouchMeter meter(kFrames, platform::ns_per_tick());
   write_frames(meter, memory, 0, 2);
   write_frames(meter, memory, 0, 8);
   EXPECT_EQ(meter.cost().frames, 8u);
}

TEST(FirstTouch, BlocksAcrossBitmapWordsCountEachFrameOnce) {
   RegionMemory memory(kFrames, RegionAccess::read_write, BackingRequest{});
   FirstTouchMeter meter(kFrames, platform::ns_per_tick());
   write_frames(meter, memory, 60, 8);
   write_frames(meter, memory, 0, 256);
   EXPECT_EQ(meter.cost().frames, 256u);
   write_frames(meter, memory, 250, 100);
   EXPECT_EQ(meter.cost().frames, 350u);
}

TEST(FirstTouch, TwoThreadsWritingTheSameFramesCountEachFrameOnce) {
   RegionMemory memory(kFrames, RegionAccess::read_write, BackingRequest{});
   FirstTouchMeter meter(kFrames, platform::ns_per_tick());
   auto write_all = [&] {
      for (std::uint64_t frame = 0; frame < kFrames; frame += 4) {
         write_frames(meter, memory, frame, 4);
      }
   };
   std::thread other(write_all);
   write_all();
   other.join();
   EXPECT_EQ(meter.cost().frames, kFrames);
}

TEST(FirstTouch, APrefaultedRegionTakesNoFaultsAtFirstTouch) {
   BackingRequest request;
   request.prefault = true;
   RegionMemory memory(kFrames, RegionAccess::read_write, request);
   FirstTouchMeter meter(kFrames, platform::ns_per_tick());
   write_frames(meter, memory, 0, kFrames);
   EXPECT_EQ(meter.cost().frames, kFrames);
   EXPECT_LT(meter.cost().minor_faults, kFrames / 16);
}

TEST(FirstTouch, FramesPastTheRegionAreNeverFirstTouches) {
   RegionMemory memory(kFrames, RegionAccess::read_write, BackingRequest{});
   FirstTouchMeter meter(kFrames / 2, platform::ns_per_tick());
   write_frames(meter, memory, kFrames / 2, 4);
   EXPECT_EQ(meter.cost().frames, 0u);
}

TEST(FirstTouch, AHugePageFaultsOnceForAllItsFrames) {
#if defined(__SANITIZE_ADDRESS__)
   GTEST_SKIP() << "AddressSanitizer faults in a page of its shadow memory for every 8 frames "
                   "written, so the faults of the huge pages themselves cannot be counted apart";
#endif
   if (geteuid() != 0) {
      GTEST_SKIP() << "reserving 2 MiB huge pages needs root";
   }
   std::optional<platform::HugepageReservation> reservation;
   try {
      reservation.emplace(platform::HugepageAsk{kFrames / 512, std::uint64_t{2} << 20, {}});
   } catch (const std::exception &error) {
      GTEST_SKIP() << error.what();
   }
   BackingRequest request;
   request.kind = BackingKind::hugetlb_2m;
   RegionMemory memory(kFrames, RegionAccess::read_write, request);
   FirstTouchMeter meter(kFrames, platform::ns_per_tick());
   for (std::uint64_t frame = 0; frame < kFrames; ++frame) {
      write_frames(meter, memory, frame, 1);
   }
   EXPECT_EQ(meter.cost().frames, kFrames);
   EXPECT_GE(meter.cost().minor_faults, kFrames / 512);
   EXPECT_LT(meter.cost().minor_faults, kFrames / 16);
}

} // namespace
} // namespace memfrag::metrics
