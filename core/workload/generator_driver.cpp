#include "core/workload/generator_driver.hpp"

#include "core/workload/live_blocks.hpp"
#include "core/workload/prng.hpp"

#include <algorithm>
#include <bit>
#include <memfrag/allocator.h>
#include <string>

namespace memfrag::workload {
namespace {

// One entry of a phase's size distribution: an order request (bytes 0), or a request sized in
// frames or bytes, which asks for the smallest order holding it from plugins without runs.
struct RequestSize {
   std::uint32_t order = 0;
   std::uint64_t bytes = 0;
   std::uint64_t frames = 0; // frames the request needs
};

constexpr std::uint64_t kFrameBytes = 4096;

RequestSize sized_request(std::uint64_t bytes) {
   const std::uint64_t frames = (bytes + kFrameBytes - 1) / kFrameBytes;
   return {static_cast<std::uint32_t>(std::bit_width(frames - 1)), bytes, frames};
}

// Orders first, then sizes in frames, then in bytes, with their weights side by side: a phase
// without sizes draws exactly as its orders alone always did.
struct SizeTable {
   std::vector<RequestSize> sizes;
   std::vector<std::uint64_t> weights;

   explicit SizeTable(const PhaseSpec &phase) {
      for (std::size_t order = 0; order < phase.order_weights.size(); ++order) {
         add({static_cast<std::uint32_t>(order), 0, std::uint64_t{1} << order},
             phase.order_weights[order]);
      }
      for (const auto &[frames, weight] : phase.frame_weights) {
         add(sized_request(frames * kFrameBytes), weight);
      }
      for (const auto &[bytes, weight] : phase.byte_weights) {
         add(sized_request(bytes), weight);
      }
   }
   void add(const RequestSize &size, std::uint64_t weight) {
      sizes.push_back(size);
      weights.push_back(weight);
   }
};

// A phase turned into what the hot path needs: integer thresholds and sampling tables.
struct PhasePlan {
   explicit PhasePlan(const PhaseSpec &phase, std::uint64_t frames, std::uint64_t start)
       : spec(phase), end_op(start + phase.ops),
         low_frames(fraction_of(phase.occupancy_low, frames)),
         high_frames(fraction_of(phase.occupancy_high, frames)), sizes(phase),
         size_choice(sizes.weights),
         mobility(phase.mobility_weights), atomic(phase.atomic), virt_ok(phase.virt_ok),
         high(phase.high), noreclaim(phase.noreclaim), reread(phase.reread) {}

   static std::uint64_t fraction_of(double fraction, std::uint64_t frames) {
      return static_cast<std::uint64_t>(fraction * static_cast<double>(frames));
   }

   const PhaseSpec &spec;
   std::uint64_t end_op;      // op index where the phase ends
   std::uint64_t low_frames;  // allocate while fewer frames are live
   std::uint64_t high_frames; // free while more frames are live
   SizeTable sizes;
   WeightedChoice size_choice;
   WeightedChoice mobility;
   Chance atomic;
   Chance virt_ok;
   Chance high;
   Chance noreclaim;
   Chance reread;
};

// What a phase with attempts or retries measured, reported as workload figures.
struct PhaseFigures {
   std::uint64_t attempts = 0;
   std::uint64_t attempt_successes = 0;
   std::uint64_t longest_failure_streak = 0;
   std::uint64_t failed_attempts = 0;
   std::uint64_t given_up = 0;
   std::uint64_t burst_requests = 0;
   std::uint64_t burst_failures = 0;
};

std::string figure_prefix(const std::string &phase_name) {
   std::string prefix = phase_name;
   std::replace(prefix.begin(), prefix.end(), '-', '_');
   return prefix + "_";
}

// Adds the figures of each phase with attempts or retries to `counts`.
void report_phase_figures(const std::vector<PhaseSpec> &phases,
                          const std::vector<PhaseFigures> &figures, results::RunCounts &counts);

class GeneratorDriver final : public Driver {
 public:
   GeneratorDriver(const GeneratorSpec &spec, std::uint64_t seed, std::uint32_t cpu = 0)
       : spec_(spec), random_(seed), total_ops_(spec.ops), cpu_(cpu), figures_(spec.phases.size()) {
      std::uint64_t start = 0;
      for (const auto &phase : spec_.phases) {
         plans_.emplace_back(phase, spec_.frames, start);
         start = plans_.back().end_op;
      }
   }

   bool next(Op &op) override {
      if (!held_.empty() && op_index_ == plans_[phase_].end_op) {
         release_held(op);
         op.cpu = cpu_;
         return true;
      }
      while (op_index_ == plans_[phase_].end_op) {
         if (phase_ + 1 == plans_.size()) {
            return false;
         }
         ++phase_;
         burst_left_ = 0;
      }
      ++op_index_;
      fill_next(op);
      op.cpu = cpu_;
      return true;
   }

   void allocated(const Op &op, BlockHandle block) override {
      if (attempting_) {
         note_attempt(block);
         return;
      }
      if (bursting_) {
         note_burst(block);
      } else {
         note_retry(op, block);
      }
      if (block == kNoBlock) {
         return;
      }
      const std::uint64_t frames =
          op.bytes != 0 ? sized_request(op.bytes).frames : std::uint64_t{1} << op.order;
      live_.push({block, op.order, MEMFRAG_REQ_GET_MOBILITY(op.flags), op.data, frames});
      live_frames_ += frames;
   }

   std::uint64_t expected_ops() const override { return total_ops_; }

   void report(results::RunCounts &counts) const override {
      report_phase_figures(spec_.phases, figures_, counts);
   }
   const std::vector<PhaseFigures> &figures() const { return figures_; }

 private:
   void fill_next(Op &op) {
      const PhasePlan &plan = plans_[phase_];
      attempting_ = false;
      bursting_ = false;
      if (plan.spec.kind == PhaseKind::drop_reclaimable) {
         op = Op{};
         op.kind = Op::Kind::drop_reclaimable;
         op.phase = static_cast<std::uint32_t>(phase_);
         op_index_ = plan.end_op; // one operation does the whole phase
      } else if (retrying_) {
         op = retry_op_;
      } else if (attempt_due(plan)) {
         fill_attempt(op);
      } else if (burst_due(plan)) {
         fill_burst(op);
      } else if (should_allocate()) {
         fill_alloc(op);
      } else {
         fill_free(op);
      }
   }

   bool attempt_due(const PhasePlan &plan) const {
      const std::uint64_t phase_op = op_index_ - (plan.end_op - plan.spec.ops);
      return plan.spec.attempt_every != 0 && phase_op % plan.spec.attempt_every == 0;
   }

   // A burst starts every burst_every-th operation and takes the next burst_size ones.
   bool burst_due(const PhasePlan &plan) {
      const std::uint64_t phase_op = op_index_ - (plan.end_op - plan.spec.ops);
      if (plan.spec.burst_every != 0 && phase_op % plan.spec.burst_every == 0) {
         burst_left_ = plan.spec.burst_size;
      }
      if (burst_left_ == 0) {
         return false;
      }
      --burst_left_;
      return true;
   }

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

   // Shares left at 0 draw nothing, so workloads without them keep their streams.
   std::uint32_t optional_flag(const Chance &chance, double share, std::uint32_t flag) {
      return share > 0.0 && chance.draw(random_.next()) ? flag : 0u;
   }

   void fill_alloc(Op &op) {
      const PhasePlan &plan = plans_[phase_];
      std::uint32_t flags = MEMFRAG_REQ_MOBILITY(plan.mobility.pick(random_.next()));
      flags |= plan.atomic.draw(random_.next()) ? MEMFRAG_REQ_ATOMIC : 0u;
      flags |= plan.virt_ok.draw(random_.next()) ? MEMFRAG_REQ_VIRT_OK : 0u;
      const RequestSize &size = plan.sizes.sizes[plan.size_choice.pick(random_.next())];
      op = Op{Op::Kind::alloc,
              size.order,
              flags,
              0,
              static_cast<std::uint32_t>(phase_),
              0,
              plan.spec.touch};
      op.bytes = size.bytes;
      op.flags |= optional_flag(plan.high, plan.spec.high, MEMFRAG_REQ_HIGH);
      op.flags |= optional_flag(plan.noreclaim, plan.spec.noreclaim, MEMFRAG_REQ_NORECLAIM);
      if (MEMFRAG_REQ_GET_MOBILITY(op.flags) == MEMFRAG_MOBILITY_RECLAIMABLE) {
         op.data = data_to_read(plan);
      }
   }

   // New data, or with the phase's reread share data read before and since let go.
   std::uint64_t data_to_read(const PhasePlan &plan) {
      if (plan.spec.reread > 0.0 && plan.reread.draw(random_.next()) && !released_data_.empty()) {
         const std::size_t index = uniform_below(random_.next(), released_data_.size());
         const std::uint64_t data = released_data_[index];
         released_data_[index] = released_data_.back();
         released_data_.pop_back();
         return data;
      }
      return next_data_++;
   }

   void fill_attempt(Op &op) {
      const PhasePlan &plan = plans_[phase_];
      op = Op{};
      op.kind = Op::Kind::alloc;
      op.order = plan.spec.attempt_order;
      op.flags = MEMFRAG_REQ_MOBILITY(MEMFRAG_MOBILITY_MOVABLE);
      op.phase = static_cast<std::uint32_t>(phase_);
      op.touch = plan.spec.touch;
      attempting_ = true;
   }

   void fill_burst(Op &op) {
      const PhasePlan &plan = plans_[phase_];
      op = Op{};
      op.kind = Op::Kind::alloc;
      op.order = plan.spec.burst_order;
      op.flags = MEMFRAG_REQ_MOBILITY(plan.spec.burst_mobility) |
                 (plan.spec.burst_atomic ? MEMFRAG_REQ_ATOMIC : 0u);
      op.phase = static_cast<std::uint32_t>(phase_);
      op.touch = plan.spec.touch;
      if (plan.spec.burst_mobility == MEMFRAG_MOBILITY_RECLAIMABLE) {
         op.data = data_to_read(plan);
      }
      bursting_ = true;
   }

   void note_burst(BlockHandle block) {
      PhaseFigures &figures = figures_[phase_];
      ++figures.burst_requests;
      figures.burst_failures += block == kNoBlock ? 1 : 0;
   }

   void note_attempt(BlockHandle block) {
      PhaseFigures &figures = figures_[phase_];
      ++figures.attempts;
      if (block != kNoBlock) {
         ++figures.attempt_successes;
         const std::uint32_t order = plans_[phase_].spec.attempt_order;
         held_.push_back({block, order, MEMFRAG_MOBILITY_MOVABLE, 0, std::uint64_t{1} << order});
      }
   }

   // Attempts are held to the end of their phase, then freed there.
   void release_held(Op &op) {
      const LiveBlock block = held_.back();
      held_.pop_back();
      op = Op{Op::Kind::free, block.order, 0, 0, static_cast<std::uint32_t>(phase_),
              block.block,    Touch::none};
   }

   void note_retry(const Op &op, BlockHandle block) {
      const PhaseSpec &phase = plans_[phase_].spec;
      PhaseFigures &figures = figures_[phase_];
      if (phase.retry == 0) {
         return;
      }
      if (block != kNoBlock) {
         streak_ = 0;
         retrying_ = false;
         return;
      }
      ++figures.failed_attempts;
      figures.longest_failure_streak = std::max(figures.longest_failure_streak, ++streak_);
      retrying_ = streak_ <= phase.retry;
      if (retrying_) {
         retry_op_ = op;
      } else {
         ++figures.given_up;
         streak_ = 0;
      }
   }

   void fill_free(Op &op) {
      LiveBlock victim = take_victim(plans_[phase_].spec.lifetime);
      live_frames_ -= victim.frames;
      if (victim.mobility == MEMFRAG_MOBILITY_RECLAIMABLE) {
         released_data_.push_back(victim.data);
      }
      op = Op{Op::Kind::free, victim.order, 0, 0, static_cast<std::uint32_t>(phase_),
              victim.block,   Touch::none};
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

   GeneratorSpec spec_;
   Xoshiro256 random_;
   std::vector<PhasePlan> plans_;
   std::uint64_t total_ops_;
   std::uint32_t cpu_;
   std::size_t phase_ = 0;
   std::uint64_t op_index_ = 0;
   LiveBlocks live_;
   std::uint64_t live_frames_ = 0;
   std::vector<LiveBlock> held_; // successful attempts of the current phase
   bool attempting_ = false;
   bool bursting_ = false;
   std::uint64_t burst_left_ = 0; // requests of the current burst still to come
   bool retrying_ = false;
   Op retry_op_;
   std::uint64_t streak_ = 0;
   std::uint64_t next_data_ = 0;
   std::vector<std::uint64_t> released_data_;
   std::vector<PhaseFigures> figures_;
};

void report_phase_figures(const std::vector<PhaseSpec> &phases,
                          const std::vector<PhaseFigures> &all_figures,
                          results::RunCounts &counts) {
   for (std::size_t index = 0; index < phases.size(); ++index) {
      const PhaseSpec &phase = phases[index];
      const PhaseFigures &figures = all_figures[index];
      const std::string prefix = figure_prefix(phase.name);
      const auto add = [&](const char *name, std::uint64_t value) {
         counts.workload_figures.emplace_back(prefix + name, static_cast<double>(value));
      };
      if (phase.attempt_every != 0) {
         add("attempts", figures.attempts);
         add("attempt_successes", figures.attempt_successes);
         const double percent = figures.attempts == 0
                                    ? 0.0
                                    : 100.0 * static_cast<double>(figures.attempt_successes) /
                                          static_cast<double>(figures.attempts);
         counts.workload_figures.emplace_back(prefix + "success_pct", percent);
      }
      if (phase.retry != 0) {
         add("longest_failure_streak", figures.longest_failure_streak);
         add("failed_attempts", figures.failed_attempts);
         add("given_up", figures.given_up);
      }
      if (phase.burst_every != 0) {
         add("burst_requests", figures.burst_requests);
         add("burst_failures", figures.burst_failures);
      }
   }
}

// Lane `lane` of `count` gets this part of `total`: the parts add up to it exactly.
std::uint64_t share_of(std::uint64_t total, std::uint32_t lane, std::uint32_t count) {
   return total * (lane + 1) / count - total * lane / count;
}

GeneratorSpec lane_spec(const GeneratorSpec &spec, std::uint32_t lane, std::uint32_t count) {
   GeneratorSpec part = spec;
   part.frames = share_of(spec.frames, lane, count);
   part.ops = 0;
   for (PhaseSpec &phase : part.phases) {
      phase.ops = share_of(phase.ops, lane, count);
      part.ops += phase.ops;
   }
   return part;
}

class GeneratorLanes final : public Lanes {
 public:
   GeneratorLanes(const GeneratorSpec &spec, std::uint64_t seed, std::uint32_t count)
       : phases_(spec.phases), expected_ops_(spec.ops) {
      for (std::uint32_t lane = 0; lane < count; ++lane) {
         // Lane 0 keeps the seed, so that one lane is the single stream.
         const std::uint64_t lane_seed = lane == 0 ? seed : Xoshiro256(seed + lane).next();
         lanes_.push_back(
             std::make_unique<GeneratorDriver>(lane_spec(spec, lane, count), lane_seed, lane));
      }
   }

   std::uint32_t count() const override { return static_cast<std::uint32_t>(lanes_.size()); }
   Driver &lane(std::uint32_t index) override { return *lanes_.at(index); }
   std::uint64_t expected_ops() const override { return expected_ops_; }

   void report(results::RunCounts &counts) const override {
      std::vector<PhaseFigures> summed(phases_.size());
      for (const auto &lane : lanes_) {
         for (std::size_t index = 0; index < summed.size(); ++index) {
            const PhaseFigures &figures = lane->figures()[index];
            PhaseFigures &sum = summed[index];
            sum.attempts += figures.attempts;
            sum.attempt_successes += figures.attempt_successes;
            sum.longest_failure_streak =
                std::max(sum.longest_failure_streak, figures.longest_failure_streak);
            sum.failed_attempts += figures.failed_attempts;
            sum.given_up += figures.given_up;
            sum.burst_requests += figures.burst_requests;
            sum.burst_failures += figures.burst_failures;
         }
      }
      report_phase_figures(phases_, summed, counts);
   }

 private:
   std::vector<PhaseSpec> phases_;
   std::uint64_t expected_ops_;
   std::vector<std::unique_ptr<GeneratorDriver>> lanes_;
};

} // namespace

std::unique_ptr<Driver> make_generator_driver(const GeneratorSpec &spec, std::uint64_t seed) {
   return std::make_unique<GeneratorDriver>(spec, seed);
}

std::unique_ptr<Lanes> make_generator_lanes(const GeneratorSpec &spec, std::uint64_t seed,
                                            std::uint32_t count) {
   return std::make_unique<GeneratorLanes>(spec, seed, std::max(1u, count));
}

} // namespace memfrag::workload
