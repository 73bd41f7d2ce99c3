#include "core/plugin/shadow_map.hpp"

#include <gtest/gtest.h>

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

TEST(ShadowMap, NamesEveryBreach) {
   EXPECT_STREQ(contract_breach_name(ContractBreach::overlap), "overlap");
   EXPECT_STREQ(contract_breach_name(ContractBreach::not_allocated), "not-allocated");
   EXPECT_STREQ(contract_breach_name(ContractBreach::wrong_order), "wrong-order");
   EXPECT_STREQ(contract_breach_name(ContractBreach::out_of_region), "out-of-region");
   EXPECT_STREQ(contract_breach_name(ContractBreach::misaligned), "misaligned");
}

} // namespace
} // namespace memfrag::plugin
