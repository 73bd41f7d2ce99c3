// One worker thread of a run: it takes the operations of its lane of the workload, calls the
// plugin for each, checks the block against the shadow map, hands it to the world, touches its
// memory and records counts and latency in a recorder of its own.
#pragma once

#include "core/metrics/contiguity.hpp"
#include "core/metrics/first_touch.hpp"
#include "core/metrics/recorder.hpp"
#include "core/platform/region_memory.hpp"
#include "core/plugin/shadow_map.hpp"
#include "core/results/model.hpp"
#include "core/run/engine.hpp"
#include "core/run/plugin_gate.hpp"
#include "core/workload/driver.hpp"
#include "core/world/world.hpp"

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>

namespace memfrag::run {

// What every worker of a run shares.
struct RunContext {
   const RunSpec &spec;
   plugin::ShadowMap &shadow;
   world::World &world;
   PluginGate &gate;
   metrics::FirstTouchMeter &first_touch;
   metrics::ContiguityCheck *contiguity; // null unless the run checks physical contiguity
   double ns_per_tick = 1.0;
   std::uint32_t workers = 1;
};

// Why a worker ended the run early: a contract violation.
struct WorkerStop {
   results::Violation violation;
   std::string message;
};

class Worker {
 public:
   Worker(RunContext &context, std::uint32_t index, workload::Driver &lane,
          WorkerProgress &progress, std::uint64_t expected_ops);

   std::uint32_t index() const { return index_; }
   workload::Driver &lane() { return lane_; }
   metrics::Recorder &recorder() { return recorder_; }
   const metrics::Recorder &recorder() const { return recorder_; }
   // Operations executed so far; while one runs, the index of that operation (what the parent
   // reports when the run crashes or hangs in it).
   std::uint64_t ops_done() const { return progress_.ops_done.load(std::memory_order_relaxed); }
   std::uint32_t phase() const { return phase_; }
   const std::optional<WorkerStop> &stop() const { return stop_; }

   // Executes `op` (not a wait); false when the run must stop (stop() says why).
   bool step(const workload::Op &op);
   // Whether the world saw a broken service contract (recorded as this worker's stop); asked
   // after every operation and after background work.
   bool world_breached(const workload::Op &op) {
      return context_.world.violated() && record_world_breach(op);
   }
   // The worker's share of the run's timing: time inside alloc() and free().
   void add_timing(results::RunTiming &timing) const;

 private:
   // Records the world's violation as this worker's stop, unless it stopped already; true.
   bool record_world_breach(const workload::Op &op);
   bool execute_alloc(const workload::Op &op);
   bool execute_free(const workload::Op &op);
   // Sized requests (Op::bytes) as runs, for a plugin with the exact-size extension
   // (worker_runs.cpp), and their sizing counts either way.
   bool execute_run_alloc(const workload::Op &op);
   bool execute_run_free(const workload::Op &op, std::uint64_t frame);
   metrics::FailureKind classify_run_failure(std::uint64_t frames);
   void note_sized_success(const workload::Op &op, std::uint64_t frames, bool as_run) {
      if (op.bytes != 0) {
         recorder_.sized_served(op.bytes, frames, as_run);
      }
   }
   void note_sized_failure(const workload::Op &op, bool as_run) {
      if (op.bytes != 0) {
         recorder_.sized_failed(as_run);
      }
   }
   void free_live(const world::Released &block, std::uint32_t cpu);
   metrics::FailureKind classify_failure(std::uint32_t order);
   std::uint64_t live_frames();
   void touch(std::uint64_t frame, std::uint64_t frames, const workload::Op &op);
   bool breached(plugin::ContractBreach breach, const workload::Op &op, std::uint64_t frame);
   void record_stop(results::Violation violation, std::string message);
   void publish(const workload::Op &op) {
      progress_.op_kind.store(op.kind == workload::Op::Kind::alloc ? 0 : 1,
                              std::memory_order_relaxed);
      progress_.order.store(op.order, std::memory_order_relaxed);
      progress_.frame.store(op.block, std::memory_order_relaxed);
   }
   std::uint64_t elapsed_ns(std::uint64_t start_ticks, std::uint64_t end_ticks) const {
      return static_cast<std::uint64_t>(static_cast<double>(end_ticks - start_ticks) *
                                        context_.ns_per_tick);
   }

   RunContext &context_;
   const std::uint32_t index_;
   workload::Driver &lane_;
   WorkerProgress &progress_;
   metrics::Recorder recorder_;
   std::uint32_t phase_ = 0;
   std::uint64_t alloc_ns_ = 0, free_ns_ = 0, failed_alloc_ns_ = 0;
   std::optional<WorkerStop> stop_;
   // Orders known to have / not to have a free aligned block in the shadow map, valid while the
   // shadow map has not changed (reclaim inside a failed alloc() changes it too): repeated
   // failures in a retry loop stay cheap. Where each order's last free block was found, to
   // search from there next time. With several workers the map changes all the time, so only
   // the search hints are kept.
   std::uint64_t free_block_known_ = 0;
   std::uint64_t free_block_exists_ = 0;
   std::uint64_t free_block_changes_ = UINT64_MAX;
   std::array<std::uint64_t, 64> free_block_hint_{};
   // The same for runs: the longest run known to fit and the shortest known not to, while the
   // shadow map has not changed.
   std::uint64_t free_run_changes_ = UINT64_MAX;
   std::uint64_t free_run_fits_ = 0;
   std::uint64_t free_run_misses_ = UINT64_MAX;
   // With several workers, the live frames for the peak are summed over the shadow map's
   // writers every kLiveFramesEvery allocations only: each sum reads every worker's counters.
   static constexpr std::uint64_t kLiveFramesEvery = 64;
   std::uint64_t allocations_ = 0;
   std::uint64_t live_frames_seen_ = 0;
};

} // namespace memfrag::run
