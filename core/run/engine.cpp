#include "core/run/engine.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <stdexcept>
#include <string>

#include "core/metrics/free_blocks.hpp"
#include "core/metrics/recorder.hpp"
#include "core/platform/clock.hpp"
#include "core/platform/region_memory.hpp"
#include "core/plugin/instance.hpp"
#include "core/plugin/shadow_map.hpp"
#include "core/world/world.hpp"

namespace memfrag::run {
namespace {

using workload::Op;

results::RequestClass class_of(std::uint32_t flags) {
   return (flags & MEMFRAG_REQ_ATOMIC) != 0 ? results::RequestClass::atomic
                                            : results::RequestClass::normal;
}

// The NIC harness hands its blocks' bytes to a device: the world knows where each handle's
// block lies.
class WorldBlockMemory final : public workload::BlockMemory {
 public:
   WorldBlockMemory(const world::World &world, const platform::RegionMemory &memory)
       : world_(world), memory_(memory) {}
   std::byte *address_of(workload::BlockHandle block) const override {
      const auto location = world_.location_of(block);
      return location ? world_.address_of(*location) : nullptr;
   }
   std::byte *region_base() const override { return memory_.base(); }
   std::uint64_t region_frames() const override { return memory_.frame_count(); }

 private:
   const world::World &world_;
   const platform::RegionMemory &memory_;
};

// Everything one run holds while it executes.
class Execution {
 public:
   Execution(const RunSpec &spec, Progress &progress)
      : spec_(spec), progress_(progress),
        memory_(spec.workload->spec.frames, platform::RegionAccess::read_write, spec.backing),
        region_{spec.workload->spec.frames, memory_.base(), -1, spec.workload->spec.cpus},
        shadow_(region_.frame_count),
        world_(shadow_, memory_, std::uint32_t{1} << spec.workload->spec.max_order),
        instance_(*spec.library, *spec.allocator, spec.params, region_, &world_),
        driver_(workload::make_driver(*spec.workload, spec.seed)),
        recorder_(spec.workload->spec.max_order, driver_->expected_ops(),
                  spec.workload->spec.samples),
        ns_per_tick_(platform::ns_per_tick()),
        validation_interval_(std::max<std::uint64_t>(1, driver_->expected_ops() / kValidations)) {
      progress_.expected_ops.store(driver_->expected_ops(), std::memory_order_relaxed);
      world_.attach(instance_);
      driver_->bind_memory(block_memory_);
   }

   results::RunResult run();

 private:
   bool step(const Op &op);
   bool execute_alloc(const Op &op);
   bool execute_free(const Op &op);
   void free_live(const world::Released &block, std::uint32_t cpu);
   bool world_breached(const Op &op);
   metrics::FailureKind classify_failure(std::uint32_t order);
   void touch(std::uint64_t frame, const Op &op);
   bool breached(plugin::ContractBreach breach, const Op &op, std::uint64_t frame);
   bool validated();
   results::BackingRecord backing_record() const;
   void publish(const Op &op) {
      progress_.ops_done.store(ops_done_, std::memory_order_relaxed);
      progress_.op_kind.store(op.kind == Op::Kind::alloc ? 0 : 1, std::memory_order_relaxed);
      progress_.order.store(op.order, std::memory_order_relaxed);
      progress_.frame.store(op.block, std::memory_order_relaxed);
   }
   std::uint64_t elapsed_ns(std::uint64_t start_ticks, std::uint64_t end_ticks) const {
      return static_cast<std::uint64_t>(static_cast<double>(end_ticks - start_ticks) * ns_per_tick_);
   }

   const RunSpec &spec_;
   Progress &progress_;
   platform::RegionMemory memory_;
   memfrag_region_t region_;
   plugin::ShadowMap shadow_;
   world::World world_;
   plugin::Instance instance_;
   std::unique_ptr<workload::Driver> driver_;
   metrics::Recorder recorder_;
   double ns_per_tick_;
   std::uint64_t ops_done_ = 0;
   // The plugin's validate() walks all its metadata: called at kValidations evenly spaced points
   // and at the end, it checks invariants along the run at a small share of the run's cost.
   static constexpr std::uint64_t kValidations = 10;
   std::uint64_t validation_interval_;
   std::uint64_t next_validation_at_ = 0;
   std::uint64_t alloc_ns_ = 0, free_ns_ = 0, failed_alloc_ns_ = 0;
   std::uint32_t phase_ = 0;
   // Orders known to have / not to have a free aligned block in the shadow map, valid while the
   // shadow map has not changed (reclaim inside a failed alloc() changes it too): repeated
   // failures in a retry loop stay cheap. Where each order's last free block was found, to
   // search from there next time.
   std::uint64_t free_block_known_ = 0;
   std::uint64_t free_block_exists_ = 0;
   std::uint64_t free_block_changes_ = UINT64_MAX;
   std::array<std::uint64_t, 64> free_block_hint_{};
   results::RunResult result_;
   WorldBlockMemory block_memory_{world_, memory_};
};

results::RunResult Execution::run() {
   std::uint64_t wall_start = platform::wall_ns();
   std::uint64_t cpu_start = platform::process_cpu_ns();
   Op op;
   bool healthy = true;
   while (healthy && driver_->next(op)) {
      if (recorder_.sample_due(ops_done_, op.phase)) {
         recorder_.sample(ops_done_, op.phase, shadow_);
      }
      if (ops_done_ >= next_validation_at_) {
         next_validation_at_ += validation_interval_;
         healthy = validated();
      }
      phase_ = op.phase;
      healthy = healthy && step(op);
   }
   healthy = healthy && validated();
   result_.timing.wall_ns = platform::wall_ns() - wall_start;
   result_.timing.cpu_ns = platform::process_cpu_ns() - cpu_start;
   result_.timing.alloc_ns = alloc_ns_;
   result_.timing.free_ns = free_ns_;
   result_.timing.failed_alloc_ns = failed_alloc_ns_;
   world_.add_timing(result_.timing);
   result_.counts.mitigation = world_.counts();
   recorder_.finish(ops_done_, phase_, shadow_, result_.counts, result_.timing);
   driver_->report(result_.counts);
   driver_->report_timing(result_.timing);
   result_.counts.metadata_bytes = instance_.metadata_bytes();
   result_.counts.plugin_nr_free = instance_.plugin_histogram();
   result_.counts.plugin_stats = instance_.plugin_stats();
   result_.backing = backing_record();
   return std::move(result_);
}

bool Execution::step(const Op &op) {
   publish(op);
   bool healthy = true;
   switch (op.kind) {
   case Op::Kind::alloc:
      healthy = execute_alloc(op);
      break;
   case Op::Kind::free:
      healthy = execute_free(op);
      break;
   case Op::Kind::drop_reclaimable:
      world_.drop_reclaimable();
      break;
   }
   ++ops_done_;
   healthy = healthy && !world_breached(op);
   world_.background_point(ops_done_);
   return healthy && !world_breached(op);
}

bool Execution::execute_alloc(const Op &op) {
   world_.note_read(op.flags, op.data);
   world_.begin_alloc({op.order, op.flags, op.cpu});
   std::uint64_t start = platform::ticks();
   std::uint64_t frame = instance_.alloc(op.order, op.flags, op.cpu);
   std::uint64_t latency = elapsed_ns(start, platform::ticks());
   alloc_ns_ += latency;
   if (!world_.end_alloc(frame)) {
      return false;
   }
   if (frame == MEMFRAG_NO_FRAME) {
      failed_alloc_ns_ += latency;
      recorder_.alloc_failed(op.order, class_of(op.flags), latency, classify_failure(op.order));
      driver_->allocated(op, workload::kNoBlock);
      return true;
   }
   progress_.frame.store(frame, std::memory_order_relaxed);
   const bool stitched = MEMFRAG_IS_STITCHED(frame);
   if (!stitched) {
      if (spec_.check && breached(shadow_.check_alloc(frame, op.order), op, frame)) {
         return false;
      }
      shadow_.mark_allocated(frame, op.order);
   }
   recorder_.alloc_succeeded(op.order, class_of(op.flags), latency,
                             shadow_.frame_count() - shadow_.free_frames());
   touch(frame, op);
   driver_->allocated(op, world_.adopt(frame, op.order, op.flags, op.data));
   return true;
}

// A block the world dropped (reclaimed data) is gone already: its free is skipped, and the
// world counts it.
bool Execution::execute_free(const Op &op) {
   const world::Released block = world_.release(op.block);
   if (block.kind == world::Released::Kind::unknown) {
      throw std::logic_error("the workload freed a block handle it was never given");
   }
   if (block.kind == world::Released::Kind::live) {
      const bool stitched = MEMFRAG_IS_STITCHED(block.location);
      if (!stitched && spec_.check &&
          breached(shadow_.check_free(block.location, block.order), op, block.location)) {
         return false;
      }
      free_live(block, op.cpu);
   }
   return true;
}

void Execution::free_live(const world::Released &block, std::uint32_t cpu) {
   world_.begin_free(cpu);
   std::uint64_t start = platform::ticks();
   instance_.free(block.location, block.order, cpu);
   std::uint64_t latency = elapsed_ns(start, platform::ticks());
   world_.end_free(block.location, block.order);
   free_ns_ += latency;
   if (!MEMFRAG_IS_STITCHED(block.location)) {
      shadow_.mark_free(block.location, block.order);
   }
   recorder_.freed(block.order, latency);
}

bool Execution::world_breached(const Op &op) {
   const auto &violation = world_.violation();
   if (!violation || result_.status == results::RunStatus::invalid) {
      return violation.has_value();
   }
   result_.status = results::RunStatus::invalid;
   result_.violation = results::Violation{ops_done_, violation->kind, violation->frame,
                                          violation->order, violation->detail};
   result_.message = "contract violation: " + violation->kind + " at operation " +
                     std::to_string(ops_done_) + " (order " + std::to_string(op.order) + ")";
   return true;
}

metrics::FailureKind Execution::classify_failure(std::uint32_t order) {
   if (order >= 63 || shadow_.free_frames() < (std::uint64_t{1} << order)) {
      return metrics::FailureKind::exhaustion;
   }
   if (free_block_changes_ != shadow_.changes()) {
      free_block_changes_ = shadow_.changes();
      free_block_known_ = 0;
   }
   std::uint64_t bit = std::uint64_t{1} << order;
   if ((free_block_known_ & bit) == 0) {
      free_block_known_ |= bit;
      auto found = metrics::find_free_aligned_block(shadow_.allocated_bits(), shadow_.frame_count(),
                                                    order, free_block_hint_[order]);
      free_block_hint_[order] = found.value_or(0);
      free_block_exists_ = found ? free_block_exists_ | bit : free_block_exists_ & ~bit;
   }
   return (free_block_exists_ & bit) != 0 ? metrics::FailureKind::policy
                                          : metrics::FailureKind::fragmentation;
}

void Execution::touch(std::uint64_t frame, const Op &op) {
   if (op.touch == workload::Touch::none) {
      return;
   }
   std::uint64_t start = platform::ticks();
   std::size_t bytes = op.touch == workload::Touch::whole
                          ? platform::kFrameSize << op.order
                          : platform::kCacheLineSize;
   std::memset(world_.address_of(frame), static_cast<int>(ops_done_ & 0xff), bytes);
   recorder_.touched(elapsed_ns(start, platform::ticks()));
}

bool Execution::breached(plugin::ContractBreach breach, const Op &op, std::uint64_t frame) {
   if (breach == plugin::ContractBreach::none) {
      return false;
   }
   std::string action = op.kind == Op::Kind::alloc ? "alloc" : "free";
   result_.status = results::RunStatus::invalid;
   result_.violation = results::Violation{ops_done_, plugin::contract_breach_name(breach), frame,
                                          op.order,
                                          action + "(order " + std::to_string(op.order) +
                                             ") at frame " + std::to_string(frame)};
   result_.message = std::string("contract violation: ") + plugin::contract_breach_name(breach) +
                     " at operation " + std::to_string(ops_done_);
   return true;
}

bool Execution::validated() {
   if (!spec_.check) {
      return true;
   }
   auto failure = instance_.validate_failure();
   if (!failure) {
      return true;
   }
   result_.status = results::RunStatus::invalid;
   result_.validate_failure = *failure;
   result_.message = "validate() failed after operation " + std::to_string(ops_done_) + ": " +
                     *failure;
   return false;
}

results::BackingRecord Execution::backing_record() const {
   const platform::BackingObtained obtained = memory_.backing();
   return {spec_.backing_asked,     platform::backing_name(obtained.kind),
           obtained.page_bytes,     obtained.pages,
           obtained.mapped_frames,  obtained.thp_bytes,
           obtained.prefaulted,     obtained.locked};
}

} // namespace

results::RunResult execute_run(const RunSpec &spec, Progress &progress) {
   Execution execution(spec, progress);
   results::RunResult result = execution.run();
   result.seed = spec.seed;
   return result;
}

} // namespace memfrag::run
