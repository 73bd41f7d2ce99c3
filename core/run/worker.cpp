#include "core/run/worker.hpp"

#include "core/metrics/free_blocks.hpp"
#include "core/platform/clock.hpp"

#include <cstring>
#include <stdexcept>

namespace memfrag::run {
namespace {

using workload::Op;

results::RequestClass class_of(std::uint32_t flags) {
   return (flags & MEMFRAG_REQ_ATOMIC) != 0 ? results::RequestClass::atomic
                                            : results::RequestClass::normal;
}

} // namespace

Worker::Worker(RunContext &context, std::uint32_t index, workload::Driver &lane,
               WorkerProgress &progress, std::uint64_t expected_ops)
    : context_(context), index_(index), lane_(lane), progress_(progress),
      recorder_(context.spec.workload->spec.max_order, expected_ops,
                context.spec.workload->spec.samples) {
}

bool Worker::step(const Op &op) {
   publish(op);
   phase_ = op.phase;
   bool healthy = true;
   switch (op.kind) {
   case Op::Kind::alloc:
      healthy = execute_alloc(op);
      break;
   case Op::Kind::free:
      healthy = execute_free(op);
      break;
   case Op::Kind::drop_reclaimable:
      context_.gate.exclusively([this] { context_.world.drop_reclaimable(); });
      break;
   case Op::Kind::wait:
      throw std::logic_error("a wait is not an operation");
   }
   progress_.ops_done.store(ops_done() + 1, std::memory_order_relaxed);
   return healthy && !world_breached(op);
}

bool Worker::execute_alloc(const Op &op) {
   if (op.bytes != 0 && context_.gate.serves_runs()) {
      return execute_run_alloc(op);
   }
   world::World &world = context_.world;
   world.note_read(op.flags, op.data);
   world.begin_alloc({op.order, op.flags, op.cpu});
   const std::uint64_t start = platform::ticks();
   const std::uint64_t frame = context_.gate.alloc(op.order, op.flags, op.cpu);
   const std::uint64_t latency = elapsed_ns(start, platform::ticks());
   alloc_ns_ += latency;
   if (!world.end_alloc(frame)) {
      return false;
   }
   if (frame == MEMFRAG_NO_FRAME) {
      failed_alloc_ns_ += latency;
      recorder_.alloc_failed(op.order, class_of(op.flags), latency, classify_failure(op.order));
      note_sized_failure(op, false);
      lane_.allocated(op, workload::kNoBlock);
      return true;
   }
   progress_.frame.store(frame, std::memory_order_relaxed);
   if (!MEMFRAG_IS_STITCHED(frame)) {
      if (!context_.spec.check) {
         context_.shadow.mark_allocated(frame, op.order, index_);
      } else if (breached(context_.shadow.claim(frame, op.order, index_), op, frame)) {
         return false;
      }
      if (context_.contiguity != nullptr) {
         context_.contiguity->check(frame, op.order);
      }
   }
   recorder_.alloc_succeeded(op.order, class_of(op.flags), latency, live_frames());
   note_sized_success(op, std::uint64_t{1} << op.order, false);
   touch(frame, std::uint64_t{1} << op.order, op);
   lane_.allocated(op, world.adopt(frame, op.order, op.flags, op.data));
   return true;
}

// A block the world dropped (reclaimed data) is gone already: its free is skipped, and the
// world counts it.
bool Worker::execute_free(const Op &op) {
   if (const std::optional<std::uint64_t> run = world::World::run_of(op.block)) {
      return execute_run_free(op, *run);
   }
   const world::Released block = context_.world.release(op.block);
   if (block.kind == world::Released::Kind::unknown) {
      throw std::logic_error("the workload freed a block handle it was never given");
   }
   if (block.kind == world::Released::Kind::live) {
      // The host's record says free before the plugin gets the block back: once it has it,
      // another worker may be handed the frames at once.
      if (!MEMFRAG_IS_STITCHED(block.location)) {
         if (!context_.spec.check) {
            context_.shadow.mark_free(block.location, block.order, index_);
         } else if (breached(context_.shadow.release(block.location, block.order, index_), op,
                             block.location)) {
            return false;
         }
      }
      free_live(block, op.cpu);
   }
   return true;
}

void Worker::free_live(const world::Released &block, std::uint32_t cpu) {
   context_.world.begin_free(cpu);
   const std::uint64_t start = platform::ticks();
   context_.gate.free(block.location, block.order, cpu);
   const std::uint64_t latency = elapsed_ns(start, platform::ticks());
   context_.world.end_free(block.location, block.order);
   free_ns_ += latency;
   recorder_.freed(block.order, latency);
}

bool Worker::record_world_breach(const Op &op) {
   if (!stop_) {
      const world::WorldViolation violation = *context_.world.violation();
      record_stop({ops_done(), violation.kind, violation.frame, violation.order, violation.detail},
                  "contract violation: " + violation.kind + " at operation " +
                      std::to_string(ops_done()) + " (order " + std::to_string(op.order) + ")");
   }
   return true;
}

void Worker::record_stop(results::Violation violation, std::string message) {
   if (context_.workers > 1) {
      message += " of worker " + std::to_string(index_);
   }
   stop_ = WorkerStop{std::move(violation), std::move(message)};
}

metrics::FailureKind Worker::classify_failure(std::uint32_t order) {
   const plugin::ShadowMap &shadow = context_.shadow;
   if (order >= 63 || shadow.free_frames() < (std::uint64_t{1} << order)) {
      return metrics::FailureKind::exhaustion;
   }
   const std::uint64_t changes = context_.workers > 1 ? UINT64_MAX : shadow.changes();
   if (free_block_changes_ != changes || changes == UINT64_MAX) {
      free_block_changes_ = changes;
      free_block_known_ = 0;
   }
   const std::uint64_t bit = std::uint64_t{1} << order;
   if ((free_block_known_ & bit) == 0) {
      free_block_known_ |= bit;
      const auto found = metrics::find_free_aligned_block(
          shadow.allocated_bits(), shadow.frame_count(), order, free_block_hint_[order]);
      free_block_hint_[order] = found.value_or(0);
      free_block_exists_ = found ? free_block_exists_ | bit : free_block_exists_ & ~bit;
   }
   return (free_block_exists_ & bit) != 0 ? metrics::FailureKind::policy
                                          : metrics::FailureKind::fragmentation;
}

// Frames allocated once the block just handed out is counted, for the peak.
std::uint64_t Worker::live_frames() {
   const plugin::ShadowMap &shadow = context_.shadow;
   if (context_.workers == 1 || allocations_++ % kLiveFramesEvery == 0) {
      live_frames_seen_ = shadow.frame_count() - shadow.free_frames();
   }
   return live_frames_seen_;
}

// Writes the `frames` frames of a block or run handed out, or its first cache line.
void Worker::touch(std::uint64_t frame, std::uint64_t frames, const Op &op) {
   if (op.touch == workload::Touch::none) {
      return;
   }
   const bool whole = op.touch == workload::Touch::whole;
   const std::size_t bytes = whole ? platform::kFrameSize * frames : platform::kCacheLineSize;
   std::byte *address = context_.world.address_of(frame);
   const int fill = static_cast<int>(ops_done() & 0xff);
   recorder_.touched(context_.first_touch.touch(frame, whole ? frames : 1,
                                                [&] { std::memset(address, fill, bytes); }));
}

bool Worker::breached(plugin::ContractBreach breach, const Op &op, std::uint64_t frame) {
   if (breach == plugin::ContractBreach::none) {
      return false;
   }
   const std::string action = op.kind == Op::Kind::alloc ? "alloc" : "free";
   record_stop(
       {ops_done(), plugin::contract_breach_name(breach), frame, op.order,
        action + "(order " + std::to_string(op.order) + ") at frame " + std::to_string(frame)},
       std::string("contract violation: ") + plugin::contract_breach_name(breach) +
           " at operation " + std::to_string(ops_done()));
   return true;
}

void Worker::add_timing(results::RunTiming &timing) const {
   timing.alloc_ns += alloc_ns_;
   timing.free_ns += free_ns_;
   timing.failed_alloc_ns += failed_alloc_ns_;
}

} // namespace memfrag::run
