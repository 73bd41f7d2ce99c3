// The engine applies a run's placement in the calling process: worker 0 is the calling thread,
// pinned for the run and given its CPUs back afterwards, so an in-process caller (a benchmark,
// a notebook) can place its next run anywhere again.
#include "core/platform/thread_pinning.hpp"
#include "core/run/engine.hpp"
#include "core/run/prepare.hpp"

#include <gtest/gtest.h>
#include <thread>

namespace memfrag::run {
namespace {

TEST(EnginePlacement, TheCallingThreadIsPinnedForTheRunAndGivenItsCpusBack) {
   std::thread([] {
      const std::vector<unsigned> before = platform::calling_thread_cpus();
      ASSERT_FALSE(before.empty());
      const Preparation preparation =
          prepare({"buddy"}, {"mixed-70"}, {"workload.ops=20000", "workload.frames=4096"});
      const auto &chosen = preparation.plugins.front();
      Placement placement;
      placement.worker_cpus = {before.back()};
      const RunSpec spec{chosen.library.get(),
                         chosen.allocator,
                         chosen.params_per_workload.front(),
                         &preparation.workloads.front().loaded,
                         1,
                         true,
                         platform::BackingRequest{},
                         "4k",
                         placement,
                         false};
      Progress progress;
      const results::RunResult result = execute_run(spec, progress);
      ASSERT_EQ(result.status, results::RunStatus::ok) << result.message;
      ASSERT_TRUE(result.placement);
      ASSERT_EQ(result.placement->workers.size(), 1u);
      EXPECT_TRUE(result.placement->workers[0].pinned);
      EXPECT_EQ(result.placement->workers[0].running_on, before.back());
      EXPECT_EQ(platform::calling_thread_cpus(), before);
   }).join();
}

} // namespace
} // namespace memfrag::run
