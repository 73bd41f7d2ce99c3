// NUMA binding for real on node 0 (every Linux machine has it): a bound region's backing pages
// are all found on node 0, the kernel holds the MPOL_BIND policy for it, and a node that does not
// exist is reported rather than thrown. Hugetlb backing when 2 MiB huge pages can be reserved.
#include "core/platform/hugepage_reservation.hpp"
#include "core/platform/numa_memory.hpp"
#include "core/platform/region_memory.hpp"

#include <fstream>
#include <gtest/gtest.h>
#include <numaif.h>
#include <unistd.h>

namespace memfrag::platform {
namespace {

constexpr std::uint64_t kFrames = 1024; // 4 MiB: two 2 MiB huge pages

BackingRequest prefaulted(BackingKind kind) {
   BackingRequest request;
   request.kind = kind;
   request.prefault = true;
   return request;
}

// The policy the kernel holds for the page at `address`.
int policy_at(void *address, unsigned long &nodes) {
   int mode = -1;
   nodes = 0;
   EXPECT_EQ(get_mempolicy(&mode, &nodes, sizeof nodes * 8, address, MPOL_F_ADDR), 0);
   return mode;
}

TEST(NumaBinding, BoundRegionIsOnNodeZero) {
   RegionMemory memory(kFrames, RegionAccess::read_write, prefaulted(BackingKind::base_4k), 0u);
   EXPECT_EQ(memory.node_asked(), 0u);
   ASSERT_FALSE(memory.bind_failure()) << *memory.bind_failure();
   unsigned long nodes = 0;
   EXPECT_EQ(policy_at(memory.base(), nodes), MPOL_BIND);
   EXPECT_EQ(nodes, 1UL);
   const NodeCounts counts = memory.backing_page_nodes();
   ASSERT_FALSE(counts.failure) << *counts.failure;
   EXPECT_EQ(counts.not_present, 0u);
   ASSERT_EQ(counts.pages_by_node.size(), 1u);
   EXPECT_EQ(counts.pages_by_node.at(0), kFrames);
}

TEST(NumaBinding, PagesNotFaultedInAreCountedApart) {
   RegionMemory memory(kFrames, RegionAccess::read_write, BackingRequest{}, 0u);
   for (std::uint64_t frame = 0; frame < kFrames; frame += 4) {
      *memory.frame_address(frame) = std::byte{1};
   }
   const NodeCounts counts = memory.backing_page_nodes();
   ASSERT_FALSE(counts.failure) << *counts.failure;
   EXPECT_EQ(counts.pages_by_node.at(0), kFrames / 4);
   EXPECT_EQ(counts.not_present, kFrames - kFrames / 4);
}

TEST(NumaBinding, UnboundRegionIsCountedToo) {
   RegionMemory memory(kFrames, RegionAccess::read_write, prefaulted(BackingKind::base_4k));
   EXPECT_FALSE(memory.node_asked());
   EXPECT_FALSE(memory.bind_failure());
   std::uint64_t present = 0;
   for (const auto &[node, pages] : memory.backing_page_nodes().pages_by_node) {
      present += pages;
   }
   EXPECT_EQ(present, kFrames);
}

TEST(NumaBinding, ANodeThatDoesNotExistIsReportedAndTheRegionStillWorks) {
   RegionMemory memory(kFrames, RegionAccess::read_write, prefaulted(BackingKind::base_4k), 200u);
   ASSERT_TRUE(memory.bind_failure());
   EXPECT_NE(memory.bind_failure()->find("cannot bind the region to NUMA node 200"),
             std::string::npos)
       << *memory.bind_failure();
   *memory.frame_address(kFrames - 1) = std::byte{7};
   EXPECT_EQ(*memory.frame_address(kFrames - 1), std::byte{7});
}

TEST(NumaBinding, HugetlbRegionIsBoundBeforeItsPagesAreFaulted) {
   if (geteuid() != 0) {
      GTEST_SKIP() << "reserving 2 MiB huge pages needs root";
   }
   std::optional<HugepageReservation> reservation;
   try {
      reservation.emplace(HugepageAsk{2, std::uint64_t{2} << 20, 0u});
   } catch (const std::exception &error) {
      GTEST_SKIP() << error.what();
   }
   RegionMemory memory(kFrames, RegionAccess::read_write, prefaulted(BackingKind::hugetlb_2m), 0u);
   ASSERT_FALSE(memory.bind_failure()) << *memory.bind_failure();
   unsigned long nodes = 0;
   EXPECT_EQ(policy_at(memory.base(), nodes), MPOL_BIND);
   const NodeCounts counts = memory.backing_page_nodes();
   ASSERT_FALSE(counts.failure) << *counts.failure;
   EXPECT_EQ(counts.pages_by_node.at(0), 2u);
   EXPECT_EQ(counts.not_present, 0u);
}

TEST(NumaBinding, NodeOfEachCpuIsKnown) {
   for (unsigned cpu = 0; cpu < static_cast<unsigned>(sysconf(_SC_NPROCESSORS_ONLN)); ++cpu) {
      EXPECT_TRUE(node_of_cpu(cpu).has_value()) << cpu;
   }
}

} // namespace
} // namespace memfrag::platform
