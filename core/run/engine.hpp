// The engine: one run (one allocator instance x one workload x one seed) executed in the
// calling process, every operation timed, checked against the shadow map and recorded. A run
// has one worker thread, or several issuing requests to the one instance at once, each driving
// its own lane of the workload with its own cpu index.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include <array>
#include "core/platform/backing.hpp"
#include "core/plugin/library.hpp"
#include "core/results/model.hpp"
#include "core/run/placement.hpp"
#include "core/workload/workload.hpp"

namespace memfrag::run {

struct RunSpec {
   const plugin::Library *library = nullptr;
   const plugin::AllocatorInfo *allocator = nullptr;
   std::vector<plugin::ParamValue> params; // resolve_params() of the allocator's schema
   const workload::LoadedWorkload *workload = nullptr;
   std::uint64_t seed = 0;
   bool check = true; // contract checker and the plugin's validate() at every sample
   platform::BackingRequest backing;
   std::string backing_asked = "4k"; // as the user asked, "auto" included
   // Worker threads (one per CPU of the placement, at most Progress::kMaxWorkers), their CPUs
   // and the memory's NUMA node.
   Placement placement;
   // Check each block's physical contiguity; the backing must be prefaulted and locked.
   bool contiguity = false;
};

// The operation a worker thread is executing, on a cache line of its own.
struct alignas(64) WorkerProgress {
   std::atomic<std::uint64_t> ops_done{0};
   std::atomic<std::uint8_t> op_kind{0}; // 0 alloc, 1 free
   std::atomic<std::uint32_t> order{0};
   std::atomic<std::uint64_t> frame{0};
};

// What a run publishes while it goes, for a progress display and for the post-mortem of a run
// that crashed or hung. Lives in memory shared with the parent.
struct Progress {
   static constexpr std::uint32_t kMaxWorkers = 64;
   std::atomic<std::uint64_t> expected_ops{0};
   std::atomic<std::uint32_t> workers{1};
   std::array<WorkerProgress, kMaxWorkers> worker;

   // Operations of all workers so far.
   std::uint64_t ops_done() const {
      std::uint64_t done = 0;
      const std::uint32_t count = workers.load(std::memory_order_relaxed);
      for (std::uint32_t index = 0; index < count && index < kMaxWorkers; ++index) {
         done += worker[index].ops_done.load(std::memory_order_relaxed);
      }
      return done;
   }
};

// Executes the run. Contract violations and failed validate() calls end it with status invalid;
// a plugin that refuses to be created throws plugin::PluginError. The result's plugin, workload
// and repetition fields are left for the caller.
results::RunResult execute_run(const RunSpec &spec, Progress &progress);

} // namespace memfrag::run
