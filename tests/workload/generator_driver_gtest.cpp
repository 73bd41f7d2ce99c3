// The generator driver: determinism, exact ops per phase, the occupancy band, lifetime
// policies, request flags, and failed allocations.
#include "tests/workload/workload_test_support.hpp"

#include <algorithm>
#include <deque>
#include <gtest/gtest.h>
#include <map>
#include <memfrag/allocator.h>

namespace memfrag::workload::testing {
namespace {

// Stands in for an allocator that always succeeds: hands out fresh frames, never reuses them,
// and keeps the live blocks in allocation order, as a test needs to check victims.
class EndlessRegion {
 public:
   std::uint64_t allocate(std::uint32_t order) {
      std::uint64_t frame = next_frame_;
      next_frame_ += std::uint64_t{1} << order;
      live_.push_back({frame, order});
      live_frames_ += std::uint64_t{1} << order;
      return frame;
   }

   // Removes the block and returns its position among the live blocks, oldest first.
   std::size_t release(std::uint64_t frame, std::uint32_t order) {
      auto found = std::find(live_.begin(), live_.end(), std::pair{frame, order});
      EXPECT_NE(found, live_.end()) << "freed a block that is not live: frame " << frame;
      auto position = static_cast<std::size_t>(found - live_.begin());
      if (found != live_.end()) {
         live_.erase(found);
         live_frames_ -= std::uint64_t{1} << order;
      }
      return position;
   }

   std::size_t live_blocks() const { return live_.size(); }
   std::uint64_t live_frames() const { return live_frames_; }

 private:
   std::uint64_t next_frame_ = 0;
   std::uint64_t live_frames_ = 0;
   std::deque<std::pair<std::uint64_t, std::uint32_t>> live_;
};

struct RecordedOp {
   Op op;
   std::size_t free_position = 0; // for frees: age rank of the victim, 0 = oldest
   std::size_t live_blocks_before = 0;
   std::uint64_t live_frames_after = 0;
};

// Runs the whole stream; `fails` decides which allocations (by alloc index) fail.
template <typename FailPredicate>
std::vector<RecordedOp> run(const LoadedWorkload &workload, std::uint64_t seed,
                            FailPredicate fails) {
   auto driver = make_driver(workload, seed);
   EndlessRegion region;
   std::vector<RecordedOp> ops;
   Op op;
   std::uint64_t alloc_index = 0;
   while (driver->next(op)) {
      RecordedOp recorded{op, 0, region.live_blocks(), 0};
      if (op.kind == Op::Kind::alloc) {
         bool failed = fails(alloc_index++);
         driver->allocated(op, failed ? MEMFRAG_NO_FRAME : region.allocate(op.order));
      } else {
         recorded.free_position = region.release(op.block, op.order);
      }
      recorded.live_frames_after = region.live_frames();
      ops.push_back(recorded);
   }
   return ops;
}

std::vector<RecordedOp> run(const LoadedWorkload &workload, std::uint64_t seed) {
   return run(workload, seed, [](std::uint64_t) { return false; });
}

bool same_op(const Op &a, const Op &b) {
   return a.kind == b.kind && a.order == b.order && a.flags == b.flags && a.cpu == b.cpu &&
          a.phase == b.phase && a.block == b.block && a.touch == b.touch;
}

bool same_stream(const std::vector<RecordedOp> &a, const std::vector<RecordedOp> &b) {
   return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                     [](const auto &x, const auto &y) { return same_op(x.op, y.op); });
}

const std::string kChurn = R"([workload]
frames = 4096
ops = 20000

[[phase]]
occupancy = [0.4, 0.6]
orders = { 0 = 5, 1 = 3, 2 = 2, 4 = 1 }
mobility = { unmovable = 1, reclaimable = 1, movable = 1 }
atomic = 0.1
virt_ok = 0.2
)";

std::string with_lifetime(const std::string &lifetime) {
   return kChurn + "lifetime = \"" + lifetime + "\"\n";
}

TEST(GeneratorDriver, SameSeedAndOutcomesGiveTheSameStream) {
   auto workload = load_text(kChurn);
   auto every_seventh_fails = [](std::uint64_t index) { return index % 7 == 3; };
   EXPECT_TRUE(
       same_stream(run(workload, 42, every_seventh_fails), run(workload, 42, every_seventh_fails)));
}

TEST(GeneratorDriver, DifferentSeedsOrOutcomesGiveDifferentStreams) {
   auto workload = load_text(kChurn);
   EXPECT_FALSE(same_stream(run(workload, 42), run(workload, 43)));
   EXPECT_FALSE(same_stream(run(workload, 42),
                            run(workload, 42, [](std::uint64_t index) { return index == 5; })));
}

TEST(GeneratorDriver, PinnedStreamForSeedOne) {
   // Guards against an accidental change of the PRNG or the sampling: results recorded with
   // one memfrag version must be reproducible with the next.
   auto ops = run(load_text(kChurn), 1);
   std::uint64_t checksum = 0;
   for (const auto &recorded : ops) {
      checksum = checksum * 31 + recorded.op.order * 7 + recorded.op.flags * 3 +
                 static_cast<std::uint64_t>(recorded.op.kind);
   }
   EXPECT_EQ(checksum, 2282299724727875726u);
}

TEST(GeneratorDriver, RunsExactlyTheOpsOfEachPhase) {
   auto workload = load_text(kChurn + "[[phase]]\noccupancy = [0, 0]\nshare = 3\n"
                                      "[[phase]]\noccupancy = [1, 1]\nshare = 0.5\n");
   auto ops = run(workload, 9);
   ASSERT_EQ(ops.size(), 20000u);
   EXPECT_EQ(make_driver(workload, 9)->expected_ops(), 20000u);
   std::map<std::uint32_t, std::uint64_t> per_phase;
   for (const auto &recorded : ops) {
      ++per_phase[recorded.op.phase];
   }
   auto phases = workload.spec.resolved["phases"];
   for (std::uint32_t phase = 0; phase < 3; ++phase) {
      EXPECT_EQ(per_phase[phase], phases[phase]["ops"].get<std::uint64_t>()) << phase;
   }
}

TEST(GeneratorDriver, KeepsLiveFramesInTheOccupancyBand) {
   auto ops = run(load_text(kChurn), 5);
   const std::uint64_t low = 1638, high = 2457, largest_block = 16;
   bool reached = false;
   for (const auto &recorded : ops) {
      reached = reached || recorded.live_frames_after >= low;
      if (reached) {
         ASSERT_GE(recorded.live_frames_after + largest_block, low);
         ASSERT_LE(recorded.live_frames_after, high + largest_block);
      }
   }
   EXPECT_TRUE(reached);
}

TEST(GeneratorDriver, AllocatesBelowAndFreesAboveTheBand) {
   auto ops = run(load_text(kChurn + "[[phase]]\noccupancy = [0.1, 0.1]\n"), 5);
   std::uint64_t live_before = 0;
   for (const auto &recorded : ops) {
      if (recorded.op.phase == 1 && live_before > 409) {
         ASSERT_EQ(recorded.op.kind, Op::Kind::free);
      }
      if (live_before < 1638 && recorded.op.phase == 0) {
         ASSERT_EQ(recorded.op.kind, Op::Kind::alloc);
      }
      live_before = recorded.live_frames_after;
   }
}

TEST(GeneratorDriver, FifoFreesTheOldestBlock) {
   auto ops = run(load_text(with_lifetime("fifo")), 3);
   std::size_t frees = 0;
   for (const auto &recorded : ops) {
      if (recorded.op.kind == Op::Kind::free) {
         ASSERT_EQ(recorded.free_position, 0u);
         ++frees;
      }
   }
   EXPECT_GT(frees, 1000u);
}

TEST(GeneratorDriver, LifoFreesTheNewestBlock) {
   auto ops = run(load_text(with_lifetime("lifo")), 3);
   std::size_t frees = 0;
   for (const auto &recorded : ops) {
      if (recorded.op.kind == Op::Kind::free) {
         ASSERT_EQ(recorded.free_position, recorded.live_blocks_before - 1);
         ++frees;
      }
   }
   EXPECT_GT(frees, 1000u);
}

TEST(GeneratorDriver, RandomFreesBlocksOfAnyAge) {
   auto ops = run(load_text(with_lifetime("random")), 3);
   std::size_t oldest = 0, newest = 0, middle = 0;
   for (const auto &recorded : ops) {
      if (recorded.op.kind != Op::Kind::free) {
         continue;
      }
      auto position = recorded.free_position;
      oldest += position == 0;
      newest += position + 1 == recorded.live_blocks_before;
      middle += position != 0 && position + 1 != recorded.live_blocks_before;
   }
   EXPECT_GT(middle, 10 * (oldest + newest));
}

TEST(GeneratorDriver, FailedAllocationsLeaveNothingLive) {
   auto ops = run(load_text(kChurn), 8, [](std::uint64_t) { return true; });
   for (const auto &recorded : ops) {
      ASSERT_EQ(recorded.op.kind, Op::Kind::alloc);
   }
}

TEST(GeneratorDriver, SetsFlagsTouchPhaseAndCpu) {
   auto workload = load_text(kMinimalWorkload + R"(atomic = 1
virt_ok = 1
mobility = { reclaimable = 1 }
touch = "whole"
[[phase]]
occupancy = [0.5, 0.7]
touch = "first-line"
)");
   for (const auto &recorded : run(workload, 2)) {
      const Op &op = recorded.op;
      EXPECT_EQ(op.cpu, 0u);
      if (op.kind == Op::Kind::free) {
         continue;
      }
      std::uint32_t expected_flags = op.phase == 0
                                         ? MEMFRAG_REQ_ATOMIC | MEMFRAG_REQ_VIRT_OK |
                                               MEMFRAG_REQ_MOBILITY(MEMFRAG_MOBILITY_RECLAIMABLE)
                                         : MEMFRAG_REQ_MOBILITY(MEMFRAG_MOBILITY_MOVABLE);
      ASSERT_EQ(op.flags, expected_flags);
      ASSERT_EQ(op.touch, op.phase == 0 ? Touch::whole : Touch::first_line);
   }
}

TEST(GeneratorDriver, DrawsOrdersAndSharesInProportion) {
   auto ops = run(load_text(kChurn), 11);
   std::map<std::uint32_t, double> orders;
   double allocs = 0, atomic = 0, virt_ok = 0;
   for (const auto &recorded : ops) {
      if (recorded.op.kind == Op::Kind::alloc) {
         ++allocs;
         ++orders[recorded.op.order];
         atomic += (recorded.op.flags & MEMFRAG_REQ_ATOMIC) != 0;
         virt_ok += (recorded.op.flags & MEMFRAG_REQ_VIRT_OK) != 0;
      }
   }
   EXPECT_EQ(orders.size(), 4u);
   EXPECT_NEAR(orders[0] / allocs, 5.0 / 11, 0.02);
   EXPECT_NEAR(orders[4] / allocs, 1.0 / 11, 0.02);
   EXPECT_NEAR(atomic / allocs, 0.1, 0.02);
   EXPECT_NEAR(virt_ok / allocs, 0.2, 0.02);
}

const std::string kBursts = kMinimalWorkload + R"(mobility = { reclaimable = 1 }
burst_every = 100
burst_size = 5
burst_order = 2
burst_atomic = true
)";

TEST(GeneratorDriver, BurstsAreConsecutiveRequestsOfTheirOwnKind) {
   auto ops = run(load_text(kBursts), 3);
   ASSERT_EQ(ops.size(), 1000u);
   const std::uint32_t burst_flags =
       MEMFRAG_REQ_ATOMIC | MEMFRAG_REQ_MOBILITY(MEMFRAG_MOBILITY_UNMOVABLE);
   for (std::size_t index = 0; index < ops.size(); ++index) {
      const Op &op = ops[index].op;
      const bool in_burst = (index + 1) % 100 < 5 && index + 1 >= 100;
      if (in_burst) {
         ASSERT_EQ(op.kind, Op::Kind::alloc) << "op " << index;
         EXPECT_EQ(op.order, 2u) << "op " << index;
         EXPECT_EQ(op.flags, burst_flags) << "op " << index;
      } else if (op.kind == Op::Kind::alloc) {
         EXPECT_EQ(op.flags, MEMFRAG_REQ_MOBILITY(MEMFRAG_MOBILITY_RECLAIMABLE)) << "op " << index;
      }
   }
}

TEST(GeneratorDriver, ReportsBurstRequestsAndFailures) {
   auto workload = load_text(kBursts);
   auto driver = make_driver(workload, 3);
   Op op;
   std::uint64_t next_frame = 0;
   while (driver->next(op)) {
      if (op.kind == Op::Kind::alloc) {
         const bool failed = (op.flags & MEMFRAG_REQ_ATOMIC) != 0 && next_frame % 2 == 0;
         driver->allocated(op, failed ? MEMFRAG_NO_FRAME : next_frame);
         next_frame += failed ? 1 : std::uint64_t{1} << op.order;
      }
   }
   results::RunCounts counts;
   driver->report(counts);
   std::map<std::string, double> figures(counts.workload_figures.begin(),
                                         counts.workload_figures.end());
   EXPECT_EQ(figures.at("phase_0_burst_requests"), 46.0)
       << "nine bursts of five, and one request of the tenth before the phase ends";
   EXPECT_GT(figures.at("phase_0_burst_failures"), 0.0);
   EXPECT_LT(figures.at("phase_0_burst_failures"), 46.0);
}

TEST(GeneratorDriver, BurstKeysAppearInTheResolvedSpecificationOnlyWhenSet) {
   EXPECT_FALSE(load_text(kChurn).spec.resolved["phases"][0].contains("burst_every"));
   const auto bursts = load_text(kBursts);
   const auto &phase = bursts.spec.resolved["phases"][0];
   EXPECT_EQ(phase["burst_every"], 100);
   EXPECT_EQ(phase["burst_size"], 5);
   EXPECT_EQ(phase["burst_order"], 2);
   EXPECT_EQ(phase["burst_atomic"], true);
   EXPECT_FALSE(phase.contains("burst_mobility")) << "unmovable is the default";
}

TEST(GeneratorDriver, ReportsNoFigures) {
   auto driver = make_driver(load_text(kChurn), 1);
   results::RunCounts counts;
   driver->report(counts);
   EXPECT_TRUE(counts.workload_figures.empty());
   EXPECT_TRUE(counts.reference_timeline.empty());
}

} // namespace
} // namespace memfrag::workload::testing

namespace memfrag::workload::testing {
namespace {

// Requests sized in bytes and frames ask for the smallest order holding them and carry their
// size; the band counts the frames they need (3 for 9000 bytes), not the 4 of their block.
TEST(GeneratorDriver, SizedRequestsCarryTheirBytesAndCountTheFramesTheyNeed) {
   const std::string sized = R"([workload]
frames = 3000
ops = 5000

[[phase]]
occupancy = [0.5, 0.5]
bytes = 9000
frames = { 5 = 1 }
)";
   std::map<std::uint64_t, std::uint64_t> sizes;
   std::uint64_t needed = 0, peak_needed = 0;
   std::map<std::uint64_t, std::uint64_t> needed_by_block;
   auto driver = make_driver(load_text(sized), 3);
   Op op;
   std::uint64_t next_handle = 0;
   while (driver->next(op)) {
      if (op.kind == Op::Kind::alloc) {
         ++sizes[op.bytes];
         EXPECT_EQ(op.order, op.bytes == 9000 ? 2u : 3u) << op.bytes;
         const std::uint64_t frames = (op.bytes + 4095) / 4096;
         needed += frames;
         needed_by_block[next_handle] = frames;
         driver->allocated(op, next_handle++);
      } else {
         needed -= needed_by_block.at(op.block);
         needed_by_block.erase(op.block);
      }
      peak_needed = std::max(peak_needed, needed);
   }
   EXPECT_EQ(sizes.size(), 2u);
   EXPECT_GT(sizes[9000], 1000u);
   EXPECT_GT(sizes[5 * 4096], 1000u);
   EXPECT_GE(peak_needed, 1500u);
   EXPECT_LE(peak_needed, 1500u + 5) << "the band holds the frames needed, not those rounded up";
}

} // namespace
} // namespace memfrag::workload::testing
