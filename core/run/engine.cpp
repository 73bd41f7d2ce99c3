#include "core/run/engine.hpp"

#include "core/metrics/contiguity.hpp"
#include "core/metrics/first_touch.hpp"
#include "core/platform/clock.hpp"
#include "core/platform/page_faults.hpp"
#include "core/platform/region_memory.hpp"
#include "core/plugin/instance.hpp"
#include "core/plugin/shadow_map.hpp"
#include "core/run/plugin_gate.hpp"
#include "core/run/worker.hpp"
#include "core/run/worker_pause.hpp"
#include "core/world/world.hpp"

#include <algorithm>
#include <chrono>
#include <stdexcept>
#include <string>
#include <thread>

namespace memfrag::run {
namespace {

using workload::Op;

// The cpu indices the plugin may see: one per worker, or as many as the workload names.
std::uint32_t cpu_count(const RunSpec &spec) {
   return std::max({std::uint32_t{1}, spec.placement.threads(), spec.workload->spec.cpus});
}

std::uint32_t worker_count(const RunSpec &spec) {
   const std::uint32_t threads = spec.placement.threads();
   if (threads > Progress::kMaxWorkers) {
      throw std::invalid_argument("threads must be between 1 and " +
                                  std::to_string(Progress::kMaxWorkers));
   }
   return threads;
}

// The CPUs the calling thread may run on, given back when the run ends however it ends.
struct CallerCpus {
   std::vector<unsigned> cpus = platform::calling_thread_cpus();
   CallerCpus() = default;
   CallerCpus(const CallerCpus &) = delete;
   CallerCpus &operator=(const CallerCpus &) = delete;
   ~CallerCpus() { platform::allow_calling_thread(cpus); }
};

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
   Execution(const RunSpec &spec, Progress &progress);
   // Runs on the calling thread, which the caller has pinned as worker 0 (`first_pin`).
   results::RunResult run(const platform::PinOutcome &first_pin);

 private:
   // One worker on the calling thread, with samples, validate() and inline background work at
   // deterministic points between operations.
   void run_alone();
   // Several workers, or a background thread: samples, validate() and inline background work
   // with every worker paused, the first worker also coordinating.
   void run_together();
   // Pins a thread of its own to worker `index`'s CPU, then drives that worker.
   void drive_pinned(std::uint32_t index);
   void drive(Worker &worker, bool coordinates);
   void coordinate(bool from_worker);
   void run_wanted_background();
   void run_background_thread();
   bool validated(std::uint64_t ops);
   std::uint64_t ops_done() const;
   void finish(std::uint64_t wall_start, std::uint64_t cpu_start);
   results::BackingRecord backing_record() const;
   results::ExecutionRecord execution_record() const;
   results::PlacementRecord placement_record() const;

   const RunSpec &spec_;
   Progress &progress_;
   const std::uint32_t threads_;
   platform::RegionMemory memory_;
   memfrag_region_t region_;
   plugin::ShadowMap shadow_;
   world::World world_;
   metrics::FirstTouchMeter first_touch_;
   // Null unless the run checks physical contiguity.
   std::unique_ptr<metrics::ContiguityCheck> contiguity_;
   plugin::Instance instance_;
   std::unique_ptr<workload::Lanes> lanes_;
   PluginGate gate_;
   RunContext context_;
   std::vector<std::unique_ptr<Worker>> workers_;
   const bool background_thread_;
   // Background work runs at operation boundaries, not on a thread of its own.
   const bool inline_background_;
   // Each worker's pinning, by worker index (a thread writes only its own), and the background
   // thread's.
   std::vector<platform::PinOutcome> pins_;
   std::optional<platform::PinOutcome> background_pin_;

   // The plugin's validate() walks all its metadata: called at kValidations evenly spaced points
   // and at the end, it checks invariants along the run at a small share of the run's cost.
   static constexpr std::uint64_t kValidations = 10;
   static constexpr std::uint64_t kPreparedOwners = std::uint64_t{1} << 20;
   std::uint64_t validation_interval_;
   std::uint64_t next_validation_at_ = 0;
   std::optional<std::string> validate_failure_;
   std::uint64_t validate_failed_after_ = 0;

   // Several workers: the first coordinates after every kCoordinateEvery of its operations.
   static constexpr std::uint64_t kCoordinateEvery = 64;
   WorkerPause pause_;
   std::atomic<bool> stopping_{false};
   std::atomic<std::uint32_t> finished_{0};
   std::atomic<bool> background_done_{false};
   std::uint64_t background_checked_at_ = 0;

   results::RunResult result_;
   WorldBlockMemory block_memory_{world_, memory_};
};

Execution::Execution(const RunSpec &spec, Progress &progress)
    : spec_(spec), progress_(progress), threads_(worker_count(spec)),
      memory_(spec.workload->spec.frames, platform::RegionAccess::read_write, spec.backing,
              spec.placement.mem_node),
      region_{spec.workload->spec.frames, memory_.base(), -1, cpu_count(spec)},
      shadow_(region_.frame_count, threads_),
      world_(shadow_, memory_, std::uint32_t{1} << spec.workload->spec.max_order, threads_,
             threads_ > 1),
      first_touch_(region_.frame_count, platform::ns_per_tick()),
      contiguity_(spec.contiguity ? std::make_unique<metrics::ContiguityCheck>(memory_) : nullptr),
      instance_(*spec.library, *spec.allocator, spec.params, region_, &world_),
      lanes_(workload::make_lanes(*spec.workload, spec.seed, threads_)),
      gate_(instance_, threads_ > 1 && !spec.allocator->thread_safe),
      context_{
          spec,    shadow_, world_, gate_, first_touch_, contiguity_.get(), platform::ns_per_tick(),
          threads_},
      background_thread_(spec.workload->spec.background_thread && instance_.background_work()),
      inline_background_(!background_thread_ && instance_.background_work() != nullptr),
      pins_(threads_),
      validation_interval_(std::max<std::uint64_t>(1, lanes_->expected_ops() / kValidations)),
      pause_(threads_) {
   for (std::uint32_t index = 0; index < threads_; ++index) {
      workers_.push_back(std::make_unique<Worker>(context_, index, lanes_->lane(index),
                                                  progress_.worker[index], lanes_->expected_ops()));
   }
   progress_.expected_ops.store(lanes_->expected_ops(), std::memory_order_relaxed);
   progress_.workers.store(threads_, std::memory_order_relaxed);
   world_.attach(instance_);
   // Live blocks with an owner record are at most one per frame in all but reclaim-heavy runs.
   // Beyond kPreparedOwners (48 MiB of records) the table grows while timed instead.
   world_.prepare_owners(std::min({region_.frame_count, lanes_->expected_ops(), kPreparedOwners}));
   for (std::uint32_t index = 0; index < threads_; ++index) {
      lanes_->lane(index).bind_memory(block_memory_);
   }
}

results::RunResult Execution::run(const platform::PinOutcome &first_pin) {
   pins_[0] = first_pin;
   const platform::FaultCounts faults_before = platform::process_faults();
   const std::uint64_t wall_start = platform::wall_ns();
   const std::uint64_t cpu_start = platform::process_cpu_ns();
   if (threads_ == 1 && !background_thread_) {
      run_alone();
   } else {
      run_together();
   }
   const platform::FaultCounts faults = platform::process_faults() - faults_before;
   result_.timing.faults = results::FaultCount{faults.minor, faults.major};
   finish(wall_start, cpu_start);
   return std::move(result_);
}

void Execution::run_alone() {
   Worker &worker = *workers_[0];
   workload::Driver &lane = worker.lane();
   metrics::Recorder &recorder = worker.recorder();
   Op op;
   bool healthy = true;
   while (healthy && lane.next(op)) {
      const std::uint64_t done = worker.ops_done();
      if (recorder.sample_due(done, op.phase)) {
         recorder.sample(done, op.phase, shadow_);
      }
      if (done >= next_validation_at_) {
         next_validation_at_ += validation_interval_;
         healthy = validated(done);
      }
      if (healthy) {
         healthy = worker.step(op);
         world_.background_point(worker.ops_done());
         healthy = !worker.world_breached(op) && healthy;
      }
   }
   if (healthy) {
      validated(worker.ops_done());
   }
}

void Execution::run_together() {
   std::vector<std::thread> threads;
   for (std::uint32_t index = 1; index < threads_; ++index) {
      threads.emplace_back([this, index] { drive_pinned(index); });
   }
   std::thread background;
   if (background_thread_) {
      background = std::thread([this] { run_background_thread(); });
   }
   drive(*workers_[0], true);
   while (finished_.load() < threads_) {
      coordinate(false);
      std::this_thread::sleep_for(std::chrono::microseconds(100));
   }
   for (std::thread &thread : threads) {
      thread.join();
   }
   background_done_.store(true);
   if (background.joinable()) {
      background.join();
   }
   if (!stopping_.load()) {
      validated(ops_done());
   }
}

void Execution::drive_pinned(std::uint32_t index) {
   pins_[index] = pin_worker(spec_.placement, index);
   drive(*workers_[index], false);
}

void Execution::drive(Worker &worker, bool coordinates) {
   world::World::bind_caller(worker.index());
   Op op;
   std::uint64_t since_coordinating = 0;
   while (!stopping_.load(std::memory_order_relaxed)) {
      pause_.checkpoint();
      if (!worker.lane().next(op)) {
         break;
      }
      if (op.kind == Op::Kind::wait) {
         std::this_thread::yield();
         continue;
      }
      if (!worker.step(op)) {
         stopping_.store(true);
         break;
      }
      if (inline_background_ && world_.background_wanted()) {
         run_wanted_background();
      }
      if (coordinates && ++since_coordinating == kCoordinateEvery) {
         since_coordinating = 0;
         coordinate(true);
      }
   }
   pause_.leave();
   finished_.fetch_add(1);
}

// A pass the plugin asked for (woken by a request, or work left from the last pass) runs at
// once, from whichever worker sees the request first, as after each operation of a single
// worker: a worker retrying a request must not wait for another worker's next coordination.
void Execution::run_wanted_background() {
   pause_.with_workers_parked(true, [this] {
      if (world_.background_wanted() && !stopping_.load()) {
         world_.run_background();
      }
   });
}

// Samples the region, calls validate() and runs inline background work when due, each with
// every worker paused. The timeline follows the first worker's phases.
void Execution::coordinate(bool from_worker) {
   const std::uint64_t done = ops_done();
   Worker &first = *workers_[0];
   const bool sample = first.recorder().sample_due(done, first.phase());
   const bool validate = done >= next_validation_at_ && !stopping_.load();
   const std::uint64_t period = world_.background_period();
   const bool periodic = period != 0 && done / period > background_checked_at_ / period;
   const bool background = inline_background_ && (periodic || world_.background_wanted());
   background_checked_at_ = done;
   if (!sample && !validate && !background) {
      return;
   }
   pause_.with_workers_parked(from_worker, [&] {
      const std::uint64_t now = ops_done();
      if (sample) {
         first.recorder().sample(now, first.phase(), shadow_);
      }
      if (validate) {
         next_validation_at_ = now + validation_interval_;
         if (!validated(now)) {
            stopping_.store(true);
         }
      }
      if (background && !stopping_.load()) {
         world_.run_background();
      }
   });
}

// The background thread: a pass of the plugin's background work when woken and at least every
// millisecond, with every worker paused (the ABI runs it never concurrently with alloc() or
// free()). It acts as the first caller, whose state is idle while every worker is paused.
void Execution::run_background_thread() {
   if (spec_.placement.background_cpu) {
      background_pin_ = platform::pin_calling_thread(*spec_.placement.background_cpu);
   }
   world::World::bind_caller(0);
   auto last_pass = std::chrono::steady_clock::now();
   while (!background_done_.load() && !stopping_.load()) {
      std::this_thread::sleep_for(std::chrono::microseconds(100));
      const auto now = std::chrono::steady_clock::now();
      if (!world_.background_wanted() && now - last_pass < std::chrono::milliseconds(1)) {
         continue;
      }
      last_pass = now;
      pause_.with_workers_parked(false, [this] { world_.run_background(); });
   }
}

bool Execution::validated(std::uint64_t ops) {
   if (!spec_.check || validate_failure_) {
      return !validate_failure_;
   }
   validate_failure_ = instance_.validate_failure();
   validate_failed_after_ = ops;
   return !validate_failure_;
}

std::uint64_t Execution::ops_done() const {
   std::uint64_t done = 0;
   for (const auto &worker : workers_) {
      done += worker->ops_done();
   }
   return done;
}

void Execution::finish(std::uint64_t wall_start, std::uint64_t cpu_start) {
   results::RunTiming &timing = result_.timing;
   timing.wall_ns = platform::wall_ns() - wall_start;
   timing.cpu_ns = platform::process_cpu_ns() - cpu_start;
   for (const auto &worker : workers_) {
      worker->add_timing(timing);
      if (worker->stop() && result_.status == results::RunStatus::ok) {
         result_.status = results::RunStatus::invalid;
         result_.violation = worker->stop()->violation;
         result_.message = worker->stop()->message;
      }
   }
   if (validate_failure_ && result_.status == results::RunStatus::ok) {
      result_.status = results::RunStatus::invalid;
      result_.validate_failure = *validate_failure_;
      result_.message = "validate() failed after operation " +
                        std::to_string(validate_failed_after_) + ": " + *validate_failure_;
   }
   world_.add_timing(timing);
   result_.counts.mitigation = world_.counts();
   metrics::Recorder &recorder = workers_[0]->recorder();
   for (std::size_t index = 1; index < workers_.size(); ++index) {
      recorder.merge(workers_[index]->recorder());
   }
   recorder.finish(ops_done(), workers_[0]->phase(), shadow_, result_.counts, timing);
   lanes_->report(result_.counts);
   lanes_->report_timing(timing);
   result_.counts.metadata_bytes = instance_.metadata_bytes();
   result_.counts.plugin_nr_free = instance_.plugin_histogram();
   result_.counts.plugin_stats = instance_.plugin_stats();
   result_.backing = backing_record();
   result_.execution = execution_record();
   result_.placement = placement_record();
   result_.timing.first_touch = first_touch_.cost();
   result_.contiguity = contiguity_ ? contiguity_->finish() : std::nullopt;
}

results::BackingRecord Execution::backing_record() const {
   const platform::BackingObtained obtained = memory_.backing();
   return {spec_.backing_asked,    platform::backing_name(obtained.kind),
           obtained.page_bytes,    obtained.pages,
           obtained.mapped_frames, obtained.thp_bytes,
           obtained.prefaulted,    obtained.locked};
}

results::ExecutionRecord Execution::execution_record() const {
   const char *background = instance_.background_work() == nullptr ? "none"
                            : background_thread_                   ? "thread"
                                                                   : "inline";
   return {threads_, gate_.serializes(), background};
}

results::PlacementRecord Execution::placement_record() const {
   results::PlacementRecord record = run::placement_record(spec_.placement, pins_, memory_);
   if (background_pin_ && !background_pin_->pinned) {
      record.warnings.push_back("the background thread is not pinned to CPU " +
                                std::to_string(background_pin_->cpu) + ": " +
                                background_pin_->failure);
   }
   return record;
}

} // namespace

results::RunResult execute_run(const RunSpec &spec, Progress &progress) {
   // Pinned before the region is made, so that memory the kernel places near the faulting CPU
   // lands on the node of the first worker. An in-process caller gets its thread's CPUs back.
   const CallerCpus caller;
   const platform::PinOutcome first_pin = pin_worker(spec.placement, 0);
   Execution execution(spec, progress);
   results::RunResult result = execution.run(first_pin);
   result.seed = spec.seed;
   return result;
}

} // namespace memfrag::run
