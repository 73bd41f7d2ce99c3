#include "core/workload/nic/nic_driver.hpp"

#include "core/metrics/latency_histogram.hpp"
#include "core/nic/backend.hpp"
#include "core/platform/clock.hpp"
#include "core/workload/generator_driver.hpp"
#include "core/workload/nic/arrival_process.hpp"
#include "core/workload/nic/held_packets.hpp"
#include "core/workload/nic/nic_interface.hpp"
#include "core/workload/nic/traffic_plan.hpp"
#include "core/workload/prng.hpp"

#include <algorithm>
#include <deque>
#include <memfrag/allocator.h>
#include <optional>
#include <stdexcept>

namespace memfrag::workload::nic {
namespace {

// Independent random streams of one seed: the background generator takes the seed as it is.
constexpr std::uint64_t kArrivalStream = 0x6e69632d61727276ULL;
constexpr std::uint64_t kHoldStream = 0x6e69632d686f6c64ULL;

constexpr std::uint32_t kUnmovable = MEMFRAG_REQ_MOBILITY(MEMFRAG_MOBILITY_UNMOVABLE);

// What an operation handed out is for, so that its outcome goes where it belongs.
enum class Purpose : std::uint8_t { background, interface_memory, probe, rx_buffer, release };

struct Pending {
   Op op;
   Purpose purpose = Purpose::release;
};

// The events of the simulated timeline, in the order ties between them are resolved.
enum class Event : std::uint8_t { background, release, poll, arrival, none };

struct RefillPass {
   bool active = false;
   std::uint32_t remaining = 0;
   std::uint32_t flags = 0;
   bool failed = false;
};

std::uint64_t traffic_ops(const GeneratorSpec &background, std::uint32_t warmup_phases) {
   std::uint64_t ops = 0;
   for (std::size_t index = warmup_phases; index < background.phases.size(); ++index) {
      ops += background.phases[index].ops;
   }
   return ops;
}

class NicDriver final : public Driver {
 public:
   NicDriver(const GeneratorSpec &background, const NicSpec &spec, std::uint64_t seed)
       : spec_(spec), layout_(buffer_layout(spec)),
         background_(make_generator_driver(background, seed)),
         arrivals_(spec, seed ^ kArrivalStream), hold_random_(seed ^ kHoldStream),
         expected_ops_(nic::expected_ops(spec, background)),
         traffic_background_ops_(traffic_ops(background, spec.warmup_phases)),
         traffic_ns_(traffic_duration_ns(spec)), ns_per_tick_(platform::ns_per_tick()) {
      const std::uint32_t stitch = spec.accept_stitched ? MEMFRAG_REQ_VIRT_OK : 0u;
      fill_flags_ = kUnmovable | stitch;
      refill_flags_ = kUnmovable | stitch | MEMFRAG_REQ_ATOMIC;
   }

   void bind_memory(BlockMemory &memory) override {
      memory_ = &memory;
      std::span<std::byte> region(memory.region_base(), memory.region_frames() * 4096);
      device_ = memfrag::nic::make_device(
          {spec_.backend, spec_.device, spec_.contiguity, spec_.interrupts}, region);
      interface_.emplace(spec_, *device_, region, figures_);
   }

   bool next(Op &op) override {
      while (pending_.empty()) {
         if (stage_ == Stage::done) {
            return false;
         }
         advance();
      }
      const Pending item = pending_.front();
      pending_.pop_front();
      op = item.op;
      awaiting_ = item.purpose;
      if (item.purpose == Purpose::rx_buffer) {
         refill_start_ticks_ = platform::ticks();
      }
      return true;
   }

   void allocated(const Op &op, BlockHandle block) override {
      switch (awaiting_) {
      case Purpose::background:
         background_->allocated(op, block);
         break;
      case Purpose::interface_memory:
         interface_blocks_.push_back(block);
         break;
      case Purpose::probe:
         probe_block_ = block;
         break;
      case Purpose::rx_buffer:
         refilled(block);
         break;
      case Purpose::release:
         break;
      }
   }

   std::uint64_t expected_ops() const override { return expected_ops_; }

   void report(results::RunCounts &counts) const override {
      background_->report(counts);
      NicFigures figures = figures_;
      if (interface_) {
         figures.dma_maps = interface_->mapper().maps();
         figures.dma_unmaps = interface_->mapper().unmaps();
         figures.blocked_dma = device_->blocked_dma();
      }
      figures.report(counts);
   }

   void report_timing(results::RunTiming &timing) const override {
      const auto add = [&](const char *name, const metrics::LatencyHistogram &histogram) {
         if (histogram.count() != 0) {
            timing.latencies[name] = histogram.summary();
         }
      };
      add("nic_refill", refill_latency_);
      if (interface_) {
         add("nic_dma_map", interface_->mapper().map_latency());
         add("nic_dma_unmap", interface_->mapper().unmap_latency());
      }
   }

 private:
   enum class Stage : std::uint8_t { warmup, configure, fill, traffic, teardown, done };

   void advance() {
      switch (stage_) {
      case Stage::warmup:
         warm_up();
         break;
      case Stage::configure:
         configure();
         break;
      case Stage::fill:
         continue_refill();
         stage_ = refill_.active ? Stage::fill : Stage::traffic;
         break;
      case Stage::traffic:
         step_traffic();
         break;
      case Stage::teardown:
         tear_down();
         break;
      case Stage::done:
         break;
      }
   }

   // ---- background load ---------------------------------------------------------------------

   bool background_ready() {
      if (!lookahead_ && !background_done_) {
         Op op;
         background_done_ = !background_->next(op);
         if (!background_done_) {
            lookahead_ = op;
         }
      }
      return lookahead_.has_value();
   }

   void emit_background() {
      phase_ = lookahead_->phase;
      pending_.push_back({*lookahead_, Purpose::background});
      lookahead_.reset();
   }

   // Background phases before the interface comes up run at once, without traffic.
   void warm_up() {
      if (background_ready() && lookahead_->phase < spec_.warmup_phases) {
         emit_background();
         return;
      }
      request_interface_memory();
      stage_ = Stage::configure;
   }

   // ---- bring-up ----------------------------------------------------------------------------

   Op nic_op(Op::Kind kind, std::uint32_t order, std::uint32_t flags, BlockHandle block) const {
      Op op;
      op.kind = kind;
      op.order = order;
      op.flags = flags;
      op.phase = phase_;
      op.block = block;
      return op;
   }

   // The rings and one transmit buffer per transmit descriptor, then the probe's buffer (its
   // frame is small enough for one frame): normal requests, as a driver makes them when the
   // interface is opened.
   void request_interface_memory() {
      const auto request = [&](std::uint32_t order, Purpose purpose) {
         pending_.push_back({nic_op(Op::Kind::alloc, order, kUnmovable, 0), purpose});
      };
      request(ring_order(spec_.rx_descriptors), Purpose::interface_memory);
      request(ring_order(spec_.tx_descriptors), Purpose::interface_memory);
      for (std::uint32_t index = 0; index < spec_.tx_descriptors; ++index) {
         request(0, Purpose::interface_memory);
      }
      if (spec_.dma_probe) {
         request(0, Purpose::probe);
      }
   }

   std::uint32_t interface_block_order(std::size_t index) const {
      if (index == 0) {
         return ring_order(spec_.rx_descriptors);
      }
      if (index == 1) {
         return ring_order(spec_.tx_descriptors);
      }
      return 0;
   }

   void free_block(BlockHandle block, std::uint32_t order) {
      pending_.push_back({nic_op(Op::Kind::free, order, 0, block), Purpose::release});
   }

   // Bring-up's memory has come: the interface comes up with it, or stays down without it.
   void configure() {
      if (memory_ == nullptr) {
         throw std::logic_error("the NIC harness needs the memory of its blocks (bind_memory) "
                                "before its first operation");
      }
      const bool complete = std::none_of(interface_blocks_.begin(), interface_blocks_.end(),
                                         [](BlockHandle block) { return block == kNoBlock; });
      stage_ = Stage::traffic;
      complete ? bring_interface_up() : stay_down();
   }

   void stay_down() {
      release_interface_memory();
      if (probe_block_ != kNoBlock) {
         free_block(probe_block_, 0);
      }
   }

   void bring_interface_up() {
      InterfaceMemory memory{address(interface_blocks_[0]), address(interface_blocks_[1]), {}};
      for (std::uint32_t index = 0; index < spec_.tx_descriptors; ++index) {
         memory.tx_buffers.push_back(address(interface_blocks_[2 + index]));
      }
      interface_->bring_up(memory);
      figures_.interface_up = true;
      if (probe_block_ != kNoBlock) {
         figures_.dma_probe_blocked = interface_->probe_unmapped(address(probe_block_), 4096);
         free_block(probe_block_, 0);
      }
      start_refill(fill_flags_);
      stage_ = Stage::fill;
      next_arrival_ = arrivals_.next();
   }

   std::byte *address(BlockHandle block) const { return memory_->address_of(block); }

   void release_interface_memory() {
      for (std::size_t index = 0; index < interface_blocks_.size(); ++index) {
         if (interface_blocks_[index] != kNoBlock) {
            free_block(interface_blocks_[index], interface_block_order(index));
         }
      }
      interface_blocks_.clear();
   }

   // ---- refill ------------------------------------------------------------------------------

   void start_refill(std::uint32_t flags) {
      refill_ = {true, interface_->free_slots(), flags, false};
   }

   void continue_refill() {
      if (refill_.remaining == 0) {
         interface_->publish();
         refill_.active = false;
         ring_short_of_failures_ = refill_.failed;
         return;
      }
      if (spec_.buffers == BufferPolicy::page_pool && !pool_.empty()) {
         interface_->post_again(pool_.back());
         pool_.pop_back();
         ++figures_.pool_reuses;
         --refill_.remaining;
         return;
      }
      pending_.push_back(
          {nic_op(Op::Kind::alloc, layout_.order, refill_.flags, 0), Purpose::rx_buffer});
   }

   void refilled(BlockHandle block) {
      const bool atomic = (refill_.flags & MEMFRAG_REQ_ATOMIC) != 0;
      figures_.refill_requests += atomic ? 1 : 0;
      if (block == kNoBlock) {
         ++(atomic ? figures_.refill_failures : figures_.fill_failures);
         refill_.remaining = 0;
         refill_.failed = true;
         return;
      }
      interface_->post_new(block, address(block));
      --refill_.remaining;
      refill_latency_.record(static_cast<std::uint64_t>(
          static_cast<double>(platform::ticks() - refill_start_ticks_) * ns_per_tick_));
   }

   // ---- traffic -----------------------------------------------------------------------------

   std::uint64_t background_due_ns() const {
      if (traffic_background_ops_ == 0) {
         return 0;
      }
      __extension__ using Wide = unsigned __int128;
      return static_cast<std::uint64_t>(static_cast<Wide>(background_emitted_) * traffic_ns_ /
                                        traffic_background_ops_);
   }

   bool arrivals_left() const {
      return figures_.interface_up && figures_.packets_offered < spec_.packets;
   }

   Event next_event(std::uint64_t &when) {
      std::optional<std::uint64_t> times[4];
      if (background_ready()) {
         times[0] = background_due_ns();
      }
      times[1] = held_.next_release_ns();
      if (poll_scheduled_) {
         times[2] = poll_at_ns_;
      }
      if (arrivals_left()) {
         times[3] = next_arrival_.time_ns;
      }
      Event event = Event::none;
      for (std::size_t index = 0; index < 4; ++index) {
         if (times[index] && (event == Event::none || *times[index] < when)) {
            event = static_cast<Event>(index);
            when = *times[index];
         }
      }
      return event;
   }

   void step_traffic() {
      if (refill_.active) {
         continue_refill();
         return;
      }
      std::uint64_t when = 0;
      const Event event = next_event(when);
      now_ns_ = std::max(now_ns_, when);
      switch (event) {
      case Event::background:
         emit_background();
         ++background_emitted_;
         break;
      case Event::release:
         release(held_.take());
         break;
      case Event::poll:
         poll_scheduled_ = false;
         poll();
         break;
      case Event::arrival:
         arrive();
         break;
      case Event::none:
         stage_ = Stage::teardown;
         break;
      }
   }

   void arrive() {
      ++figures_.packets_offered;
      if (!interface_->transmit(figures_.packets_offered, next_arrival_.frame_bytes)) {
         ++figures_.tx_ring_full;
      }
      if (!poll_scheduled_) {
         poll_at_ns_ = std::max(now_ns_, last_poll_ns_ + spec_.poll_us * 1000);
         poll_scheduled_ = true;
      }
      if (arrivals_left()) {
         next_arrival_ = arrivals_.next();
      }
   }

   void take_received() {
      received_.clear();
      interface_->harvest(received_, spec_.buffers == BufferPolicy::page_pool);
      const std::uint64_t hold_bound_ns = 2 * spec_.hold_us * 1000;
      for (auto &frame : received_) {
         held_.hold(now_ns_ + uniform_below(hold_random_.next(), hold_bound_ns + 1),
                    std::move(frame.buffers));
      }
      const std::uint64_t drops = interface_->take_drops();
      (ring_short_of_failures_ ? figures_.drops_alloc_failed : figures_.drops_no_buffer) += drops;
   }

   void poll() {
      last_poll_ns_ = now_ns_;
      take_received();
      start_refill(refill_flags_);
   }

   // The stack is done with a frame: page-pool keeps its buffers while the pool has room.
   void release(const HeldPacket &packet) {
      for (std::uint64_t id : packet.buffers) {
         if (spec_.buffers == BufferPolicy::page_pool && pool_.size() < spec_.pool_size) {
            pool_.push_back(id);
         } else {
            free_block(interface_->release(id), layout_.order);
         }
      }
   }

   // ---- teardown ----------------------------------------------------------------------------

   void tear_down() {
      stage_ = Stage::done;
      if (!figures_.interface_up) {
         return;
      }
      take_received();
      while (!held_.empty()) {
         release(held_.take());
      }
      for (BlockHandle block : interface_->shut_down()) {
         free_block(block, layout_.order);
      }
      for (std::uint64_t id : pool_) {
         free_block(interface_->release(id), layout_.order);
      }
      pool_.clear();
      release_interface_memory();
   }

   NicSpec spec_;
   BufferLayout layout_;
   std::unique_ptr<Driver> background_;
   ArrivalProcess arrivals_;
   Xoshiro256 hold_random_;
   std::uint64_t expected_ops_;
   std::uint64_t traffic_background_ops_;
   std::uint64_t traffic_ns_;
   double ns_per_tick_;
   std::uint32_t fill_flags_ = 0, refill_flags_ = 0;

   BlockMemory *memory_ = nullptr;
   std::unique_ptr<memfrag::nic::Device> device_;
   std::optional<NicInterface> interface_;
   NicFigures figures_;

   Stage stage_ = Stage::warmup;
   std::deque<Pending> pending_;
   Purpose awaiting_ = Purpose::release;
   std::uint32_t phase_ = 0;
   std::optional<Op> lookahead_;
   bool background_done_ = false;
   std::uint64_t background_emitted_ = 0;
   std::vector<BlockHandle> interface_blocks_; // both rings, then the transmit buffers
   BlockHandle probe_block_ = kNoBlock;

   RefillPass refill_;
   bool ring_short_of_failures_ = false;
   std::uint64_t refill_start_ticks_ = 0;
   metrics::LatencyHistogram refill_latency_;
   std::vector<std::uint64_t> pool_;
   HeldPackets held_;
   std::vector<ReceivedFrame> received_;

   Arrival next_arrival_;
   std::uint64_t now_ns_ = 0;
   std::uint64_t last_poll_ns_ = 0;
   std::uint64_t poll_at_ns_ = 0;
   bool poll_scheduled_ = false;
};

} // namespace

std::unique_ptr<Driver> make_nic_driver(const GeneratorSpec &background, const NicSpec &spec,
                                        std::uint64_t seed) {
   return std::make_unique<NicDriver>(background, spec, seed);
}

} // namespace memfrag::workload::nic
