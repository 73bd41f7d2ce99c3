#include "core/validate/random_walk.hpp"

#include <random>
#include <string>

namespace memfrag::validate {
namespace {

// Orders 0..4 as most requests are, one request in twenty of order 5..10.
std::uint32_t random_order(std::mt19937_64 &random) {
   if (random() % 20 == 0) {
      return 5 + static_cast<std::uint32_t>(random() % 6);
   }
   return static_cast<std::uint32_t>(random() % 5);
}

std::uint32_t random_flags(std::mt19937_64 &random) {
   std::uint32_t flags = MEMFRAG_REQ_MOBILITY(random() % 3);
   if (random() % 10 == 0) {
      flags |= MEMFRAG_REQ_ATOMIC;
   }
   if (random() % 4 == 0) {
      flags |= MEMFRAG_REQ_VIRT_OK;
   }
   return flags;
}

bool wants_alloc(const CheckedInstance &instance, std::mt19937_64 &random) {
   std::uint64_t frames = instance.frame_count();
   std::uint64_t live_frames = frames - instance.shadow().free_frames();
   if (instance.live().empty() || live_frames < frames * 3 / 10) {
      return true;
   }
   return live_frames < frames * 8 / 10 && random() % 2 == 0;
}

void take_step(CheckedInstance &instance, std::mt19937_64 &random, const WalkSettings &settings,
               std::vector<std::uint64_t> &handed_out) {
   if (wants_alloc(instance, random)) {
      std::uint32_t order = random_order(random);
      if (auto frame = instance.alloc(order, random_flags(random), settings.cpu)) {
         handed_out.push_back(*frame);
      }
   } else {
      instance.free_at(static_cast<std::size_t>(random() % instance.live().size()), settings.cpu);
   }
}

} // namespace

std::vector<std::uint64_t> random_walk(CheckedInstance &instance, const WalkSettings &settings) {
   std::mt19937_64 random(settings.seed);
   std::vector<std::uint64_t> handed_out;
   for (std::uint32_t step = 0; step < settings.steps; ++step) {
      try {
         take_step(instance, random, settings, handed_out);
      } catch (const CheckFailed &failure) {
         throw CheckFailed(std::string(failure.what()) + ", at step " + std::to_string(step) +
                           " of the walk with seed " + std::to_string(settings.seed));
      }
      if (settings.validate_every != 0 && step % settings.validate_every == 0) {
         instance.expect_sound("after step " + std::to_string(step) + " of the walk with seed " +
                               std::to_string(settings.seed));
      }
   }
   return handed_out;
}

} // namespace memfrag::validate
