// Checks a plugin that declares itself thread-safe (MEMFRAG_ALLOCATOR_THREAD_SAFE) the way the
// host uses it: several threads, each with its own cpu index, calling alloc() and free() at once,
// every block still checked against one shadow map.
#include "core/validate/checked_instance.hpp"
#include "core/validate/checks.hpp"

#include <atomic>
#include <barrier>
#include <mutex>
#include <random>
#include <thread>

namespace memfrag::validate {
namespace {

constexpr std::uint32_t kThreads = 4;
// Steps come in rounds that every thread starts together, so that the threads overlap even
// when a loaded machine would otherwise run them one after the other.
constexpr std::uint32_t kRounds = 80;
constexpr std::uint32_t kStepsPerRound = 250;

// The shared instance and what each thread holds. The plugin is called outside the lock; only
// the host's own records are serialized, so overlapping hand-outs by racing threads are caught.
class SharedInstance {
 public:
   explicit SharedInstance(CheckedInstance &instance) : instance_(instance) {}

   void walk(std::uint64_t seed, std::uint32_t cpu);
   const std::string &failure() const { return failure_; }

 private:
   void step(std::mt19937_64 &random, std::vector<Block> &held, std::uint32_t cpu);
   void give_back(const Block &block, std::uint32_t cpu);
   CheckedInstance &instance_;
   std::barrier<> round_start_{kThreads};
   std::mutex mutex_;
   std::atomic<bool> failed_{false};
   std::string failure_;
};

void SharedInstance::walk(std::uint64_t seed, std::uint32_t cpu) {
   std::mt19937_64 random(seed);
   std::vector<Block> held;
   for (std::uint32_t round = 0; round < kRounds; ++round) {
      // A thread that saw a failure still arrives, or the others would wait for it forever.
      round_start_.arrive_and_wait();
      for (std::uint32_t steps = 0; steps < kStepsPerRound && !failed_.load(); ++steps) {
         step(random, held, cpu);
      }
   }
   // Other threads may still be running: the host's record must say free before the plugin may
   // hand the frames out again.
   for (const Block &block : held) {
      give_back(block, cpu);
   }
}

void SharedInstance::step(std::mt19937_64 &random, std::vector<Block> &held, std::uint32_t cpu) {
   if (!held.empty() && random() % 2 != 0) {
      std::size_t index = random() % held.size();
      Block block = held[index];
      held[index] = held.back();
      held.pop_back();
      give_back(block, cpu);
      return;
   }
   auto order = static_cast<std::uint32_t>(random() % 4);
   std::uint64_t frame = instance_.instance().alloc(order, 0, cpu);
   if (frame == MEMFRAG_NO_FRAME) {
      return;
   }
   std::lock_guard lock(mutex_);
   plugin::ContractBreach breach = instance_.shadow().check_alloc(frame, order);
   if (breach != plugin::ContractBreach::none) {
      failure_ = instance_.info().id + ": cpu " + std::to_string(cpu) + " was handed frame " +
                 std::to_string(frame) + " (order " + std::to_string(order) +
                 "): " + plugin::contract_breach_name(breach);
      failed_.store(true);
      return;
   }
   instance_.shadow().mark_allocated(frame, order);
   held.push_back({frame, order});
}

void SharedInstance::give_back(const Block &block, std::uint32_t cpu) {
   {
      std::lock_guard lock(mutex_);
      instance_.shadow().mark_free(block.frame, block.order);
   }
   instance_.instance().free(block.frame, block.order, cpu);
}

} // namespace

std::string check_concurrency(const CheckContext &context) {
   auto library = context.load();
   std::size_t checked = 0;
   for (const auto *info : context.allocators(*library)) {
      if (!info->thread_safe) {
         continue;
      }
      InstanceSetup setup;
      setup.frames = 16384;
      setup.cpu_count = kThreads;
      CheckedInstance instance(*library, *info, context, setup);
      SharedInstance shared(instance);
      std::vector<std::thread> threads;
      for (std::uint32_t cpu = 0; cpu < kThreads; ++cpu) {
         threads.emplace_back([&shared, &context, cpu] { shared.walk(context.seed + cpu, cpu); });
      }
      for (auto &thread : threads) {
         thread.join();
      }
      if (!shared.failure().empty()) {
         throw CheckFailed(shared.failure() + " (seed " + std::to_string(context.seed) + ")");
      }
      instance.expect_sound("after " + std::to_string(kThreads) + " threads freed every block");
      ++checked;
   }
   if (checked == 0) {
      throw CheckSkipped("no allocator declares MEMFRAG_ALLOCATOR_THREAD_SAFE");
   }
   return std::to_string(kThreads) + " threads with their own cpu index, " +
          std::to_string(kRounds * kStepsPerRound) + " steps each";
}

} // namespace memfrag::validate
