#include "core/workload/generator_driver.hpp"

#include "core/workload/live_blocks.hpp"
#include "core/workload/prng.hpp"

#include <memfrag/allocator.h>

namespace memfrag::workload {
namespace {

// A phase turned into what the hot path needs: integer thresholds and sampling tables.
struct PhasePlan {
   explicit PhasePlan(const PhaseSpec &phase, std::uint64_t frames, std::uint64_t start)
       : end_op(start + phase.ops), low_frames(fraction_of(phase.occupancy_low, frames)),
         high_frames(fraction_of(phase.occupancy_high, frames)), orders(phase.order_weights),
         mobility(phase.mobility_weights), atomic(phase.atomic), virt_ok(phase.virt_ok),
         lifetime(phase.lifetime), touch(phase.touch) {}

   static std::uint64_t fraction_of(double fraction, std::uint64_t frames) {
      return static_cast<std::uint64_t>(fraction * static_cast<double>(frames));
   }

   std::uint64_t end_op;      // op index where the phase ends
   std::uint64_t low_frames;  // allocate while fewer frames are live
   std::uint64_t high_frames; // free while more frames are live
   WeightedChoice orders;
   WeightedChoice mobility;
   Chance atomic;
   Chance virt_ok;
   Lifetime lifetime;
   Touch touch;
};

class GeneratorDriver final : public Driver {
 public:
   GeneratorDriver(const GeneratorSpec &spec, std::uint64_t seed)
       : random_(seed), total_ops_(spec.ops) {
      std::uint64_t start = 0;
      for (const auto &phase : spec.phases) {
         plans_.emplace_back(phase, spec.frames, start);
         start = plans_.back().end_op;
      }
   }

   bool next(Op &op) override {
      while (op_index_ == plans_[phase_].end_op) {
         if (phase_ + 1 == plans_.size()) {
            return false;
         }
         ++phase_;
      }
      ++op_index_;
      if (should_allocate()) {
         fill_alloc(op);
      } else {
         fill_free(op);
      }
      return true;
   }

   void allocated(const Op &op, std::uint64_t frame) override {
      if (frame == MEMFRAG_NO_FRAME) {
         return;
      }
      live_.push({frame, op.order, MEMFRAG_REQ_GET_MOBILITY(op.flags)});
      live_frames_ += std::uint64_t{1} << op.order;
   }

   std::uint64_t expected_ops() const override { return total_ops_; }

   void report(results::RunCounts & /*counts*/) const override {}

 private:
   bool should_allocate() {
      const PhasePlan &plan = plans_[phase_];
      if (live_.empty() || live_frames_ < plan.low_frames) {
         return true;
      }
      if (live_frames_ > plan.high_frames) {
         return false;
      }
      return (random_.next() >> 63) != 0;
   }

   void fill_alloc(Op &op) {
      const PhasePlan &plan = plans_[phase_];
      std::uint32_t flags = MEMFRAG_REQ_MOBILITY(plan.mobility.pick(random_.next()));
      flags |= plan.atomic.draw(random_.next()) ? MEMFRAG_REQ_ATOMIC : 0u;
      flags |= plan.virt_ok.draw(random_.next()) ? MEMFRAG_REQ_VIRT_OK : 0u;
      op = Op{Op::Kind::alloc,
              plan.orders.pick(random_.next()),
              flags,
              0,
              static_cast<std::uint32_t>(phase_),
              0,
              plan.touch};
   }

   void fill_free(Op &op) {
      LiveBlock victim = take_victim(plans_[phase_].lifetime);
      live_frames_ -= std::uint64_t{1} << victim.order;
      op = Op{Op::Kind::free, victim.order, 0, 0, static_cast<std::uint32_t>(phase_),
              victim.frame,   Touch::none};
   }

   LiveBlock take_victim(Lifetime lifetime) {
      switch (lifetime) {
      case Lifetime::fifo:
         return live_.take_oldest();
      case Lifetime::lifo:
         return live_.take_newest();
      case Lifetime::random:
         break;
      }
      return live_.take_at(uniform_below(random_.next(), live_.size()));
   }

   Xoshiro256 random_;
   std::vector<PhasePlan> plans_;
   std::uint64_t total_ops_;
   std::size_t phase_ = 0;
   std::uint64_t op_index_ = 0;
   LiveBlocks live_;
   std::uint64_t live_frames_ = 0;
};

} // namespace

std::unique_ptr<Driver> make_generator_driver(const GeneratorSpec &spec, std::uint64_t seed) {
   return std::make_unique<GeneratorDriver>(spec, seed);
}

} // namespace memfrag::workload
