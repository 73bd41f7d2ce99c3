// Replay: traced blocks mapped to the plugin's blocks, frees of unseen blocks, seeding, CPU
// split, and the traced kernel's layout beside the plugin's. Driven through a tiny in-test
// allocator, not a real plugin.
#include "core/workload/lanes.hpp"
#include "core/workload/trace/replay_driver.hpp"
#include "core/workload/trace/trace_workload.hpp"
#include "memfrag/allocator.h"
#include "trace_test_support.hpp"

#include <gtest/gtest.h>
#include <map>
#include <unordered_map>

namespace memfrag::workload::trace {
namespace {

// First fit over aligned positions; frames are handed out from the top of the region so that
// they never coincide with the traced frame numbers by accident.
class FakeAllocator {
 public:
   explicit FakeAllocator(std::uint64_t frames) : used_(frames, false) {}

   std::uint64_t alloc(std::uint32_t order) {
      const std::uint64_t size = std::uint64_t{1} << order;
      if (size > used_.size())
         return MEMFRAG_NO_FRAME;
      for (std::uint64_t start = (used_.size() / size - 1) * size;; start -= size) {
         if (is_free(start, size)) {
            mark(start, size, true);
            live_[start] = order;
            return start;
         }
         if (start == 0)
            return MEMFRAG_NO_FRAME;
      }
   }

   void free(std::uint64_t frame, std::uint32_t order) {
      const auto found = live_.find(frame);
      ASSERT_NE(found, live_.end()) << "free of a frame never handed out: " << frame;
      ASSERT_EQ(found->second, order) << "free with another order at " << frame;
      mark(frame, std::uint64_t{1} << order, false);
      live_.erase(found);
   }

   std::size_t live_blocks() const { return live_.size(); }

 private:
   bool is_free(std::uint64_t start, std::uint64_t size) const {
      for (std::uint64_t frame = start; frame < start + size; ++frame)
         if (used_[frame])
            return false;
      return true;
   }
   void mark(std::uint64_t start, std::uint64_t size, bool used) {
      for (std::uint64_t frame = start; frame < start + size; ++frame)
         used_[frame] = used;
   }

   std::vector<bool> used_;
   std::map<std::uint64_t, std::uint32_t> live_;
};

// Hands out fresh aligned blocks and never reuses them: fast enough for whole captures.
class BumpAllocator {
 public:
   explicit BumpAllocator(std::uint64_t /*frames*/) {}
   std::uint64_t alloc(std::uint32_t order) {
      const std::uint64_t size = std::uint64_t{1} << order;
      next_ = (next_ + size - 1) / size * size;
      live_[next_] = order;
      next_ += size;
      return next_ - size;
   }
   void free(std::uint64_t frame, std::uint32_t order) {
      const auto found = live_.find(frame);
      ASSERT_NE(found, live_.end()) << "free of a frame never handed out: " << frame;
      ASSERT_EQ(found->second, order);
      live_.erase(found);
   }
   std::size_t live_blocks() const { return live_.size(); }

 private:
   std::uint64_t next_ = 0;
   std::unordered_map<std::uint64_t, std::uint32_t> live_;
};

struct Replayed {
   std::vector<Op> ops;
   std::size_t live_at_end = 0;
   results::RunCounts counts;
};

template <typename Allocator = FakeAllocator>
Replayed replay(Driver &driver, std::uint64_t frames) {
   Allocator allocator(frames);
   Replayed replayed;
   Op op;
   while (driver.next(op)) {
      if (op.kind == Op::Kind::alloc)
         driver.allocated(op, allocator.alloc(op.order));
      else
         allocator.free(op.block, op.order);
      replayed.ops.push_back(op);
   }
   replayed.live_at_end = allocator.live_blocks();
   driver.report(replayed.counts);
   return replayed;
}

double figure(const results::RunCounts &counts, const std::string &name) {
   for (const auto &[key, value] : counts.workload_figures)
      if (key == name)
         return value;
   ADD_FAILURE() << "no figure " << name;
   return -1;
}

TraceEvent event(EventKind kind, std::uint64_t pfn, std::uint8_t order, std::uint16_t cpu = 0) {
   TraceEvent traced;
   traced.kind = kind;
   traced.pfn = pfn;
   traced.order = order;
   traced.cpu = cpu;
   return traced;
}

LoadedTrace in_memory(std::vector<TraceEvent> events) {
   auto storage = std::make_shared<std::vector<TraceEvent>>(std::move(events));
   LoadedTrace trace;
   trace.events = *storage;
   trace.storage = storage;
   return trace;
}

std::unique_ptr<Replay> lanes_for(std::vector<TraceEvent> events, ReplayOptions options = {},
                                  std::uint32_t lanes = 1) {
   LoadedTrace trace = in_memory(std::move(events));
   ReplayPlan plan = plan_replay(trace.events, options.seed_unseen);
   return std::make_unique<Replay>(std::move(trace), std::move(plan), options, lanes);
}

std::unique_ptr<Driver> driver_for(std::vector<TraceEvent> events, ReplayOptions options = {}) {
   return std::make_unique<LaneDriver>(lanes_for(std::move(events), options));
}

TEST(TraceReplay, MapsTracedBlocksToThePluginsBlocks) {
   auto driver = driver_for({event(EventKind::alloc, 0x1000, 0), event(EventKind::alloc, 0x2000, 2),
                             event(EventKind::free, 0x1000, 0), event(EventKind::free, 0x2000, 2)});
   const Replayed replayed = replay(*driver, 64);
   ASSERT_EQ(replayed.ops.size(), 4U);
   EXPECT_EQ(replayed.ops[2].kind, Op::Kind::free);
   EXPECT_EQ(replayed.ops[2].block, 63U);
   EXPECT_EQ(replayed.ops[3].block, 56U);
   EXPECT_EQ(replayed.ops[3].order, 2U);
   EXPECT_EQ(replayed.live_at_end, 0U);
}

TEST(TraceReplay, FreesOfUnseenBlocksAreCountedAndSkipped) {
   auto driver = driver_for({event(EventKind::free, 0x500, 0), event(EventKind::alloc, 0x10, 1),
                             event(EventKind::free, 0x777, 3), event(EventKind::free, 0x10, 1)});
   const Replayed replayed = replay(*driver, 64);
   EXPECT_EQ(replayed.ops.size(), 2U);
   EXPECT_EQ(figure(replayed.counts, "trace_unseen_frees_skipped"), 2);
}

TEST(TraceReplay, SeedingMakesUnseenBlocksLiveAtTheStart) {
   ReplayOptions options;
   options.seed_unseen = true;
   auto driver = driver_for({event(EventKind::free, 0x500, 0), event(EventKind::alloc, 0x10, 1),
                             event(EventKind::free, 0x778, 3), event(EventKind::free, 0x10, 1)},
                            options);
   const Replayed replayed = replay(*driver, 64);
   ASSERT_EQ(replayed.ops.size(), 6U);
   EXPECT_EQ(replayed.ops[0].kind, Op::Kind::alloc);
   EXPECT_EQ(replayed.ops[1].kind, Op::Kind::alloc);
   EXPECT_EQ(replayed.ops[1].order, 3U);
   EXPECT_EQ(replayed.ops[2].kind, Op::Kind::free);
   EXPECT_EQ(replayed.ops[2].block, 63U);
   EXPECT_EQ(figure(replayed.counts, "trace_seeded_blocks"), 2);
   EXPECT_EQ(figure(replayed.counts, "trace_unseen_frees_skipped"), 0);
   EXPECT_EQ(replayed.live_at_end, 0U);
}

TEST(TraceReplay, SplitsEventsByCpuModuloTheCpuCount) {
   ReplayOptions options;
   options.cpus = 2;
   auto driver = driver_for({event(EventKind::alloc, 1, 0, 0), event(EventKind::alloc, 2, 0, 1),
                             event(EventKind::alloc, 3, 0, 2), event(EventKind::alloc, 4, 0, 3)},
                            options);
   const Replayed replayed = replay(*driver, 64);
   ASSERT_EQ(replayed.ops.size(), 4U);
   EXPECT_EQ(replayed.ops[0].cpu, 0U);
   EXPECT_EQ(replayed.ops[1].cpu, 1U);
   EXPECT_EQ(replayed.ops[2].cpu, 0U);
   EXPECT_EQ(replayed.ops[3].cpu, 1U);
   auto single = driver_for({event(EventKind::alloc, 1, 0, 3)});
   EXPECT_EQ(replay(*single, 64).ops[0].cpu, 0U);
}

TEST(TraceReplay, SplitBlocksAreFreedWhenTheirLastPartIs) {
   auto driver = driver_for({event(EventKind::alloc, 0x100, 2), event(EventKind::free, 0x101, 0),
                             event(EventKind::free, 0x100, 0), event(EventKind::free, 0x102, 1)});
   const Replayed replayed = replay(*driver, 64);
   ASSERT_EQ(replayed.ops.size(), 2U);
   EXPECT_EQ(replayed.ops[1].kind, Op::Kind::free);
   EXPECT_EQ(replayed.ops[1].order, 2U);
   EXPECT_EQ(figure(replayed.counts, "trace_split_frees"), 3);
}

TEST(TraceReplay, StaleBlocksAreFreedFirstAndFailuresAreNotFreed) {
   auto driver =
       driver_for({event(EventKind::alloc, 0x100, 0), event(EventKind::alloc, 0x100, 0),
                   event(EventKind::alloc, 0x200, 7), event(EventKind::free, 0x200, 7),
                   event(EventKind::alloc_failed, 0, 3), event(EventKind::extfrag, 5, 0)});
   const Replayed replayed = replay(*driver, 64); // order 7 cannot fit in 64 frames
   ASSERT_EQ(replayed.ops.size(), 4U);
   EXPECT_EQ(replayed.ops[1].kind, Op::Kind::free);
   EXPECT_EQ(figure(replayed.counts, "trace_stale_blocks_freed"), 1);
   EXPECT_EQ(figure(replayed.counts, "trace_frees_of_failed_allocs"), 1);
   EXPECT_EQ(figure(replayed.counts, "trace_kernel_failed_allocs"), 1);
   EXPECT_EQ(figure(replayed.counts, "trace_kernel_extfrag_fallbacks"), 1);
}

TEST(TraceReplay, TracksTheKernelLayoutFromItsSnapshot) {
   LoadedTrace trace = in_memory({event(EventKind::alloc, 8, 3), event(EventKind::free, 8, 3),
                                  event(EventKind::alloc, 0, 0)});
   trace.metadata.free_frames_start = FreeFrameSet(0, 16);
   trace.metadata.free_frames_start->set(0, 16, true);
   ReplayOptions options;
   options.max_order = 4;
   options.samples = 3;
   ReplayPlan plan = plan_replay(trace.events, false);
   LaneDriver driver(std::make_unique<Replay>(std::move(trace), std::move(plan), options));
   const Replayed replayed = replay(driver, 64);
   const auto &timeline = replayed.counts.reference_timeline;
   ASSERT_EQ(timeline.size(), 4U);
   EXPECT_EQ(timeline[0].nr_free, (std::vector<std::uint64_t>{0, 0, 0, 0, 1}));
   EXPECT_EQ(timeline[1].nr_free, (std::vector<std::uint64_t>{0, 0, 0, 1, 0}));
   EXPECT_EQ(timeline[1].op_index, 1U);
   EXPECT_EQ(timeline[3].nr_free, (std::vector<std::uint64_t>{1, 1, 1, 1, 0}));
   EXPECT_EQ(timeline[3].free_frames, 15U);
   EXPECT_EQ(timeline[3].unusable_index[4], 1000);
   EXPECT_EQ(figure(replayed.counts, "trace_kernel_layout_known"), 1);
}

TEST(TraceWorkload, SizesTheRegionFromThePeakAndAppliesOverrides) {
   test::TemporaryDirectory directory;
   test::write_file(directory.file("t.txt"),
                    "  a-1 [000] 1.0: mm_page_alloc: page=1 pfn=0x100 order=9 migratetype=1 "
                    "gfp_flags=GFP_HIGHUSER_MOVABLE\n"
                    "  a-1 [000] 1.1: mm_page_alloc: page=1 pfn=0x400 order=9 migratetype=1 "
                    "gfp_flags=GFP_HIGHUSER_MOVABLE\n"
                    "  a-1 [001] 1.2: mm_page_free: page=1 pfn=0x100 order=9\n"
                    "  a-1 [001] 1.3: mm_page_free: page=1 pfn=0x9999 order=0\n");
   const std::string path = directory.file("t.txt").string();
   const LoadedWorkload loaded = load_trace_workload(path, {});
   EXPECT_EQ(loaded.spec.resolved["kind"], "trace");
   EXPECT_EQ(loaded.spec.resolved["peak_live_frames"], 1024);
   EXPECT_EQ(loaded.spec.frames, 2048U); // 1024 * 1.25 rounded up to order-10 blocks
   EXPECT_EQ(loaded.spec.max_order, 10U);
   const LoadedWorkload seeded = load_trace_workload(
       path, {{"trace.seed_unseen", "true"}, {"trace.frames", "4096"}, {"trace.cpus", "2"}});
   EXPECT_EQ(seeded.spec.frames, 4096U);
   EXPECT_EQ(seeded.spec.cpus, 2U);
   EXPECT_EQ(seeded.spec.resolved["seeded_blocks"], 1);
   EXPECT_NE(seeded.sha256, loaded.sha256);
   auto driver = make_trace_driver(seeded);
   const Replayed replayed = replay(*driver, 4096);
   EXPECT_EQ(replayed.ops.size(), 5U);
   EXPECT_EQ(replayed.ops[2].cpu, 0U);
}

TEST(TraceWorkload, RejectsUnknownKeysWithASuggestion) {
   test::TemporaryDirectory directory;
   test::write_file(directory.file("t.txt"), "");
   try {
      load_trace_workload(directory.file("t.txt").string(), {{"trace.seed_unsen", "true"}});
      FAIL() << "no error";
   } catch (const WorkloadError &error) {
      EXPECT_NE(std::string(error.what()).find("trace.seed_unseen"), std::string::npos)
          << error.what();
   }
   EXPECT_THROW(load_trace_workload(directory.file("t.txt").string(), {{"trace.time", "slow"}}),
                WorkloadError);
   EXPECT_THROW(load_trace_workload(directory.file("missing").string(), {}), WorkloadError);
}

TEST(TraceWorkload, TraceReferencesLoadAndDriveThroughTheWorkloadLayer) {
   const std::string path = memfrag::test::sample_path("xz.perfscript.txt.zst");
   if (path.empty())
      GTEST_SKIP() << "sample captures not found at " << MEMFRAG_TRACE_SAMPLES;
   const LoadedWorkload loaded = memfrag::workload::load_workload("trace:" + path, {});
   EXPECT_EQ(loaded.spec.resolved["kind"], "trace");
   auto driver = memfrag::workload::make_driver(loaded, 1);
   Op op;
   ASSERT_TRUE(driver->next(op));
}

TEST(TraceWorkload, ReplaysTheSampleCapture) {
   const std::string path = test::sample_path("find-python.ftrace.txt.zst");
   if (path.empty())
      GTEST_SKIP() << "sample captures not found at " << MEMFRAG_TRACE_SAMPLES;
   const LoadedWorkload loaded = load_trace_workload(path, {});
   auto driver = make_trace_driver(loaded);
   const Replayed replayed = replay<BumpAllocator>(*driver, loaded.spec.frames);
   EXPECT_GT(replayed.ops.size(), 100000U);
   EXPECT_GT(figure(replayed.counts, "trace_unseen_frees_skipped"), 0);
   EXPECT_EQ(figure(replayed.counts, "trace_kernel_layout_known"), 0);
   EXPECT_TRUE(replayed.counts.reference_timeline.empty());
}

} // namespace
} // namespace memfrag::workload::trace
