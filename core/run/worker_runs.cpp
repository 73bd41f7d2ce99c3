// A worker's sized requests served as runs (ext/exact.h): ceil(bytes / 4096) frames asked of the
// plugin's exact-size extension, checked against the shadow map as runs and held by the world
// like unmovable blocks.
#include "core/metrics/free_blocks.hpp"
#include "core/platform/clock.hpp"
#include "core/run/worker.hpp"

#include <stdexcept>
#include <utility>

namespace memfrag::run {
namespace {

using workload::Op;

results::RequestClass run_request_class(std::uint32_t flags) {
   return (flags & MEMFRAG_REQ_ATOMIC) != 0 ? results::RequestClass::atomic
                                            : results::RequestClass::normal;
}

std::uint64_t frames_for(std::uint64_t bytes) {
   return (bytes + platform::kFrameSize - 1) / platform::kFrameSize;
}

// The violation and message for a run the shadow map refused, `call` naming the plugin's call.
WorkerStop run_breach(plugin::ContractBreach breach, const Op &op, std::uint64_t op_index,
                      const char *call, std::uint64_t frame, std::uint64_t frames) {
   const std::string kind = plugin::contract_breach_name(breach);
   return {{op_index, kind, frame, op.order,
            std::string(call) + "(" + std::to_string(frames) + " frames) at frame " +
                std::to_string(frame)},
           "contract violation: " + kind + " at operation " + std::to_string(op_index)};
}

} // namespace

bool Worker::execute_run_alloc(const Op &op) {
   world::World &world = context_.world;
   const std::uint64_t frames = frames_for(op.bytes);
   // A run is always physically contiguous: the plugin is never offered stitching for it.
   const std::uint32_t flags = op.flags & ~MEMFRAG_REQ_VIRT_OK;
   world.note_read(flags, op.data);
   world.begin_alloc({op.order, flags, op.cpu});
   const std::uint64_t start = platform::ticks();
   const std::uint64_t frame = context_.gate.alloc_run(frames, flags, op.cpu);
   const std::uint64_t latency = elapsed_ns(start, platform::ticks());
   alloc_ns_ += latency;
   if (!world.end_alloc(frame)) {
      return false;
   }
   if (frame == MEMFRAG_NO_FRAME) {
      failed_alloc_ns_ += latency;
      recorder_.alloc_failed(op.order, run_request_class(flags), latency,
                             classify_run_failure(frames));
      note_sized_failure(op, true);
      lane_.allocated(op, workload::kNoBlock);
      return true;
   }
   progress_.frame.store(frame, std::memory_order_relaxed);
   if (!context_.spec.check) {
      context_.shadow.mark_run_allocated(frame, frames, index_);
   } else if (const plugin::ContractBreach breach =
                  context_.shadow.claim_run(frame, frames, index_);
              breach != plugin::ContractBreach::none) {
      WorkerStop stop = run_breach(breach, op, ops_done(), "alloc_run", frame, frames);
      record_stop(std::move(stop.violation), std::move(stop.message));
      return false;
   }
   if (context_.contiguity != nullptr) {
      context_.contiguity->check_run(frame, frames);
   }
   recorder_.alloc_succeeded(op.order, run_request_class(flags), latency, live_frames());
   note_sized_success(op, frames, true);
   touch(frame, frames, op);
   lane_.allocated(op, world::World::run_handle(frame));
   return true;
}

// The host's record says free before the plugin gets the run back, as for blocks.
bool Worker::execute_run_free(const Op &op, std::uint64_t frame) {
   const std::optional<std::uint64_t> frames = context_.shadow.run_frames_at(frame);
   if (!frames) {
      throw std::logic_error("the workload freed a run the host does not hold");
   }
   if (!context_.spec.check) {
      context_.shadow.mark_run_free(frame, *frames, index_);
   } else if (const plugin::ContractBreach breach =
                  context_.shadow.release_run(frame, *frames, index_);
              breach != plugin::ContractBreach::none) {
      WorkerStop stop = run_breach(breach, op, ops_done(), "free_run", frame, *frames);
      record_stop(std::move(stop.violation), std::move(stop.message));
      return false;
   }
   context_.world.begin_free(op.cpu);
   const std::uint64_t start = platform::ticks();
   context_.gate.free_run(frame, *frames, op.cpu);
   const std::uint64_t latency = elapsed_ns(start, platform::ticks());
   context_.world.end_free(frame, op.order);
   free_ns_ += latency;
   recorder_.freed(op.order, latency);
   return true;
}

// As classify_failure() for blocks, with runs at any alignment: a failed request is a
// fragmentation failure when no free run of its length exists, a refusal when one does.
metrics::FailureKind Worker::classify_run_failure(std::uint64_t frames) {
   const plugin::ShadowMap &shadow = context_.shadow;
   if (shadow.free_frames() < frames) {
      return metrics::FailureKind::exhaustion;
   }
   const std::uint64_t changes = context_.workers > 1 ? UINT64_MAX : shadow.changes();
   if (free_run_changes_ != changes || changes == UINT64_MAX) {
      free_run_changes_ = changes;
      free_run_fits_ = 0;
      free_run_misses_ = UINT64_MAX;
   }
   if (frames > free_run_fits_ && frames < free_run_misses_) {
      if (metrics::find_free_run(shadow.allocated_bits(), shadow.frame_count(), frames)) {
         free_run_fits_ = frames;
      } else {
         free_run_misses_ = frames;
      }
   }
   return frames <= free_run_fits_ ? metrics::FailureKind::policy
                                   : metrics::FailureKind::fragmentation;
}

} // namespace memfrag::run
