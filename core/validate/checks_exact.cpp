// The exact-size extension's contract (ext/exact.h), for plugins that offer it: seeded walks
// mixing runs of 1 to 40 frames with blocks of orders 0 to 4, every run checked against the
// shadow map (inside the region, overlapping no live run or block), every block too, validate()
// along the way; after freeing everything, order-0 requests get every frame again.
#include "core/validate/checked_instance.hpp"
#include "core/validate/checks.hpp"

#include <random>
#include <string>

namespace memfrag::validate {
namespace {

constexpr int kSteps = 20000;
constexpr int kValidateEvery = 1000;
constexpr std::uint64_t kLongestRun = 40;

struct Run {
   std::uint64_t frame;
   std::uint64_t frames;
};

// Drives runs beside the CheckedInstance's blocks, keeping the host's record of both.
class RunWalk {
 public:
   explicit RunWalk(CheckedInstance &instance) : instance_(instance) {}

   void alloc_run(std::uint64_t frames, std::uint32_t flags) {
      const std::uint64_t frame = instance_.instance().alloc_run(frames, flags, 0);
      if (frame == MEMFRAG_NO_FRAME) {
         return;
      }
      const plugin::ContractBreach breach = instance_.shadow().check_alloc_run(frame, frames);
      if (breach != plugin::ContractBreach::none) {
         throw CheckFailed(instance_.info().id + ": alloc_run() handed out " +
                           std::to_string(frames) + " frames at frame " + std::to_string(frame) +
                           ": " + plugin::contract_breach_name(breach) + " (region of " +
                           std::to_string(instance_.frame_count()) + " frames)");
      }
      instance_.shadow().mark_run_allocated(frame, frames);
      runs_.push_back({frame, frames});
   }

   void free_run_at(std::size_t index) {
      const Run run = runs_[index];
      runs_[index] = runs_.back();
      runs_.pop_back();
      instance_.shadow().mark_run_free(run.frame, run.frames);
      instance_.instance().free_run(run.frame, run.frames, 0);
   }

   void drain() {
      while (!runs_.empty()) {
         free_run_at(runs_.size() - 1);
      }
      instance_.drain();
   }

   std::size_t live_runs() const { return runs_.size(); }
   std::uint64_t served() const { return served_; }
   void count_served() { ++served_; }

 private:
   CheckedInstance &instance_;
   std::vector<Run> runs_;
   std::uint64_t served_ = 0;
};

void walk(CheckedInstance &instance, RunWalk &runs, std::uint64_t seed) {
   std::mt19937_64 random(seed);
   const std::uint64_t frames = instance.frame_count();
   for (int step = 0; step < kSteps; ++step) {
      const std::uint64_t live = frames - instance.shadow().free_frames();
      const bool empty = instance.live().empty() && runs.live_runs() == 0;
      if (empty || live < frames * 3 / 10 || (live < frames * 8 / 10 && random() % 2 == 0)) {
         const std::uint32_t flags =
             MEMFRAG_REQ_MOBILITY(random() % 3) | (random() % 10 == 0 ? MEMFRAG_REQ_ATOMIC : 0u);
         if (random() % 2 == 0) {
            const std::size_t before = runs.live_runs();
            runs.alloc_run(1 + random() % kLongestRun, flags);
            if (runs.live_runs() != before) {
               runs.count_served();
            }
         } else {
            instance.alloc(static_cast<std::uint32_t>(random() % 5), flags);
         }
      } else if (runs.live_runs() != 0 && (instance.live().empty() || random() % 2 == 0)) {
         runs.free_run_at(static_cast<std::size_t>(random() % runs.live_runs()));
      } else {
         instance.free_at(static_cast<std::size_t>(random() % instance.live().size()));
      }
      if (step % kValidateEvery == 0) {
         instance.expect_sound("after step " + std::to_string(step) + " of runs and blocks");
      }
   }
}

} // namespace

std::string check_exact_size(const CheckContext &context) {
   auto library = context.load();
   int checked = 0;
   for (const auto *info : context.allocators(*library)) {
      CheckedInstance instance(*library, *info, context);
      if (!instance.instance().has_exact()) {
         continue;
      }
      RunWalk runs(instance);
      walk(instance, runs, context.seed);
      if (runs.served() == 0) {
         throw CheckFailed(info->id + ": offers the exact-size extension but served no run");
      }
      instance.expect_sound("after the walk of runs and blocks");
      runs.drain();
      instance.expect_sound("after freeing every run and block");
      const std::uint64_t served = instance.fill(0, MEMFRAG_REQ_ATOMIC);
      if (served != instance.frame_count()) {
         throw CheckFailed(info->id + ": after freeing every run and block, order-0 requests got " +
                           std::to_string(served) + " of " +
                           std::to_string(instance.frame_count()) + " frames");
      }
      ++checked;
   }
   if (checked == 0) {
      throw CheckSkipped("no allocator offers the exact-size extension (" MEMFRAG_EXT_EXACT ")");
   }
   return "a walk of " + std::to_string(kSteps) + " steps mixing runs of 1-" +
          std::to_string(kLongestRun) +
          " frames with blocks of orders 0-4, every run and block checked, validate() every " +
          std::to_string(kValidateEvery) + " steps";
}

} // namespace memfrag::validate
