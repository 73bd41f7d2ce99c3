#include "core/plugin/shadow_map.hpp"

#include <array>
#include <atomic>
#include <barrier>
#include <gtest/gtest.h>
#include <thread>
#include <vector>

namespace memfrag::plugin {
namespace {

TEST(ShadowMap, StartsAllFreeWithTailBitsMarkedAllocated) {
   ShadowMap shadow(70);
   EXPECT_EQ(shadow.free_frames(), 70u);
   EXPECT_EQ(shadow.live_blocks(), 0u);
   ASSERT_EQ(shadow.allocated_bits().size(), 2u);
   EXPECT_EQ(shadow.allocated_bits()[0], 0u);
   EXPECT_EQ(shadow.allocated_bits()[1], ~std::uint64_t{0} << 6);
}

TEST(ShadowMap, AcceptsAlignedBlocksInsideTheRegion) {
   ShadowMap shadow(1024);
   EXPECT_EQ(shadow.check_alloc(0, 10), ContractBreach::none);
   EXPECT_EQ(shadow.check_alloc(512, 9), ContractBreach::none);
   EXPECT_EQ(shadow.check_alloc(1023, 0), ContractBreach::none);
   EXPECT_EQ(shadow.check_alloc(96, 5), ContractBreach::none);
}

TEST(ShadowMap, RejectsBlocksOutsideTheRegion) {
   ShadowMap shadow(100);
   EXPECT_EQ(shadow.check_alloc(100, 0), ContractBreach::out_of_region);
   EXPECT_EQ(shadow.check_alloc(96, 3), ContractBreach::out_of_region);
   EXPECT_EQ(shadow.check_alloc(0, 7), ContractBreach::out_of_region);
   EXPECT_EQ(shadow.check_alloc(UINT64_MAX - 1, 0), ContractBreach::out_of_region);
   EXPECT_EQ(shadow.check_alloc(0, 70), ContractBreach::out_of_region);
}

TEST(ShadowMap, RejectsMisalignedBlocks) {
   ShadowMap shadow(1024);
   EXPECT_EQ(shadow.check_alloc(1, 1), ContractBreach::misaligned);
   EXPECT_EQ(shadow.check_alloc(64, 7), ContractBreach::misaligned);
}

TEST(ShadowMap, RejectsOverlapWithSmallAndLargeLiveBlocks) {
   ShadowMap shadow(1024);
   shadow.mark_allocated(5, 0);
   EXPECT_EQ(shadow.check_alloc(4, 1), ContractBreach::overlap);
   EXPECT_EQ(shadow.check_alloc(0, 3), ContractBreach::overlap);
   EXPECT_EQ(shadow.check_alloc(0, 9), ContractBreach::overlap);
   EXPECT_EQ(shadow.check_alloc(6, 1), ContractBreach::none);
   shadow.mark_allocated(512, 8);
   EXPECT_EQ(shadow.check_alloc(700, 0), ContractBreach::overlap);
   EXPECT_EQ(shadow.check_alloc(768, 8), ContractBreach::none);
   EXPECT_EQ(shadow.free_frames(), 1024u - 1 - 256);
   EXPECT_EQ(shadow.live_blocks(), 2u);
}

TEST(ShadowMap, ChecksFreesAgainstLiveBlocks) {
   ShadowMap shadow(256);
   shadow.mark_allocated(128, 6);
   EXPECT_EQ(shadow.check_free(128, 6), ContractBreach::none);
   EXPECT_EQ(shadow.check_free(128, 5), ContractBreach::wrong_order);
   EXPECT_EQ(shadow.check_free(129, 0), ContractBreach::not_allocated);
   EXPECT_EQ(shadow.check_free(300, 0), ContractBreach::out_of_region);
   shadow.mark_free(128, 6);
   EXPECT_EQ(shadow.check_free(128, 6), ContractBreach::not_allocated);
   EXPECT_EQ(shadow.free_frames(), 256u);
   EXPECT_EQ(shadow.check_alloc(128, 7), ContractBreach::none);
}

TEST(ShadowMap, ClaimsAndReleasesCheckAndRecordInOneStep) {
   for (std::uint32_t writers : {1u, 2u}) {
      ShadowMap shadow(1024, writers);
      EXPECT_EQ(shadow.claim(64, 6), ContractBreach::none);
      EXPECT_EQ(shadow.claim(96, 3, writers - 1), ContractBreach::overlap);
      EXPECT_EQ(shadow.claim(1, 1), ContractBreach::misaligned);
      EXPECT_EQ(shadow.claim(1024, 0), ContractBreach::out_of_region);
      EXPECT_EQ(shadow.free_frames(), 1024u - 64);
      EXPECT_EQ(shadow.release(64, 5), ContractBreach::wrong_order);
      EXPECT_EQ(shadow.release(65, 0), ContractBreach::not_allocated);
      EXPECT_EQ(shadow.release(64, 6, writers - 1), ContractBreach::none);
      EXPECT_EQ(shadow.release(64, 6), ContractBreach::not_allocated);
      EXPECT_EQ(shadow.free_frames(), 1024u);
      EXPECT_EQ(shadow.live_blocks(), 0u);
      EXPECT_EQ(shadow.allocated_bits()[1], 0u) << "a refused claim records nothing";
   }
}

TEST(ShadowMap, AFailedClaimOfSeveralWordsTakesEveryWordBack) {
   ShadowMap shadow(1024, 2);
   ASSERT_EQ(shadow.claim(200, 0), ContractBreach::none);
   EXPECT_EQ(shadow.claim(0, 8), ContractBreach::overlap);
   for (std::size_t word = 0; word < 4; ++word) {
      const std::uint64_t expected = word == 3 ? std::uint64_t{1} << (200 % 64) : 0;
      EXPECT_EQ(shadow.allocated_bits()[word], expected) << "word " << word;
   }
   EXPECT_EQ(shadow.claim(256, 8), ContractBreach::none);
}

TEST(ShadowMap, CountersOfEveryWriterAddUp) {
   ShadowMap shadow(256, 3);
   shadow.mark_allocated(0, 4, 0);
   shadow.mark_allocated(16, 2, 1);
   shadow.mark_free(0, 4, 2); // freed by another writer than the one that allocated it
   EXPECT_EQ(shadow.free_frames(), 256u - 4);
   EXPECT_EQ(shadow.live_blocks(), 1u);
   EXPECT_EQ(shadow.changes(), 3u);
}

TEST(ShadowMap, FindsTheLiveBlockCoveringAFrame) {
   ShadowMap shadow(1024);
   shadow.mark_allocated(512, 8);
   shadow.mark_allocated(3, 0);
   using Found = std::optional<std::pair<std::uint64_t, std::uint32_t>>;
   EXPECT_EQ(shadow.live_block_covering(700), Found({512, 8}));
   EXPECT_EQ(shadow.live_block_covering(512), Found({512, 8}));
   EXPECT_EQ(shadow.live_block_covering(3), Found({3, 0}));
   EXPECT_EQ(shadow.live_block_covering(2), std::nullopt);
   EXPECT_EQ(shadow.live_block_covering(0), std::nullopt);
   EXPECT_EQ(shadow.live_block_covering(800), std::nullopt);
   EXPECT_EQ(shadow.live_block_covering(5000), std::nullopt);
}

// Two threads claim overlapping blocks at the same moment, round after round: exactly one of
// them wins each round, whichever it is.
TEST(ShadowMap, OfTwoThreadsClaimingOverlappingBlocksExactlyOneWins) {
   constexpr int kRounds = 2000;
   ShadowMap shadow(4096, 2);
   std::barrier sync(2);
   std::array<std::vector<bool>, 2> won{std::vector<bool>(kRounds), std::vector<bool>(kRounds)};
   const auto contend = [&](std::uint32_t writer) {
      for (int round = 0; round < kRounds; ++round) {
         // Thread 0 claims order 7 at 128, thread 1 a single frame somewhere inside it.
         const std::uint64_t frame =
             writer == 0 ? 128 : 128 + static_cast<std::uint64_t>(round % 128);
         const std::uint32_t order = writer == 0 ? 7 : 0;
         sync.arrive_and_wait();
         won[writer][round] = shadow.claim(frame, order, writer) == ContractBreach::none;
         sync.arrive_and_wait();
         if (won[writer][round]) {
            EXPECT_EQ(shadow.release(frame, order, writer), ContractBreach::none);
         }
         sync.arrive_and_wait();
      }
   };
   std::thread other(contend, 1);
   contend(0);
   other.join();
   for (int round = 0; round < kRounds; ++round) {
      EXPECT_NE(won[0][round], won[1][round]) << "round " << round;
   }
   EXPECT_EQ(shadow.free_frames(), 4096u);
}

// Two threads free the same block at the same moment, round after round: exactly one free
// succeeds, the other finds the block not allocated, and the map ends with the block free.
TEST(ShadowMap, OfTwoThreadsReleasingOneBlockExactlyOneSucceeds) {
   constexpr int kRounds = 2000;
   ShadowMap shadow(4096, 2);
   std::barrier sync(2);
   std::array<std::vector<bool>, 2> freed{std::vector<bool>(kRounds), std::vector<bool>(kRounds)};
   const auto contend = [&](std::uint32_t writer) {
      for (int round = 0; round < kRounds; ++round) {
         // Small blocks share a bitmap word with other frames, order 7 spans two words.
         const std::uint32_t order = round % 2 == 0 ? 1 : 7;
         const std::uint64_t frame = order == 1 ? 2 * static_cast<std::uint64_t>(round % 64) : 256;
         if (writer == 0) {
            EXPECT_EQ(shadow.claim(frame, order, writer), ContractBreach::none);
         }
         sync.arrive_and_wait();
         const ContractBreach breach = shadow.release(frame, order, writer);
         freed[writer][round] = breach == ContractBreach::none;
         if (!freed[writer][round]) {
            EXPECT_EQ(breach, ContractBreach::not_allocated) << "round " << round;
         }
         sync.arrive_and_wait();
      }
   };
   std::thread other(contend, 1);
   contend(0);
   other.join();
   for (int round = 0; round < kRounds; ++round) {
      EXPECT_NE(freed[0][round], freed[1][round]) << "round " << round;
   }
   EXPECT_EQ(shadow.free_frames(), 4096u);
   EXPECT_EQ(shadow.live_blocks(), 0u);
   for (const std::uint64_t word : shadow.allocated_bits()) {
      EXPECT_EQ(word, 0u);
   }
}

TEST(ShadowMap, NamesEveryBreach) {
   EXPECT_STREQ(contract_breach_name(ContractBreach::overlap), "overlap");
   EXPECT_STREQ(contract_breach_name(ContractBreach::not_allocated), "not-allocated");
   EXPECT_STREQ(contract_breach_name(ContractBreach::wrong_order), "wrong-order");
   EXPECT_STREQ(contract_breach_name(ContractBreach::out_of_region), "out-of-region");
   EXPECT_STREQ(contract_breach_name(ContractBreach::misaligned), "misaligned");
}

} // namespace
} // namespace memfrag::plugin

namespace memfrag::plugin {
namespace {

TEST(ShadowMapRuns, AcceptsRunsAtAnyAlignmentAndCountsThem) {
   ShadowMap shadow(1000);
   EXPECT_EQ(shadow.check_alloc_run(3, 3), ContractBreach::none);
   EXPECT_EQ(shadow.claim_run(3, 3), ContractBreach::none);
   EXPECT_EQ(shadow.claim_run(61, 70), ContractBreach::none) << "across two bitmap words";
   EXPECT_EQ(shadow.free_frames(), 1000u - 73u);
   EXPECT_EQ(shadow.live_blocks(), 2u);
   EXPECT_EQ(shadow.live_runs(), 2u);
   EXPECT_EQ(shadow.run_frames_at(61), 70u);
   EXPECT_EQ(shadow.run_frames_at(62), std::nullopt);
}

TEST(ShadowMapRuns, RejectsRunsOutsideTheRegionOrOverlapping) {
   ShadowMap shadow(100);
   EXPECT_EQ(shadow.check_alloc_run(0, 0), ContractBreach::out_of_region);
   EXPECT_EQ(shadow.check_alloc_run(98, 3), ContractBreach::out_of_region);
   EXPECT_EQ(shadow.check_alloc_run(100, 1), ContractBreach::out_of_region);
   EXPECT_EQ(shadow.check_alloc_run(UINT64_MAX, 2), ContractBreach::out_of_region);
   shadow.mark_allocated(64, 2);
   EXPECT_EQ(shadow.claim_run(60, 5), ContractBreach::overlap) << "frame 64 is a block's";
   EXPECT_EQ(shadow.check_alloc(60, 2), ContractBreach::none) << "the failed claim took nothing";
   shadow.mark_run_allocated(10, 7);
   EXPECT_EQ(shadow.check_alloc(16, 0), ContractBreach::overlap);
   EXPECT_EQ(shadow.check_alloc_run(17, 5), ContractBreach::none);
}

TEST(ShadowMapRuns, FreesMustNameTheWholeRunWithItsLength) {
   for (std::uint32_t writers : {1u, 2u}) {
      ShadowMap shadow(256, writers);
      ASSERT_EQ(shadow.claim_run(5, 9), ContractBreach::none);
      ASSERT_EQ(shadow.claim(32, 3), ContractBreach::none);
      EXPECT_EQ(shadow.release_run(5, 8), ContractBreach::wrong_length);
      EXPECT_EQ(shadow.release_run(6, 8), ContractBreach::not_allocated);
      EXPECT_EQ(shadow.release_run(32, 8), ContractBreach::wrong_length) << "a block, not a run";
      EXPECT_EQ(shadow.release(5, 3), ContractBreach::wrong_order) << "a run, not a block";
      EXPECT_EQ(shadow.release_run(5, 9, writers - 1), ContractBreach::none);
      EXPECT_EQ(shadow.release_run(5, 9), ContractBreach::not_allocated);
      EXPECT_EQ(shadow.free_frames(), 256u - 8u);
      EXPECT_EQ(shadow.live_runs(), 0u);
   }
}

// The reverse map shows each frame of a run as a block of order 0 at that frame, and still
// finds blocks while runs make the heads unaligned.
TEST(ShadowMapRuns, FindsTheBlockOrRunCoveringAFrame) {
   using Found = std::optional<std::pair<std::uint64_t, std::uint32_t>>;
   ShadowMap shadow(1024);
   shadow.mark_allocated(0, 1);
   shadow.mark_run_allocated(3, 5);
   shadow.mark_allocated(8, 3);
   EXPECT_EQ(shadow.live_block_covering(5), Found({5, 0}));
   EXPECT_EQ(shadow.live_block_covering(3), Found({3, 0}));
   EXPECT_EQ(shadow.live_block_covering(1), Found({0, 1}));
   EXPECT_EQ(shadow.live_block_covering(2), std::nullopt);
   EXPECT_EQ(shadow.live_block_covering(15), Found({8, 3}));
   EXPECT_EQ(shadow.live_block_covering(16), std::nullopt);
}

} // namespace
} // namespace memfrag::plugin
